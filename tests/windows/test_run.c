/* (c) wstrace run against the fake ETW, with a real program (Wine's
 * cmd.exe): the program started only once the session is read, its tree
 * followed through Kernel-Process events made at run time (a child and a
 * grandchild of the real program, a stranger beside them), only the
 * tree's socket events printed, the program's exit code returned, and the
 * session stopped on every path. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_report.h"
#include "fake_etw.h"
#include "read_file.h"
#include "session.h"
#include "traced_program.h"
#include "wstrace/diag.h"
#include "wstrace/schema.h"

#define OUT_PATH WST_WIN_FIXTURES "/run-out.txt"
#define CHILD 7001
#define GRANDCHILD 7002
#define STRANGER 7003
#define SECOND 10000000ull

static struct loaded_capture sockets;   /* run-tree.scn */
static struct loaded_capture refused;   /* run-report.scn */
static const struct loaded_capture *script_sockets;  /* what kernel_script delivers */
static struct wst_capture_report *report;            /* --report, or NULL */
static struct wst_capture_options opt;
static struct wst_traced traced;
static bool send_program_stop;          /* the program's own ProcessStop */

static const wchar_t *const exit_3[] = { L"cmd.exe", L"/c", L"exit 3" };

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(&opt, 0, sizeof opt);
	wst_filter_init(&opt.pipeline.filter);
	opt.pipeline.format = WST_FORMAT_TEXT;
	opt.session = WST_SESSION_DEFAULT_NAME;
	opt.level = WST_DEFAULT_LEVEL;
	opt.keywords = WST_DEFAULT_KEYWORDS;
	opt.decoder = WST_DECODER_BUILTIN;
	send_program_stop = true;
	script_sockets = &sockets;
	report = NULL;
	return 0;
}

static int run_named(const char *name, const wchar_t *const *argv, int argc, unsigned grace_ms,
                     bool own_status)
{
	FILE *f = fopen(OUT_PATH, "w+b");
	struct wst_capture_env env = { &fake_etw_api, NULL, NULL, f, 20, NULL, NULL };

	assert_non_null(f);
	wst_traced_init(&traced, argv, argc, name, grace_ms);
	int status = wst_traced_run(&traced, &opt, &env, own_status);
	if (report)   /* as cmd_run does: into the events' file */
		assert_int_equal(wst_capture_report_print(report, traced.capture_status, f), 0);
	fclose(f);
	return status;
}

static int run(const wchar_t *const *argv, int argc, unsigned grace_ms, bool own_status)
{
	return run_named("cmd.exe", argv, argc, grace_ms, own_status);
}

struct payload {
	uint8_t bytes[96];
	size_t len;
};

static void put(struct payload *p, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p->bytes[p->len++] = (uint8_t)(v >> 8 * i);
}

/* A Kernel-Process event, v0: ProcessStart (id 1: ProcessID, CreateTime,
 * ParentProcessID, SessionID, ImageName as UTF-16) or ProcessStop (id 2:
 * ProcessID, CreateTime, ExitTime, ExitCode, TokenElevationType,
 * HandleCount, CommitCharge, CommitPeak, ImageName as ANSI). */
static struct wst_event process_event(struct payload *p, uint16_t id, uint32_t pid,
                                      uint32_t parent, uint64_t created, uint64_t time,
                                      const char *image)
{
	struct wst_event ev;

	memset(&ev, 0, sizeof ev);
	ev.provider = wst_provider_desc(WST_PROVIDER_KERNEL_PROCESS)->guid;
	ev.id = id;
	ev.pid = id == 1 ? parent : pid;   /* a start is logged in the parent's context */
	ev.pointer_size = 8;
	ev.timestamp = time;
	p->len = 0;
	put(p, pid, 4);
	put(p, created, 8);
	if (id == 1) {
		put(p, parent, 4);
		put(p, 1, 4);
		for (const char *c = image; ; c++) {
			put(p, (uint8_t)*c, 2);
			if (!*c)
				break;
		}
	} else {
		put(p, time, 8);
		put(p, 0, 4 * 3 + 8 * 2);
		for (const char *c = image; ; c++) {
			put(p, (uint8_t)*c, 1);
			if (!*c)
				break;
		}
	}
	ev.user_data = p->bytes;
	ev.user_len = p->len;
	return ev;
}

static void start_event(void (*deliver)(const struct wst_event *), uint32_t pid, uint32_t parent,
                        uint64_t created, const char *image)
{
	struct payload p;
	struct wst_event ev = process_event(&p, 1, pid, parent, created, created, image);
	deliver(&ev);
}

static void stop_event(void (*deliver)(const struct wst_event *), uint32_t pid, uint64_t created,
                       uint64_t time, const char *image)
{
	struct payload p;
	struct wst_event ev = process_event(&p, 2, pid, 0, created, time, image);
	deliver(&ev);
}

