/* wstrace parse FILE.etl: decode the AFD events of a saved capture. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "read_capture.h"
#include "wstrace/diag.h"
#include "wstrace/pipeline.h"

static const char parse_usage[] =
	"usage: wstrace parse FILE.etl [--format text|json] [--summary | --summary-only]\n"
	"                     [--all-providers] [--unbuffered] [--max-sockets N]\n"
	"                     [--pid N]... [--port N] [--addr IP[/PREFIX]] [--event NAME|ID]...\n"
	"                     [--errors] [--level 4|5]\n"
	"\n"
	"Decodes the Microsoft-Windows-Winsock-AFD events of a saved ETW capture, one\n"
	"line per event in time order, following each socket by its endpoint.\n"
	"\n"
	"  --format text|json  aligned text lines (default) or JSON lines (schema v1)\n"
	"  --summary           also print a \"socket\" line when each socket's life ends\n"
	"                      (closed, evicted, or still open at the end): pid, addresses,\n"
	"                      bytes each way, connect latency, errors, last status\n"
	"  --summary-only      only those lines; in text, a table with one socket a row\n"
	"  --all-providers     also print other providers' events, undecoded\n"
	"  --unbuffered        write each line as soon as it is decoded\n"
	"  --max-sockets N     sockets the endpoint table follows at once (default 131072;\n"
	"                      the least recently used is evicted, 200 bytes each)\n"
	"  --pid N             only events of process N (repeatable)\n"
	"  --port N            only events whose address, local or remote port is N\n"
	"  --addr IP[/PREFIX]  only events whose address, local or remote is in IP/PREFIX\n"
	"  --event NAME|ID     only these events (repeatable); see 'wstrace events'\n"
	"  --errors            only failures: failed operations, aborts, drops, non-zero statuses\n"
	"  --level 4|5         only events up to this level (4 information, 5 verbose)\n"
	"\n"
	"Exit status: 0 ok, 1 failure, 2 usage, 3 damaged input (the rest was decoded),\n"
	"4 the capture itself lost events.\n";

struct parse_job {
	const char *path;
	bool unbuffered;
	struct wst_pipeline_options opt;
};

static int parse_args(int argc, char **argv, struct parse_job *job)
{
	char err[160];

	memset(job, 0, sizeof *job);
	wst_filter_init(&job->opt.filter);
	for (int i = 0; i < argc; i++) {
		struct wst_arg a;
		if (!wst_arg_parse(argv[i], &a)) {
			if (job->path)
				return wst_usage_error("parse takes one file; '%s' is one too many", argv[i]);
			job->path = argv[i];
			continue;
		}
		if (strcmp(a.name, "help") == 0) {
			fputs(parse_usage, stdout);
			return -1;
		} else if (strcmp(a.name, "format") == 0) {
			if (!wst_arg_format(&a, argc, argv, &i, &job->opt.format))
				return WST_EXIT_USAGE;
		} else if (strcmp(a.name, "all-providers") == 0) {
			if (!wst_arg_no_value(&a))
				return WST_EXIT_USAGE;
			job->opt.all_providers = true;
		} else if (strcmp(a.name, "summary") == 0 || strcmp(a.name, "summary-only") == 0) {
			if (!wst_arg_no_value(&a))
				return WST_EXIT_USAGE;
			job->opt.summary = true;
			job->opt.summary_only |= strcmp(a.name, "summary-only") == 0;
		} else if (strcmp(a.name, "max-sockets") == 0) {
			if (!wst_arg_value(&a, argc, argv, &i))
				return WST_EXIT_USAGE;
			if (wst_arg_count(a.value, WST_ENDPOINT_MAX_CAPACITY, &job->opt.endpoint_capacity) < 0)
				return wst_usage_error("invalid --max-sockets '%s' (1-%u)", a.value,
				                       WST_ENDPOINT_MAX_CAPACITY);
		} else if (strcmp(a.name, "unbuffered") == 0) {
			if (!wst_arg_no_value(&a))
				return WST_EXIT_USAGE;
			job->unbuffered = true;
		} else {
			int arity = wst_filter_option_arity(a.name);
			if (arity < 0)
				return wst_usage_error("unknown option '%s'", argv[i]);
			if (arity == 0 ? !wst_arg_no_value(&a) : !wst_arg_value(&a, argc, argv, &i))
				return WST_EXIT_USAGE;
			if (wst_filter_option(&job->opt.filter, a.name, a.value, err, sizeof err) < 0)
				return wst_usage_error("%s", err);
		}
	}
	if (!job->path)
		return wst_usage_error("parse needs a capture file");
	return 0;
}

int wst_cmd_parse(int argc, char **argv)
{
	struct parse_job job;
	int rc = parse_args(argc, argv, &job);
	if (rc)
		return rc < 0 ? WST_EXIT_OK : rc;

	static struct wst_out out;
	struct wst_capture_totals totals;
	wst_stdout_setup();
	wst_out_init(&out, stdout, job.unbuffered || wst_stdout_is_terminal());
	return wst_read_capture(job.path, &job.opt, &out, &totals);
}
