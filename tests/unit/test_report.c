/* The report engine: its keyed tables, and the names interface, plugged
 * into a run over the demo capture and seen in all four outputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/keyed_table.h"
#include "report/lookup_pairs.h"
#include "wstrace/etl_reader.h"
#include "wstrace/pipeline.h"
#include "wstrace/report.h"

struct entry {
	uint32_t key;
	uint32_t value;
};

static int by_key_descending(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->key < y->key ? 1 : x->key > y->key ? -1 : 0;
}

static void keyed_table_finds_grows_and_stops(void **state)
{
	(void)state;
	struct wst_keyed_table t;

	wst_keyed_init(&t, sizeof(struct entry), sizeof(uint32_t), 1000);
	for (uint32_t i = 0; i < 1000; i++) {
		struct entry e = { i * 7919u, 0 };
		struct entry *got = wst_keyed_get(&t, &e);
		assert_non_null(got);
		got->value = i;
	}
	assert_int_equal(t.count, 1000);
	/* Every key is found again, with its value, past several growths. */
	for (uint32_t i = 0; i < 1000; i++) {
		struct entry e = { i * 7919u, 12345 };
		struct entry *got = wst_keyed_get(&t, &e);
		assert_non_null(got);
		assert_int_equal(got->value, i);
	}
	assert_int_equal(t.count, 1000);
	/* At the ceiling a new key is refused and counted; old ones still found. */
	struct entry extra = { 1, 0 };
	assert_null(wst_keyed_get(&t, &extra));
	assert_int_equal(t.dropped, 1);
	struct entry old = { 7919u, 0 };
	assert_non_null(wst_keyed_get(&t, &old));
	wst_keyed_sort(&t, by_key_descending);
	assert_int_equal(((struct entry *)wst_keyed_at(&t, 0))->key, 999u * 7919u);
	assert_int_equal(((struct entry *)wst_keyed_at(&t, 999))->key, 0);
	wst_keyed_free(&t);
}

static struct wst_lookup_key lookup(uint32_t tid, uint16_t query_type, const char *name)
{
	struct wst_lookup_key k;

	memset(&k, 0, sizeof k);
	k.pid = 6120;
	k.tid = tid;
	k.kind = 1;
	k.query_type = query_type;
	strcpy(k.name, name);
	return k;
}

/* A request waits for the answer with its whole key; past the ceiling the
 * one waiting longest is forgotten and counted. */
static void lookup_pairs_pair_and_evict(void **state)
{
	(void)state;
	struct wst_lookup_pairs p;
	uint64_t started = 0;

	assert_true(wst_lookup_pairs_init(&p, 2));
	struct wst_lookup_key a = lookup(1, 1, "a.example"), aaaa = lookup(1, 28, "a.example");
	struct wst_lookup_key b = lookup(2, 0, "b.example"), other_thread = lookup(3, 1, "a.example");
	wst_lookup_pairs_request(&p, &a, 100);
	wst_lookup_pairs_request(&p, &aaaa, 200);
	assert_false(wst_lookup_pairs_answer(&p, &other_thread, &started));
	assert_true(wst_lookup_pairs_answer(&p, &aaaa, &started));
	assert_int_equal(started, 200);
	assert_false(wst_lookup_pairs_answer(&p, &aaaa, &started));  /* answered once */
	wst_lookup_pairs_request(&p, &aaaa, 300);
	wst_lookup_pairs_request(&p, &b, 400);  /* full: a, the oldest, goes */
	assert_int_equal(p.evicted, 1);
	assert_false(wst_lookup_pairs_answer(&p, &a, &started));
	assert_true(wst_lookup_pairs_answer(&p, &b, &started));
	assert_int_equal(started, 400);
	assert_true(wst_lookup_pairs_answer(&p, &aaaa, &started));
	assert_int_equal(started, 300);
	wst_lookup_pairs_free(&p);
}

/* Names with every character the outputs must escape. */
static const char *image_of(void *ctx, uint32_t pid)
{
	(void)ctx;
	return pid == 2208 ? "upd,\"ate\"<r>.exe" : NULL;
}

static const char *name_of(void *ctx, uint32_t pid, const struct wst_sockaddr *a)
{
	(void)ctx;
	(void)pid;
	static const uint8_t ten_0_0_5[4] = { 10, 0, 0, 5 };
	return a->family == WST_FAMILY_IPV4 && memcmp(a->addr, ten_0_0_5, 4) == 0 ? "api.example" : NULL;
}

