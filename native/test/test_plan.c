/* Tests of the plan reader: unit tests of valid plans, of each rejection rule, of the canonical
 * dump; then a deterministic mutation fuzzer. Built with ASan and UBSan (see the Makefile). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan.h"
#include "planenc.h"

static int failures;

#define CHECK(cond, ...)                                                        \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);  \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			failures++;                                             \
		}                                                               \
	} while (0)

/* A plan from text arguments, as mkplan takes them. */
static struct enc build(const char *const *args)
{
	struct enc e;
	int n = 0;
	while (args[n])
		n++;
	enc_init(&e);
	for (int i = 0; i < n;) {
		int used = enc_op_args(&e, (char **)args + i, n - i);
		if (used < 0) {
			fprintf(stderr, "bad test plan\n");
			exit(2);
		}
		i += used;
	}
	enc_finish(&e);
	return e;
}

static char *dump(const struct plan *p)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	plan_dump(p, f);
	fclose(f);
	return text;
}

/* Every accepted plan has exactly one encoding: encoding what was read gives the input back. */
static bool reencodes(const struct plan *p, const uint8_t *buf, size_t len)
{
	struct enc e;
	enc_init(&e);
	for (uint32_t i = 0; i < p->count; i++)
		enc_op(&e, &p->ops[i]);
	enc_finish(&e);
	bool same = e.len == len && memcmp(e.buf, buf, len) == 0;
	enc_free(&e);
	return same;
}

static const char *const all_ops[] = {
	"NAMESPACES", "0x6c020000",
	"SHARE_NS", "0x40000000", "/proc/1/ns/net",
	"CONSOLE", "1",
	"MOUNT", "proc", "proc", "proc", "0xe", "", "1",
	"?MOUNT", "/src dir", "/mnt/\"q\"\\", "", "0x5000", "mode=0755,\x01\x7f\xc3\xa9", "3",
	"MKDIR", "dev/pts", "0755", "1",
	"MKNOD", "dev/null", "020666", "0x103", "1",
	"SYMLINK", "/proc/self/fd", "dev/fd", "1",
	"CREATE_FILE", "dev/console", "0600", "1",
	"ROOTFS", "/var/lib/lxc/c1/rootfs",
	"PIVOT_ROOT",
	"SETHOSTNAME", "c1",
	"CAP_BOUND_DROP", "0x8000000000000001",
	"SETRLIMIT", "7", "1024", "0xffffffffffffffff",
	"IDS", "1000", "100", "3", "4", "27", "4294967295",
	"IDS", "0", "0", "0",
	"CHDIR", "/",
	"ENV", "2", "PATH=/bin", "TERM=linux",
	"ENV", "0",
	"CONSOLE_MOUNT", "dev/console", "1",
	"WRITE_FILE", "proc/sys/kernel/shmmax", "1024\n", "1",
	"UMOUNT", "mnt", "2", "1",
	"UNSHARE", "0x2000000",
	"TTYS", "4",
	"TTY_MOUNT", "1", "dev/tty1", "1",
	"HOOK", "3", "/bin/sh", "-c", "exec /h c1 lxc mount", "1", "LXC_NAME=c1",
	"START_HOST",
	"EXEC_INIT", "1", "/bin/true",
	"?EXEC", "3", "/bin/sh", "-c", "echo \"$$\"",
	"SECCOMP", "1", "0600000000000000ff00ff7f",
	"SECCOMP", "0", "",
	NULL,
};

