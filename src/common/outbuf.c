#include <errno.h>
#include <string.h>

#include "wstrace/outbuf.h"

void wst_out_init(struct wst_out *o, FILE *fp, bool line_buffered)
{
	o->fp = fp;
	o->sink = NULL;
	o->sink_ctx = NULL;
	o->line_buffered = line_buffered;
	o->error = 0;
	o->len = 0;
}

void wst_out_init_sink(struct wst_out *o, int (*sink)(void *ctx, const char *p, size_t n),
                       void *ctx)
{
	wst_out_init(o, NULL, false);
	o->sink = sink;
	o->sink_ctx = ctx;
}

int wst_out_flush(struct wst_out *o)
{
	if (o->len && !o->error) {
		if (o->sink) {
			o->error = o->sink(o->sink_ctx, o->buf, o->len);
		} else {
			errno = 0;
			if (fwrite(o->buf, 1, o->len, o->fp) != o->len || fflush(o->fp) != 0)
				o->error = errno ? errno : EIO;
		}
	}
	/* After a failure the output is dropped: the caller stops at the
	 * next check of o->error. */
	o->len = 0;
	return o->error;
}

void wst_out_mem_chunked(struct wst_out *o, const void *p, size_t n)
{
	const char *s = p;

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

void wst_out_printable(struct wst_out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f) {
			wst_out_char(o, (char)c);
		} else {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 0xf] };
			wst_out_mem(o, esc, sizeof esc);
		}
	}
}

void wst_out_str(struct wst_out *o, const char *s)
{
	wst_out_mem(o, s, strlen(s));
}

/* "00".."99": two digits per division. */
const char wst_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static unsigned decimal_digits(uint64_t v)
{
	static const uint64_t powers[19] = {
		10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
		1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
		100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
		1000000000000000000ull, 10000000000000000000ull,
	};
	unsigned n = 1;

	/* Most numbers of a line are short: compare upwards. */
	while (n < 20 && v >= powers[n - 1])
		n++;
	return n;
}

/* Numbers are written in place, from their last digit back: no copy. */
void wst_out_u64(struct wst_out *o, uint64_t v)
{
	if (v < 10) {   /* levels, CPUs, flags: most numbers of a line */
		wst_out_char(o, (char)('0' + v));
		return;
	}
	unsigned n = decimal_digits(v);

	wst_out_reserve(o, n);
	char *p = o->buf + o->len + n;
	o->len += n;
	while (v >= 100) {
		p -= 2;
		memcpy(p, wst_digit_pairs + v % 100 * 2, 2);
		v /= 100;
	}
	if (v >= 10)
		memcpy(p - 2, wst_digit_pairs + v * 2, 2);
	else
		p[-1] = (char)('0' + v);
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

/* The eight hex digits of x, most significant first, as ASCII in one
 * 64-bit word: each nibble moved into a byte of its own, then turned into
 * '0'..'9' or 'a'..'f' for all eight bytes at once. */
static uint64_t hex_word(uint32_t x)
{
	uint64_t y = x;

	y = (y | y << 16) & 0x0000ffff0000ffffull;
	y = (y | y << 8) & 0x00ff00ff00ff00ffull;
	y = (y | y << 4) & 0x0f0f0f0f0f0f0f0full;
	uint64_t letters = (y + 0x0606060606060606ull) >> 4 & 0x0101010101010101ull;
	return y + 0x3030303030303030ull + letters * ('a' - '0' - 10);
}

/* The word's most significant byte first, whatever the machine's order. */
static void put_word(char *out, uint64_t w)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w = __builtin_bswap64(w);
	memcpy(out, &w, 8);
#else
	for (int i = 0; i < 8; i++)
		out[i] = (char)(w >> (56 - 8 * i));
#endif
}

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
	/* The leading digit moved to the top nibble, all sixteen written
	 * straight into the buffer and only the first digits kept: copying
	 * them out of a scratch array cost a store-forwarding stall. */
	uint64_t top = v << (4 * (16 - digits));
	wst_out_reserve(o, 18);
	char *p = o->buf + o->len;
	p[0] = '0';
	p[1] = 'x';
	put_word(p + 2, hex_word((uint32_t)(top >> 32)));
	put_word(p + 10, hex_word((uint32_t)top));
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
