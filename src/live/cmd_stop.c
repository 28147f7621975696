/* wstrace stop: stops a session from another prompt; a `wstrace start`
 * reading it then ends by itself. */
#include <stdio.h>
#include <string.h>

#include "capture_messages.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "session.h"
#include "win_error.h"
#include "wstrace/diag.h"

static const char stop_usage[] =
	"usage: wstrace stop [--session NAME]\n"
	"\n"
	"Stops the trace session NAME (default wstrace), for example one a 'wstrace start'\n"
	"in another prompt is reading, or one left behind by a wstrace that was killed,\n"
	"and prints its counters. Needs an elevated prompt (or Performance Log Users).\n"
	"\n"
	"Exit status: 0 stopped, 1 failure (no such session, access denied), 2 usage.\n";

int wst_cmd_stop(int argc, char **argv)
{
	const char *session = WST_SESSION_DEFAULT_NAME;
	WCHAR name[WST_NAME_CHARS];
	struct wst_session_stats st;

	for (int i = 0; i < argc; i++) {
		struct wst_arg a;
		if (!wst_arg_parse(argv[i], &a))
			return wst_usage_error("stop takes no argument '%s'", argv[i]);
		if (strcmp(a.name, "help") == 0) {
			fputs(stop_usage, stdout);
			return wst_finish_stdout();
		}
		if (strcmp(a.name, "session") != 0)
			return wst_usage_error("unknown option '%s'", argv[i]);
		if (!wst_arg_value(&a, argc, argv, &i))
			return WST_EXIT_USAGE;
		session = a.value;
	}
	if (!session[0] || !MultiByteToWideChar(CP_ACP, 0, session, -1, name, WST_NAME_CHARS))
		return wst_usage_error("invalid session name '%s'", session);

	memset(&st, 0, sizeof st);
	ULONG rc = wst_session_stop_by_name(&wst_etw_windows, name, &st);
	if (rc == ERROR_WMI_INSTANCE_NOT_FOUND) {
		wst_error("no session named '%s' is running ('wstrace status' lists the sessions)",
		          session);
		return WST_EXIT_FAILURE;
	}
	if (rc != ERROR_SUCCESS) {
		wst_win_error(rc, rc == ERROR_ACCESS_DENIED ? wst_access_advice() : NULL,
		              "cannot stop the session '%s'", session);
		return WST_EXIT_FAILURE;
	}
	if (!st.known) {
		/* ERROR_MORE_DATA: stopped, but the counters did not come back. */
		printf("stopped session '%s' (Windows returned no counters)\n", session);
		return wst_finish_stdout();
	}
	printf("stopped session '%s': %llu events lost, %llu real-time buffers lost, "
	       "%llu log buffers lost, %llu buffers written\n", session,
	       (unsigned long long)st.events_lost, (unsigned long long)st.rt_buffers_lost,
	       (unsigned long long)st.log_buffers_lost, (unsigned long long)st.buffers_written);
	return wst_finish_stdout();
}
