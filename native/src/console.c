#include "console.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
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
	return 0;
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

void console_restore(void)
{
	if (raw_active) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
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

void console_raw(void)
{
	struct termios raw;
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_termios) < 0)
		return;
	raw = saved_termios;
	cfmakeraw(&raw);
	int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		signal(sigs[i], restore_and_die);
	atexit(console_restore);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0)
		raw_active = 1;
}

void console_resize(struct console *con)
{
	struct winsize ws;
	if (con->master >= 0 && ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(con->master, TIOCSWINSZ, &ws);
}

/* A reader that went away (stdout closed) must not stop the container: write errors are ignored. */
static int pump(int from, int to, int copy)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof buf);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return 1; /* EOF, or EIO once every slave fd is closed */
	if (to >= 0)
		write_all(to, buf, (size_t)n);
	if (copy >= 0)
		write_all(copy, buf, (size_t)n);
	return 0;
}

int console_pump_in(struct console *con)
{
	return pump(STDIN_FILENO, con->master, -1);
}

int console_pump_out(struct console *con)
{
	return pump(con->master, con->out, con->log);
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
			if (con->log >= 0)
				write_all(con->log, buf, (size_t)n);
		}
	}
}