static const char all_ops_dump[] =
	"NAMESPACES clone_flags=0x000000006c020000 optional=0\n"
	"SHARE_NS nstype=0x40000000 path=\"/proc/1/ns/net\" optional=0\n"
	"CONSOLE mode=1 optional=0\n"
	"MOUNT source=\"proc\" target=\"proc\" fstype=\"proc\" flags=0x000000000000000e data=\"\" resolve=1 optional=0\n"
	"MOUNT source=\"/src dir\" target=\"/mnt/\\\"q\\\"\\\\\" fstype=\"\" flags=0x0000000000005000 "
	"data=\"mode=0755,\\x01\\x7f\\xc3\\xa9\" resolve=3 optional=1\n"
	"MKDIR path=\"dev/pts\" mode=0755 resolve=1 optional=0\n"
	"MKNOD path=\"dev/null\" mode=020666 dev=0x0000000000000103 resolve=1 optional=0\n"
	"SYMLINK target=\"/proc/self/fd\" path=\"dev/fd\" resolve=1 optional=0\n"
	"CREATE_FILE path=\"dev/console\" mode=0600 resolve=1 optional=0\n"
	"ROOTFS path=\"/var/lib/lxc/c1/rootfs\" optional=0\n"
	"PIVOT_ROOT optional=0\n"
	"SETHOSTNAME name=\"c1\" optional=0\n"
	"CAP_BOUND_DROP mask=0x8000000000000001 optional=0\n"
	"SETRLIMIT resource=7 soft=1024 hard=18446744073709551615 optional=0\n"
	"IDS uid=1000 gid=100 groups=[4,27,4294967295] optional=0\n"
	"IDS uid=0 gid=0 groups=[] optional=0\n"
	"CHDIR path=\"/\" optional=0\n"
	"ENV entries=[\"PATH=/bin\",\"TERM=linux\"] optional=0\n"
	"ENV entries=[] optional=0\n"
	"CONSOLE_MOUNT target=\"dev/console\" resolve=1 optional=0\n"
	"WRITE_FILE path=\"proc/sys/kernel/shmmax\" content=\"1024\\x0a\" resolve=1 optional=0\n"
	"UMOUNT target=\"mnt\" flags=0x00000002 resolve=1 optional=0\n"
	"UNSHARE flags=0x0000000002000000 optional=0\n"
	"TTYS count=4 optional=0\n"
	"TTY_MOUNT index=1 target=\"dev/tty1\" resolve=1 optional=0\n"
	"HOOK argv=[\"/bin/sh\",\"-c\",\"exec /h c1 lxc mount\"] env=[\"LXC_NAME=c1\"] optional=0\n"
	"START_HOST optional=0\n"
	"EXEC_INIT argv=[\"/bin/true\"] optional=0\n"
	"EXEC argv=[\"/bin/sh\",\"-c\",\"echo \\\"$$\\\"\"] optional=1\n"
	"SECCOMP flags=0x00000001 program=0600000000000000ff00ff7f optional=0\n"
	"SECCOMP flags=0x00000000 program= optional=0\n";

static void test_valid(void)
{
	struct enc e = build(all_ops);
	struct plan p;
	char err[256] = "";
	int r = plan_parse(e.buf, e.len, &p, err, sizeof err);
	CHECK(r == 0, "all ops: %s", err);
	if (r == 0) {
		char *text = dump(&p);
		CHECK(strcmp(text, all_ops_dump) == 0, "dump differs:\n%s", text);
		CHECK(reencodes(&p, e.buf, e.len), "all ops: re-encoding differs");
		CHECK(p.ops[3].mount.resolve == 1 && strcmp(p.ops[3].mount.target, "proc") == 0, "mount fields");
		CHECK(p.ops[28].exec.argv.count == 3 && p.ops[28].exec.argv.v[3] == NULL &&
			      p.ops[25].hook.env.count == 1 && p.ops[25].hook.env.v[1] == NULL, "argv NULL-terminated");
		free(text);
		plan_free(&p);
	}
	enc_free(&e);

	/* The empty plan is well formed (the shim refuses it later, the reader does not). */
	enc_init(&e);
	enc_finish(&e);
	CHECK(plan_parse(e.buf, e.len, &p, err, sizeof err) == 0 && p.count == 0, "empty plan: %s", err);
	plan_free(&p);
	enc_free(&e);

	/* A string of exactly the limit is accepted. */
	char *big = malloc(PLAN_MAX_STR + 1);
	memset(big, 'a', PLAN_MAX_STR);
	big[PLAN_MAX_STR] = 0;
	const char *args[] = { "SETHOSTNAME", big, NULL };
	e = build(args);
	CHECK(plan_parse(e.buf, e.len, &p, err, sizeof err) == 0, "string at the limit: %s", err);
	if (p.ops)
		CHECK(strlen(p.ops[0].sethostname.name) == PLAN_MAX_STR, "long string copied");
	plan_free(&p);
	enc_free(&e);
	free(big);
}

