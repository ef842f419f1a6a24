/* The container's console (CONSOLE mode 1): a pty whose master the shim relays to its own
 * stdin/stdout and whose slave becomes the child's controlling terminal and fds 0-2. */
#pragma once
#include <stdbool.h>
#include "util.h"

struct console {
	int master;          /* shim side, -1 when there is no pty */
	int slave;           /* child side, opened by console_attach */
	char slave_path[64]; /* /dev/pts/N in the host's devpts */
};

#define CONSOLE_INIT { .master = -1, .slave = -1 }

/* In the shim, before the clone: the pty pair, with the size of the shim's terminal if it has one. */
int console_open(struct console *con, struct err *e);
/* In the child: a new session with the slave as controlling terminal and fds 0, 1 and 2. */
int console_attach(struct console *con, struct err *e);
/* Puts the shim's stdin terminal in raw mode until console_restore (also run at exit and on
 * SIGTERM, SIGINT, SIGHUP, SIGQUIT). No-op when stdin is not a terminal. */
void console_raw(void);
void console_restore(void);
/* Copies the shim's terminal size to the pty (SIGWINCH). */
void console_resize(struct console *con);
/* One relay step each; return 1 when their source is exhausted (EOF, or EIO of a closed pty). */
int console_pump_in(struct console *con);
int console_pump_out(struct console *con);
/* After init exited: whatever the pty still holds, without blocking. */
void console_drain(struct console *con);
