#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "capture_messages.h"
#include "win_error.h"
#include "wstrace/diag.h"

bool wst_is_elevated(void)
{
	HANDLE token;
	TOKEN_ELEVATION e;
	DWORD len = 0;
	bool elevated = false;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return false;
	if (GetTokenInformation(token, TokenElevation, &e, sizeof e, &len))
		elevated = e.TokenIsElevated != 0;
	CloseHandle(token);
	return elevated;
}

/* Elevation is only used to word the message better: members of
 * Performance Log Users may trace without it. */
const char *wst_access_advice(void)
{
	static char text[256];

	if (!wst_is_elevated())
		return wst_advice_elevate;
	snprintf(text, sizeof text, "%s (this prompt is already elevated: a security policy may "
	         "restrict event tracing)", wst_advice_elevate);
	return text;
}

void wst_capture_banner(const struct wst_capture_options *o, bool took_over)
{
	fprintf(stderr, "wstrace: capturing Microsoft-Windows-Winsock-AFD in session '%s' "
	        "(level %u, keywords 0x%llx)%s%s%s; Ctrl+C stops\n",
	        o->session, o->level, o->keywords, o->etl_path ? ", also writing " : "",
	        o->etl_path ? o->etl_path : "",
	        took_over ? ", after stopping the session of the same name left running" : "");
}

void wst_capture_start_error(const struct wst_capture_options *o, enum wst_session_step step,
                             unsigned long rc)
{
	char advice[320];

	switch (step) {
	case WST_STEP_START:
		if (rc == ERROR_ALREADY_EXISTS) {
			snprintf(advice, sizeof advice,
			         "a session of that name is already running, probably left behind by a "
			         "wstrace that was killed: 'wstrace start --force' takes it over, "
			         "'wstrace stop --session %s' stops it", o->session);
			wst_win_error(rc, advice, "cannot start the session '%s'", o->session);
		} else {
			wst_win_error(rc, rc == ERROR_ACCESS_DENIED ? wst_access_advice() : NULL,
			              "cannot start the session '%s'", o->session);
		}
		break;
	case WST_STEP_TAKE_OVER:
		wst_win_error(rc, rc == ERROR_ACCESS_DENIED ? wst_access_advice() : NULL,
		              "cannot stop the running session '%s' to take it over", o->session);
		break;
	case WST_STEP_ENABLE:
		wst_win_error(rc, rc == ERROR_ACCESS_DENIED ? wst_access_advice() : NULL,
		              "cannot enable Microsoft-Windows-Winsock-AFD in the session '%s'",
		              o->session);
		break;
	}
}

void wst_capture_open_error(const char *session, unsigned long rc)
{
	wst_win_error(rc, rc == ERROR_ACCESS_DENIED ? wst_access_advice() : NULL,
	              "cannot read the session '%s' (OpenTraceW; the session was stopped again)",
	              session);
}

static const char *reason_text(enum wst_stop_reason why)
{
	switch (why) {
	case WST_STOP_CTRL_C: return "Ctrl+C";
	case WST_STOP_CONSOLE: return "console closed";
	case WST_STOP_DURATION: return "--duration reached";
	case WST_STOP_COUNT: return "--count reached";
	case WST_STOP_OUTPUT: return "output closed";
	case WST_STOP_ELSEWHERE: return "stopped from elsewhere";
	case WST_STOP_CONSUMER: return "reading the session failed";
	case WST_STOP_TRACED_ENDED: return "the traced processes ended";
	case WST_STOP_TRACED_FAILED: return "the program did not start";
	default: return "stopped";
	}
}

void wst_capture_summary(const char *session, enum wst_stop_reason why,
                         const struct wst_capture_stats *s, unsigned long process_rc)
{
	if (why == WST_STOP_CONSUMER)
		wst_win_error(process_rc, NULL, "reading the session '%s' failed", session);
	fprintf(stderr, "wstrace: session '%s' ended (%s): %llu events, %llu events lost, "
	        "%llu buffers lost\n", session, reason_text(why), (unsigned long long)s->events,
	        (unsigned long long)s->events_lost, (unsigned long long)s->buffers_lost);
	if (s->events_lost || s->buffers_lost)
		wst_warning("Windows dropped events of this capture (exit status 4): a narrower "
		            "--keywords or --level, or output to a file, loses fewer");
}

int wst_capture_output_status(int error)
{
	/* The reader of a pipe went away (EPIPE, or EINVAL from the Windows C
	 * runtime): not an error, as for `wstrace parse`. */
	if (error == 0 || error == EPIPE || error == EINVAL)
		return WST_EXIT_OK;
	wst_error("write error: %s", strerror(error));
	return WST_EXIT_FAILURE;
}
