#include "attach.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mount.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "console.h"
#include "ops.h"
#include "util.h"

#define MAX_NS 8
#define MAX_CGROUPS 32

struct attach_opts {
	const char *name; /* the container, for messages */
	const char *pid;  /* its init's host pid */
	const char *ns[MAX_NS];
	int nns;
	const char *cgroups[MAX_CGROUPS]; /* v1 directories: the pid goes to DIR/cgroup.procs */
	int ncgroups;
	const char *leaf; /* the cgroup2 directory: the pid goes to its leaf DIR/.lxc, as LXC 5 */
	bool drop_caps;
	uint64_t cap_mask;
	uid_t uid;
	gid_t gid;
	bool remount;     /* -R: a private mount namespace with /proc and /sys of the joined ones */
	const char *cwd;  /* tried; the namespace's root (or where we are) when it does not exist */
	bool sh_fallback; /* the command is the user's shell: /bin/sh when it cannot run */
	bool pty;         /* a pty from the joined devpts on the std fds that are terminals, relayed */
	const char *pty_log; /* -L: the pty's output appended there too */
	char **argv;
};

static const char *prog = "lxc-attach";

__attribute__((format(printf, 2, 3))) static void say(const struct attach_opts *o, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: %s: ", prog, o->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int usage(void)
{
	fprintf(stderr, "usage: jlxc-shim attach --name NAME --pid PID [--ns TYPE]... [--cgroup DIR]...\n"
			"           [--cgroup-leaf DIR] [--cap-drop HEXMASK] [--uid N] [--gid N] [--remount-sys-proc]\n"
			"           [--cwd DIR] [--shell] [--pty [--pty-log FILE]] -- COMMAND [ARG...]\n");
	return 2;
}

static bool parse_u32(const char *s, uint32_t *v)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (errno || end == s || *end || n > UINT32_MAX - 1 || s[0] == '-')
		return false;
	*v = (uint32_t)n;
	return true;
}

static int parse(char **argv, struct attach_opts *o)
{
	for (; *argv; argv++) {
		const char *a = *argv;
		const char *v = argv[1];
		uint32_t n;
		if (strcmp(a, "--") == 0) {
			o->argv = argv + 1;
			break;
		} else if (strcmp(a, "--remount-sys-proc") == 0) {
			o->remount = true;
			continue;
		} else if (strcmp(a, "--shell") == 0) {
			o->sh_fallback = true;
			continue;
		} else if (strcmp(a, "--pty") == 0) {
			o->pty = true;
			continue;
		}
		if (!v)
			return -1;
		argv++;
		if (strcmp(a, "--name") == 0) {
			o->name = v;
		} else if (strcmp(a, "--pid") == 0) {
			if (!parse_u32(v, &n) || n == 0)
				return -1;
			o->pid = v;
		} else if (strcmp(a, "--ns") == 0) {
			if (o->nns == MAX_NS || strchr(v, '/'))
				return -1;
			o->ns[o->nns++] = v;
		} else if (strcmp(a, "--cgroup") == 0) {
			if (o->ncgroups == MAX_CGROUPS)
				return -1;
			o->cgroups[o->ncgroups++] = v;
		} else if (strcmp(a, "--cgroup-leaf") == 0) {
			o->leaf = v;
		} else if (strcmp(a, "--cap-drop") == 0) {
			char *end;
			errno = 0;
			o->cap_mask = strtoull(v, &end, 16);
			if (errno || end == v || *end)
				return -1;
			o->drop_caps = true;
		} else if (strcmp(a, "--uid") == 0) {
			if (!parse_u32(v, &n))
				return -1;
			o->uid = n;
		} else if (strcmp(a, "--gid") == 0) {
			if (!parse_u32(v, &n))
				return -1;
			o->gid = n;
		} else if (strcmp(a, "--cwd") == 0) {
			o->cwd = v;
		} else if (strcmp(a, "--pty-log") == 0) {
			o->pty_log = v;
		} else {
			return -1;
		}
	}
	return o->name && o->pid && o->argv && o->argv[0] ? 0 : -1;
}

