/* Test helper playing jlxc's Java side of the sync socket:
 *   harness [--rundir DIR] [--daemon] [--pidfile FILE] [--nogo] [--stop-at-start-host] [--done-delay SECS]
 *           [--reboot N] SHIM PLANFILE LOG
 * starts `SHIM run --sync SOCKET --rundir DIR ...` (DIR a temporary directory unless given), sends
 * the plan, answers CHILD_PID with GO (or, with --nogo, closes the socket instead), START_HOST with
 * CONTINUE (or, with --stop-at-start-host, closes the socket) and EXITED with DONE (after SECS
 * seconds; the first N times with the plan again: a reboot), and writes every message it gets to LOG, one line each, then
 * "SHIM_EXIT <code>". With --daemon it closes the socket after RUNNING, writes "DETACHED" and
 * leaves without waiting for the shim. Its exit code is 0 unless the harness itself failed. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include "proto.h"

static pid_t shim;

static void put_str(FILE *f, const uint8_t *p, uint32_t len)
{
	fputc('"', f);
	for (uint32_t i = 0; i < len; i++)
		fputc(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?', f);
	fputc('"', f);
}

/* --daemon: the shim forks away, so LOCKED carries another pid than the one started. */
static bool daemon_mode;

/* Checks the payload shape while printing it: message type, then fields. */
static int log_msg(FILE *f, const struct msg *m)
{
	const uint8_t *d = m->data;
	switch (m->type) {
	case MSG_LOCKED:
		if (m->len != 4)
			return -1;
		/* A daemon's shim forks away from the process we started: its pid is its child's. */
		if ((pid_t)get_u32(d) == shim || (daemon_mode && get_u32(d) != 0))
			fprintf(f, "LOCKED\n");
		else
			fprintf(f, "LOCKED pid=%d, not the shim's %d\n", (int)get_u32(d), (int)shim);
		return 0;
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
	case MSG_START_HOST:
		if (m->len != 4)
			return -1;
		fprintf(f, "START_HOST index=%u\n", get_u32(d));
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

static int usage(void)
{
	fprintf(stderr, "usage: harness [--rundir DIR] [--daemon] [--pidfile FILE] [--nogo] [--done-delay SECS] "
			"[--reboot N] SHIM PLANFILE LOG\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *rundir = NULL, *pidfile = NULL;
	bool go = true, daemon = false, stop_at_start_host = false;
	unsigned done_delay = 0, reboots = 0;
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--nogo") == 0)
			go = false;
		else if (strcmp(argv[i], "--stop-at-start-host") == 0)
			stop_at_start_host = true;
		else if (strcmp(argv[i], "--daemon") == 0)
			daemon = daemon_mode = true;
		else if (strcmp(argv[i], "--rundir") == 0 && i + 1 < argc)
			rundir = argv[++i];
		else if (strcmp(argv[i], "--pidfile") == 0 && i + 1 < argc)
			pidfile = argv[++i];
		else if (strcmp(argv[i], "--reboot") == 0 && i + 1 < argc)
			reboots = (unsigned)atoi(argv[++i]);
		else if (strcmp(argv[i], "--done-delay") == 0 && i + 1 < argc)
			done_delay = (unsigned)atoi(argv[++i]);
		else
			return usage();
	}
	if (argc - i != 3)
		return usage();
	const char *shim_path = argv[i], *plan_path = argv[i + 1], *log_path = argv[i + 2];
	FILE *pf = fopen(plan_path, "rb");
	static uint8_t plan[1 << 20];
	size_t plen = pf ? fread(plan, 1, sizeof plan, pf) : 0;
	if (!pf) {
		perror(plan_path);
		return 2;
	}
	fclose(pf);
	FILE *log = fopen(log_path, "w");
	if (!log) {
		perror(log_path);
		return 2;
	}
	setvbuf(log, NULL, _IOLBF, 0);

	char dir[] = "/tmp/jlxc-harness.XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	char own_rundir[64];
	if (!rundir) {
		snprintf(own_rundir, sizeof own_rundir, "%s/run", dir);
		if (mkdir(own_rundir, 0700) < 0) {
			perror(own_rundir);
			return 2;
		}
		rundir = own_rundir;
	}
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s/sync", dir);
	int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (ls < 0 || bind(ls, (struct sockaddr *)&sa, sizeof sa) < 0 || listen(ls, 1) < 0) {
		perror("listen");
		return 2;
	}
	shim = fork();
	if (shim == 0) {
		const char *args[12] = { "jlxc-shim", "run", "--sync", sa.sun_path, "--rundir", rundir };
		int n = 6;
		if (daemon)
			args[n++] = "--daemon";
		if (pidfile) {
			args[n++] = "--pidfile";
			args[n++] = pidfile;
		}
		execv(shim_path, (char **)args);
		perror(shim_path);
		_exit(127);
	}
	int fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	close(ls);
	unlink(sa.sun_path);
	int rc = 0;
	/* A shim that failed at once (the lock) may have closed before reading the plan. */
	if (fd < 0 || (proto_send(fd, MSG_PLAN, plan, (uint32_t)plen) < 0 && errno != EPIPE && errno != ECONNRESET)) {
		perror("harness: send PLAN");
		rc = 1;
	}
	struct msg m;
	bool detached = false;
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
		} else if (m.type == MSG_START_HOST) {
			/* --stop-at-start-host: as Java after a failed start-host hook. */
			if (stop_at_start_host) {
				close(fd);
				fd = -1;
			} else if (proto_send(fd, MSG_CONTINUE, NULL, 0) < 0) {
				perror("harness: send CONTINUE");
				rc = 1;
			}
		} else if (m.type == MSG_RUNNING && daemon) {
			close(fd);
			fd = -1;
			detached = true;
		} else if (m.type == MSG_EXITED && reboots > 0) {
			reboots--;
			if (proto_send(fd, MSG_PLAN, plan, (uint32_t)plen) < 0) {
				perror("harness: send PLAN");
				rc = 1;
			}
		} else if (m.type == MSG_EXITED) {
			sleep(done_delay);
			if (proto_send(fd, MSG_DONE, NULL, 0) < 0) {
				perror("harness: send DONE");
				rc = 1;
			}
		}
		msg_free(&m);
	}
	if (fd >= 0)
		close(fd);
	if (detached) {
		fprintf(log, "DETACHED\n");
		fclose(log);
		return rc; /* the shim goes on; the test removes the directories */
	}
	int status;
	if (waitpid(shim, &status, 0) != shim) {
		perror("waitpid");
		return 2;
	}
	fprintf(log, "SHIM_EXIT %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	fclose(log);
	if (rundir == own_rundir) {
		char p[128];
		snprintf(p, sizeof p, "%s/lock", own_rundir);
		unlink(p);
		snprintf(p, sizeof p, "%s/shim.log", own_rundir);
		unlink(p);
		rmdir(own_rundir);
	}
	rmdir(dir);
	return rc;
}