/* Expects the reader to reject buf with a message containing want. */
static void rejects(const char *name, const uint8_t *buf, size_t len, const char *want)
{
	struct plan p;
	char err[256] = "";
	int r = plan_parse(buf, len, &p, err, sizeof err);
	CHECK(r < 0, "%s: accepted", name);
	CHECK(r >= 0 || strstr(err, want), "%s: message \"%s\" lacks \"%s\"", name, err, want);
	if (r == 0)
		plan_free(&p);
}

/* A plan with one raw op: header fields as given, then payload bytes. */
static struct enc raw_op(uint16_t code, uint16_t flags, uint32_t length, const void *payload, size_t n)
{
	struct enc e;
	enc_init(&e);
	enc_u16(&e, code);
	enc_u16(&e, flags);
	enc_u32(&e, length);
	enc_bytes(&e, payload, n);
	e.count = 1;
	enc_finish(&e);
	return e;
}

static void test_invalid(void)
{
	struct enc e;
	uint8_t b[64];

	rejects("empty", (const uint8_t *)"", 0, "header truncated");
	rejects("short header", (const uint8_t *)"JLXCPLAN\1\0\0", 11, "header truncated");

	enc_init(&e);
	enc_finish(&e);
	e.buf[0] = 'X';
	rejects("bad magic", e.buf, e.len, "bad magic");
	e.buf[0] = 'J';
	e.buf[8] = 2;
	rejects("bad version", e.buf, e.len, "unsupported plan version 2");
	e.buf[8] = 1;
	e.buf[12] = 0x01, e.buf[13] = 0x00, e.buf[14] = 0x01; /* 65537 */
	rejects("too many ops", e.buf, e.len, "over the limit");
	e.buf[12] = 3, e.buf[13] = 0, e.buf[14] = 0;
	rejects("op count past the end", e.buf, e.len, "runs past the end of the plan");
	enc_free(&e);

	memset(b, 0, sizeof b);
	uint16_t unknown[] = { 0, 4, 9, 36, 0xffff };
	for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++) {
		e = raw_op(unknown[i], 0, 0, b, 0);
		rejects("unknown opcode", e.buf, e.len, "unknown opcode");
		enc_free(&e);
	}
	e = raw_op(OP_PIVOT_ROOT, 2, 0, b, 0);
	rejects("reserved flag", e.buf, e.len, "reserved flag bits");
	enc_free(&e);
	e = raw_op(OP_PIVOT_ROOT, 0x8001, 0, b, 0);
	rejects("reserved flag with optional", e.buf, e.len, "reserved flag bits");
	enc_free(&e);
	e = raw_op(OP_NAMESPACES, 0, 9, b, 8);
	rejects("length past the end", e.buf, e.len, "runs past the end of the plan");
	enc_free(&e);
	e = raw_op(OP_NAMESPACES, 0, 0xffffffff, b, 8);
	rejects("huge length", e.buf, e.len, "runs past the end of the plan");
	enc_free(&e);
	e = raw_op(OP_NAMESPACES, 0, 4, b, 4);
	rejects("field past the op", e.buf, e.len, "clone_flags: runs past the end of the op");
	enc_free(&e);
	e = raw_op(OP_NAMESPACES, 0, 12, b, 12);
	rejects("op not consumed", e.buf, e.len, "4 bytes left over");
	enc_free(&e);
	/* A string whose bytes are in the plan but past its op. */
	uint8_t s3[] = { 3, 0, 0, 0, 'a', 'b' };
	e = raw_op(OP_SETHOSTNAME, 0, sizeof s3, s3, sizeof s3);
	enc_bytes(&e, "c", 1);
	rejects("string past the op", e.buf, e.len, "name: string of 3 bytes runs past the end of the op");
	enc_free(&e);
	uint8_t nul[] = { 3, 0, 0, 0, 'a', 0, 'b' };
	e = raw_op(OP_SETHOSTNAME, 0, sizeof nul, nul, sizeof nul);
	rejects("NUL in string", e.buf, e.len, "holds a NUL");
	enc_free(&e);
	uint8_t strv_nul[] = { 1, 0, 0, 0, 1, 0, 0, 0, 0 };
	e = raw_op(OP_EXEC, 0, sizeof strv_nul, strv_nul, sizeof strv_nul);
	rejects("NUL in strv", e.buf, e.len, "argv[0]: string holds a NUL");
	enc_free(&e);

	/* A string over the limit, with all its bytes present. */
	size_t n = 4 + PLAN_MAX_STR + 1;
	uint8_t *long_str = calloc(1, n);
	memset(long_str + 4, 'x', n - 4);
	long_str[0] = 0x01, long_str[2] = 0x01; /* 65537 */
	e = raw_op(OP_SETHOSTNAME, 0, (uint32_t)n, long_str, n);
	rejects("string over the limit", e.buf, e.len, "over the limit");
	enc_free(&e);
	free(long_str);

	uint8_t strv_many[] = { 0x01, 0x00, 0x01, 0x00 }; /* count 65537 */
	e = raw_op(OP_ENV, 0, sizeof strv_many, strv_many, sizeof strv_many);
	rejects("strv count over the limit", e.buf, e.len, "count 65537 is over the limit");
	enc_free(&e);
	uint8_t strv_short[] = { 2, 0, 0, 0, 0, 0, 0, 0 };
	e = raw_op(OP_ENV, 0, sizeof strv_short, strv_short, sizeof strv_short);
	rejects("strv past the op", e.buf, e.len, "2 strings run past the end of the op");
	enc_free(&e);
	uint8_t u32v_short[] = { 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0 };
	e = raw_op(OP_IDS, 0, sizeof u32v_short, u32v_short, sizeof u32v_short);
	rejects("u32v past the op", e.buf, e.len, "groups: 2 numbers run past the end of the op");
	enc_free(&e);
	uint8_t u32v_many[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x01, 0x00 };
	e = raw_op(OP_IDS, 0, sizeof u32v_many, u32v_many, sizeof u32v_many);
	rejects("u32v count over the limit", e.buf, e.len, "over the limit");
	enc_free(&e);

	e = raw_op(OP_PIVOT_ROOT, 0, 0, b, 0);
	enc_bytes(&e, "z", 1);
	rejects("trailing bytes", e.buf, e.len, "1 trailing bytes after the last op");
	enc_free(&e);
	e = raw_op(OP_NAMESPACES, 0, 8, b, 8);
	e.buf[12] = 2;
	enc_bytes(&e, "\x10\0\0\0\0\0", 6);
	rejects("second op header truncated", e.buf, e.len, "op 1: header runs past the end of the plan");
	enc_free(&e);
}

