/*
 * libFuzzer harness for the .etl reader: the input is a whole capture,
 * opened from memory. Every EVENT_HEADER record goes through the real
 * pipeline twice (JSON and text, all providers, a tiny endpoint table so
 * that eviction runs too) and every line written is checked.
 *
 * Invariants besides the sanitizers: problems are one-line messages at
 * offsets inside the file; records start inside the file; a file held in
 * memory never gives an I/O error; the counters add up; and when every
 * processor's records are in time order, so is the merged stream.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "wstrace/etl_reader.h"
#include "wstrace/pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct problems {
	size_t file_size;
	uint64_t count;
};

static void on_problem(void *ctx, uint64_t offset, const char *message)
{
	struct problems *p = ctx;

	fuzz_check_message("problem", message);
	FUZZ_CHECK(offset <= p->file_size, "problem offset 0x%llx past the file's 0x%zx bytes: %s",
	           (unsigned long long)offset, p->file_size, message);
	p->count++;
}

/* (cpu, time) of every timed record in the order handed out. */
struct timeline {
	uint16_t *cpu;
	uint64_t *ts;
	size_t n, cap;
};

static bool timeline_add(struct timeline *t, uint16_t cpu, uint64_t ts)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		uint16_t *c = realloc(t->cpu, cap * sizeof *c);
		if (c)
			t->cpu = c;
		uint64_t *s = realloc(t->ts, cap * sizeof *s);
		if (s)
			t->ts = s;
		if (!c || !s)
			return false;
		t->cap = cap;
	}
	t->cpu[t->n] = cpu;
	t->ts[t->n] = ts;
	t->n++;
	return true;
}

/* If each processor's times never go back, the merge must not either. */
static void check_merge(const struct timeline *t)
{
	static uint64_t last[65536];
	static bool seen[65536];

	memset(seen, 0, sizeof seen);
	for (size_t i = 0; i < t->n; i++) {
		if (seen[t->cpu[i]] && t->ts[i] < last[t->cpu[i]])
			return;  /* the input itself is out of order */
		seen[t->cpu[i]] = true;
		last[t->cpu[i]] = t->ts[i];
	}
	for (size_t i = 1; i < t->n; i++)
		FUZZ_CHECK(t->ts[i - 1] <= t->ts[i], "merged stream goes back in time at record %zu", i);
}

static void check_header(const struct wst_etl_header *h, size_t size)
{
	FUZZ_CHECK(memchr(h->logger_name, 0, sizeof h->logger_name) != NULL, "logger name unterminated");
	FUZZ_CHECK(memchr(h->log_file_name, 0, sizeof h->log_file_name) != NULL, "file name unterminated");
	FUZZ_CHECK(fuzz_utf8_valid(h->logger_name), "logger name is not UTF-8");
	FUZZ_CHECK(fuzz_utf8_valid(h->log_file_name), "log file name is not UTF-8");
	FUZZ_CHECK(h->file_size == size, "file size %llu, not %zu", (unsigned long long)h->file_size,
	           size);
}

/* Both formats with socket summaries, so that every writer runs. */
static int init_pipeline(struct wst_pipeline *p, struct fuzz_sink *s, enum wst_format format)
{
	struct wst_pipeline_options opt;

	memset(&opt, 0, sizeof opt);
	opt.format = format;
	opt.all_providers = true;
	opt.summary = true;
	wst_filter_init(&opt.filter);
	opt.endpoint_capacity = 4;
	fuzz_sink_reset(s);
	return wst_pipeline_init(p, &opt, &s->out);
}

static void read_all(struct wst_etl_reader *r, size_t size, struct wst_pipeline *json,
                     struct fuzz_sink *json_out, struct wst_pipeline *text,
                     struct fuzz_sink *text_out)
{
	struct wst_etl_record rec;
	struct timeline t = { NULL, NULL, 0, 0 };
	bool keep_timeline = true;
	uint64_t handed = 0;
	int rc;

