/* (c) The session controller's paths, against a scripted ETW: refused and
 * leftover sessions, --force, a refused reader, a refused enable, the
 * duration, the count, a failing output, losses reported in the stream
 * and in the exit status; and on every path after a start, the STOP. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "console_ctrl.h"
#include "fake_etw.h"
#include "status_query.h"
#include "read_file.h"
#include "session.h"
#include "wstrace/schema.h"
#include "wstrace/diag.h"

#define OUT_PATH WST_WIN_FIXTURES "/capture-out.txt"
#define ERR_PATH WST_WIN_FIXTURES "/capture-err.txt"

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

/* What no run may do, whatever it tests: a call real Windows would
 * refuse or that would reach another session. */
static void no_violations(void)
{
	assert_int_equal(fake.foreign_calls, 0);
	assert_int_equal(fake.closes_while_processing, 0);
	assert_int_equal(fake.bad_closes, 0);
}

static int run_with(FILE *out, const struct wst_live_sink *sink, bool *stuck)
{
	FILE *f = out ? out : fopen(OUT_PATH, "w+b");
	struct wst_capture_env env = { &fake_etw_api, NULL, NULL, f, 20, sink, stuck };

	assert_non_null(f);
	int status = wst_capture_run(&opt, &env);
	if (!out)
		fclose(f);
	return status;
}

