#include "rundir.h"

#include <stdbool.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "init.h"

static int absolute(char out[PATH_MAX], const char *path, struct err *e)
{
	char cwd[PATH_MAX];
	int n;
	if (path[0] == '/')
		n = snprintf(out, PATH_MAX, "%s", path);
	else if (!getcwd(cwd, sizeof cwd))
		return fail(e, errno, "getcwd");
	else
		n = snprintf(out, PATH_MAX, "%s/%s", cwd, path);
	if (n < 0 || n >= PATH_MAX)
		return fail(e, ENAMETOOLONG, "%s", path);
	return 0;
}

int rundir_init(struct rundir *r, const char *dir, const char *pidfile, struct err *e)
{
	r->lock = -1;
	r->owned = false;
	r->pidfile[0] = 0;
	if (absolute(r->dir, dir, e) < 0 || (pidfile && absolute(r->pidfile, pidfile, e) < 0))
		return -1;
	if (snprintf(r->command, PATH_MAX, "%s/command", r->dir) >= PATH_MAX ||
	    snprintf(r->log, PATH_MAX, "%s/shim.log", r->dir) >= PATH_MAX ||
	    snprintf(r->pidfile_record, PATH_MAX, "%s/pidfile", r->dir) >= PATH_MAX ||
	    snprintf(r->state, PATH_MAX, "%s/state", r->dir) >= PATH_MAX)
		return fail(e, ENAMETOOLONG, "%s", r->dir);
	return 0;
}


/* Whether the lock's current holder is another jlxc-shim (a monitor), not a probing tool. */
static bool held_by_shim(int fd)
{
	struct flock q = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	if (fcntl(fd, F_GETLK, &q) < 0 || q.l_type == F_UNLCK || q.l_type == F_RDLCK)
		return false;
	char path[64], comm[32] = "";
	snprintf(path, sizeof path, "/proc/%d/comm", (int)q.l_pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	bool shim = fgets(comm, sizeof comm, f) && strncmp(comm, "jlxc-shim", 9) == 0;
	fclose(f);
	return shim;
}

int rundir_lock(struct rundir *r, struct err *e)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/lock", r->dir) >= (int)sizeof path)
		return fail(e, ENAMETOOLONG, "%s", r->dir);
	r->lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (r->lock < 0)
		return fail(e, errno, "open(%s)", path);
	/* A process-associated lock (not OFD): it is what Java's FileChannel.tryLock tests, and
	 * it is not inherited by the container's init or the ON_EXIT command. */
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	/* Tools probe the lock by taking it for a moment (a read lock; a write lock while they
	 * clean up after a dead shim). Only another shim holds it for good: give up at once when
	 * the holder is one, retry for up to 2 s otherwise. */
	for (int tries = 0; fcntl(r->lock, F_SETLK, &fl) < 0; tries++) {
		int err = errno == EACCES ? EAGAIN : errno;
		if (err != EAGAIN || tries >= 200 || held_by_shim(r->lock))
			return fail(e, err, "lock");
		usleep(10000);
	}
	r->owned = true;
	return 0;
}

static int write_file(const char *path, const char *text, struct err *e)
{
	autoclose int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return fail(e, errno, "open(%s)", path);
	ssize_t n = (ssize_t)strlen(text);
	if (write(fd, text, (size_t)n) != n)
		return fail(e, errno, "write(%s)", path);
	return 0;
}

int rundir_write_pidfile(struct rundir *r, struct err *e)
{
	if (!r->pidfile[0])
		return 0;
	char buf[32 + PATH_MAX];
	snprintf(buf, sizeof buf, "%d\n", (int)getpid());
	if (write_file(r->pidfile, buf, e) < 0)
		return -1;
	/* The record of it, for whoever finds this shim dead (killed: it removed nothing): the
	 * pidfile is removed then only if it still holds this pid. */
	snprintf(buf, sizeof buf, "%d\n%s\n", (int)getpid(), r->pidfile);
	return write_file(r->pidfile_record, buf, e);
}

int rundir_daemonize(struct rundir *r, struct err *e)
{
	if (setsid() < 0)
		return fail(e, errno, "setsid");
	autoclose int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return fail(e, errno, "open(/dev/null)");
	autoclose int log = open(r->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (log < 0)
		return fail(e, errno, "open(%s)", r->log);
	if (dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(log, STDERR_FILENO) < 0)
		return fail(e, errno, "dup2");
	if (chdir("/") < 0)
		return fail(e, errno, "chdir(/)");
	return 0;
}

void rundir_record_exit(struct rundir *r, int status)
{
	char path[PATH_MAX + 8], text[16];
	if (!r->owned)
		return;
	snprintf(path, sizeof path, "%s/exit", r->dir);
	snprintf(text, sizeof text, "%d\n", status);
	if (replace_file(path, text) < 0)
		fprintf(stderr, "jlxc-shim: cannot record the exit status in %s: %s\n", path, strerror(errno));
}

void rundir_cleanup(struct rundir *r)
{
	if (!r->owned)
		return;
	unlink(r->command);
	unlink(r->state);
	if (r->pidfile[0]) {
		unlink(r->pidfile);
		unlink(r->pidfile_record);
	}
}

pid_t run_on_exit(struct rundir *r, char *const argv[], int status, const sigset_t *mask, int *pidfd,
		  struct err *e)
{
	pid_t pid = fork();
	if (pid < 0)
		return fail(e, errno, "fork(on_exit)");
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, mask, NULL);
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		int log = open(r->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
		}
		if (log >= 0)
			dup2(log, STDERR_FILENO);
		char value[16];
		snprintf(value, sizeof value, "%d", status);
		setenv("JLXC_EXIT_STATUS", value, 1);
		extern char **environ;
		exec_search(argv, environ);
		fprintf(stderr, "jlxc-shim: on_exit %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	*pidfd = (int)syscall(SYS_pidfd_open, pid, 0); /* -1: the caller waits without serving */
	return pid;
}
