/* Records as CSV rows (RFC 4180, wstrace/csv.h): the members every JSON
 * line has as columns, the event's own fields in the last column as
 * key=value pairs under their JSON keys (docs/json-schema.md, "CSV"). */
#include "field_visit.h"
#include "wstrace/compiler.h"
#include "wstrace/csv.h"
#include "wstrace/format.h"
#include "wstrace/lookup_results.h"
#include "wstrace/sockaddr.h"
#include "wstrace/string_values.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

static const char header[] =
	"ts,event,event_id,level,pid,image,tid,cpu,process,endpoint,phase,local,remote,remote_name,"
	"latency_us,truncated,fields";

void wst_format_csv_header(struct wst_out *o)
{
	wst_out_str(o, header);
	wst_csv_end_row(o);
}

/* The fields column is always quoted, so that its pairs may hold commas
 * and its quoted values quotes (doubled). */
struct csv_pairs {
	struct wst_out *o;
	bool any;
};

static void pair_key(struct csv_pairs *p, const char *key, size_t n, const char *suffix)
{
	if (p->any)
		wst_out_char(p->o, ' ');
	p->any = true;
	wst_out_mem(p->o, key, n);
	if (suffix)
		wst_out_str(p->o, suffix);
	wst_out_char(p->o, '=');
}

/* Bare when it is printable ASCII without a space, quote, backslash or
 * comma; else a JSON string (its quotes doubled for the CSV column). */
static void text_value(struct wst_out *o, const char *s)
{
	const char *c = s;

	while (*c > ' ' && *c < 0x7f && *c != '"' && *c != '\\' && *c != ',')
		c++;
	if (!*c && c != s) {
		wst_out_str(o, s);
		return;
	}
	wst_out_mem(o, "\"\"", 2);
	for (c = s; *c; c++) {
		unsigned char b = (unsigned char)*c;
		if (b == '"') {
			wst_out_mem(o, "\\\"\"", 3);
		} else if (b == '\\') {
			wst_out_mem(o, "\\\\", 2);
		} else if (b < 0x20) {
			wst_out_mem(o, "\\u00", 4);
			wst_out_char(o, "0123456789abcdef"[b >> 4]);
			wst_out_char(o, "0123456789abcdef"[b & 15]);
		} else {
			wst_out_char(o, (char)b);
		}
	}
	wst_out_mem(o, "\"\"", 2);
}

static void address_pairs(struct csv_pairs *p, const struct wst_field_item *it)
{
	const struct wst_sockaddr *a = it->addr;
	char text[WST_ADDR_TEXT_LEN];

	if (a->family != WST_FAMILY_NONE) {
		char family[WST_FAMILY_TEXT_LEN];
		wst_family_text(a, family);
		pair_key(p, "family", 6, NULL);
		wst_out_str(p->o, family);
	}
	if (a->family == WST_FAMILY_IPV4 || a->family == WST_FAMILY_IPV6) {
		wst_addr_format(a, text);
		pair_key(p, "addr", 4, NULL);
		wst_out_str(p->o, text);
		if (it->addr_has_port) {
			pair_key(p, "port", 4, NULL);
			wst_out_u64(p->o, a->port);
		}
	} else if (it->len) {
		pair_key(p, "addr_bytes", 10, NULL);
		wst_out_hex_bytes(p->o, it->bytes, it->len);
	}
}

/* addresses=a,b (empty when there are none), aliases=c,d when there are
 * any, results_truncated=true when ETW may have cut them: as in JSON. */
static WST_NOINLINE void results_pairs(struct csv_pairs *p, const struct wst_field_item *it)
{
	struct wst_results r;
	struct wst_result e;

	for (int kind = WST_RESULT_ADDRESS; kind <= WST_RESULT_ALIAS; kind++) {
		bool any = false;
		wst_results_begin(&r, it->bytes, it->len);
		while (wst_results_next_of(&r, (enum wst_result_kind)kind, &e)) {
			if (any)
				wst_out_char(p->o, ',');
			else
				pair_key(p, kind == WST_RESULT_ADDRESS ? "addresses" : "aliases",
				         kind == WST_RESULT_ADDRESS ? 9 : 7, NULL);
			text_value(p->o, e.text);
			any = true;
		}
		if (!any && kind == WST_RESULT_ADDRESS)
			pair_key(p, "addresses", 9, NULL);
	}
	if (r.cut) {
		pair_key(p, "results_truncated", 17, NULL);
		wst_out_str(p->o, "true");
	}
}

static WST_NOINLINE void text_pair(struct csv_pairs *p, const struct wst_field_item *it)
{
	char text[WST_STRING_VALUE_MAX];

	wst_field_text(it->field, it->value, text);
	pair_key(p, it->key, it->key_len, NULL);
	text_value(p->o, text);
}

