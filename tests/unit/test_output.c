/* Output: time text, and every JSON line of the demo capture parsed back
 * with cJSON and checked against schema v1. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "wstrace/decoder.h"
#include "wstrace/etl_reader.h"
#include "wstrace/pipeline.h"
#include "wstrace/sockaddr.h"
#include "wstrace/text_memo.h"
#include "wstrace/timefmt.h"

static void time_text(void **state)
{
	(void)state;
	char iso[WST_TIME_TEXT_LEN], clock[WST_CLOCK_TEXT_LEN];
	uint64_t ft;

	wst_time_iso(116444736000000000ull, iso);      /* the Unix epoch */
	assert_string_equal(iso, "1970-01-01T00:00:00.0000000Z");
	wst_time_iso(0, iso);
	assert_string_equal(iso, "1601-01-01T00:00:00.0000000Z");
	assert_int_equal(wst_time_parse_iso("2024-02-29T23:59:59.9999999Z", &ft), 0);
	wst_time_iso(ft, iso);
	assert_string_equal(iso, "2024-02-29T23:59:59.9999999Z");
	assert_int_equal(wst_time_parse_iso("2026-11-20T09:15:00.0245Z", &ft), 0);
	assert_int_equal(ft, 134396397000245000ull);
	wst_time_clock(ft, clock);
	assert_string_equal(clock, "09:15:00.024500");
	assert_int_equal(wst_time_parse_iso("2026-13-01T00:00:00Z", &ft), -1);
	assert_int_equal(wst_time_parse_iso("2026-11-20T09:15:00", &ft), -1);
}

/* Defect 7: past year 9999 no digit is a date's (it printed the year
 * modulo 10000: 10000-01-01 as 0000-01-01, UINT64_MAX as 0056-...). */
#define NO_DATE "????" "-??" "-??T??:??:??.???????Z"  /* split: no trigraph */

static void time_text_past_9999(void **state)
{
	(void)state;
	char iso[WST_TIME_TEXT_LEN], clock[WST_CLOCK_TEXT_LEN], got[WST_MEMO_ISO_LEN];
	struct wst_text_memo memo;
	uint64_t ft;

	assert_int_equal(wst_time_parse_iso("9999-12-31T23:59:59.9999999Z", &ft), 0);
	assert_int_equal(ft, WST_FILETIME_MAX);
	assert_int_equal(wst_time_iso(WST_FILETIME_MAX, iso), 28);
	assert_string_equal(iso, "9999-12-31T23:59:59.9999999Z");
	assert_int_equal(wst_time_iso(WST_FILETIME_MAX + 1, iso), 28);
	assert_string_equal(iso, NO_DATE);
	assert_int_equal(wst_time_iso(UINT64_MAX, iso), 28);
	assert_string_equal(iso, NO_DATE);
	assert_int_equal(wst_time_clock(UINT64_MAX, clock), 15);
	assert_string_equal(clock, "??:??:??.??????");
	wst_text_memo_init(&memo);
	wst_memo_time_iso(&memo, UINT64_MAX, got);
	assert_memory_equal(got, NO_DATE, WST_MEMO_ISO_LEN);
	wst_memo_time_clock(&memo, WST_FILETIME_MAX + 1, got);
	assert_memory_equal(got, "??:??:??.??????", WST_MEMO_CLOCK_LEN);
}

/* A small fixed generator: the same "random" inputs on every run. */
static uint64_t next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return *state >> 11;
}

/* The memo gives exactly the plain formatters' text, on hits, misses and
 * slots taken over by another address. */
