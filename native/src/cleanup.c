/* The shim's own post-stop work (plan op CLEANUP): remove the container's cgroup trees and the
 * run's files. Missing ones are fine: a tool that found the run dead may have been first. */
#include "cleanup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A cgroup tree goes with rmdir only, children first: cgroupfs files cannot be unlinked. */
static int rmdir_tree(int parent, const char *name)
{
	int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	DIR *d = fdopendir(fd);
	if (!d) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	int r = 0;
	struct dirent *de;
	while (r == 0 && (de = readdir(d))) {
		if (de->d_type != DT_DIR || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		r = rmdir_tree(dirfd(d), de->d_name);
	}
	int saved = errno;
	closedir(d);
	if (r < 0) {
		errno = saved;
		return -1;
	}
	if (unlinkat(parent, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		return -1;
	return 0;
}

int cleanup_run(const struct op *op)
{
	int failures = 0;
	for (uint32_t i = 0; i < op->cleanup.rmdirs.count; i++) {
		const char *dir = op->cleanup.rmdirs.v[i];
		if (rmdir_tree(AT_FDCWD, dir) < 0) {
			fprintf(stderr, "jlxc-shim: cannot remove cgroup %s: %s\n", dir, strerror(errno));
			failures++;
		}
	}
	for (uint32_t i = 0; i < op->cleanup.unlinks.count; i++) {
		const char *file = op->cleanup.unlinks.v[i];
		if (unlink(file) < 0 && errno != ENOENT) {
			fprintf(stderr, "jlxc-shim: cannot remove %s: %s\n", file, strerror(errno));
			failures++;
		}
	}
	return failures;
}
