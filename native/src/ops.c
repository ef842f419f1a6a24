/* Runs in the cloned child. Every op returns 0, or -1 with a struct err naming the syscall and
 * path that failed; the child reports it to the shim as WARNING (OPTIONAL ops) or OP_FAILED. */
#include "ops.h"

#include <fcntl.h>
#include <sched.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <sys/socket.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <grp.h>
#include "init.h"
#include "proto.h"
#include "seccomp.h"

struct ctx {
	struct child_args *a;
	int ttys[MAX_TTYS];  /* slaves of the ttys made by TTYS, for TTY_MOUNT */
	uint32_t nttys;
	int rootfd;          /* set by ROOTFS; -1 before */
	char **env;          /* set by ENV; empty before */
	mode_t umask;        /* the shim's, restored for the exec'd program */
};

/* Opens path, inside the rootfs when in_root (symlinks and ".." cannot leave it). */
static int open_path(struct ctx *c, const char *path, bool in_root, int flags, struct err *e)
{
	struct open_how how = { .flags = (uint64_t)(flags | O_CLOEXEC) };
	int dirfd = AT_FDCWD;
	if (in_root) {
		if (c->rootfd < 0)
			return fail(e, EINVAL, "%s: no ROOTFS before an op resolved in it", path);
		dirfd = c->rootfd;
		how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	}
	int fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
	if (fd < 0)
		return fail(e, errno, "openat2(%s)", path);
	return fd;
}

/* An *_IN_ROOT path before ROOTFS is a plan error; said with the op's own path. */
static int need_root(struct ctx *c, bool in_root, const char *path, struct err *e)
{
	if (in_root && c->rootfd < 0)
		return fail(e, EINVAL, "%s: no ROOTFS before an op resolved in it", path);
	return 0;
}

/* Opens the directory holding path's last component; *base points at that component in buf. */
static int open_parent(struct ctx *c, const char *path, bool in_root, char buf[PATH_MAX], char **base,
		       struct err *e)
{
	if (need_root(c, in_root, path, e) < 0)
		return -1;
	if (strlen(path) >= PATH_MAX)
		return fail(e, ENAMETOOLONG, "%s", path);
	strcpy(buf, path);
	size_t n = strlen(buf);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = 0;
	char *slash = strrchr(buf, '/');
	if (!slash) {
		*base = buf;
		return open_path(c, ".", in_root, O_PATH | O_DIRECTORY, e);
	}
	*base = slash + 1;
	if (!**base)
		return fail(e, EINVAL, "%s: no file name", path);
	if (slash == buf)
		return open_path(c, "/", in_root, O_PATH | O_DIRECTORY, e);
	*slash = 0;
	int fd = open_path(c, buf, in_root, O_PATH | O_DIRECTORY, e);
	*slash = '/';
	return fd;
}

/* "/proc/self/fd/N": how a resolved fd is handed to mount(2) and friends. */
static const char *fd_path(int fd, char buf[32])
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
	return buf;
}

static int op_mount(struct ctx *c, const struct op *op, struct err *e)
{
	autoclose int srcfd = -1;
	autoclose int tgtfd = -1;
	char srcbuf[32], tgtbuf[32];
	const char *src = *op->mount.source ? op->mount.source : NULL;
	const char *tgt = op->mount.target;
	unsigned long flags = op->mount.flags;

	if (op->mount.resolve & RESOLVE_SOURCE_IN_ROOT) {
		if ((srcfd = open_path(c, op->mount.source, true, O_PATH, e)) < 0)
			return -1;
		src = fd_path(srcfd, srcbuf);
	}
	if (op->mount.resolve & RESOLVE_TARGET_IN_ROOT) {
		if ((tgtfd = open_path(c, op->mount.target, true, O_PATH, e)) < 0)
			return -1;
		tgt = fd_path(tgtfd, tgtbuf);
	}
	if ((flags & MS_REMOUNT) && (flags & MS_BIND)) {
		/* The kernel refuses to clear locked flags: keep what the target has. */
		struct statvfs sv;
		if (statvfs(tgt, &sv) < 0)
			return fail(e, errno, "statvfs(%s)", op->mount.target);
		if (sv.f_flag & ST_NOSUID)
			flags |= MS_NOSUID;
		if (sv.f_flag & ST_NODEV)
			flags |= MS_NODEV;
		if (sv.f_flag & ST_NOEXEC)
			flags |= MS_NOEXEC;
	}
	if (mount(src, tgt, *op->mount.fstype ? op->mount.fstype : NULL, flags,
		  *op->mount.data ? op->mount.data : NULL) < 0) {
		/* Name both ends: for a bind, ENOENT is as often the source as the target. */
		if (*op->mount.source && strcmp(op->mount.source, op->mount.target) != 0)
			return fail(e, errno, "mount(%s on %s)", op->mount.source, op->mount.target);
		return fail(e, errno, "mount(%s)", op->mount.target);
	}
	return 0;
}