static void memo_matches_plain_formatters(void **state)
{
	(void)state;
	static struct wst_text_memo memo;
	char want[WST_ADDR_TEXT_LEN], iso[WST_TIME_TEXT_LEN], clock[WST_CLOCK_TEXT_LEN];
	char got[WST_MEMO_ISO_LEN];
	struct wst_sockaddr addrs[500];
	uint64_t seed = 42, ft = 134396397000245000ull;
	size_t n;

	wst_text_memo_init(&memo);
	for (int i = 0; i < 20000; i++) {
		/* Mostly small steps, crossing seconds; now and then a jump of years. */
		ft += i % 97 == 0 ? next_random(&seed) % 100000000000000000ull : next_random(&seed) % 30000000;
		wst_time_iso(ft, iso);
		wst_memo_time_iso(&memo, ft, got);
		assert_memory_equal(got, iso, WST_MEMO_ISO_LEN);
		wst_time_clock(ft, clock);
		wst_memo_time_clock(&memo, ft, got);
		assert_memory_equal(got, clock, WST_MEMO_CLOCK_LEN);
	}
	for (int i = 0; i < 500; i++) {
		struct wst_sockaddr *a = &addrs[i];
		memset(a, 0, sizeof *a);
		a->family = i % 10 == 9 ? WST_FAMILY_OTHER : i % 3 ? WST_FAMILY_IPV4 : WST_FAMILY_IPV6;
		a->af = a->family == WST_FAMILY_IPV4 ? 2 : a->family == WST_FAMILY_IPV6 ? 23 : 1;
		a->port = (uint16_t)next_random(&seed);
		for (int k = 0; k < 16; k++)
			a->addr[k] = i % 4 == 0 && k < 10 ? 0 : (uint8_t)next_random(&seed);
		if (i % 7 == 0)
			a->addr[10] = a->addr[11] = 0xff;   /* some IPv4-mapped */
	}
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 500; i++) {
			const struct wst_sockaddr *a = &addrs[(i * 7 + round * 13) % 500];
			size_t len = wst_sockaddr_format(a, want);
			const char *text = wst_memo_sockaddr(&memo, a, &n);
			assert_int_equal(n, len);
			assert_memory_equal(text, want, len);
		}
	}
	/* Same bytes, another port or family: another text. */
	struct wst_sockaddr a = addrs[1], b = addrs[1];
	b.port ^= 1;
	wst_memo_sockaddr(&memo, &a, &n);
	wst_sockaddr_format(&b, want);
	assert_string_equal(wst_memo_sockaddr(&memo, &b, &n), want);
}

/* Numbers written in place, also where the buffer has to flush first. */
static void numbers_in_place(void **state)
{
	(void)state;
	static const uint64_t values[] = { 0, 1, 9, 10, 99, 100, 101, 999, 1000, 65535, 4294967295ull,
	                                   1234567890123ull, 9999999999999999999ull,
	                                   10000000000000000000ull, UINT64_MAX };
	static struct wst_out out;
	static char filler[WST_OUT_CAPACITY];
	char want[128], line[WST_OUT_CAPACITY + 2];
	FILE *fp = tmpfile();

	assert_non_null(fp);
	memset(filler, '#', sizeof filler);
	wst_out_init(&out, fp, false);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		for (size_t room = 1; room < 24; room++) {
			wst_out_flush(&out);
			wst_out_mem(&out, filler, WST_OUT_CAPACITY - room);
			wst_out_char(&out, '\n');
			wst_out_u64(&out, values[i]);
			wst_out_char(&out, ' ');
			wst_out_hex(&out, values[i]);
			wst_out_char(&out, ' ');
			wst_out_i64(&out, -(int64_t)(values[i] >> 1));
			wst_out_char(&out, '\n');
		}
	}
	/* And numbers of every length, with every hex digit. */
	uint64_t seed = 7;
	for (int i = 0; i < 20000; i++) {
		uint64_t v = next_random(&seed) << 11 ^ next_random(&seed);
		v >>= i % 64;
		wst_out_flush(&out);
		wst_out_u64(&out, v);
		wst_out_char(&out, ' ');
		wst_out_hex(&out, v);
		wst_out_char(&out, '\n');
	}
	assert_int_equal(wst_out_flush(&out), 0);
	rewind(fp);
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		snprintf(want, sizeof want, "%llu 0x%llx %lld\n", (unsigned long long)values[i],
		         (unsigned long long)values[i], -(long long)(values[i] >> 1));
		for (size_t room = 1; room < 24; room++) {
			assert_non_null(fgets(line, sizeof line, fp));   /* filler */
			assert_non_null(fgets(line, sizeof line, fp));
			assert_string_equal(line, want);
		}
	}
	seed = 7;
	for (int i = 0; i < 20000; i++) {
		uint64_t v = next_random(&seed) << 11 ^ next_random(&seed);
		v >>= i % 64;
		snprintf(want, sizeof want, "%llu 0x%llx\n", (unsigned long long)v, (unsigned long long)v);
		assert_non_null(fgets(line, sizeof line, fp));
		assert_string_equal(line, want);
	}
	fclose(fp);
}

