/* wstrace stop: stops a session from another prompt; a `wstrace start`
 * reading it then ends by itself. */
#include <stdio.h>
#include <string.h>

#include "capture_messages.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "session.h"
#include "win_error.h"
#include "wstrace/diag.h"

int wst_cmd_stop(int argc, char **argv)
{
	const char *session = WST_SESSION_DEFAULT_NAME;
	WCHAR name[WST_NAME_CHARS];
	struct wst_session_stats st;

	const struct wst_option options[] = {
		WST_OPT_STRING("session", 0, &session, "NAME", "the session to stop (default wstrace)"),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace stop [--session NAME]",
		"Stops the trace session NAME (default wstrace), for example one a 'wstrace start'\n"
		"in another prompt is reading, or one left behind by a wstrace that was killed,\n"
		"and prints its counters. Needs an elevated prompt (or Performance Log Users).\n",
		options,
		"Exit status: 0 stopped, 1 failure (no such session, access denied), 2 usage.\n",
		false,
	};
	struct wst_words words;

	int status = wst_options_parse(&command, argc, argv, &words);
	if (!status)
		status = wst_options_no_words(&words, "stop");
	if (status)
		return status == WST_OPTIONS_HELP ? wst_finish_stdout() : status;
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
