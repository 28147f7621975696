/*
 * Bounds-checked reads of untrusted bytes (.etl files, event payloads).
 *
 * A cursor is a [p, end) window. Every read checks the length against what is
 * left, written as `len <= left` so that no pointer arithmetic can overflow.
 * A failed read returns false, leaves the cursor unmoved and sets the sticky
 * `short_read` flag, so a caller may read a whole structure and test once.
 * Multi-byte values are little-endian unless the name says `be`.
 */
#ifndef WSTRACE_CURSOR_H
#define WSTRACE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wst_cursor {
	const uint8_t *p;
	const uint8_t *end;
	bool short_read;
};

static inline struct wst_cursor wst_cursor_make(const void *data, size_t len)
{
	struct wst_cursor c = { (const uint8_t *)data, (const uint8_t *)data + len, false };
	return c;
}

static inline size_t wst_cursor_left(const struct wst_cursor *c)
{
	return (size_t)(c->end - c->p);
}

static inline bool wst_cursor_need(struct wst_cursor *c, size_t len)
{
	if (len <= wst_cursor_left(c))
		return true;
	c->short_read = true;
	return false;
}

static inline bool wst_cursor_skip(struct wst_cursor *c, size_t len)
{
	if (!wst_cursor_need(c, len))
		return false;
	c->p += len;
	return true;
}

/* Hands out a pointer to the next len bytes and advances past them. */
static inline bool wst_cursor_bytes(struct wst_cursor *c, size_t len, const uint8_t **out)
{
	if (!wst_cursor_need(c, len))
		return false;
	*out = c->p;
	c->p += len;
	return true;
}

/* Splits off the next len bytes as a cursor of their own. */
static inline bool wst_cursor_sub(struct wst_cursor *c, size_t len, struct wst_cursor *sub)
{
	const uint8_t *p;
	if (!wst_cursor_bytes(c, len, &p))
		return false;
	*sub = wst_cursor_make(p, len);
	return true;
}

static inline uint16_t wst_le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint16_t wst_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t wst_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t wst_le64(const uint8_t *p)
{
	return (uint64_t)wst_le32(p) | (uint64_t)wst_le32(p + 4) << 32;
}

static inline bool wst_get_u8(struct wst_cursor *c, uint8_t *v)
{
	if (!wst_cursor_need(c, 1))
		return false;
	*v = *c->p++;
	return true;
}

static inline bool wst_get_le16(struct wst_cursor *c, uint16_t *v)
{
	if (!wst_cursor_need(c, 2))
		return false;
	*v = wst_le16(c->p);
	c->p += 2;
	return true;
}

static inline bool wst_get_le32(struct wst_cursor *c, uint32_t *v)
{
	if (!wst_cursor_need(c, 4))
		return false;
	*v = wst_le32(c->p);
	c->p += 4;
	return true;
}

static inline bool wst_get_le64(struct wst_cursor *c, uint64_t *v)
{
	if (!wst_cursor_need(c, 8))
		return false;
	*v = wst_le64(c->p);
	c->p += 8;
	return true;
}

#endif
