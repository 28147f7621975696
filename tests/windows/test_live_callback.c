/* (b) The event callback end to end: EVENT_RECORDs made from the events of
 * a capture go through the real EventRecordCallback, and the lines it
 * writes are, byte for byte, the reviewed output of `wstrace parse` for
 * the same capture (tests/golden), with the built-in table and with the
 * TDH decoder (fed TRACE_EVENT_INFO buffers as Windows would give them). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consumer.h"
#include "image_names.h"
#include "read_file.h"
#include "record_builder.h"
#include "tdh_decoder.h"
#include "tei_builder.h"

#define OUT_PATH WST_WIN_FIXTURES "/callback-out.txt"

static struct wst_out out;
static unsigned tdh_calls;
static const EVENT_RECORD *tdh_last_record;   /* what TDH was last asked about */
static size_t tdh_min_size;   /* report at least this size: exercises the regrow */
static bool tdh_absent;       /* answer ERROR_NOT_FOUND, as without a manifest */

/* TdhGetEventInformation as Windows would answer for the manifests of the
 * decoded providers (AFD, the name and process providers). */
static ULONG WINAPI fake_info(PEVENT_RECORD r, ULONG n, PTDH_CONTEXT ctx, PTRACE_EVENT_INFO buffer,
                              ULONG *size)
{
	static _Alignas(8) BYTE tmp[16384];
	const struct wst_event_desc *d;
	size_t need;

	(void)n, (void)ctx;
	tdh_calls++;
	tdh_last_record = r;
	struct wst_guid provider = { (uint32_t)r->EventHeader.ProviderId.Data1,
	                             r->EventHeader.ProviderId.Data2, r->EventHeader.ProviderId.Data3, { 0 } };
	memcpy(provider.data4, r->EventHeader.ProviderId.Data4, sizeof provider.data4);
	d = wst_schema_lookup_in(wst_provider_of(&provider), r->EventHeader.EventDescriptor.Id,
	                         r->EventHeader.EventDescriptor.Version);
	if (!d || tdh_absent)
		return ERROR_NOT_FOUND;
	need = tei_from_desc(d, tmp, sizeof tmp);
	if (need < tdh_min_size)
		need = tdh_min_size;
	if (!buffer || *size < need) {
		*size = (ULONG)need;
		return ERROR_INSUFFICIENT_BUFFER;
	}
	memcpy(buffer, tmp, need);
	*size = (ULONG)need;
	return ERROR_SUCCESS;
}

struct run {
	const char *capture;
	enum wst_format format;
	bool tdh;
	const struct wst_image_source *images;
	uint64_t limit;
	FILE *fp;                     /* NULL: OUT_PATH */
};

/* Feeds every event of the capture through the callback; returns the
 * consumer's stop reason. The lines are in OUT_PATH. */
static enum wst_stop_reason feed(const struct run *run)
{
	static struct wst_consumer c;
	struct loaded_capture cap;
	struct wst_pipeline_options opt;
	struct wst_tdh_decoder *tdh = NULL;
	struct wst_image_cache *images = NULL;
	FILE *f = run->fp ? run->fp : fopen(OUT_PATH, "wb");
	EVENT_RECORD r;

	assert_non_null(f);
	assert_int_equal(load_capture(run->capture, &cap), 0);
	assert_true(cap.count > 0);
	memset(&opt, 0, sizeof opt);
	wst_filter_init(&opt.filter);
	opt.format = run->format;
	if (run->tdh)
		assert_non_null(tdh = wst_tdh_decoder_new(fake_info));
	if (run->images)
		assert_non_null(images = wst_image_cache_new(run->images));
	wst_out_init(&out, f, run->fp != NULL);
	assert_int_equal(wst_consumer_init(&c, &opt, &out, tdh, images, NULL), 0);
	c.limit = run->limit;
	for (size_t i = 0; i < cap.count; i++) {
		struct wst_event back;
		record_from_event(&cap.events[i], &r, &c);
		/* The record carries everything the .etl reader gave. */
		wst_event_from_record(&r, &back);
		back.file_offset = cap.events[i].file_offset;
		assert_memory_equal(&back.provider, &cap.events[i].provider, sizeof back.provider);
		assert_int_equal(back.timestamp, cap.events[i].timestamp);
		assert_int_equal(back.pointer_size, cap.events[i].pointer_size);
		assert_int_equal(back.cpu, cap.events[i].cpu);
		assert_int_equal(back.keyword, cap.events[i].keyword);
		wst_consumer_on_event(&r);
	}
	wst_pipeline_finish(&c.pipeline);
	wst_out_flush(&out);
	enum wst_stop_reason reason = (enum wst_stop_reason)c.reason;
	wst_consumer_free(&c);
	wst_tdh_decoder_free(tdh);
	wst_image_cache_free(images);
	free_capture(&cap);
	if (!run->fp)
		fclose(f);
	return reason;
}

