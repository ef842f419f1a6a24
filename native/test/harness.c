/* Test helper playing jlxc's Java side of the sync socket:
 *   harness SHIM PLANFILE LOG [nogo]
 * starts `SHIM run --sync SOCKET`, sends the plan, answers CHILD_PID with GO (or, with "nogo",
 * closes the socket instead) and writes every message it gets to LOG, one line each, then
 * "SHIM_EXIT <code>". Its exit code is 0 unless the harness itself failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "proto.h"

static void put_str(FILE *f, const uint8_t *p, uint32_t len)
{
	fputc('"', f);
	for (uint32_t i = 0; i < len; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?', f);
	fputc('"', f);
}

/* Checks the payload shape while printing it: message type, then fields. */
static int log_msg(FILE *f, const struct msg *m)
{
	const uint8_t *d = m->data;
	switch (m->type) {
	case MSG_CHILD_PID:
		if (m->len != 4)
			return -1;
		fprintf(f, "CHILD_PID\n");
		return 0;
	case MSG_RUNNING:
		fprintf(f, "RUNNING\n");
		return m->len == 0 ? 0 : -1;
	case MSG_EXITED:
		if (m->len != 4)
			return -1;
		fprintf(f, "EXITED status=0x%04x\n", get_u32(d));
		return 0;
	case MSG_OP_FAILED:
	case MSG_WARNING:
		if (m->len < 12 || get_u32(d + 8) != m->len - 12)
			return -1;
		fprintf(f, "%s index=%u errno=%d detail=", m->type == MSG_WARNING ? "WARNING" : "OP_FAILED", get_u32(d),
			(int32_t)get_u32(d + 4));
		put_str(f, d + 12, m->len - 12);
		fputc('\n', f);
		return 0;
	case MSG_SHIM_FAILED:
		if (m->len < 8 || get_u32(d + 4) != m->len - 8)
			return -1;
		fprintf(f, "SHIM_FAILED errno=%d what=", (int32_t)get_u32(d));
		put_str(f, d + 8, m->len - 8);
		fputc('\n', f);
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: harness SHIM PLANFILE LOG [nogo]\n");
		return 2;
	}
	int go = !(argc > 4 && strcmp(argv[4], "nogo") == 0);
	FILE *pf = fopen(argv[2], "rb");
	static uint8_t plan[1 << 20];
	size_t plen = pf ? fread(plan, 1, sizeof plan, pf) : 0;
	if (!pf) {
		perror(argv[2]);
		return 2;
	}
	fclose(pf);
	FILE *log = fopen(argv[3], "w");
	if (!log) {
		perror(argv[3]);
		return 2;
	}
	setvbuf(log, NULL, _IOLBF, 0);

	char dir[] = "/tmp/jlxc-harness.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sync", dir);
	int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 1) < 0) {
		perror("listen");
		return 2;
	}
	pid_t shim = fork();
	if (shim == 0) {
		execl(argv[1], "jlxc-shim", "run", "--sync", sa.sun_path, (char *)NULL);
		perror(argv[1]);
		_exit(127);
	}
	int fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	close(ls);
	unlink(sa.sun_path);
	rmdir(dir);
	int rc = 0;
	if (fd < 0 || proto_send(fd, MSG_PLAN, plan, (uint32_t)plen) < 0) {
		perror("harness: send PLAN");
		rc = 1;
	}
	struct msg m;
	while (fd >= 0 && proto_recv(fd, &m, 1 << 20) == 0) {
		if (log_msg(log, &m) < 0) {
			fprintf(log, "BAD message type=%u len=%u\n", m.type, m.len);
			rc = 1;
		}
		if (m.type == MSG_CHILD_PID) {
			if (!go) {
				close(fd);
				fd = -1;
			} else if (proto_send(fd, MSG_GO, NULL, 0) < 0) {
				perror("harness: send GO");
				rc = 1;
			}
		}
		msg_free(&m);
	}
	if (fd >= 0)
		close(fd);
	int status;
	if (waitpid(shim, &status, 0) != shim) {
		perror("waitpid");
		return 2;
	}
	fprintf(log, "SHIM_EXIT %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fclose(log);
	return rc;
}
