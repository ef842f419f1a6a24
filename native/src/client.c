#include "client.h"

#include <ctype.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "console.h"
#include "proto.h"
#include "util.h"

static void tty_name(int tty, char *buf, size_t len)
{
	if (tty == 0)
		snprintf(buf, len, "the console");
	else if (tty < 0)
		snprintf(buf, len, "a free tty");
	else
		snprintf(buf, len, "tty %d", tty);
}

/* Asks for tty's master; returns it, with the tty the shim chose in *tty, or -1 after a message. */
static int request(int sock, int *tty)
{
	char name[32];
	tty_name(*tty, name, sizeof name);
	if (proto_send_i32(sock, MSG_CONSOLE, *tty) < 0) {
		fprintf(stderr, "lxc-console: asking for %s: %s\n", name, strerror(errno));
		return -1;
	}
	struct msg m;
	int fd = -1;
	unsigned nfds = 0;
	int r = proto_recv_fds(sock, &m, 64, &fd, 1, &nfds);
	if (r != 0 || m.type != MSG_CONSOLE_FD || m.len != 8) {
		fprintf(stderr, "lxc-console: %s: no answer from the container's monitor\n", name);
		if (nfds)
			close(fd);
		if (r == 0)
			msg_free(&m);
		return -1;
	}
	int err = (int32_t)get_u32(m.data), got = (int32_t)get_u32(m.data + 4);
	msg_free(&m);
	if (err == 0 && nfds == 1) {
		*tty = got;
		return fd;
	}
	if (nfds)
		close(fd);
	/* For tty -1 the shim names the tty it chose, or -1 when there was none to choose. */
	if (got >= 0)
		tty_name(got, name, sizeof name);
	if (err == EBUSY && got >= 0)
		fprintf(stderr, "lxc-console: %s is in use by another lxc-console\n", name);
	else if (err == EBUSY)
		fprintf(stderr, "lxc-console: every tty is in use by another lxc-console\n");
	else if (err == ENOENT)
		fprintf(stderr, "lxc-console: the container has no %s\n", got < 0 ? "console" : name);
	else
		fprintf(stderr, "lxc-console: %s: %s\n", name, strerror(err ? err : EPROTO));
	return -1;
}

/* The escape state: esc is the prefix byte (Ctrl+C); pending after one was typed. */
struct escape {
	uint8_t esc;
	bool pending;
};

/* Copies in to out (room for 2n bytes) minus the escape sequences; returns true on detach. */
static bool unescape(struct escape *x, const uint8_t *in, size_t n, uint8_t *out, size_t *k)
{
	*k = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t b = in[i];
		if (x->pending) {
			x->pending = false;
			if (b == 'q')
				return true;
			out[(*k)++] = x->esc;
			if (b != x->esc)
				out[(*k)++] = b;
		} else if (b == x->esc) {
			x->pending = true;
		} else {
			out[(*k)++] = b;
		}
	}
	return false;
}

/* Relays stdin and stdout to the master until detach or hang-up; returns the exit code. */
static int relay(int sock, int master, struct escape *x)
{
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGWINCH);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	autoclose int sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	struct console con = { .master = master };
	console_resize(&con);
	bool in_open = true;
	for (;;) {
		struct pollfd p[4] = { { .fd = master, .events = POLLIN }, { .fd = sock, .events = POLLIN },
				       { .fd = sfd, .events = POLLIN }, { .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN } };
		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("lxc-console: poll");
			return 1;
		}
		uint8_t buf[4096], out[8192];
		if (p[0].revents) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN)))
				return 0; /* EOF, or EIO: the container's side hung up */
			if (n > 0 && write_all(STDOUT_FILENO, buf, (size_t)n) < 0)
				return 0; /* our reader went away */
		}
		if (p[1].revents)
			return 0; /* the monitor exited: the container stopped */
		if (p[2].revents) {
			struct signalfd_siginfo si;
			if (read(sfd, &si, sizeof si) == sizeof si)
				console_resize(&con);
		}
		if (p[3].revents) {
			ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
			if (n < 0 && (errno == EINTR || errno == EAGAIN))
				continue;
			if (n <= 0) {
				in_open = false; /* nothing more to type; still show the output */
				continue;
			}
			size_t k;
			bool detach = unescape(x, buf, (size_t)n, out, &k);
			if (k > 0 && write_all(master, out, k) < 0)
				return 0;
			if (detach)
				return 0;
		}
	}
}

static int client_usage(void)
{
	fprintf(stderr, "usage: jlxc-shim console --socket PATH [--tty N] [--escape C]\n");
	return 2;
}

int client_main(char **argv)
{
	const char *path = NULL;
	int tty = -1;
	char letter = 'a';
	for (; *argv; argv++) {
		char *end;
		if (strcmp(*argv, "--socket") == 0 && argv[1]) {
			path = *++argv;
		} else if (strcmp(*argv, "--tty") == 0 && argv[1]) {
			long v = strtol(*++argv, &end, 10);
			if (*end || end == *argv || v < -1 || v > 1024)
				return client_usage();
			tty = (int)v;
		} else if (strcmp(*argv, "--escape") == 0 && argv[1]) {
			const char *c = *++argv;
			/* A letter, or one of @[\]^_ : Ctrl+C is C's code with only its low five bits. */
			if (strlen(c) != 1 || !((c[0] >= '@' && c[0] <= '_') || isalpha((unsigned char)c[0])))
				return client_usage();
			letter = (char)tolower((unsigned char)c[0]);
		} else {
			return client_usage();
		}
	}
	if (!path)
		return client_usage();
	signal(SIGPIPE, SIG_IGN);
	autoclose int sock = unix_connect(path);
	if (sock < 0) {
		fprintf(stderr, "lxc-console: %s: %s (is the container running?)\n", path, strerror(errno));
		return 1;
	}
	autoclose int master = request(sock, &tty);
	if (master < 0)
		return 1;
	char name[32];
	tty_name(tty, name, sizeof name);
	struct escape x = { .esc = (uint8_t)(letter & 0x1f) };
	console_raw(STDIN_FILENO);
	fprintf(stderr,
		"\r\nConnected to %s of the container.\r\n"
		"Type <Ctrl+%c q> to exit the console, <Ctrl+%c Ctrl+%c> to enter Ctrl+%c itself.\r\n\r\n",
		name, letter, letter, letter, letter);
	int rc = relay(sock, master, &x);
	console_restore();
	fprintf(stderr, "\r\n");
	return rc;
}