static void expect_golden(const struct run *run, const char *golden)
{
	size_t got_len, want_len;

	assert_int_equal(feed(run), WST_STOP_NONE);
	char *got = read_file(OUT_PATH, &got_len);
	char *want = read_file(golden, &want_len);
	if (got_len != want_len || memcmp(got, want, got_len) != 0) {
		size_t at = 0;
		while (at < got_len && at < want_len && got[at] == want[at])
			at++;
		fail_msg("%s differs from %s at byte %zu: got '%.80s', want '%.80s'", OUT_PATH,
		         golden, at, got + at, want + at);
	}
	free(got);
	free(want);
}

#define DEMO WST_FIXTURE_DIR "/demo.etl"
#define LEGACY WST_WIN_FIXTURES "/all-legacy-events.etl"
#define LEGACY32 WST_WIN_FIXTURES "/all-legacy-events-32.etl"

static void demo_json_builtin(void **state)
{
	(void)state;
	struct run run = { DEMO, WST_FORMAT_JSON, false, NULL, 0, NULL };
	expect_golden(&run, WST_GOLDEN_DIR "/demo.jsonl");
}

static void demo_json_tdh(void **state)
{
	(void)state;
	struct run run = { DEMO, WST_FORMAT_JSON, true, NULL, 0, NULL };
	struct loaded_capture cap;
	uint32_t seen[256];
	size_t types = 0;

	assert_int_equal(load_capture(DEMO, &cap), 0);
	for (size_t i = 0; i < cap.count; i++) {
		/* AFD's events go through TDH, and the name and process
		 * providers' that the built-in table knows (docs/windows.md). */
		const struct wst_event *e = &cap.events[i];
		enum wst_provider provider = wst_provider_of(&e->provider);
		if (provider == WST_PROVIDER_OTHER ||
		    (provider != WST_PROVIDER_AFD && !wst_schema_lookup_in(provider, e->id, e->version)))
			continue;
		uint32_t key = (uint32_t)provider << 24 | (uint32_t)e->id << 8 | e->version;
		size_t k = 0;
		while (k < types && seen[k] != key)
			k++;
		if (k == types && types < 256)
			seen[types++] = key;
	}
	free_capture(&cap);
	tdh_calls = 0;
	tdh_min_size = 6000;   /* more than the decoder's first buffer */
	expect_golden(&run, WST_GOLDEN_DIR "/demo.jsonl");
	tdh_min_size = 0;
	/* One call per event type, and one more when the buffer had to grow:
	 * nothing per event once a type is known. */
	assert_int_equal(tdh_calls, types + 1);
}

static void demo_text_tdh(void **state)
{
	(void)state;
	struct run run = { DEMO, WST_FORMAT_TEXT, true, NULL, 0, NULL };
	expect_golden(&run, WST_GOLDEN_DIR "/demo.txt");
}

static void legacy_json_tdh(void **state)
{
	(void)state;
	struct run run = { LEGACY, WST_FORMAT_JSON, true, NULL, 0, NULL };
	expect_golden(&run, WST_GOLDEN_DIR "/all-legacy-events.jsonl");
}

/* Events of a 32-bit kernel: 4-byte pointers from the header flag. */
static void legacy32_json_tdh(void **state)
{
	(void)state;
	struct run run = { LEGACY32, WST_FORMAT_JSON, true, NULL, 0, NULL };
	expect_golden(&run, WST_GOLDEN_DIR "/all-legacy-events-32.jsonl");
}

static void legacy_text_builtin(void **state)
{
	(void)state;
	struct run run = { LEGACY, WST_FORMAT_TEXT, false, NULL, 0, NULL };
	expect_golden(&run, WST_GOLDEN_DIR "/all-legacy-events.txt");
}

