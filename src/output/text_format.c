/* Records as one aligned text line each:
 *   TIME(UTC)        PID     EVENT                  ENDPOINT            DETAILS
 * Details are key=value pairs with names in place of numbers where known. */
#include <string.h>

#include "field_visit.h"
#include "wstrace/compiler.h"
#include "wstrace/format.h"
#include "wstrace/lookup_results.h"
#include "wstrace/sockaddr.h"
#include "wstrace/string_values.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

#define PID_WIDTH 7
#define IMAGE_PID_WIDTH 24   /* "chrome.exe[6120]" when the image is known */
#define EVENT_WIDTH 24
#define ENDPOINT_WIDTH 19

/* The clock: from the memo when the caller has one; "raw:N", the clock
 * value as logged, when it makes no date. */
static void clock_column(struct wst_out *o, struct wst_text_memo *memo, const struct wst_event *ev)
{
	char clock[WST_CLOCK_TEXT_LEN];

	if (ev->time_invalid) {
		size_t before = wst_out_column(o, 4 + 20);
		wst_out_mem(o, "raw:", 4);
		wst_out_u64(o, ev->raw_time);
		wst_out_pad(o, o->len - before, WST_MEMO_CLOCK_LEN);
		wst_out_char(o, ' ');
		return;
	}
	wst_out_reserve(o, WST_MEMO_CLOCK_LEN + 1);
	if (memo) {
		wst_memo_time_clock(memo, ev->timestamp, o->buf + o->len);
	} else {
		wst_time_clock(ev->timestamp, clock);
		memcpy(o->buf + o->len, clock, WST_MEMO_CLOCK_LEN);
	}
	o->buf[o->len + WST_MEMO_CLOCK_LEN] = ' ';
	o->len += WST_MEMO_CLOCK_LEN + 1;
}

static void prefix(struct wst_out *o, struct wst_text_memo *memo, const struct wst_event *ev,
                   uint32_t pid, const char *image, const char *event)
{
	size_t n, before;

	clock_column(o, memo, ev);
	/* Up to four bytes for each of the image's (wst_out_printable), the PID and [ ]. */
	before = wst_out_column(o, (image ? 4 * strlen(image) : 0) + 24);
	if (image) {
		wst_out_printable(o, image);
		wst_out_char(o, '[');
		wst_out_u64(o, pid);
		wst_out_char(o, ']');
	} else {
		wst_out_u64(o, pid);
	}
	wst_out_pad(o, o->len - before, image ? IMAGE_PID_WIDTH : PID_WIDTH);
	wst_out_char(o, ' ');
	n = strlen(event);
	wst_out_mem(o, event, n);
	wst_out_pad(o, n, EVENT_WIDTH);
	wst_out_char(o, ' ');
}

/* " key=" in one reserve. */
static inline void pair_key(struct wst_out *o, const char *key, size_t n)
{
	wst_out_reserve(o, n + 2);
	o->buf[o->len] = ' ';
	memcpy(o->buf + o->len + 1, key, n);
	o->buf[o->len + 1 + n] = '=';
	o->len += n + 2;
}

/* The event's own address: "1.2.3.4:80", without the port when it was
 * cut off; other families as "AF_UNIX:" and their bytes. */
static void address_text(struct wst_out *o, const struct wst_field_item *it)
{
	const struct wst_sockaddr *a = it->addr;
	char text[WST_ADDR_TEXT_LEN];

	if (a->family == WST_FAMILY_OTHER) {
		char family[WST_FAMILY_TEXT_LEN];
		wst_out_mem(o, family, wst_family_text(a, family));
		wst_out_char(o, ':');
		wst_out_hex_bytes(o, it->bytes, it->len);
	} else if (a->family == WST_FAMILY_NONE) {
		wst_out_hex_bytes(o, it->bytes, it->len);
	} else if (it->addr_complete) {
		wst_sockaddr_format(a, text);
		wst_out_str(o, text);
	} else {
		wst_addr_format(a, text);
		wst_out_str(o, text);
	}
}

/* The value's name where known, else the number (codes in hex). */
static inline void name_or_number(struct wst_out *o, const struct wst_field_item *it, bool hex)
{
	if (it->name)
		wst_out_str(o, it->name);
	else if (hex)
		wst_out_hex(o, it->u);
	else
		wst_item_decimal(o, it);
}

/* " addresses=a,b aliases=c", and a mark when ETW may have cut them. */
static WST_NOINLINE void results_text(struct wst_out *o, const struct wst_field_item *it)
{
	struct wst_results r;
	struct wst_result e;

	for (int kind = WST_RESULT_ADDRESS; kind <= WST_RESULT_ALIAS; kind++) {
		bool any = false;
		wst_results_begin(&r, it->bytes, it->len);
		while (wst_results_next_of(&r, (enum wst_result_kind)kind, &e)) {
			if (any)
				wst_out_char(o, ',');
			else if (kind == WST_RESULT_ADDRESS)
				pair_key(o, "addresses", 9);
			else
				pair_key(o, "aliases", 7);
			wst_out_printable(o, e.text);
			any = true;
		}
	}
	if (r.cut)
		wst_out_str(o, " [results truncated]");
}

