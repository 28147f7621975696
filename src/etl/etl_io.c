/*
 * The one place that knows how each platform seeks past 2 GiB: captures
 * of several GiB are normal, and long is 32 bits on Windows.
 */
#include "etl_internal.h"

#ifdef _WIN32
#define wst_seek64(f, off) _fseeki64((f), (__int64)(off), SEEK_SET)
#define wst_seek64_end(f) _fseeki64((f), 0, SEEK_END)
#define wst_tell64(f) _ftelli64(f)
#else
#include <sys/types.h>
#define wst_seek64(f, off) fseeko((f), (off_t)(off), SEEK_SET)
#define wst_seek64_end(f) fseeko((f), 0, SEEK_END)
#define wst_tell64(f) ftello(f)
#endif

bool wst_etl_file_size(FILE *f, uint64_t *size)
{
	if (wst_seek64_end(f) != 0)
		return false;
	long long end = (long long)wst_tell64(f);
	if (end < 0)
		return false;
	*size = (uint64_t)end;
	return true;
}

bool wst_etl_read_at(FILE *f, uint64_t off, void *buf, size_t len)
{
	/* An offset beyond the signed range cannot be a real position. */
	if (off > (uint64_t)INT64_MAX)
		return false;
	if (wst_seek64(f, off) != 0)
		return false;
	return fread(buf, 1, len, f) == len;
}
