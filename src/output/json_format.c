/* Records as JSON lines, schema v1 (docs/json-schema.md). */
#include "field_visit.h"
#include "json_writer.h"
#include "wstrace/compiler.h"
#include "wstrace/format.h"
#include "wstrace/lookup_results.h"
#include "wstrace/sockaddr.h"
#include "wstrace/string_values.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

/* An event whose clock value makes no date: "ts":null and the value as
 * logged, never a date that looks right and is not. */
static bool raw_time_members(struct wst_json *j, const struct wst_event *ev)
{
	if (!ev->time_invalid)
		return false;
	wst_json_key(j, "ts");
	wst_out_str(j->o, "null");
	wst_json_u64(j, "ts_raw", ev->raw_time);
	return true;
}

static inline void common_members(struct wst_json *j, struct wst_text_memo *memo,
                                  const struct wst_event *ev, const char *event)
{
	struct wst_out *o = j->o;

	wst_json_u64(j, "v", WST_JSON_SCHEMA_VERSION);
	if (raw_time_members(j, ev))
		goto named;
	wst_json_key(j, "ts");
	wst_out_reserve(o, WST_MEMO_ISO_LEN + 2);
	o->buf[o->len] = '"';
	wst_memo_time_iso(memo, ev->timestamp, o->buf + o->len + 1);
	o->buf[o->len + 1 + WST_MEMO_ISO_LEN] = '"';
	o->len += WST_MEMO_ISO_LEN + 2;
named:
	wst_json_own_str(j, "event", event);
	wst_json_u64(j, "event_id", ev->id);
}

/* "1.2.3.4:80" after its key; the key is the caller's, so that its
 * length is known when compiling. */
static void address_value(struct wst_json *j, struct wst_text_memo *memo, const struct wst_sockaddr *a)
{
	size_t n;
	const char *text = wst_memo_sockaddr(memo, a, &n);

	wst_out_char(j->o, '"');
	wst_out_fixed(j->o, text, n, WST_ADDR_TEXT_LEN);
	wst_out_char(j->o, '"');
}

/* "family", then "addr" and "port" (from a SOCKADDR), or "addr_bytes"
 * for other families and addresses too short to decode. */
static void address_members(struct wst_json *j, const struct wst_field_item *it)
{
	const struct wst_sockaddr *a = it->addr;
	char text[WST_ADDR_TEXT_LEN];

	if (a->family != WST_FAMILY_NONE) {
		char family[WST_FAMILY_TEXT_LEN];
		wst_family_text(a, family);
		wst_json_own_str(j, "family", family);
	}
	if (a->family == WST_FAMILY_IPV4 || a->family == WST_FAMILY_IPV6) {
		wst_addr_format(a, text);
		wst_json_own_str(j, "addr", text);
		if (it->addr_has_port)
			wst_json_u64(j, "port", a->port);
	} else if (it->len) {
		wst_json_bytes(j, "addr_bytes", it->bytes, it->len);
	}
}

/* "addresses":[...], then "aliases":[...] when there are any, then
 * "results_truncated":true when ETW may have cut the string. */
static WST_NOINLINE void results_members(struct wst_json *j, const struct wst_field_item *it)
{
	struct wst_results r;
	struct wst_result e;
	bool any = false, aliases = false;

	/* One pass for the addresses, which every result has; a second one
	 * only for a string that holds aliases too (CNAMEs, the rarer case). */
	wst_json_key(j, "addresses");
	wst_out_char(j->o, '[');
	wst_results_begin(&r, it->bytes, it->len);
	while (wst_results_next(&r, &e)) {
		if (e.kind != WST_RESULT_ADDRESS) {
			aliases = true;
			continue;
		}
		if (any)
			wst_out_char(j->o, ',');
		wst_json_string(j->o, e.text);
		any = true;
	}
	wst_out_char(j->o, ']');
	if (aliases) {
		wst_json_key(j, "aliases");
		wst_results_begin(&r, it->bytes, it->len);
		for (any = false; wst_results_next_of(&r, WST_RESULT_ALIAS, &e); any = true) {
			wst_out_char(j->o, any ? ',' : '[');
			wst_json_string(j->o, e.text);
		}
		wst_out_char(j->o, ']');
	}
	if (r.cut)
		wst_json_bool(j, "results_truncated", true);
}

/* Strings, SIDs, GUIDs and times: written as JSON strings. */
static WST_NOINLINE void text_member(struct wst_json *j, const struct wst_field_item *it)
{
	char text[WST_STRING_VALUE_MAX];

	wst_field_text(it->field, it->value, text);
	wst_json_key_n(j, it->key, it->key_len);
	wst_json_string(j->o, text);
}

static void quoted_hex(struct wst_out *o, uint64_t v)
{
	wst_out_char(o, '"');
	wst_out_hex(o, v);
	wst_out_char(o, '"');
}

/* One field under its own key; a number's name as KEY_name, a status's
 * Winsock error as KEY_wsa. */
