/*
 * The session controller: one real-time ETW session with the AFD provider
 * enabled, started under a fixed name so that a session left behind by a
 * killed wstrace is found (and, with --force, taken over) by the next run.
 */
#ifndef WSTRACE_LIVE_SESSION_H
#define WSTRACE_LIVE_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "etw_api.h"

#define WST_SESSION_DEFAULT_NAME "wstrace"
/* Room for each name in a properties block: ControlTraceW writes the
 * session's names back, so the block is sized for the longest. */
#define WST_NAME_CHARS 1024

/* Level and keywords when none are given (docs/windows.md says why):
 * level 5 reaches the legacy verbose events (ids 18-41); keyword 0x4 is
 * the modern 1000 family, 0x8 the transport's 3000 family, 0x10000000000
 * the datagram drops. The legacy events have no keyword and pass any. */
#define WST_DEFAULT_LEVEL 5
#define WST_DEFAULT_KEYWORDS 0x1000000000cull

/* The providers beside AFD (docs/windows.md says why). Winsock-
 * NameResolution and DNS-Client: level 4 and every keyword, as Microsoft's
 * own network profile enables them; their events are informational.
 * Kernel-Process: level 4 and keyword 0x10 (WINEVENT_KEYWORD_PROCESS)
 * alone: process start, stop and rundown, not the thread and image events
 * that would flood the session. */
#define WST_NAMES_LEVEL 4
#define WST_NAMES_KEYWORDS 0ull
#define WST_PROCESS_LEVEL 4
#define WST_PROCESS_KEYWORDS 0x10ull

/* EVENT_TRACE_PROPERTIES followed by the space for its two names. */
struct wst_props {
	EVENT_TRACE_PROPERTIES p;
	WCHAR logger[WST_NAME_CHARS];
	WCHAR logfile[WST_NAME_CHARS];
};

/* A zeroed block with its size and both name offsets: what ControlTraceW
 * and QueryAllTracesW fill in. */
void wst_props_init(struct wst_props *b);

struct wst_session_config {
	const WCHAR *name;
	const WCHAR *etl_path;   /* full path: also write an .etl; NULL: real-time only */
	UCHAR level;
	ULONGLONG keywords;
	bool force;              /* stop a running session of the same name first */
	bool names;              /* also Winsock-NameResolution and DNS-Client */
	bool processes;          /* also Kernel-Process, and its rundown */
};

/* Counters of a session as ControlTraceW reports them. */
struct wst_session_stats {
	bool known;              /* false: Windows gave none (a STOP answering ERROR_MORE_DATA) */
	uint64_t events_lost;
	uint64_t rt_buffers_lost;
	uint64_t log_buffers_lost;
	uint64_t buffers_written;
	uint32_t buffer_kb, buffers, free_buffers;
};
void wst_session_stats_from(const EVENT_TRACE_PROPERTIES *p, struct wst_session_stats *st);

/* The controller's session. The console handler's thread may stop it
 * while the capture's thread polls or stops it: the lock makes each of
 * those one step, and after the first stop the handle is never used
 * again. */
struct wst_session {
	const struct wst_etw_api *api;
	const WCHAR *name;
	TRACEHANDLE handle;
	SRWLOCK lock;
	bool running;            /* started by this process, not stopped, not ended elsewhere */
	bool took_over;          /* --force stopped an earlier session of the name */
	ULONG stop_rc;           /* the STOP's answer, once stopped by this process */
	struct wst_session_stats final;   /* the counters the STOP returned */
	bool names, processes;   /* those providers enabled */
	ULONG rundown_rc;        /* Kernel-Process's CAPTURE_STATE: ERROR_SUCCESS or why not */
};

enum wst_session_step {
	WST_STEP_START,          /* StartTraceW */
	WST_STEP_TAKE_OVER,      /* ControlTraceW(STOP) of the earlier session */
	WST_STEP_ENABLE,         /* EnableTraceEx2 */
};

/* Starts the session and enables AFD, then the name and process providers
 * the config asks for, then asks Kernel-Process for its rundown
 * (EVENT_CONTROL_CODE_CAPTURE_STATE: a process_running event per process
 * already running; its failure is kept in rundown_rc, not fatal). Returns
 * ERROR_SUCCESS, or the error of the step *failed names; the session is
 * then not running (a session it started before the failing step is
 * stopped again). */
ULONG wst_session_start(struct wst_session *s, const struct wst_etw_api *api,
                        const struct wst_session_config *c, enum wst_session_step *failed);

/* ControlTraceW(QUERY) of the running session; ERROR_WMI_INSTANCE_NOT_FOUND
 * without a call once it is stopped or has ended. */
ULONG wst_session_query(struct wst_session *s, struct wst_session_stats *st);

/* ControlTraceW(FLUSH): the buffers being filled go to the reader now.
 * ERROR_WMI_INSTANCE_NOT_FOUND without a call once stopped or ended. */
ULONG wst_session_flush(struct wst_session *s);

/* Disables the providers and stops the session if this process still runs it, and
 * keeps the STOP's answer and counters in s (stop_rc, final): a second
 * call, from any thread, returns that answer. ERROR_MORE_DATA counts as
 * stopped (ERROR_SUCCESS, counters unknown). */
ULONG wst_session_stop(struct wst_session *s);

/* The session ended without this process (ProcessTrace returned because
 * it was stopped elsewhere): its logger id, the low bits of the handle,
 * may already belong to another session, so the handle is never used
 * again, for no DISABLE, STOP or QUERY. */
void wst_session_ended_elsewhere(struct wst_session *s);

/* ERROR_MORE_DATA from a STOP: the session is stopped, only its counters
 * did not fit the block (ControlTraceW's return codes). */
static inline ULONG wst_stop_answer(ULONG rc)
{
	return rc == ERROR_MORE_DATA ? ERROR_SUCCESS : rc;
}

/* Stops any session by name (wstrace stop, --force). */
ULONG wst_session_stop_by_name(const struct wst_etw_api *api, const WCHAR *name,
                               struct wst_session_stats *st);

#endif
