/* Records as one aligned text line each:
 *   TIME(UTC)        PID     EVENT                  ENDPOINT            DETAILS
 * Details are key=value pairs with names in place of numbers where known. */
#include <string.h>

#include "field_names.h"
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

/* The clock: from the memo when the caller has one. */
static void clock_column(struct wst_out *o, struct wst_text_memo *memo, uint64_t timestamp)
{
	char clock[WST_CLOCK_TEXT_LEN];

	wst_out_reserve(o, WST_MEMO_CLOCK_LEN + 1);
	if (memo) {
		wst_memo_time_clock(memo, timestamp, o->buf + o->len);
	} else {
		wst_time_clock(timestamp, clock);
		memcpy(o->buf + o->len, clock, WST_MEMO_CLOCK_LEN);
	}
	o->buf[o->len + WST_MEMO_CLOCK_LEN] = ' ';
	o->len += WST_MEMO_CLOCK_LEN + 1;
}

static inline void prefix(struct wst_out *o, struct wst_text_memo *memo, const struct wst_event *ev,
                   uint32_t pid, const char *image, const char *event)
{
	size_t n, before;

	clock_column(o, memo, ev->timestamp);
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

/* " addresses=a,b aliases=c", and a mark when ETW may have cut them. */
static WST_NOINLINE void results_text(struct wst_out *o, const struct wst_value *v)
{
	struct wst_results r;
	struct wst_result e;

	for (int kind = WST_RESULT_ADDRESS; kind <= WST_RESULT_ALIAS; kind++) {
		bool any = false;
		wst_results_begin(&r, v->bytes, v->len);
		while (wst_results_next(&r, &e)) {
			if (e.kind != kind)
				continue;
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

/* Strings, SIDs, GUIDs and times; empty strings say nothing. */
static WST_NOINLINE void string_text(struct wst_out *o, const struct wst_field_desc *f, const struct wst_value *v)
{
	char text[WST_STRING_VALUE_MAX];

	if ((f->type == WST_FT_UTF16 || f->type == WST_FT_ANSI) && v->len == 0)
		return;
	wst_field_text(f, v, text);
	pair_key(o, f->key, f->key_len);
	wst_out_printable(o, text);
}

static void field_text(struct wst_out *o, const struct wst_record *rec,
                       const struct wst_field_desc *f, const struct wst_value *v)
{
	char text[WST_ADDR_TEXT_LEN];
	const char *name;

	switch (f->role) {
	case WST_ROLE_PROCESS:
	case WST_ROLE_ENDPOINT:
	case WST_ROLE_LISTEN_ENDPOINT:
	case WST_ROLE_PORT:  /* printed with the address */
	case WST_ROLE_SUBJECT_PID:  /* the line's pid */
		return;
	case WST_ROLE_RESULTS:
		results_text(o, v);
		return;
	case WST_ROLE_ADDRESS:
		if (rec->addr.family == WST_FAMILY_NONE && v->len == 0)
			return;
		pair_key(o, "addr", 4);
		if (rec->addr.family == WST_FAMILY_OTHER) {
			char family[WST_FAMILY_TEXT_LEN];
			wst_out_mem(o, family, wst_family_text(&rec->addr, family));
			wst_out_char(o, ':');
			wst_out_hex_bytes(o, v->bytes, v->len);
		} else if (rec->addr.family == WST_FAMILY_NONE) {
			wst_out_hex_bytes(o, v->bytes, v->len);
		} else if (rec->addr_complete) {
			wst_sockaddr_format(&rec->addr, text);
			wst_out_str(o, text);
		} else {
			wst_addr_format(&rec->addr, text);  /* the port was cut off */
			wst_out_str(o, text);
		}
		return;
	case WST_ROLE_PHASE:
		pair_key(o, f->key, f->key_len);
		if ((name = wst_phase_name(v->u)) != NULL)
			wst_out_str(o, name);
		else
			wst_out_u64(o, v->u);
		return;
	case WST_ROLE_STATUS:
	case WST_ROLE_REASON:
		if (v->u == 0)
			return;  /* success says nothing worth a column */
		pair_key(o, f->key, f->key_len);
		if ((name = wst_field_value_name(rec, f, v->u)) != NULL)
			wst_out_str(o, name);
		else
			wst_out_hex(o, v->u);
		if ((name = wst_field_wsa_name(f, v->u)) != NULL) {
			wst_out_str(o, " (");
			wst_out_str(o, name);
			wst_out_char(o, ')');
		}
		return;
	default:
		break;
	}
	if (f->type >= WST_FT_UTF16) {
		string_text(o, f, v);
		return;
	}
	if (f->type == WST_FT_POINTER && f->role != WST_ROLE_USER_PID)
		return;  /* buffer addresses: only in JSON */
	pair_key(o, f->key, f->key_len);
	if ((name = wst_field_value_name(rec, f, v->u)) != NULL)
		wst_out_str(o, name);
	else if (f->type == WST_FT_BOOL32)
		wst_out_str(o, v->u ? "yes" : "no");
	else if (f->type == WST_FT_INT32 || f->type == WST_FT_INT64)
		wst_out_i64(o, (int64_t)v->u);
	else if (f->type == WST_FT_BINARY)
		wst_out_hex_bytes(o, v->bytes, v->len);
	else
		wst_out_u64(o, v->u);
}

/* AddressLen and its kind only size the field after them. */
static bool is_length_of_another(const struct wst_event_desc *d, unsigned i)
{
	for (unsigned k = i + 1; k < d->field_count; k++)
		if (d->fields[k].length_field == (int8_t)i)
			return true;
	return false;
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
	for (unsigned i = 0; i < d->field_count && rec->values[i].present; i++)
		if (!is_length_of_another(d, i))
			field_text(o, rec, &d->fields[i], &rec->values[i]);
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
