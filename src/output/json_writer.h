/* Small helpers for writing one JSON object into an output buffer. The
 * caller writes '{', then members; each member helper writes its leading
 * comma when needed. */
#ifndef WSTRACE_JSON_WRITER_H
#define WSTRACE_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/outbuf.h"

struct wst_json {
	struct wst_out *o;
	bool first;
};

void wst_json_begin(struct wst_json *j, struct wst_out *o);
void wst_json_end(struct wst_json *j);
void wst_json_key(struct wst_json *j, const char *key);
void wst_json_key_suffix(struct wst_json *j, const char *key, const char *suffix);
void wst_json_string(struct wst_out *o, const char *s);
void wst_json_str(struct wst_json *j, const char *key, const char *value);
/* For text the program made itself (times, addresses, names from its own
 * tables): written without the escaping scan, which costs on every line. */
void wst_json_own_str(struct wst_json *j, const char *key, const char *value);
void wst_json_u64(struct wst_json *j, const char *key, uint64_t value);
void wst_json_i64(struct wst_json *j, const char *key, int64_t value);
void wst_json_bool(struct wst_json *j, const char *key, bool value);
void wst_json_hex(struct wst_json *j, const char *key, uint64_t value);        /* "0x1f" */
void wst_json_bytes(struct wst_json *j, const char *key, const uint8_t *p, size_t n);

#endif