static int run(FILE *out)
{
	int status = run_with(out, NULL, NULL);
	no_violations();
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
	/* Ended elsewhere: its handle is left alone. */
	assert_int_equal(fake.stops_by_handle, 0);
	assert_int_equal(fake.disables, 0);

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
	                       ",\"events\":100,\"events_lost\":0,\"buffers_lost\":0,"
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

static void check_call(unsigned i, enum wst_provider provider, ULONG code, UCHAR level,
                       ULONGLONG keywords)
{
	const struct wst_guid *g = &wst_provider_desc(provider)->guid;
	const struct fake_enable *c = &fake.calls[i];

	assert_true(i < fake.call_count);
	assert_int_equal(c->provider.Data1, g->data1);
	assert_int_equal(c->provider.Data2, g->data2);
	assert_int_equal(c->provider.Data3, g->data3);
	assert_memory_equal(c->provider.Data4, g->data4, 8);
	assert_int_equal(c->code, code);
	assert_int_equal(c->level, level);
	assert_int_equal(c->keywords, keywords);
}

/* By default start enables the name and process providers after AFD,
 * asks Kernel-Process for its rundown, and disables all four at the end
 * (here --duration's: a session ended elsewhere is not touched again). */
static void names_and_processes_enabled(void **state)
{
	(void)state;
	opt.duration = 0.1;
	opt.names = opt.processes = true;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.call_count, 9);
	check_call(0, WST_PROVIDER_AFD, EVENT_CONTROL_CODE_ENABLE_PROVIDER, 5, 0x1000000000cull);
	check_call(1, WST_PROVIDER_NAME_RESOLUTION, EVENT_CONTROL_CODE_ENABLE_PROVIDER, 4, 0);
	check_call(2, WST_PROVIDER_DNS_CLIENT, EVENT_CONTROL_CODE_ENABLE_PROVIDER, 4, 0);
	check_call(3, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_ENABLE_PROVIDER, 4, 0x10);
	check_call(4, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_CAPTURE_STATE, 4, 0x10);
	check_call(5, WST_PROVIDER_AFD, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
	check_call(6, WST_PROVIDER_NAME_RESOLUTION, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
	check_call(7, WST_PROVIDER_DNS_CLIENT, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
	check_call(8, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
	assert_int_equal(fake.stops_by_handle, 1);
}

/* --no-names and --no-processes leave them out; a refused rundown is
 * said and the capture goes on. */
static void names_off_rundown_refused(void **state)
{
	(void)state;
	opt.duration = 0.1;
	opt.processes = true;
	fake.capture_state_rc = ERROR_ACCESS_DENIED;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.call_count, 5);
	check_call(1, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_ENABLE_PROVIDER, 4, 0x10);
	check_call(2, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_CAPTURE_STATE, 4, 0x10);
	check_call(4, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
	fake_reset();
	opt.processes = false;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.call_count, 2);   /* AFD's enable and disable alone */
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

/* The whole stream is the golden output of `wstrace parse` and then one
 * stats line. */
static void expect_demo_stream(void)
{
	size_t len, glen;
	char *got = read_file(OUT_PATH, &len);
	char *want = read_file(WST_GOLDEN_DIR "/demo.jsonl", &glen);

	assert_true(glen < len);
	assert_memory_equal(got, want, glen);
	assert_non_null(strstr(got + glen, "\"event\":\"stats\",\"events\":"));
	assert_int_equal(lines(got + glen), 1);
	free(got);
	free(want);
}

/* Item 3: the session was stopped elsewhere and its logger id went to
 * another session at once. The cleanup must not DISABLE, STOP or QUERY
 * the old handle: those calls would reach the other session. */
static void stopped_elsewhere_id_reused(void **state)
{
	(void)state;
	fake.events = &demo;
	fake.ends_by_itself = true;
	fake.id_reused = true;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.stops_by_handle, 0);
	assert_int_equal(fake.disables, 0);
	assert_int_equal(fake.closes, 1);
	expect_demo_stream();
}

/* Item 7: what the STOP flushes arrives after it; ProcessTrace is let
 * return by itself before CloseTrace, so the last events are printed. */
static void last_buffers_after_stop(void **state)
{
	(void)state;
	fake.events = &demo;
	fake.tail = 5;
	opt.duration = 0.1;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_int_equal(fake.closes, 1);
	expect_demo_stream();
}

/* Item 9: ERROR_MORE_DATA from a STOP means stopped (only the counters
 * did not fit): the take-over goes on, the own STOP is no failure. */
static void stop_answers_more_data(void **state)
{
	(void)state;
	fake.start_rc[0] = ERROR_ALREADY_EXISTS;
	fake.stop_by_name_rc = ERROR_MORE_DATA;
	fake.stop_rc = ERROR_MORE_DATA;
	fake.events = &demo;
	opt.force = true;
	opt.duration = 0.1;
	assert_int_equal(run(NULL), WST_EXIT_OK);
	assert_int_equal(fake.stops_by_name, 1);
	assert_int_equal(fake.starts, 2);
	assert_int_equal(fake.stops_by_handle, 1);
	expect_demo_stream();

	struct wst_session_stats st;
	memset(&st, 0, sizeof st);
	assert_int_equal(wst_session_stop_by_name(&fake_etw_api, L"wstrace", &st), ERROR_SUCCESS);
	assert_false(st.known);
}

struct counting_sink {
	unsigned writes;
	FILE *to;
};

static int count_write(void *ctx, const char *p, size_t n)
{
	struct counting_sink *c = ctx;
	c->writes++;
	return fwrite(p, 1, n, c->to) == n ? 0 : EIO;
}

/* Item 6: no write per line. The lines go out in blocks at the end of
 * each ETW buffer (here every 16 events) and at the one-second poll. */
static void output_in_blocks(void **state)
{
	(void)state;
	struct counting_sink c = { 0, fopen(OUT_PATH, "wb") };
	struct wst_live_sink sink = { count_write, &c };
	FILE *unused = fopen(WST_WIN_FIXTURES "/capture-unused.txt", "wb");

	assert_non_null(c.to);
	fake.events = &demo;
	fake.ends_by_itself = true;
	assert_int_equal(run_with(unused, &sink, NULL), WST_EXIT_OK);
	no_violations();
	fclose(c.to);
	fclose(unused);
	expect_demo_stream();
	assert_true(demo.count > 48);
	/* At most one write per buffer, and the final stats line. */
	assert_true(c.writes <= fake.buffer_callbacks + 1);
	assert_true(c.writes < demo.count / 8);
}

/* A stdout that never takes anything: a pipe nobody reads. */
static FILE *blocked_stdout(HANDLE *read_end)
{
	HANDLE r, w;

	assert_true(CreatePipe(&r, &w, NULL, 4096));
	int fd = _open_osfhandle((intptr_t)w, _O_BINARY);
	assert_true(fd >= 0);
	*read_end = r;
	return _fdopen(fd, "wb");
}

struct background {
	FILE *out;
	int status;
	bool stuck;
};

static DWORD WINAPI capture_thread(LPVOID arg)
{
	struct background *b = arg;
	b->status = run_with(b->out, NULL, &b->stuck);
	return 0;
}

struct signal {
	DWORD type, after_ms;
	unsigned stops_when_returned;
};

static DWORD WINAPI signal_thread(LPVOID arg)
{
	struct signal *sg = arg;
	Sleep(sg->after_ms);
	wst_console_ctrl_handler(sg->type);
	sg->stops_when_returned = fake.stops_by_handle;
	return 0;
}

/* The capture in a thread, a console signal from another, as Windows
 * sends it; stderr in ERR_PATH. True when the capture ended in time. */
static bool capture_with_signal(struct background *b, struct signal *sg, DWORD limit_ms)
{
	fflush(stderr);
	int saved = _dup(2);
	FILE *err = fopen(ERR_PATH, "wb");
	_dup2(_fileno(err), 2);
	HANDLE t = CreateThread(NULL, 0, capture_thread, b, 0, NULL);
	HANDLE s = CreateThread(NULL, 0, signal_thread, sg, 0, NULL);
	bool ended = WaitForSingleObject(t, limit_ms) == WAIT_OBJECT_0;
	WaitForSingleObject(s, limit_ms);
	fflush(stderr);
	_dup2(saved, 2);
	_close(saved);
	fclose(err);
	CloseHandle(t);
	CloseHandle(s);
	return ended;
}

static bool stderr_has(const char *text)
{
	size_t len;
	char *got = read_file(ERR_PATH, &len);
	bool found = strstr(got, text) != NULL;
	free(got);
	return found;
}

/* Item 1: Ctrl+C while stdout takes nothing (a console with selected
 * text, `| more`): the controller never waits on the output, so it sees
 * the Ctrl+C, stops the session and ends; what stdout did not take is
 * counted and said. */
static void ctrl_c_with_stdout_blocked(void **state)
{
	(void)state;
	HANDLE reader;
	struct background b = { blocked_stdout(&reader), -1, false };
	struct signal sg = { CTRL_C_EVENT, 500, 0 };

	fake.events = &demo;
	fake.repeat = 400;   /* more lines than the pipe and the queue hold */
	opt.pipeline.format = WST_FORMAT_TEXT;
	if (!capture_with_signal(&b, &sg, 20000))
		fail_msg("the capture did not end after Ctrl+C with stdout blocked");
	no_violations();
	assert_int_equal(b.status, WST_EXIT_FAILURE);
	assert_false(b.stuck);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_true(stderr_has("wstrace: session 'wstrace' ended (Ctrl+C): "));
	assert_true(stderr_has("bytes of output were not written"));
	CloseHandle(reader);
	fclose(b.out);
}

/* Item 1: closing the console while stdout takes nothing: the handler
 * stops the session itself before it returns (the process ends then). */
static void console_close_with_stdout_blocked(void **state)
{
	(void)state;
	HANDLE reader;
	struct background b = { blocked_stdout(&reader), -1, false };
	struct signal sg = { CTRL_CLOSE_EVENT, 500, 0 };

	fake.events = &demo;
	fake.repeat = 400;
	if (!capture_with_signal(&b, &sg, 20000))
		fail_msg("the capture did not end after the console closed with stdout blocked");
	no_violations();
	assert_int_equal(sg.stops_when_returned, 1);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_true(stderr_has("ended (console closed)"));
	CloseHandle(reader);
	fclose(b.out);
}

static DWORD WINAPI flush_thread(LPVOID arg)
{
	fflush((FILE *)arg);
	return 0;
}

/* Item 4: ProcessTrace never returns and stdout is blocked: the capture
 * still ends, writes its summary on stderr, reports the reader stuck (the
 * command then ends the process without the C runtime's exit), and no C
 * runtime flush of stdout waits on a lock the stuck thread holds. */
static void reader_stuck_no_flush_waits(void **state)
{
	(void)state;
	HANDLE reader;
	struct background b = { blocked_stdout(&reader), -1, false };
	struct signal sg = { CTRL_C_EVENT, 300, 0 };

	fake.events = &demo;
	fake.repeat = 400;
	fake.hangs = true;
	if (!capture_with_signal(&b, &sg, 30000))
		fail_msg("the capture did not end with ProcessTrace stuck");
	assert_true(b.stuck);
	assert_int_equal(fake.stops_by_handle, 1);
	assert_true(stderr_has("the thread reading the session did not end"));
	assert_true(stderr_has("wstrace: session 'wstrace' ended (Ctrl+C): "));
	HANDLE f = CreateThread(NULL, 0, flush_thread, b.out, 0, NULL);
	bool flushed = WaitForSingleObject(f, 3000) == WAIT_OBJECT_0;
	CloseHandle(f);
	fake_release();
	CloseHandle(reader);
	if (!flushed)
		fail_msg("fflush(stdout) waits on a lock the stuck reader holds");
}

/* `wstrace status` on a system that allows max sessions, others of
 * them running besides ours: the QueryAllTracesW calls it took, the
 * count of the last, and the one row for the session named name. */
static void expect_status(ULONG max, ULONG others, const char *name, unsigned calls,
                          ULONG last_count)
{
	struct wst_status_row *rows;
	size_t count;
	bool partial;

	fake.query_all_calls = 0;
	fake.max_sessions = max;
	fake.other_sessions = others;
	assert_int_equal(wst_status_query(&fake_etw_api, name, &rows, &count, &partial),
	                 ERROR_SUCCESS);
	assert_int_equal(fake.query_all_calls, calls);
	assert_int_equal(fake.query_all_counts[0], 64);
	assert_int_equal(fake.query_all_counts[calls - 1], last_count);
	assert_int_equal(count, 1);
	assert_string_equal(rows[0].name, name);
	assert_false(partial);
	free(rows);
}

/* Item 2: QueryAllTracesW gets 64 blocks first (the documented maximum;
 * the fake refuses more than its system's maximum, as Windows does),
 * as many as run when more do, 32 when 64 is refused. */
static void status_counts(void **state)
{
	(void)state;
	TRACEHANDLE h;
	struct wst_props b;

	wst_props_init(&b);
	assert_int_equal(fake_etw_api.start_trace(&h, L"wstrace", &b.p), ERROR_SUCCESS);
	expect_status(64, 10, "wstrace", 1, 64);
	expect_status(128, 100, "wstrace", 2, 109);
	expect_status(32, 5, "s3", 2, 32);   /* EtwMaxLoggers' least */
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
		cmocka_unit_test_setup(names_and_processes_enabled, setup),
		cmocka_unit_test_setup(names_off_rundown_refused, setup),
		cmocka_unit_test_setup(duration_with_losses, setup),
		cmocka_unit_test_setup(count_reached, setup),
		cmocka_unit_test_setup(output_fails, setup),
		cmocka_unit_test_setup(lost_notices, setup),
		cmocka_unit_test_setup(etl_file_mode, setup),
		cmocka_unit_test_setup(stopped_elsewhere_id_reused, setup),
		cmocka_unit_test_setup(last_buffers_after_stop, setup),
		cmocka_unit_test_setup(stop_answers_more_data, setup),
		cmocka_unit_test_setup(output_in_blocks, setup),
		cmocka_unit_test_setup(status_counts, setup),
		cmocka_unit_test_setup(ctrl_c_with_stdout_blocked, setup),
		cmocka_unit_test_setup(console_close_with_stdout_blocked, setup),
		cmocka_unit_test_setup(reader_stuck_no_flush_waits, setup),
	};
	if (load_capture(WST_FIXTURE_DIR "/demo.etl", &demo) < 0) {
		fprintf(stderr, "cannot read demo.etl\n");
		return 1;
	}
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	free_capture(&demo);
	return failed;
}
