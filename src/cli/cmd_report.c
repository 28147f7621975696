/* wstrace report FILE.etl: what went wrong in a saved capture, in words
 * (docs/report.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "read_capture.h"
#include "wstrace/diag.h"
#include "wstrace/report.h"

static const char report_usage[] =
	"usage: wstrace report FILE.etl [--format text|json|html|csv] [-o FILE] [--slow MS]\n"
	"                      [--max-sockets N] [--pid N]... [--port N] [--addr IP[/PREFIX]]\n"
	"                      [--event NAME|ID]... [--errors] [--level 4|5]\n"
	"\n"
	"Says what went wrong in a saved capture: refused, timed-out and unreachable\n"
	"connects, resets, slow connects, floods of small sends, dropped datagrams,\n"
	"bind conflicts, failed accepts, other failures, sockets left open, socket\n"
	"churn, lost events and damaged files, grouped by process and remote, with\n"
	"what to check\n"
	"(docs/report.md). Then a table per process.\n"
	"\n"
	"  --format FORMAT     text (default), json (one line per finding), html (one\n"
	"                      self-contained page with a timeline of every socket) or csv\n"
	"  -o, --output FILE   write the report to FILE instead of standard output\n"
	"  --slow MS           a connect taking this long or longer is slow (default 1000)\n"
	"  --max-sockets N     sockets followed at once (default 131072), as for parse\n"
	"  --pid, --port, --addr, --event, --errors, --level\n"
	"                      only what these keep counts, as for 'wstrace parse'\n"
	"\n"
	"Exit status: 0 ok (with or without findings), 1 failure, 2 usage, 3 damaged\n"
	"input (the rest was read), 4 the capture itself lost events.\n";

struct report_job {
	const char *path;
	const char *output;        /* NULL: standard output */
	enum wst_report_format format;
	struct wst_report_options report;
	struct wst_pipeline_options pipeline;
};

static const char *const format_names[] = {
	[WST_REPORT_TEXT] = "text", [WST_REPORT_JSON] = "json",
	[WST_REPORT_HTML] = "html", [WST_REPORT_CSV] = "csv",
};

static int take_format(const char *value, enum wst_report_format *format)
{
	for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
		if (strcmp(value, format_names[i]) == 0) {
			*format = (enum wst_report_format)i;
			return 0;
		}
	return wst_usage_error("unknown format '%s' (text, json, html or csv)", value);
}

/* The options; returns 0, -1 after --help, or a usage exit status. */
static int parse_args(int argc, char **argv, struct report_job *job)
{
	char err[160];

	memset(job, 0, sizeof *job);
	wst_filter_init(&job->pipeline.filter);
	for (int i = 0; i < argc; i++) {
		struct wst_arg a;
		if (strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc)
				return wst_usage_error("option '-o' needs a file");
			job->output = argv[++i];
			continue;
		}
		if (!wst_arg_parse(argv[i], &a)) {
			if (job->path)
				return wst_usage_error("report takes one file; '%s' is one too many", argv[i]);
			job->path = argv[i];
			continue;
		}
		if (strcmp(a.name, "help") == 0) {
			fputs(report_usage, stdout);
			return -1;
		}
		int arity = wst_filter_option_arity(a.name);
		bool ours = strcmp(a.name, "format") == 0 || strcmp(a.name, "output") == 0 ||
		            strcmp(a.name, "slow") == 0 || strcmp(a.name, "max-sockets") == 0;
		if (!ours && arity < 0)
			return wst_usage_error("unknown option '%s'", argv[i]);
		if ((ours || arity > 0) ? !wst_arg_value(&a, argc, argv, &i) : !wst_arg_no_value(&a))
			return WST_EXIT_USAGE;
		if (strcmp(a.name, "format") == 0) {
			if (take_format(a.value, &job->format))
				return WST_EXIT_USAGE;
		} else if (strcmp(a.name, "output") == 0) {
			job->output = a.value;
		} else if (strcmp(a.name, "slow") == 0) {
			if (wst_arg_count(a.value, 86400000, &job->report.slow_connect_ms) < 0)
				return wst_usage_error("invalid --slow '%s' (milliseconds, 1-86400000)", a.value);
		} else if (strcmp(a.name, "max-sockets") == 0) {
			if (wst_arg_count(a.value, WST_ENDPOINT_MAX_CAPACITY, &job->pipeline.endpoint_capacity) < 0)
				return wst_usage_error("invalid --max-sockets '%s' (1-%u)", a.value,
				                       WST_ENDPOINT_MAX_CAPACITY);
		} else if (wst_filter_option(&job->pipeline.filter, a.name, a.value, err, sizeof err) < 0) {
			return wst_usage_error("%s", err);
		}
	}
	if (!job->path)
		return wst_usage_error("report needs a capture file");
	job->report.socket_capacity = job->pipeline.endpoint_capacity;
	return 0;
}

/* The report names its capture by the file's name alone. */
static const char *base_name(const char *path)
{
	for (const char *p = path; *p; p++)
		if (*p == '/' || *p == '\\')
			path = p + 1;
	return path;
}

int wst_cmd_report(int argc, char **argv)
{
	struct report_job job;
	int rc = parse_args(argc, argv, &job);
	if (rc)
		return rc < 0 ? wst_finish_stdout() : rc;

	struct wst_report *report = wst_report_new(&job.report);
	if (!report) {
		wst_error("out of memory for the report");
		return WST_EXIT_FAILURE;
	}
	FILE *fp = stdout;
	wst_stdout_setup();
	if (job.output && !(fp = fopen(job.output, "wb"))) {
		wst_error("%s: %s", job.output, strerror(errno));
		wst_report_free(report);
		return WST_EXIT_FAILURE;
	}
	static struct wst_out out;
	wst_out_init(&out, fp, false);
	struct wst_pipeline_observer observer;
	wst_report_observe(report, &observer);
	job.pipeline.observer = &observer;
	job.pipeline.quiet = true;
	struct wst_capture_totals totals;
	int status = wst_read_capture(job.path, &job.pipeline, &out, &totals);
	if (status != WST_EXIT_FAILURE) {
		struct wst_report_input in = {
			base_name(job.path), totals.counts.events, totals.counts.afd,
			totals.events_lost, totals.buffers_lost, totals.lost_flag_buffers, totals.problems,
		};
		int error = wst_report_print(report, &in, &out, job.format);
		if (error)
			status = wst_output_status(error);
	}
	if (fp != stdout && fclose(fp) != 0 && status != WST_EXIT_FAILURE) {
		wst_error("%s: %s", job.output, strerror(errno));
		status = WST_EXIT_FAILURE;
	}
	wst_report_free(report);
	return status;
}
