/* Reading a saved capture through the pipeline: parse and report. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "read_capture.h"
#include "wstrace/diag.h"
#include "wstrace/etl_reader.h"

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
                        const struct wst_etl_header *h, uint64_t last_time)
{
	const struct wst_endpoint_stats *e = wst_endpoint_table_stats(p->endpoints);
	struct wst_capture_stats s = {
		.events = p->counts.events,
		.events_lost = h->events_lost,
		.buffers_lost = h->buffers_lost,
		.sockets_evicted = e->evicted,
		.processes_evicted = e->process_evicted,
	};
	wst_format_json_stats(out, last_time, &s);
}

/* Lost events are the capture's, not ours: say so, with the numbers. */
static bool report_losses(const char *path, const struct wst_etl_header *h,
                          const struct wst_etl_stats *s)
{
	if (!h->events_lost && !h->buffers_lost && !s->lost_flag_buffers)
		return false;
	wst_warning("%s: the capture lost events: events_lost %u, buffers_lost %u, "
	            "buffers flagged with losses %llu",
	            path, h->events_lost, h->buffers_lost, (unsigned long long)s->lost_flag_buffers);
	return true;
}

int wst_read_capture(const char *path, const struct wst_pipeline_options *opt, struct wst_out *out,
                     bool stats_line, struct wst_capture_totals *totals)
{
	memset(totals, 0, sizeof *totals);
	struct wst_problem_log log = { path, 0 };
	struct wst_etl_problem_sink sink = { wst_problem_report, &log };
	char err[256];
	struct wst_etl_reader *r = wst_etl_open(path, &sink, err, sizeof err, NULL);
	if (!r) {
		wst_error("%s: %s", path, err);
		return WST_EXIT_FAILURE;
	}

	struct wst_pipeline p;
	if (wst_pipeline_init(&p, opt, out) < 0) {
		wst_etl_close(r);
		wst_error("out of memory for the endpoint table");
		return WST_EXIT_FAILURE;
	}
	p.on_truncated = report_truncated;
	p.ctx = &log;

	struct wst_etl_record rec;
	uint64_t last_time = 0;
	int step = 0;
	while (!out->error && (step = wst_etl_next(r, &rec)) == 1) {
		if (rec.kind == WST_ETL_EVENT_HEADER) {
			wst_pipeline_event(&p, &rec.event);
			last_time = rec.timestamp;
		}
	}
	const struct wst_etl_header *h = wst_etl_header(r);
	const struct wst_etl_stats *s = wst_etl_stats(r);
	/* An I/O error (or no memory) is a failure to read the file, not
	 * damage in it: what came before is out, the rest is not known. */
	bool read_failed = step < 0 || s->read_errors;
	if (!out->error)
		wst_pipeline_finish(&p);
	bool evicted = !read_failed && !out->error && wst_pipeline_report_evictions(&p);
	if (evicted && stats_line)
		print_stats(out, &p, h, last_time);
	wst_out_flush(out);

	totals->counts = p.counts;
	totals->events_lost = h->events_lost;
	totals->buffers_lost = h->buffers_lost;
	totals->lost_flag_buffers = s->lost_flag_buffers;
	totals->problems = log.count;
	int status = WST_EXIT_OK;
	if (out->error) {
		status = wst_output_status(out->error);
	} else if (read_failed) {
		status = WST_EXIT_FAILURE;
	} else {
		if (report_losses(path, h, s))
			status = WST_EXIT_LOST;
		if (log.count) {
			status = WST_EXIT_DAMAGED;
			wst_error("%s: %llu problem%s in the file; everything readable was decoded",
			          path, log.count, log.count == 1 ? "" : "s");
		}
		if (!log.count)
			wst_pipeline_report_no_afd(&p, path);
	}
	wst_pipeline_free(&p);
	wst_etl_close(r);
	return status;
}
