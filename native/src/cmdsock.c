#include "cmdsock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include "proto.h"

int cmdsock_listen(struct cmdsock *cs, const char *path, struct shim_status *st, struct err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path)
		return fail(e, ENAMETOOLONG, "command socket %s", path);
	strcpy(sa.sun_path, path);
	cs->st = st;
	cs->listen = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (cs->listen < 0)
		return fail(e, errno, "socket");
	/* We hold the lock: a socket file left there is a dead shim's. */
	if (unlink(path) < 0 && errno != ENOENT)
		return fail(e, errno, "unlink(%s)", path);
	if (bind(cs->listen, (struct sockaddr *)&sa, sizeof sa) < 0)
		return fail(e, errno, "bind(%s)", path);
	if (listen(cs->listen, 16) < 0)
		return fail(e, errno, "listen(%s)", path);
	return 0;
}

unsigned cmdsock_pollfds(const struct cmdsock *cs, struct pollfd *p)
{
	unsigned n = 0;
	if (cs->listen < 0)
		return 0;
	/* At the cap, new clients wait in the backlog until one leaves. */
	if (cs->n < CMD_MAX_CLIENTS)
		p[n++] = (struct pollfd){ .fd = cs->listen, .events = POLLIN };
	for (unsigned i = 0; i < cs->n; i++)
		p[n++] = (struct pollfd){ .fd = cs->c[i].fd, .events = POLLIN };
	return n;
}

static void drop(struct cmdclient *c)
{
	close(c->fd);
	c->fd = -1;
	c->tty = -1;
}

static int send_state(struct cmdclient *c, const struct shim_status *st)
{
	uint8_t b[16];
	put_u32(b, (uint32_t)st->state);
	put_u32(b + 4, (uint32_t)st->init_pid);
	put_u32(b + 8, (uint32_t)st->shim_pid);
	put_u32(b + 12, (uint32_t)st->init_status);
	return proto_send(c->fd, MSG_STATE, b, sizeof b);
}

static int32_t do_signal(const struct shim_status *st, int32_t sig)
{
	if (st->pidfd < 0)
		return ESRCH;
	if (syscall(SYS_pidfd_send_signal, st->pidfd, sig, NULL, 0) < 0)
		return errno;
	return 0;
}

/* The master of tty (0: console), or -1 with *err set. */
static int tty_master(const struct cmdsock *cs, int tty, int32_t *err)
{
	const struct shim_status *st = cs->st;
	int fd = tty == 0 ? st->console : tty > 0 && (unsigned)tty <= *st->nttys ? st->ttys[tty - 1] : -1;
	if (fd < 0)
		*err = ENOENT;
	else if (cmdsock_held(cs, tty) || (tty == 0 && st->console_peer))
		*err = EBUSY;
	return *err ? -1 : fd;
}

static int do_console(struct cmdsock *cs, struct cmdclient *c, int32_t tty)
{
	int32_t err = 0;
	int fd = -1;
	if (c->tty >= 0) {
		err = EBUSY; /* one tty per connection */
	} else if (tty == -1) {
		/* The first free tty; the console when the container has none. */
		unsigned n = *cs->st->nttys;
		if (n == 0) {
			tty = 0;
			fd = tty_master(cs, 0, &err);
		} else {
			err = EBUSY;
			for (unsigned i = 1; i <= n && err; i++) {
				err = 0;
				fd = tty_master(cs, (int)i, &err);
				tty = (int32_t)i;
			}
			if (err)
				tty = -1;
		}
	} else {
		fd = tty_master(cs, tty, &err);
	}
	uint8_t b[8];
	put_u32(b, (uint32_t)err);
	put_u32(b + 4, (uint32_t)tty);
	if (err)
		return proto_send(c->fd, MSG_CONSOLE_FD, b, sizeof b);
	if (proto_send_fds(c->fd, MSG_CONSOLE_FD, b, sizeof b, &fd, 1) < 0)
		return -1;
	c->tty = tty;
	return 0;
}

/* RESTART: while the run loop allows it, the connection leaves the clients and becomes the
 * sync socket of the next start (the run loop answers LOCKED on it); otherwise RESULT EBUSY.
 * Returns 1 when the connection was taken. */
static int do_restart(struct cmdsock *cs, struct cmdclient *c, uint32_t pending)
{
	/* Nothing may follow RESTART before LOCKED; a client holding a tty keeps being a tool. */
	if (!cs->restart_ok || cs->restart >= 0 || c->tty >= 0 || pending != 0)
		return proto_send_i32(c->fd, MSG_RESULT, EBUSY);
	cs->restart = c->fd;
	c->fd = -1; /* not closed: compact() forgets it */
	return 1;
}

/* Tells every watcher the state; one that cannot take it is dropped (compacted by the caller). */
static void notify_watchers(struct cmdsock *cs)
{
	for (unsigned i = 0; i < cs->n; i++)
		if (cs->c[i].fd >= 0 && cs->c[i].watch && send_state(&cs->c[i], cs->st) < 0)
			drop(&cs->c[i]);
}

/* "STATE INIT_PID SHIM_PID INIT_STATUS\n", replaced atomically: what GET_STATE answers, for the
 * tools that only look (lxc-info, lxc-ls): reading a file costs a JVM no socket set-up. */
