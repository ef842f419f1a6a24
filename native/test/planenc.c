#include "planenc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void enc_bytes(struct enc *e, const void *p, size_t n)
{
	if (e->len + n > e->cap) {
		e->cap = (e->len + n) * 2 + 64;
		e->buf = realloc(e->buf, e->cap);
		if (!e->buf)
			abort();
	}
	memcpy(e->buf + e->len, p, n);
	e->len += n;
}

void enc_u16(struct enc *e, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	enc_bytes(e, b, 2);
}

void enc_u32(struct enc *e, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	enc_bytes(e, b, 4);
}

void enc_u64(struct enc *e, uint64_t v)
{
	enc_u32(e, (uint32_t)v);
	enc_u32(e, (uint32_t)(v >> 32));
}

static void enc_str(struct enc *e, const char *s)
{
	enc_u32(e, (uint32_t)strlen(s));
	enc_bytes(e, s, strlen(s));
}

void enc_init(struct enc *e)
{
	memset(e, 0, sizeof *e);
	enc_bytes(e, PLAN_MAGIC, 8);
	enc_u32(e, PLAN_VERSION);
	enc_u32(e, 0);
}

void enc_finish(struct enc *e)
{
	uint8_t *p = e->buf + 12;
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(e->count >> (8 * i));
}

void enc_free(struct enc *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

/* Writes the op header with a zero length; returns where the length goes. */
static size_t begin_op(struct enc *e, uint16_t code, uint16_t flags)
{
	enc_u16(e, code);
	enc_u16(e, flags);
	size_t at = e->len;
	enc_u32(e, 0);
	e->count++;
	return at;
}

static void end_op(struct enc *e, size_t at)
{
	uint32_t len = (uint32_t)(e->len - at - 4);
	for (int i = 0; i < 4; i++)
		e->buf[at + (size_t)i] = (uint8_t)(len >> (8 * i));
}

void enc_op(struct enc *e, const struct op *op)
{
	const struct opdesc *d = plan_opdesc(op->code);
	size_t at = begin_op(e, op->code, op->flags);
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		const void *src = (const char *)op + f->offset;
		switch (f->type) {
		case F_U32:
			enc_u32(e, *(const uint32_t *)src);
			break;
		case F_U64:
			enc_u64(e, *(const uint64_t *)src);
			break;
		case F_STR:
			enc_str(e, *(char *const *)src);
			break;
		case F_STRV: {
			const struct strv *sv = src;
			enc_u32(e, sv->count);
			for (uint32_t j = 0; j < sv->count; j++)
				enc_str(e, sv->v[j]);
			break;
		}
		case F_U32V: {
			const struct u32v *uv = src;
			enc_u32(e, uv->count);
			for (uint32_t j = 0; j < uv->count; j++)
				enc_u32(e, uv->v[j]);
			break;
		}
		case F_BYTES: {
			const struct bytes *b = src;
			enc_u32(e, b->len);
			enc_bytes(e, b->v, b->len);
			break;
		}
		}
	}
	end_op(e, at);
}

static int number(const char *s, uint64_t *v)
{
	char *end;
	*v = strtoull(s, &end, 0);
	return *s && !*end ? 0 : -1;
}

int enc_op_args(struct enc *e, char **args, int nargs)
{
	if (nargs < 1)
		return -1;
	const char *name = args[0];
	uint16_t flags = 0;
	if (name[0] == '?') {
		flags = OP_FLAG_OPTIONAL;
		name++;
	}
	const struct opdesc *d = plan_opdesc_by_name(name);
	if (!d) {
		fprintf(stderr, "unknown op %s\n", name);
		return -1;
	}
	int used = 1;
	uint64_t v, count;
	size_t at = begin_op(e, d->code, flags);
	for (unsigned i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		if (used >= nargs)
			goto missing;
		const char *arg = args[used++];
		switch (f->type) {
		case F_U32:
		case F_U64:
			if (number(arg, &v) < 0)
				goto bad;
			if (f->type == F_U32)
				enc_u32(e, (uint32_t)v);
			else
				enc_u64(e, v);
			break;
		case F_STR:
			enc_str(e, arg);
			break;
		case F_BYTES: { /* hex digits */
			size_t n = strlen(arg);
			if (n % 2)
				goto bad;
			enc_u32(e, (uint32_t)(n / 2));
			for (size_t j = 0; j < n; j += 2) {
				unsigned byte;
				if (sscanf(arg + j, "%2x", &byte) != 1)
					goto bad;
				uint8_t b8 = (uint8_t)byte;
				enc_bytes(e, &b8, 1);
			}
			break;
		}
		case F_STRV:
		case F_U32V:
			if (number(arg, &count) < 0)
				goto bad;
			enc_u32(e, (uint32_t)count);
			for (uint64_t j = 0; j < count; j++) {
				if (used >= nargs)
					goto missing;
				arg = args[used++];
				if (f->type == F_STRV) {
					enc_str(e, arg);
				} else {
					if (number(arg, &v) < 0)
						goto bad;
					enc_u32(e, (uint32_t)v);
				}
			}
			break;
		}
		continue;
	bad:
		fprintf(stderr, "%s.%s: not a number: %s\n", d->name, f->name, arg);
		return -1;
	}
	end_op(e, at);
	return used;
missing:
	fprintf(stderr, "%s: missing arguments\n", d->name);
	return -1;
}
