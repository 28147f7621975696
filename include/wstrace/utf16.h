/*
 * The one UTF-16LE -> UTF-8 converter (src/etl/etl_utf16.c), for the
 * strings of untrusted records and payloads: lone surrogates become U+FFFD.
 */
#ifndef WSTRACE_UTF16_H
#define WSTRACE_UTF16_H

#include <stddef.h>

#include "wstrace/cursor.h"

/* Converts up to the first NUL and advances the cursor past it; the output
 * is always NUL-terminated and cut at a character boundary. A string that
 * runs to the end of the cursor ends there. */
void wst_etl_utf16_to_utf8(struct wst_cursor *c, char *out, size_t outlen);

#endif
