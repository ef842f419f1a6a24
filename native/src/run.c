/* The shim's run loop (see PLAN.md): lock the runtime directory, receive the plan, clone the
 * child, wait for GO, supervise init while serving the command socket, and finish with EXITED
 * and DONE (foreground) or the ON_EXIT command (daemon). A reboot (a new PLAN after EXITED, or
 * RESTART on the command socket while ON_EXIT runs) goes back to the plan with the same lock,
 * pidfile, command socket and console. */
#include "run.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "cleanup.h"
#include "cmdsock.h"
#include "console.h"
#include "ops.h"
#include "plan.h"
#include "proto.h"
#include "rundir.h"
#include "state.h"
#include "util.h"

#define ALLOWED_CLONE_FLAGS                                                                         \
	(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP | \
	 CLONE_NEWUSER)

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif

/* Signals a daemon's shim forwards to init. */
static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGPWR };

/* The first fields of the kernel's struct clone_args (CLONE_ARGS_SIZE_VER0). */
struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* Like fork(), into new namespaces, with a pidfd for the child in *pidfd. */
static pid_t clone_child(uint64_t flags, int *pidfd)
{
	struct clone_args_v0 args = { .flags = flags | CLONE_PIDFD, .pidfd = (uint64_t)(uintptr_t)pidfd,
				      .exit_signal = SIGCHLD };
	pid_t pid = (pid_t)syscall(SYS_clone3, &args, sizeof args);
	if (pid < 0 && errno == ENOSYS) {
		pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, 0, 0, 0, 0);
		/* Not reaped yet, so the pid cannot have been reused. */
		if (pid > 0)
			*pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	}
	return pid;
}

/* What the shim knows about the run. */
struct shim {
	const struct run_opts *o;
	struct rundir rd;
	int sync;
	bool sync_open;
	struct plan plan;
	uint64_t clone_flags;
	struct console con;
	bool console;       /* CONSOLE mode 1, 2 or 3: there is a console pty */
	bool console_relay; /* mode 1: relayed to the shim's stdin/stdout as the child's terminal */
	bool console_stdio; /* modes 1 and 3: the pty is the child's fds 0-2 */
	char *const *on_exit; /* ON_EXIT's argv, NULL when none */
	const struct op *cleanup; /* CLEANUP, NULL when none */
	const struct op *leave; /* LEAVE_CGROUP, NULL when none */
	int ttys[MAX_TTYS]; /* masters of the container's ttys, held while init runs */
	unsigned nttys;
	int nsfds[NS_KINDS]; /* plan op KEEP_NS: the container's namespaces, held until the shim exits */
	unsigned nnsfds;
	uint32_t console_index, exec_index;
	volatile uint32_t *cur_op;
	pid_t child;
	int sock;         /* the shim's end of the socketpair; -1 after EOF */
	bool failed;      /* OP_FAILED was sent */
	bool running;     /* RUNNING was sent */
	bool reaped;
	int status;
	sigset_t oldmask; /* before SIGCHLD and SIGWINCH were blocked */
	sigset_t sigs;    /* SIGCHLD and SIGWINCH, blocked for the shim's life, read from a signalfd */
	struct msg next;  /* foreground reboot: the PLAN that came instead of DONE (type 0: none) */
	pid_t exit_cmd;   /* an ON_EXIT command that asked for RESTART: reaped when it ends, 0 when none */
	struct shim_status st;
	struct cmdsock cs;
};

static void set_state(struct shim *s, enum shim_state state)
{
	s->st.state = state;
	cmdsock_notify(&s->cs);
}

/* One poll(2) on the caller's n fds and the command socket's, serving the commands that came;
 * the caller then looks at its fds' revents. A served command can change what the caller
 * should poll (a console lent or given back), so this returns after every poll.
 * p has room for n + CMD_MAX_POLLFDS entries. */
static int poll_serving(struct shim *s, struct pollfd *p, unsigned n, struct err *e)
{
	unsigned m = cmdsock_pollfds(&s->cs, p + n);
	if (poll(p, n + m, -1) < 0) {
		if (errno == EINTR) {
			for (unsigned i = 0; i < n; i++)
				p[i].revents = 0;
			return 0;
		}
		return fail(e, errno, "poll");
	}
	cmdsock_serve(&s->cs, p + n, m);
	return 0;
}

