#include "console.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

int console_open(struct console *con, struct err *e)
{
	con->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con->master < 0)
		return fail(e, errno, "posix_openpt");
	if (grantpt(con->master) < 0)
		return fail(e, errno, "grantpt");
	if (unlockpt(con->master) < 0)
		return fail(e, errno, "unlockpt");
	if (ptsname_r(con->master, con->slave_path, sizeof con->slave_path) != 0)
		return fail(e, errno, "ptsname");
	console_resize(con);
	return 0;
}

int console_open_slave(struct console *con, struct err *e)
{
	close(con->master);
	con->master = -1;
	con->slave = open(con->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con->slave < 0)
		return fail(e, errno, "open(%s)", con->slave_path);
	return 0;
}

int console_hold_slave(struct console *con, struct err *e)
{
	con->held = open(con->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con->held < 0)
		return fail(e, errno, "open(%s)", con->slave_path);
	return 0;
}

int console_open_log(struct console *con, const char *path, struct err *e)
{
	con->log = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	if (con->log < 0)
		return fail(e, errno, "open(%s)", path);
	free(con->log_path);
	con->log_path = strdup(path);
	if (!con->log_path)
		return fail(e, ENOMEM, "strdup");
	return 0;
}

int console_open_peer(struct console *con, const char *path, struct err *e)
{
	/* O_NOCTTY, unlike LXC: a daemon's shim has no controlling terminal, and taking the peer as
	 * one would make a hangup on it a SIGHUP to the monitor. */
	con->peer = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con->peer < 0)
		return fail(e, errno, "lxc.console.path: open(%s)", path);
	if (!isatty(con->peer)) {
		close(con->peer);
		con->peer = -1;
		return fail(e, ENOTTY, "lxc.console.path: %s is not a terminal", path);
	}
	con->in = con->out = con->peer;
	console_resize(con);
	console_raw(con->peer);
	return 0;
}

int console_set_ring(struct console *con, uint64_t size, struct err *e)
{
	struct ringbuf *r = &con->ring;
	if (r->size == size)
		return 0;
	if (r->data)
		munmap(r->data, r->size);
	*r = (struct ringbuf){ 0 };
	if (size == 0)
		return 0;
	/* mmap: the pages cost nothing until the console has written that much. */
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fail(e, errno, "lxc.console.buffer.size: mmap(%llu)", (unsigned long long)size);
	r->data = p;
	r->size = size;
	return 0;
}

static void ring_write(struct ringbuf *r, const char *buf, size_t n)
{
	if (r->size == 0)
		return;
	/* Only the last r->size bytes can stay. */
	if (n > r->size) {
		r->total += n - r->size;
		buf += n - r->size;
		n = r->size;
	}
	uint64_t at = r->total % r->size, first = r->size - at < n ? r->size - at : n;
	memcpy(r->data + at, buf, first);
	memcpy(r->data, buf + first, n - first);
	r->total += n;
}

uint64_t console_ring_read(const struct console *con, char *buf)
{
	const struct ringbuf *r = &con->ring;
	if (r->size == 0)
		return 0;
	if (r->total <= r->size) {
		memcpy(buf, r->data, r->total);
		return r->total;
	}
	uint64_t at = r->total % r->size;
	memcpy(buf, r->data + at, r->size - at);
	memcpy(buf + r->size - at, r->data, at);
	return r->size;
}

void console_ring_to_log(struct console *con)
{
	struct ringbuf *r = &con->ring;
	if (r->size == 0 || con->log < 0 || r->total == 0)
		return;
	char *buf = malloc(r->size);
	if (!buf)
		return;
	uint64_t used = console_ring_read(con, buf);
	/* As LXC: the limit is lxc.console.size, so without it the log is left empty. */
	if (used > con->log_size)
		used = con->log_size;
	if (ftruncate(con->log, 0) == 0)
		write_all(con->log, buf, used);
	free(buf);
	r->total = 0;
}

/* The log's limit reached: start it again, after renaming it to PATH.1 when rotating. */
static int log_restart(struct console *con)
{
	if (!con->log_rotate)
		return ftruncate(con->log, 0);
	char old[4096];
	if (snprintf(old, sizeof old, "%s.1", con->log_path) >= (int)sizeof old)
		return -1;
	if (rename(con->log_path, old) < 0)
		return -1;
	close(con->log);
	con->log = open(con->log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0600);
	return con->log < 0 ? -1 : 0;
}