static void check_string(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_true(cJSON_IsString(v));
}

static void check_number(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_true(cJSON_IsNumber(v));
}

/* Every member of a record has the type the schema gives it. */
static void check_record(const cJSON *o)
{
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "v")->valueint, 1);
	check_string(o, "ts");
	assert_int_equal(strlen(cJSON_GetObjectItemCaseSensitive(o, "ts")->valuestring), 28);
	check_string(o, "event");
	check_number(o, "event_id");
	check_number(o, "level");
	check_number(o, "pid");
	check_number(o, "tid");
	check_number(o, "cpu");
	/* AFD records carry "process"; lookups and process events do not. */
	const cJSON *process = cJSON_GetObjectItemCaseSensitive(o, "process");
	const char *event = cJSON_GetObjectItemCaseSensitive(o, "event")->valuestring;
	bool afd = strncmp(event, "process_", 8) != 0 && strcmp(event, "getaddrinfo") != 0 &&
	           strncmp(event, "dns_", 4) != 0;
	assert_true(afd ? cJSON_IsString(process) || cJSON_IsNull(process) : process == NULL);
	for (const cJSON *m = o->child; m; m = m->next) {
		size_t n = strlen(m->string);
		if (n > 5 && (strcmp(m->string + n - 5, "_name") == 0 || strcmp(m->string + n - 4, "_wsa") == 0))
			assert_true(cJSON_IsString(m));
		if (strcmp(m->string, "endpoint") == 0 || strcmp(m->string, "buffer") == 0)
			assert_memory_equal(m->valuestring, "0x", 2);
		if (strcmp(m->string, "port") == 0 || strcmp(m->string, "latency_us") == 0)
			assert_true(cJSON_IsNumber(m) && m->valuedouble >= 0);
		if (strcmp(m->string, "fast_path") == 0)
			assert_true(cJSON_IsBool(m));
	}
}

static struct wst_etl_reader *open_demo(void)
{
	char err[256];
	uint64_t off;
	struct wst_etl_reader *r = wst_etl_open(WST_SOURCE_DIR "/tests/fixtures/demo.etl", NULL, err,
	                                        sizeof err, &off);
	assert_non_null(r);
	return r;
}