/* Serves commands until fd is readable (or hung up). */
static int wait_readable(struct shim *s, int fd, struct err *e)
{
	struct pollfd p[1 + CMD_MAX_POLLFDS];
	do {
		p[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
		if (poll_serving(s, p, 1, e) < 0)
			return -1;
	} while (!p[0].revents);
	return 0;
}

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
		if ((exec || op->code == OP_ON_EXIT) && op->exec.argv.count == 0)
			return fail(e, EINVAL, "plan: op %u: empty argv", i);
		if (op->code == OP_NAMESPACES && (op->namespaces.clone_flags & ~(uint64_t)ALLOWED_CLONE_FLAGS))
			return fail(e, EINVAL, "plan: op %u: clone flags 0x%llx are not namespaces", i,
				    (unsigned long long)op->namespaces.clone_flags);
		if (op->code == OP_CONSOLE && op->console.mode > 3)
			return fail(e, EINVAL, "plan: op %u: unknown console mode %u", i, op->console.mode);
	}
	s->exec_index = s->plan.count - 1;
	return 0;
}

/* The shim's ops, in plan order: NAMESPACES, SHARE_NS, CONSOLE, CONSOLE_LOG, ON_EXIT,
 * CONSOLE_PEER, CONSOLE_LOG_SIZE, CONSOLE_BUFFER, CLEANUP, LEAVE_CGROUP, CONSOLE_OWNER. */
static int setup_ops(struct shim *s, struct err *e)
{
	const char *log = NULL, *peer = NULL;
	const struct op *owner = NULL;
	uint64_t ring = 0;
	s->con.log_size = 0;
	s->con.log_rotate = false;
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
			s->console_stdio = op->console.mode == 1 || op->console.mode == 3;
			/* Modes 1 and 2 show the console on the shim's stdout; mode 3 only drains it. */
			s->con.out = op->console.mode == 3 ? -1 : STDOUT_FILENO;
			s->con.in = op->console.mode == 1 ? STDIN_FILENO : -1;
			s->console_index = i;
			break;
		case OP_CONSOLE_LOG:
			log = op->console_log.path;
			break;
		case OP_CONSOLE_PEER:
			peer = op->console_peer.path;
			break;
		case OP_CONSOLE_LOG_SIZE:
			s->con.log_size = op->console_log_size.size;
			s->con.log_rotate = op->console_log_size.rotate != 0;
			break;
		case OP_CONSOLE_BUFFER:
			ring = op->console_buffer.size;
			break;
		case OP_ON_EXIT:
			s->on_exit = op->exit_cmd.argv.v;
			break;
		case OP_CLEANUP:
			s->cleanup = op;
			break;
		case OP_LEAVE_CGROUP:
			s->leave = op;
			break;
		case OP_CONSOLE_OWNER:
			owner = op;
			break;
		}
	}
	/* A reboot keeps the console the first run opened (and the terminal or clients on it). */
	if (s->console && s->con.master < 0 && console_open(&s->con, e) < 0)
		return -1;
	/* A user namespace: the console belongs to the container's root (LXC's lxc_terminal_map_ids). */
	if (s->console && owner && chown(s->con.slave_path, owner->console_owner.uid, owner->console_owner.gid) < 0)
		return fail(e, errno, "chown(%s, %u, %u)", s->con.slave_path, owner->console_owner.uid,
			    owner->console_owner.gid);
	if (s->console && log && s->con.log < 0 && console_open_log(&s->con, log, e) < 0)
		return -1;
	/* The peer takes the place of the caller's terminal (CONSOLE mode 3 only: the pty is init's
	 * stdio and nothing else reads it); kept open across reboots, as the pty. */
	if (s->console && peer && s->con.peer < 0 && console_open_peer(&s->con, peer, e) < 0)
		return -1;
	if (s->con.peer >= 0)
		s->con.in = s->con.out = s->con.peer;
	if (console_set_ring(&s->con, s->console ? ring : 0, e) < 0)
		return -1;
	s->st.console = s->con.master;
	s->st.console_peer = s->con.peer >= 0;
	return 0;
}

