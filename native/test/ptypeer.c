/* Test helper: ptypeer NAMEFILE OUTFILE SECONDS
 * Plays the terminal at the other end of a CONSOLE_PEER: opens a pty, writes its slave's path
 * to NAMEFILE, then for SECONDS copies its stdin to the master and the master's output to
 * OUTFILE (appended as it comes). */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: ptypeer NAMEFILE OUTFILE SECONDS\n");
		return 2;
	}
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) {
		perror("ptypeer: pty");
		return 1;
	}
	int out = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	FILE *name = fopen(argv[1], "w");
	if (out < 0 || !name || fprintf(name, "%s\n", ptsname(m)) < 0 || fclose(name) != 0) {
		perror("ptypeer: files");
		return 1;
	}
	time_t end = time(NULL) + atoi(argv[3]);
	int in_open = 1;
	char buf[4096];
	while (time(NULL) < end) {
		struct pollfd p[2] = { { .fd = m, .events = POLLIN }, { .fd = 0, .events = in_open ? POLLIN : 0 } };
		if (poll(p, 2, 100) < 0)
			break;
		if (p[0].revents) {
			ssize_t n = read(m, buf, sizeof buf);
			if (n > 0)
				(void)!write(out, buf, (size_t)n);
			else
				usleep(50000); /* EIO while no one has the slave open */
		}
		if (p[1].revents) {
			ssize_t n = read(0, buf, sizeof buf);
			if (n > 0)
				(void)!write(m, buf, (size_t)n);
			else
				in_open = 0;
		}
	}
	return 0;
}