/* mkdir -p: each prefix is resolved from the start (inside the rootfs when in_root), so a
 * symlink met on the way is followed the same way any later op would follow it. */
static int op_mkdir(struct ctx *c, const struct op *op, struct err *e)
{
	const char *path = op->mkdir.path;
	bool in_root = op->mkdir.resolve & RESOLVE_TARGET_IN_ROOT;
	char prefix[PATH_MAX];
	size_t len = strlen(path);
	if (len >= PATH_MAX)
		return fail(e, ENAMETOOLONG, "mkdir(%s)", path);
	if (need_root(c, in_root, path, e) < 0)
		return -1;

	autoclose int parent = open_path(c, path[0] == '/' ? "/" : ".", in_root, O_PATH | O_DIRECTORY, e);
	if (parent < 0)
		return -1;
	size_t i = 0;
	while (i < len) {
		while (i < len && path[i] == '/')
			i++;
		size_t start = i;
		while (i < len && path[i] != '/')
			i++;
		if (i == start)
			break;
		memcpy(prefix, path, i);
		prefix[i] = 0;
		int fd = open_path(c, prefix, in_root, O_PATH | O_DIRECTORY, e);
		if (fd < 0 && e->errnum == ENOENT) {
			char name[NAME_MAX + 1];
			if (i - start > NAME_MAX)
				return fail(e, ENAMETOOLONG, "mkdir(%s)", prefix);
			memcpy(name, path + start, i - start);
			name[i - start] = 0;
			if (mkdirat(parent, name, op->mkdir.mode) < 0 && errno != EEXIST)
				return fail(e, errno, "mkdir(%s)", prefix);
			fd = open_path(c, prefix, in_root, O_PATH | O_DIRECTORY, e);
		}
		if (fd < 0)
			return -1;
		close(parent);
		parent = fd;
	}
	return 0;
}

static int op_mknod(struct ctx *c, const struct op *op, struct err *e)
{
	char buf[PATH_MAX], *base;
	autoclose int dir = open_parent(c, op->mknod.path, op->mknod.resolve & RESOLVE_TARGET_IN_ROOT, buf, &base, e);
	if (dir < 0)
		return -1;
	if (mknodat(dir, base, op->mknod.mode, (dev_t)op->mknod.dev) < 0 && errno != EEXIST)
		return fail(e, errno, "mknod(%s)", op->mknod.path);
	return 0;
}

static int op_symlink(struct ctx *c, const struct op *op, struct err *e)
{
	char buf[PATH_MAX], *base;
	autoclose int dir =
		open_parent(c, op->symlink.path, op->symlink.resolve & RESOLVE_TARGET_IN_ROOT, buf, &base, e);
	if (dir < 0)
		return -1;
	if (symlinkat(op->symlink.target, dir, base) < 0 && errno != EEXIST)
		return fail(e, errno, "symlink(%s)", op->symlink.path);
	return 0;
}

static int op_create_file(struct ctx *c, const struct op *op, struct err *e)
{
	char buf[PATH_MAX], *base;
	autoclose int dir = open_parent(c, op->create_file.path, op->create_file.resolve & RESOLVE_TARGET_IN_ROOT,
					buf, &base, e);
	if (dir < 0)
		return -1;
	/* O_EXCL: never follows a symlink, never opens (and so never blocks on) an existing node. */
	int fd = openat(dir, base, O_WRONLY | O_CREAT | O_EXCL | O_NOCTTY | O_CLOEXEC, op->create_file.mode);
	if (fd < 0 && errno != EEXIST)
		return fail(e, errno, "create(%s)", op->create_file.path);
	if (fd >= 0)
		close(fd);
	return 0;
}

