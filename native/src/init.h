/* The minimal init (EXEC_INIT, `jlxc-shim init -- CMD...`, argv[0] `jlxc-init`) and the PATH
 * search it shares with EXEC. */
#pragma once

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* execve(argv[0]) looked up in the PATH of envp (DEFAULT_PATH when it has none).
 * Returns only on failure, with errno set. */
int exec_search(char *const argv[], char *const envp[]);

/* Runs argv as the child of this process, forwarding signals and reaping every zombie; returns
 * the exit code for the process: the command's exit code, or 128+N if signal N killed it. */
int init_main(char *const argv[]);
