#include <string.h>

#include "consumer.h"
#include "fake_etw.h"

#define OUR_LOGGER_ID 0x1b
#define DELIVERY_LAG_MS 50

struct fake_etw fake;

static HANDLE stopped, closed, released;
static EVENT_TRACE_LOGFILEW *reader;
static ULONG lost_so_far;
static volatile LONG ours_running, id_taken, processing, reader_open;

void fake_reset(void)
{
	memset(&fake, 0, sizeof fake);
	if (!stopped) {
		stopped = CreateEventW(NULL, TRUE, FALSE, NULL);
		closed = CreateEventW(NULL, TRUE, FALSE, NULL);
		released = CreateEventW(NULL, TRUE, FALSE, NULL);
	}
	ResetEvent(stopped);
	ResetEvent(closed);
	ResetEvent(released);
	reader = NULL;
	lost_so_far = 0;
	ours_running = id_taken = processing = reader_open = 0;
}

void fake_release(void)
{
	SetEvent(released);
}

static ULONG WINAPI start_trace(PTRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props)
{
	unsigned n = fake.starts++;
	ULONG rc = n < 4 ? fake.start_rc[n] : ERROR_SUCCESS;

	wcsncpy(fake.logger, name, 63);
	fake.log_file_mode = props->LogFileMode;
	if (props->LogFileNameOffset)
		wcsncpy(fake.logfile, (const WCHAR *)((const BYTE *)props + props->LogFileNameOffset), 511);
	if (rc == ERROR_SUCCESS) {
		*handle = OUR_LOGGER_ID;
		ours_running = 1;
	}
	return rc;
}

/* A call on our handle once our session is gone: not found, or, when the
 * id went to another session, a call that reached that session. */
static ULONG gone(void)
{
	if (id_taken) {
		fake.foreign_calls++;
		return ERROR_SUCCESS;
	}
	return ERROR_WMI_INSTANCE_NOT_FOUND;
}

static ULONG WINAPI control_trace(TRACEHANDLE handle, LPCWSTR name, PEVENT_TRACE_PROPERTIES props,
                                  ULONG code)
{
	if (code != EVENT_TRACE_CONTROL_QUERY && code != EVENT_TRACE_CONTROL_STOP &&
	    code != EVENT_TRACE_CONTROL_FLUSH)
		return ERROR_INVALID_PARAMETER;
	if (handle == 0) {
		if (!name || code != EVENT_TRACE_CONTROL_STOP)
			return ERROR_INVALID_PARAMETER;
		fake.stops_by_name++;
		return fake.stop_by_name_rc;
	}
	if (handle != OUR_LOGGER_ID)
		return ERROR_INVALID_PARAMETER;   /* InstanceName NULL, handle not valid */
	if (code == EVENT_TRACE_CONTROL_FLUSH) {
		fake.flushes++;
		return ours_running ? ERROR_SUCCESS : gone();
	}
	if (code == EVENT_TRACE_CONTROL_QUERY) {
		fake.queries++;
		if (!ours_running)
			return gone();
		lost_so_far += fake.events_lost_per_query;
		props->EventsLost = lost_so_far;
		props->BufferSize = 128;
		return ERROR_SUCCESS;
	}
	fake.stops_by_handle++;
	if (!ours_running)
		return gone();
	ours_running = 0;
	props->EventsLost = lost_so_far;
	SetEvent(stopped);
	return fake.stop_rc;
}

static ULONG WINAPI enable_trace(TRACEHANDLE handle, LPCGUID provider, ULONG code, UCHAR level,
                                 ULONGLONG any_keyword, ULONGLONG all_keyword, ULONG timeout,
                                 PENABLE_TRACE_PARAMETERS params)
{
	(void)all_keyword, (void)timeout, (void)params;
	if (handle != OUR_LOGGER_ID)
		return ERROR_INVALID_PARAMETER;
	if (fake.call_count < sizeof fake.calls / sizeof fake.calls[0]) {
		struct fake_enable *c = &fake.calls[fake.call_count++];
		c->provider = *provider;
		c->code = code;
		c->level = level;
		c->keywords = any_keyword;
	}
	if (code == EVENT_CONTROL_CODE_DISABLE_PROVIDER) {
		fake.disables++;
		return ours_running ? ERROR_SUCCESS : gone();
	}
	if (code == EVENT_CONTROL_CODE_CAPTURE_STATE)
		return fake.capture_state_rc;
	fake.enables++;
	if (IsEqualGUID(provider, &wst_afd_guid)) {
		fake.level = level;
		fake.keywords = any_keyword;
	}
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
	reader_open = 1;
	return 0xbeef;
}

static void deliver(size_t from, size_t to, unsigned *in_buffer)
{
	unsigned per_buffer = fake.buffer_events ? fake.buffer_events : 16;
	EVENT_RECORD r;

	for (size_t i = from; i < to; i++) {
		record_from_event(&fake.events->events[i], &r, reader->Context);
		reader->EventRecordCallback(&r);
		if (++*in_buffer == per_buffer && reader->BufferCallback) {
			fake.buffer_callbacks++;
			reader->BufferCallback(reader);
			*in_buffer = 0;
		}
	}
}