	while ((rc = wst_etl_next(r, &rec)) == 1) {
		handed++;
		FUZZ_CHECK(rec.file_offset < size, "record at 0x%llx outside the file of 0x%zx bytes",
		           (unsigned long long)rec.file_offset, size);
		FUZZ_CHECK((unsigned)rec.kind < WST_ETL_KIND_COUNT, "record kind %d", (int)rec.kind);
		FUZZ_CHECK(rec.event.user_len <= 0xFFFF, "payload of %zu bytes", rec.event.user_len);
		FUZZ_CHECK(rec.event.timestamp == rec.timestamp, "two timestamps");
		FUZZ_CHECK(rec.event.cpu == rec.cpu, "two processors");
		if (rec.timestamp && keep_timeline)
			keep_timeline = timeline_add(&t, rec.cpu, rec.timestamp);
		if (rec.kind != WST_ETL_EVENT_HEADER)
			continue;
		FUZZ_CHECK(rec.event.pointer_size == 4 || rec.event.pointer_size == 8, "pointer size %u",
		           (unsigned)rec.event.pointer_size);
		wst_pipeline_event(json, &rec.event);
		fuzz_sink_check(json_out);
		wst_pipeline_event(text, &rec.event);
		fuzz_sink_check(text_out);
	}
	FUZZ_CHECK(rc == 0, "I/O error reading a file held in memory");
	wst_pipeline_finish(json);
	fuzz_sink_check(json_out);
	wst_pipeline_finish(text);
	fuzz_sink_check(text_out);
	FUZZ_CHECK(wst_etl_next(r, &rec) == 0, "records after the end");
	if (keep_timeline)
		check_merge(&t);
	free(t.cpu);
	free(t.ts);

	const struct wst_etl_stats *st = wst_etl_stats(r);
	uint64_t by_kind = 0;
	for (int k = 0; k < WST_ETL_KIND_COUNT; k++)
		by_kind += st->records_by_kind[k];
	FUZZ_CHECK(st->records == handed && by_kind == handed, "counted %llu records, handed out %llu",
	           (unsigned long long)st->records, (unsigned long long)handed);
	FUZZ_CHECK(st->buffers_skipped <= st->buffers, "more buffers skipped than read");
	FUZZ_CHECK(json_out->lines == text_out->lines, "%llu JSON lines but %llu text lines",
	           (unsigned long long)json_out->lines, (unsigned long long)text_out->lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct problems probs = { size, 0 };
	struct wst_etl_problem_sink sink = { on_problem, &probs };
	char err[256];
	uint64_t err_offset;

	/* fmemopen wants a non-NULL buffer even for no bytes. */
	static uint8_t none[1];
	FILE *f = fmemopen(size ? (void *)data : none, size, "rb");
	if (!f)
		return 0;
	struct wst_etl_reader *r = wst_etl_open_stream(f, &sink, err, sizeof err, &err_offset);
	if (!r) {
		fuzz_check_message("open error", err);
		FUZZ_CHECK(err_offset <= size, "open error at 0x%llx past the file: %s",
		           (unsigned long long)err_offset, err);
		return 0;
	}
	check_header(wst_etl_header(r), size);

	static struct fuzz_sink *json_out, *text_out;
	if (!json_out)
		json_out = fuzz_sink_new(true);
	if (!text_out)
		text_out = fuzz_sink_new(false);
	struct wst_pipeline json, text;
	bool have_json = json_out && init_pipeline(&json, json_out, WST_FORMAT_JSON) == 0;
	bool have_text = text_out && init_pipeline(&text, text_out, WST_FORMAT_TEXT) == 0;
	if (have_json && have_text)
		read_all(r, size, &json, json_out, &text, text_out);
	FUZZ_CHECK(probs.count == wst_etl_stats(r)->problems, "problems counted twice or not at all");
	if (have_json)
		wst_pipeline_free(&json);
	if (have_text)
		wst_pipeline_free(&text);
	wst_etl_close(r);
	return 0;
}
