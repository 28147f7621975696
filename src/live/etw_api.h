/*
 * The ETW controller and consumer calls wstrace makes, through a table:
 * the live capture takes one, Windows' own in wstrace.exe, stand-ins in
 * the tests (Wine's ETW is a set of stubs, so the tests script what a real
 * Windows would answer: a session left behind, a refused consumer, events,
 * losses, a session stopped from elsewhere).
 */
#ifndef WSTRACE_LIVE_ETW_API_H
#define WSTRACE_LIVE_ETW_API_H

#include "mingw_compat.h"

struct wst_etw_api {
	ULONG (WINAPI *start_trace)(PTRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props);
	ULONG (WINAPI *control_trace)(TRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props,
	                              ULONG code);
	ULONG (WINAPI *enable_trace)(TRACEHANDLE handle, LPCGUID provider, ULONG code, UCHAR level,
	                             ULONGLONG any_keyword, ULONGLONG all_keyword, ULONG timeout,
	                             PENABLE_TRACE_PARAMETERS params);
	TRACEHANDLE (WINAPI *open_trace)(PEVENT_TRACE_LOGFILEW logfile);
	ULONG (WINAPI *process_trace)(PTRACEHANDLE handles, ULONG count, LPFILETIME start,
	                              LPFILETIME end);
	ULONG (WINAPI *close_trace)(TRACEHANDLE handle);
	ULONG (WINAPI *query_all_traces)(PEVENT_TRACE_PROPERTIES *props, ULONG count, PULONG sessions);
	ULONG (WINAPI *enumerate_guids)(TRACE_QUERY_INFO_CLASS what, PVOID in, ULONG in_size,
	                                PVOID out, ULONG out_size, PULONG return_size);
};

/* advapi32's functions. */
extern const struct wst_etw_api wst_etw_windows;

/* Microsoft-Windows-Winsock-AFD in Windows' GUID type. */
extern const GUID wst_afd_guid;


#endif