/* One field as KEY=value, with KEY_name= and KEY_wsa= where JSON has them. */
WST_EMIT void field_pair(void *out, const struct wst_field_item *it)
{
	struct csv_pairs *p = out;
	struct wst_out *o = p->o;

	switch (it->kind) {
	case WST_ITEM_ADDRESS: address_pairs(p, it); return;
	case WST_ITEM_RESULTS: results_pairs(p, it); return;
	case WST_ITEM_TEXT:    text_pair(p, it); return;
	default:               break;
	}
	pair_key(p, it->key, it->key_len, NULL);
	switch (it->kind) {
	case WST_ITEM_NUMBER:
	case WST_ITEM_STATUS:
		wst_item_decimal(o, it);
		break;
	case WST_ITEM_NAMED:
		if (it->name)
			wst_out_str(o, it->name);
		else
			wst_out_u64(o, it->u);
		return;
	case WST_ITEM_POINTER: wst_out_hex(o, it->u); return;
	case WST_ITEM_BOOL:    wst_out_str(o, it->u ? "true" : "false"); return;
	case WST_ITEM_BYTES:   wst_out_hex_bytes(o, it->bytes, it->len); return;
	case WST_ITEM_PORT:    wst_out_u64(o, it->u); return;
	default:               return;
	}
	if (it->name) {
		pair_key(p, it->key, it->key_len, "_name");
		wst_out_str(o, it->name);
	}
	if (it->wsa) {
		pair_key(p, it->key, it->key_len, "_wsa");
		wst_out_str(o, it->wsa);
	}
}

static void time_column(struct wst_out *o, struct wst_text_memo *memo, const struct wst_event *ev)
{
	char ts[WST_MEMO_ISO_LEN + 1];

	if (!ev->time_invalid) {
		wst_memo_time_iso(memo, ev->timestamp, ts);
		wst_out_mem(o, ts, WST_MEMO_ISO_LEN);
	}
	wst_out_char(o, ',');
}

static void number_column(struct wst_out *o, uint64_t n)
{
	wst_out_u64(o, n);
	wst_out_char(o, ',');
}

static void hex_column(struct wst_out *o, bool present, uint64_t n)
{
	if (present)
		wst_out_hex(o, n);
	wst_out_char(o, ',');
}

static void address_column(struct wst_out *o, const struct wst_sockaddr *a)
{
	char text[WST_ADDR_TEXT_LEN];

	wst_csv_field(o, a->family != WST_FAMILY_NONE && wst_sockaddr_format(a, text) ? text : NULL,
	              false);
}

/* The fields column's start: ts_raw first when the clock made no date. */
static void begin_pairs(struct csv_pairs *p, struct wst_out *o, const struct wst_event *ev)
{
	p->o = o;
	p->any = false;
	wst_out_char(o, '"');
	if (ev->time_invalid) {
		pair_key(p, "ts_raw", 6, NULL);
		wst_out_u64(o, ev->raw_time);
	}
}

static void end_pairs(struct wst_out *o)
{
	wst_out_char(o, '"');
	wst_csv_end_row(o);
}

void wst_format_csv(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec)
{
	const struct wst_event *ev = rec->ev;
	const struct wst_event_desc *d = rec->desc;
	struct csv_pairs p;

	time_column(o, memo, ev);
	wst_csv_field(o, d ? d->name : "unknown", false);
	number_column(o, ev->id);
	number_column(o, ev->level);
	number_column(o, rec->pid);
	wst_csv_field(o, rec->image, false);
	number_column(o, ev->tid);
	number_column(o, ev->cpu);
	hex_column(o, rec->is_afd && rec->has_process, rec->process);
	hex_column(o, d && rec->has_endpoint, rec->endpoint);
	wst_csv_field(o, d && d->phase >= 0 ? wst_phase_name((uint64_t)d->phase) : NULL, false);
	address_column(o, &rec->local);
	address_column(o, &rec->remote);
	wst_csv_field(o, rec->remote_name, false);
	if (rec->latency_us >= 0)
		wst_out_i64(o, rec->latency_us);
	wst_out_char(o, ',');
	wst_csv_field(o, rec->truncated ? "true" : NULL, false);
	begin_pairs(&p, o, ev);
	if (d) {
		wst_visit_fields(rec, field_pair, &p);
	} else {
		pair_key(&p, "version", 7, NULL);
		wst_out_u64(o, ev->version);
		pair_key(&p, "payload", 7, NULL);
		wst_out_hex_bytes(o, ev->user_data, ev->user_len);
	}
	end_pairs(o);
}

/* Another provider's event: "other" in the event column, its provider and
 * descriptor among the pairs, as the JSON line has them. */
void wst_format_csv_generic(struct wst_out *o, struct wst_text_memo *memo, const struct wst_event *ev)
{
	char guid[WST_GUID_TEXT_LEN];
	struct csv_pairs p;

	time_column(o, memo, ev);
	wst_csv_field(o, "other", false);
	number_column(o, ev->id);
	number_column(o, ev->level);
	number_column(o, ev->pid);
	wst_out_char(o, ',');  /* image */
	number_column(o, ev->tid);
	number_column(o, ev->cpu);
	wst_out_mem(o, ",,,,,,,,", 8);  /* process .. truncated */
	begin_pairs(&p, o, ev);
	wst_guid_format(&ev->provider, guid);
	pair_key(&p, "provider", 8, NULL);
	wst_out_str(o, guid);
	pair_key(&p, "version", 7, NULL);
	wst_out_u64(o, ev->version);
	pair_key(&p, "opcode", 6, NULL);
	wst_out_u64(o, ev->opcode);
	pair_key(&p, "task", 4, NULL);
	wst_out_u64(o, ev->task);
	pair_key(&p, "keyword", 7, NULL);
	wst_out_hex(o, ev->keyword);
	pair_key(&p, "payload", 7, NULL);
	wst_out_hex_bytes(o, ev->user_data, ev->user_len);
	end_pairs(o);
}
