/*
 * An LD_PRELOAD library for the hostile cases: fread fails with EIO when
 * the bytes it would read cover the file offset in WST_EIO_OFFSET, as a
 * disk with a bad sector does, so that a read error in the middle of a
 * capture can be had without one. Other reads (and stdin) go through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

typedef size_t fread_fn(void *buf, size_t size, size_t n, FILE *f);

size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
	static fread_fn *real;
	const char *at = getenv("WST_EIO_OFFSET");

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "fread");
	if (at && f != stdin && size && n) {
		long long bad = atoll(at);
		long long pos = (long long)ftello(f);
		if (pos >= 0 && pos <= bad && bad - pos < (long long)(size * n)) {
			errno = EIO;
			return 0;
		}
	}
	return real(buf, size, n, f);
}
