/* (c) The session controller's paths, against a scripted ETW: refused and
 * leftover sessions, --force, a refused reader, a refused enable, the
 * duration, the count, a failing output, losses reported in the stream
 * and in the exit status; and on every path after a start, the STOP. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "fake_etw.h"
#include "read_file.h"
#include "session.h"
#include "wstrace/diag.h"

#define OUT_PATH WST_WIN_FIXTURES "/capture-out.txt"

static struct loaded_capture demo;
static struct wst_capture_options opt;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&opt, 0, sizeof opt);
	wst_filter_init(&opt.pipeline.filter);
	opt.pipeline.format = WST_FORMAT_JSON;
	opt.session = WST_SESSION_DEFAULT_NAME;
	opt.level = WST_DEFAULT_LEVEL;
	opt.keywords = WST_DEFAULT_KEYWORDS;
	opt.decoder = WST_DECODER_BUILTIN;
	return 0;
}

static int run(FILE *out)
{
	FILE *f = out ? out : fopen(OUT_PATH, "w+b");
	struct wst_capture_env env = { &fake_etw_api, NULL, NULL, f, 20 };

	assert_non_null(f);
	int status = wst_capture_run(&opt, &env);
	if (!out)
		fclose(f);
	return status;
}

static size_t lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void refused_start(void **state)
{
	(void)state;
	fake.start_rc[0] = ERROR_ACCESS_DENIED;
	assert_int_equal(run(NULL), WST_EXIT_FAILURE);
	assert_int_equal(fake.opens, 0);
	assert_int_equal(fake.stops_by_handle, 0);  /* nothing of ours to stop */
}

static void leftover_without_force(void **state)
{
	(void)state;
	fake.start_rc[0] = ERROR_ALREADY_EXISTS;
	assert_int_equal(run(NULL), WST_EXIT_FAILURE);
	assert_int_equal(fake.stops_by_name, 0);    /* someone else's: left alone */
	assert_int_equal(fake.opens, 0);
}

/* --force stops the leftover by name, retries while ETW still knows the
 * name, then captures; the stream is what `wstrace parse` prints, and
 * the session stopped elsewhere ends the capture cleanly. */
static void leftover_taken_over(void **state)
{
	(void)state;
	size_t len, glen;

	fake.start_rc[0] = ERROR_ALREADY_EXISTS;
	fake.start_rc[1] = ERROR_ALREADY_EXISTS;
	fake.events = &demo;
	fake.ends_by_itself = true;
	fake.stop_rc = ERROR_WMI_INSTANCE_NOT_FOUND;
	opt.force = true;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.stops_by_name, 1);
	assert_int_equal(fake.starts, 3);
	assert_int_equal(fake.level, 5);
	assert_int_equal(fake.keywords, 0x1000000000cull);
	assert_int_equal(fake.log_file_mode, EVENT_TRACE_REAL_TIME_MODE);
	assert_true(wcscmp(fake.logger, L"wstrace") == 0);
	assert_int_equal(fake.stops_by_handle, 1);

	char *got = read_file(OUT_PATH, &len);
	FILE *g = fopen(WST_GOLDEN_DIR "/demo.jsonl", "rb");
	assert_non_null(g);
	char *want = calloc(1, len + 1);
	glen = fread(want, 1, len, g);
	fclose(g);
	assert_true(glen < len);
	assert_memory_equal(got, want, glen);   /* the events, byte for byte */
	assert_non_null(strstr(got + glen, "\"event\":\"stats\",\"events\":"));
	assert_non_null(strstr(got + glen, ",\"events_lost\":0,\"buffers_lost\":0}\n"));
	assert_int_equal(lines(got + glen), 1);
	free(got);
	free(want);
}

/* --max-sockets 1 (issue 9, defect 1): the events as parse prints them
 * with the same table, and the final stats line carries the evictions. */
static void evictions_counted(void **state)
{
	(void)state;
	size_t len, glen;

	fake.events = &demo;
	fake.ends_by_itself = true;
	fake.stop_rc = ERROR_WMI_INSTANCE_NOT_FOUND;
	opt.pipeline.endpoint_capacity = 1;
	assert_int_equal(run(NULL), WST_EXIT_OK);

	char *got = read_file(OUT_PATH, &len);
	char *want = read_file(WST_GOLDEN_DIR "/demo-evictions.jsonl", &glen);
	char *want_stats = strstr(want, "{\"v\":1,\"ts\":\"2026-11-20T09:15:02.1452300Z\",\"event\":\"stats\"");
	assert_non_null(want_stats);
	size_t events_len = (size_t)(want_stats - want);
	assert_true(events_len < len);
	assert_memory_equal(got, want, events_len);   /* the events, byte for byte */
	assert_non_null(strstr(got + events_len,
	                       ",\"events\":74,\"events_lost\":0,\"buffers_lost\":0,"
	                       "\"sockets_evicted\":5,\"processes_evicted\":0}\n"));
	assert_int_equal(lines(got + events_len), 1);
	free(got);
	free(want);
}

