#include "init.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char *env_get(char *const envp[], const char *name)
{
	size_t n = strlen(name);
	for (; *envp; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

int exec_search(char *const argv[], char *const envp[])
{
	const char *file = argv[0];
	if (strchr(file, '/')) {
		execve(file, argv, envp);
		return -1;
	}
	const char *path = env_get(envp, "PATH");
	if (!path)
		path = DEFAULT_PATH;
	int saved = ENOENT;
	for (const char *dir = path;; dir++) {
		const char *end = strchrnul(dir, ':');
		char full[PATH_MAX];
		int len = end == dir ? snprintf(full, sizeof full, "%s", file) /* empty entry: current directory */
				     : snprintf(full, sizeof full, "%.*s/%s", (int)(end - dir), dir, file);
		if (len > 0 && (size_t)len < sizeof full) {
			execve(full, argv, envp);
			/* Like execvp: remember that something was found but not executable. */
			if (errno == EACCES || (errno != ENOENT && errno != ENOTDIR && saved == ENOENT))
				saved = errno;
		}
		if (!*end)
			break;
		dir = end;
	}
	errno = saved;
	return -1;
}

static const int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };

int init_main(char *const argv[])
{
	if (!argv[0]) {
		fprintf(stderr, "jlxc-init: no command\n");
		return 2;
	}
	/* Orphans of the command are reparented to us even when we are not PID 1. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* Executed from an fd, the process would be named after the shim's binary. */
	prctl(PR_SET_NAME, "jlxc-init", 0, 0, 0);

	/* If we lead the session of the console, let it go so the command's new session can take it.
	 * TIOCNOTTY sends SIGHUP and SIGCONT to our own group: ignore them meanwhile (an ignored
	 * signal is only discarded while it is not blocked, so this comes before blocking). */
	int tty = isatty(STDIN_FILENO) && tcgetsid(STDIN_FILENO) == getpid();
	if (tty) {
		signal(SIGHUP, SIG_IGN);
		signal(SIGCONT, SIG_IGN);
		ioctl(STDIN_FILENO, TIOCNOTTY);
		signal(SIGHUP, SIG_DFL);
		signal(SIGCONT, SIG_DFL);
	}

	sigset_t set, old;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(&set, forwarded[i]);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);

	pid_t cmd = fork();
	if (cmd < 0) {
		perror("jlxc-init: fork");
		return 1;
	}
	if (cmd == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		setsid();
		if (tty)
			ioctl(STDIN_FILENO, TIOCSCTTY, 0);
		extern char **environ;
		exec_search(argv, environ);
		int err = errno;
		fprintf(stderr, "jlxc-init: %s: %s\n", argv[0], strerror(err));
		_exit(err == ENOENT ? 127 : 126);
	}

	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		if (sig < 0)
			continue; /* EINTR */
		if (sig != SIGCHLD) {
			kill(cmd, sig);
			continue;
		}
		int status;
		pid_t pid;
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			if (pid != cmd)
				continue;
			if (WIFSIGNALED(status))
				return 128 + WTERMSIG(status);
			return WEXITSTATUS(status);
		}
	}
}
