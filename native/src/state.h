/* What the shim tells tools about its container (the STATE message of the command socket). */
#pragma once
#include <stdbool.h>
#include <sys/types.h>

enum shim_state {
	STATE_STARTING = 1, /* before RUNNING was sent */
	STATE_RUNNING = 2,
	STATE_STOPPING = 3, /* init ended; the post-stop work runs */
	STATE_ABORTING = 4, /* an op failed: the start is being undone */
	/* Reported by Java (SET_STATE) while init runs: the shim only carries them (lxc-freeze). */
	STATE_FREEZING = 5,
	STATE_FROZEN = 6,
	STATE_THAWED = 7, /* sent to watchers, then held as RUNNING (as LXC's handler does) */
};

/* The shim's side of the command socket: read by its server, written by the run loop. */
struct shim_status {
	enum shim_state state;
	pid_t init_pid;    /* host pid of init, 0 when there is none */
	int init_status;   /* init's wait status once reaped (lxc-monitor's "exited with status"), -1 before */
	int pidfd;         /* init's pidfd, -1 when there is none (SIGNAL goes through it) */
	pid_t shim_pid;
	int console;       /* the console pty's master, -1 when there is none */
	bool console_peer; /* the console is relayed to a CONSOLE_PEER device: not for lxc-console */
	const int *ttys;   /* masters of ttys 1..nttys */
	const unsigned *nttys;
};
