/* `jlxc-shim run`: receive a plan on the sync socket, start the container, supervise it. */
#pragma once
#include <stdbool.h>

struct run_opts {
	const char *sync;    /* the sync socket Java listens on */
	const char *rundir;  /* the container's runtime directory: lock, command socket, log */
	const char *pidfile; /* NULL for none */
	bool daemon;
};

/* The shim's exit code: 0 after a run to its end, 1 after a failure. */
int run_main(const struct run_opts *o);
