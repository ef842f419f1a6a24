/* The container's console: a pty whose slave becomes the child's fds 0-2 (CONSOLE modes 1 and
 * 3) or is only bind-mounted (mode 2), and whose master the shim reads: relayed to its stdout
 * (modes 1 and 2), to the CONSOLE_PEER device, or drained (mode 3), and copied to the
 * CONSOLE_LOG file (limited by CONSOLE_LOG_SIZE) and the CONSOLE_BUFFER ring when there are. */
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "util.h"

/* lxc.console.buffer.size: the last `size` bytes of console output, kept in memory. */
struct ringbuf {
	char *data;
	uint64_t size;  /* 0: no ring */
	uint64_t total; /* bytes ever written since the last clear */
};

struct console {
	int master;          /* shim side, -1 when there is no pty */
	int slave;           /* child side, opened by console_attach */
	char slave_path[64]; /* /dev/pts/N in the host's devpts */
	int held;            /* the shim's own slave fd (console_hold_slave), -1 when none */
	int out;             /* where the master's output goes: the shim's stdout, or -1 */
	int in;              /* where the master's input comes from: the shim's stdin, the peer, or -1 */
	int log;             /* the CONSOLE_LOG file, -1 when none */
	char *log_path;      /* its path (for rotation) */
	uint64_t log_size;   /* CONSOLE_LOG_SIZE: the log's limit in bytes, 0 for none */
	bool log_rotate;     /* at the limit: rename it to PATH.1 (else truncate it) */
	bool log_warned;     /* a limit on a log that is not a regular file was reported */
	int peer;            /* the CONSOLE_PEER device, -1 when none */
	struct ringbuf ring;
};

#define CONSOLE_INIT { .master = -1, .slave = -1, .held = -1, .out = -1, .in = -1, .log = -1, .peer = -1 }

/* In the shim, before the clone: the pty pair, with the size of the shim's terminal if it has one. */
int console_open(struct console *con, struct err *e);
/* In the child, CONSOLE mode 2: only the slave, for CONSOLE_MOUNT; not the child's terminal. */
int console_open_slave(struct console *con, struct err *e);
/* In the shim: keep a slave open, so the master never reads EIO while no one in the container
 * has the console open (it is reopened later, e.g. by init). */
int console_hold_slave(struct console *con, struct err *e);
/* In the shim: the CONSOLE_LOG file (appended to, created 0600). */
int console_open_log(struct console *con, const char *path, struct err *e);
/* In the shim: the CONSOLE_PEER device (lxc.console.path), which must be a terminal; it is put
 * in raw mode until console_restore and becomes the console's input and output. */
int console_open_peer(struct console *con, const char *path, struct err *e);
/* In the shim: a ring of size bytes (0: none); an existing ring of another size is replaced. */
int console_set_ring(struct console *con, uint64_t size, struct err *e);
/* The ring's content, oldest byte first, into buf (of at least con->ring.size bytes); its length. */
uint64_t console_ring_read(const struct console *con, char *buf);
/* End of a run, as LXC's lxc_terminal_delete: when there is a ring and a log, the log is
 * truncated and gets the ring's first min(used, log size) bytes; the ring is emptied. */
void console_ring_to_log(struct console *con);
/* In the child: a new session, with the slave as fds 0, 1 and 2 (not as controlling terminal). */
int console_attach(struct console *con, struct err *e);
/* Puts the terminal fd in raw mode until console_restore (also run at exit and on SIGTERM,
 * SIGINT, SIGHUP, SIGQUIT). No-op when fd is not a terminal. One terminal at a time. */
void console_raw(int fd);
void console_restore(void);
/* Copies the size of the console's input terminal (else the shim's stdin) to the pty (SIGWINCH). */
void console_resize(struct console *con);
/* One relay step each; return 1 when their source is exhausted (EOF, or EIO of a closed pty). */
int console_pump_in(struct console *con);
int console_pump_out(struct console *con);
/* After init exited: whatever the pty still holds, without blocking. */
void console_drain(struct console *con);
