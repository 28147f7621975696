/*
 * UTF-16LE from untrusted bytes (.etl headers, event payloads) to UTF-8:
 * the one converter. Lone surrogates become U+FFFD instead of producing
 * invalid UTF-8; a string that runs to the end of its bytes ends there.
 */
#ifndef WSTRACE_UTF16_H
#define WSTRACE_UTF16_H

#include <stddef.h>
#include <stdint.h>

#include "wstrace/cursor.h"

/* The next code point, or 0 at a NUL character or the end of the bytes. */
uint32_t wst_utf16_next(struct wst_cursor *c);

/* cp as UTF-8 in buf; returns its length (1-4). */
size_t wst_utf8_encode(uint32_t cp, char buf[4]);

/* Converts up to the first NUL, cut to fit outlen (always NUL-terminated),
 * and advances the cursor past the NUL, where the next string starts.
 * Returns the length written. */
size_t wst_utf16_to_utf8(struct wst_cursor *c, char *out, size_t outlen);

#endif