static void describe_status(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
}

/* The ON_EXIT command that drove a reboot ends some time after it: only its status is left. */
static void reap_exit_cmd(struct shim *s)
{
	int status;
	if (s->exit_cmd <= 0 || waitpid(s->exit_cmd, &status, WNOHANG) != s->exit_cmd)
		return;
	s->exit_cmd = 0;
	if (status != 0) {
		char what[64];
		describe_status(status, what, sizeof what);
		fprintf(stderr, "jlxc-shim: on_exit (reboot) %s\n", what);
	}
}

static void reap(struct shim *s, int options)
{
	if (s->reaped || waitpid(s->child, &s->status, options) != s->child)
		return;
	s->reaped = true;
	s->st.init_pid = 0;
	s->st.init_status = s->status;
	if (s->running)
		rundir_record_exit(&s->rd, s->status);
	set_state(s, s->running ? STATE_STOPPING : STATE_ABORTING);
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
		set_state(s, s->reaped ? STATE_STOPPING : STATE_RUNNING);
		return;
	}
	/* It died without saying why (killed, say): blame the op it was on. */
	reap(s, 0);
	char detail[128];
	describe_status(s->status, detail, sizeof detail - 32);
	strcat(detail, " before its exec");
	if (cur == CUR_OP_NONE)
		proto_send_shim_failed(s->sync, ECHILD, detail);
	else
		proto_send_op(s->sync, MSG_OP_FAILED, cur, ECHILD, detail);
	s->failed = true;
	set_state(s, STATE_ABORTING);
}

/* Plan op START_HOST: the child's setup is done; Java runs lxc.hook.start-host and says CONTINUE.
 * Any other answer, or Java gone, aborts the start: init is killed before it execs. */
static void start_host(struct shim *s, const struct msg *m)
{
	struct err e = { 0 };
	struct msg answer = { 0 };
	bool go = s->sync_open && proto_send(s->sync, MSG_START_HOST, m->data, m->len) == 0 &&
		  wait_readable(s, s->sync, &e) == 0 && proto_recv(s->sync, &answer, 0) == 0 &&
		  answer.type == MSG_CONTINUE;
	msg_free(&answer);
	if (go && proto_send(s->sock, MSG_CONTINUE, NULL, 0) == 0)
		return;
	if (s->sync_open) {
		s->sync_open = false;
		close(s->sync);
		s->sync = -1;
	}
	syscall(SYS_pidfd_send_signal, s->st.pidfd, SIGKILL, NULL, 0);
}

/* Plan op KEEP_NS: the shim keeps the child's namespaces (LXC's monitor keeps them from the
 * start) so that lxc.hook.stop can still enter them once init is dead, and tells Java where
 * they are: "TYPE:/proc/SHIM/fd/N" lines, valid while the shim lives (which is until the
 * post-stop work is done: DONE, or the ON_EXIT command's end). */
static void keep_ns(struct shim *s, const struct msg *m, const int *fds, unsigned nfds)
{
	for (unsigned i = 0; i < s->nnsfds; i++)
		close(s->nsfds[i]);
	s->nnsfds = 0;
	uint64_t flags = m->len == 8 ? get_u32(m->data) | (uint64_t)get_u32(m->data + 4) << 32 : 0;
	char text[NS_KINDS * 64] = "";
	size_t len = 0;
	for (unsigned i = 0, f = 0; i < NS_KINDS && f < nfds; i++) {
		if (!(flags & ns_kinds[i].flag))
			continue;
		s->nsfds[s->nnsfds++] = fds[f];
		len += (size_t)snprintf(text + len, sizeof text - len, "%s%s:/proc/%d/fd/%d", len ? "\n" : "",
					ns_kinds[i].name, (int)s->st.shim_pid, fds[f]);
		f++;
	}
	if (s->sync_open)
		proto_send(s->sync, MSG_NAMESPACES, text, (uint32_t)len);
}

