/* The child's side: wait for GO, run the plan's ops in order, exec. */
#pragma once
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include "console.h"
#include "plan.h"

/* Value of *cur_op before the child started its first op. */
#define CUR_OP_NONE UINT32_MAX

struct child_args {
	const struct plan *plan;
	int sock;                 /* the child's end of the socketpair */
	int close_fds[2];         /* the shim's fds the child must not keep (sync socket, its socketpair end) */
	int selffd;               /* the shim's own binary, for EXEC_INIT; -1 if not opened */
	struct console *con;      /* NULL in CONSOLE mode 0 */
	bool console_stdio;       /* CONSOLE modes 1 and 3: the pty is the child's fds 0-2; mode 2: only mounted */
	uint32_t console_index;   /* the CONSOLE op, blamed when attaching the pty fails */
	volatile uint32_t *cur_op; /* shared with the shim: the op being run, to blame if the child dies */
	pid_t shim_pid;           /* to check the shim did not die before PR_SET_PDEATHSIG (0: can't tell) */
	sigset_t sigmask;         /* the shim's signal mask before it blocked SIGCHLD etc. */
};

__attribute__((noreturn)) void child_main(struct child_args *a);

/* PR_CAPBSET_DROP of every capability in mask (CAP_BOUND_DROP; also lxc-attach's drop); the
 * ones this kernel does not know are skipped. */
int cap_bound_drop(uint64_t mask, struct err *e);

/* Plan op KEEP_NS's namespaces, in LXC's order (its ns_info: the stop hook's argument order). */
struct ns_kind {
	uint64_t flag;    /* CLONE_NEW* */
	const char *name; /* under /proc/PID/ns/, and the stop hook's "TYPE:" */
};
#define NS_KINDS 6
extern const struct ns_kind ns_kinds[NS_KINDS];