WST_EMIT void field_member(void *out, const struct wst_field_item *it)
{
	struct wst_json *j = out;
	struct wst_out *o = j->o;

	if (it->kind == WST_ITEM_ADDRESS) {
		address_members(j, it);
		return;
	}
	if (it->kind == WST_ITEM_RESULTS) {
		results_members(j, it);
		return;
	}
	if (it->kind == WST_ITEM_TEXT) {
		text_member(j, it);
		return;
	}
	wst_json_key_n(j, it->key, it->key_len);
	switch (it->kind) {
	case WST_ITEM_NUMBER:
	case WST_ITEM_STATUS:
		wst_item_decimal(o, it);
		break;
	case WST_ITEM_NAMED:
		if (it->name)
			wst_json_string(o, it->name);
		else
			wst_out_u64(o, it->u);
		return;
	case WST_ITEM_POINTER: quoted_hex(o, it->u); return;
	case WST_ITEM_BOOL:
		if (it->u)
			wst_out_mem(o, "true", 4);
		else
			wst_out_mem(o, "false", 5);
		return;
	case WST_ITEM_BYTES:
		wst_out_char(o, '"');
		wst_out_hex_bytes(o, it->bytes, it->len);
		wst_out_char(o, '"');
		return;
	case WST_ITEM_PORT:    wst_out_u64(o, it->u); return;
	default:               return;
	}
	if (it->name) {
		wst_json_key_suffix(j, it->key, "_name");
		wst_json_string(o, it->name);
	}
	if (it->wsa) {
		wst_json_key_suffix(j, it->key, "_wsa");
		wst_json_string(o, it->wsa);
	}
}

static void unknown_record(struct wst_json *j, struct wst_text_memo *memo,
                           const struct wst_record *rec)
{
	const struct wst_event *ev = rec->ev;

	common_members(j, memo, ev, "unknown");
	wst_json_u64(j, "version", ev->version);
	wst_json_u64(j, "level", ev->level);
	wst_json_u64(j, "pid", rec->pid);
	if (rec->image)
		wst_json_name(j, "image", rec->image, rec->image_plain_len);
	wst_json_u64(j, "tid", ev->tid);
	wst_json_u64(j, "cpu", ev->cpu);
	wst_json_key(j, "process");
	wst_out_str(j->o, "null");
	wst_json_bytes(j, "payload", ev->user_data, ev->user_len);
}

void wst_format_json(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec)
{
	const struct wst_event *ev = rec->ev;
	const struct wst_event_desc *d = rec->desc;
	struct wst_json j;

	wst_json_begin(&j, o);
	if (!d) {
		unknown_record(&j, memo, rec);
		wst_json_end(&j);
		wst_out_end_line(o);
		return;
	}
	common_members(&j, memo, ev, d->name);
	wst_json_u64(&j, "level", ev->level);
	wst_json_u64(&j, "pid", rec->pid);
	if (rec->image)
		wst_json_name(&j, "image", rec->image, rec->image_plain_len);
	wst_json_u64(&j, "tid", ev->tid);
	wst_json_u64(&j, "cpu", ev->cpu);
	if (rec->is_afd) {
		if (rec->has_process) {
			wst_json_hex(&j, "process", rec->process);
		} else {
			wst_json_key(&j, "process");
			wst_out_str(o, "null");
		}
	}
	if (rec->has_endpoint)
		wst_json_hex(&j, "endpoint", rec->endpoint);
	if (d->phase >= 0)
		wst_json_own_str(&j, "phase", wst_phase_name((uint64_t)d->phase));
	wst_visit_fields(rec, field_member, &j);
	if (rec->local.family != WST_FAMILY_NONE) {
		wst_json_key(&j, "local");
		address_value(&j, memo, &rec->local);
	}
	if (rec->remote.family != WST_FAMILY_NONE) {
		wst_json_key(&j, "remote");
		address_value(&j, memo, &rec->remote);
	}
	if (rec->remote_name)
		wst_json_name(&j, "remote_name", rec->remote_name, rec->remote_name_plain_len);
	if (rec->latency_us >= 0)
		wst_json_i64(&j, "latency_us", rec->latency_us);
	if (rec->truncated)
		wst_json_bool(&j, "truncated", true);
	wst_json_end(&j);
	wst_out_end_line(o);
}

void wst_format_json_generic(struct wst_out *o, const struct wst_event *ev)
{
	char guid[WST_GUID_TEXT_LEN], ts[WST_TIME_TEXT_LEN];
	struct wst_json j;

	wst_json_begin(&j, o);
	wst_json_u64(&j, "v", WST_JSON_SCHEMA_VERSION);
	if (!raw_time_members(&j, ev)) {
		wst_time_iso(ev->timestamp, ts);
		wst_json_str(&j, "ts", ts);
	}
	wst_guid_format(&ev->provider, guid);
	wst_json_str(&j, "provider", guid);
	wst_json_u64(&j, "event_id", ev->id);
	wst_json_u64(&j, "version", ev->version);
	wst_json_u64(&j, "level", ev->level);
	wst_json_u64(&j, "opcode", ev->opcode);
	wst_json_u64(&j, "task", ev->task);
	wst_json_hex(&j, "keyword", ev->keyword);
	wst_json_u64(&j, "pid", ev->pid);
	wst_json_u64(&j, "tid", ev->tid);
	wst_json_u64(&j, "cpu", ev->cpu);
	wst_json_bytes(&j, "payload", ev->user_data, ev->user_len);
	wst_json_end(&j);
	wst_out_end_line(o);
}
