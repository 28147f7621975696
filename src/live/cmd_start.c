/* wstrace start: live capture of the AFD provider until stopped. */
#include <stdio.h>

#include "capture.h"
#include "capture_report.h"
#include "cli/commands.h"
#include "start_options.h"
#include "wstrace/diag.h"

/* Returns 0 to go on, WST_OPTIONS_HELP, or a usage exit status. */
static int parse_args(int argc, char **argv, struct wst_capture_options *o, bool *report)
{
	struct wst_start_values v;

	wst_start_defaults(o, &v);
	const struct wst_option options[] = {
		WST_START_OPTIONS(o, &v),
		WST_CAPTURE_REPORT_OPTION(report),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace start [OPTION]...",
		"Starts a real-time ETW session with Microsoft-Windows-Winsock-AFD enabled, with\n"
		"Winsock-NameResolution and DNS-Client (getaddrinfo and DNS lookups, which name the\n"
		"sockets' peers) and Kernel-Process (process start, stop and a rundown of those\n"
		"running, which name the programs), and prints its events as they happen,\n"
		"until Ctrl+C, the console closes, --duration or --count\n"
		"is reached, or the session is stopped from elsewhere ('wstrace stop'). Then the\n"
		"session is stopped and a summary (events seen, events lost, buffers lost) goes to\n"
		"standard error. Needs an elevated prompt (or Performance Log Users).\n",
		options,
		"Exit status: 0 ok, 1 failure (not elevated, session left running, ...),\n"
		"2 usage, 4 Windows lost events during the capture.\n",
		false,
	};
	struct wst_words words;
	int rc = wst_options_parse(&command, argc, argv, &words);

	if (!rc)
		rc = wst_options_no_words(&words, "start");
	return rc ? rc : wst_start_finish(o, &v);
}

int wst_cmd_start(int argc, char **argv)
{
	struct wst_capture_options o;
	bool want_report = false;
	int rc = parse_args(argc, argv, &o, &want_report);

	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;
	wst_stdout_setup();
	bool stuck = false;
	struct wst_capture_env env = {
		&wst_etw_windows, NULL, NULL, stdout, WST_CAPTURE_POLL_MS, NULL, &stuck,
	};
	struct wst_capture_report report;
	if (!wst_capture_report_attach(&report, want_report, &o))
		return WST_EXIT_FAILURE;
	int status = wst_capture_run(&o, &env);
	if (stuck) {
		/* The ProcessTrace thread did not end: the C runtime's exit could
		 * wait on a lock that thread holds. The summary is on stderr
		 * already; nothing else is pending (stdout went through the
		 * capture's writer thread). No report: that thread may still
		 * be feeding it. */
		TerminateProcess(GetCurrentProcess(), (UINT)status);
	}
	/* The writer thread is done with stdout. */
	int error = wst_capture_report_print(&report, status, stdout);
	if (error && !status)
		status = wst_output_status(error);
	return status;
}
