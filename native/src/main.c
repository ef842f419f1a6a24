/* jlxc-shim: executes a plan written by jlxc's Java side (see native/PLAN.md).
 *
 *   jlxc-shim run --sync PATH      receive a plan on the unix socket PATH, run the container
 *   jlxc-shim dump-plan FILE       print a plan file in its canonical text form
 *   jlxc-shim init -- CMD...       the minimal init (also as argv[0] "jlxc-init")
 */
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "console.h"
#include "init.h"
#include "ops.h"
#include "plan.h"
#include "proto.h"
#include "util.h"

#define ALLOWED_CLONE_FLAGS                                                                         \
	(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP | \
	 CLONE_NEWUSER)

/* The first fields of the kernel's struct clone_args (CLONE_ARGS_SIZE_VER0). */
struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* Like fork(), into new namespaces. */
static pid_t clone_child(uint64_t flags)
{
	struct clone_args_v0 args = { .flags = flags, .exit_signal = SIGCHLD };
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
	if (pid < 0 && errno == ENOSYS)
		pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
	return pid;
}

/* What the shim knows about the run, for the supervision loop. */
struct shim {
	int sync;
	struct plan plan;
	uint64_t clone_flags;
	struct console con;
	bool console;       /* CONSOLE mode 1 or 2: there is a console pty */
	bool console_relay; /* mode 1: relayed to the shim's stdin/stdout as the child's terminal */
	int ttys[MAX_TTYS]; /* masters of the container's ttys, held while init runs */
	unsigned nttys;
	uint32_t console_index, exec_index;
	volatile uint32_t *cur_op;
	pid_t child;
	int sock;         /* the shim's end of the socketpair; -1 after EOF */
	bool failed;      /* OP_FAILED was sent */
	bool running;     /* RUNNING was sent */
	bool reaped;
	int status;
};

/* The shape the shim relies on: one exec, last; sane setup values. */
static int check_plan(struct shim *s, struct err *e)
{
	if (s->plan.count == 0)
		return fail(e, EINVAL, "plan: no ops");
	for (uint32_t i = 0; i < s->plan.count; i++) {
		const struct op *op = &s->plan.ops[i];
		bool exec = op->code == OP_EXEC || op->code == OP_EXEC_INIT;
		if (exec != (i == s->plan.count - 1))
			return fail(e, EINVAL, "plan: op %u: the plan must end with its only EXEC or EXEC_INIT", i);
		if (exec && op->exec.argv.count == 0)
			return fail(e, EINVAL, "plan: op %u: empty argv", i);
		if (op->code == OP_NAMESPACES && (op->namespaces.clone_flags & ~(uint64_t)ALLOWED_CLONE_FLAGS))
			return fail(e, EINVAL, "plan: op %u: clone flags 0x%llx are not namespaces", i,
				    (unsigned long long)op->namespaces.clone_flags);
		if (op->code == OP_CONSOLE && op->console.mode > 2)
			return fail(e, EINVAL, "plan: op %u: unknown console mode %u", i, op->console.mode);
	}
	s->exec_index = s->plan.count - 1;
	return 0;
}