/* The demo capture through the pipeline into a report, written in format. */
static char *report_demo(enum wst_report_format format)
{
	static struct wst_out out;
	struct wst_report_options ropt = { .names = { image_of, name_of, NULL } };
	struct wst_report *r = wst_report_new(&ropt);
	struct wst_pipeline_observer observer;
	struct wst_pipeline_options popt;
	struct wst_pipeline p;
	char err[256];
	uint64_t err_offset;
	FILE *fp = tmpfile();

	assert_non_null(r);
	assert_non_null(fp);
	memset(&popt, 0, sizeof popt);
	wst_filter_init(&popt.filter);
	wst_report_observe(r, &observer);
	popt.observer = &observer;
	popt.quiet = true;
	wst_out_init(&out, fp, false);
	struct wst_etl_reader *reader =
		wst_etl_open(WST_SOURCE_DIR "/tests/fixtures/demo.etl", NULL, err, sizeof err, &err_offset);
	assert_non_null(reader);
	assert_int_equal(wst_pipeline_init(&p, &popt, &out), 0);
	struct wst_etl_record rec;
	while (wst_etl_next(reader, &rec) == 1)
		if (rec.kind == WST_ETL_EVENT_HEADER)
			wst_pipeline_event(&p, &rec.event);
	wst_pipeline_finish(&p);
	struct wst_report_input in = { "demo.etl", p.counts.events, p.counts.afd, 0, 0, 0, 0 };
	assert_int_equal(wst_report_print(r, &in, &out, format), 0);
	wst_pipeline_free(&p);
	wst_etl_close(reader);
	wst_report_free(r);

	long size = ftell(fp);
	char *text = calloc(1, (size_t)size + 1);
	assert_non_null(text);
	rewind(fp);
	assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	return text;
}

static void names_reach_json(void **state)
{
	(void)state;
	char *text = report_demo(WST_REPORT_JSON);
	char *nl = strchr(text, '\n');

	assert_non_null(nl);
	*nl = '\0';  /* the first line: the refused connects */
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "finding")->valuestring, "connect_refused");
	assert_string_equal(cJSON_GetObjectItem(j, "image")->valuestring, "upd,\"ate\"<r>.exe");
	assert_string_equal(cJSON_GetObjectItem(j, "remote")->valuestring, "10.0.0.5:8080");
	assert_string_equal(cJSON_GetObjectItem(j, "remote_name")->valuestring, "api.example");
	assert_string_equal(cJSON_GetObjectItem(j, "summary")->valuestring,
	                    "upd,\"ate\"<r>.exe (pid 2208): 2 connects to 10.0.0.5:8080 (api.example) refused");
	assert_int_equal(cJSON_GetObjectItem(j, "count")->valueint, 2);
	assert_null(cJSON_GetObjectItem(j, "local"));
	cJSON_Delete(j);
	free(text);
}

static void names_reach_csv_quoted(void **state)
{
	(void)state;
	char *text = report_demo(WST_REPORT_CSV);
	const char *row = strstr(text, "\r\nconnect_refused,error,");

	assert_non_null(row);
	assert_non_null(strstr(row, ",2208,\"upd,\"\"ate\"\"<r>.exe\",10.0.0.5:8080,api.example,,,,2,"));
	assert_non_null(strstr(row, "\"upd,\"\"ate\"\"<r>.exe (pid 2208): 2 connects to 10.0.0.5:8080 (api.example) refused\""));
	free(text);
}

static void names_reach_html_escaped(void **state)
{
	(void)state;
	char *text = report_demo(WST_REPORT_HTML);

	assert_non_null(strstr(text, "<p>upd,&quot;ate&quot;&lt;r&gt;.exe (pid 2208): 2 connects to 10.0.0.5:8080 (api.example) refused</p>"));
	assert_non_null(strstr(text, "<td>upd,&quot;ate&quot;&lt;r&gt;.exe</td>"));
	assert_null(strstr(text, "<r>"));
	free(text);
}

static void names_reach_text_table(void **state)
{
	(void)state;
	char *text = report_demo(WST_REPORT_TEXT);

	assert_non_null(strstr(text, "\n2208    upd,\"ate\"<r>.exe           2       0"));
	assert_non_null(strstr(text, "10.0.0.5:8080 api.example (2)\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyed_table_finds_grows_and_stops),
		cmocka_unit_test(lookup_pairs_pair_and_evict),
		cmocka_unit_test(names_reach_json),
		cmocka_unit_test(names_reach_csv_quoted),
		cmocka_unit_test(names_reach_html_escaped),
		cmocka_unit_test(names_reach_text_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