/* One event made by a script, in a buffer of its own. */
static void deliver_one(const struct wst_event *ev)
{
	EVENT_RECORD r;

	record_from_event(ev, &r, reader->Context);
	reader->EventRecordCallback(&r);
	if (reader->BufferCallback) {
		fake.buffer_callbacks++;
		reader->BufferCallback(reader);
	}
}

static void end_of_buffer(unsigned *in_buffer)
{
	if (*in_buffer && reader->BufferCallback) {
		fake.buffer_callbacks++;
		reader->BufferCallback(reader);
	}
	*in_buffer = 0;
}

static ULONG WINAPI process_trace(PTRACEHANDLE handles, ULONG count, LPFILETIME start,
                                  LPFILETIME end)
{
	size_t n = fake.events ? fake.events->count : 0;
	size_t tail = fake.tail < n ? fake.tail : n;
	unsigned in_buffer = 0;
	EVENT_RECORD r;

	(void)handles, (void)count, (void)start, (void)end;
	fake.processes++;
	processing = 1;
	for (unsigned i = 0; i < fake.lost_notices; i++) {
		lost_notice(&r, WST_RT_LOST_EVENT_OPCODE, reader->Context);
		reader->EventRecordCallback(&r);
	}
	for (unsigned pass = 0; pass <= fake.repeat; pass++)
		deliver(0, pass == fake.repeat ? n - tail : n, &in_buffer);
	end_of_buffer(&in_buffer);
	if (fake.script)
		fake.script(deliver_one);
	if (fake.hangs) {
		WaitForSingleObject(released, INFINITE);
	} else if (fake.ends_by_itself) {
		/* Stopped elsewhere: ETW flushes, ProcessTrace returns. */
		/* The id goes to another session once this one is gone; the
		 * fake gives it away at CloseTrace (below), which the controller
		 * calls only after it saw ProcessTrace return: from then on any
		 * call on the old handle would reach that other session. Earlier
		 * (while ProcessTrace still returns) the controller cannot know,
		 * so a QUERY of its poll there is no fault of its own. */
		ours_running = 0;
		deliver(n - tail, n, &in_buffer);
		end_of_buffer(&in_buffer);
	} else {
		HANDLE either[2] = { stopped, closed };
		if (WaitForMultipleObjects(2, either, FALSE, INFINITE) == WAIT_OBJECT_0 &&
		    WaitForSingleObject(closed, DELIVERY_LAG_MS) == WAIT_TIMEOUT) {
			/* The STOP's last buffers, unless CloseTrace came first. */
			deliver(n - tail, n, &in_buffer);
			end_of_buffer(&in_buffer);
		}
	}
	processing = 0;
	return fake.process_rc;
}

static ULONG WINAPI close_trace(TRACEHANDLE handle)
{
	fake.closes++;
	if (handle != 0xbeef || !reader_open) {
		fake.bad_closes++;
		return ERROR_INVALID_HANDLE;
	}
	reader_open = 0;
	if (fake.ends_by_itself && fake.id_reused)
		id_taken = 1;
	SetEvent(closed);
	if (processing) {
		if (WaitForSingleObject(stopped, 0) == WAIT_OBJECT_0)
			fake.closes_while_processing++;
		return ERROR_CTX_CLOSE_PENDING;
	}
	return ERROR_SUCCESS;
}

/* Our session (when running) and fake.other_sessions others. */
static ULONG WINAPI query_all_traces(PEVENT_TRACE_PROPERTIES *props, ULONG count, PULONG sessions)
{
	ULONG max = fake.max_sessions ? fake.max_sessions : 64;
	ULONG running = fake.other_sessions + (ours_running ? 1 : 0);

	if (fake.query_all_calls < 4)
		fake.query_all_counts[fake.query_all_calls] = count;
	fake.query_all_calls++;
	if (!props || count == 0 || count > max)
		return ERROR_INVALID_PARAMETER;
	*sessions = running;
	for (ULONG i = 0; i < running && i < count; i++) {
		EVENT_TRACE_PROPERTIES *p = props[i];
		WCHAR *name = (WCHAR *)((BYTE *)p + p->LoggerNameOffset);
		if (i < fake.other_sessions)
			swprintf(name, 16, L"s%lu", (unsigned long)i);
		else
			wcscpy(name, fake.logger);
		p->Wnode.HistoricalContext = i < fake.other_sessions ? 0x100 + i : OUR_LOGGER_ID;
		p->LogFileMode = EVENT_TRACE_REAL_TIME_MODE;
		p->BufferSize = 64;
	}
	return running > count ? ERROR_MORE_DATA : ERROR_SUCCESS;
}

/* AFD is enabled in no session: what Windows answers then. */
static ULONG WINAPI enumerate_guids(TRACE_QUERY_INFO_CLASS what, PVOID in, ULONG in_size, PVOID out,
                                    ULONG out_size, PULONG return_size)
{
	(void)what, (void)in, (void)in_size, (void)out, (void)out_size;
	*return_size = 0;
	return ERROR_NOT_FOUND;
}

const struct wst_etw_api fake_etw_api = {
	start_trace, control_trace, enable_trace, open_trace, process_trace, close_trace,
	query_all_traces, enumerate_guids,
};
