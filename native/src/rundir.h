/* The container's runtime directory (run --rundir DIR): the lock that says a monitor lives,
 * the pidfile, daemon mode's log, and the ON_EXIT command run at the end. */
#pragma once
#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>
#include "util.h"

struct rundir {
	char dir[PATH_MAX];
	char command[PATH_MAX]; /* DIR/command */
	char log[PATH_MAX];     /* DIR/shim.log */
	char pidfile[PATH_MAX]; /* empty when there is none */
	char pidfile_record[PATH_MAX]; /* DIR/pidfile: the shim's pid and the pidfile's path */
	char state[PATH_MAX];   /* DIR/state: the last STATE, for tools that only look */
	int lock;               /* -1 before rundir_lock */
	bool owned;             /* locked: the files are ours to remove */
};

/* Absolute paths of dir and pidfile (either relative to the working directory). */
int rundir_init(struct rundir *r, const char *dir, const char *pidfile, struct err *e);
/* The write lock on DIR/lock, held for the process's life; EAGAIN when another shim holds it. */
int rundir_lock(struct rundir *r, struct err *e);
/* Writes the pidfile, if there is one, and its record DIR/pidfile ("PID\nPATH\n"). */
int rundir_write_pidfile(struct rundir *r, struct err *e);
/* setsid, chdir("/"), stdin and stdout on /dev/null, stderr appended to DIR/shim.log. */
int rundir_daemonize(struct rundir *r, struct err *e);
/* Removes DIR/command, the pidfile and its record, if they are ours. */
void rundir_cleanup(struct rundir *r);
/* DIR/exit: init's last wait status ("N\n"), replaced atomically at the end of each run, kept
 * after the shim exits: what a watcher that came too late to see STOPPING reports as the exit. */
void rundir_record_exit(struct rundir *r, int status);

/* Starts argv with JLXC_EXIT_STATUS=status added to the environment, stdin and stdout on
 * /dev/null and stderr on DIR/shim.log; returns its pid with *pidfd (-1 if pidfd_open failed),
 * or -1 with e. */
pid_t run_on_exit(struct rundir *r, char *const argv[], int status, const sigset_t *mask, int *pidfd,
		  struct err *e);
