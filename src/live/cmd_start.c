/* wstrace start: live capture of the AFD provider until stopped. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "cli/args.h"
#include "cli/commands.h"
#include "session.h"
#include "start_options.h"
#include "wstrace/diag.h"

static const char start_usage[] =
	"usage: wstrace start [--session NAME] [--level 1-5] [--keywords MASK] [--format text|json]\n"
	"                     [--etl FILE] [--duration SECS] [--count N] [--force]\n"
	"                     [--decoder tdh|builtin] [--no-images] [--summary | --summary-only]\n"
	"                     [--pid N]... [--port N] [--addr IP[/PREFIX]] [--event NAME|ID]... [--errors]\n"
	"\n"
	"Starts a real-time ETW session with Microsoft-Windows-Winsock-AFD enabled and prints\n"
	"its events as they happen, until Ctrl+C, the console closes, --duration or --count\n"
	"is reached, or the session is stopped from elsewhere ('wstrace stop'). Then the\n"
	"session is stopped and a summary (events seen, events lost, buffers lost) goes to\n"
	"standard error. Needs an elevated prompt (or Performance Log Users).\n"
	"\n"
	"  --session NAME      session name (default wstrace)\n"
	"  --level 1-5         provider level (default 5: verbose; 4 leaves out the legacy\n"
	"                      per-operation events)\n"
	"  --keywords MASK     provider keywords (default 0x1000000000c; 0: all)\n"
	"  --format text|json  aligned text lines (default) or JSON lines (schema v1)\n"
	"  --etl FILE          also write the raw capture to FILE, for 'wstrace parse'\n"
	"  --duration SECS     stop after this many seconds\n"
	"  --count N           stop after N lines\n"
	"  --force             take over a session of the same name left running\n"
	"  --decoder tdh|builtin  event layouts from Windows (default) or wstrace's table\n"
	"  --no-images         leave out process image names\n"
	"  --summary           also a line per socket when its life ends\n"
	"  --summary-only      only those lines\n"
	"  --pid, --port, --addr, --event, --errors  filters, as for 'wstrace parse'\n"
	"\n"
	"Exit status: 0 ok, 1 failure (not elevated, session left running, ...),\n"
	"2 usage, 4 Windows lost events during the capture.\n";

/* Decimal, or hexadecimal with 0x. */
static bool to_number(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(text, &end, 0);
	return !errno && end != text && !*end && text[0] != '-' && *out <= max;
}

int wst_start_option(struct wst_capture_options *o, struct wst_arg *a, int argc, char **argv,
                     int *i)
{
	unsigned long long n;
	char err[160];

	if (strcmp(a->name, "force") == 0 || strcmp(a->name, "no-images") == 0 ||
	    strcmp(a->name, "summary") == 0 || strcmp(a->name, "summary-only") == 0) {
		if (!wst_arg_no_value(a))
			return WST_EXIT_USAGE;
		if (strcmp(a->name, "force") == 0)
			o->force = true;
		else if (strcmp(a->name, "no-images") == 0)
			o->images = false;
		else if (strcmp(a->name, "summary") == 0)
			o->pipeline.summary = true;
		else
			o->pipeline.summary_only = true;
		return 0;
	}
	if (strcmp(a->name, "format") == 0)
		return wst_arg_format(a, argc, argv, i, &o->pipeline.format) ? 0 : WST_EXIT_USAGE;
	int filter_arity = wst_filter_option_arity(a->name);
	bool ours = strcmp(a->name, "session") == 0 || strcmp(a->name, "level") == 0 ||
	            strcmp(a->name, "keywords") == 0 || strcmp(a->name, "etl") == 0 || strcmp(a->name, "duration") == 0 ||
	            strcmp(a->name, "count") == 0 || strcmp(a->name, "decoder") == 0;
	if (!ours && filter_arity < 0)
		return wst_usage_error("unknown option '%s'", argv[*i]);
	if ((ours || filter_arity > 0) ? !wst_arg_value(a, argc, argv, i) : !wst_arg_no_value(a))
		return WST_EXIT_USAGE;
	const char *v = a->value;

	if (strcmp(a->name, "session") == 0) {
		if (!v[0] || strlen(v) >= WST_NAME_CHARS)
			return wst_usage_error("invalid session name '%s'", v);
		o->session = v;
	} else if (strcmp(a->name, "level") == 0) {
		/* The session's level: events above it are never logged. */
		if (!to_number(v, 5, &n) || n < 1)
			return wst_usage_error("invalid level '%s' (1 to 5; 4 information, 5 verbose)", v);
		o->level = (unsigned char)n;
	} else if (strcmp(a->name, "keywords") == 0) {
		if (!to_number(v, ~0ull, &n))
			return wst_usage_error("invalid keyword mask '%s' (a number, 0x... for hex)", v);
		o->keywords = n;
	} else if (strcmp(a->name, "etl") == 0) {
		o->etl_path = v;
	} else if (strcmp(a->name, "duration") == 0) {
		char *end;
		double d = strtod(v, &end);
		if (end == v || *end || !(d > 0) || d > 1e7)
			return wst_usage_error("invalid duration '%s' (seconds, more than 0)", v);
		o->duration = d;
	} else if (strcmp(a->name, "count") == 0) {
		if (!to_number(v, ~0ull, &n) || n == 0)
			return wst_usage_error("invalid count '%s' (at least 1)", v);
		o->count = n;
	} else if (strcmp(a->name, "decoder") == 0) {
		if (strcmp(v, "tdh") == 0)
			o->decoder = WST_DECODER_TDH;
		else if (strcmp(v, "builtin") == 0)
			o->decoder = WST_DECODER_BUILTIN;
		else
			return wst_usage_error("unknown decoder '%s' (tdh or builtin)", v);
	} else if (wst_filter_option(&o->pipeline.filter, a->name, v, err, sizeof err) < 0) {
		return wst_usage_error("%s", err);
	}
	return 0;
}

void wst_start_defaults(struct wst_capture_options *o)
{
	memset(o, 0, sizeof *o);
	wst_filter_init(&o->pipeline.filter);
	o->session = WST_SESSION_DEFAULT_NAME;
	o->level = WST_DEFAULT_LEVEL;
	o->keywords = WST_DEFAULT_KEYWORDS;
	o->decoder = WST_DECODER_TDH;
	o->images = true;
}

/* Returns 0 to go on, -1 after --help, or a usage exit status. */
static int parse_args(int argc, char **argv, struct wst_capture_options *o)
{
	wst_start_defaults(o);
	for (int i = 0; i < argc; i++) {
		struct wst_arg a;
		if (!wst_arg_parse(argv[i], &a))
			return wst_usage_error("start takes no file; '%s' is not an option", argv[i]);
		if (strcmp(a.name, "help") == 0) {
			fputs(start_usage, stdout);
			return -1;
		}
		int rc = wst_start_option(o, &a, argc, argv, &i);
		if (rc)
			return rc;
	}
	return 0;
}

int wst_cmd_start(int argc, char **argv)
{
	struct wst_capture_options o;
	int rc = parse_args(argc, argv, &o);

	if (rc)
		return rc < 0 ? wst_finish_stdout() : rc;
	wst_stdout_setup();
	struct wst_capture_env env = {
		&wst_etw_windows, NULL, NULL, stdout, WST_CAPTURE_POLL_MS,
	};
	return wst_capture_run(&o, &env);
}
