/* A scripted stand-in for Windows' ETW calls: what the session controller
 * asks, counted, and what a real Windows could answer, chosen by the
 * test (Wine's own ETW is a set of stubs that always succeed, except
 * OpenTraceW). */
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
	ULONG stop_rc;                /* ControlTraceW(STOP) by handle */
	bool ends_by_itself;          /* ProcessTrace returns after the events: stopped elsewhere */
	ULONG process_rc;
	ULONG events_lost_per_query;  /* EventsLost grows by this at each QUERY */
	const struct loaded_capture *events;
	unsigned lost_notices;        /* RT_LostEvent notices sent before the events */
	/* Run by ProcessTrace after the events, before it waits for the end:
	 * events made at run time (those of a program being traced), each
	 * handed to deliver. */
	void (*script)(void (*deliver)(const struct wst_event *ev));

	/* What was asked. */
	unsigned starts, enables, disables, opens, closes, processes, queries;
	unsigned stops_by_handle, stops_by_name, flushes;
	unsigned process_enables, process_disables;  /* Kernel-Process */
	UCHAR level;                  /* AFD's */
	ULONGLONG keywords;
	ULONG log_file_mode;
	WCHAR logger[64];
	WCHAR logfile[512];
};

extern struct fake_etw fake;
extern const struct wst_etw_api fake_etw_api;

/* Everything zero: every call succeeds, no events. */
void fake_reset(void);

#endif
