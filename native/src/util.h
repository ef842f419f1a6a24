/* Small helpers shared by the shim's files: an error out-parameter and cleanup attributes. */
#pragma once
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What went wrong: the errno and a short description such as "openat2(dev/pts)". */
struct err {
	int errnum;
	char what[256];
};

/* Records an error and returns -1, so callers can write `return fail(e, errno, ...)`. */
__attribute__((format(printf, 3, 4))) static inline int fail(struct err *e, int errnum, const char *fmt, ...)
{
	va_list ap;
	e->errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(e->what, sizeof e->what, fmt, ap);
	va_end(ap);
	return -1;
}

static inline void close_fdp(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;
		close(*fd);
		errno = saved;
	}
}

static inline void free_p(void *p)
{
	free(*(void **)p);
}

#define autoclose __attribute__((cleanup(close_fdp)))
#define autofree __attribute__((cleanup(free_p)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Writes all n bytes (retrying on EINTR and short writes); 0, or -1 with errno. */
int write_all(int fd, const void *p, size_t n);

/* Replaces the file at path with text, atomically (written to PATH.tmp, then renamed over it:
 * a reader sees the old content or the new, never a part); 0, or -1 with errno. */
int replace_file(const char *path, const char *text);

/* A CLOEXEC stream socket connected to the unix socket at path; -1 with errno on failure. */
int unix_connect(const char *path);
