/* Saved captures through the pipeline, merged by time: parse and report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "read_capture.h"
#include "wstrace/diag.h"
#include "wstrace/etl_reader.h"
#include "wstrace/etl_timeline.h"

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

int wst_read_captures(char **paths, size_t n, const struct wst_pipeline_options *opt,
                      struct wst_out *out, bool stats_line, wst_read_finished_fn *finished, void *ctx)
{
	struct parse_inputs in = { 0 };
	if (open_inputs(&in, paths, n) < 0) {
		close_inputs(&in);
		return WST_EXIT_FAILURE;
	}

	struct wst_pipeline p;
	if (wst_pipeline_init(&p, opt, out) < 0) {
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
	while (!out->error && wst_etl_timeline_next(&tl, &rec, &f) == 1) {
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
	struct wst_capture_totals totals = { 0, 0, 0, 0 };
	for (size_t i = 0; i < in.count; i++) {
		read_failed |= wst_etl_stats(in.inputs[i].reader)->read_errors != 0;
		events_lost += wst_etl_header(in.inputs[i].reader)->events_lost;
		buffers_lost += wst_etl_header(in.inputs[i].reader)->buffers_lost;
		totals.lost_flag_buffers += wst_etl_stats(in.inputs[i].reader)->lost_flag_buffers;
		totals.problems += in.logs[i].count;
	}
	totals.events_lost = events_lost;
	totals.buffers_lost = buffers_lost;
	if (!out->error)
		wst_pipeline_finish(&p);
	bool evicted = !read_failed && !out->error && wst_pipeline_report_evictions(&p);
	if (evicted && stats_line)
		print_stats(out, &p, events_lost, buffers_lost, last_time);
	wst_out_flush(out);

	int status = WST_EXIT_OK;
	unsigned long long problems = 0;
	if (out->error) {
		status = wst_output_status(out->error);
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
	if (finished && status != WST_EXIT_FAILURE)
		status = finished(ctx, &p, &totals, status);
	wst_pipeline_free(&p);
	close_inputs(&in);
	return status;
}