/* xorshift64*: the same sequence on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}
static size_t below(size_t n)
{
	return n ? (size_t)(rnd() % n) : 0;
}

static const uint32_t edges[] = { 0, 1, 2, 3, 4, 7, 8, 0xff, 0xffff, 65535, 65536, 65537, 0x7fffffff, 0x80000000,
				  0xfffffff8, 0xfffffffc, 0xffffffff };

static void mutate(uint8_t *buf, size_t *len, size_t cap)
{
	int rounds = 1 + (int)below(3);
	for (int r = 0; r < rounds; r++) {
		switch (below(6)) {
		case 0: /* truncate */
			*len = below(*len + 1);
			break;
		case 1: /* bit flips */
			for (int i = 0, n = 1 + (int)below(4); i < n && *len; i++)
				buf[below(*len)] ^= (uint8_t)(1u << below(8));
			break;
		case 2: /* a 32-bit field (lengths, counts) set to an edge value, possibly relative to the size */
			if (*len >= 4) {
				size_t at = below(*len - 3);
				uint32_t v = below(3) ? edges[below(sizeof edges / sizeof *edges)]
						      : (uint32_t)(*len - at - 4 + below(9) - 4);
				for (int i = 0; i < 4; i++)
					buf[at + (size_t)i] = (uint8_t)(v >> (8 * i));
			}
			break;
		case 3: { /* insert bytes */
			size_t n = 1 + below(8);
			if (*len + n > cap)
				break;
			size_t at = below(*len + 1);
			memmove(buf + at + n, buf + at, *len - at);
			for (size_t i = 0; i < n; i++)
				buf[at + i] = below(2) ? (uint8_t)rnd() : 0;
			*len += n;
			break;
		}
		case 4: { /* delete bytes */
			if (!*len)
				break;
			size_t at = below(*len), n = 1 + below(8);
			if (n > *len - at)
				n = *len - at;
			memmove(buf + at, buf + at + n, *len - at - n);
			*len -= n;
			break;
		}
		case 5: /* a byte set to an edge value */
			if (*len)
				buf[below(*len)] = (uint8_t[]){ 0, 1, 0x7f, 0x80, 0xff }[below(5)];
			break;
		}
	}
}

