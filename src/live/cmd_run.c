/* wstrace run: trace one program and the processes it starts, the strace way. */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "capture_report.h"
#include "command_line.h"
#include "cli/commands.h"
#include "session.h"
#include "start_options.h"
#include "traced_program.h"
#include "wstrace/diag.h"

struct run_args {
	struct wst_capture_options capture;
	const char *output;       /* -o FILE, or NULL */
	bool own_status;          /* --exit-code wstrace */
	bool report;              /* --report */
	char **program;           /* PROGRAM and ARGS: the last words of argv */
	int program_words;
};

/* Returns 0 to go on, WST_OPTIONS_HELP, or a usage exit status. The
 * options end at "--" or at the first word that is not one: the
 * program's own options are its own. */
static int parse_args(int argc, char **argv, struct run_args *r)
{
	static const char *const exit_codes[] = { "program", "wstrace", NULL };
	struct wst_start_values v;
	int exit_code = 0;

	memset(r, 0, sizeof *r);
	wst_start_defaults(&r->capture, &v);
	const struct wst_option options[] = {
		WST_OPT_STRING("output", 'o', &r->output, "FILE",
		               "write the events to FILE (default: standard error)"),
		WST_OPT_CHOICE("exit-code", 0, &exit_code, exit_codes,
		               "exit with the program's exit code (default) or\n"
		               "wstrace's own status"),
		WST_CAPTURE_REPORT_OPTION(&r->report),
		WST_START_OPTIONS(&r->capture, &v),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace run [OPTION]... [--] PROGRAM [ARGS]...",
		"Starts the capture session, then PROGRAM with ARGS, and prints the socket events of\n"
		"PROGRAM and of every process it starts (children, grandchildren), until they have all\n"
		"ended, Ctrl+C (which the program gets too), --duration or --count. The events, and\n"
		"--report's diagnosis at the end, go to standard error, or to FILE, so that the\n"
		"program's own output stays on standard output. Needs an elevated prompt (or\n"
		"Performance Log Users); the program runs with wstrace's rights. The options are\n"
		"those of 'wstrace start', and three more:\n",
		options,
		"Exit status: the program's exit code; 1 when wstrace failed (not elevated, the program\n"
		"could not be started, ...) and 2 for usage, which win; when Windows lost events, a\n"
		"warning says so and the program's code is still returned. With --exit-code wstrace:\n"
		"0 ok, 1 failure, 2 usage, 4 events lost.\n",
		true,
	};
	struct wst_words words;
	int rc = wst_options_parse(&command, argc, argv, &words);

	if (!rc)
		rc = wst_start_finish(&r->capture, &v);
	if (rc)
		return rc;
	if (!r->capture.processes)
		return wst_usage_error("run follows the program's processes through Kernel-Process: "
		                       "--no-processes cannot be used with it");
	if (words.count == 0)
		return wst_usage_error("run needs a program: wstrace run [OPTION]... -- PROGRAM [ARGS]...");
	r->own_status = exit_code == 1;
	r->program = words.word;
	r->program_words = words.count;
	return 0;
}

/* The program's words: the wide ones of the process's command line, else
 * (another count of words than the C runtime's) the narrow ones converted.
 * They are the process's last n words; argc counts run's own (the words
 * after "wstrace run"). */
static wchar_t **wide_words(int argc, char **program, int n, wchar_t ***to_free)
{
	wchar_t **wide = wst_command_line_last_words(GetCommandLineW(), argc + 2, n, to_free);

	if (wide)
		return wide;
	wchar_t **words = calloc((size_t)n + 1, sizeof *words);
	if (!words)
		return NULL;
	for (int i = 0; i < n; i++) {
		int len = MultiByteToWideChar(CP_ACP, 0, program[i], -1, NULL, 0);
		words[i] = len > 0 ? calloc((size_t)len, sizeof *words[i]) : NULL;
		if (!words[i] || !MultiByteToWideChar(CP_ACP, 0, program[i], -1, words[i], len))
			return NULL;   /* the process ends soon: not worth freeing */
	}
	return words;
}

int wst_cmd_run(int argc, char **argv)
{
	struct run_args r;
	wchar_t **wide;
	int rc = parse_args(argc, argv, &r);

	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;
	wchar_t **words = wide_words(argc, r.program, r.program_words, &wide);
	if (!words) {
		wst_error("out of memory");
		return WST_EXIT_FAILURE;
	}
	FILE *out = stderr;
	if (r.output) {
		/* N: not inherited by the program. */
		out = fopen(r.output, "wbN");
		if (!out) {
			wst_error("%s: cannot open for writing", r.output);
			return WST_EXIT_FAILURE;
		}
	}
	bool stuck = false;
	struct wst_capture_env env = {
		&wst_etw_windows, NULL, NULL, out, WST_CAPTURE_POLL_MS, NULL, &stuck,
	};
	struct wst_capture_report report;
	if (!wst_capture_report_attach(&report, r.report, &r.capture))
		return WST_EXIT_FAILURE;
	struct wst_traced t;
	wst_traced_init(&t, (const wchar_t *const *)words, r.program_words, r.program[0],
	                2 * WST_CAPTURE_POLL_MS);
	int status = wst_traced_run(&t, &r.capture, &env, r.own_status);
	int capture_status = t.capture_status;
	wst_traced_free(&t);
	if (stuck) {
		/* As for start: the C runtime's exit could wait on a lock the
		 * ProcessTrace thread holds; the events went out through the
		 * output's OS handle already. */
		TerminateProcess(GetCurrentProcess(), (UINT)status);
	}
	/* Where the events went: the program's stdout stays its own. */
	int error = wst_capture_report_print(&report, capture_status, out);
	if (error && !status)
		status = wst_output_status(error);
	if (out != stderr && fclose(out) != 0 && status == 0) {
		wst_error("%s: write error", r.output);
		status = WST_EXIT_FAILURE;
	}
	LocalFree(wide);
	return status;
}
