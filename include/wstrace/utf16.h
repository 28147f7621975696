/*
 * The one UTF-16LE -> UTF-8 converter, for every string that comes from
 * untrusted bytes: the .etl reader's logger and file names, the names in
 * Windows' TRACE_EVENT_INFO. A lone surrogate becomes U+FFFD, so the output
 * is always valid UTF-8; a string longer than the output is cut at a
 * character boundary (nothing after the first character that does not fit
 * is kept).
 */
#ifndef WSTRACE_UTF16_H
#define WSTRACE_UTF16_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/cursor.h"

/* Converts up to the first NUL and leaves the cursor past it (also when
 * out is full: the next string starts there). out gets a terminated,
 * possibly cut string. Returns true at a NUL, false when the bytes ended
 * first (the string then simply ends there). */
bool wst_utf16le_to_utf8(struct wst_cursor *c, char *out, size_t outlen);

/* For callers that stop at other characters too (the ';' of a lookup's
 * Result string): the next code point, 0 at a NUL character or the end of
 * the bytes; and a code point as UTF-8 in buf, returning its length (1-4). */
uint32_t wst_utf16_next(struct wst_cursor *c);
size_t wst_utf8_encode(uint32_t cp, char buf[4]);

/* The length of UTF-8 text s (len bytes) cut to at most max bytes, on a
 * character boundary so that what is kept stays UTF-8. */
size_t wst_utf8_cut(const char *s, size_t len, size_t max);

/* The fast path of both: copies the ASCII characters at the cursor (names,
 * paths and results mostly are) to out, at most room of them, stopping
 * before a NUL, a stop character or anything past ASCII, which the code
 * point path then takes. Returns how many it copied. */
static inline size_t wst_utf16_ascii_run(struct wst_cursor *c, char *out, size_t room, uint8_t stop)
{
	size_t n = 0;

	while (n < room && c->end - c->p >= 2 && c->p[1] == 0 && c->p[0] != 0 && c->p[0] != stop &&
	       c->p[0] < 0x80) {
		out[n++] = (char)c->p[0];
		c->p += 2;
	}
	return n;
}

#endif
