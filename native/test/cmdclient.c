/* Test client of the shim's command socket:
 *   cmdclient SOCKET get-state          prints "STATE <name> init=<pid> shim=<pid>"
 *   cmdclient SOCKET signal N           prints "RESULT <errno>"
 *   cmdclient SOCKET set-state N        SET_STATE; prints "RESULT <errno>"
 *   cmdclient SOCKET watch              prints "STATE <name>" at every change, then "EOF"
 *   cmdclient SOCKET console TTY [hold SECS | echo TEXT]
 *       prints "CONSOLE_FD errno=<e> tty=<t> fd=<0|1>"; then holds the master for SECS seconds,
 *       or writes TEXT and a newline to it and prints what comes back within a second ("READ <bytes>",
 *       line ends as spaces), or (send TEXT) writes TEXT and a newline and leaves at once
 *   cmdclient SOCKET restart PLANFILE   RESTART, then the Java side of a start on the same connection:
 *       prints "RESULT <errno>" when refused, else each message (LOCKED, CHILD_PID, RUNNING, OP_FAILED,
 *       SHIM_FAILED: their names) and leaves after RUNNING or when the shim closes ("EOF")
 *   cmdclient SOCKET raw TYPE LEN       sends a header only (malformed requests); prints "EOF" when closed
 * Exit code 0 unless the client failed. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "proto.h"

static const char *state_name(uint32_t s)
{
	static const char *names[] = { "?", "STARTING", "RUNNING", "STOPPING", "ABORTING", "FREEZING", "FROZEN", "THAWED" };
	return s < 8 ? names[s] : "?";
}

static int recv_state(int fd, int full)
{
	struct msg m;
	int r = proto_recv(fd, &m, 64);
	if (r == 1) {
		printf("EOF\n");
		return 1;
	}
	if (r < 0 || m.type != MSG_STATE || m.len != 16) {
		printf("BAD\n");
		return -1;
	}
	if (full)
		printf("STATE %s init=%d shim=%d status=%d\n", state_name(get_u32(m.data)), (int)get_u32(m.data + 4),
		       (int)get_u32(m.data + 8), (int)get_u32(m.data + 12));
	else
		printf("STATE %s\n", state_name(get_u32(m.data)));
	fflush(stdout);
	msg_free(&m);
	return 0;
}

static int restart(int fd, const char *plan_path)
{
	static uint8_t plan[1 << 20];
	FILE *f = fopen(plan_path, "rb");
	if (!f)
		return 1;
	size_t plen = fread(plan, 1, sizeof plan, f);
	fclose(f);
	if (proto_send(fd, MSG_RESTART, NULL, 0) < 0)
		return 1;
	struct msg m;
	int r;
	while ((r = proto_recv(fd, &m, 1 << 16)) == 0) {
		static const char *names[] = { [MSG_LOCKED] = "LOCKED", [MSG_CHILD_PID] = "CHILD_PID",
					       [MSG_RUNNING] = "RUNNING", [MSG_OP_FAILED] = "OP_FAILED",
					       [MSG_SHIM_FAILED] = "SHIM_FAILED", [MSG_WARNING] = "WARNING",
					       [MSG_EXITED] = "EXITED" };
		if (m.type == MSG_RESULT && m.len == 4) {
			printf("RESULT %d\n", (int32_t)get_u32(m.data));
			return 0;
		}
		printf("%s\n", m.type < sizeof names / sizeof *names && names[m.type] ? names[m.type] : "?");
		fflush(stdout);
		if (m.type == MSG_LOCKED && proto_send(fd, MSG_PLAN, plan, (uint32_t)plen) < 0)
			return 1;
		if (m.type == MSG_CHILD_PID && proto_send(fd, MSG_GO, NULL, 0) < 0)
			return 1;
		if (m.type == MSG_RUNNING)
			return 0;
		msg_free(&m);
	}
	printf("EOF\n");
	return r == 1 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		printf("CONNECT %s\n", strerror(errno));
		return 1;
	}
	const char *cmd = argv[2];
	if (strcmp(cmd, "get-state") == 0) {
		proto_send(fd, MSG_GET_STATE, NULL, 0);
		return recv_state(fd, 1) == 0 ? 0 : 1;
	}
	if (strcmp(cmd, "watch") == 0) {
		proto_send(fd, MSG_WATCH, NULL, 0);
		int r;
		while ((r = recv_state(fd, 0)) == 0)
			;
		return r == 1 ? 0 : 1;
	}
	if ((strcmp(cmd, "signal") == 0 || strcmp(cmd, "set-state") == 0) && argc == 4) {
		proto_send_i32(fd, cmd[1] == 'i' ? MSG_SIGNAL : MSG_SET_STATE, atoi(argv[3]));
		struct msg m;
		if (proto_recv(fd, &m, 64) != 0 || m.type != MSG_RESULT || m.len != 4)
			return 1;
		printf("RESULT %d\n", (int32_t)get_u32(m.data));
		return 0;
	}
	if (strcmp(cmd, "restart") == 0 && argc == 4)
		return restart(fd, argv[3]);
	if (strcmp(cmd, "raw") == 0 && argc == 5) {
		uint8_t head[8];
		put_u32(head, (uint32_t)atoi(argv[3]));
		put_u32(head + 4, (uint32_t)atoi(argv[4]));
		if (write(fd, head, 8) != 8)
			return 1;
		char c;
		ssize_t n = read(fd, &c, 1);
		printf(n == 0 ? "EOF\n" : "ANSWER\n");
		return 0;
	}
	if (strcmp(cmd, "console") == 0 && argc >= 4) {
		proto_send_i32(fd, MSG_CONSOLE, atoi(argv[3]));
		struct msg m;
		int master = -1;
		unsigned nfds = 0;
		if (proto_recv_fds(fd, &m, 64, &master, 1, &nfds) != 0 || m.type != MSG_CONSOLE_FD || m.len != 8)
			return 1;
		printf("CONSOLE_FD errno=%d tty=%d fd=%u\n", (int32_t)get_u32(m.data), (int32_t)get_u32(m.data + 4), nfds);
		fflush(stdout);
		if (argc == 6 && strcmp(argv[4], "hold") == 0)
			sleep((unsigned)atoi(argv[5]));
		if (argc == 6 && strcmp(argv[4], "send") == 0 && master >= 0)
			return write(master, argv[5], strlen(argv[5])) < 0 || write(master, "\n", 1) != 1;
		if (argc == 6 && strcmp(argv[4], "echo") == 0 && master >= 0) {
			if (write(master, argv[5], strlen(argv[5])) < 0 || write(master, "\n", 1) != 1)
				return 1;
			char buf[4096];
			size_t got = 0;
			struct pollfd p = { .fd = master, .events = POLLIN };
			while (got < sizeof buf && poll(&p, 1, 1000) > 0) {
				ssize_t n = read(master, buf + got, sizeof buf - got);
				if (n <= 0)
					break;
				got += (size_t)n;
			}
			printf("READ ");
			for (size_t i = 0; i < got; i++)
				putchar(buf[i] == '\r' || buf[i] == '\n' ? ' ' : buf[i]);
			putchar('\n');
		}
		return 0;
	}
	return 2;
}
