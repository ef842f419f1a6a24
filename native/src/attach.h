/* jlxc-shim attach: runs a command in a running container's namespaces and cgroup, as
 * lxc-attach does. Java decides everything (which namespaces, cgroup directories, capabilities,
 * ids, environment, command); the shim only does what the JVM cannot (setns into the mount and
 * PID namespaces needs a single-threaded process). See native/PLAN.md, "Attach". */
#pragma once

/* argv: the arguments after "attach"; returns the exit code (the command's, 128+N for a signal). */
int attach_main(char **argv);
