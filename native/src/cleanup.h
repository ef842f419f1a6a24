#ifndef JLXC_CLEANUP_H
#define JLXC_CLEANUP_H

#include "plan.h"

/* Plan op CLEANUP: the post-stop work of a daemon run without stop hooks, done by the shim
 * itself instead of starting the ON_EXIT command (a JVM, ~100 ms). Returns the number of
 * failures, each reported on stderr (the shim's log). */
int cleanup_run(const struct op *op);

/* Plan op LEAVE_CGROUP: the shim moves itself to the pivot cgroups and removes its own (the
 * monitor's) cgroup trees; returns the number of failures (each reported on stderr). */
int leave_cgroup_run(const struct op *op);

#endif
