#include <string.h>

#include "wstrace/outbuf.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

#define TICKS_PER_SECOND 10000000u

void wst_text_memo_init(struct wst_text_memo *m)
{
	memset(m, 0, sizeof *m);
}

/* The texts of the whole second, made by the plain formatters once per
 * second of the capture. */
static void learn_second(struct wst_text_memo *m, uint64_t filetime)
{
	char iso[WST_TIME_TEXT_LEN], clock[WST_CLOCK_TEXT_LEN];

	wst_time_iso(filetime, iso);
	wst_time_clock(filetime, clock);
	memcpy(m->iso_second, iso, sizeof m->iso_second);
	memcpy(m->clock_second, clock, sizeof m->clock_second);
	m->second = filetime / TICKS_PER_SECOND;
	m->have_second = true;
}

static void put2(char *out, unsigned v)
{
	memcpy(out, wst_digit_pairs + 2 * v, 2);
}

void wst_memo_time_iso(struct wst_text_memo *m, uint64_t filetime, char out[WST_MEMO_ISO_LEN])
{
	if (filetime > WST_FILETIME_MAX) {
		char iso[WST_TIME_TEXT_LEN];
		memcpy(out, iso, wst_time_iso(filetime, iso));
		return;
	}
	if (!m->have_second || filetime / TICKS_PER_SECOND != m->second)
		learn_second(m, filetime);
	unsigned ticks = (unsigned)(filetime % TICKS_PER_SECOND);   /* 7 digits */

	memcpy(out, m->iso_second, sizeof m->iso_second);
	out[20] = (char)('0' + ticks / 1000000);
	ticks %= 1000000;
	put2(out + 21, ticks / 10000);
	put2(out + 23, ticks / 100 % 100);
	put2(out + 25, ticks % 100);
	out[27] = 'Z';
}

void wst_memo_time_clock(struct wst_text_memo *m, uint64_t filetime, char out[WST_MEMO_CLOCK_LEN])
{
	if (filetime > WST_FILETIME_MAX) {
		char clock[WST_CLOCK_TEXT_LEN];
		memcpy(out, clock, wst_time_clock(filetime, clock));
		return;
	}
	if (!m->have_second || filetime / TICKS_PER_SECOND != m->second)
		learn_second(m, filetime);
	unsigned us = (unsigned)(filetime % TICKS_PER_SECOND / 10);  /* 6 digits */

	memcpy(out, m->clock_second, sizeof m->clock_second);
	put2(out + 9, us / 10000);
	put2(out + 11, us / 100 % 100);
	put2(out + 13, us % 100);
}

static bool same_address(const struct wst_sockaddr *a, const struct wst_sockaddr *b)
{
	return a->family == b->family && a->af == b->af && a->port == b->port &&
	       memcmp(a->addr, b->addr, sizeof a->addr) == 0;
}

static unsigned slot_of(const struct wst_sockaddr *a)
{
	uint64_t lo, hi;

	memcpy(&lo, a->addr, 8);
	memcpy(&hi, a->addr + 8, 8);
	uint64_t h = (lo ^ hi * 0x9e3779b97f4a7c15ull ^ (uint64_t)a->port << 48 ^ a->family) *
	             0xff51afd7ed558ccdull;
	return (unsigned)(h >> 58) & (WST_MEMO_ADDRESSES - 1);
}

const char *wst_memo_sockaddr(struct wst_text_memo *m, const struct wst_sockaddr *a, size_t *len)
{
	struct wst_memo_address *e = &m->addresses[slot_of(a)];

	if (!e->used || !same_address(&e->key, a)) {
		/* Copied field by field: the struct's padding is not ours to compare. */
		memset(&e->key, 0, sizeof e->key);
		e->key.family = a->family;
		e->key.af = a->af;
		e->key.port = a->port;
		memcpy(e->key.addr, a->addr, sizeof a->addr);
		e->len = (uint8_t)wst_sockaddr_format(a, e->text);
		e->used = true;
	}
	*len = e->len;
	return e->text;
}
