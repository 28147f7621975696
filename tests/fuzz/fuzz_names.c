/*
 * libFuzzer harness for the lookup and process decoders: the first byte
 * chooses the provider (Winsock-NameResolution, DNS-Client,
 * Kernel-Process), the rest is an event as in fuzz_payload.c. The record
 * is decoded, its Result string parsed, the process and name tables fed
 * (small, kept across inputs so that they fill, evict and reuse PIDs), and
 * it is written as JSON and text.
 *
 * Invariants: string, SID and GUID values lie inside the payload; a SID is
 * 8 bytes and 4 per sub-authority, at most 15; a string value holds no NUL
 * character; results entries are NUL-terminated text of their length and
 * an address entry's address parses back; the tables' names are strings
 * of their bounded length; every line is well formed.
 */
#include <string.h>

#include "fuzz_check.h"
#include "wstrace/decoder.h"
#include "wstrace/format.h"
#include "wstrace/lookup_results.h"
#include "wstrace/name_table.h"
#include "wstrace/process_table.h"
#include "wstrace/schema.h"
#include "wstrace/sockaddr.h"
#include "wstrace/text_memo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const enum wst_provider providers[] = {
	WST_PROVIDER_NAME_RESOLUTION, WST_PROVIDER_DNS_CLIENT, WST_PROVIDER_KERNEL_PROCESS,
};

static void check_value(const struct wst_event *ev, const struct wst_field_desc *f,
                        const struct wst_value *v)
{
	const uint8_t *lo = ev->user_data, *hi = ev->user_data + ev->user_len;

	if (f->type < WST_FT_UTF16 && f->type != WST_FT_BINARY)
		return;
	FUZZ_CHECK(v->len == 0 || (v->bytes >= lo && v->len <= (size_t)(hi - v->bytes)),
	           "field %s outside the payload", f->name);
	if (f->type == WST_FT_SID) {
		FUZZ_CHECK(v->len >= 8 && v->bytes[1] <= 15 && v->len == 8u + 4u * v->bytes[1],
		           "SID of %u bytes", v->len);
	} else if (f->type == WST_FT_GUID) {
		FUZZ_CHECK(v->len == 16, "GUID of %u bytes", v->len);
	} else if (f->type == WST_FT_UTF16) {
		FUZZ_CHECK(v->len % 2 == 0, "UTF-16 string of %u bytes", v->len);
		for (uint32_t i = 0; i + 1 < v->len; i += 2)
			FUZZ_CHECK(v->bytes[i] || v->bytes[i + 1], "NUL character inside %s", f->name);
	} else if (f->type == WST_FT_ANSI) {
		FUZZ_CHECK(!memchr(v->bytes, 0, v->len), "NUL inside %s", f->name);
	}
}

static void check_results(const struct wst_value *v)
{
	struct wst_results r;
	struct wst_result e;
	struct wst_sockaddr a;
	char address[WST_RESULT_TEXT_LEN];

	wst_results_begin(&r, v->bytes, v->len);
	while (wst_results_next(&r, &e)) {
		FUZZ_CHECK(e.len < WST_RESULT_TEXT_LEN && e.len == strlen(e.text) && e.len > 0,
		           "entry of %zu bytes", e.len);
		FUZZ_CHECK(fuzz_utf8_valid(e.text), "entry not UTF-8");
		if (e.kind != WST_RESULT_ADDRESS)
			continue;
		size_t n = strcspn(e.text, "%");
		memcpy(address, e.text, n);
		address[n] = '\0';
		FUZZ_CHECK(wst_addr_parse_text(address, &a) && a.family == e.addr.family &&
		           memcmp(a.addr, e.addr.addr, 16) == 0, "address entry '%s'", e.text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wst_text_memo memo;
	static struct wst_process_table *processes;
	static struct wst_name_table *names;
	static struct fuzz_sink *json, *text;
	struct wst_event ev;
	struct wst_record rec;

	if (size < 1 || !fuzz_event_from_bytes(data + 1, size - 1, &ev))
		return 0;
	enum wst_provider provider = providers[data[0] % 3];
	ev.provider = wst_provider_desc(provider)->guid;
	if (!processes)
		processes = wst_process_table_new(4);
	if (!names)
		names = wst_name_table_new(4);
	if (!json)
		json = fuzz_sink_new(true);
	if (!text)
		text = fuzz_sink_new(false);
	if (!processes || !names || !json || !text)
		return 0;

	wst_decode(&ev, &rec);
	FUZZ_CHECK(rec.provider == provider && !rec.is_afd, "provider %u", rec.provider);
	if (!rec.desc)
		return 0;
	unsigned present = 0;
	while (present < rec.desc->field_count && rec.values[present].present)
		present++;
	if (present < rec.desc->field_count)
		FUZZ_CHECK(rec.truncated, "%u of %u fields, not truncated", present,
		           (unsigned)rec.desc->field_count);
	for (unsigned i = 0; i < present; i++)
		check_value(&ev, &rec.desc->fields[i], &rec.values[i]);
	if (rec.results_field != WST_NO_FIELD)
		check_results(&rec.values[rec.results_field]);

	wst_process_table_apply(processes, &rec);
	wst_name_table_apply(names, &rec);
	if (rec.image)
		FUZZ_CHECK(strlen(rec.image) < WST_PROCESS_IMAGE_LEN && fuzz_utf8_valid(rec.image),
		           "image name");
	struct wst_sockaddr any = { .family = WST_FAMILY_IPV4 };
	const char *name = wst_name_table_find(names, rec.pid, &any, NULL);
	if (name)
		FUZZ_CHECK(strlen(name) < WST_HOST_NAME_LEN && fuzz_utf8_valid(name), "host name");

	fuzz_sink_reset(json);
	fuzz_sink_reset(text);
	wst_format_json(&json->out, &memo, &rec);
	fuzz_sink_check(json);
	wst_format_text(&text->out, &memo, &rec);
	fuzz_sink_check(text);
	FUZZ_CHECK(json->lines == 1 && text->lines == 1, "%llu JSON and %llu text lines for 1",
	           (unsigned long long)json->lines, (unsigned long long)text->lines);
	return 0;
}
