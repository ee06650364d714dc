/*
 * fuzz.h: the one driver of wasl's fuzz harnesses.
 *
 * Each harness defines fuzz_one(data, size). Built with clang's libFuzzer
 * (make fuzz) it is the fuzz target; built with FUZZ_REPLAY (make test) a
 * main() feeds it every file in the folders given, so the seed corpus and
 * every crash ever found (tests/fuzz/regressions/NAME/) are replayed on
 * each test run, under the sanitizers too.
 */
#ifndef WASL_FUZZ_H
#define WASL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int	fuzz_one(const uint8_t *data, size_t size);

#ifdef FUZZ_REPLAY
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsx.h"

int
main(int argc, char *argv[])
{
	DIR		*d;
	struct dirent	*e;
	struct buf	 path = BUF_INIT, data = BUF_INIT;
	size_t		 n = 0;
	int		 i;

	for (i = 1; i < argc; i++) {
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			buf_reset(&path);
			buf_printf(&path, "%s/%s", argv[i], e->d_name);
			buf_reset(&data);
			if (fsx_read(path.data, 16 << 20, &data) == -1)
				continue;
			fuzz_one((const uint8_t *)buf_cstr(&data), data.len);
			n++;
		}
		closedir(d);
	}
	printf("PASS %s: %zu inputs replayed without a crash\n", argv[0], n);
	buf_free(&path);
	buf_free(&data);
	return 0;
}
#else
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_one(data, size);
}
#endif

#endif
