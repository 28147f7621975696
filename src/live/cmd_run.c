/* wstrace run: trace one program and the processes it starts, the strace way. */
#include <windows.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "command_line.h"
#include "cli/commands.h"
#include "session.h"
#include "start_options.h"
#include "traced_program.h"
#include "wstrace/diag.h"

static const char run_usage[] =
	"usage: wstrace run [-o FILE] [--exit-code program|wstrace] [START OPTIONS] [--] PROGRAM [ARGS]...\n"
	"\n"
	"Starts the capture session, then PROGRAM with ARGS, and prints the socket events of\n"
	"PROGRAM and of every process it starts (children, grandchildren), until they have all\n"
	"ended, Ctrl+C (which the program gets too) or --duration. The events go to standard\n"
	"error, or to FILE, so that the program's own output stays on standard output. Needs\n"
	"an elevated prompt (or Performance Log Users); the program runs with wstrace's rights.\n"
	"\n"
	"  -o, --output FILE   write the events to FILE (default: standard error)\n"
	"  --exit-code program|wstrace  exit with the program's exit code (default) or\n"
	"                      wstrace's own status\n"
	"  START OPTIONS       --session, --level, --keywords, --format, --etl, --duration,\n"
	"                      --count, --force, --decoder, --no-images, --summary,\n"
	"                      --summary-only and the filters: see 'wstrace start --help'\n"
	"\n"
	"Exit status: the program's exit code; 1 when wstrace failed (not elevated, the program\n"
	"could not be started, ...) and 2 for usage, which win; when Windows lost events, a\n"
	"warning says so and the program's code is still returned. With --exit-code wstrace:\n"
	"0 ok, 1 failure, 2 usage, 4 events lost.\n";

struct run_args {
	struct wst_capture_options capture;
	const char *output;       /* -o FILE, or NULL */
	bool own_status;          /* --exit-code wstrace */
	int program;              /* index of PROGRAM in argv */
};

/* -o FILE, -oFILE: the one short option of run. */
static bool short_output(const char *word, int argc, char **argv, int *i, const char **out)
{
	if (strncmp(word, "-o", 2) != 0)
		return false;
	if (word[2]) {
		*out = word + 2;
	} else if (*i + 1 < argc) {
		*out = argv[++*i];
	} else {
		*out = NULL;
	}
	return true;
}

static int take_run_option(struct run_args *r, struct wst_arg *a, int argc, char **argv, int *i)
{
	if (strcmp(a->name, "output") == 0) {
		if (!wst_arg_value(a, argc, argv, i))
			return WST_EXIT_USAGE;
		r->output = a->value;
	} else if (strcmp(a->name, "exit-code") == 0) {
		if (!wst_arg_value(a, argc, argv, i))
			return WST_EXIT_USAGE;
		if (strcmp(a->value, "wstrace") == 0)
			r->own_status = true;
		else if (strcmp(a->value, "program") == 0)
			r->own_status = false;
		else
			return wst_usage_error("unknown --exit-code '%s' (program or wstrace)", a->value);
	} else {
		return wst_start_option(&r->capture, a, argc, argv, i);
	}
	return 0;
}

/* Returns 0 to go on, -1 after --help, or a usage exit status. The options
 * end at "--" or at the first word that is not one: the program's own
 * options are its own. */
static int parse_args(int argc, char **argv, struct run_args *r)
{
	int i;

	memset(r, 0, sizeof *r);
	wst_start_defaults(&r->capture);
	for (i = 0; i < argc; i++) {
		struct wst_arg a;
		const char *output;
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (short_output(argv[i], argc, argv, &i, &output)) {
			if (!output || !output[0])
				return wst_usage_error("option '-o' needs a file name");
			r->output = output;
			continue;
		}
		if (!wst_arg_parse(argv[i], &a)) {
			if (argv[i][0] == '-' && argv[i][1])
				return wst_usage_error("unknown option '%s'", argv[i]);
			break;
		}
		if (strcmp(a.name, "help") == 0) {
			fputs(run_usage, stdout);
			return -1;
		}
		int rc = take_run_option(r, &a, argc, argv, &i);
		if (rc)
			return rc;
	}
	if (i >= argc)
		return wst_usage_error("run needs a program: wstrace run [OPTIONS] -- PROGRAM [ARGS]...");
	r->program = i;
	return 0;
}

/* The program's words: the wide ones of the process's command line, else
 * (another count of words than the C runtime's) the narrow ones converted.
 * argc and argv are run's own (the words after "wstrace run"). */
static wchar_t **program_words(int argc, char **argv, int first, wchar_t ***to_free)
{
	int n = argc - first;
	wchar_t **wide = wst_command_line_last_words(GetCommandLineW(), argc + 2, n, to_free);

	if (wide)
		return wide;
	wchar_t **words = calloc((size_t)n + 1, sizeof *words);
	if (!words)
		return NULL;
	for (int i = 0; i < n; i++) {
		int len = MultiByteToWideChar(CP_ACP, 0, argv[first + i], -1, NULL, 0);
		words[i] = len > 0 ? calloc((size_t)len, sizeof *words[i]) : NULL;
		if (!words[i] || !MultiByteToWideChar(CP_ACP, 0, argv[first + i], -1, words[i], len))
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
		return rc < 0 ? wst_finish_stdout() : rc;
	wchar_t **words = program_words(argc, argv, r.program, &wide);
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
	struct wst_capture_env env = {
		&wst_etw_windows, NULL, NULL, out, WST_CAPTURE_POLL_MS,
	};
	struct wst_traced t;
	wst_traced_init(&t, (const wchar_t *const *)words, argc - r.program, argv[r.program],
	                2 * WST_CAPTURE_POLL_MS);
	int status = wst_traced_run(&t, &r.capture, &env, r.own_status);
	wst_traced_free(&t);
	if (out != stderr && fclose(out) != 0 && status == 0) {
		wst_error("%s: write error", r.output);
		status = WST_EXIT_FAILURE;
	}
	LocalFree(wide);
	return status;
}
