#include <string.h>

#include "json_writer.h"
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

/* Escapes quotes, backslashes and control characters; bytes >= 0x80 pass
 * through, so callers hand in valid UTF-8 only. */
void wst_json_string(struct wst_out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	wst_out_char(o, '"');
	/* Names and addresses need no escaping: copy the run that doesn't. */
	size_t plain = 0;
	while (s[plain] && s[plain] != '"' && s[plain] != '\\' && (unsigned char)s[plain] >= 0x20)
		plain++;
	wst_out_mem(o, s, plain);
	for (s += plain; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			wst_out_char(o, '\\');
			wst_out_char(o, (char)c);
		} else if (c < 0x20) {
			char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
			wst_out_mem(o, esc, sizeof esc);
		} else {
			wst_out_char(o, (char)c);
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