/* NAMESPACES, SHARE_NS and CONSOLE, in plan order. */
static int setup_ops(struct shim *s, struct err *e)
{
	for (uint32_t i = 0; i < s->plan.count; i++) {
		const struct op *op = &s->plan.ops[i];
		switch (op->code) {
		case OP_NAMESPACES:
			s->clone_flags |= op->namespaces.clone_flags;
			break;
		case OP_SHARE_NS: {
			autoclose int fd = open(op->share_ns.path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				return fail(e, errno, "op %u: open(%s)", i, op->share_ns.path);
			if (setns(fd, (int)op->share_ns.nstype) < 0)
				return fail(e, errno, "op %u: setns(%s)", i, op->share_ns.path);
			break;
		}
		case OP_CONSOLE:
			s->console = op->console.mode != 0;
			s->console_relay = op->console.mode == 1;
			s->console_index = i;
			break;
		}
	}
	if (s->console && console_open(&s->con, e) < 0)
		return -1;
	return 0;
}

static int connect_sync(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void describe_status(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
}

/* The child's end closed: it exec'd (CLOEXEC), reported a failure, or died. */
static void on_child_eof(struct shim *s)
{
	close(s->sock);
	s->sock = -1;
	if (s->failed)
		return;
	uint32_t cur = *s->cur_op;
	if (cur == s->exec_index) {
		proto_send(s->sync, MSG_RUNNING, NULL, 0);
		s->running = true;
		return;
	}
	/* It died without saying why (killed, say): blame the op it was on. */
	if (!s->reaped && waitpid(s->child, &s->status, 0) == s->child)
		s->reaped = true;
	char detail[128];
	describe_status(s->status, detail, sizeof detail - 32);
	strcat(detail, " before its exec");
	if (cur == CUR_OP_NONE)
		proto_send_shim_failed(s->sync, ECHILD, detail);
	else
		proto_send_op(s->sync, MSG_OP_FAILED, cur, ECHILD, detail);
	s->failed = true;
}

/* WARNING and OP_FAILED from the child are passed on to Java as they are; the shim keeps
 * the tty masters the child sends. */
static void on_child_msg(struct shim *s)
{
	struct msg m;
	int fds[MAX_TTYS];
	unsigned nfds = 0;
	int r = proto_recv_fds(s->sock, &m, 4096, fds, MAX_TTYS - s->nttys, &nfds);
	if (r == 1 || (r < 0 && errno != EINTR)) {
		on_child_eof(s);
		return;
	}
	for (unsigned i = 0; i < nfds; i++) {
		if (r == 0 && m.type == MSG_TTY_MASTERS)
			s->ttys[s->nttys++] = fds[i];
		else
			close(fds[i]);
	}
	if (r == 0 && (m.type == MSG_WARNING || m.type == MSG_OP_FAILED)) {
		proto_send(s->sync, m.type, m.data, m.len);
		if (m.type == MSG_OP_FAILED)
			s->failed = true;
	}
	msg_free(&m);
}

/* After GO: relay the child's reports and the console until init is gone and reported. */
static int supervise(struct shim *s, sigset_t *sigs, struct err *e)
{
	autoclose int sfd = signalfd(-1, sigs, SFD_CLOEXEC);
	if (sfd < 0)
		return fail(e, errno, "signalfd");
	bool in_open = s->console_relay, out_open = s->console;
	if (s->console_relay)
		console_raw();

	bool java_open = true;
	while (!(s->reaped && s->sock < 0)) {
		struct pollfd p[5];
		int n = 0, ichild = -1, isig, iin = -1, iout = -1, ijava = -1;
		if (s->sock >= 0)
			p[ichild = n++] = (struct pollfd){ .fd = s->sock, .events = POLLIN };
		if (java_open)
			p[ijava = n++] = (struct pollfd){ .fd = s->sync, .events = POLLIN };
		p[isig = n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		if (in_open)
			p[iin = n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		if (out_open)
			p[iout = n++] = (struct pollfd){ .fd = s->con.master, .events = POLLIN };
		if (poll(p, (nfds_t)n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail(e, errno, "poll");
		}
		if (ichild >= 0 && p[ichild].revents)
			on_child_msg(s);
		if (ijava >= 0 && p[ijava].revents) {
			/* Java sends nothing after GO: readable means it is gone. A foreground start ends
			 * with the command that made it (as init dies with LXC 1.0.7's lxc-start). */
			java_open = false;
			if (!s->reaped)
				kill(s->child, SIGKILL);
		}
		if (p[isig].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGWINCH)
					console_resize(&s->con);
				if (si.ssi_signo == SIGCHLD && !s->reaped && waitpid(s->child, &s->status, WNOHANG) == s->child)
					s->reaped = true;
			}
		}
		if (iin >= 0 && p[iin].revents && console_pump_in(&s->con))
			in_open = false;
		if (iout >= 0 && p[iout].revents && console_pump_out(&s->con))
			out_open = false;
	}
	if (!s->running)
		return 1;
	console_drain(&s->con);
	console_restore();
	if (proto_send_i32(s->sync, MSG_EXITED, s->status) < 0)
		return fail(e, errno, "send(EXITED)");
	return 0;
}

/* Returns 0 after EXITED, 1 after a failure already reported, -1 with e for SHIM_FAILED. */
static int run_plan(struct shim *s, struct err *e)
{
	struct msg m;
	char perr[256];
	int r = proto_recv(s->sync, &m, MSG_MAX);
	if (r != 0)
		return fail(e, r == 1 ? EPROTO : errno, "recv(PLAN)");
	if (m.type != MSG_PLAN) {
		msg_free(&m);
		return fail(e, EPROTO, "expected PLAN, got message type %u", m.type);
	}
	r = plan_parse(m.data, m.len, &s->plan, perr, sizeof perr);
	msg_free(&m);
	if (r < 0)
		return fail(e, EINVAL, "plan: %s", perr);
	if (check_plan(s, e) < 0 || setup_ops(s, e) < 0)
		return -1;

	autoclose int selffd = -1;
	if (s->plan.ops[s->exec_index].code == OP_EXEC_INIT &&
	    (selffd = open("/proc/self/exe", O_PATH | O_CLOEXEC)) < 0)
		return fail(e, errno, "open(/proc/self/exe)");
	s->cur_op = mmap(NULL, sizeof *s->cur_op, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->cur_op == MAP_FAILED)
		return fail(e, errno, "mmap");
	*s->cur_op = CUR_OP_NONE;
	int sp[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
		return fail(e, errno, "socketpair");
	s->sock = sp[0];

	sigset_t sigs, old;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGWINCH);
	sigprocmask(SIG_BLOCK, &sigs, &old);

	pid_t shim_pid = getpid();
	s->child = clone_child(s->clone_flags);
	if (s->child < 0) {
		int err = errno;
		close(sp[1]);
		return fail(e, err, "clone3(0x%llx)", (unsigned long long)s->clone_flags);
	}
	if (s->child == 0) {
		struct child_args a = {
			.plan = &s->plan,
			.sock = sp[1],
			.close_fds = { s->sync, sp[0] },
			.selffd = selffd,
			.con = s->console ? &s->con : NULL,
			.console_relay = s->console_relay,
			.console_index = s->console_index,
			.cur_op = s->cur_op,
			/* In a new PID namespace the parent is outside it and getppid() is 0. */
			.shim_pid = (s->clone_flags & CLONE_NEWPID) ? 0 : shim_pid,
			.sigmask = old,
		};
		child_main(&a);
	}
	close(sp[1]);
	if (s->console && console_hold_slave(&s->con, e) < 0)
		return -1;

	if (proto_send_i32(s->sync, MSG_CHILD_PID, s->child) < 0)
		return fail(e, errno, "send(CHILD_PID)");
	r = proto_recv(s->sync, &m, 0);
	if (r != 0 || m.type != MSG_GO) {
		/* Java went away (or spoke nonsense) before GO: the container must not start. */
		kill(s->child, SIGKILL);
		waitpid(s->child, NULL, 0);
		if (r == 0)
			return fail(e, EPROTO, "expected GO, got message type %u", m.type);
		return 1;
	}
	if (proto_send(s->sock, MSG_GO, NULL, 0) < 0)
		return fail(e, errno, "send(GO) to the child");
	return supervise(s, &sigs, e);
}

/* The sync socket's directory is Java's; if Java died before removing it, it is ours to remove. */
static void remove_sync_dir(const char *sync_path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", sync_path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = 0;
	unlink(sync_path);
	rmdir(dir); /* fails harmlessly while Java still holds it */
}

static int cmd_run(const char *sync_path)
{
	/* Keep nothing the caller leaked to us: only 0-2 reach the container. */
	close_range(3, ~0U, 0);
	struct shim s = { .sock = -1, .con = CONSOLE_INIT };
	s.sync = connect_sync(sync_path);
	if (s.sync < 0) {
		fprintf(stderr, "jlxc-shim: connect(%s): %s\n", sync_path, strerror(errno));
		return 1;
	}
	struct err e = { 0 };
	int r = run_plan(&s, &e);
	if (r < 0) {
		if (s.child > 0 && !s.reaped) {
			kill(s.child, SIGKILL);
			waitpid(s.child, NULL, 0);
		}
		console_restore();
		fprintf(stderr, "jlxc-shim: %s: %s\n", e.what, strerror(e.errnum));
		proto_send_shim_failed(s.sync, e.errnum, e.what);
		remove_sync_dir(sync_path);
		return 1;
	}
	remove_sync_dir(sync_path);
	return r;
}

static int cmd_dump_plan(const char *file)
{
	autoclose int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "jlxc-shim: %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (st.st_size > MSG_MAX) {
		fprintf(stderr, "jlxc-shim: %s: larger than a plan can be\n", file);
		return 1;
	}
	autofree uint8_t *buf = malloc((size_t)st.st_size + 1);
	size_t len = 0;
	ssize_t n;
	while (buf && len <= (size_t)st.st_size && (n = read(fd, buf + len, (size_t)st.st_size + 1 - len)) > 0)
		len += (size_t)n;
	if (!buf || len > (size_t)st.st_size) {
		fprintf(stderr, "jlxc-shim: %s: cannot read it\n", file);
		return 1;
	}
	struct plan plan;
	char err[256];
	if (plan_parse(buf, len, &plan, err, sizeof err) < 0) {
		fprintf(stderr, "jlxc-shim: %s: %s\n", file, err);
		return 1;
	}
	plan_dump(&plan, stdout);
	plan_free(&plan);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: jlxc-shim run --sync PATH\n"
			"       jlxc-shim dump-plan FILE\n"
			"       jlxc-shim init -- CMD [ARG...]\n");
	return 2;
}

/* argv after an optional "--". */
static int cmd_init(char **argv)
{
	if (argv[0] && strcmp(argv[0], "--") == 0)
		argv++;
	return init_main(argv);
}

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	name = name ? name + 1 : argc > 0 ? argv[0] : "";
	if (strcmp(name, "jlxc-init") == 0)
		return cmd_init(argv + 1);
	if (argc == 4 && strcmp(argv[1], "run") == 0 && strcmp(argv[2], "--sync") == 0)
		return cmd_run(argv[3]);
	if (argc == 3 && strcmp(argv[1], "dump-plan") == 0)
		return cmd_dump_plan(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return cmd_init(argv + 2);
	return usage();
}
