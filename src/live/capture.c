#include <io.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "capture_messages.h"
#include "consumer.h"
#include "console_ctrl.h"
#include "session.h"
#include "win_error.h"
#include "wstrace/diag.h"

/* After the STOP, ProcessTrace delivers the buffers the STOP flushed and
 * returns by itself: it gets this long before CloseTrace, which would
 * end the delivery (after CloseTrace ProcessTrace takes no new events:
 * learn.microsoft.com/windows/win32/api/evntrace/nf-evntrace-closetrace),
 * and this long again after it. */
#define LAST_BUFFERS_MS 3000
#define AFTER_CLOSE_MS 2000
/* Room a stats line needs in the output buffer. */
#define STATS_LINE_MAX 512

/* wstrace run: how long ProcessTrace must keep running before the
 * session counts as being read and the program is started. */
#define READER_SETTLE_MS 100

struct capture {
	const struct wst_capture_options *o;
	const struct wst_capture_env *env;
	WCHAR name[WST_NAME_CHARS];
	WCHAR etl[WST_NAME_CHARS];
	struct wst_session session;
	struct wst_consumer consumer;
	struct wst_out *out;
	struct wst_live_output *live;          /* the queue to stdout's writer thread */
	struct wst_console_text console_text;
	TRACEHANDLE reader;
	ULONG process_rc;
	bool reader_alive;                     /* the ProcessTrace thread did not end */
	struct wst_capture_stats reported;     /* the losses last reported in the stream */
	struct wst_session_stats polled;       /* the session's counters last seen */
	HANDLE traced;                         /* wstrace run: signals when the program ends */
	bool traced_signalled;
};

static DWORD WINAPI process_thread(LPVOID arg)
{
	struct capture *cap = arg;

	cap->process_rc = cap->env->api->process_trace(&cap->reader, 1, NULL, NULL);
	return 0;
}

