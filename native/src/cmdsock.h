/* The command socket (DIR/command): GET_STATE, SIGNAL, WATCH, CONSOLE, RESTART and SET_STATE from any number of
 * tools, served from the shim's poll loop without ever blocking on a client. */
#pragma once
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include "state.h"
#include "util.h"

#define CMD_MAX_CLIENTS 64
/* The listening socket and every client. */
#define CMD_MAX_POLLFDS (1 + CMD_MAX_CLIENTS)

struct cmdclient {
	int fd;
	bool watch;      /* sent WATCH: gets STATE at every change */
	int tty;         /* the tty whose master it holds (0: console), -1 for none */
	uint32_t len;    /* bytes of an incomplete request in buf */
	uint8_t buf[16]; /* no request is longer than 12 bytes */
};

struct cmdsock {
	int listen; /* -1 when the shim serves no command socket */
	bool restart_ok; /* the run loop takes a RESTART now (init ended, the exit command runs) */
	int restart;     /* the connection that sent RESTART, no longer a client; -1 when none */
	struct shim_status *st; /* SET_STATE writes its state */
	const char *state_file; /* each change is also written there (NULL: not) */
	unsigned n;
	struct cmdclient c[CMD_MAX_CLIENTS];
};

#define CMDSOCK_INIT { .listen = -1, .restart = -1 }

/* Binds and listens on path (a stale socket file there is removed first). */
int cmdsock_listen(struct cmdsock *cs, const char *path, struct shim_status *st, struct err *e);
/* Adds the fds to poll to p (at most CMD_MAX_POLLFDS); returns how many. */
unsigned cmdsock_pollfds(const struct cmdsock *cs, struct pollfd *p);
/* Serves what poll reported on the n fds cmdsock_pollfds added. */
void cmdsock_serve(struct cmdsock *cs, const struct pollfd *p, unsigned n);
/* The state changed: writes the state file and tells every watcher. */
void cmdsock_notify(struct cmdsock *cs);
/* Whether a client holds the master of tty (0: the console). */
bool cmdsock_held(const struct cmdsock *cs, int tty);
/* The connection that sent an accepted RESTART (now the run loop's sync socket), or -1. */
int cmdsock_take_restart(struct cmdsock *cs);
/* Drops the clients holding a tty other than the console (the container that had it is gone). */
void cmdsock_drop_ttys(struct cmdsock *cs);
/* Closes every client (watchers see EOF: STOPPED) and the listening socket. */
void cmdsock_close(struct cmdsock *cs);
