/* wstrace parse FILE.etl...: decode the AFD events of saved captures, merged by time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "filter_options.h"
#include "options.h"
#include "wstrace/diag.h"
#include "wstrace/etl_reader.h"
#include "wstrace/etl_timeline.h"
#include "wstrace/pipeline.h"

struct parse_job {
	char **paths;
	size_t npaths;
	struct wst_pipeline_options opt;
	int format;
	bool unbuffered;
	uint64_t max_sockets;   /* 0: the table's default */
};

/* Returns 0 to go on, WST_OPTIONS_HELP, or a usage exit status. */
static int parse_args(int argc, char **argv, struct parse_job *job)
{
	const struct wst_option options[] = {
		WST_OPT_CHOICE("format", 0, &job->format, wst_format_choices,
		               "aligned text lines (default) or JSON lines (schema v1)"),
		WST_OPT_FLAG("summary", 0, &job->opt.summary,
		             "also print a \"socket\" line when each socket's life ends\n"
		             "(closed, evicted, or still open at the end): pid, addresses,\n"
		             "bytes each way, connect latency, errors, last status"),
		WST_OPT_FLAG("summary-only", 0, &job->opt.summary_only,
		             "only those lines; in text, a table with one socket a row"),
		WST_OPT_FLAG("all-providers", 0, &job->opt.all_providers,
		             "also print other providers' events, undecoded"),
		WST_OPT_FLAG("unbuffered", 0, &job->unbuffered, "write each line as soon as it is decoded"),
		WST_OPT_UINT("max-sockets", 0, &job->max_sockets, 1, WST_ENDPOINT_MAX_CAPACITY, 0, "N",
		             "sockets the endpoint table follows at once (default 131072,\n"
		             "at most 16777216; the least recently used is evicted,\n"
		             "240 bytes each)"),
		WST_FILTER_OPTIONS(&job->opt.filter),
		WST_FILTER_OPTION_LEVEL(&job->opt.filter),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace parse FILE.etl... [OPTION]...",
		"Decodes the Microsoft-Windows-Winsock-AFD events of a saved ETW capture, one\n"
		"line per event in time order, following each socket by its endpoint; and the\n"
		"Winsock-NameResolution, DNS-Client and Kernel-Process events beside them, which\n"
		"name each line's program (image) and each socket's remote host (remote_name).\n",
		options,
		"Exit status: 0 ok, 1 failure, 2 usage, 3 damaged input (the rest was decoded),\n"
		"4 the capture itself lost events.\n",
		false,
	};
	struct wst_words words;

	memset(job, 0, sizeof *job);
	wst_filter_init(&job->opt.filter);
	int rc = wst_options_parse(&command, argc, argv, &words);
	if (rc)
		return rc;
	if (words.count == 0)
		return wst_usage_error("parse needs a capture file");
	job->paths = words.word;
	job->npaths = (size_t)words.count;
	job->opt.format = (enum wst_format)job->format;
	job->opt.summary |= job->opt.summary_only;
	job->opt.endpoint_capacity = (uint32_t)job->max_sockets;
	return 0;
}

static void report_truncated(void *ctx, const struct wst_record *rec)
{
	char message[128];

	snprintf(message, sizeof message, "event %u (%s) payload truncated: %zu bytes",
	         rec->ev->id, rec->desc->name, rec->ev->user_len);
	wst_problem_report(ctx, rec->ev->file_offset, message);
}

/* The JSON stream's last line when the endpoint table evicted sockets or
 * processes: the counts beside the capture's own losses. */
static void print_stats(struct wst_out *out, const struct wst_pipeline *p,
                        uint64_t events_lost, uint64_t buffers_lost, uint64_t last_time)
{
	const struct wst_endpoint_stats *e = wst_endpoint_table_stats(p->endpoints);
	struct wst_capture_stats s = {
		.events = p->counts.events,
		.events_lost = events_lost,
		.buffers_lost = buffers_lost,
		.sockets_evicted = e->evicted,
		.processes_evicted = e->process_evicted,
	};
	wst_format_json_stats(out, last_time, &s);
}

/* The captures of one run, each with its own problem lines, merged by time. */
struct parse_inputs {
	struct wst_problem_log *logs;
	struct wst_etl_problem_sink *sinks;
	struct wst_etl_timeline_input *inputs;
	size_t count;
};

