/* Plan op SECCOMP. The filter is classic BPF compiled by the Java side from lxc.seccomp.profile;
 * the shim only loads it, where LXC does (lxc_seccomp_load): after the setup and the capability
 * drop, before the start hooks and the exec. Like LXC it does not set no_new_privs: the child is
 * root with CAP_SYS_ADMIN in its effective set, which the kernel accepts instead. */
#include "seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int op_seccomp(const struct op *op, struct err *e)
{
	const struct bytes *p = &op->seccomp.program;
	if (p->len == 0 || p->len % sizeof(struct sock_filter) != 0 || p->len / sizeof(struct sock_filter) > BPF_MAXINSNS)
		return fail(e, EINVAL, "seccomp: a program of %u bytes is not 1 to %d instructions", p->len,
			    BPF_MAXINSNS);
	if (op->seccomp.flags & SECCOMP_SKIP_IF_CONFINED) {
		/* lxc.seccomp.allow_nesting = 0: as LXC's use_seccomp, a process already under a filter
		 * (or on a kernel without seccomp) keeps what it has. PR_GET_SECCOMP needs no /proc. */
		int mode = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);
		if (mode != 0)
			return 0;
	}
	struct sock_fprog prog = {
		.len = (unsigned short)(p->len / sizeof(struct sock_filter)),
		.filter = (struct sock_filter *)(void *)p->v,
	};
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return fail(e, errno, "seccomp(SECCOMP_SET_MODE_FILTER, %u instructions)", prog.len);
	return 0;
}
