/* `jlxc-shim console --socket PATH [--tty N] [--escape C]`: the client behind lxc-console. It
 * asks the shim for a tty's master over the command socket, then relays the terminal to it. */
#pragma once

/* argv after "console"; returns the process's exit code. */
int client_main(char **argv);
