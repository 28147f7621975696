#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fuzz_check.h"
#include "wstrace/cursor.h"

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant failed: %s: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

struct fuzz_sink *fuzz_sink_new(bool json)
{
	struct fuzz_sink *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->json = json;
	s->fp = open_memstream(&s->mem, &s->size);
	if (!s->fp) {
		free(s);
		return NULL;
	}
	wst_out_init(&s->out, s->fp, false);
	return s;
}

static void check_json(const char *line, size_t len)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(line, len, &end, false);

	FUZZ_CHECK(root != NULL, "JSON line does not parse: %.*s", (int)len, line);
	FUZZ_CHECK(end == line + len, "bytes after the JSON object: %.*s", (int)len, line);
	FUZZ_CHECK(cJSON_IsObject(root), "JSON line is not an object: %.*s", (int)len, line);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "v");
	FUZZ_CHECK(cJSON_IsNumber(v) && v->valuedouble == 1, "no \"v\":1: %.*s", (int)len, line);
	const cJSON *ts = cJSON_GetObjectItemCaseSensitive(root, "ts");
	/* A date, or null when the clock value makes none (events add the raw
	 * value as ts_raw). */
	const cJSON *ts_raw = cJSON_GetObjectItemCaseSensitive(root, "ts_raw");
	FUZZ_CHECK((cJSON_IsString(ts) && strlen(ts->valuestring) == 28 && !ts_raw &&
	            ts->valuestring[0] != '?') ||
	           (cJSON_IsNull(ts) && (!ts_raw || cJSON_IsNumber(ts_raw))),
	           "bad \"ts\": %.*s", (int)len, line);
	const cJSON *event = cJSON_GetObjectItemCaseSensitive(root, "event");
	const cJSON *provider = cJSON_GetObjectItemCaseSensitive(root, "provider");
	FUZZ_CHECK(cJSON_IsString(event) || cJSON_IsString(provider),
	           "neither \"event\" nor \"provider\": %.*s", (int)len, line);
	/* A key written twice would make consumers disagree on its value. */
	for (const cJSON *a = root->child; a; a = a->next)
		for (const cJSON *b = a->next; b; b = b->next)
			FUZZ_CHECK(strcmp(a->string, b->string) != 0, "key \"%s\" twice: %.*s", a->string,
			           (int)len, line);
	cJSON_Delete(root);
}

void fuzz_sink_check(struct fuzz_sink *s)
{
	FUZZ_CHECK(wst_out_flush(&s->out) == 0, "memory output failed");
	FUZZ_CHECK(fflush(s->fp) == 0, "memory output failed");
	const char *p = s->mem, *end = s->mem + s->size;
	FUZZ_CHECK(s->size == 0 || end[-1] == '\n', "a line is left unfinished: %.*s",
	           (int)(s->size > 200 ? 200 : s->size), p);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)(nl - p);
		FUZZ_CHECK(len > 0, "empty line");
		for (size_t i = 0; i < len; i++)
			FUZZ_CHECK(p[i] >= 0x20 && p[i] < 0x7f, "byte 0x%02x at %zu of: %.*s",
			           (unsigned)(unsigned char)p[i], i, (int)len, p);
		if (s->json)
			check_json(p, len);
		s->lines++;
		p = nl + 1;
	}
	/* Start over: the next flush reports only what is written after. */
	FUZZ_CHECK(fseeko(s->fp, 0, SEEK_SET) == 0, "memory output rewind");
}

void fuzz_sink_reset(struct fuzz_sink *s)
{
	FUZZ_CHECK(fseeko(s->fp, 0, SEEK_SET) == 0, "memory output rewind");
	wst_out_init(&s->out, s->fp, false);
	s->lines = 0;
}

void fuzz_sink_free(struct fuzz_sink *s)
{
	if (!s)
		return;
	fclose(s->fp);
	free(s->mem);
	free(s);
}

void fuzz_check_message(const char *what, const char *msg)
{
	size_t len = strlen(msg);

	FUZZ_CHECK(len > 0, "%s: empty message", what);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK(msg[i] >= 0x20 && msg[i] < 0x7f, "%s: byte 0x%02x in message '%s'", what,
		           (unsigned)(unsigned char)msg[i], msg);
}

bool fuzz_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		unsigned c = *p, n;
		uint32_t cp, min;
		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		for (unsigned i = 1; i <= n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += n + 1;
	}
	return true;
}

size_t fuzz_event_from_bytes(const uint8_t *data, size_t size, struct wst_event *ev)
{
	if (size < FUZZ_EVENT_HEADER)
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->provider = wst_afd_provider_guid;
	ev->id = wst_le16(data);
	ev->version = data[2];
	ev->pointer_size = (data[3] & 1) ? 4 : 8;
	ev->level = (uint8_t)(data[3] >> 1 & 7);
	ev->pid = wst_le32(data + 4);
	ev->tid = ev->pid ^ 0x5a5a;
	ev->timestamp = wst_le64(data + 8);
	ev->user_data = data + FUZZ_EVENT_HEADER;
	ev->user_len = size - FUZZ_EVENT_HEADER;
	return FUZZ_EVENT_HEADER;
}
