/* wstrace start: live capture of the AFD provider until stopped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "cli/commands.h"
#include "cli/filter_options.h"
#include "cli/options.h"
#include "session.h"
#include "wstrace/diag.h"
#include "wstrace/report.h"

/* --duration SECS[.FRACTION]: more than 0, at most 10^7 seconds. */
static int take_duration(void *target, const char *value, char *err, size_t errlen)
{
	const char *dot = strchr(value, '.');
	size_t whole = dot ? (size_t)(dot - value) : strlen(value);
	char text[16], why[64];
	uint64_t seconds;

	if (whole >= sizeof text) {
		snprintf(err, errlen, "invalid --duration '%s': more than 10000000", value);
		return -1;
	}
	memcpy(text, value, whole);
	text[whole] = '\0';
	if (!wst_number_parse(text, 0, 10000000, 0, &seconds, why, sizeof why)) {
		snprintf(err, errlen, "invalid --duration '%s': %s", value, why);
		return -1;
	}
	size_t digits = dot ? strspn(dot + 1, "0123456789") : 0;
	if (dot && (digits == 0 || dot[1 + digits])) {
		snprintf(err, errlen, "invalid --duration '%s': not a number of seconds", value);
		return -1;
	}
	double d = strtod(value, NULL);
	if (!(d > 0) || d > 1e7) {
		snprintf(err, errlen, "invalid --duration '%s': %s", value,
		         d > 0 ? "more than 10000000" : "not more than 0");
		return -1;
	}
	*(double *)target = d;
	return 0;
}

/* Returns 0 to go on, WST_OPTIONS_HELP, or a usage exit status. */
static int parse_args(int argc, char **argv, struct wst_capture_options *o, bool *report)
{
	static const char *const decoders[] = { "tdh", "builtin", NULL };  /* enum wst_decoder_choice */
	uint64_t level = WST_DEFAULT_LEVEL, keywords = WST_DEFAULT_KEYWORDS, max_sockets = 0;
	int format = WST_FORMAT_TEXT, decoder = WST_DECODER_TDH;
	bool no_images = false, no_names = false, no_processes = false;
	const struct wst_option options[] = {
		WST_OPT_STRING("session", 0, &o->session, "NAME", "session name (default wstrace)"),
		/* The session's level: events above it are never logged. */
		WST_OPT_UINT("level", 0, &level, 1, 5, 0, "1-5",
		             "provider level (default 5: verbose; 4 leaves out the legacy\n"
		             "per-operation events)"),
		WST_OPT_UINT("keywords", 0, &keywords, 0, UINT64_MAX, WST_OPT_HEX, "MASK",
		             "provider keywords, decimal or 0x hex (default 0x1000000000c;\n"
		             "0: all)"),
		WST_OPT_CHOICE("format", 0, &format, wst_format_choices,
		               "aligned text lines (default) or JSON lines (schema v1)"),
		WST_OPT_STRING("etl", 0, &o->etl_path, "FILE",
		               "also write the raw capture to FILE, for 'wstrace parse'"),
		WST_OPT_CALLBACK("duration", 0, &o->duration, take_duration, 0, "SECS",
		                 "stop after this many seconds (a fraction is allowed)"),
		WST_OPT_UINT("count", 0, &o->count, 1, UINT64_MAX, 0, "N", "stop after N lines"),
		WST_OPT_FLAG("force", 0, &o->force, "take over a session of the same name left running"),
		WST_OPT_CHOICE("decoder", 0, &decoder, decoders,
		               "event layouts from Windows (default) or wstrace's table"),
		WST_OPT_FLAG("no-images", 0, &no_images, "leave out process image names"),
		WST_OPT_FLAG("no-names", 0, &no_names,
		             "do not enable Winsock-NameResolution and DNS-Client"),
		WST_OPT_FLAG("no-processes", 0, &no_processes,
		             "do not enable Kernel-Process (images then come from\n"
		             "OpenProcess alone, and miss processes that exited)"),
		WST_OPT_FLAG("summary", 0, &o->pipeline.summary, "also a line per socket when its life ends"),
		WST_OPT_FLAG("summary-only", 0, &o->pipeline.summary_only, "only those lines"),
		WST_OPT_UINT("max-sockets", 0, &max_sockets, 1, WST_ENDPOINT_MAX_CAPACITY, 0, "N",
		             "sockets followed at once, as for 'wstrace parse' (default 131072)"),
		WST_OPT_FLAG("report", 0, report, "at the end, what went wrong, as 'wstrace report' says it"),
		WST_FILTER_OPTIONS(&o->pipeline.filter),
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

	memset(o, 0, sizeof *o);
	wst_filter_init(&o->pipeline.filter);
	o->session = WST_SESSION_DEFAULT_NAME;
	int rc = wst_options_parse(&command, argc, argv, &words);
	if (!rc)
		rc = wst_options_no_words(&words, "start");
	if (rc)
		return rc;
	if (!o->session[0] || strlen(o->session) >= WST_NAME_CHARS)
		return wst_usage_error("invalid session name '%s'", o->session);
	o->level = (unsigned char)level;
	o->keywords = keywords;
	o->pipeline.format = (enum wst_format)format;
	o->decoder = (enum wst_decoder_choice)decoder;
	o->images = !no_images;
	o->names = !no_names;
	o->processes = !no_processes;
	o->pipeline.endpoint_capacity = (uint32_t)max_sockets;
	return 0;
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
	struct wst_report_options report_opt = { 0, o.pipeline.endpoint_capacity, { NULL, NULL, NULL } };
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
