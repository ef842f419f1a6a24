/* The container's console: a pty whose slave becomes the child's fds 0-2 (CONSOLE modes 1 and
 * 3) or is only bind-mounted (mode 2), and whose master the shim reads: relayed to its stdout
 * (modes 1 and 2) or drained (mode 3), and copied to the CONSOLE_LOG file when there is one. */
#pragma once
#include <stdbool.h>
#include "util.h"

struct console {
	int master;          /* shim side, -1 when there is no pty */
	int slave;           /* child side, opened by console_attach */
	char slave_path[64]; /* /dev/pts/N in the host's devpts */
	int held;            /* the shim's own slave fd (console_hold_slave), -1 when none */
	int out;             /* where the master's output goes: the shim's stdout, or -1 */
	int log;             /* the CONSOLE_LOG file, -1 when none */
};

#define CONSOLE_INIT { .master = -1, .slave = -1, .held = -1, .out = -1, .log = -1 }

/* In the shim, before the clone: the pty pair, with the size of the shim's terminal if it has one. */
int console_open(struct console *con, struct err *e);
/* In the child, CONSOLE mode 2: only the slave, for CONSOLE_MOUNT; not the child's terminal. */
int console_open_slave(struct console *con, struct err *e);
/* In the shim: keep a slave open, so the master never reads EIO while no one in the container
 * has the console open (it is reopened later, e.g. by init). */
int console_hold_slave(struct console *con, struct err *e);
/* In the shim: the CONSOLE_LOG file (appended to, created 0600). */
int console_open_log(struct console *con, const char *path, struct err *e);
/* In the child: a new session, with the slave as fds 0, 1 and 2 (not as controlling terminal). */
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
