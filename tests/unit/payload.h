/* Builds event payloads byte by byte for the unit tests, independently of
 * the decoder's reading code. */
#ifndef WSTRACE_TEST_PAYLOAD_H
#define WSTRACE_TEST_PAYLOAD_H

#include <stdint.h>
#include <string.h>

#include "wstrace/event.h"

struct payload {
	uint8_t bytes[4096];
	size_t len;
};

static inline void put_le(struct payload *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p->bytes[p->len++] = (uint8_t)(v >> (8 * i));
}

static inline void put_raw(struct payload *p, const void *data, size_t n)
{
	memcpy(p->bytes + p->len, data, n);
	p->len += n;
}

/* An AFD event on the 64-bit header unless pointer_size says otherwise. */
static inline struct wst_event afd_event(uint16_t id, uint8_t pointer_size, const struct payload *p)
{
	struct wst_event ev;

	memset(&ev, 0, sizeof ev);
	ev.provider = wst_afd_provider_guid;
	ev.id = id;
	ev.level = 4;
	ev.pid = 4;
	ev.tid = 100;
	ev.cpu = 1;
	ev.pointer_size = pointer_size;
	ev.timestamp = 133765000000000000ull;
	ev.user_data = p->bytes;
	ev.user_len = p->len;
	return ev;
}

/* A NUL-terminated UTF-16LE string (ASCII text), as ETW logs one. */
static inline void put_utf16(struct payload *p, const char *s)
{
	for (; *s; s++)
		put_le(p, (uint8_t)*s, 2);
	put_le(p, 0, 2);
}

/* An event of one of the decoded providers (include/wstrace/schema.h). */
static inline struct wst_event provider_event(const struct wst_guid *provider, uint16_t id,
                                              uint8_t version, uint32_t pid,
                                              const struct payload *p)
{
	struct wst_event ev = afd_event(id, 8, p);

	ev.provider = *provider;
	ev.version = version;
	ev.pid = pid;
	return ev;
}

#endif
