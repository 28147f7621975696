#include <stdlib.h>
#include <string.h>

#include "status_query.h"

/* QueryAllTracesW refuses more blocks than the system supports sessions
 * (ERROR_INVALID_PARAMETER) and says ERROR_MORE_DATA, filling all it was
 * given, when more sessions run: learn.microsoft.com/windows/win32/api/
 * evntrace/nf-evntrace-queryalltracesw. The documented maximum is 64;
 * Windows 10's EtwMaxLoggers sets 32 to 256. So: 64 first, then as many
 * as run when that was too few, 32 when 64 was refused. */
#define FIRST_COUNT 64
#define SMALLEST_MAX 32
#define MAX_SESSIONS 256
#define MAX_AFD_ENABLES 64

struct afd_enable {
	USHORT logger_id;
	UCHAR level;
	ULONGLONG keywords;
};

/* Every session the AFD provider is enabled in. Best effort: when
 * Windows will not tell, no session counts as having it. */
static size_t afd_enables(const struct wst_etw_api *api, struct afd_enable *out, size_t max)
{
	ULONG size = 0, rc;
	BYTE *buf = NULL;
	size_t n = 0;

	rc = api->enumerate_guids(TraceGuidQueryInfo, (PVOID)&wst_afd_guid, sizeof(GUID), NULL, 0,
	                          &size);
	if (rc != ERROR_INSUFFICIENT_BUFFER || size < sizeof(TRACE_GUID_INFO))
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	rc = api->enumerate_guids(TraceGuidQueryInfo, (PVOID)&wst_afd_guid, sizeof(GUID), buf, size,
	                          &size);
	if (rc == ERROR_SUCCESS && size >= sizeof(TRACE_GUID_INFO)) {
		const TRACE_GUID_INFO *g = (const TRACE_GUID_INFO *)buf;
		size_t at = sizeof *g;
		for (ULONG i = 0; i < g->InstanceCount; i++) {
			if (at + sizeof(TRACE_PROVIDER_INSTANCE_INFO) > size)
				break;
			const TRACE_PROVIDER_INSTANCE_INFO *p =
				(const TRACE_PROVIDER_INSTANCE_INFO *)(buf + at);
			const TRACE_ENABLE_INFO *e = (const TRACE_ENABLE_INFO *)(p + 1);
			size_t end = at + sizeof *p + (size_t)p->EnableCount * sizeof *e;
			for (ULONG k = 0; end <= size && k < p->EnableCount && n < max; k++) {
				out[n].logger_id = e[k].LoggerId;
				out[n].level = e[k].Level;
				out[n].keywords = e[k].MatchAnyKeyword;
				n++;
			}
			if (!p->NextOffset)
				break;
			at += p->NextOffset;
		}
	}
	free(buf);
	return n;
}

static void utf8_name(const struct wst_props *b, ULONG offset, char *out, int len)
{
	out[0] = '\0';
	if (offset < sizeof b->p || offset >= sizeof *b)
		return;
	const WCHAR *w = (const WCHAR *)((const BYTE *)b + offset);
	if (!WideCharToMultiByte(CP_UTF8, 0, w, -1, out, len, NULL, NULL))
		out[0] = '\0';
}

/* One QueryAllTracesW with count blocks; *blocks is calloc'ed. */
static ULONG query_sessions(const struct wst_etw_api *api, ULONG count, struct wst_props **blocks,
                            ULONG *sessions)
{
	PEVENT_TRACE_PROPERTIES ptrs[MAX_SESSIONS];

	*sessions = 0;
	*blocks = calloc(count, sizeof **blocks);
	if (!*blocks)
		return ERROR_NOT_ENOUGH_MEMORY;
	for (ULONG i = 0; i < count; i++) {
		wst_props_init(&(*blocks)[i]);
		ptrs[i] = &(*blocks)[i].p;
	}
	return api->query_all_traces(ptrs, count, sessions);
}

/* Every session Windows lists, in as many blocks as it accepts. *listed
 * is how many blocks hold one; *partial: more run than were listed. */
static ULONG all_sessions(const struct wst_etw_api *api, struct wst_props **blocks, ULONG *listed,
                          bool *partial)
{
	ULONG count = FIRST_COUNT, sessions;
	ULONG rc = query_sessions(api, count, blocks, &sessions);

	*partial = false;
	if (rc == ERROR_INVALID_PARAMETER) {
		free(*blocks);
		count = SMALLEST_MAX;
		rc = query_sessions(api, count, blocks, &sessions);
	}
	if (rc == ERROR_MORE_DATA && sessions > count && count == FIRST_COUNT) {
		/* More run than 64: as many as run, and room for a few started
		 * since. */
		ULONG more = sessions + 8 > MAX_SESSIONS ? MAX_SESSIONS : sessions + 8;
		struct wst_props *bigger;
		ULONG again;
		ULONG rc2 = query_sessions(api, more, &bigger, &again);
		if (rc2 == ERROR_SUCCESS || rc2 == ERROR_MORE_DATA) {
			free(*blocks);
			*blocks = bigger;
			count = more;
			sessions = again;
			rc = rc2;
		} else {
			free(bigger);
		}
	}
	if (rc == ERROR_MORE_DATA) {
		*partial = true;
		rc = ERROR_SUCCESS;
	}
	if (rc != ERROR_SUCCESS) {
		free(*blocks);
		*blocks = NULL;
		return rc;
	}
	*listed = sessions < count ? sessions : count;
	return ERROR_SUCCESS;
}

ULONG wst_status_query(const struct wst_etw_api *api, const char *name,
                       struct wst_status_row **rows, size_t *count, bool *partial)
{
	struct afd_enable enables[MAX_AFD_ENABLES];
	struct wst_props *blocks;
	ULONG sessions = 0;

	*rows = NULL;
	*count = 0;
	ULONG rc = all_sessions(api, &blocks, &sessions, partial);
	if (rc != ERROR_SUCCESS)
		return rc;
	/* Only asked when some session runs (Wine, which has none, lacks
	 * EnumerateTraceGuidsEx altogether). */
	size_t n_enables = sessions ? afd_enables(api, enables, MAX_AFD_ENABLES) : 0;
	*rows = calloc(sessions ? sessions : 1, sizeof **rows);
	if (!*rows) {
		free(blocks);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (ULONG i = 0; i < sessions; i++) {
		const struct wst_props *b = &blocks[i];
		struct wst_status_row *r = &(*rows)[*count];
		memset(r, 0, sizeof *r);
		utf8_name(b, b->p.LoggerNameOffset, r->name, sizeof r->name);
		utf8_name(b, b->p.LogFileNameOffset, r->log_file, sizeof r->log_file);
		/* The session's handle, whose low 16 bits are its logger id. */
		USHORT id = (USHORT)(b->p.Wnode.HistoricalContext & 0xffff);
		for (size_t k = 0; k < n_enables; k++) {
			if (enables[k].logger_id == id) {
				r->afd = true;
				r->level = enables[k].level;
				r->keywords = enables[k].keywords;
			}
		}
		if (!r->afd && strcmp(r->name, name) != 0)
			continue;
		r->real_time = (b->p.LogFileMode & EVENT_TRACE_REAL_TIME_MODE) != 0;
		wst_session_stats_from(&b->p, &r->stats);
		(*count)++;
	}
	free(blocks);
	return ERROR_SUCCESS;
}
