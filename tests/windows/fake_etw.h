/* A scripted stand-in for Windows' ETW calls that holds the caller to the
 * documented contracts: what a real Windows would refuse fails here too,
 * or is counted as a violation the tests assert to be zero. Wine's own
 * ETW is a set of stubs that always succeed, except OpenTraceW.
 *
 * The session model: StartTraceW gives the session a logger id, and the
 * handle is that id (as a real handle's low bits are). A session stopped
 * elsewhere frees its id, which another session may take at once: a
 * DISABLE, STOP or QUERY on the old handle then reaches that other
 * session (foreign_calls). After a STOP, ProcessTrace delivers what the
 * STOP flushed (tail) a moment later and returns; after CloseTrace it
 * takes no new events (CloseTrace's documented ERROR_CTX_CLOSE_PENDING). */
#ifndef WSTRACE_TEST_FAKE_ETW_H
#define WSTRACE_TEST_FAKE_ETW_H

#include <stdbool.h>

#include "etw_api.h"
#include "record_builder.h"

struct fake_etw {
	/* Answers. */
	ULONG start_rc[4];            /* successive StartTraceW results; then success */
	ULONG enable_rc;
	bool open_fails;              /* OpenTraceW: INVALID_PROCESSTRACE_HANDLE + open_error */
	DWORD open_error;
	ULONG stop_rc;                /* ControlTraceW(STOP) of the session by handle */
	ULONG stop_by_name_rc;        /* ControlTraceW(STOP) by name */
	bool ends_by_itself;          /* after the events the session is stopped elsewhere ... */
	bool id_reused;               /* ... and another session takes its logger id at once */
	bool hangs;                   /* ProcessTrace never returns (until fake_release) */
	ULONG process_rc;
	ULONG events_lost_per_query;
	const struct loaded_capture *events;
	unsigned repeat;              /* the events this many times (0: once) */
	size_t tail;                  /* the last events: what the STOP flushes */
	unsigned buffer_events;       /* BufferCallback after this many events (0: 16) */
	unsigned lost_notices;        /* RT_LostEvent notices sent before the events */
	ULONG max_sessions;           /* QueryAllTracesW: the system's maximum (0: 64) */
	ULONG other_sessions;         /* sessions running besides ours, named s0, s1, ... */
	/* Run by ProcessTrace after the events, before it waits for the end:
	 * events made at run time (those of a program being traced), each
	 * handed to deliver. */
	void (*script)(void (*deliver)(const struct wst_event *ev));

	/* What was asked. */
	unsigned starts, enables, disables, opens, closes, processes, queries;
	unsigned stops_by_handle, stops_by_name, buffer_callbacks, flushes;
	unsigned query_all_calls;
	ULONG query_all_counts[4];    /* the counts QueryAllTracesW was given */
	UCHAR level;                  /* the AFD enable's */
	ULONGLONG keywords;
	struct fake_enable {          /* every EnableTraceEx2, in order */
		GUID provider;
		ULONG code;
		UCHAR level;
		ULONGLONG keywords;
	} calls[16];
	unsigned call_count;
	ULONG capture_state_rc;       /* the answer to EVENT_CONTROL_CODE_CAPTURE_STATE */
	ULONG log_file_mode;
	WCHAR logger[64];
	WCHAR logfile[512];

	/* Violations of the contracts: every test expects zero. */
	unsigned foreign_calls;       /* the old handle used after the session ended */
	unsigned closes_while_processing;  /* CloseTrace before ProcessTrace returned, after STOP */
	unsigned bad_closes;          /* CloseTrace of a handle not open */
};

extern struct fake_etw fake;
extern const struct wst_etw_api fake_etw_api;

/* Everything zero: every call succeeds, no events. */
void fake_reset(void);
/* Lets a hanging ProcessTrace return. */
void fake_release(void);

#endif