/* OpenTraceW refused (what Wine does): the session just started is
 * disabled and stopped, nothing is read. */
static void refused_reader(void **state)
{
	(void)state;
	fake.open_fails = true;
	fake.open_error = ERROR_ACCESS_DENIED;
	assert_int_equal(run(NULL), WST_EXIT_FAILURE);
	assert_int_equal(fake.starts, 1);
	assert_int_equal(fake.opens, 1);
	assert_int_equal(fake.disables, 1);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_int_equal(fake.processes, 0);
}

static void refused_enable(void **state)
{
	(void)state;
	fake.enable_rc = ERROR_NO_SYSTEM_RESOURCES;
	assert_int_equal(run(NULL), WST_EXIT_FAILURE);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_int_equal(fake.opens, 0);
}

/* Losses seen by polling show in the text stream as warning lines, and
 * the capture, ended by --duration, exits with status 4. */
static void duration_with_losses(void **state)
{
	(void)state;
	size_t len;

	fake.events = &demo;
	fake.events_lost_per_query = 2;
	opt.pipeline.format = WST_FORMAT_TEXT;
	opt.duration = 0.2;
	assert_int_equal(run(NULL), WST_EXIT_LOST);
	assert_true(fake.queries >= 2);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_int_equal(fake.closes, 1);
	char *got = read_file(OUT_PATH, &len);
	const char *w = strstr(got, " warning: the session lost events: events=");
	assert_non_null(w);
	assert_non_null(strstr(w, " events_lost=2 buffers_lost=0\n"));
	free(got);
}

static void count_reached(void **state)
{
	(void)state;
	size_t len;

	fake.events = &demo;
	opt.pipeline.format = WST_FORMAT_TEXT;
	opt.count = 3;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.stops_by_handle, 1);
	char *got = read_file(OUT_PATH, &len);
	assert_int_equal(lines(got), 3);
	free(got);
}

/* The output fails (a stream open for reading): the capture stops, the
 * session too, and the status says so. */
static void output_fails(void **state)
{
	(void)state;
	FILE *ro = fopen(WST_FIXTURE_DIR "/demo.etl", "rb");

	fake.events = &demo;
	assert_int_equal(run(ro), WST_EXIT_FAILURE);
	assert_int_equal(fake.stops_by_handle, 1);
	fclose(ro);
}

/* In-band loss notices count as losses even when the counters lag. */
static void lost_notices(void **state)
{
	(void)state;
	size_t len;

	fake.events = &demo;
	fake.lost_notices = 3;
	fake.ends_by_itself = true;
	assert_int_equal(run(NULL), WST_EXIT_LOST);
	char *got = read_file(OUT_PATH, &len);
	assert_non_null(strstr(got, "\"events_lost\":3,\"buffers_lost\":0}\n"));
	free(got);
}

/* --etl: real-time plus a sequential file, named by its full path. */
static void etl_file_mode(void **state)
{
	(void)state;
	fake.ends_by_itself = true;
	opt.etl_path = "capture.etl";
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.log_file_mode,
	                 EVENT_TRACE_REAL_TIME_MODE | EVENT_TRACE_FILE_MODE_SEQUENTIAL);
	size_t n = wcslen(fake.logfile);
	assert_true(n > 12);
	assert_true(wcscmp(fake.logfile + n - 12, L"\\capture.etl") == 0);
	assert_true(fake.logfile[1] == L':');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(refused_start, setup),
		cmocka_unit_test_setup(leftover_without_force, setup),
		cmocka_unit_test_setup(leftover_taken_over, setup),
		cmocka_unit_test_setup(evictions_counted, setup),
		cmocka_unit_test_setup(refused_reader, setup),
		cmocka_unit_test_setup(refused_enable, setup),
		cmocka_unit_test_setup(duration_with_losses, setup),
		cmocka_unit_test_setup(count_reached, setup),
		cmocka_unit_test_setup(output_fails, setup),
		cmocka_unit_test_setup(lost_notices, setup),
		cmocka_unit_test_setup(etl_file_mode, setup),
	};
	if (load_capture(WST_FIXTURE_DIR "/demo.etl", &demo) < 0) {
		fprintf(stderr, "cannot read demo.etl\n");
		return 1;
	}
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	free_capture(&demo);
	return failed;
}