/* What the kernel would log while the program runs: its own start, a
 * stranger, a child and its child, their sockets (run-tree.scn shifted to
 * just after the program's start; run-report.scn for --report), their stops, and the program's stop
 * once the real process has ended. */
static void kernel_script(void (*deliver)(const struct wst_event *))
{
	uint32_t pid = 0;
	uint64_t created = 0;

	for (int tries = 0; tries < 500 && !pid; tries++) {
		AcquireSRWLockShared(&traced.lock);
		if (traced.tree.count) {
			pid = traced.tree.members[0].pid;
			created = traced.tree.members[0].start;
		}
		ReleaseSRWLockShared(&traced.lock);
		if (!pid)
			Sleep(10);
	}
	if (!pid)
		return;   /* the test fails on the missing lines */
	HANDLE program = OpenProcess(SYNCHRONIZE, FALSE, pid);
	start_event(deliver, pid, GetCurrentProcessId(), created, "cmd.exe");
	start_event(deliver, STRANGER, 4, created + 1, "stranger.exe");
	start_event(deliver, CHILD, pid, created + 2, "child.exe");
	start_event(deliver, GRANDCHILD, CHILD, created + 3, "grandchild.exe");
	uint64_t shift = created + SECOND - script_sockets->events[0].timestamp;
	for (size_t i = 0; i < script_sockets->count; i++) {
		struct wst_event ev = script_sockets->events[i];
		ev.timestamp += shift;
		deliver(&ev);
	}
	stop_event(deliver, GRANDCHILD, created + 3, created + 2 * SECOND, "grandchild.exe");
	stop_event(deliver, CHILD, created + 2, created + 2 * SECOND, "child.exe");
	stop_event(deliver, STRANGER, created + 1, created + 2 * SECOND, "stranger.exe");
	if (program) {
		WaitForSingleObject(program, 5000);
		CloseHandle(program);
	}
	if (send_program_stop)
		stop_event(deliver, pid, created, created + 3 * SECOND, "cmd.exe");
}

/* The lines printed, each without its time (the clock's), the times in
 * process events as T, joined. */
static char *lines_without_time(void)
{
	size_t len;
	char *got = read_file(OUT_PATH, &len);
	char *out = calloc(1, len + 1), *o = out;

	for (char *line = got; *line;) {
		char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line + 1) : strlen(line);
		for (size_t i = n > 16 ? 16 : n; i < n; i++) {
			*o++ = line[i];
			/* "_time=2026-12-03T07:57:52.9776170Z": 28 characters. */
			if (line[i] == '=' && i >= 5 && memcmp(line + i - 5, "_time", 5) == 0 &&
			    n - i > 28 && line[i + 28] == 'Z') {
				*o++ = 'T';
				i += 28;
			}
		}
		line += n;
	}
	free(got);
	return out;
}

static const char tree_sockets[] =
	"child.exe[7001]          process_start            -                  create_time=T parent_pid=%lu session_id=1 image_path=child.exe\n"
	"grandchild.exe[7002]     process_start            -                  create_time=T parent_pid=7001 session_id=1 image_path=grandchild.exe\n"
	"child.exe[7001]          create                   0xffffc70810007001 phase=complete location=1012 address_family=AF_INET socket_type=SOCK_STREAM protocol=IPPROTO_TCP user_pid=7001\n"
	"child.exe[7001]          connect                  0xffffc70810007001 phase=request location=5023 buffer_length=0 addr=198.51.100.7:443\n"
	"child.exe[7001]          connect                  0xffffc70810007001 phase=complete location=5032 ? > 198.51.100.7:443 latency_us=23100\n"
	"grandchild.exe[7002]     create                   0xffffc70810007002 phase=complete location=1012 address_family=AF_INET socket_type=SOCK_DGRAM protocol=IPPROTO_UDP user_pid=7002\n"
	"grandchild.exe[7002]     send                     0xffffc70810007002 phase=request location=3003 buffer_count=1 buffer_length=33\n"
	"grandchild.exe[7002]     close                    0xffffc70810007002 phase=request location=2000\n"
	"child.exe[7001]          close                    0xffffc70810007001 phase=request location=2000 ? > 198.51.100.7:443\n"
	"child.exe[7001]          close                    0xffffc70810007001 phase=complete location=2001 ? > 198.51.100.7:443 latency_us=15\n"
	"grandchild.exe[7002]     process_stop             -                  create_time=T exit_time=T exit_code=0 token_elevation_type=0 handle_count=0 commit_charge=0 commit_peak=0 image_path=grandchild.exe\n"
	"child.exe[7001]          process_stop             -                  create_time=T exit_time=T exit_code=0 token_elevation_type=0 handle_count=0 commit_charge=0 commit_peak=0 image_path=child.exe\n";

