/* Text of the string-like values the decoder hands out (struct wst_value):
 * strings, SIDs and GUIDs, for the formatters and the tables. */
#ifndef WSTRACE_STRING_VALUES_H
#define WSTRACE_STRING_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "wstrace/record.h"
#include "wstrace/schema.h"

/* Room for a string value's text: longer ones are cut (a Result string
 * is at most 1,023 characters, 3,069 bytes of UTF-8). */
#define WST_STRING_VALUE_MAX 4096

/* A UTF-16 or ANSI value as UTF-8, cut at a character boundary to fit
 * outlen (NUL-terminated). ANSI bytes above 0x7f are read as Latin-1: the
 * code page is the logging machine's, unknown here. Returns the length. */
size_t wst_value_utf8(enum wst_field_type type, const struct wst_value *v, char *out, size_t outlen);

/* "S-1-16-12288". v holds a SID the decoder checked (8 + 4n bytes). */
#define WST_SID_TEXT_LEN 192
size_t wst_sid_text(const struct wst_value *v, char out[WST_SID_TEXT_LEN]);

/* The base name of a Windows path: "curl.exe" for
 * "\Device\HarddiskVolume3\Windows\System32\curl.exe". */
const char *wst_path_base_name(const char *path);

/* 1 for the bytes a JSON string or a text line holds as they are:
 * printable ASCII but the quote and the backslash. */
extern const unsigned char wst_plain_byte[256];

/* The length of s when every byte of it is plain and it is shorter than
 * 65,536 bytes; 0 otherwise. The tables keep it beside their names, so
 * that a line copies a name in one move instead of scanning it again. */
uint16_t wst_plain_len(const char *s);

#endif