static void write_state_file(const struct cmdsock *cs)
{
	char text[64];
	if (!cs->state_file || !cs->st)
		return;
	const struct shim_status *st = cs->st;
	enum shim_state state = st->state == STATE_THAWED ? STATE_RUNNING : st->state;
	snprintf(text, sizeof text, "%d %d %d %d\n", (int)state, (int)st->init_pid, (int)st->shim_pid, st->init_status);
	if (replace_file(cs->state_file, text) < 0)
		fprintf(stderr, "jlxc-shim: cannot write %s: %s\n", cs->state_file, strerror(errno));
}

/* SET_STATE: a state Java reports (freezing) is carried to the watchers and kept for GET_STATE.
 * Only while init runs, and only the states a freeze goes through: the shim's own states
 * (STOPPING, ...) stay the shim's. THAWED is passed on and kept as RUNNING. */
static int do_set_state(struct cmdsock *cs, struct cmdclient *c, uint32_t state)
{
	struct shim_status *st = cs->st;
	int32_t err = 0;
	if (state != STATE_RUNNING && state != STATE_FREEZING && state != STATE_FROZEN && state != STATE_THAWED)
		err = EINVAL;
	else if (st->state != STATE_RUNNING && st->state != STATE_FREEZING && st->state != STATE_FROZEN)
		err = EBUSY;
	if (err == 0) {
		st->state = (enum shim_state)state;
		notify_watchers(cs);
		if (state == STATE_THAWED)
			st->state = STATE_RUNNING;
		write_state_file(cs);
	}
	return c->fd < 0 ? -1 : proto_send_i32(c->fd, MSG_RESULT, err);
}

/* One complete request; -1 drops the client (malformed, or it does not read its answers), 1 when
 * the connection was taken away (RESTART). */
static int handle(struct cmdsock *cs, struct cmdclient *c, uint32_t type, const uint8_t *d, uint32_t len)
{
	switch (type) {
	case MSG_RESTART:
		return len == 0 ? do_restart(cs, c, c->len - 8) : -1;
	case MSG_GET_STATE:
		return len == 0 ? send_state(c, cs->st) : -1;
	case MSG_WATCH:
		if (len != 0)
			return -1;
		c->watch = true;
		return send_state(c, cs->st);
	case MSG_SIGNAL:
		if (len != 4)
			return -1;
		return proto_send_i32(c->fd, MSG_RESULT, do_signal(cs->st, (int32_t)get_u32(d)));
	case MSG_SET_STATE:
		return len == 4 ? do_set_state(cs, c, get_u32(d)) : -1;
	case MSG_CONSOLE:
		return len == 4 ? do_console(cs, c, (int32_t)get_u32(d)) : -1;
	}
	return -1;
}

static void serve_client(struct cmdsock *cs, struct cmdclient *c)
{
	ssize_t r = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		drop(c);
		return;
	}
	c->len += (uint32_t)r;
	while (c->len >= 8) {
		uint32_t type = get_u32(c->buf), len = get_u32(c->buf + 4);
		if (len > sizeof c->buf - 8) {
			drop(c);
			return;
		}
		if (c->len < 8 + len)
			return;
		int h = handle(cs, c, type, c->buf + 8, len);
		if (h < 0)
			drop(c);
		if (h != 0)
			return;
		c->len -= 8 + len;
		memmove(c->buf, c->buf + 8 + len, c->len);
	}
}

static void compact(struct cmdsock *cs)
{
	unsigned k = 0;
	for (unsigned i = 0; i < cs->n; i++)
		if (cs->c[i].fd >= 0)
			cs->c[k++] = cs->c[i];
	cs->n = k;
}

void cmdsock_serve(struct cmdsock *cs, const struct pollfd *p, unsigned n)
{
	bool accept_ready = false;
	for (unsigned i = 0; i < n; i++) {
		if (!p[i].revents)
			continue;
		if (p[i].fd == cs->listen) {
			accept_ready = true;
			continue;
		}
		for (unsigned k = 0; k < cs->n; k++)
			if (cs->c[k].fd == p[i].fd) {
				serve_client(cs, &cs->c[k]);
				break;
			}
	}
	compact(cs);
	/* Last, so that a new client's fd cannot be mistaken for a closed one's in p. */
	while (accept_ready && cs->n < CMD_MAX_CLIENTS) {
		int fd = accept4(cs->listen, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd < 0)
			break;
		cs->c[cs->n++] = (struct cmdclient){ .fd = fd, .tty = -1 };
	}
}

void cmdsock_notify(struct cmdsock *cs)
{
	write_state_file(cs);
	notify_watchers(cs);
	compact(cs);
}

bool cmdsock_held(const struct cmdsock *cs, int tty)
{
	for (unsigned i = 0; i < cs->n; i++)
		if (cs->c[i].fd >= 0 && cs->c[i].tty == tty)
			return true;
	return false;
}

int cmdsock_take_restart(struct cmdsock *cs)
{
	int fd = cs->restart;
	cs->restart = -1;
	/* Clients are non-blocking; the sync socket is read and written blocking. */
	if (fd >= 0)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

void cmdsock_drop_ttys(struct cmdsock *cs)
{
	for (unsigned i = 0; i < cs->n; i++)
		if (cs->c[i].tty > 0)
			drop(&cs->c[i]);
	compact(cs);
}

void cmdsock_close(struct cmdsock *cs)
{
	if (cs->restart >= 0)
		close(cs->restart);
	cs->restart = -1;
	for (unsigned i = 0; i < cs->n; i++)
		close(cs->c[i].fd);
	cs->n = 0;
	if (cs->listen >= 0)
		close(cs->listen);
	cs->listen = -1;
}
