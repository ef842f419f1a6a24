/* The plan reader. Every read goes through a cursor that knows how many bytes are left, so a
 * malformed plan can only ever produce an error message, never a read out of bounds. */
#include "plan.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define U32(n, f, m) { n, F_U32, f, offsetof(struct op, m) }
#define U64(n, f, m) { n, F_U64, f, offsetof(struct op, m) }
#define STR(n, m) { n, F_STR, FMT_DEC, offsetof(struct op, m) }
#define STRV(n, m) { n, F_STRV, FMT_DEC, offsetof(struct op, m) }
#define U32V(n, m) { n, F_U32V, FMT_DEC, offsetof(struct op, m) }
#define BYTES(n, m) { n, F_BYTES, FMT_HEX, offsetof(struct op, m) }

static const struct opdesc opdescs[] = {
	{ OP_NAMESPACES, "NAMESPACES", 1, { U64("clone_flags", FMT_HEX, namespaces.clone_flags) } },
	{ OP_SHARE_NS, "SHARE_NS", 2, { U32("nstype", FMT_HEX, share_ns.nstype), STR("path", share_ns.path) } },
	{ OP_CONSOLE, "CONSOLE", 1, { U32("mode", FMT_DEC, console.mode) } },
	{ OP_MOUNT, "MOUNT", 6,
	  { STR("source", mount.source), STR("target", mount.target), STR("fstype", mount.fstype),
	    U64("flags", FMT_HEX, mount.flags), STR("data", mount.data), U32("resolve", FMT_DEC, mount.resolve) } },
	{ OP_MKDIR, "MKDIR", 3,
	  { STR("path", mkdir.path), U32("mode", FMT_OCT, mkdir.mode), U32("resolve", FMT_DEC, mkdir.resolve) } },
	{ OP_MKNOD, "MKNOD", 4,
	  { STR("path", mknod.path), U32("mode", FMT_OCT, mknod.mode), U64("dev", FMT_HEX, mknod.dev),
	    U32("resolve", FMT_DEC, mknod.resolve) } },
	{ OP_SYMLINK, "SYMLINK", 3,
	  { STR("target", symlink.target), STR("path", symlink.path), U32("resolve", FMT_DEC, symlink.resolve) } },
	{ OP_CREATE_FILE, "CREATE_FILE", 3,
	  { STR("path", create_file.path), U32("mode", FMT_OCT, create_file.mode),
	    U32("resolve", FMT_DEC, create_file.resolve) } },
	{ OP_ROOTFS, "ROOTFS", 1, { STR("path", rootfs.path) } },
	{ OP_PIVOT_ROOT, "PIVOT_ROOT", 0, { { 0 } } },
	{ OP_SETHOSTNAME, "SETHOSTNAME", 1, { STR("name", sethostname.name) } },
	{ OP_CAP_BOUND_DROP, "CAP_BOUND_DROP", 1, { U64("mask", FMT_HEX, cap_bound_drop.mask) } },
	{ OP_SETRLIMIT, "SETRLIMIT", 3,
	  { U32("resource", FMT_DEC, setrlimit.resource), U64("soft", FMT_DEC, setrlimit.soft),
	    U64("hard", FMT_DEC, setrlimit.hard) } },
	{ OP_IDS, "IDS", 3, { U32("uid", FMT_DEC, ids.uid), U32("gid", FMT_DEC, ids.gid), U32V("groups", ids.groups) } },
	{ OP_CHDIR, "CHDIR", 1, { STR("path", chdir.path) } },
	{ OP_ENV, "ENV", 1, { STRV("entries", env.entries) } },
	{ OP_EXEC, "EXEC", 1, { STRV("argv", exec.argv) } },
	{ OP_EXEC_INIT, "EXEC_INIT", 1, { STRV("argv", exec.argv) } },
	{ OP_CONSOLE_MOUNT, "CONSOLE_MOUNT", 2,
	  { STR("target", console_mount.target), U32("resolve", FMT_DEC, console_mount.resolve) } },
	{ OP_WRITE_FILE, "WRITE_FILE", 3,
	  { STR("path", write_file.path), STR("content", write_file.content),
	    U32("resolve", FMT_DEC, write_file.resolve) } },
	{ OP_UMOUNT, "UMOUNT", 3,
	  { STR("target", umount.target), U32("flags", FMT_HEX, umount.flags), U32("resolve", FMT_DEC, umount.resolve) } },
	{ OP_UNSHARE, "UNSHARE", 1, { U64("flags", FMT_HEX, unshare.flags) } },
	{ OP_TTYS, "TTYS", 1, { U32("count", FMT_DEC, ttys.count) } },
	{ OP_TTY_MOUNT, "TTY_MOUNT", 3,
	  { U32("index", FMT_DEC, tty_mount.index), STR("target", tty_mount.target),
	    U32("resolve", FMT_DEC, tty_mount.resolve) } },
	{ OP_ON_EXIT, "ON_EXIT", 1, { STRV("argv", exit_cmd.argv) } },
	{ OP_CONSOLE_LOG, "CONSOLE_LOG", 1, { STR("path", console_log.path) } },
	{ OP_HOOK, "HOOK", 2, { STRV("argv", hook.argv), STRV("env", hook.env) } },
	{ OP_START_HOST, "START_HOST", 0, { { 0 } } },
	{ OP_KEEP_NS, "KEEP_NS", 1, { U64("flags", FMT_HEX, keep_ns.flags) } },
	{ OP_CONSOLE_PEER, "CONSOLE_PEER", 1, { STR("path", console_peer.path) } },
	{ OP_CONSOLE_LOG_SIZE, "CONSOLE_LOG_SIZE", 2,
	  { U64("size", FMT_DEC, console_log_size.size), U32("rotate", FMT_DEC, console_log_size.rotate) } },
	{ OP_CONSOLE_BUFFER, "CONSOLE_BUFFER", 1, { U64("size", FMT_DEC, console_buffer.size) } },
	{ OP_CLEANUP, "CLEANUP", 5,
	  { U32("unless_signal", FMT_DEC, cleanup.unless_signal), STRV("rmdirs", cleanup.rmdirs),
	    STRV("unlinks", cleanup.unlinks), STRV("kill_files", cleanup.kill_files),
	    STR("freezer", cleanup.freezer) } },
	{ OP_LEAVE_CGROUP, "LEAVE_CGROUP", 2,
	  { STRV("procs", leave_cgroup.procs), STRV("rmdirs", leave_cgroup.rmdirs) } },
	{ OP_PERSONALITY, "PERSONALITY", 1, { U64("persona", FMT_HEX, personality.persona) } },
	{ OP_NO_NEW_PRIVS, "NO_NEW_PRIVS", 0, { { 0 } } },
	{ OP_KEYRING, "KEYRING", 0, { { 0 } } },
	{ OP_PDEATHSIG, "PDEATHSIG", 1, { U32("signal", FMT_DEC, pdeathsig.signal) } },
	{ OP_TIMENS, "TIMENS", 4,
	  { U64("boot_sec", FMT_DEC, timens.boot_sec), U32("boot_nsec", FMT_DEC, timens.boot_nsec),
	    U64("mono_sec", FMT_DEC, timens.mono_sec), U32("mono_nsec", FMT_DEC, timens.mono_nsec) } },
	{ OP_SECCOMP, "SECCOMP", 2, { U32("flags", FMT_HEX, seccomp.flags), BYTES("program", seccomp.program) } },
	{ OP_USERNS_ROOT, "USERNS_ROOT", 0, { { 0 } } },
	{ OP_CONSOLE_OWNER, "CONSOLE_OWNER", 2,
	  { U32("uid", FMT_DEC, console_owner.uid), U32("gid", FMT_DEC, console_owner.gid) } },
};

