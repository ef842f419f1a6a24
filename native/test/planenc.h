/* Test-only plan encoder: the mirror of plan.c, driven by the same field table. */
#pragma once
#include <stddef.h>
#include <stdint.h>
#include "plan.h"

struct enc {
	uint8_t *buf;
	size_t len, cap;
	uint32_t count;
};

/* Starts a plan: magic, version, op count (patched by enc_finish). */
void enc_init(struct enc *e);
/* Encodes one op from text arguments: args[0] is the op name (prefixed with '?' for OPTIONAL),
 * then one argument per field: numbers as for strtoull(base 0), strings as they are, a strv or
 * u32v as its count followed by that many items. Returns the number of arguments used, or -1. */
int enc_op_args(struct enc *e, char **args, int nargs);
/* Encodes a parsed op (for the round trip: encode(parse(bytes)) == bytes). */
void enc_op(struct enc *e, const struct op *op);
void enc_finish(struct enc *e);
void enc_free(struct enc *e);

void enc_u16(struct enc *e, uint16_t v);
void enc_u32(struct enc *e, uint32_t v);
void enc_u64(struct enc *e, uint64_t v);
void enc_bytes(struct enc *e, const void *p, size_t n);
