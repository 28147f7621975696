#include <string.h>

#include "consumer.h"
#include "fake_etw.h"

struct fake_etw fake;

static HANDLE closed;                /* set by CloseTrace: ProcessTrace returns */
static EVENT_TRACE_LOGFILEW *reader; /* what OpenTraceW was given */
static ULONG lost_so_far;

static void deliver(const struct wst_event *ev)
{
	EVENT_RECORD r;

	record_from_event(ev, &r, reader->Context);
	reader->EventRecordCallback(&r);
}

void fake_reset(void)
{
	memset(&fake, 0, sizeof fake);
	if (!closed)
		closed = CreateEventW(NULL, TRUE, FALSE, NULL);
	ResetEvent(closed);
	reader = NULL;
	lost_so_far = 0;
}

static ULONG WINAPI start_trace(PTRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props)
{
	unsigned n = fake.starts++;
	ULONG rc = n < 4 ? fake.start_rc[n] : ERROR_SUCCESS;

	wcsncpy(fake.logger, name, 63);
	fake.log_file_mode = props->LogFileMode;
	if (props->LogFileNameOffset)
		wcsncpy(fake.logfile, (const WCHAR *)((const BYTE *)props + props->LogFileNameOffset), 511);
	if (rc == ERROR_SUCCESS)
		*handle = 0xcafe;
	return rc;
}

static ULONG WINAPI control_trace(TRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props,
                                  ULONG code)
{
	(void)name;
	if (code == EVENT_TRACE_CONTROL_QUERY) {
		fake.queries++;
		lost_so_far += fake.events_lost_per_query;
		props->EventsLost = lost_so_far;
		props->BufferSize = 128;
		return ERROR_SUCCESS;
	}
	if (code == EVENT_TRACE_CONTROL_FLUSH) {
		fake.flushes++;
		return ERROR_SUCCESS;
	}
	if (code != EVENT_TRACE_CONTROL_STOP)
		return ERROR_INVALID_PARAMETER;
	if (handle == 0) {
		fake.stops_by_name++;
		return ERROR_SUCCESS;
	}
	fake.stops_by_handle++;
	props->EventsLost = lost_so_far;
	/* The session ends: a reader's ProcessTrace returns. */
	SetEvent(closed);
	return fake.stop_rc;
}

static ULONG WINAPI enable_trace(TRACEHANDLE handle, LPCGUID provider, ULONG code, UCHAR level,
                                 ULONGLONG any_keyword, ULONGLONG all_keyword, ULONG timeout,
                                 PENABLE_TRACE_PARAMETERS params)
{
	(void)handle, (void)all_keyword, (void)timeout, (void)params;
	if (IsEqualGUID(provider, &wst_kernel_process_win_guid)) {
		if (code == EVENT_CONTROL_CODE_DISABLE_PROVIDER)
			fake.process_disables++;
		else
			fake.process_enables++;
		return ERROR_SUCCESS;
	}
	if (code == EVENT_CONTROL_CODE_DISABLE_PROVIDER) {
		fake.disables++;
		return ERROR_SUCCESS;
	}
	fake.enables++;
	fake.level = level;
	fake.keywords = any_keyword;
	return fake.enable_rc;
}

static TRACEHANDLE WINAPI open_trace(PEVENT_TRACE_LOGFILEW logfile)
{
	fake.opens++;
	if (fake.open_fails) {
		SetLastError(fake.open_error);
		return INVALID_PROCESSTRACE_HANDLE;
	}
	reader = logfile;
	return 0xbeef;
}

/* Hands over the capture's events, then waits for the session's end
 * (STOP or CloseTrace), or ends at once as if stopped elsewhere. */
static ULONG WINAPI process_trace(PTRACEHANDLE handles, ULONG count, LPFILETIME start,
                                  LPFILETIME end)
{
	EVENT_RECORD r;

	(void)handles, (void)count, (void)start, (void)end;
	fake.processes++;
	for (unsigned i = 0; i < fake.lost_notices; i++) {
		lost_notice(&r, WST_RT_LOST_EVENT_OPCODE, reader->Context);
		reader->EventRecordCallback(&r);
	}
	for (size_t i = 0; fake.events && i < fake.events->count; i++)
		deliver(&fake.events->events[i]);
	if (fake.script)
		fake.script(deliver);
	if (!fake.ends_by_itself)
		WaitForSingleObject(closed, INFINITE);
	return fake.process_rc;
}

static ULONG WINAPI close_trace(TRACEHANDLE handle)
{
	(void)handle;
	fake.closes++;
	SetEvent(closed);
	return ERROR_CTX_CLOSE_PENDING;
}

const struct wst_etw_api fake_etw_api = {
	start_trace, control_trace, enable_trace, open_trace, process_trace, close_trace,
};
