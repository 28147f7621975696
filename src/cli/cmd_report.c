/* wstrace report FILE.etl: what went wrong in a saved capture, in words
 * (docs/report.md). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "filter_options.h"
#include "options.h"
#include "read_capture.h"
#include "wstrace/diag.h"
#include "wstrace/name_table.h"
#include "wstrace/process_table.h"
#include "wstrace/report.h"
#include "wstrace/string_values.h"

struct report_job {
	char **paths;
	size_t npaths;
	const char *output;        /* NULL: standard output */
	int format;                /* enum wst_report_format */
	uint64_t slow_ms, slow_lookup_ms, max_sockets;
	struct wst_report_options report;
	struct wst_pipeline_options pipeline;
};

/* enum wst_report_format's order. */
static const char *const format_names[] = { "text", "json", "html", "csv", NULL };

/* The options; returns 0, WST_OPTIONS_HELP, or a usage exit status. */
static int parse_args(int argc, char **argv, struct report_job *job)
{
	const struct wst_option options[] = {
		WST_OPT_CHOICE("format", 0, &job->format, format_names,
		               "text (default), json (one line per finding), html (one\n"
		               "self-contained page with a timeline of every socket) or csv"),
		WST_OPT_STRING("output", 'o', &job->output, "FILE",
		               "write the report to FILE instead of standard output\n(-: standard output)"),
		WST_OPT_UINT("slow", 0, &job->slow_ms, 1, 86400000, 0, "MS",
		             "a connect taking this long or longer is slow (default 1000)"),
		WST_OPT_UINT("slow-lookup", 0, &job->slow_lookup_ms, 1, 86400000, 0, "MS",
		             "a name lookup taking this long or longer is slow (default 1000)"),
		WST_OPT_UINT("max-sockets", 0, &job->max_sockets, 1, WST_ENDPOINT_MAX_CAPACITY, 0, "N",
		             "sockets followed at once, as for 'wstrace parse' (default 131072)"),
		WST_FILTER_OPTIONS(&job->pipeline.filter),
		WST_FILTER_OPTION_LEVEL(&job->pipeline.filter),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace report FILE.etl... [OPTION]...",
		"Says what went wrong in saved captures (merged by time): refused, timed-out and unreachable\n"
		"connects, resets, slow connects, failed and slow name lookups, floods of small\n"
		"sends, dropped datagrams, bind conflicts, failed accepts, other failures,\n"
		"sockets left open, socket churn, lost events and damaged files, grouped by\n"
		"process and remote (or name), with what to check (docs/report.md). Then a\n"
		"table per process. The filters keep what is counted, as they keep what\n"
		"'wstrace parse' prints.\n",
		options,
		"Exit status: 0 ok (with or without findings), 1 failure, 2 usage, 3 damaged\n"
		"input (the rest was read), 4 the capture itself lost events.\n",
		false,
	};
	struct wst_words words;

	memset(job, 0, sizeof *job);
	wst_filter_init(&job->pipeline.filter);
	int rc = wst_options_parse(&command, argc, argv, &words);
	if (rc)
		return rc;
	if (words.count == 0)
		return wst_usage_error("report needs a capture file");
	job->paths = words.word;
	job->npaths = (size_t)words.count;
	job->pipeline.endpoint_capacity = (uint32_t)job->max_sockets;
	job->report.socket_capacity = (uint32_t)job->max_sockets;
	job->report.slow_connect_ms = (uint32_t)job->slow_ms;
	job->report.slow_lookup_ms = (uint32_t)job->slow_lookup_ms;
	return 0;
}

/* What the report needs at the end, while the pipeline still names things. */
struct report_run {
	struct report_job *job;
	struct wst_report *report;
	struct wst_out *out;
};

static const char *image_of(void *ctx, uint32_t pid)
{
	struct wst_pipeline *p = ctx;

	return wst_process_table_image(p->processes, pid);
}

static const char *remote_name_of(void *ctx, uint32_t pid, const struct wst_sockaddr *remote)
{
	struct wst_pipeline *p = ctx;

	return wst_name_table_find(p->names, pid, remote, NULL);
}

static int print_report(void *ctx, struct wst_pipeline *p, const struct wst_capture_totals *t,
                        int status)
{
	struct report_run *run = ctx;
	struct wst_report_input in = {
		wst_path_base_name(run->job->paths[0]), p->counts.events, p->counts.afd,
		t->events_lost, t->buffers_lost, t->lost_flag_buffers, t->problems,
	};
	struct wst_report_names names = { image_of, remote_name_of, p };

	wst_report_set_names(run->report, &names);
	int error = wst_report_print(run->report, &in, run->out, (enum wst_report_format)run->job->format);
	return error ? wst_output_status(error) : status;
}

int wst_cmd_report(int argc, char **argv)
{
	struct report_job job;
	int rc = parse_args(argc, argv, &job);
	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;

	struct wst_report *report = wst_report_new(&job.report);
	if (!report) {
		wst_error("out of memory for the report");
		return WST_EXIT_FAILURE;
	}
	FILE *fp = stdout;
	wst_stdout_setup();
	if (job.output && strcmp(job.output, "-") == 0)
		job.output = NULL;  /* as for pcap: "-" is standard output */
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
	struct report_run run = { &job, report, &out };
	int status = wst_read_captures(job.paths, job.npaths, &job.pipeline, &out, false, print_report, &run);
	if (fp != stdout && fclose(fp) != 0 && status != WST_EXIT_FAILURE) {
		wst_error("%s: %s", job.output, strerror(errno));
		status = WST_EXIT_FAILURE;
	}
	wst_report_free(report);
	return status;
}