static void fuzz(long iterations)
{
	static const char *const small[] = { "NAMESPACES", "0x24020000", "SETHOSTNAME", "c1",
					     "EXEC", "3", "/bin/sh", "-c", "hostname; echo $$", NULL };
	static const char *const vectors[] = { "ENV", "3", "A=1", "B=", "C=3", "IDS", "1", "2", "4", "1", "2", "3", "4",
					       "EXEC", "0", NULL };
	struct enc seeds[] = { build(all_ops), build(small), build(vectors) };
	size_t nseeds = sizeof seeds / sizeof *seeds;
	size_t cap = 0;
	for (size_t i = 0; i < nseeds; i++)
		if (seeds[i].len > cap)
			cap = seeds[i].len;
	cap += 256;
	long accepted = 0;
	char err[256];

	for (long it = 0; it < iterations; it++) {
		const struct enc *seed = &seeds[below(nseeds)];
		/* Exactly-sized heap copy: ASan sees any read past the end. */
		size_t len = seed->len;
		uint8_t *work = malloc(cap);
		memcpy(work, seed->buf, len);
		mutate(work, &len, cap);
		uint8_t *exact = malloc(len ? len : 1);
		memcpy(exact, work, len);
		free(work);

		struct plan p;
		if (plan_parse(exact, len, &p, err, sizeof err) == 0) {
			accepted++;
			CHECK(reencodes(&p, exact, len), "iteration %ld: accepted plan re-encodes differently", it);
			free(dump(&p));
			plan_free(&p);
		} else {
			CHECK(err[0] != 0, "iteration %ld: rejected without a message", it);
		}
		free(exact);
		if (failures > 20)
			break;
	}
	printf("fuzz: %ld iterations, %ld accepted\n", iterations, accepted);
	for (size_t i = 0; i < nseeds; i++)
		enc_free(&seeds[i]);
}

int main(int argc, char **argv)
{
	long iterations = argc > 1 ? atol(argv[1]) : 200000;
	test_valid();
	test_invalid();
	fuzz(iterations);
	if (failures) {
		fprintf(stderr, "test-plan: %d failures\n", failures);
		return 1;
	}
	printf("test-plan: ok\n");
	return 0;
}