/* What run prints for the tree: the program's own start (its PID and
 * wstrace's as its parent), the child's and grandchild's starts, sockets
 * and stops, and the program's stop when its event came; nothing of the
 * stranger (7003). */
static void assert_tree_lines(bool program_stop)
{
	char want[4096], root[32];
	snprintf(root, sizeof root, "cmd.exe[%lu]", (unsigned long)traced.pid);
	int len = snprintf(want, sizeof want, "%-24s process_start            -                  "
	                   "create_time=T parent_pid=%lu session_id=1 image_path=cmd.exe\n",
	                   root, (unsigned long)GetCurrentProcessId());
	len += snprintf(want + len, sizeof want - (size_t)len, tree_sockets,
	                (unsigned long)traced.pid);
	if (program_stop)
		snprintf(want + len, sizeof want - (size_t)len,
		         "%-24s process_stop             -                  create_time=T exit_time=T "
		         "exit_code=0 token_elevation_type=0 handle_count=0 commit_charge=0 "
		         "commit_peak=0 image_path=cmd.exe\n", root);
	char *got = lines_without_time();
	assert_string_equal(got, want);
	free(got);
}

/* EnableTraceEx2 calls of Kernel-Process with code. */
static unsigned kernel_process_calls(ULONG code)
{
	const struct wst_guid *g = &wst_provider_desc(WST_PROVIDER_KERNEL_PROCESS)->guid;
	unsigned n = 0;

	for (unsigned i = 0; i < fake.call_count; i++)
		n += fake.calls[i].code == code && fake.calls[i].provider.Data1 == g->data1 &&
		     fake.calls[i].provider.Data2 == g->data2 && fake.calls[i].provider.Data3 == g->data3 &&
		     memcmp(fake.calls[i].provider.Data4, g->data4, 8) == 0;
	return n;
}

static void assert_stopped_once(void)
{
	assert_int_equal(kernel_process_calls(EVENT_CONTROL_CODE_ENABLE_PROVIDER), 1);
	assert_int_equal(kernel_process_calls(EVENT_CONTROL_CODE_DISABLE_PROVIDER), 1);
	assert_int_equal(fake.stops_by_handle, 1);
}

/* The tree followed to the grandchild, the stranger left out (its start,
 * sockets and stop), the end
 * told by the program's stop event, its exit code returned. */
static void tree_followed(void **state)
{
	(void)state;
	fake.script = kernel_script;
	assert_int_equal(run(exit_3, 3, 2000, false), 3);
	assert_stopped_once();
	assert_int_equal(fake.flushes, 1);
	assert_false(traced.by_handle);
	assert_int_equal(traced.tree.count, 3);
	assert_int_equal(traced.tree.alive, 0);
	assert_tree_lines(true);
	wst_traced_free(&traced);
}

/* The program's stop event never comes: its handle ends it after the
 * grace; --exit-code wstrace gives wstrace's own status. */
static void stop_by_handle(void **state)
{
	(void)state;
	fake.script = kernel_script;
	send_program_stop = false;
	assert_int_equal(run(exit_3, 3, 100, true), WST_EXIT_OK);
	assert_stopped_once();
	assert_true(traced.by_handle);
	assert_int_equal(traced.tree.alive, 0);
	assert_tree_lines(false);
	wst_traced_free(&traced);
}

/* Events lost: said, and still the program's code; wstrace's own is 4. */
static void events_lost(void **state)
{
	(void)state;
	fake.lost_notices = 2;
	assert_int_equal(run(exit_3, 3, 100, false), 3);
	assert_stopped_once();
	wst_traced_free(&traced);
	fake_reset();
	fake.lost_notices = 2;
	assert_int_equal(run(exit_3, 3, 100, true), WST_EXIT_LOST);
	assert_stopped_once();
	wst_traced_free(&traced);
}

/* The FILETIME t as the report prints it: HH:MM:SS.ffffff, UTC. */
static void clock_time(uint64_t t, char *out, size_t len)
{
	FILETIME ft = { (DWORD)t, (DWORD)(t >> 32) };
	SYSTEMTIME st;

	assert_true(FileTimeToSystemTime(&ft, &st));
	snprintf(out, len, "%02u:%02u:%02u.%06u", st.wHour, st.wMinute, st.wSecond,
	         (unsigned)(t / 10 % 1000000));
}

/* --report: the findings of the tree's sockets only, after the events, in
 * the events' file: the child's refused connect, not the stranger's. */