static void demo_json_parses_back(void **state)
{
	(void)state;
	struct wst_etl_reader *r = open_demo();
	FILE *fp = tmpfile();
	assert_non_null(fp);
	static struct wst_out out;
	wst_out_init(&out, fp, false);
	struct wst_pipeline_options opt = { .format = WST_FORMAT_JSON };
	struct wst_pipeline p;
	assert_int_equal(wst_pipeline_init(&p, &opt, &out), 0);
	struct wst_etl_record rec;
	while (wst_etl_next(r, &rec) == 1)
		if (rec.kind == WST_ETL_EVENT_HEADER)
			wst_pipeline_event(&p, &rec.event);
	assert_int_equal(wst_out_flush(&out), 0);
	assert_int_equal(p.counts.afd, 85);
	assert_int_equal(p.counts.lookups, 9);
	assert_int_equal(p.counts.processes, 6);
	assert_int_equal(p.counts.printed, 100);
	wst_pipeline_free(&p);
	wst_etl_close(r);

	rewind(fp);
	char line[4096];
	int lines = 0, refused = 0, curl_named = 0, curl_remote_named = 0;
	while (fgets(line, sizeof line, fp)) {
		assert_non_null(strchr(line, '\n'));
		cJSON *o = cJSON_Parse(line);
		assert_non_null(o);
		check_record(o);
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(o, "error_name");
		if (name && strcmp(name->valuestring, "STATUS_CONNECTION_REFUSED") == 0) {
			refused++;
			assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "latency_us")->valueint, 1040);
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "remote")->valuestring, "10.0.0.5:8080");
			assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "pid")->valueint, 2208);
		}
		/* Every line of curl's socket names its program and its peer. */
		const cJSON *endpoint = cJSON_GetObjectItemCaseSensitive(o, "endpoint");
		if (endpoint && strcmp(endpoint->valuestring, "0xffffd20b93b0c010") == 0) {
			curl_named++;
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "image")->valuestring, "curl.exe");
			assert_int_equal(cJSON_GetObjectItemCaseSensitive(o, "pid")->valueint, 7300);
			const cJSON *remote_name = cJSON_GetObjectItemCaseSensitive(o, "remote_name");
			bool has_remote = cJSON_GetObjectItemCaseSensitive(o, "remote") != NULL;
			assert_true(has_remote == (remote_name != NULL));
			if (remote_name) {
				assert_string_equal(remote_name->valuestring, "example.com");
				curl_remote_named++;
			}
		}
		cJSON_Delete(o);
		lines++;
	}
	assert_int_equal(lines, 100);
	assert_int_equal(refused, 2);
	assert_int_equal(curl_named, 11);
	assert_int_equal(curl_remote_named, 9);  /* from the connect on */
	fclose(fp);
}

/* Columns stay aligned when the output buffer flushes in the middle of a
 * line: the same record written thousands of times gives identical lines. */
static void text_columns_survive_flushes(void **state)
{
	(void)state;
	struct wst_etl_reader *r = open_demo();
	struct wst_etl_record rec;
	do
		assert_int_equal(wst_etl_next(r, &rec), 1);
	while (rec.kind != WST_ETL_EVENT_HEADER);
	struct wst_record decoded;
	wst_decode(&rec.event, &decoded);
	FILE *fp = tmpfile();
	assert_non_null(fp);
	static struct wst_out out;
	static struct wst_text_memo memo;
	struct wst_endpoint_info info = { .endpoint = 1, .pid = 77, .pid_known = true,
	                                  .connect_latency_us = -1 };
	wst_out_init(&out, fp, false);
	/* Before each line, fill the buffer to k bytes short of full, so that
	 * over k = 1..300 the flush falls at every point of the line. */
	static char filler[WST_OUT_CAPACITY];
	memset(filler, '#', sizeof filler);
	for (int k = 1; k <= 300; k++) {
		wst_out_flush(&out);
		wst_out_mem(&out, filler, WST_OUT_CAPACITY - (size_t)k - 1);
		wst_out_char(&out, '\n');
		wst_format_text(&out, &memo, &decoded);
		wst_out_flush(&out);
		wst_out_mem(&out, filler, WST_OUT_CAPACITY - (size_t)k - 1);
		wst_out_char(&out, '\n');
		wst_format_summary_row(&out, &info, &(struct wst_names){ NULL, NULL }, WST_END_CLOSED);
	}
	assert_int_equal(wst_out_flush(&out), 0);
	wst_etl_close(r);
	rewind(fp);
	static char line[WST_OUT_CAPACITY + 2];
	char first[2][512];
	for (int i = 0; i < 1200; i++) {
		assert_non_null(fgets(line, sizeof line, fp));
		if (i % 2 == 0)
			continue;  /* filler */
		int which = i / 2 % 2;
		if (i < 4)
			strcpy(first[which], line);
		else
			assert_string_equal(line, first[which]);
	}
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_text),
		cmocka_unit_test(time_text_past_9999),
		cmocka_unit_test(memo_matches_plain_formatters),
		cmocka_unit_test(numbers_in_place),
		cmocka_unit_test(demo_json_parses_back),
		cmocka_unit_test(text_columns_survive_flushes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
