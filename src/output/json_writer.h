/* Small helpers for writing one JSON object into an output buffer. The
 * caller writes '{', then members; each member helper writes its leading
 * comma when needed. */
#ifndef WSTRACE_JSON_WRITER_H
#define WSTRACE_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "wstrace/outbuf.h"

struct wst_json {
	struct wst_out *o;
	bool first;
};

void wst_json_begin(struct wst_json *j, struct wst_out *o);
void wst_json_end(struct wst_json *j);

/* The helpers below run for every member of every line: inline, so that
 * the length of a literal key is known when compiling. */

/* ',"' key '":' in one reserve. Keys are the program's own ASCII names. */
static inline void wst_json_key_n(struct wst_json *j, const char *key, size_t n)
{
	struct wst_out *o = j->o;

	wst_out_reserve(o, n + 4);
	if (!j->first)
		o->buf[o->len++] = ',';
	j->first = false;
	o->buf[o->len++] = '"';
	memcpy(o->buf + o->len, key, n);
	o->len += n;
	o->buf[o->len++] = '"';
	o->buf[o->len++] = ':';
}

/* For literal keys, whose length the compiler knows. */
static inline void wst_json_key(struct wst_json *j, const char *key)
{
	wst_json_key_n(j, key, strlen(key));
}

void wst_json_key_suffix(struct wst_json *j, const char *key, const char *suffix);
void wst_json_string(struct wst_out *o, const char *s);
void wst_json_str(struct wst_json *j, const char *key, const char *value);
/* A table's name whose wst_plain_len is n (nonzero): one reserve, one copy. */
static inline void wst_json_plain_n(struct wst_json *j, const char *key, const char *value, size_t n)
{
	struct wst_out *o = j->o;

	wst_json_key(j, key);
	wst_out_reserve(o, n + 2);
	o->buf[o->len] = '"';
	memcpy(o->buf + o->len + 1, value, n);
	o->buf[o->len + 1 + n] = '"';
	o->len += n + 2;
}

/* A record's image or remote name: copied when its table knew it plain. */
static inline void wst_json_name(struct wst_json *j, const char *key, const char *value, uint16_t plain_len)
{
	if (plain_len)
		wst_json_plain_n(j, key, value, plain_len);
	else
		wst_json_str(j, key, value);
}

/* For text the program made itself (times, addresses, names from its own
 * tables): written without the escaping scan, which costs on every line. */
static inline void wst_json_own_str(struct wst_json *j, const char *key, const char *value)
{
	size_t n = strlen(value);

	wst_json_key(j, key);
	wst_out_reserve(j->o, n + 2);
	j->o->buf[j->o->len++] = '"';
	memcpy(j->o->buf + j->o->len, value, n);
	j->o->len += n;
	j->o->buf[j->o->len++] = '"';
}

static inline void wst_json_u64(struct wst_json *j, const char *key, uint64_t value)
{
	wst_json_key(j, key);
	wst_out_u64(j->o, value);
}
static inline void wst_json_i64(struct wst_json *j, const char *key, int64_t value)
{
	wst_json_key(j, key);
	wst_out_i64(j->o, value);
}

static inline void wst_json_bool(struct wst_json *j, const char *key, bool value)
{
	wst_json_key(j, key);
	if (value)
		wst_out_mem(j->o, "true", 4);
	else
		wst_out_mem(j->o, "false", 5);
}
/* "0x1f" */
static inline void wst_json_hex(struct wst_json *j, const char *key, uint64_t value)
{
	wst_json_key(j, key);
	wst_out_char(j->o, '"');
	wst_out_hex(j->o, value);
	wst_out_char(j->o, '"');
}
void wst_json_bytes(struct wst_json *j, const char *key, const uint8_t *p, size_t n);
/* A FILETIME as "YYYY-MM-DDTHH:MM:SS.fffffffZ", or null past WST_FILETIME_MAX
 * (a date that would look right and not be). */
void wst_json_time(struct wst_json *j, const char *key, uint64_t filetime);

#endif