static int op_rootfs(struct ctx *c, const struct op *op, struct err *e)
{
	int fd = open(op->rootfs.path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(e, errno, "open(%s)", op->rootfs.path);
	if (c->rootfd >= 0)
		close(c->rootfd);
	c->rootfd = fd;
	return 0;
}

static int op_pivot_root(struct ctx *c, struct err *e)
{
	if (c->rootfd < 0)
		return fail(e, EINVAL, "pivot_root: no ROOTFS");
	if (fchdir(c->rootfd) < 0)
		return fail(e, errno, "fchdir(rootfs)");
	/* Stack the old root under the new one, then detach it: no put_old directory needed. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail(e, errno, "pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return fail(e, errno, "umount2(old root)");
	if (chdir("/") < 0)
		return fail(e, errno, "chdir(/)");
	int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(e, errno, "open(/)");
	close(c->rootfd);
	c->rootfd = fd;
	return 0;
}

static int op_cap_bound_drop(const struct op *op, struct err *e)
{
	return cap_bound_drop(op->cap_bound_drop.mask, e);
}

int cap_bound_drop(uint64_t mask, struct err *e)
{
	for (unsigned cap = 0; cap < 64; cap++) {
		if (!(mask & (1ull << cap)))
			continue;
		/* EINVAL: a capability this kernel does not know, so there is nothing to drop. */
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return fail(e, errno, "prctl(PR_CAPBSET_DROP, %u)", cap);
	}
	return 0;
}

/* The kernel clears PR_SET_PDEATHSIG when the credentials change: set it again, then make
 * sure the shim did not die meanwhile (its end of the socketpair would be closed). */
