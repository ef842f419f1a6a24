/* The plan reader: turns the bytes described in native/PLAN.md into an array of ops. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PLAN_MAGIC "JLXCPLAN"
#define PLAN_VERSION 1
#define PLAN_MAX_OPS 65536
#define PLAN_MAX_STR 65536
#define PLAN_MAX_COUNT 65536

#define OP_FLAG_OPTIONAL 0x1u

#define RESOLVE_TARGET_IN_ROOT 0x1u
#define RESOLVE_SOURCE_IN_ROOT 0x2u

/* SECCOMP flags: bit 0, skip the filter when the process already is under one (allow_nesting = 0). */
#define SECCOMP_SKIP_IF_CONFINED 0x1u

enum opcode {
	OP_NAMESPACES = 1,
	OP_SHARE_NS = 2,
	OP_CONSOLE = 3,
	OP_MOUNT = 10,
	OP_MKDIR = 11,
	OP_MKNOD = 12,
	OP_SYMLINK = 13,
	OP_CREATE_FILE = 14,
	OP_ROOTFS = 15,
	OP_PIVOT_ROOT = 16,
	OP_SETHOSTNAME = 17,
	OP_CAP_BOUND_DROP = 18,
	OP_SETRLIMIT = 19,
	OP_IDS = 20,
	OP_CHDIR = 21,
	OP_ENV = 22,
	OP_EXEC = 23,
	OP_EXEC_INIT = 24,
	OP_CONSOLE_MOUNT = 25,
	OP_WRITE_FILE = 26,
	OP_UMOUNT = 27,
	OP_UNSHARE = 28,
	OP_TTYS = 29,
	OP_TTY_MOUNT = 30,
	OP_ON_EXIT = 31,
	OP_CONSOLE_LOG = 32,
	OP_HOOK = 33,
	OP_START_HOST = 34,
	OP_KEEP_NS = 35,
	OP_CONSOLE_PEER = 40,
	OP_CONSOLE_LOG_SIZE = 41,
	OP_CONSOLE_BUFFER = 42,
	OP_CLEANUP = 43,
	OP_LEAVE_CGROUP = 48,
	OP_PERSONALITY = 51,
	OP_NO_NEW_PRIVS = 52,
	OP_KEYRING = 53,
	OP_TIMENS = 54,
	OP_PDEATHSIG = 55,
	OP_SECCOMP = 50,
	OP_USERNS_ROOT = 60,
	OP_CONSOLE_OWNER = 61,
};

#define MAX_TTYS 1024

/* A string vector; v[count] is NULL so it can be passed to execve. */
struct strv {
	uint32_t count;
	char **v;
};

struct u32v {
	uint32_t count;
	uint32_t *v;
};

/* A byte string (may hold NUL bytes): a BPF program. */
struct bytes {
	uint32_t len;
	uint8_t *v;
};

/* Strings are NUL-terminated copies (the format forbids NUL bytes inside them). */
struct op {
	uint16_t code;
	uint16_t flags;
	union {
		struct { uint64_t clone_flags; } namespaces;
		struct { uint32_t nstype; char *path; } share_ns;
		struct { uint32_t mode; } console;
		struct { char *source, *target, *fstype; uint64_t flags; char *data; uint32_t resolve; } mount;
		struct { char *path; uint32_t mode, resolve; } mkdir;
		struct { char *path; uint32_t mode; uint64_t dev; uint32_t resolve; } mknod;
		struct { char *target, *path; uint32_t resolve; } symlink;
		struct { char *path; uint32_t mode, resolve; } create_file;
		struct { char *path; } rootfs;
		struct { char *name; } sethostname;
		struct { uint64_t mask; } cap_bound_drop;
		struct { uint32_t resource; uint64_t soft, hard; } setrlimit;
		struct { uint32_t uid, gid; struct u32v groups; } ids;
		struct { char *path; } chdir;
		struct { struct strv entries; } env;
		struct { struct strv argv; } exec; /* EXEC and EXEC_INIT */
		struct { char *target; uint32_t resolve; } console_mount;
		struct { char *path, *content; uint32_t resolve; } write_file;
		struct { char *target; uint32_t flags, resolve; } umount;
		struct { uint64_t flags; } unshare;
		struct { uint32_t count; } ttys;
		struct { uint32_t index; char *target; uint32_t resolve; } tty_mount;
		struct { struct strv argv; } exit_cmd; /* ON_EXIT */
		struct { char *path; } console_log;
		struct { struct strv argv, env; } hook;
		struct { uint64_t flags; } keep_ns;
		struct { char *path; } console_peer;
		struct { uint64_t size; uint32_t rotate; } console_log_size;
		struct { uint64_t size; } console_buffer;
		struct { uint32_t unless_signal; struct strv rmdirs, unlinks, kill_files; char *freezer; } cleanup;
		struct { struct strv procs, rmdirs; } leave_cgroup;
		struct { uint64_t persona; } personality;
		struct { uint32_t signal; } pdeathsig;
		struct { uint64_t boot_sec; uint32_t boot_nsec; uint64_t mono_sec; uint32_t mono_nsec; } timens;
		struct { uint32_t flags; struct bytes program; } seccomp;
		struct { uint32_t uid, gid; } console_owner;
	};
};

/* The layout of each opcode's payload, shared by the reader, the dump and the test encoder. */
enum field_type { F_U32, F_U64, F_STR, F_STRV, F_U32V, F_BYTES };
enum field_fmt { FMT_DEC, FMT_HEX, FMT_OCT };

struct field {
	const char *name;
	uint8_t type;   /* enum field_type */
	uint8_t fmt;    /* enum field_fmt, for numbers in the canonical dump */
	uint16_t offset; /* of the value in struct op */
};

#define OP_MAX_FIELDS 6

struct opdesc {
	uint16_t code;
	const char *name;
	uint8_t nfields;
	struct field fields[OP_MAX_FIELDS];
};

/* NULL for an unknown opcode. */
const struct opdesc *plan_opdesc(uint16_t code);
/* By name, for the test encoder; NULL if unknown. */
const struct opdesc *plan_opdesc_by_name(const char *name);

struct plan {
	uint32_t count;
	struct op *ops;
	void *arena; /* every string and vector of the ops, one allocation */
};

/* Parses buf; on failure returns -1 with a message in err and leaves *out empty. */
int plan_parse(const void *buf, size_t len, struct plan *out, char *err, size_t errlen);
void plan_free(struct plan *plan);

/* The canonical text form: one line per op (see "Canonical dump" in PLAN.md). */
void plan_dump_op(const struct op *op, FILE *f);
void plan_dump(const struct plan *plan, FILE *f);