static unsigned long ns_flag(const char *name)
{
	static const struct { const char *name; unsigned long flag; } kinds[] = {
		{ "user", CLONE_NEWUSER }, { "mnt", CLONE_NEWNS }, { "pid", CLONE_NEWPID },
		{ "uts", CLONE_NEWUTS }, { "ipc", CLONE_NEWIPC }, { "net", CLONE_NEWNET },
		{ "cgroup", CLONE_NEWCGROUP }, { "time", 0x00000080 /* CLONE_NEWTIME */ },
	};
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (strcmp(kinds[i].name, name) == 0)
			return kinds[i].flag;
	return 0;
}

/* The cgroup.procs files to write the child's pid to, opened before the mount namespace
 * changes (the paths are the host's). For the cgroup2 directory, as LXC 5: its leaf `.lxc`
 * (made if missing, and kept: the container's cgroup goes with its stop), else the directory. */
struct cgroup_fds {
	int v1[MAX_CGROUPS];
	int leaf, leaf_dir;
};

static int open_cgroups(const struct attach_opts *o, struct cgroup_fds *c)
{
	char path[4096];
	for (int i = 0; i < o->ncgroups; i++) {
		snprintf(path, sizeof path, "%s/cgroup.procs", o->cgroups[i]);
		c->v1[i] = open(path, O_WRONLY | O_CLOEXEC);
		if (c->v1[i] < 0) {
			say(o, "cannot open %s: %s", path, strerror(errno));
			return -1;
		}
	}
	if (o->leaf) {
		snprintf(path, sizeof path, "%s/.lxc", o->leaf);
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			say(o, "cannot create the leaf cgroup %s: %s", path, strerror(errno));
			return -1;
		}
		snprintf(path, sizeof path, "%s/.lxc/cgroup.procs", o->leaf);
		c->leaf = open(path, O_WRONLY | O_CLOEXEC);
		snprintf(path, sizeof path, "%s/cgroup.procs", o->leaf);
		c->leaf_dir = open(path, O_WRONLY | O_CLOEXEC);
		if (c->leaf < 0 && c->leaf_dir < 0) {
			say(o, "cannot open %s: %s", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int write_pid(int fd, pid_t pid)
{
	char buf[16];
	int n = snprintf(buf, sizeof buf, "%d", (int)pid);
	return fd >= 0 && write(fd, buf, (size_t)n) == n ? 0 : -1;
}

static int join_cgroups(const struct attach_opts *o, const struct cgroup_fds *c, pid_t pid)
{
	for (int i = 0; i < o->ncgroups; i++) {
		if (write_pid(c->v1[i], pid) < 0) {
			say(o, "cannot move %d into %s: %s", (int)pid, o->cgroups[i], strerror(errno));
			return -1;
		}
	}
	if (o->leaf && write_pid(c->leaf, pid) < 0 && write_pid(c->leaf_dir, pid) < 0) {
		say(o, "cannot move %d into %s: %s", (int)pid, o->leaf, strerror(errno));
		return -1;
	}
	return 0;
}

/* -R, as LXC: a mount namespace of our own in which /proc and /sys show the joined ones. */
static int remount_sys_proc(const struct attach_opts *o)
{
	if (unshare(CLONE_NEWNS) < 0) {
		say(o, "unshare(CLONE_NEWNS): %s", strerror(errno));
		return -1;
	}
	/* Nothing of ours may reach the mount namespace we came from. */
	if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) < 0)
		say(o, "cannot make / a slave mount: %s (continuing)", strerror(errno));
	if (umount2("/proc", MNT_DETACH) < 0 || mount("proc", "/proc", "proc", 0, NULL) < 0) {
		say(o, "cannot remount /proc: %s", strerror(errno));
		return -1;
	}
	/* /sys only when it was a mount point (EINVAL: it was not). */
	int r = umount2("/sys", MNT_DETACH);
	if ((r < 0 && errno != EINVAL) || (r == 0 && mount("sysfs", "/sys", "sysfs", 0, NULL) < 0)) {
		say(o, "cannot remount /sys: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The exit code of a command that could not run, as LXC's lxc_attach_run_command (and a shell). */
static int exec_failure_code(int err)
{
	return err == ENOENT ? 127 : err == EACCES || err == ENOEXEC ? 126 : 1;
}

/* As LXC's lxc_terminal_prepare_login: a session of its own whose controlling terminal is the
 * pty, on each standard fd that was a terminal (a pipe stays a pipe). Before the ids change. */
static int take_pty(const struct attach_opts *o, const char *slave_path)
{
	if (setsid() < 0) {
		say(o, "setsid: %s", strerror(errno));
		return -1;
	}
	int fd = open(slave_path, O_RDWR | O_CLOEXEC);
	if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0) {
		say(o, "cannot take %s as the terminal: %s", slave_path, strerror(errno));
		return -1;
	}
	for (int i = 0; i <= 2; i++)
		if (isatty(i) && dup2(fd, i) < 0) {
			say(o, "dup2: %s", strerror(errno));
			return -1;
		}
	close(fd);
	return 0;
}

__attribute__((noreturn)) static void child(const struct attach_opts *o, int go, const char *slave_path)
{
	char byte;
	ssize_t n;
	while ((n = read(go, &byte, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		_exit(1); /* the parent could not place us: it said why */
	close(go);
	if (slave_path && take_pty(o, slave_path) < 0)
		_exit(1);
	if (o->remount && remount_sys_proc(o) < 0)
		_exit(1);
	struct err e = { 0 };
	if (o->drop_caps && cap_bound_drop(o->cap_mask, &e) < 0) {
		say(o, "%s: %s", e.what, strerror(e.errnum));
		_exit(1);
	}
	if (setgroups(0, NULL) < 0 && errno != EPERM) {
		say(o, "setgroups: %s", strerror(errno));
		_exit(1);
	}
	if (setresgid(o->gid, o->gid, o->gid) < 0) {
		say(o, "cannot change to gid %u: %s", (unsigned)o->gid, strerror(errno));
		_exit(1);
	}
	if (setresuid(o->uid, o->uid, o->uid) < 0) {
		say(o, "cannot change to uid %u: %s", (unsigned)o->uid, strerror(errno));
		_exit(1);
	}
	/* As LXC: a directory missing inside leaves us where setns put us (the mount namespace's root). */
	if (o->cwd)
		(void)!chdir(o->cwd);
	execvp(o->argv[0], o->argv);
	int err = errno;
	if (o->sh_fallback) {
		char *sh[] = { "/bin/sh", NULL };
		execv(sh[0], sh);
	}
	say(o, "Failed to exec \"%s\": %s", o->argv[0], strerror(err));
	_exit(exec_failure_code(err));
}

static volatile pid_t child_pid;
static volatile sig_atomic_t child_own_session;

/* A signal sent to us (kill, lxc-stop's caller...) is the command's. Without a pty, one the
 * terminal sent to the foreground process group already reached it (it is in our group): not
 * twice. With one, the command has a session of its own: the caller's terminal's hang-up too. */
static void forward(int sig, siginfo_t *si, void *uctx)
{
	(void)uctx;
	if (child_pid > 0 && (child_own_session || si->si_code != SI_KERNEL))
		kill(child_pid, sig);
}

/* With a pty: relays the caller's terminal and the pty (raw mode, window size) until the
 * command ends; returns its wait status, or -1 after a message. */
static int relay(const struct attach_opts *o, struct console *con, pid_t pid)
{
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGWINCH);
	autoclose int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sfd < 0) {
		say(o, "signalfd: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		int status;
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid) {
			console_drain(con);
			return status;
		}
		struct pollfd p[3] = { { .fd = sfd, .events = POLLIN }, { .fd = con->master, .events = POLLIN },
				       { .fd = con->in, .events = POLLIN } };
		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			say(o, "poll: %s", strerror(errno));
			return -1;
		}
		if (p[0].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == sizeof si && si.ssi_signo == SIGWINCH)
				console_resize(con);
		}
		if (p[1].revents && console_pump_out(con)) {
			close(con->master); /* every slave closed (EIO): only the exit is left to wait for */
			con->master = -1;
		}
		if (p[2].revents && console_pump_in(con)) {
			con->in = -1;
			/* The caller's terminal is gone: hang up the command's, as a terminal would. */
			if (isatty(STDIN_FILENO) && con->master >= 0) {
				close(con->master);
				con->master = -1;
			}
		}
	}
}

int attach_main(char **argv)
{
	struct attach_opts o = { .name = "?" };
	if (parse(argv, &o) < 0)
		return usage();
	/* The JVM that exec'ed us leaves its own fds open and may have blocked signals. */
	close_range(3, ~0U, 0);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	int nsfd[MAX_NS];
	for (int i = 0; i < o.nns; i++) {
		char path[64];
		snprintf(path, sizeof path, "/proc/%s/ns/%s", o.pid, o.ns[i]);
		nsfd[i] = open(path, O_RDONLY | O_CLOEXEC);
		if (nsfd[i] < 0 || !ns_flag(o.ns[i])) {
			say(&o, "cannot open %s: %s", path, nsfd[i] < 0 ? strerror(errno) : "unknown namespace");
			return 1;
		}
	}
	struct cgroup_fds cg;
	memset(&cg, 0xff, sizeof cg);
	if (open_cgroups(&o, &cg) < 0)
		return 1;
	for (int i = 0; i < o.nns; i++) {
		if (setns(nsfd[i], (int)ns_flag(o.ns[i])) < 0) {
			say(&o, "cannot join the %s namespace of %s: %s", o.ns[i], o.pid, strerror(errno));
			return 1;
		}
		close(nsfd[i]);
	}
	/* The pty from the devpts we are in now (the container's, with its mount namespace), so
	 * that its slave means the same inside, as LXC 5's. */
	struct console con = CONSOLE_INIT;
	struct err e = { 0 };
	if (o.pty) {
		con.in = isatty(STDIN_FILENO) ? STDIN_FILENO : -1;
		con.out = isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDERR_FILENO;
		if (console_open(&con, &e) < 0 || (o.pty_log && console_open_log(&con, o.pty_log, &e) < 0)) {
			say(&o, "cannot allocate a pseudo terminal: %s: %s", e.what, strerror(e.errnum));
			return 1;
		}
	}
	int go[2];
	if (pipe2(go, O_CLOEXEC) < 0) {
		say(&o, "pipe: %s", strerror(errno));
		return 1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		say(&o, "fork: %s", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		close(go[1]);
		if (o.pty)
			close(con.master);
		child(&o, go[0], o.pty ? con.slave_path : NULL);
	}
	close(go[0]);
	child_pid = pid;
	child_own_session = o.pty;
	if (o.pty) {
		sigset_t relayed;
		sigemptyset(&relayed);
		sigaddset(&relayed, SIGCHLD);
		sigaddset(&relayed, SIGWINCH);
		sigprocmask(SIG_BLOCK, &relayed, NULL);
		console_raw(STDIN_FILENO); /* restored at exit */
	}
	struct sigaction sa = { .sa_sigaction = forward, .sa_flags = SA_SIGINFO | SA_RESTART };
	sigemptyset(&sa.sa_mask);
	const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCONT, SIGALRM, SIGWINCH };
	for (size_t i = 0; i < ARRAY_SIZE(sigs) - o.pty; i++) /* SIGWINCH resizes the pty instead */
		sigaction(sigs[i], &sa, NULL);
	/* The cgroups before the command runs: the child waits for this byte. */
	if (join_cgroups(&o, &cg, pid) < 0) {
		close(go[1]);
		waitpid(pid, NULL, 0);
		return 1;
	}
	if (write(go[1], "g", 1) != 1) {
		say(&o, "cannot start the command: %s", strerror(errno));
		kill(pid, SIGKILL);
	}
	close(go[1]);
	int status;
	if (o.pty) {
		status = relay(&o, &con, pid);
		if (status < 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return 1;
		}
	}
	while (!o.pty && waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			say(&o, "waitpid: %s", strerror(errno));
			return 1;
		}
	}
	/* As lxc-attach: the command's exit code, 128+N when signal N ended it. */
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