/* Without a schema from Windows the built-in table decodes the same. */
static void tdh_without_schema(void **state)
{
	(void)state;
	struct run run = { DEMO, WST_FORMAT_JSON, true, NULL, 0, NULL };
	tdh_absent = true;
	expect_golden(&run, WST_GOLDEN_DIR "/demo.jsonl");
	tdh_absent = false;
}

static bool fake_query(void *ctx, uint32_t pid, uint64_t *created, char *name, size_t len)
{
	(void)ctx;
	*created = 1;
	if (name)
		snprintf(name, len, "app-%u.exe", (unsigned)pid);
	return true;
}

static uint64_t fake_now(void *ctx)
{
	(void)ctx;
	return 0;
}

static const struct wst_image_source fake_images = { fake_query, fake_now, NULL };

/* Image names: right after "pid" in JSON, in the PID column in text;
 * the session's own Kernel-Process events (the demo's rundown) name a PID
 * before the OpenProcess lookup, which names the PIDs they do not. */
static void image_names_in_lines(void **state)
{
	(void)state;
	struct run run = { LEGACY, WST_FORMAT_JSON, true, &fake_images, 0, NULL };
	size_t len;

	assert_int_equal(feed(&run), WST_STOP_NONE);
	char *json = read_file(OUT_PATH, &len);
	assert_non_null(strstr(json, "\"pid\":5120,\"image\":\"app-5120.exe\",\"tid\":"));
	free(json);
	run.format = WST_FORMAT_TEXT;
	assert_int_equal(feed(&run), WST_STOP_NONE);
	char *text = read_file(OUT_PATH, &len);
	assert_non_null(strstr(text, " app-5120.exe[5120]       create "));
	free(text);
	run.capture = DEMO;
	assert_int_equal(feed(&run), WST_STOP_NONE);
	text = read_file(OUT_PATH, &len);
	assert_non_null(strstr(text, " httpd.exe[3344]          create "));
	assert_null(strstr(text, "app-3344.exe"));
	free(text);
}

/* --count: the callback asks for the end and prints nothing more. */
static void count_limit(void **state)
{
	(void)state;
	struct run run = { DEMO, WST_FORMAT_JSON, false, NULL, 3, NULL };
	size_t len, lines = 0;

	assert_int_equal(feed(&run), WST_STOP_COUNT);
	char *text = read_file(OUT_PATH, &len);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	assert_int_equal(lines, 3);
	free(text);
}

/* A failing output (here a stream open for reading only) ends the capture. */
static void output_failure(void **state)
{
	(void)state;
	FILE *ro = fopen(WST_FIXTURE_DIR "/demo.etl", "rb");
	struct run run = { DEMO, WST_FORMAT_JSON, false, NULL, 0, ro };

	assert_non_null(ro);
	assert_int_equal(feed(&run), WST_STOP_OUTPUT);
	assert_int_not_equal(out.error, 0);
	fclose(ro);
}

/* RT_LostEvent notices are counted, not printed. */
static void lost_notices_counted(void **state)
{
	(void)state;
	static struct wst_consumer c;
	struct wst_pipeline_options opt;
	FILE *f = fopen(OUT_PATH, "wb");
	EVENT_RECORD r;

	memset(&opt, 0, sizeof opt);
	wst_filter_init(&opt.filter);
	wst_out_init(&out, f, false);
	assert_int_equal(wst_consumer_init(&c, &opt, &out, NULL, NULL, NULL), 0);
	lost_notice(&r, WST_RT_LOST_EVENT_OPCODE, &c);
	wst_consumer_on_event(&r);
	wst_consumer_on_event(&r);
	lost_notice(&r, WST_RT_LOST_BUFFER_OPCODE, &c);
	wst_consumer_on_event(&r);
	wst_out_flush(&out);
	assert_int_equal(c.lost_event_notices, 2);
	assert_int_equal(c.lost_buffer_notices, 1);
	assert_int_equal(c.pipeline.counts.events, 0);
	assert_int_equal(ftell(f), 0);
	wst_consumer_free(&c);
	fclose(f);
}

/* An event type is its id and version: bind's enter (opcode 10) and exit
 * (opcode 12) share one schema and one TDH call. */
