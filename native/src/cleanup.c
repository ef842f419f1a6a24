/* The shim's own post-stop work (plan op CLEANUP): kill what is left in the container's cgroups,
 * remove the cgroup trees and the run's files; and its very last act (LEAVE_CGROUP): leave its
 * own cgroup for the pivot and remove it. Missing ones are fine: a tool that found the run
 * dead may have been first. Which files to write is Java's choice (the plan's kill_files, freezer). */
#include "cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, s, strlen(s));
	int saved = errno;
	close(fd);
	errno = saved;
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

static bool file_has(const char *path, const char *text)
{
	char buf[256] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	return n > 0 && strstr(buf, text) != NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* SIGKILL to each pid in dir's cgroup.procs and its children's; returns how many. */
static int kill_tree(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	int killed = 0;
	int pfd = openat(fd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	FILE *f = pfd >= 0 ? fdopen(pfd, "r") : NULL;
	if (f) {
		long pid;
		while (fscanf(f, "%ld", &pid) == 1)
			if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
				killed++;
		fclose(f);
	} else if (pfd >= 0) {
		close(pfd);
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return killed;
	}
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_type == DT_DIR && strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			killed += kill_tree(dirfd(d), de->d_name);
	closedir(d);
	return killed;
}

/* Everything in the cgroups dies, not only init's PID namespace: v2 cgroup.kill where one could
 * be written, else freeze (so that nothing forks meanwhile; at most 2 s: a task in D state can
 * hold a v1 freeze), SIGKILL each pid, thaw. The freezer is a v1 freezer.state (FROZEN/THAWED,
 * done when it reads FROZEN) or, on a cgroup2-only host whose kernel lacks cgroup.kill, a v2
 * cgroup.freeze (1/0, done when the cgroup.events next to it says "frozen 1"). */
static void kill_all(const struct op *op)
{
	bool done = false;
	for (uint32_t i = 0; i < op->cleanup.kill_files.count; i++)
		if (write_str(op->cleanup.kill_files.v[i], "1") == 0)
			done = true;
	if (done)
		return;
	const char *freezer = op->cleanup.freezer;
	bool v2 = ends_with(freezer, "/cgroup.freeze");
	char events[4096] = "";
	if (v2 && (size_t)snprintf(events, sizeof events, "%.*s/cgroup.events",
				   (int)(strlen(freezer) - strlen("/cgroup.freeze")), freezer) >= sizeof events) {
		v2 = false; /* longer than PATH_MAX: no such file; kill unfrozen */
		freezer = "";
	}
	bool frozen = *freezer && write_str(freezer, v2 ? "1" : "FROZEN") == 0;
	for (int i = 0; frozen && i < 200 && !(v2 ? file_has(events, "frozen 1") : file_has(freezer, "FROZEN")); i++)
		sleep_ms(10);
	int killed = 0;
	for (uint32_t i = 0; i < op->cleanup.rmdirs.count; i++)
		killed += kill_tree(AT_FDCWD, op->cleanup.rmdirs.v[i]);
	if (frozen && write_str(freezer, v2 ? "0" : "THAWED") < 0)
		fprintf(stderr, "jlxc-shim: cannot thaw %s: %s\n", freezer, strerror(errno));
	if (killed)
		fprintf(stderr, "jlxc-shim: killed %d process(es) left in the container's cgroups\n", killed);
}

/* A cgroup tree goes with rmdir only, children first: cgroupfs files cannot be unlinked. */
static int rmdir_tree(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	int r = 0;
	struct dirent *de;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		r = rmdir_tree(dirfd(d), de->d_name);
	}
	int saved = errno;
	closedir(d);
	if (r < 0) {
		errno = saved;
		return -1;
	}
	if (unlinkat(parent, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

int cleanup_run(const struct op *op)
{
	int failures = 0;
	kill_all(op);
	for (uint32_t i = 0; i < op->cleanup.rmdirs.count; i++) {
		const char *dir = op->cleanup.rmdirs.v[i];
		int r;
		/* A killed process leaves its cgroup only once reaped: EBUSY until then (at most 5 s). */
		for (int k = 0; (r = rmdir_tree(AT_FDCWD, dir)) < 0 && errno == EBUSY && k < 500; k++)
			sleep_ms(10);
		if (r < 0) {
			fprintf(stderr, "jlxc-shim: cannot remove cgroup %s: %s\n", dir, strerror(errno));
			failures++;
		}
	}
	for (uint32_t i = 0; i < op->cleanup.unlinks.count; i++) {
		const char *file = op->cleanup.unlinks.v[i];
		if (unlink(file) < 0 && errno != ENOENT) {
			fprintf(stderr, "jlxc-shim: cannot remove %s: %s\n", file, strerror(errno));
			failures++;
		}
	}
	return failures;
}

/* A cgroup cannot be removed while a process is in it, the shim included: it moves itself first
 * (writing "0" would mean the writer too, but not on every kernel's v1; its pid is plain). What
 * else is in there (a process the post-stop hooks left behind) makes the rmdir fail: reported,
 * not killed, since it is not the container's. */
int leave_cgroup_run(const struct op *op)
{
	int failures = 0;
	char pid[24];
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	for (uint32_t i = 0; i < op->leave_cgroup.procs.count; i++) {
		const char *procs = op->leave_cgroup.procs.v[i];
		if (write_str(procs, pid) < 0) {
			fprintf(stderr, "jlxc-shim: cannot move to %s: %s\n", procs, strerror(errno));
			failures++;
		}
	}
	for (uint32_t i = 0; i < op->leave_cgroup.rmdirs.count; i++) {
		const char *dir = op->leave_cgroup.rmdirs.v[i];
		int r;
		/* The post-stop command, just reaped, may take a moment to leave it (EBUSY, ≤ 1 s). */
		for (int k = 0; (r = rmdir_tree(AT_FDCWD, dir)) < 0 && errno == EBUSY && k < 100; k++)
			sleep_ms(10);
		if (r < 0) {
			fprintf(stderr, "jlxc-shim: cannot remove cgroup %s: %s\n", dir, strerror(errno));
			failures++;
		}
	}
	return failures;
}