static void report_of_tree(void **state)
{
	static struct wst_capture_report r;
	(void)state;
	fake.script = kernel_script;
	script_sockets = &refused;
	assert_true(wst_capture_report_attach(&r, true, &opt));
	report = &r;
	assert_int_equal(run(exit_3, 3, 2000, false), 3);
	assert_null(r.report);
	size_t len;
	char *got = read_file(OUT_PATH, &len);
	char *from = strstr(got, "wstrace report: ");
	assert_non_null(from);
	assert_null(strstr(got, "0xffffc70810007003"));   /* the stranger: no line, no finding */
	/* From the program's start to its stop (its Kernel-Process events);
	 * the refusal is run-report.scn's, shifted as kernel_script does. */
	uint64_t shift = traced.created + SECOND - refused.events[0].timestamp;
	char first[32], last[32], refusal[32], want[2048];
	clock_time(traced.created, first, sizeof first);
	clock_time(traced.created + 3 * SECOND, last, sizeof last);
	clock_time(refused.events[7].timestamp + shift, refusal, sizeof refusal);
	snprintf(want, sizeof want,
	         "wstrace report: live capture\n"
	         "from %s to %s UTC, 1 socket\n"
	         "\n"
	         "1 finding: 1 error, 0 warnings, 0 info\n"
	         "\n"
	         "error connect_refused: pid 7001: 1 connect to 198.51.100.9:8080 refused\n"
	         "    at %s, socket 0xffffc70810007001\n"
	         "    Nothing listens on that address and port, or a firewall answered with a\n"
	         "    reset. Check that the service runs and listens there (netstat -ano on the\n"
	         "    server) and that the client uses the right address and port.\n"
	         "\n"
	         "PID     IMAGE                SOCKETS   CONNS     TX_BYTES     RX_BYTES  ERRORS  TOP REMOTES (SOCKETS)\n"
	         "7001    -                          1       0            0            0       1  198.51.100.9:8080 (1)\n",
	         first, last, refusal);
	assert_string_equal(from, want);
	free(got);
	wst_traced_free(&traced);
}

/* A program that does not exist: wstrace's failure, the session stopped. */
static void program_missing(void **state)
{
	static const wchar_t *const missing[] = { L"no-such-program-wstrace.exe" };
	(void)state;
	assert_int_equal(run_named("no-such-program-wstrace.exe", missing, 1, 100, false),
	                 WST_EXIT_FAILURE);
	assert_null(traced.process);
	assert_int_equal(traced.tree.count, 0);
	assert_stopped_once();
	wst_traced_free(&traced);
}

/* The session cannot be read: the program is never started. */
static void reader_refused(void **state)
{
	(void)state;
	fake.open_fails = true;
	fake.open_error = ERROR_ACCESS_DENIED;
	assert_int_equal(run(exit_3, 3, 100, false), WST_EXIT_FAILURE);
	assert_null(traced.process);
	assert_int_equal(traced.tree.count, 0);
	assert_int_equal(fake.processes, 0);
	assert_stopped_once();
	wst_traced_free(&traced);
}

/* ProcessTrace fails at once: the session is not being read either. */
static void reader_fails(void **state)
{
	(void)state;
	fake.ends_by_itself = true;
	fake.process_rc = ERROR_INVALID_HANDLE;
	assert_int_equal(run(exit_3, 3, 100, false), WST_EXIT_FAILURE);
	assert_null(traced.process);
	assert_stopped_once();
	wst_traced_free(&traced);
}

/* The session cannot be started: nothing is started, nothing to stop. */
static void start_refused(void **state)
{
	(void)state;
	fake.start_rc[0] = ERROR_ACCESS_DENIED;
	assert_int_equal(run(exit_3, 3, 100, false), WST_EXIT_FAILURE);
	assert_null(traced.process);
	assert_int_equal(fake.opens, 0);
	assert_int_equal(fake.stops_by_handle, 0);
	wst_traced_free(&traced);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(tree_followed, setup),
		cmocka_unit_test_setup(stop_by_handle, setup),
		cmocka_unit_test_setup(events_lost, setup),
		cmocka_unit_test_setup(report_of_tree, setup),
		cmocka_unit_test_setup(program_missing, setup),
		cmocka_unit_test_setup(reader_refused, setup),
		cmocka_unit_test_setup(reader_fails, setup),
		cmocka_unit_test_setup(start_refused, setup),
	};
	if (load_capture(WST_WIN_FIXTURES "/run-tree.etl", &sockets) < 0 || !sockets.count) {
		fprintf(stderr, "cannot read run-tree.etl\n");
		return 1;
	}
	if (load_capture(WST_WIN_FIXTURES "/run-report.etl", &refused) < 0 || refused.count != 10) {
		fprintf(stderr, "cannot read run-report.etl\n");
		return 1;
	}
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	free_capture(&sockets);
	free_capture(&refused);
	return failed;
}
