/*
 * What the event formatters remember from one line to the next, so as not
 * to work out the same text again: events come in bursts within the same
 * second and on the same few sockets, and the calendar date and the
 * address text were most of the cost of a line.
 *
 * A memo belongs to one output stream; it holds no pointers and needs no
 * freeing. Every result equals what wst_time_iso, wst_time_clock and
 * wst_sockaddr_format give for the same input.
 */
#ifndef WSTRACE_TEXT_MEMO_H
#define WSTRACE_TEXT_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/record.h"
#include "wstrace/sockaddr.h"

#define WST_MEMO_ADDRESSES 64   /* direct-mapped: a power of two */

struct wst_memo_address {
	struct wst_sockaddr key;
	bool used;
	uint8_t len;
	char text[WST_ADDR_TEXT_LEN];
};

struct wst_text_memo {
	uint64_t second;            /* FILETIME / 10^7 of the texts below */
	bool have_second;
	char iso_second[20];        /* "2026-11-20T09:15:00." */
	char clock_second[9];       /* "09:15:00." */
	struct wst_memo_address addresses[WST_MEMO_ADDRESSES];
};

void wst_text_memo_init(struct wst_text_memo *m);

/* The 28 characters of wst_time_iso at out, no NUL. */
#define WST_MEMO_ISO_LEN 28
void wst_memo_time_iso(struct wst_text_memo *m, uint64_t filetime, char out[WST_MEMO_ISO_LEN]);

/* The 15 characters of wst_time_clock at out, no NUL. */
#define WST_MEMO_CLOCK_LEN 15
void wst_memo_time_clock(struct wst_text_memo *m, uint64_t filetime, char out[WST_MEMO_CLOCK_LEN]);

/* wst_sockaddr_format's text of a: its length in *len, at a place valid
 * until the next call, with WST_ADDR_TEXT_LEN bytes readable there. */
const char *wst_memo_sockaddr(struct wst_text_memo *m, const struct wst_sockaddr *a, size_t *len);

#endif