const struct opdesc *plan_opdesc(uint16_t code)
{
	for (size_t i = 0; i < sizeof opdescs / sizeof opdescs[0]; i++)
		if (opdescs[i].code == code)
			return &opdescs[i];
	return NULL;
}

const struct opdesc *plan_opdesc_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof opdescs / sizeof opdescs[0]; i++)
		if (strcmp(opdescs[i].name, name) == 0)
			return &opdescs[i];
	return NULL;
}

/* Bytes not yet read. */
struct cursor {
	const uint8_t *p;
	size_t left;
};

static bool take(struct cursor *c, size_t n, const uint8_t **out)
{
	if (n > c->left)
		return false;
	*out = c->p;
	c->p += n;
	c->left -= n;
	return true;
}

static bool read_u16(struct cursor *c, uint16_t *v)
{
	const uint8_t *b;
	if (!take(c, 2, &b))
		return false;
	*v = (uint16_t)(b[0] | b[1] << 8);
	return true;
}

static bool read_u32(struct cursor *c, uint32_t *v)
{
	const uint8_t *b;
	if (!take(c, 4, &b))
		return false;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return true;
}

static bool read_u64(struct cursor *c, uint64_t *v)
{
	uint32_t lo, hi;
	if (!read_u32(c, &lo) || !read_u32(c, &hi))
		return false;
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* A bump allocator over one block sized from the plan's length (see plan_parse). */
struct arena {
	uint8_t *base;
	size_t size, used;
};

static void *arena_alloc(struct arena *a, size_t n, size_t align)
{
	size_t start = (a->used + align - 1) & ~(align - 1);
	if (start > a->size || n > a->size - start)
		return NULL;
	a->used = start + n;
	return a->base + start;
}

struct parser {
	struct arena arena;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ps->err, ps->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Reads a str into a NUL-terminated copy. The prefix names the field in error messages. */
static int read_str(struct parser *ps, struct cursor *c, char **out, const char *what)
{
	uint32_t len;
	const uint8_t *bytes;
	if (!read_u32(c, &len))
		return perr(ps, "%s: runs past the end of the op", what);
	if (len > PLAN_MAX_STR)
		return perr(ps, "%s: string of %" PRIu32 " bytes is over the limit of %d", what, len, PLAN_MAX_STR);
	if (!take(c, len, &bytes))
		return perr(ps, "%s: string of %" PRIu32 " bytes runs past the end of the op", what, len);
	if (memchr(bytes, 0, len))
		return perr(ps, "%s: string holds a NUL byte", what);
	char *s = arena_alloc(&ps->arena, (size_t)len + 1, 1);
	if (!s)
		return perr(ps, "%s: internal error: arena exhausted", what);
	memcpy(s, bytes, len);
	s[len] = 0;
	*out = s;
	return 0;
}

static int read_field(struct parser *ps, struct cursor *c, const struct field *f, struct op *op, const char *opname)
{
	char what[64];
	snprintf(what, sizeof what, "%s.%s", opname, f->name);
	void *dst = (char *)op + f->offset;
	uint32_t count;

	switch (f->type) {
	case F_U32:
		if (!read_u32(c, dst))
			return perr(ps, "%s: runs past the end of the op", what);
		return 0;
	case F_U64:
		if (!read_u64(c, dst))
			return perr(ps, "%s: runs past the end of the op", what);
		return 0;
	case F_STR:
		return read_str(ps, c, dst, what);
	case F_STRV: {
		struct strv *sv = dst;
		if (!read_u32(c, &count))
			return perr(ps, "%s: runs past the end of the op", what);
		if (count > PLAN_MAX_COUNT)
			return perr(ps, "%s: count %" PRIu32 " is over the limit of %d", what, count, PLAN_MAX_COUNT);
		/* Each entry takes at least its 4-byte length: check before allocating. */
		if ((size_t)count * 4 > c->left)
			return perr(ps, "%s: %" PRIu32 " strings run past the end of the op", what, count);
		sv->v = arena_alloc(&ps->arena, ((size_t)count + 1) * sizeof(char *), _Alignof(char *));
		if (!sv->v)
			return perr(ps, "%s: internal error: arena exhausted", what);
		sv->count = count;
		for (uint32_t i = 0; i < count; i++) {
			char item[80];
			snprintf(item, sizeof item, "%s[%" PRIu32 "]", what, i);
			if (read_str(ps, c, &sv->v[i], item) < 0)
				return -1;
		}
		sv->v[count] = NULL;
		return 0;
	}
	case F_U32V: {
		struct u32v *uv = dst;
		if (!read_u32(c, &count))
			return perr(ps, "%s: runs past the end of the op", what);
		if (count > PLAN_MAX_COUNT)
			return perr(ps, "%s: count %" PRIu32 " is over the limit of %d", what, count, PLAN_MAX_COUNT);
		if ((size_t)count * 4 > c->left)
			return perr(ps, "%s: %" PRIu32 " numbers run past the end of the op", what, count);
		uv->v = arena_alloc(&ps->arena, (size_t)count * 4 + 4, _Alignof(uint32_t));
		if (!uv->v)
			return perr(ps, "%s: internal error: arena exhausted", what);
		uv->count = count;
		for (uint32_t i = 0; i < count; i++)
			read_u32(c, &uv->v[i]); /* cannot fail: checked above */
		return 0;
	}
	case F_BYTES: {
		struct bytes *b = dst;
		const uint8_t *src;
		if (!read_u32(c, &count))
			return perr(ps, "%s: runs past the end of the op", what);
		if (count > PLAN_MAX_STR)
			return perr(ps, "%s: %" PRIu32 " bytes are over the limit of %d", what, count, PLAN_MAX_STR);
		if (!take(c, count, &src))
			return perr(ps, "%s: %" PRIu32 " bytes run past the end of the op", what, count);
		b->v = arena_alloc(&ps->arena, (size_t)count + 1, 8);
		if (!b->v)
			return perr(ps, "%s: internal error: arena exhausted", what);
		memcpy(b->v, src, count);
		b->len = count;
		return 0;
	}
	}
	return perr(ps, "%s: internal error: bad field type", what);
}

static int read_op(struct parser *ps, struct cursor *c, uint32_t index, struct op *op)
{
	uint16_t code, flags;
	uint32_t length;
	const uint8_t *payload;

	if (!read_u16(c, &code) || !read_u16(c, &flags) || !read_u32(c, &length))
		return perr(ps, "op %" PRIu32 ": header runs past the end of the plan", index);
	const struct opdesc *d = plan_opdesc(code);
	if (!d)
		return perr(ps, "op %" PRIu32 ": unknown opcode %u", index, code);
	if (flags & ~OP_FLAG_OPTIONAL)
		return perr(ps, "op %" PRIu32 " (%s): reserved flag bits set (0x%04x)", index, d->name, flags);
	if (!take(c, length, &payload))
		return perr(ps, "op %" PRIu32 " (%s): length %" PRIu32 " runs past the end of the plan", index, d->name,
			    length);

	struct cursor fields = { payload, length };
	char opname[48];
	snprintf(opname, sizeof opname, "op %" PRIu32 " (%s)", index, d->name);
	op->code = code;
	op->flags = flags;
	for (unsigned i = 0; i < d->nfields; i++)
		if (read_field(ps, &fields, &d->fields[i], op, opname) < 0)
			return -1;
	if (fields.left != 0)
		return perr(ps, "%s: %zu bytes left over after its fields", opname, fields.left);
	return 0;
}

int plan_parse(const void *buf, size_t len, struct plan *out, char *err, size_t errlen)
{
	struct cursor c = { buf, len };
	struct parser ps = { .err = err, .errlen = errlen };
	const uint8_t *magic;
	uint32_t version, count;

	memset(out, 0, sizeof *out);
	if (!take(&c, 8, &magic) || !read_u32(&c, &version) || !read_u32(&c, &count))
		return perr(&ps, "plan header truncated (%zu bytes)", len);
	if (memcmp(magic, PLAN_MAGIC, 8) != 0)
		return perr(&ps, "bad magic (not a jlxc plan)");
	if (version != PLAN_VERSION)
		return perr(&ps, "unsupported plan version %" PRIu32 " (expected %d)", version, PLAN_VERSION);
	if (count > PLAN_MAX_OPS)
		return perr(&ps, "op count %" PRIu32 " is over the limit of %d", count, PLAN_MAX_OPS);
	/* Each op has an 8-byte header: check before allocating count ops. */
	if ((size_t)count * 8 > c.left)
		return perr(&ps, "op count %" PRIu32 " runs past the end of the plan", count);

	/* Arena bound: a str of n bytes reads 4+n and stores n+1; a strv of count c with s string bytes
	 * reads 4+4c+s and stores at most 8(c+1)+7 pointer bytes plus s+c; a u32v reads 4+4c and stores
	 * 4c+4+3; bytes read 4+n and store n+1+7. Each stores less than 4 times what it reads plus 16, so
	 * 4*len + 16 per op suffices. */
	ps.arena.size = 4 * c.left + 16 * (size_t)count + 16;
	ps.arena.base = malloc(ps.arena.size);
	struct op *ops = calloc(count ? count : 1, sizeof *ops);
	if (!ps.arena.base || !ops) {
		free(ps.arena.base);
		free(ops);
		return perr(&ps, "out of memory for a plan of %zu bytes", len);
	}
	for (uint32_t i = 0; i < count; i++) {
		if (read_op(&ps, &c, i, &ops[i]) < 0)
			goto bad;
	}
	if (c.left != 0) {
		perr(&ps, "%zu trailing bytes after the last op", c.left);
		goto bad;
	}
	out->count = count;
	out->ops = ops;
	out->arena = ps.arena.base;
	return 0;
bad:
	free(ps.arena.base);
	free(ops);
	return -1;
}

void plan_free(struct plan *plan)
{
	free(plan->ops);
	free(plan->arena);
	memset(plan, 0, sizeof *plan);
}

/* Quoted, with \" and \\ escaped and every byte outside 0x20..0x7e as \xHH (lower case). */
static void dump_str(const char *s, FILE *f)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p > 0x7e)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void dump_field(const struct field *fd, const struct op *op, FILE *f)
{
	const void *src = (const char *)op + fd->offset;
	fprintf(f, " %s=", fd->name);
	switch (fd->type) {
	case F_U32: {
		uint32_t v = *(const uint32_t *)src;
		if (fd->fmt == FMT_HEX)
			fprintf(f, "0x%08" PRIx32, v);
		else if (fd->fmt == FMT_OCT)
			fprintf(f, "0%" PRIo32, v);
		else
			fprintf(f, "%" PRIu32, v);
		break;
	}
	case F_U64: {
		uint64_t v = *(const uint64_t *)src;
		if (fd->fmt == FMT_HEX)
			fprintf(f, "0x%016" PRIx64, v);
		else
			fprintf(f, "%" PRIu64, v);
		break;
	}
	case F_STR:
		dump_str(*(char *const *)src, f);
		break;
	case F_STRV: {
		const struct strv *sv = src;
		fputc('[', f);
		for (uint32_t i = 0; i < sv->count; i++) {
			if (i)
				fputc(',', f);
			dump_str(sv->v[i], f);
		}
		fputc(']', f);
		break;
	}
	case F_U32V: {
		const struct u32v *uv = src;
		fputc('[', f);
		for (uint32_t i = 0; i < uv->count; i++)
			fprintf(f, i ? ",%" PRIu32 : "%" PRIu32, uv->v[i]);
		fputc(']', f);
		break;
	}
	case F_BYTES: {
		const struct bytes *b = src;
		for (uint32_t i = 0; i < b->len; i++)
			fprintf(f, "%02x", b->v[i]);
		break;
	}
	}
}

void plan_dump_op(const struct op *op, FILE *f)
{
	const struct opdesc *d = plan_opdesc(op->code);
	fputs(d->name, f);
	for (unsigned i = 0; i < d->nfields; i++)
		dump_field(&d->fields[i], op, f);
	fprintf(f, " optional=%d\n", op->flags & OP_FLAG_OPTIONAL ? 1 : 0);
}

void plan_dump(const struct plan *plan, FILE *f)
{
	for (uint32_t i = 0; i < plan->count; i++)
		plan_dump_op(&plan->ops[i], f);
}
