/*
 * libFuzzer harness for the payload decoder alone: the first 16 bytes are
 * the event header (see fuzz_event_from_bytes), the rest the payload. The
 * record is decoded, enriched by a two-socket endpoint table, and written
 * as JSON and as text, known event or not, and as another provider's event.
 *
 * Invariants: decoded values are a prefix of the template, truncated when
 * one is missing; binary values point inside the payload; consumed
 * bytes plus surplus make the payload; every line is well formed.
 */
#include <string.h>

#include "fuzz_check.h"
#include "wstrace/decoder.h"
#include "wstrace/endpoint_table.h"
#include "wstrace/format.h"
#include "wstrace/sockaddr.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_record(const struct wst_event *ev, const struct wst_record *rec)
{
	const uint8_t *lo = ev->user_data, *hi = ev->user_data + ev->user_len;

	FUZZ_CHECK(rec->ev == ev && rec->is_afd, "record not tied to its event");
	if (!rec->desc) {
		FUZZ_CHECK(!rec->truncated && !rec->has_endpoint, "unknown event with fields");
		return;
	}
	FUZZ_CHECK(rec->desc->field_count <= WST_MAX_FIELDS, "%u fields",
	           (unsigned)rec->desc->field_count);
	unsigned present = 0;
	while (present < rec->desc->field_count && rec->values[present].present)
		present++;
	for (unsigned i = present; i < rec->desc->field_count; i++)
		FUZZ_CHECK(!rec->values[i].present, "field %u decoded after a missing one", i);
	/* Truncated also covers a SOCKADDR too short for its own family, so
	 * only one direction holds. */
	if (present < rec->desc->field_count) {
		FUZZ_CHECK(rec->truncated, "%u of %u fields, not truncated", present,
		           (unsigned)rec->desc->field_count);
	}
	for (unsigned i = 0; i < present; i++) {
		const struct wst_value *v = &rec->values[i];
		if (rec->desc->fields[i].type != WST_FT_BINARY)
			continue;
		FUZZ_CHECK(v->len == 0 || (v->bytes >= lo && v->len <= (size_t)(hi - v->bytes)),
		           "binary field %u outside the payload", i);
	}
	FUZZ_CHECK(!rec->addr_complete || rec->addr.family != WST_FAMILY_NONE, "port without address");
}

/* The memo lives across inputs, so both its hits and its misses are
 * compared with the plain formatters. */
static void check_memo(struct wst_text_memo *memo, const struct wst_event *ev,
                       const struct wst_record *rec)
{
	char direct[WST_ADDR_TEXT_LEN], iso[WST_TIME_TEXT_LEN], clock[WST_CLOCK_TEXT_LEN];
	char got[WST_MEMO_ISO_LEN];
	size_t n;

	const char *text = wst_memo_sockaddr(memo, &rec->addr, &n);
	size_t want = wst_sockaddr_format(&rec->addr, direct);
	FUZZ_CHECK(n == want && memcmp(text, direct, n) == 0, "memo address '%.*s', want '%s'",
	           (int)n, text, direct);
	wst_time_iso(ev->timestamp, iso);
	wst_memo_time_iso(memo, ev->timestamp, got);
	FUZZ_CHECK(memcmp(got, iso, WST_MEMO_ISO_LEN) == 0, "memo time '%.28s', want '%s'", got, iso);
	wst_time_clock(ev->timestamp, clock);
	wst_memo_time_clock(memo, ev->timestamp, got);
	FUZZ_CHECK(memcmp(got, clock, WST_MEMO_CLOCK_LEN) == 0, "memo clock '%.15s', want '%s'", got,
	           clock);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wst_text_memo memo;
	struct wst_event ev;
	struct wst_record rec;

	if (!fuzz_event_from_bytes(data, size, &ev))
		return 0;
	wst_decode(&ev, &rec);
	check_record(&ev, &rec);
	check_memo(&memo, &ev, &rec);

	struct wst_endpoint_table *t = wst_endpoint_table_new(2, 2);
	static struct fuzz_sink *json, *text;
	if (!json)
		json = fuzz_sink_new(true);
	if (!text)
		text = fuzz_sink_new(false);
	if (t && json && text) {
		fuzz_sink_reset(json);
		fuzz_sink_reset(text);
		wst_endpoint_table_apply(t, &rec);
		wst_format_json(&json->out, &memo, &rec);
		fuzz_sink_check(json);
		wst_format_text(&text->out, &memo, &rec);
		fuzz_sink_check(text);
		wst_format_json_generic(&json->out, &ev);
		fuzz_sink_check(json);
		wst_format_text_generic(&text->out, &ev);
		fuzz_sink_check(text);
		FUZZ_CHECK(json->lines == 2 && text->lines == 2, "%llu JSON and %llu text lines for 2",
		           (unsigned long long)json->lines, (unsigned long long)text->lines);
		wst_endpoint_table_finish(t);
	}
	wst_endpoint_table_free(t);
	return 0;
}
