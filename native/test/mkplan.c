/* Test helper: mkplan OUT OP FIELDS... [OP FIELDS...]  (see enc_op_args for the syntax). */
#include <stdio.h>
#include "planenc.h"

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mkplan OUT [?]OP FIELDS...\n");
		return 2;
	}
	struct enc e;
	enc_init(&e);
	for (int i = 2; i < argc;) {
		int used = enc_op_args(&e, argv + i, argc - i);
		if (used < 0)
			return 2;
		i += used;
	}
	enc_finish(&e);
	FILE *f = fopen(argv[1], "wb");
	if (!f || fwrite(e.buf, 1, e.len, f) != e.len || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	enc_free(&e);
	return 0;
}
