/* jlxc-shim: executes a plan written by jlxc's Java side (see native/PLAN.md).
 *
 *   jlxc-shim run --sync PATH --rundir DIR [--daemon] [--pidfile FILE]
 *                                  receive a plan on the unix socket PATH, run the container
 *   jlxc-shim console --socket PATH [--tty N] [--escape C]
 *                                  attach to a container's console or tty (lxc-console)
 *   jlxc-shim attach --name NAME --pid PID ... -- CMD...
 *                                  run a command in a running container (lxc-attach)
 *   jlxc-shim dump-plan FILE       print a plan file in its canonical text form
 *   jlxc-shim init -- CMD...       the minimal init (also as argv[0] "jlxc-init")
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include "attach.h"
#include "client.h"
#include "init.h"
#include "plan.h"
#include "proto.h"
#include "run.h"
#include "util.h"

static int cmd_dump_plan(const char *file)
{
	autoclose int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "jlxc-shim: %s: %s\n", file, strerror(errno));
		return 1;
	}
	if (st.st_size > MSG_MAX) {
		fprintf(stderr, "jlxc-shim: %s: larger than a plan can be\n", file);
		return 1;
	}
	autofree uint8_t *buf = malloc((size_t)st.st_size + 1);
	size_t len = 0;
	ssize_t n;
	while (buf && len <= (size_t)st.st_size && (n = read(fd, buf + len, (size_t)st.st_size + 1 - len)) > 0)
		len += (size_t)n;
	if (!buf || len > (size_t)st.st_size) {
		fprintf(stderr, "jlxc-shim: %s: cannot read it\n", file);
		return 1;
	}
	struct plan plan;
	char err[256];
	if (plan_parse(buf, len, &plan, err, sizeof err) < 0) {
		fprintf(stderr, "jlxc-shim: %s: %s\n", file, err);
		return 1;
	}
	plan_dump(&plan, stdout);
	plan_free(&plan);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int usage(void)
{
	fprintf(stderr, "usage: jlxc-shim run --sync PATH --rundir DIR [--daemon] [--pidfile FILE]\n"
			"       jlxc-shim console --socket PATH [--tty N] [--escape C]\n"
			"       jlxc-shim attach --name NAME --pid PID ... -- CMD [ARG...]\n"
			"       jlxc-shim dump-plan FILE\n"
			"       jlxc-shim init -- CMD [ARG...]\n");
	return 2;
}

/* argv after an optional "--". */
static int cmd_init(char **argv)
{
	if (argv[0] && strcmp(argv[0], "--") == 0)
		argv++;
	return init_main(argv);
}

static int cmd_run(char **argv)
{
	struct run_opts o = { 0 };
	for (; *argv; argv++) {
		if (strcmp(*argv, "--daemon") == 0)
			o.daemon = true;
		else if (strcmp(*argv, "--sync") == 0 && argv[1])
			o.sync = *++argv;
		else if (strcmp(*argv, "--rundir") == 0 && argv[1])
			o.rundir = *++argv;
		else if (strcmp(*argv, "--pidfile") == 0 && argv[1])
			o.pidfile = *++argv;
		else
			return usage();
	}
	if (!o.sync || !o.rundir)
		return usage();
	return run_main(&o);
}

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;
	name = name ? name + 1 : argc > 0 ? argv[0] : "";
	if (strcmp(name, "jlxc-init") == 0)
		return cmd_init(argv + 1);
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argv + 2);
	if (argc >= 2 && strcmp(argv[1], "console") == 0)
		return client_main(argv + 2);
	if (argc >= 2 && strcmp(argv[1], "attach") == 0)
		return attach_main(argv + 2);
	if (argc == 3 && strcmp(argv[1], "dump-plan") == 0)
		return cmd_dump_plan(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return cmd_init(argv + 2);
	return usage();
}
