/* wstrace start: live capture of the AFD provider until stopped. */
#include <stdio.h>

#include "capture.h"
#include "cli/commands.h"
#include "start_options.h"
#include "wstrace/diag.h"
#include "wstrace/report.h"

/* Returns 0 to go on, WST_OPTIONS_HELP, or a usage exit status. */
static int parse_args(int argc, char **argv, struct wst_capture_options *o, bool *report)
{
	struct wst_start_values v;

	wst_start_defaults(o, &v);
	const struct wst_option options[] = {
		WST_START_OPTIONS(o, &v),
		WST_OPT_FLAG("report", 0, report, "at the end, what went wrong, as 'wstrace report' says it"),
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
	/* --report: the report engine watches the capture's pipeline and
	 * speaks after it ends (docs/report.md). */
	struct wst_report_options report_opt = { .socket_capacity = o.pipeline.endpoint_capacity };
	struct wst_report *report = want_report ? wst_report_new(&report_opt) : NULL;
	struct wst_pipeline_observer observer;
	if (want_report && !report) {
		wst_error("out of memory for the report");
		return WST_EXIT_FAILURE;
	}
	if (report) {
		wst_report_observe(report, &observer);
		o.pipeline.observer = &observer;
	}
	int status = wst_capture_run(&o, &env);
	if (stuck) {
		/* The ProcessTrace thread did not end: the C runtime's exit could
		 * wait on a lock that thread holds. The summary is on stderr
		 * already; nothing else is pending (stdout went through the
		 * capture's writer thread). No report: that thread may still
		 * be feeding it. */
		TerminateProcess(GetCurrentProcess(), (UINT)status);
	}
	/* Only after a capture that ran: a session that never started has
	 * nothing to report. The writer thread is done with stdout. */
	if (report && (status == WST_EXIT_OK || status == WST_EXIT_LOST)) {
		static struct wst_out out;
		struct wst_report_input in = { NULL, 0, 0, 0, 0, 0, 0 };
		wst_out_init(&out, stdout, false);
		int error = wst_report_print(report, &in, &out, WST_REPORT_TEXT);
		if (error && !status)
			status = wst_output_status(error);
	}
	wst_report_free(report);
	return status;
}