/* Strings, SIDs, GUIDs and times as payload text; empty strings say nothing. */
static WST_NOINLINE void string_text(struct wst_out *o, const struct wst_field_item *it)
{
	char text[WST_STRING_VALUE_MAX];
	uint8_t type = it->field->type;

	if ((type == WST_FT_UTF16 || type == WST_FT_ANSI) && it->value->len == 0)
		return;
	wst_field_text(it->field, it->value, text);
	pair_key(o, it->key, it->key_len);
	wst_out_printable(o, text);
}

/* " key=value", names in place of numbers; what only JSON carries (buffer
 * addresses, lengths of later fields, successes, the port apart from its
 * address) is left out. */
WST_EMIT void field_text(void *out, const struct wst_field_item *it)
{
	struct wst_out *o = out;

	if (it->sizes_later || it->kind == WST_ITEM_POINTER || it->kind == WST_ITEM_PORT ||
	    (it->kind == WST_ITEM_STATUS && it->u == 0))
		return;
	if (it->kind == WST_ITEM_RESULTS) {
		results_text(o, it);
		return;
	}
	if (it->kind == WST_ITEM_TEXT) {
		string_text(o, it);
		return;
	}
	pair_key(o, it->key, it->key_len);
	switch (it->kind) {
	case WST_ITEM_NUMBER:
	case WST_ITEM_NAMED:
		name_or_number(o, it, false);
		return;
	case WST_ITEM_STATUS:
		name_or_number(o, it, true);
		if (it->wsa) {
			wst_out_str(o, " (");
			wst_out_str(o, it->wsa);
			wst_out_char(o, ')');
		}
		return;
	case WST_ITEM_BOOL:    wst_out_str(o, it->u ? "yes" : "no"); return;
	case WST_ITEM_BYTES:   wst_out_hex_bytes(o, it->bytes, it->len); return;
	case WST_ITEM_ADDRESS: address_text(o, it); return;
	default:               return;
	}
}

static void flow_address(struct wst_out *o, struct wst_text_memo *memo, const struct wst_sockaddr *a)
{
	size_t n;

	if (a->family == WST_FAMILY_NONE) {
		wst_out_char(o, '?');
		return;
	}
	const char *text = wst_memo_sockaddr(memo, a, &n);
	wst_out_fixed(o, text, n, WST_ADDR_TEXT_LEN);
}

static void flow_text(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec)
{
	if (rec->addr.family != WST_FAMILY_NONE)
		return;  /* the event's own address says more */
	if (rec->local.family == WST_FAMILY_NONE && rec->remote.family == WST_FAMILY_NONE)
		return;
	wst_out_char(o, ' ');
	flow_address(o, memo, &rec->local);
	wst_out_mem(o, " > ", 3);
	flow_address(o, memo, &rec->remote);
}

void wst_format_text(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec)
{
	const struct wst_event *ev = rec->ev;
	const struct wst_event_desc *d = rec->desc;

	prefix(o, memo, ev, rec->pid, rec->image, d ? d->name : "unknown");
	size_t before = wst_out_column(o, 24);
	if (rec->has_endpoint)
		wst_out_hex(o, rec->endpoint);
	else
		wst_out_char(o, '-');
	wst_out_pad(o, o->len - before, ENDPOINT_WIDTH - 1);
	if (!d) {
		wst_out_str(o, " id=");
		wst_out_u64(o, ev->id);
		wst_out_str(o, " version=");
		wst_out_u64(o, ev->version);
		wst_out_str(o, " payload=");
		wst_out_hex_bytes(o, ev->user_data, ev->user_len);
		wst_out_end_line(o);
		return;
	}
	if (d->phase >= 0) {
		wst_out_str(o, " phase=");
		wst_out_str(o, wst_phase_name((uint64_t)d->phase));
	}
	wst_visit_fields(rec, field_text, o);
	flow_text(o, memo, rec);
	if (rec->remote_name) {
		wst_out_str(o, " remote_name=");
		wst_out_printable(o, rec->remote_name);
	}
	if (rec->latency_us >= 0) {
		wst_out_str(o, " latency_us=");
		wst_out_i64(o, rec->latency_us);
	}
	if (rec->truncated)
		wst_out_str(o, " [truncated]");
	wst_out_end_line(o);
}

void wst_format_text_generic(struct wst_out *o, const struct wst_event *ev)
{
	char guid[WST_GUID_TEXT_LEN];

	prefix(o, NULL, ev, ev->pid, NULL, "other");
	wst_guid_format(&ev->provider, guid);
	wst_out_str(o, guid);
	wst_out_str(o, " id=");
	wst_out_u64(o, ev->id);
	wst_out_str(o, " version=");
	wst_out_u64(o, ev->version);
	wst_out_str(o, " tid=");
	wst_out_u64(o, ev->tid);
	wst_out_str(o, " payload_bytes=");
	wst_out_u64(o, ev->user_len);
	wst_out_end_line(o);
}