static int rearm_pdeathsig(struct ctx *c, struct err *e)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return fail(e, errno, "prctl(PR_SET_PDEATHSIG)");
	struct pollfd p = { .fd = c->a->sock, .events = POLLIN };
	char byte;
	if (poll(&p, 1, 0) > 0 && recv(c->a->sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
		_exit(1);
	return 0;
}

static int op_ids(struct ctx *c, const struct op *op, struct err *e)
{
	uid_t uid = op->ids.uid;
	gid_t gid = op->ids.gid;
	if (setgroups(op->ids.groups.count, (const gid_t *)op->ids.groups.v) < 0)
		return fail(e, errno, "setgroups");
	if (setresgid(gid, gid, gid) < 0)
		return fail(e, errno, "setresgid(%u)", gid);
	if (setresuid(uid, uid, uid) < 0)
		return fail(e, errno, "setresuid(%u)", uid);
	return rearm_pdeathsig(c, e);
}

/* A time namespace with the container's clock offsets (lxc.time.offset.*), as LXC: the child
 * unshares it (it applies to its children), writes the offsets while no process is in it yet,
 * then joins it through time_for_children, so that init and all it starts see those clocks. */
static int op_timens(const struct op *op, struct err *e)
{
	if (unshare(CLONE_NEWTIME) < 0)
		return fail(e, errno, "unshare(CLONE_NEWTIME)");
	char buf[128];
	int n = snprintf(buf, sizeof buf, "monotonic %lld %u\nboottime %lld %u\n",
			 (long long)(int64_t)op->timens.mono_sec, op->timens.mono_nsec,
			 (long long)(int64_t)op->timens.boot_sec, op->timens.boot_nsec);
	autoclose int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(e, errno, "open(/proc/self/timens_offsets)");
	if (write(fd, buf, (size_t)n) != n)
		return fail(e, errno, "write(/proc/self/timens_offsets)");
	autoclose int ns = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return fail(e, errno, "open(/proc/self/ns/time_for_children)");
	if (setns(ns, CLONE_NEWTIME) < 0)
		return fail(e, errno, "setns(time_for_children)");
	return 0;
}

/* Cloned into a new user namespace, the child keeps the host's ids, unmapped there (it shows
 * as the overflow id); once Java wrote the maps (before GO) it becomes the namespace's root,
 * as LXC's do_start, so that what it creates belongs to the container's root. It keeps its
 * capabilities: its old uid was not the namespace's root. Without groups: supplementary groups
 * from the host would mean nothing in the container. */
static int op_userns_root(struct ctx *c, struct err *e)
{
	if (setgroups(0, NULL) < 0)
		return fail(e, errno, "setgroups(0) in the user namespace");
	if (setresgid(0, 0, 0) < 0)
		return fail(e, errno, "setresgid(0) in the user namespace (is gid 0 mapped?)");
	if (setresuid(0, 0, 0) < 0)
		return fail(e, errno, "setresuid(0) in the user namespace (is uid 0 mapped?)");
	/* A change of ids makes the process non-dumpable: /proc/self would belong to the host's root. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return fail(e, errno, "prctl(PR_SET_DUMPABLE)");
	return rearm_pdeathsig(c, e);
}

static int op_write_file(struct ctx *c, const struct op *op, struct err *e)
{
	autoclose int fd = -1;
	const char *path = op->write_file.path;
	if (op->write_file.resolve & RESOLVE_TARGET_IN_ROOT)
		fd = open_path(c, path, true, O_WRONLY | O_TRUNC | O_NOCTTY, e);
	else if ((fd = open(path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC)) < 0)
		fail(e, errno, "open(%s)", path);
	if (fd < 0)
		return -1;
	/* One write: files in /proc and /sys take their value in a single call. */
	size_t len = strlen(op->write_file.content);
	ssize_t w = write(fd, op->write_file.content, len);
	if (w < 0)
		return fail(e, errno, "write(%s)", path);
	if ((size_t)w != len)
		return fail(e, EIO, "write(%s): short write", path);
	return 0;
}

static int op_umount(struct ctx *c, const struct op *op, struct err *e)
{
	char path[PATH_MAX];
	const char *tgt = op->umount.target;
	int flags = (int)op->umount.flags;
	if (op->umount.resolve & RESOLVE_TARGET_IN_ROOT) {
		/* An fd would keep the mount busy: resolve it safely, then unmount the path it resolved
		 * to (nothing else runs in the container yet to change it), without following again. */
		char buf[32];
		int fd = open_path(c, tgt, true, O_PATH, e);
		if (fd < 0)
			return -1;
		ssize_t n = readlink(fd_path(fd, buf), path, sizeof path - 1);
		int err = errno;
		close(fd);
		if (n < 0)
			return fail(e, err, "readlink(%s)", tgt);
		path[n] = 0;
		tgt = path;
		flags |= UMOUNT_NOFOLLOW;
	}
	if (umount2(tgt, flags) < 0)
		return fail(e, errno, "umount2(%s)", op->umount.target);
	return 0;
}

static int op_console_mount(struct ctx *c, const struct op *op, struct err *e)
{
	struct console *con = c->a->con;
	if (!con)
		return 0;
	autoclose int fd = -1;
	char tbuf[32], sbuf[32];
	const char *tgt = op->console_mount.target;
	if (op->console_mount.resolve & RESOLVE_TARGET_IN_ROOT) {
		if ((fd = open_path(c, tgt, true, O_PATH, e)) < 0)
			return -1;
		tgt = fd_path(fd, tbuf);
	}
	/* Through the fd: the host's /dev/pts may no longer be reachable by path. */
	if (mount(fd_path(con->slave, sbuf), tgt, NULL, MS_BIND, NULL) < 0)
		return fail(e, errno, "mount(%s, %s)", con->slave_path, op->console_mount.target);
	return 0;
}

/* Ptys from the container's own devpts (its dev/ptmx); the shim keeps the masters. */
static int op_ttys(struct ctx *c, const struct op *op, struct err *e)
{
	uint32_t n = op->ttys.count;
	if (n > MAX_TTYS || c->nttys != 0)
		return fail(e, EINVAL, "ttys: %u ttys (at most %d, once)", n, MAX_TTYS);
	int masters[MAX_TTYS];
	int r = 0;
	uint32_t made = 0;
	for (; made < n; made++) {
		int m = open_path(c, "dev/ptmx", true, O_RDWR | O_NOCTTY, e);
		if (m < 0) {
			r = -1;
			break;
		}
		int unlock = 0;
		int slave = -1;
		if (ioctl(m, TIOCSPTLCK, &unlock) < 0 ||
		    (slave = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0) {
			r = fail(e, errno, "ioctl(dev/ptmx, tty %u)", made + 1);
			close(m);
			break;
		}
		masters[made] = m;
		c->ttys[made] = slave;
	}
	c->nttys = made;
	if (r == 0) {
		uint8_t payload[4];
		put_u32(payload, n);
		if (proto_send_fds(c->a->sock, MSG_TTY_MASTERS, payload, sizeof payload, masters, n) < 0)
			r = fail(e, errno, "sending the tty masters to the shim");
	}
	for (uint32_t i = 0; i < made; i++)
		close(masters[i]);
	return r;
}

static int op_tty_mount(struct ctx *c, const struct op *op, struct err *e)
{
	uint32_t i = op->tty_mount.index;
	if (i < 1 || i > c->nttys)
		return fail(e, EINVAL, "tty_mount(%s): no tty %u", op->tty_mount.target, i);
	autoclose int fd = -1;
	char tbuf[32], sbuf[32];
	const char *tgt = op->tty_mount.target;
	if (op->tty_mount.resolve & RESOLVE_TARGET_IN_ROOT) {
		if ((fd = open_path(c, tgt, true, O_PATH, e)) < 0)
			return -1;
		tgt = fd_path(fd, tbuf);
	}
	if (mount(fd_path(c->ttys[i - 1], sbuf), tgt, NULL, MS_BIND, NULL) < 0)
		return fail(e, errno, "mount(tty%u, %s)", i, op->tty_mount.target);
	return 0;
}

static int op_exec(struct ctx *c, const struct op *op, struct err *e)
{
	char **argv = op->exec.argv.v;
	if (op->exec.argv.count == 0)
		return fail(e, EINVAL, "exec: empty argv");
	umask(c->umask);
	if (op->code == OP_EXEC) {
		exec_search(argv, c->env);
		return fail(e, errno, "execve(%s)", argv[0]);
	}
	if (c->a->selffd < 0)
		return fail(e, EBADF, "execveat(jlxc-init): shim binary not open");
	char **iargv = calloc((size_t)op->exec.argv.count + 3, sizeof *iargv);
	if (!iargv)
		return fail(e, ENOMEM, "exec_init");
	iargv[0] = "jlxc-init";
	iargv[1] = "--";
	memcpy(iargv + 2, argv, op->exec.argv.count * sizeof *argv);
	execveat(c->a->selffd, "", iargv, c->env, AT_EMPTY_PATH);
	int err = errno;
	free(iargv);
	return fail(e, err, "execveat(jlxc-init)");
}

/* A container hook (lxc.hook.pre-mount, mount, autodev, start): argv[0] run with the child's
 * environment plus the op's entries, waited for. Its stdout goes to the child's stderr: the shim
 * has no log of its own (LXC logs a hook's stdout at DEBUG, shown nowhere by default). */
static int op_hook(struct ctx *c, const struct op *op, struct err *e)
{
	char **argv = op->hook.argv.v;
	if (op->hook.argv.count == 0)
		return fail(e, EINVAL, "hook: empty argv");
	pid_t pid = fork();
	if (pid < 0)
		return fail(e, errno, "fork(hook)");
	if (pid == 0) {
		for (uint32_t i = 0; i < op->hook.env.count; i++)
			putenv(op->hook.env.v[i]);
		umask(c->umask);
		if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
			_exit(126);
		execv(argv[0], argv);
		fprintf(stderr, "jlxc-shim: hook: execv(%s): %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return fail(e, errno, "waitpid(hook)");
	const char *what = op->hook.argv.count > 2 ? argv[2] : argv[0];
	if (WIFSIGNALED(status))
		return fail(e, ECANCELED, "hook \"%.180s\" killed by signal %d", what, WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return fail(e, ECANCELED, "hook \"%.180s\" exited with status %d", what, WEXITSTATUS(status));
	return 0;
}

/* Tells the shim the setup is done and waits until Java ran lxc.hook.start-host. */
const struct ns_kind ns_kinds[NS_KINDS] = {
	{ CLONE_NEWNS, "mnt" },	  { CLONE_NEWPID, "pid" }, { CLONE_NEWUTS, "uts" },
	{ CLONE_NEWIPC, "ipc" },  { CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" },
};

/* Sends the child's namespaces of the flags to the shim, which holds them for lxc.hook.stop
 * (they outlive init that way, as LXC's monitor keeps the ones it opened at the start). Run
 * before PIVOT_ROOT: /proc is still the host's, which resolves /proc/self to the child. */
static int op_keep_ns(struct ctx *c, const struct op *op, struct err *e)
{
	int fds[NS_KINDS];
	unsigned n = 0;
	uint64_t sent = 0;
	int r = 0;
	for (unsigned i = 0; i < NS_KINDS; i++) {
		if (!(op->keep_ns.flags & ns_kinds[i].flag))
			continue;
		char path[64];
		snprintf(path, sizeof path, "/proc/self/ns/%s", ns_kinds[i].name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			r = fail(e, errno, "open(%s)", path);
			break;
		}
		fds[n++] = fd;
		sent |= ns_kinds[i].flag;
	}
	if (r == 0) {
		uint8_t payload[8];
		put_u32(payload, (uint32_t)sent);
		put_u32(payload + 4, (uint32_t)(sent >> 32));
		if (proto_send_fds(c->a->sock, MSG_NS_FDS, payload, sizeof payload, fds, n) < 0)
			r = fail(e, errno, "sending the namespaces to the shim");
	}
	for (unsigned i = 0; i < n; i++)
		close(fds[i]);
	return r;
}

static int op_start_host(struct ctx *c, uint32_t index, struct err *e)
{
	uint8_t p[4];
	put_u32(p, index);
	if (proto_send(c->a->sock, MSG_START_HOST, p, sizeof p) < 0)
		return fail(e, errno, "send(START_HOST)");
	struct msg m;
	int r = proto_recv(c->a->sock, &m, 0);
	if (r != 0)
		return fail(e, r == 1 ? ECANCELED : errno, "start-host hooks: no answer");
	uint32_t type = m.type;
	msg_free(&m);
	if (type != MSG_CONTINUE)
		return fail(e, EPROTO, "start-host hooks: unexpected message type %u", type);
	return 0;
}

static int run_op(struct ctx *c, const struct op *op, struct err *e)
{
	switch (op->code) {
	case OP_NAMESPACES:
	case OP_SHARE_NS:
	case OP_CONSOLE:
	case OP_ON_EXIT:
	case OP_CONSOLE_LOG:
	case OP_CONSOLE_PEER:
	case OP_CONSOLE_LOG_SIZE:
	case OP_CONSOLE_BUFFER:
	case OP_CLEANUP:
	case OP_LEAVE_CGROUP:
	case OP_CONSOLE_OWNER:
		return 0; /* the shim's own */
	case OP_MOUNT:
		return op_mount(c, op, e);
	case OP_MKDIR:
		return op_mkdir(c, op, e);
	case OP_MKNOD:
		return op_mknod(c, op, e);
	case OP_SYMLINK:
		return op_symlink(c, op, e);
	case OP_CREATE_FILE:
		return op_create_file(c, op, e);
	case OP_ROOTFS:
		return op_rootfs(c, op, e);
	case OP_PIVOT_ROOT:
		return op_pivot_root(c, e);
	case OP_SETHOSTNAME:
		if (sethostname(op->sethostname.name, strlen(op->sethostname.name)) < 0)
			return fail(e, errno, "sethostname(%s)", op->sethostname.name);
		return 0;
	case OP_CAP_BOUND_DROP:
		return op_cap_bound_drop(op, e);
	case OP_PERSONALITY:
		if (syscall(SYS_personality, (unsigned long)op->personality.persona) < 0)
			return fail(e, errno, "personality(0x%llx)", (unsigned long long)op->personality.persona);
		return 0;
	case OP_NO_NEW_PRIVS:
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
			return fail(e, errno, "prctl(PR_SET_NO_NEW_PRIVS)");
		return 0;
	case OP_KEYRING:
		/* A session keyring of its own (keyctl(KEYCTL_JOIN_SESSION_KEYRING, NULL)), so the
		 * container cannot read the caller's keys. As LXC: a kernel without keyrings, or one
		 * that refuses, is no reason to fail the start. */
		if (syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, 0L, 0L, 0L, 0L) < 0 && errno != ENOSYS
		    && errno != EACCES && errno != EPERM)
			return fail(e, errno, "keyctl(KEYCTL_JOIN_SESSION_KEYRING)");
		return 0;
	case OP_TIMENS:
		return op_timens(op, e);
	case OP_PDEATHSIG:
		/* lxc.monitor.signal.pdeath: what init gets when the shim dies (0: nothing, it outlives it). */
		if (prctl(PR_SET_PDEATHSIG, (unsigned long)op->pdeathsig.signal) < 0)
			return fail(e, errno, "prctl(PR_SET_PDEATHSIG, %u)", op->pdeathsig.signal);
		return 0;
	case OP_SETRLIMIT: {
		struct rlimit rl = { .rlim_cur = op->setrlimit.soft, .rlim_max = op->setrlimit.hard };
		if (setrlimit((int)op->setrlimit.resource, &rl) < 0)
			return fail(e, errno, "setrlimit(%u)", op->setrlimit.resource);
		return 0;
	}
	case OP_IDS:
		return op_ids(c, op, e);
	case OP_CHDIR:
		if (chdir(op->chdir.path) < 0)
			return fail(e, errno, "chdir(%s)", op->chdir.path);
		return 0;
	case OP_ENV:
		c->env = op->env.entries.v;
		return 0;
	case OP_EXEC:
	case OP_EXEC_INIT:
		return op_exec(c, op, e);
	case OP_CONSOLE_MOUNT:
		return op_console_mount(c, op, e);
	case OP_WRITE_FILE:
		return op_write_file(c, op, e);
	case OP_UMOUNT:
		return op_umount(c, op, e);
	case OP_UNSHARE:
		if (unshare((int)op->unshare.flags) < 0)
			return fail(e, errno, "unshare(0x%llx)", (unsigned long long)op->unshare.flags);
		return 0;
	case OP_TTYS:
		return op_ttys(c, op, e);
	case OP_TTY_MOUNT:
		return op_tty_mount(c, op, e);
	case OP_HOOK:
		return op_hook(c, op, e);
	case OP_START_HOST:
		return op_start_host(c, (uint32_t)(op - c->a->plan->ops), e);
	case OP_KEEP_NS:
		return op_keep_ns(c, op, e);
	case OP_SECCOMP:
		return op_seccomp(op, e);
	case OP_USERNS_ROOT:
		return op_userns_root(c, e);
	}
	return fail(e, EINVAL, "unknown opcode %u", op->code);
}

void child_main(struct child_args *a)
{
	static char *empty_env[] = { NULL };
	struct ctx c = { .a = a, .rootfd = -1, .env = empty_env };
	struct err e = { 0 };
	struct msg go;

	for (size_t i = 0; i < ARRAY_SIZE(a->close_fds); i++)
		if (a->close_fds[i] >= 0)
			close(a->close_fds[i]);
	sigprocmask(SIG_SETMASK, &a->sigmask, NULL);
	/* Never outlive the shim: if it is already gone, getppid() changed or GO never comes (EOF). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || (a->shim_pid && getppid() != a->shim_pid))
		_exit(1);
	if (proto_recv(a->sock, &go, 0) != 0 || go.type != MSG_GO)
		_exit(1);

	/* Modes in the plan are exact; the exec'd program gets the shim's umask back. */
	c.umask = umask(0);
	if (a->con) {
		*a->cur_op = a->console_index;
		if ((a->console_stdio ? console_attach(a->con, &e) : console_open_slave(a->con, &e)) < 0) {
			proto_send_op(a->sock, MSG_OP_FAILED, a->console_index, e.errnum, e.what);
			_exit(1);
		}
	}
	for (uint32_t i = 0; i < a->plan->count; i++) {
		const struct op *op = &a->plan->ops[i];
		*a->cur_op = i;
		if (run_op(&c, op, &e) == 0)
			continue;
		if (op->flags & OP_FLAG_OPTIONAL) {
			proto_send_op(a->sock, MSG_WARNING, i, e.errnum, e.what);
			continue;
		}
		proto_send_op(a->sock, MSG_OP_FAILED, i, e.errnum, e.what);
		_exit(1);
	}
	/* The shim checked that the plan ends with an exec, so only a failed OPTIONAL exec gets here. */
	proto_send_op(a->sock, MSG_OP_FAILED, a->plan->count - 1, ENOEXEC, "the plan ended without an exec");
	_exit(1);
}
