#include <errno.h>
#include <string.h>

#include "wstrace/outbuf.h"

void wst_out_init(struct wst_out *o, FILE *fp, bool line_buffered)
{
	o->fp = fp;
	o->line_buffered = line_buffered;
	o->error = 0;
	o->len = 0;
}

int wst_out_flush(struct wst_out *o)
{
	if (o->len && !o->error) {
		errno = 0;
		if (fwrite(o->buf, 1, o->len, o->fp) != o->len || fflush(o->fp) != 0)
			o->error = errno ? errno : EIO;
	}
	/* After a failure the output is dropped: the caller stops at the
	 * next check of o->error. */
	o->len = 0;
	return o->error;
}

void wst_out_mem(struct wst_out *o, const void *p, size_t n)
{
	const char *s = p;

	if (n <= WST_OUT_CAPACITY - o->len) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
		return;
	}
	while (n) {
		wst_out_reserve(o, n < WST_OUT_CAPACITY ? n : WST_OUT_CAPACITY);
		size_t chunk = WST_OUT_CAPACITY - o->len;
		if (chunk > n)
			chunk = n;
		memcpy(o->buf + o->len, s, chunk);
		o->len += chunk;
		s += chunk;
		n -= chunk;
	}
}

void wst_out_str(struct wst_out *o, const char *s)
{
	wst_out_mem(o, s, strlen(s));
}

/* "00".."99": two digits per division. */
static const char digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void wst_out_u64(struct wst_out *o, uint64_t v)
{
	char tmp[20];
	size_t n = sizeof tmp;

	while (v >= 100) {
		unsigned pair = (unsigned)(v % 100) * 2;
		v /= 100;
		tmp[--n] = digit_pairs[pair + 1];
		tmp[--n] = digit_pairs[pair];
	}
	if (v >= 10) {
		tmp[--n] = digit_pairs[v * 2 + 1];
		tmp[--n] = digit_pairs[v * 2];
	} else {
		tmp[--n] = (char)('0' + v);
	}
	wst_out_mem(o, tmp + n, sizeof tmp - n);
}

void wst_out_i64(struct wst_out *o, int64_t v)
{
	if (v < 0) {
		wst_out_char(o, '-');
		wst_out_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		wst_out_u64(o, (uint64_t)v);
	}
}

static const char hex_digits[] = "0123456789abcdef";

void wst_out_hex(struct wst_out *o, uint64_t v)
{
	size_t digits = 1;

#if defined(__GNUC__) || defined(__clang__)
	if (v)
		digits = (size_t)(67 - __builtin_clzll(v)) / 4;
#else
	while (digits < 16 && v >> (4 * digits))
		digits++;
#endif
	wst_out_reserve(o, digits + 2);
	char *p = o->buf + o->len;
	p[0] = '0';
	p[1] = 'x';
	for (size_t i = digits; i > 0; i--, v >>= 4)
		p[1 + i] = hex_digits[v & 0xf];
	o->len += digits + 2;
}

void wst_out_hex_bytes(struct wst_out *o, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wst_out_reserve(o, 2);
		o->buf[o->len++] = hex_digits[p[i] >> 4];
		o->buf[o->len++] = hex_digits[p[i] & 0xf];
	}
}

void wst_out_pad(struct wst_out *o, size_t written, size_t width)
{
	if (written >= width)
		return;
	size_t n = width - written;
	wst_out_reserve(o, n);
	memset(o->buf + o->len, ' ', n);
	o->len += n;
}

void wst_out_end_line(struct wst_out *o)
{
	wst_out_char(o, '\n');
	if (o->line_buffered)
		wst_out_flush(o);
}
