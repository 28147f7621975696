/* The data behind `wstrace status`: every running session from
 * QueryAllTracesW, the AFD provider's enablements from
 * EnumerateTraceGuidsEx, joined on the logger id. */
#ifndef WSTRACE_LIVE_STATUS_QUERY_H
#define WSTRACE_LIVE_STATUS_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"

struct wst_status_row {
	char name[256];              /* UTF-8 */
	char log_file[512];          /* UTF-8; "" for none */
	bool afd;                    /* the AFD provider is enabled in it */
	bool real_time;
	unsigned level;
	unsigned long long keywords;
	struct wst_session_stats stats;
};

/* Sessions with AFD enabled or named `name`, in Windows' order; *rows is
 * malloc'ed (free it); *partial: more sessions run than Windows listed.
 * Returns ERROR_SUCCESS or QueryAllTracesW's error. */
ULONG wst_status_query(const struct wst_etw_api *api, const char *name,
                       struct wst_status_row **rows, size_t *count, bool *partial);

#endif