/* WARNING and OP_FAILED from the child are passed on to Java as they are; the shim keeps
 * the tty masters and the namespaces the child sends. */
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
	if (r == 0 && m.type == MSG_NS_FDS && nfds <= NS_KINDS) {
		keep_ns(s, &m, fds, nfds);
		nfds = 0;
	}
	for (unsigned i = 0; i < nfds; i++) {
		if (r == 0 && m.type == MSG_TTY_MASTERS)
			s->ttys[s->nttys++] = fds[i];
		else
			close(fds[i]);
	}
	if (r == 0 && m.type == MSG_START_HOST)
		start_host(s, &m);
	if (r == 0 && (m.type == MSG_WARNING || m.type == MSG_OP_FAILED)) {
		proto_send(s->sync, m.type, m.data, m.len);
		if (m.type == MSG_OP_FAILED) {
			s->failed = true;
			set_state(s, STATE_ABORTING);
		}
	}
	msg_free(&m);
}

/* After GO: relay the child's reports and the console, serve commands, until init is gone. */
static int supervise(struct shim *s, sigset_t *sigs, struct err *e)
{
	autoclose int sfd = signalfd(-1, sigs, SFD_CLOEXEC);
	if (sfd < 0)
		return fail(e, errno, "signalfd");
	bool in_open = s->con.in >= 0, out_open = s->console;
	if (s->console_relay)
		console_raw(STDIN_FILENO);

	while (!(s->reaped && s->sock < 0)) {
		struct pollfd p[5 + CMD_MAX_POLLFDS];
		unsigned n = 0;
		int ichild = -1, isig, iin = -1, iout = -1, ijava = -1;
		if (s->sock >= 0)
			p[ichild = n++] = (struct pollfd){ .fd = s->sock, .events = POLLIN };
		if (s->sync_open)
			p[ijava = n++] = (struct pollfd){ .fd = s->sync, .events = POLLIN };
		p[isig = n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		if (in_open)
			p[iin = n++] = (struct pollfd){ .fd = s->con.in, .events = POLLIN };
		/* While a console client holds the master, its output is the client's to read. */
		if (out_open && !cmdsock_held(&s->cs, 0))
			p[iout = n++] = (struct pollfd){ .fd = s->con.master, .events = POLLIN };
		if (poll_serving(s, p, n, e) < 0)
			return -1;
		if (ichild >= 0 && p[ichild].revents)
			on_child_msg(s);
		if (ijava >= 0 && p[ijava].revents) {
			/* Java sends nothing after GO: readable means it is gone. A foreground start ends
			 * with the command that made it (as init dies with LXC 1.0.7's lxc-start); a
			 * daemon goes on alone once it is running. */
			s->sync_open = false;
			close(s->sync);
			s->sync = -1;
			if (!s->reaped && !(s->o->daemon && s->running))
				syscall(SYS_pidfd_send_signal, s->st.pidfd, SIGKILL, NULL, 0);
		}
		if (p[isig].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == sizeof si) {
				if (si.ssi_signo == SIGWINCH)
					console_resize(&s->con);
				if (si.ssi_signo == SIGCHLD) {
					reap(s, WNOHANG);
					reap_exit_cmd(s);
				} else if (si.ssi_signo != SIGWINCH && !s->reaped && s->st.pidfd >= 0) {
					syscall(SYS_pidfd_send_signal, s->st.pidfd, (int)si.ssi_signo, NULL, 0);
				}
			}
		}
		if (iin >= 0 && p[iin].revents && console_pump_in(&s->con))
			in_open = false;
		if (iout >= 0 && p[iout].revents && !cmdsock_held(&s->cs, 0) && console_pump_out(&s->con))
			out_open = false;
	}
	if (!s->running)
		return 1;
	if (!cmdsock_held(&s->cs, 0))
		console_drain(&s->con);
	console_ring_to_log(&s->con);
	/* A peer stays raw across a reboot (restored when the shim exits). */
	if (s->con.peer < 0)
		console_restore();
	return 0;
}

