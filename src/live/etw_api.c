#include "etw_api.h"

/* Plain wrappers rather than the functions' addresses: the SDK's newest
 * prototypes use typedefs (PROCESSTRACE_HANDLE, CONTROLTRACE_ID) that
 * mingw-w64 lacks, and a wrapper compiles against either. */
static ULONG WINAPI start_trace(PTRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props)
{
	return StartTraceW(handle, name, props);
}

static ULONG WINAPI control_trace(TRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props,
                                  ULONG code)
{
	return ControlTraceW(handle, name, props, code);
}

static ULONG WINAPI enable_trace(TRACEHANDLE handle, LPCGUID provider, ULONG code, UCHAR level,
                                 ULONGLONG any_keyword, ULONGLONG all_keyword, ULONG timeout,
                                 PENABLE_TRACE_PARAMETERS params)
{
	return EnableTraceEx2(handle, provider, code, level, any_keyword, all_keyword, timeout,
	                      params);
}

static TRACEHANDLE WINAPI open_trace(PEVENT_TRACE_LOGFILEW logfile)
{
	return OpenTraceW(logfile);
}

static ULONG WINAPI process_trace(PTRACEHANDLE handles, ULONG count, LPFILETIME start,
                                  LPFILETIME end)
{
	return ProcessTrace(handles, count, start, end);
}

static ULONG WINAPI close_trace(TRACEHANDLE handle)
{
	return CloseTrace(handle);
}

static ULONG WINAPI query_all_traces(PEVENT_TRACE_PROPERTIES *props, ULONG count, PULONG sessions)
{
	return QueryAllTracesW(props, count, sessions);
}

static ULONG WINAPI enumerate_guids(TRACE_QUERY_INFO_CLASS what, PVOID in, ULONG in_size, PVOID out,
                                    ULONG out_size, PULONG return_size)
{
	return EnumerateTraceGuidsEx(what, in, in_size, out, out_size, return_size);
}

const struct wst_etw_api wst_etw_windows = {
	start_trace, control_trace, enable_trace, open_trace, process_trace, close_trace,
	query_all_traces, enumerate_guids,
};

/* {e53c6823-7bb8-44bb-90dc-3f86090d48a6}; DEFINE_GUID without INITGUID
 * would only declare it. */
const GUID wst_afd_guid = {
	0xe53c6823, 0x7bb8, 0x44bb, { 0x90, 0xdc, 0x3f, 0x86, 0x09, 0x0d, 0x48, 0xa6 }
};
