#include <string.h>

#include "json_writer.h"
#include "wstrace/string_values.h"
#include "wstrace/timefmt.h"

void wst_json_begin(struct wst_json *j, struct wst_out *o)
{
	j->o = o;
	j->first = true;
	wst_out_char(o, '{');
}

void wst_json_end(struct wst_json *j)
{
	wst_out_char(j->o, '}');
}

/* Keys are the program's own ASCII identifiers: written without escaping. */
void wst_json_key_suffix(struct wst_json *j, const char *key, const char *suffix)
{
	if (!j->first)
		wst_out_char(j->o, ',');
	j->first = false;
	wst_out_char(j->o, '"');
	wst_out_str(j->o, key);
	wst_out_str(j->o, suffix);
	wst_out_mem(j->o, "\":", 2);
}

/* The code point of the UTF-8 sequence at s (its length in *len), or
 * U+FFFD for a byte that starts no valid sequence. */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
	uint32_t cp;
	size_t n;

	if (s[0] >= 0xF0 && s[0] < 0xF5) {
		cp = s[0] & 0x07u;
		n = 4;
	} else if (s[0] >= 0xE0) {
		cp = s[0] & 0x0Fu;
		n = 3;
	} else if (s[0] >= 0xC2 && s[0] < 0xE0) {
		cp = s[0] & 0x1Fu;
		n = 2;
	} else {
		*len = 1;
		return 0xFFFD;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = i;
			return 0xFFFD;
		}
		cp = cp << 6 | (s[i] & 0x3Fu);
	}
	*len = n;
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	return cp;
}

static void escape_u(struct wst_out *o, uint32_t unit)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = { '\\', 'u', hex[unit >> 12 & 0xf], hex[unit >> 8 & 0xf],
	                hex[unit >> 4 & 0xf], hex[unit & 0xf] };

	wst_out_mem(o, esc, sizeof esc);
}

/* Escapes quotes, backslashes, control characters, and everything past
 * ASCII as \uXXXX (surrogate pairs above U+FFFF): every line stays ASCII,
 * whatever names a payload carries. */
void wst_json_string(struct wst_out *o, const char *s)
{
	/* Names and addresses need no escaping: copy the run that doesn't,
	 * quotes and all in one reserve when it is the whole string. */
	size_t plain = 0;
	while (wst_plain_byte[(unsigned char)s[plain]])
		plain++;
	if (!s[plain] && plain < WST_OUT_CAPACITY / 2) {
		wst_out_reserve(o, plain + 2);
		o->buf[o->len] = '"';
		memcpy(o->buf + o->len + 1, s, plain);
		o->buf[o->len + 1 + plain] = '"';
		o->len += plain + 2;
		return;
	}
	wst_out_char(o, '"');
	wst_out_mem(o, s, plain);
	for (s += plain; *s;) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			wst_out_char(o, '\\');
			wst_out_char(o, (char)c);
			s++;
		} else if (c < 0x20 || c == 0x7f) {
			escape_u(o, c);
			s++;
		} else if (c < 0x80) {
			wst_out_char(o, (char)c);
			s++;
		} else {
			size_t n;
			uint32_t cp = utf8_next((const unsigned char *)s, &n);
			if (cp >= 0x10000) {
				cp -= 0x10000;
				escape_u(o, 0xD800 | cp >> 10);
				escape_u(o, 0xDC00 | (cp & 0x3FF));
			} else {
				escape_u(o, cp);
			}
			s += n;
		}
	}
	wst_out_char(o, '"');
}

void wst_json_str(struct wst_json *j, const char *key, const char *value)
{
	wst_json_key(j, key);
	wst_json_string(j->o, value);
}

void wst_json_bytes(struct wst_json *j, const char *key, const uint8_t *p, size_t n)
{
	wst_json_key(j, key);
	wst_out_char(j->o, '"');
	wst_out_hex_bytes(j->o, p, n);
	wst_out_char(j->o, '"');
}

void wst_json_time(struct wst_json *j, const char *key, uint64_t filetime)
{
	char ts[WST_TIME_TEXT_LEN];

	wst_json_key(j, key);
	if (filetime > WST_FILETIME_MAX) {
		wst_out_str(j->o, "null");
		return;
	}
	wst_time_iso(filetime, ts);
	wst_json_string(j->o, ts);
}