#define RUN_REBOOT 2 /* run_plan's result when a new run follows */

/* Foreground: EXITED, then Java's post-stop work until DONE (or Java is gone), or a new PLAN:
 * the container reboots. */
static int finish_foreground(struct shim *s, struct err *e)
{
	if (!s->sync_open)
		return 0;
	if (proto_send_i32(s->sync, MSG_EXITED, s->status) < 0)
		return fail(e, errno, "send(EXITED)");
	if (wait_readable(s, s->sync, e) < 0)
		return -1;
	struct msg m;
	if (proto_recv(s->sync, &m, MSG_MAX) != 0)
		return 0;
	if (m.type == MSG_PLAN) {
		s->next = m;
		return RUN_REBOOT;
	}
	if (m.type != MSG_DONE)
		fprintf(stderr, "jlxc-shim: expected DONE or PLAN, got message type %u\n", m.type);
	msg_free(&m);
	return 0;
}

/* Serves commands until the ON_EXIT command ended or sent RESTART; returns the RESTART
 * connection, or -1 (with e set on an error: check e->errnum). */
static int wait_exit_cmd(struct shim *s, int pidfd, struct err *e)
{
	struct pollfd p[1 + CMD_MAX_POLLFDS];
	int fd = -1;
	s->cs.restart_ok = true;
	do {
		p[0] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		if (poll_serving(s, p, 1, e) < 0)
			break;
		fd = cmdsock_take_restart(&s->cs);
	} while (fd < 0 && !p[0].revents);
	s->cs.restart_ok = false;
	return fd;
}

