#include <stdlib.h>
#include <string.h>

#include "status_query.h"

/* QueryAllTracesW fills at most this many sessions; Windows allows 64 by
 * default and at most 256 (EtwMaxLoggers). */
#define MAX_SESSIONS 256
#define MAX_AFD_ENABLES 64

struct afd_enable {
	USHORT logger_id;
	UCHAR level;
	ULONGLONG keywords;
};

/* Every session the AFD provider is enabled in. Best effort: when
 * Windows will not tell, no session counts as having it. */
static size_t afd_enables(struct afd_enable *out, size_t max)
{
	ULONG size = 0, rc;
	BYTE *buf = NULL;
	size_t n = 0;

	rc = EnumerateTraceGuidsEx(TraceGuidQueryInfo, (PVOID)&wst_afd_guid, sizeof(GUID), NULL, 0,
	                           &size);
	if (rc != ERROR_INSUFFICIENT_BUFFER || size < sizeof(TRACE_GUID_INFO))
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	rc = EnumerateTraceGuidsEx(TraceGuidQueryInfo, (PVOID)&wst_afd_guid, sizeof(GUID), buf,
	                           size, &size);
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

ULONG wst_status_query(const char *name, struct wst_status_row **rows, size_t *count)
{
	struct wst_props *blocks = calloc(MAX_SESSIONS, sizeof *blocks);
	PEVENT_TRACE_PROPERTIES ptrs[MAX_SESSIONS];
	struct afd_enable enables[MAX_AFD_ENABLES];
	ULONG sessions = 0, rc;

	*rows = NULL;
	*count = 0;
	if (!blocks)
		return ERROR_NOT_ENOUGH_MEMORY;
	for (size_t i = 0; i < MAX_SESSIONS; i++) {
		wst_props_init(&blocks[i]);
		ptrs[i] = &blocks[i].p;
	}
	rc = QueryAllTracesW(ptrs, MAX_SESSIONS, &sessions);
	if (rc == ERROR_MORE_DATA)
		rc = ERROR_SUCCESS;  /* more than 256 sessions: the first ones */
	if (rc != ERROR_SUCCESS) {
		free(blocks);
		return rc;
	}
	/* Only asked when some session runs (Wine, which has none, lacks
	 * EnumerateTraceGuidsEx altogether). */
	size_t n_enables = sessions ? afd_enables(enables, MAX_AFD_ENABLES) : 0;
	*rows = calloc(sessions ? sessions : 1, sizeof **rows);
	if (!*rows) {
		free(blocks);
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	for (ULONG i = 0; i < sessions && i < MAX_SESSIONS; i++) {
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
