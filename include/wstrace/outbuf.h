/*
 * Buffered output to a FILE with write errors kept, not lost: formatters
 * append to the buffer, the caller ends each line, and the first failing
 * write is remembered (errno) so the command can stop and say so.
 */
#ifndef WSTRACE_OUTBUF_H
#define WSTRACE_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WST_OUT_CAPACITY (64 * 1024)

struct wst_out {
	FILE *fp;
	/* Instead of fp when set: takes each flushed block (the live capture
	 * hands it to its writer thread); returns 0 or an errno. */
	int (*sink)(void *ctx, const char *p, size_t n);
	void *sink_ctx;
	bool line_buffered;    /* flush at each end of line (pipes, terminals) */
	int error;             /* errno of the first failed write; 0 if none */
	size_t len;
	char buf[WST_OUT_CAPACITY];
};

void wst_out_init(struct wst_out *o, FILE *fp, bool line_buffered);
/* Blocks go to sink instead of a FILE; never line by line. */
void wst_out_init_sink(struct wst_out *o, int (*sink)(void *ctx, const char *p, size_t n),
                       void *ctx);

/* Writes what is buffered. Returns 0, or the errno of the failure. */
int wst_out_flush(struct wst_out *o);

/* Room for n more bytes; flushes first when needed. n <= WST_OUT_CAPACITY.
 * Inline: the formatters call it for every few bytes they write. */
static inline void wst_out_reserve(struct wst_out *o, size_t n)
{
	if (WST_OUT_CAPACITY - o->len < n)
		wst_out_flush(o);
}

static inline void wst_out_char(struct wst_out *o, char c)
{
	wst_out_reserve(o, 1);
	o->buf[o->len++] = c;
}

/* n bytes from p, where at least max bytes are readable at p and max is a
 * small constant: one fixed-size copy, cheaper than a call to memcpy for
 * the short texts of a line. The bytes past n are overwritten later. */
static inline void wst_out_fixed(struct wst_out *o, const void *p, size_t n, size_t max)
{
	wst_out_reserve(o, max);
	memcpy(o->buf + o->len, p, max);
	o->len += n;
}

/* Larger than the room left: in pieces, flushing between them. */
void wst_out_mem_chunked(struct wst_out *o, const void *p, size_t n);

static inline void wst_out_mem(struct wst_out *o, const void *p, size_t n)
{
	if (n <= WST_OUT_CAPACITY - o->len) {
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		return;
	}
	wst_out_mem_chunked(o, p, n);
}

void wst_out_str(struct wst_out *o, const char *s);
/* Text from a payload on a text line: printable ASCII as it is, every
 * other byte (controls, UTF-8) as \xNN, so that a name cannot break or
 * forge a line. */
void wst_out_printable(struct wst_out *o, const char *s);
void wst_out_u64(struct wst_out *o, uint64_t v);
void wst_out_i64(struct wst_out *o, int64_t v);
void wst_out_hex(struct wst_out *o, uint64_t v);          /* "0x1f" */
void wst_out_hex_bytes(struct wst_out *o, const uint8_t *p, size_t n);  /* "0a1b" */
/* "00".."99" back to back: the two digits of v at wst_digit_pairs + 2 * v. */
extern const char wst_digit_pairs[201];

void wst_out_pad(struct wst_out *o, size_t written, size_t width);

/* Starts a column whose text is at most max bytes: makes room for all of
 * it first, so that no flush can fall inside it, and returns the position
 * to measure its width from (o->len - start). */
static inline size_t wst_out_column(struct wst_out *o, size_t max)
{
	wst_out_reserve(o, max);
	return o->len;
}

/* Ends a line: writes '\n' and flushes when line-buffered. */
void wst_out_end_line(struct wst_out *o);

#endif