/* Daemon: the ON_EXIT command does the post-stop work; the command socket says STOPPING meanwhile. */
static int finish_daemon(struct shim *s, struct err *e)
{
	if (s->sync_open)
		proto_send_i32(s->sync, MSG_EXITED, s->status); /* Java may not have closed it yet */
	/* The plan says when the shim can do the post-stop work alone: then no JVM starts. */
	if (s->cleanup && !(WIFSIGNALED(s->status) && WTERMSIG(s->status) == (int)s->cleanup->cleanup.unless_signal)) {
		if (s->exit_cmd > 0)
			waitpid(s->exit_cmd, NULL, 0);
		s->exit_cmd = 0;
		return cleanup_run(s->cleanup) ? 1 : 0;
	}
	if (!s->on_exit)
		return 0;
	/* The one that drove the last reboot has had all the time it needs to finish. */
	if (s->exit_cmd > 0)
		waitpid(s->exit_cmd, NULL, 0);
	s->exit_cmd = 0;
	int pidfd;
	pid_t pid = run_on_exit(&s->rd, s->on_exit, s->status, &s->oldmask, &pidfd, e);
	if (pid < 0)
		return -1;
	if (pidfd >= 0) {
		e->errnum = 0;
		int fd = wait_exit_cmd(s, pidfd, e);
		close(pidfd);
		if (fd >= 0) {
			/* A reboot: the exit command did the post-stop work and now drives the next start on
			 * this connection, as Java did the first on the sync socket. */
			if (s->sync_open)
				close(s->sync);
			s->sync = fd;
			s->sync_open = true;
			s->exit_cmd = pid;
			return RUN_REBOOT;
		}
		if (e->errnum)
			return -1;
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (status != 0) {
		char what[64];
		describe_status(status, what, sizeof what);
		fprintf(stderr, "jlxc-shim: on_exit %s: %s\n", s->on_exit[0], what);
		return 1;
	}
	return 0;
}

/* Returns 0 at the end of a run, 1 after a failure already reported, -1 with e for SHIM_FAILED. */
static int run_plan(struct shim *s, struct err *e)
{
	struct msg m;
	char perr[256];
	int r = 0;
	if (s->next.type) {
		m = s->next;
		s->next = (struct msg){ 0 };
	} else {
		if (wait_readable(s, s->sync, e) < 0)
			return -1;
		r = proto_recv(s->sync, &m, MSG_MAX);
	}
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
	if (!s->cur_op) {
		void *p = mmap(NULL, sizeof *s->cur_op, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return fail(e, errno, "mmap");
		s->cur_op = p;
	}
	*s->cur_op = CUR_OP_NONE;
	int sp[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
		return fail(e, errno, "socketpair");
	s->sock = sp[0];

	pid_t shim_pid = getpid();
	int pidfd = -1;
	s->child = clone_child(s->clone_flags, &pidfd);
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
			.console_stdio = s->console_stdio,
			.console_index = s->console_index,
			.cur_op = s->cur_op,
			/* In a new PID namespace the parent is outside it and getppid() is 0. */
			.shim_pid = (s->clone_flags & CLONE_NEWPID) ? 0 : shim_pid,
			.sigmask = s->oldmask,
		};
		child_main(&a);
	}
	close(sp[1]);
	if (pidfd < 0)
		return fail(e, errno, "pidfd_open");
	s->st.pidfd = pidfd;
	s->st.init_pid = s->child;
	s->st.init_status = -1;
	cmdsock_notify(&s->cs);
	if (s->console && s->con.held < 0 && console_hold_slave(&s->con, e) < 0)
		return -1;

	if (proto_send_i32(s->sync, MSG_CHILD_PID, s->child) < 0)
		return fail(e, errno, "send(CHILD_PID)");
	if (wait_readable(s, s->sync, e) < 0)
		return -1;
	r = proto_recv(s->sync, &m, 0);
	if (r != 0 || m.type != MSG_GO) {
		/* Java went away (or spoke nonsense) before GO: the container must not start. */
		set_state(s, STATE_ABORTING);
		if (r == 0)
			return fail(e, EPROTO, "expected GO, got message type %u", m.type);
		s->sync_open = false;
		return 1;
	}
	if (proto_send(s->sock, MSG_GO, NULL, 0) < 0)
		return fail(e, errno, "send(GO) to the child");
	r = supervise(s, &s->sigs, e);
	if (r != 0)
		return r;
	return s->o->daemon ? finish_daemon(s, e) : finish_foreground(s, e);
}

/* Back to the state of a shim that holds the lock and waits for a plan: what belonged to the
 * run that ended goes (plan, init's pidfd, its ttys and their clients); the lock, the pidfile,
 * the command socket, its watchers and the console stay. */
static void reset_for_reboot(struct shim *s)
{
	plan_free(&s->plan);
	s->clone_flags = 0;
	s->on_exit = NULL;
	s->cleanup = NULL;
	s->leave = NULL; /* the next plan brings it again: the shim stays in its cgroup meanwhile */
	s->console = s->console_relay = s->console_stdio = false;
	cmdsock_drop_ttys(&s->cs);
	for (unsigned i = 0; i < s->nttys; i++)
		close(s->ttys[i]);
	s->nttys = 0;
	/* The next run's KEEP_NS brings the new init's namespaces. */
	for (unsigned i = 0; i < s->nnsfds; i++)
		close(s->nsfds[i]);
	s->nnsfds = 0;
	if (s->st.pidfd >= 0)
		close(s->st.pidfd);
	s->st.pidfd = -1;
	s->st.init_pid = 0;
	s->child = 0;
	s->failed = s->running = s->reaped = false;
	s->status = 0;
	/* In the foreground stderr is the user's terminal: Java logs it there. */
	if (s->o->daemon)
		fprintf(stderr, "jlxc-shim: container requested reboot\n");
	set_state(s, STATE_STARTING);
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

/* Lock, command socket, pidfile, daemon mode, then LOCKED: Java may now touch the container. */
static int take_rundir(struct shim *s, struct err *e)
{
	if (s->o->daemon) {
		/* Leave the process Java started, so that nothing in the JVM waits on the monitor
		 * (the JVM's exit waits for its process reaper); the lock is taken after the fork,
		 * fcntl locks belonging to a process. */
		pid_t pid = fork();
		if (pid < 0)
			return fail(e, errno, "fork");
		if (pid > 0)
			_exit(0);
		s->st.shim_pid = getpid();
	}
	if (rundir_init(&s->rd, s->o->rundir, s->o->pidfile, e) < 0 || rundir_lock(&s->rd, e) < 0)
		return -1;
	if (cmdsock_listen(&s->cs, s->rd.command, &s->st, e) < 0 || rundir_write_pidfile(&s->rd, e) < 0)
		return -1;
	s->cs.state_file = s->rd.state;
	cmdsock_notify(&s->cs);
	if (s->o->daemon && rundir_daemonize(&s->rd, e) < 0)
		return -1;
	if (proto_send_i32(s->sync, MSG_LOCKED, s->st.shim_pid) < 0)
		return fail(e, errno, "send(LOCKED)");
	return 0;
}

int run_main(const struct run_opts *o)
{
	/* Keep nothing the caller leaked to us: only 0-2 reach the container. */
	close_range(3, ~0U, 0);
	static struct shim s; /* large (tty masters, clients): not on the stack */
	s = (struct shim){ .o = o, .sock = -1, .con = CONSOLE_INIT, .cs = CMDSOCK_INIT, .sync_open = true,
			   .st = { .state = STATE_STARTING, .pidfd = -1, .init_status = -1, .console = -1, .shim_pid = getpid() } };
	s.st.ttys = s.ttys;
	s.st.nttys = &s.nttys;
	struct err e = { 0 };
	s.sync = unix_connect(o->sync);
	if (s.sync < 0) {
		fprintf(stderr, "jlxc-shim: connect(%s): %s\n", o->sync, strerror(errno));
		return 1;
	}
	/* Absolute, for after daemon mode's chdir("/"). */
	char sync_path[PATH_MAX], cwd[PATH_MAX];
	if (o->sync[0] != '/' && getcwd(cwd, sizeof cwd) && strlen(cwd) + 1 + strlen(o->sync) < sizeof sync_path) {
		strcpy(sync_path, cwd);
		strcat(sync_path, "/");
		strcat(sync_path, o->sync);
	} else {
		snprintf(sync_path, sizeof sync_path, "%s", o->sync);
	}

	/* Blocked before the first clone, so no child's end goes unseen; read from signalfds. */
	sigemptyset(&s.sigs);
	sigaddset(&s.sigs, SIGCHLD);
	sigaddset(&s.sigs, SIGWINCH);
	if (o->daemon) {
		/* A daemon's monitor passes the signals it gets on to init, as LXC's does: `kill PID`
		 * of the pidfile stops the container the way init handles it, and the shim still
		 * cleans up after it. (In the foreground the command that started it does that.) */
		for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
			sigaddset(&s.sigs, forwarded[i]);
	}
	sigprocmask(SIG_BLOCK, &s.sigs, &s.oldmask);

	int r = take_rundir(&s, &e);
	while (r == 0 && (r = run_plan(&s, &e)) == RUN_REBOOT) {
		reset_for_reboot(&s);
		/* A RESTART starts as the first start did: LOCKED, then the plan; in the foreground
		 * the plan came already, instead of DONE. */
		if (!s.next.type && proto_send_i32(s.sync, MSG_LOCKED, s.st.shim_pid) < 0)
			r = fail(&e, errno, "send(LOCKED)");
		else
			r = 0;
	}
	if (r < 0) {
		if (s.rd.owned)
			set_state(&s, STATE_ABORTING);
		fprintf(stderr, "jlxc-shim: %s: %s\n", e.what, strerror(e.errnum));
		proto_send_shim_failed(s.sync, e.errnum, e.what);
	}
	if (s.child > 0 && !s.reaped) {
		kill(s.child, SIGKILL);
		waitpid(s.child, NULL, 0);
	}
	if (s.exit_cmd > 0)
		waitpid(s.exit_cmd, NULL, 0);
	/* Before the lock and the command socket go: a start that follows finds the name free. */
	if (s.leave && leave_cgroup_run(s.leave) && r == 0)
		r = 1;
	console_restore();
	/* The files first: a watcher that sees the connection end (STOPPED) finds none of them. */
	rundir_cleanup(&s.rd);
	cmdsock_close(&s.cs);
	remove_sync_dir(sync_path);
	return r == 0 ? 0 : 1;
}
