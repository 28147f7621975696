#include <stddef.h>
#include <string.h>

#include "session.h"
#include "wstrace/schema.h"

/* A start that still meets ERROR_ALREADY_EXISTS right after the STOP of
 * the earlier session is retried this often (ETW may lag a moment). */
#define TAKE_OVER_TRIES 5
#define TAKE_OVER_PAUSE_MS 200

void wst_props_init(struct wst_props *b)
{
	memset(b, 0, sizeof *b);
	b->p.Wnode.BufferSize = sizeof *b;
	b->p.Wnode.Flags = WNODE_FLAG_TRACED_GUID;
	b->p.LoggerNameOffset = offsetof(struct wst_props, logger);
	b->p.LogFileNameOffset = offsetof(struct wst_props, logfile);
}

void wst_session_stats_from(const EVENT_TRACE_PROPERTIES *p, struct wst_session_stats *st)
{
	st->known = true;
	st->events_lost = p->EventsLost;
	st->rt_buffers_lost = p->RealTimeBuffersLost;
	st->log_buffers_lost = p->LogBuffersLost;
	st->buffers_written = p->BuffersWritten;
	st->buffer_kb = p->BufferSize;
	st->buffers = p->NumberOfBuffers;
	st->free_buffers = p->FreeBuffers;
}

/* Buffers for high event rates (AFD logs every send and receive): 128 KB
 * each, at least two per processor and 16, up to four times that and at
 * most 256 (32 MB of non-paged memory), flushed every second so that a
 * quiet session still shows its events promptly. */
static void size_buffers(EVENT_TRACE_PROPERTIES *p)
{
	DWORD cpus = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
	ULONG min = cpus * 2 > 16 ? cpus * 2 : 16;
	ULONG max = min * 4 > 64 ? min * 4 : 64;

	if (min > 128)
		min = 128;
	if (max > 256)
		max = 256;
	p->BufferSize = 128;
	p->MinimumBuffers = min;
	p->MaximumBuffers = max;
	p->FlushTimer = 1;
}

/* A fresh block for each StartTraceW: a STOP writes the old session's
 * settings into the block it is given. */
static void props_for_start(struct wst_props *b, const struct wst_session_config *c)
{
	memset(b, 0, sizeof *b);
	b->p.Wnode.BufferSize = sizeof *b;
	b->p.Wnode.Flags = WNODE_FLAG_TRACED_GUID;
	/* QPC timestamps; ProcessTrace hands them out as FILETIME anyway. */
	b->p.Wnode.ClientContext = 1;
	/* Paged buffers would be wrong here: afd.sys logs from kernel mode. */
	b->p.LogFileMode = EVENT_TRACE_REAL_TIME_MODE;
	size_buffers(&b->p);
	b->p.LoggerNameOffset = offsetof(struct wst_props, logger);
	if (c->etl_path) {
		b->p.LogFileMode |= EVENT_TRACE_FILE_MODE_SEQUENTIAL;
		b->p.LogFileNameOffset = offsetof(struct wst_props, logfile);
		wcsncpy(b->logfile, c->etl_path, WST_NAME_CHARS - 1);
	}
}

static ULONG start_once(struct wst_session *s, const struct wst_session_config *c)
{
	struct wst_props b;

	props_for_start(&b, c);
	return s->api->start_trace(&s->handle, c->name, &b.p);
}

ULONG wst_session_stop_by_name(const struct wst_etw_api *api, const WCHAR *name,
                               struct wst_session_stats *st)
{
	struct wst_props b;
	ULONG rc;

	wst_props_init(&b);
	rc = api->control_trace(0, name, &b.p, EVENT_TRACE_CONTROL_STOP);
	if (rc == ERROR_SUCCESS && st)
		wst_session_stats_from(&b.p, st);
	return wst_stop_answer(rc);
}

/* A provider's GUID from the generated table, in Windows' type. */
static GUID provider_guid(enum wst_provider provider)
{
	const struct wst_guid *g = &wst_provider_desc(provider)->guid;
	GUID w;

	w.Data1 = g->data1;
	w.Data2 = g->data2;
	w.Data3 = g->data3;
	memcpy(w.Data4, g->data4, sizeof w.Data4);
	return w;
}

static ULONG enable(struct wst_session *s, enum wst_provider provider, ULONG code, UCHAR level,
                    ULONGLONG keywords)
{
	GUID g = provider_guid(provider);

	return s->api->enable_trace(s->handle, &g, code, level, keywords, 0, 0, NULL);
}

/* The name and process providers; then the rundown, so that every process
 * already running has a name and an --etl file names them by itself. */