static void close_inputs(struct parse_inputs *in)
{
	for (size_t i = 0; in->inputs && i < in->count; i++)
		wst_etl_close(in->inputs[i].reader);
	free(in->logs);
	free(in->sinks);
	free(in->inputs);
}

static int open_inputs(struct parse_inputs *in, char **paths, size_t n)
{
	char err[256];

	in->count = n;
	in->logs = calloc(n, sizeof *in->logs);
	in->sinks = calloc(n, sizeof *in->sinks);
	in->inputs = calloc(n, sizeof *in->inputs);
	if (!in->logs || !in->sinks || !in->inputs) {
		wst_error("out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		in->logs[i].path = paths[i];
		in->sinks[i].report = wst_problem_report;
		in->sinks[i].ctx = &in->logs[i];
		in->inputs[i].reader = wst_etl_open(paths[i], &in->sinks[i], err, sizeof err, NULL);
		if (!in->inputs[i].reader) {
			wst_error("%s: %s", paths[i], err);
			return -1;
		}
	}
	return 0;
}

int wst_cmd_parse(int argc, char **argv)
{
	struct parse_job job;
	int rc = parse_args(argc, argv, &job);
	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;

	struct parse_inputs in = { 0 };
	if (open_inputs(&in, job.paths, job.npaths) < 0) {
		close_inputs(&in);
		return WST_EXIT_FAILURE;
	}

	static struct wst_out out;
	struct wst_pipeline p;
	wst_stdout_setup();
	wst_out_init(&out, stdout, job.unbuffered || wst_stdout_is_terminal());
	if (wst_pipeline_init(&p, &job.opt, &out) < 0) {
		close_inputs(&in);
		wst_error("out of memory for the endpoint table");
		return WST_EXIT_FAILURE;
	}
	p.on_truncated = report_truncated;

	struct wst_etl_timeline tl;
	const struct wst_etl_record *rec;
	size_t f;
	uint64_t last_time = 0;
	wst_etl_timeline_init(&tl, in.inputs, in.count);
	while (!out.error && wst_etl_timeline_next(&tl, &rec, &f) == 1) {
		if (rec->kind == WST_ETL_EVENT_HEADER) {
			p.ctx = &in.logs[f];   /* a truncated payload is its own file's problem */
			wst_pipeline_event(&p, &rec->event);
			last_time = rec->timestamp;
		}
	}
	/* An I/O error (or no memory) is a failure to read a file, not
	 * damage in it: what came before is out, the rest is not known. */
	bool read_failed = tl.error != 0;
	uint64_t events_lost = 0, buffers_lost = 0;
	for (size_t i = 0; i < in.count; i++) {
		read_failed |= wst_etl_stats(in.inputs[i].reader)->read_errors != 0;
		events_lost += wst_etl_header(in.inputs[i].reader)->events_lost;
		buffers_lost += wst_etl_header(in.inputs[i].reader)->buffers_lost;
	}
	if (!out.error)
		wst_pipeline_finish(&p);
	bool evicted = !read_failed && !out.error && wst_pipeline_report_evictions(&p);
	if (evicted && job.opt.format == WST_FORMAT_JSON)
		print_stats(&out, &p, events_lost, buffers_lost, last_time);
	wst_out_flush(&out);

	int status = WST_EXIT_OK;
	unsigned long long problems = 0;
	if (out.error) {
		status = wst_output_status(out.error);
	} else if (read_failed) {
		status = WST_EXIT_FAILURE;
	} else {
		for (size_t i = 0; i < in.count; i++) {
			const struct wst_problem_log *log = &in.logs[i];
			if (wst_report_losses(log->path, wst_etl_header(in.inputs[i].reader),
			                      wst_etl_stats(in.inputs[i].reader)) && status == WST_EXIT_OK)
				status = WST_EXIT_LOST;
			if (log->count) {
				status = WST_EXIT_DAMAGED;
				wst_error("%s: %llu problem%s in the file; everything readable was decoded",
				          log->path, log->count, log->count == 1 ? "" : "s");
			}
			problems += log->count;
		}
		if (!problems && in.count == 1)
			wst_pipeline_report_no_afd(&p, in.logs[0].path);
		else if (!problems && p.counts.afd == 0)
			wst_notice("no Winsock-AFD events in these %zu captures ('wstrace info' lists "
			           "what they hold)", in.count);
	}
	wst_pipeline_free(&p);
	close_inputs(&in);
	return status;
}