/* LXC's lxc.console.size and lxc.console.rotate: the log grows to the limit, then starts over
 * (emptied, or renamed to PATH.1 first). LXC writes nothing to a log that is not a regular file
 * when a limit is set; so does this, and says so once. */
static void log_write(struct console *con, const char *buf, size_t n)
{
	if (con->log < 0)
		return;
	if (con->log_size == 0) {
		write_all(con->log, buf, n);
		return;
	}
	struct stat st;
	if (fstat(con->log, &st) < 0)
		return;
	if (!S_ISREG(st.st_mode)) {
		if (!con->log_warned)
			fprintf(stderr, "jlxc-shim: %s is not a regular file: lxc.console.size and lxc.console.rotate "
					"need one, nothing is logged\n", con->log_path ? con->log_path : "the console log");
		con->log_warned = true;
		return;
	}
	uint64_t len = (uint64_t)st.st_size;
	while (n > 0) {
		if (len >= con->log_size) {
			if (log_restart(con) < 0)
				return;
			len = 0;
		}
		size_t k = n < con->log_size - len ? n : (size_t)(con->log_size - len);
		if (write_all(con->log, buf, k) < 0)
			return;
		buf += k;
		n -= k;
		len += k;
	}
}

int console_attach(struct console *con, struct err *e)
{
	if (con->held >= 0) {
		close(con->held);
		con->held = -1;
	}
	close(con->master);
	con->master = -1;
	if (setsid() < 0)
		return fail(e, errno, "setsid");
	con->slave = open(con->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (con->slave < 0)
		return fail(e, errno, "open(%s)", con->slave_path);
	/* No TIOCSCTTY: init gets the console as its stdio only, as under LXC. An init that made it
	 * its controlling terminal would keep its children (busybox's askfirst shell, gettys) from
	 * taking it, and they would run without job control. */
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(con->slave, fd) < 0)
			return fail(e, errno, "dup2(%d)", fd);
	return 0;
}

static struct termios saved_termios;
static volatile sig_atomic_t raw_active;
static int raw_fd = -1;

void console_restore(void)
{
	if (raw_active) {
		tcsetattr(raw_fd, TCSAFLUSH, &saved_termios);
		raw_active = 0;
	}
}

/* Async-signal-safe: restore the terminal, then die of the signal as we would have. */
static void restore_and_die(int sig)
{
	console_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

void console_raw(int fd)
{
	struct termios raw;
	if (raw_active || !isatty(fd) || tcgetattr(fd, &saved_termios) < 0)
		return;
	raw_fd = fd;
	raw = saved_termios;
	cfmakeraw(&raw);
	int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], restore_and_die);
	atexit(console_restore);
	if (tcsetattr(fd, TCSAFLUSH, &raw) == 0)
		raw_active = 1;
}

void console_resize(struct console *con)
{
	struct winsize ws;
	if (con->master >= 0 && ioctl(con->in >= 0 ? con->in : STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(con->master, TIOCSWINSZ, &ws);
}

/* A reader that went away (stdout closed) must not stop the container: write errors are ignored.
 * Output (con set) also goes to the log and the ring. */
static int pump(int from, int to, struct console *con)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return 1; /* EOF, or EIO once every slave fd is closed */
	if (to >= 0)
		write_all(to, buf, (size_t)n);
	if (con) {
		ring_write(&con->ring, buf, (size_t)n);
		log_write(con, buf, (size_t)n);
	}
	return 0;
}

int console_pump_in(struct console *con)
{
	return pump(con->in, con->master, NULL);
}

int console_pump_out(struct console *con)
{
	return pump(con->master, con->out, con);
}

void console_drain(struct console *con)
{
	if (con->master < 0)
		return;
	int fl = fcntl(con->master, F_GETFL);
	if (fl >= 0 && fcntl(con->master, F_SETFL, fl | O_NONBLOCK) == 0) {
		char buf[8192];
		ssize_t n;
		while ((n = read(con->master, buf, sizeof buf)) > 0) {
			if (con->out >= 0)
				write_all(con->out, buf, (size_t)n);
			ring_write(&con->ring, buf, (size_t)n);
			log_write(con, buf, (size_t)n);
		}
	}
}
