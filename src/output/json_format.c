/* Records as JSON lines, schema v1 (docs/json-schema.md). */
#include "field_names.h"
#include "wstrace/compiler.h"
#include "json_writer.h"
#include "wstrace/format.h"
#include "wstrace/lookup_results.h"
#include "wstrace/sockaddr.h"
#include "wstrace/string_values.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

static void common_members(struct wst_json *j, struct wst_text_memo *memo,
                           const struct wst_event *ev, const char *event)
{
	struct wst_out *o = j->o;

	wst_json_u64(j, "v", WST_JSON_SCHEMA_VERSION);
	wst_json_key(j, "ts");
	wst_out_reserve(o, WST_MEMO_ISO_LEN + 2);
	o->buf[o->len] = '"';
	wst_memo_time_iso(memo, ev->timestamp, o->buf + o->len + 1);
	o->buf[o->len + 1 + WST_MEMO_ISO_LEN] = '"';
	o->len += WST_MEMO_ISO_LEN + 2;
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

/* "addresses":[...], then "aliases":[...] when there are any, then
 * "results_truncated":true when ETW may have cut the string. */
static WST_NOINLINE void results_members(struct wst_json *j, const struct wst_value *v)
{
	struct wst_results r;
	struct wst_result e;

	for (int kind = WST_RESULT_ADDRESS; kind <= WST_RESULT_ALIAS; kind++) {
		bool any = false;
		wst_results_begin(&r, v->bytes, v->len);
		while (wst_results_next(&r, &e)) {
			if (e.kind != kind)
				continue;
			if (!any)
				wst_json_key(j, kind == WST_RESULT_ADDRESS ? "addresses" : "aliases");
			wst_out_char(j->o, any ? ',' : '[');
			wst_json_string(j->o, e.text);
			any = true;
		}
		if (any) {
			wst_out_char(j->o, ']');
		} else if (kind == WST_RESULT_ADDRESS) {
			wst_json_key(j, "addresses");
			wst_out_mem(j->o, "[]", 2);
		}
	}
	if (r.cut)
		wst_json_bool(j, "results_truncated", true);
}

/* Strings, SIDs, GUIDs and times: written as JSON strings. */
static WST_NOINLINE void text_member(struct wst_json *j, const struct wst_field_desc *f, const struct wst_value *v)
{
	char text[WST_STRING_VALUE_MAX];

	if (f->role == WST_ROLE_PACKAGE && v->len == 0)
		return;  /* most processes have no package */
	wst_field_text(f, v, text);
	wst_json_key_n(j, f->key, f->key_len);
	wst_json_string(j->o, text);
}

static void field_member(struct wst_json *j, const struct wst_record *rec,
                         const struct wst_field_desc *f, const struct wst_value *v)
{
	char text[WST_ADDR_TEXT_LEN];
	const char *name;

	switch (f->role) {
	case WST_ROLE_PROCESS:
	case WST_ROLE_ENDPOINT:
	case WST_ROLE_LISTEN_ENDPOINT:
	case WST_ROLE_SUBJECT_PID:
		return;  /* common members */
	case WST_ROLE_RESULTS:
		results_members(j, v);
		return;
	case WST_ROLE_ADDRESS:
		if (rec->addr.family != WST_FAMILY_NONE) {
			char family[WST_FAMILY_TEXT_LEN];
			wst_family_text(&rec->addr, family);
			wst_json_own_str(j, "family", family);
		}
		if (rec->addr.family == WST_FAMILY_IPV4 || rec->addr.family == WST_FAMILY_IPV6) {
			wst_addr_format(&rec->addr, text);
			wst_json_own_str(j, "addr", text);
			if (f->type == WST_FT_BINARY && f->length_field >= 0)
				wst_json_u64(j, "port", rec->addr.port);  /* from the SOCKADDR */
		} else if (v->len) {
			/* Other families, or too short to decode: the bytes as logged. */
			wst_json_bytes(j, "addr_bytes", v->bytes, v->len);
		}
		return;
	default:
		break;
	}
	if (f->type >= WST_FT_UTF16) {
		text_member(j, f, v);
		return;
	}
	/* Every other field is written under its own key. */
	wst_json_key_n(j, f->key, f->key_len);
	if (f->role == WST_ROLE_PHASE) {
		if ((name = wst_phase_name(v->u)) != NULL)
			wst_json_string(j->o, name);
		else
			wst_out_u64(j->o, v->u);
		return;
	}
	if (f->role == WST_ROLE_PORT) {
		wst_out_u64(j->o, rec->addr.port);
		return;
	}
	switch (f->type) {
	case WST_FT_POINTER:
		if (f->role == WST_ROLE_USER_PID) {
			wst_out_u64(j->o, v->u);
		} else {
			wst_out_char(j->o, '"');
			wst_out_hex(j->o, v->u);
			wst_out_char(j->o, '"');
		}
		return;
	case WST_FT_BOOL32:
		if (v->u)
			wst_out_mem(j->o, "true", 4);
		else
			wst_out_mem(j->o, "false", 5);
		return;
	case WST_FT_INT32:
	case WST_FT_INT64:
		wst_out_i64(j->o, (int64_t)v->u);
		break;
	case WST_FT_BINARY:
		wst_out_char(j->o, '"');
		wst_out_hex_bytes(j->o, v->bytes, v->len);
		wst_out_char(j->o, '"');
		return;
	default:
		wst_out_u64(j->o, v->u);
		break;
	}
	if ((name = wst_field_value_name(rec, f, v->u)) != NULL) {
		wst_json_key_suffix(j, f->key, "_name");
		wst_json_string(j->o, name);
	}
	if ((name = wst_field_wsa_name(f, v->u)) != NULL) {
		wst_json_key_suffix(j, f->key, "_wsa");
		wst_json_string(j->o, name);
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
		wst_json_str(j, "image", rec->image);
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
		wst_json_str(&j, "image", rec->image);
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
	for (unsigned i = 0; i < d->field_count && rec->values[i].present; i++)
		field_member(&j, rec, &d->fields[i], &rec->values[i]);
	if (rec->local.family != WST_FAMILY_NONE) {
		wst_json_key(&j, "local");
		address_value(&j, memo, &rec->local);
	}
	if (rec->remote.family != WST_FAMILY_NONE) {
		wst_json_key(&j, "remote");
		address_value(&j, memo, &rec->remote);
	}
	if (rec->remote_name)
		wst_json_str(&j, "remote_name", rec->remote_name);
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
	wst_time_iso(ev->timestamp, ts);
	wst_json_str(&j, "ts", ts);
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
