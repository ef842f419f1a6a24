/* Messages on the sync socket (Java <-> shim), the command socket (tools <-> shim) and the
 * shim <-> child socketpair:
 * u32 type, u32 length, payload; all little-endian (see PLAN.md). */
#pragma once
#include <stddef.h>
#include <stdint.h>

enum msg_type {
	MSG_PLAN = 1,
	MSG_CHILD_PID = 2,
	MSG_GO = 3,
	MSG_OP_FAILED = 4,
	MSG_RUNNING = 5,
	MSG_EXITED = 6,
	MSG_SHIM_FAILED = 7,
	MSG_WARNING = 8,
	MSG_LOCKED = 9,
	MSG_DONE = 10,
	/* Plan op START_HOST: shim -> Java (u32 op index), and child -> shim; CONTINUE answers both. */
	MSG_START_HOST = 11,
	MSG_CONTINUE = 12,
	/* Shim -> Java: the namespaces the shim holds for lxc.hook.stop, "TYPE:/proc/PID/fd/N" lines. */
	MSG_NAMESPACES = 13,
	/* The command socket (tools <-> shim). */
	MSG_GET_STATE = 20,
	MSG_STATE = 21,
	MSG_SIGNAL = 22,
	MSG_RESULT = 23,
	MSG_WATCH = 24,
	MSG_CONSOLE = 25,
	MSG_CONSOLE_FD = 26,
	MSG_RESTART = 27,
	MSG_SET_STATE = 28,
	/* Child -> shim only: the masters of the container's ttys, as SCM_RIGHTS; payload u32 count. */
	MSG_TTY_MASTERS = 100,
	/* Child -> shim only: plan op KEEP_NS's namespaces as SCM_RIGHTS; payload u64 their flags. */
	MSG_NS_FDS = 101,
};

/* The largest message the shim accepts (a plan). */
#define MSG_MAX (64u << 20)

struct msg {
	uint32_t type;
	uint32_t len;
	uint8_t *data; /* malloc'ed, NULL when len is 0 */
};

/* All return 0, or -1 with errno set; proto_recv returns 1 at a clean end of file. */
int proto_send(int fd, uint32_t type, const void *payload, uint32_t len);
int proto_send_i32(int fd, uint32_t type, int32_t value);
/* OP_FAILED and WARNING: u32 op index, i32 errno, str detail. */
int proto_send_op(int fd, uint32_t type, uint32_t index, int32_t errnum, const char *detail);
/* SHIM_FAILED: i32 errno, str what. */
int proto_send_shim_failed(int fd, int32_t errnum, const char *what);
int proto_recv(int fd, struct msg *m, uint32_t max);
/* Sends a message with fds attached (SCM_RIGHTS). */
int proto_send_fds(int fd, uint32_t type, const void *payload, uint32_t len, const int *fds, unsigned nfds);
/* Like proto_recv, also taking up to maxfds fds passed with the message (*nfds of them, CLOEXEC). */
int proto_recv_fds(int fd, struct msg *m, uint32_t max, int *fds, unsigned maxfds, unsigned *nfds);
void msg_free(struct msg *m);

void put_u32(uint8_t *p, uint32_t v);
uint32_t get_u32(const uint8_t *p);