static uint64_t now_filetime(void)
{
	FILETIME ft;

	GetSystemTimeAsFileTime(&ft);
	return (uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

/* The session's counters, raised to the in-band notices where those say
 * more (each notice is at least one loss). */
static void current_stats(struct capture *cap, struct wst_capture_stats *s)
{
	struct wst_consumer *c = &cap->consumer;
	uint64_t buffers = cap->polled.rt_buffers_lost + cap->polled.log_buffers_lost;
	const struct wst_endpoint_stats *e = wst_endpoint_table_stats(c->pipeline.endpoints);

	s->events = c->pipeline.counts.events;
	s->sockets_evicted = e->evicted;
	s->processes_evicted = e->process_evicted;
	s->events_lost = cap->polled.events_lost;
	if ((uint64_t)c->lost_event_notices > s->events_lost)
		s->events_lost = (uint64_t)c->lost_event_notices;
	s->buffers_lost = buffers;
	if ((uint64_t)c->lost_buffer_notices > s->buffers_lost)
		s->buffers_lost = (uint64_t)c->lost_buffer_notices;
}

static void format_stats(struct capture *cap, const struct wst_capture_stats *s)
{
	if (cap->o->pipeline.format == WST_FORMAT_JSON)
		wst_format_json_stats(cap->out, now_filetime(), s);
	else
		wst_format_text_stats(cap->out, now_filetime(), s);
	cap->reported = *s;
}

/* Hands what the buffer holds to the writer if the queue has room; never
 * waits. The consumer's lock is held, so the buffer ends with a line. */
static void try_flush(struct capture *cap)
{
	struct wst_out *out = cap->out;

	if (out->len && wst_live_output_try_push(cap->live, out->buf, out->len))
		out->len = 0;
}

static bool losses_grew(struct capture *cap, const struct wst_capture_stats *s)
{
	return s->events_lost > cap->reported.events_lost ||
	       s->buffers_lost > cap->reported.buffers_lost;
}

/* The one-second poll's share of the output: the lines the callback left
 * in the buffer, and a stats line when the losses grew. The controller
 * never waits here: when the callback holds the lock (it may be waiting
 * for room in the queue) or the queue is full, this poll skips. */
static void poll_output(struct capture *cap)
{
	struct wst_consumer *c = &cap->consumer;
	struct wst_capture_stats s;

	if (!TryAcquireSRWLockExclusive(&c->lock))
		return;
	try_flush(cap);
	current_stats(cap, &s);
	if (losses_grew(cap, &s) && WST_OUT_CAPACITY - cap->out->len >= STATS_LINE_MAX) {
		format_stats(cap, &s);
		try_flush(cap);
	}
	ReleaseSRWLockExclusive(&c->lock);
}

static void poll(struct capture *cap)
{
	struct wst_session_stats st;

	if (wst_session_query(&cap->session, &st) == ERROR_SUCCESS)
		cap->polled = st;
	poll_output(cap);
	/* The writer fails on its own thread, maybe after the last block was
	 * queued: the poll is what notices it then. */
	if (wst_live_output_error(cap->live))
		wst_consumer_stop(&cap->consumer, WST_STOP_OUTPUT);
}

/* The traced program's handle signalled: what its processes logged last
 * may still sit in a buffer being filled, so it goes to the reader now. */
static void traced_signalled(struct capture *cap)
{
	wst_session_flush(&cap->session);
	cap->traced_signalled = true;
}

/* Waits until something ends the capture; returns why. */
static enum wst_stop_reason wait_for_end(struct capture *cap, HANDLE wake, HANDLE thread)
{
	const struct wst_capture_hooks *hooks = cap->o->hooks;
	ULONGLONG deadline = 0;
	HANDLE handles[3] = { wake, thread, cap->traced };
	DWORD count = cap->traced ? 3 : 2;

	if (cap->o->duration > 0)
		deadline = GetTickCount64() + (ULONGLONG)(cap->o->duration * 1000.0);
	for (;;) {
		DWORD timeout = cap->env->poll_ms;
		if (deadline) {
			ULONGLONG now = GetTickCount64();
			if (now >= deadline)
				return WST_STOP_DURATION;
			if (deadline - now < timeout)
				timeout = (DWORD)(deadline - now);
		}
		if (cap->traced_signalled && hooks->ended(hooks->ctx))
			return WST_STOP_TRACED_ENDED;
		DWORD w = WaitForMultipleObjects(count, handles, FALSE, timeout);
		if (w == WAIT_OBJECT_0) {
			int sig = wst_console_ctrl_signal();
			if (sig)
				return sig == 1 ? WST_STOP_CTRL_C : WST_STOP_CONSOLE;
			return (enum wst_stop_reason)cap->consumer.reason;
		}
		if (w == WAIT_OBJECT_0 + 1) {
			ULONG rc = cap->process_rc;
			return rc == ERROR_SUCCESS || rc == ERROR_CANCELLED ? WST_STOP_ELSEWHERE
			                                                    : WST_STOP_CONSUMER;
		}
		if (w == WAIT_OBJECT_0 + 2) {
			traced_signalled(cap);
			count = 2;   /* it stays signalled */
		} else if (w == WAIT_TIMEOUT) {
			poll(cap);
		} else {
			return WST_STOP_CONSUMER;
		}
	}
}

/* wstrace run: the session is being read once its reader has not failed
 * at once; then the program is started. Returns WST_STOP_NONE when it
 * was, else why the capture ends before it. */
static enum wst_stop_reason start_traced(struct capture *cap, HANDLE thread)
{
	const struct wst_capture_hooks *hooks = cap->o->hooks;
	DWORD settle = cap->env->poll_ms < READER_SETTLE_MS ? cap->env->poll_ms : READER_SETTLE_MS;

	if (WaitForSingleObject(thread, settle) == WAIT_OBJECT_0) {
		wst_win_error(cap->process_rc, NULL, "reading the session '%s' failed; the program was "
		              "not started", cap->o->session);
		return WST_STOP_TRACED_FAILED;
	}
	int sig = wst_console_ctrl_signal();
	if (sig)
		return sig == 1 ? WST_STOP_CTRL_C : WST_STOP_CONSOLE;
	if (hooks->reading(hooks->ctx, &cap->traced) != 0)
		return WST_STOP_TRACED_FAILED;
	return WST_STOP_NONE;
}

static bool prepare(struct capture *cap, struct wst_session_config *cfg)
{
	const struct wst_capture_options *o = cap->o;

	if (!MultiByteToWideChar(CP_ACP, 0, o->session, -1, cap->name, WST_NAME_CHARS)) {
		wst_error("the session name '%s' is too long", o->session);
		return false;
	}
	memset(cfg, 0, sizeof *cfg);
	cfg->name = cap->name;
	cfg->level = o->level;
	cfg->keywords = o->keywords;
	cfg->force = o->force;
	cfg->names = o->names;
	/* wstrace run follows its tree through Kernel-Process's events. */
	cfg->processes = o->processes || o->hooks != NULL;
	if (o->etl_path) {
		WCHAR given[WST_NAME_CHARS];
		DWORD n;
		if (!MultiByteToWideChar(CP_ACP, 0, o->etl_path, -1, given, WST_NAME_CHARS) ||
		    (n = GetFullPathNameW(given, WST_NAME_CHARS, cap->etl, NULL)) == 0 ||
		    n >= WST_NAME_CHARS) {
			wst_error("%s: the file name is too long or not valid", o->etl_path);
			return false;
		}
		cfg->etl_path = cap->etl;
	}
	return true;
}

/* The reader ends: ProcessTrace returns by itself after the STOP, else
 * CloseTrace ends it. False when its thread is still running. */
static bool end_reader(struct capture *cap, HANDLE thread)
{
	bool joined = WaitForSingleObject(thread, LAST_BUFFERS_MS) == WAIT_OBJECT_0;

	/* Also after ProcessTrace returned: the handle is released by it. */
	cap->env->api->close_trace(cap->reader);
	if (!joined)
		joined = WaitForSingleObject(thread, AFTER_CLOSE_MS) == WAIT_OBJECT_0;
	return joined;
}

/* Session running: read it until the end, then stop it. */
static int run_session(struct capture *cap, HANDLE wake)
{
	const struct wst_etw_api *api = cap->env->api;
	EVENT_TRACE_LOGFILEW lf;
	enum wst_stop_reason why;
	HANDLE thread = NULL;

	memset(&lf, 0, sizeof lf);
	lf.LoggerName = cap->name;
	lf.ProcessTraceMode = PROCESS_TRACE_MODE_REAL_TIME | PROCESS_TRACE_MODE_EVENT_RECORD;
	lf.EventRecordCallback = wst_consumer_on_event;
	lf.BufferCallback = wst_consumer_on_buffer;
	lf.Context = &cap->consumer;
	cap->reader = api->open_trace(&lf);
	if (wst_trace_handle_invalid(cap->reader)) {
		DWORD err = GetLastError();
		wst_session_stop(&cap->session);
		wst_capture_open_error(cap->o->session, err);
		return WST_EXIT_FAILURE;
	}
	thread = CreateThread(NULL, 0, process_thread, cap, 0, NULL);
	if (!thread) {
		DWORD err = GetLastError();
		api->close_trace(cap->reader);
		wst_session_stop(&cap->session);
		wst_win_error(err, NULL, "cannot start the thread that reads the session");
		return WST_EXIT_FAILURE;
	}
	wst_capture_banner(cap->o, cap->session.took_over);

	why = cap->o->hooks ? start_traced(cap, thread) : WST_STOP_NONE;
	if (why == WST_STOP_NONE)
		why = wait_for_end(cap, wake, thread);
	wst_consumer_stop(&cap->consumer, why);
	why = (enum wst_stop_reason)cap->consumer.reason;
	/* Also when a Ctrl+C came at the same moment: ProcessTrace returning
	 * ERROR_SUCCESS by itself means the session is gone. */
	if (why == WST_STOP_ELSEWHERE ||
	    (WaitForSingleObject(thread, 0) == WAIT_OBJECT_0 && cap->process_rc == ERROR_SUCCESS))
		wst_session_ended_elsewhere(&cap->session);

	/* Stop first: a console close leaves little time. */
	ULONG stop_rc = wst_session_stop(&cap->session);
	if (stop_rc == ERROR_SUCCESS && cap->session.final.known)
		cap->polled = cap->session.final;
	/* A stuck stdout is given up from now on, so that the callback
	 * waiting for room in the queue returns and ProcessTrace can end. */
	wst_live_output_ending(cap->live);
	bool joined = end_reader(cap, thread);
	CloseHandle(thread);
	if (!joined) {
		cap->reader_alive = true;
		wst_warning("the thread reading the session did not end; the last events may be missing");
	}
	if (stop_rc != ERROR_SUCCESS && stop_rc != ERROR_WMI_INSTANCE_NOT_FOUND)
		wst_win_error(stop_rc, NULL, "cannot stop the session '%s'; stop it with 'wstrace stop "
		              "--session %s'", cap->o->session, cap->o->session);

	struct wst_capture_stats s;
	if (joined) {
		/* The reader is done: the output is this thread's alone. */
		wst_pipeline_finish(&cap->consumer.pipeline);
		current_stats(cap, &s);
		if (losses_grew(cap, &s) || cap->o->pipeline.format == WST_FORMAT_JSON)
			format_stats(cap, &s);
		wst_out_flush(cap->out);
	}
	uint64_t unwritten = wst_live_output_finish(cap->live);
	int error = cap->out->error ? cap->out->error : wst_live_output_error(cap->live);
	current_stats(cap, &s);
	wst_capture_summary(cap->o->session, why, &s, cap->process_rc);
	wst_pipeline_report_evictions(&cap->consumer.pipeline);

	if (error)
		return wst_capture_output_status(error);
	if (unwritten) {
		wst_error("standard output took nothing for %u s: the last %llu bytes of output were "
		          "not written", WST_OUTPUT_STALL_MS / 1000, (unsigned long long)unwritten);
		return WST_EXIT_FAILURE;
	}
	if (why == WST_STOP_CONSUMER || why == WST_STOP_TRACED_FAILED ||
	    (stop_rc != ERROR_SUCCESS && stop_rc != ERROR_WMI_INSTANCE_NOT_FOUND))
		return WST_EXIT_FAILURE;
	if (s.events_lost || s.buffers_lost)
		return WST_EXIT_LOST;
	return WST_EXIT_OK;
}

/* stdout's writer: the test's sink, else out's OS handle (what the C
 * runtime still holds for it is written first). */
static struct wst_live_output *start_output(struct capture *cap)
{
	struct wst_live_sink sink;

	if (cap->env->sink) {
		sink = *cap->env->sink;
	} else {
		fflush(cap->env->out);
		HANDLE h = (HANDLE)_get_osfhandle(_fileno(cap->env->out));
		wst_live_sink_for_handle(h, &sink, &cap->console_text);
	}
	return wst_live_output_start(&sink);
}

int wst_capture_run(const struct wst_capture_options *o, const struct wst_capture_env *env)
{
	static struct wst_out out;   /* 64 KB: one capture per process */
	struct capture *cap = calloc(1, sizeof *cap);
	struct wst_tdh_decoder *tdh = NULL;
	struct wst_image_cache *images = NULL;
	struct wst_session_config cfg;
	enum wst_session_step step;
	HANDLE wake = NULL, done = NULL;
	int status = WST_EXIT_FAILURE;

	if (!cap) {
		wst_error("out of memory");
		return WST_EXIT_FAILURE;
	}
	cap->o = o;
	cap->env = env;
	cap->out = &out;
	if (!prepare(cap, &cfg))
		goto free_cap;
	wake = CreateEventW(NULL, TRUE, FALSE, NULL);
	done = CreateEventW(NULL, TRUE, FALSE, NULL);
	if (o->decoder == WST_DECODER_TDH)
		tdh = wst_tdh_decoder_new(env->tdh_info);
	if (o->images)
		images = wst_image_cache_new(env->images);
	struct wst_pipeline_options popt = o->pipeline;
	if (o->hooks) {
		popt.keep = o->hooks->keep;
		popt.keep_ctx = o->hooks->ctx;
		popt.process = o->hooks->process;
		popt.process_ctx = o->hooks->ctx;
	}
	cap->live = start_output(cap);
	if (cap->live)
		wst_out_init_sink(&out, wst_live_output_push, cap->live);
	if (!wake || !done || !cap->live || (o->decoder == WST_DECODER_TDH && !tdh) ||
	    (o->images && !images) ||
	    wst_consumer_init(&cap->consumer, &popt, &out, tdh, images, wake) < 0) {
		wst_error("out of memory");
		goto free_all;
	}
	cap->consumer.limit = o->count;
	/* Installed before the session exists: a Ctrl+C during the start
	 * still reaches the cleanup below. */
	wst_console_ctrl_install(wake, done, &cap->session);

	ULONG rc = wst_session_start(&cap->session, env->api, &cfg, &step);
	if (rc != ERROR_SUCCESS) {
		wst_capture_start_error(o, step, rc);
		status = WST_EXIT_FAILURE;
	} else {
		if (cap->session.rundown_rc != ERROR_SUCCESS) {
			const char *name = wst_win_error_name(cap->session.rundown_rc);
			wst_warning("Kernel-Process refused its rundown (%s, %lu): processes already "
			            "running are named by OpenProcess only",
			            name ? name : "error", (unsigned long)cap->session.rundown_rc);
		}
		status = run_session(cap, wake);
	}
	SetEvent(done);
	wst_console_ctrl_remove();
	if (cap->reader_alive) {
		/* Its thread may still be in the callback: leave it all to the
		 * end of the process, which must not run the C runtime's exit. */
		if (env->reader_stuck)
			*env->reader_stuck = true;
		return status;
	}
	wst_consumer_free(&cap->consumer);
free_all:
	if (cap->live) {
		wst_live_output_finish(cap->live);
		wst_live_output_free(cap->live);
	}
	wst_image_cache_free(images);
	wst_tdh_decoder_free(tdh);
	if (wake)
		CloseHandle(wake);
	if (done)
		CloseHandle(done);
free_cap:
	free(cap);
	return status;
}