static void opcode_is_no_part_of_the_key(void **state)
{
	(void)state;
	struct wst_tdh_decoder *tdh = wst_tdh_decoder_new(fake_info);
	struct wst_event ev = { 0 };
	EVENT_RECORD r;

	assert_non_null(tdh);
	ev.provider = wst_afd_provider_guid;
	ev.id = 1030;
	ev.pointer_size = 8;
	tdh_calls = 0;
	const struct wst_event_desc *first = NULL;
	for (UCHAR opcode = 10; opcode <= 12; opcode += 2) {
		ev.opcode = opcode;
		record_from_event(&ev, &r, NULL);
		ev.origin = &r;
		const struct wst_event_desc *d = wst_tdh_resolve(tdh, &ev);
		assert_non_null(d);
		assert_string_equal(d->name, "bind");
		if (!first)
			first = d;
		assert_ptr_equal(d, first);
	}
	assert_int_equal(tdh_calls, 1);
	wst_tdh_decoder_free(tdh);
}

/* TDH is asked about the record the event came with, and only during
 * that call: the decoder keeps no EVENT_RECORD of an earlier callback. */
static void record_passed_with_the_call(void **state)
{
	(void)state;
	struct wst_tdh_decoder *tdh = wst_tdh_decoder_new(fake_info);
	struct wst_event ev = { 0 };
	EVENT_RECORD first, second;

	assert_non_null(tdh);
	ev.provider = wst_afd_provider_guid;
	ev.pointer_size = 8;
	ev.id = 1000;
	record_from_event(&ev, &first, NULL);
	ev.origin = &first;
	tdh_calls = 0;
	assert_non_null(wst_tdh_resolve(tdh, &ev));
	assert_ptr_equal(tdh_last_record, &first);
	ev.id = 1001;
	record_from_event(&ev, &second, NULL);
	ev.origin = &second;
	assert_non_null(wst_tdh_resolve(tdh, &ev));
	assert_ptr_equal(tdh_last_record, &second);
	assert_int_equal(tdh_calls, 2);
	/* No record (an event not from ETW): the built-in row, no TDH call. */
	ev.id = 1003;
	ev.origin = NULL;
	assert_ptr_equal(wst_tdh_resolve(tdh, &ev), wst_schema_lookup(1003, 0));
	assert_int_equal(tdh_calls, 2);
	wst_tdh_decoder_free(tdh);
}

/* Item 8: the CPU is GetEventProcessorIndex's: ProcessorIndex only with
 * EVENT_HEADER_FLAG_PROCESSOR_INDEX, else ProcessorNumber (the byte
 * beside it is padding). */
static void cpu_from_the_processor_index_rule(void **state)
{
	(void)state;
	struct wst_event ev = { 0 }, back;
	EVENT_RECORD r;

	ev.provider = wst_afd_provider_guid;
	ev.id = 1000;
	ev.pointer_size = 8;
	record_from_event(&ev, &r, NULL);
	r.EventHeader.Flags &= (USHORT)~EVENT_HEADER_FLAG_PROCESSOR_INDEX;
	r.BufferContext.ProcessorNumber = 3;
	r.BufferContext.Alignment = 0x55;
	wst_event_from_record(&r, &back);
	assert_int_equal(back.cpu, 3);
	r.EventHeader.Flags |= EVENT_HEADER_FLAG_PROCESSOR_INDEX;
	r.BufferContext.ProcessorIndex = 300;
	wst_event_from_record(&r, &back);
	assert_int_equal(back.cpu, 300);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_json_builtin),
		cmocka_unit_test(demo_json_tdh),
		cmocka_unit_test(demo_text_tdh),
		cmocka_unit_test(legacy_json_tdh),
		cmocka_unit_test(legacy32_json_tdh),
		cmocka_unit_test(legacy_text_builtin),
		cmocka_unit_test(tdh_without_schema),
		cmocka_unit_test(image_names_in_lines),
		cmocka_unit_test(count_limit),
		cmocka_unit_test(output_failure),
		cmocka_unit_test(lost_notices_counted),
		cmocka_unit_test(opcode_is_no_part_of_the_key),
		cmocka_unit_test(record_passed_with_the_call),
		cmocka_unit_test(cpu_from_the_processor_index_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