static ULONG enable_others(struct wst_session *s, const struct wst_session_config *c)
{
	ULONG rc;

	if (c->names) {
		s->names = true;
		rc = enable(s, WST_PROVIDER_NAME_RESOLUTION, EVENT_CONTROL_CODE_ENABLE_PROVIDER,
		            WST_NAMES_LEVEL, WST_NAMES_KEYWORDS);
		if (rc == ERROR_SUCCESS)
			rc = enable(s, WST_PROVIDER_DNS_CLIENT, EVENT_CONTROL_CODE_ENABLE_PROVIDER,
			            WST_NAMES_LEVEL, WST_NAMES_KEYWORDS);
		if (rc != ERROR_SUCCESS)
			return rc;
	}
	if (c->processes) {
		s->processes = true;
		rc = enable(s, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_ENABLE_PROVIDER,
		            WST_PROCESS_LEVEL, WST_PROCESS_KEYWORDS);
		if (rc != ERROR_SUCCESS)
			return rc;
		s->rundown_rc = enable(s, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_CAPTURE_STATE,
		                       WST_PROCESS_LEVEL, WST_PROCESS_KEYWORDS);
	}
	return ERROR_SUCCESS;
}

ULONG wst_session_start(struct wst_session *s, const struct wst_etw_api *api,
                        const struct wst_session_config *c, enum wst_session_step *failed)
{
	ULONG rc;

	memset(s, 0, sizeof *s);
	InitializeSRWLock(&s->lock);
	s->api = api;
	s->name = c->name;
	*failed = WST_STEP_START;
	rc = start_once(s, c);
	if (rc == ERROR_ALREADY_EXISTS && c->force) {
		rc = wst_session_stop_by_name(api, c->name, NULL);
		if (rc != ERROR_SUCCESS && rc != ERROR_WMI_INSTANCE_NOT_FOUND) {
			*failed = WST_STEP_TAKE_OVER;
			return rc;
		}
		s->took_over = true;
		for (int i = 0; i < TAKE_OVER_TRIES; i++) {
			rc = start_once(s, c);
			if (rc != ERROR_ALREADY_EXISTS)
				break;
			Sleep(TAKE_OVER_PAUSE_MS);
		}
	}
	if (rc != ERROR_SUCCESS)
		return rc;
	s->running = true;

	/* MatchAllKeyword 0: any of the keywords will do. No filter
	 * descriptors: a PID filter would switch a kernel provider off. */
	rc = api->enable_trace(s->handle, &wst_afd_guid, EVENT_CONTROL_CODE_ENABLE_PROVIDER,
	                       c->level, c->keywords, 0, 0, NULL);
	if (rc == ERROR_SUCCESS)
		rc = enable_others(s, c);
	if (rc != ERROR_SUCCESS) {
		*failed = WST_STEP_ENABLE;
		wst_session_stop(s);
	}
	return rc;
}

ULONG wst_session_query(struct wst_session *s, struct wst_session_stats *st)
{
	struct wst_props b;
	ULONG rc = ERROR_WMI_INSTANCE_NOT_FOUND;

	wst_props_init(&b);
	AcquireSRWLockShared(&s->lock);
	if (s->running)
		rc = s->api->control_trace(s->handle, NULL, &b.p, EVENT_TRACE_CONTROL_QUERY);
	ReleaseSRWLockShared(&s->lock);
	if (rc == ERROR_SUCCESS)
		wst_session_stats_from(&b.p, st);
	return rc;
}

ULONG wst_session_flush(struct wst_session *s)
{
	struct wst_props b;
	ULONG rc = ERROR_WMI_INSTANCE_NOT_FOUND;

	wst_props_init(&b);
	AcquireSRWLockExclusive(&s->lock);
	if (s->running)
		rc = s->api->control_trace(s->handle, NULL, &b.p, EVENT_TRACE_CONTROL_FLUSH);
	ReleaseSRWLockExclusive(&s->lock);
	return rc;
}

ULONG wst_session_stop(struct wst_session *s)
{
	struct wst_props b;

	AcquireSRWLockExclusive(&s->lock);
	if (s->running) {
		s->running = false;
		/* Disabling first is what tidy controllers do; the STOP alone
		 * would do, and its error is the one that counts. */
		s->api->enable_trace(s->handle, &wst_afd_guid, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0,
		                     0, 0, NULL);
		if (s->names) {
			enable(s, WST_PROVIDER_NAME_RESOLUTION, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
			enable(s, WST_PROVIDER_DNS_CLIENT, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
		}
		if (s->processes)
			enable(s, WST_PROVIDER_KERNEL_PROCESS, EVENT_CONTROL_CODE_DISABLE_PROVIDER, 0, 0);
		wst_props_init(&b);
		s->stop_rc = s->api->control_trace(s->handle, NULL, &b.p, EVENT_TRACE_CONTROL_STOP);
		if (s->stop_rc == ERROR_SUCCESS)
			wst_session_stats_from(&b.p, &s->final);
		s->stop_rc = wst_stop_answer(s->stop_rc);
	}
	ULONG rc = s->stop_rc;
	ReleaseSRWLockExclusive(&s->lock);
	return rc;
}

void wst_session_ended_elsewhere(struct wst_session *s)
{
	AcquireSRWLockExclusive(&s->lock);
	if (s->running) {
		s->running = false;
		s->stop_rc = ERROR_WMI_INSTANCE_NOT_FOUND;
	}
	ReleaseSRWLockExclusive(&s->lock);
}
