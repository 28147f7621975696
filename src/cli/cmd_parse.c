/* wstrace parse FILE.etl: decode the AFD events of a saved capture. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "filter_options.h"
#include "options.h"
#include "wstrace/diag.h"
#include "wstrace/etl_reader.h"
#include "wstrace/pipeline.h"

struct parse_job {
	const char *path;
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
		             "200 bytes each)"),
		WST_FILTER_OPTIONS(&job->opt.filter),
		WST_FILTER_OPTION_LEVEL(&job->opt.filter),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace parse FILE.etl [OPTION]...",
		"Decodes the Microsoft-Windows-Winsock-AFD events of a saved ETW capture, one\n"
		"line per event in time order, following each socket by its endpoint.\n",
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
	if (words.count > 1)
		return wst_usage_error("parse takes one file; '%s' is one too many", words.word[1]);
	job->path = words.word[0];
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

int wst_cmd_parse(int argc, char **argv)
{
	struct parse_job job;
	int rc = parse_args(argc, argv, &job);
	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;

	struct wst_problem_log log = { job.path, 0 };
	struct wst_etl_problem_sink sink = { wst_problem_report, &log };
	char err[256];
	struct wst_etl_reader *r = wst_etl_open(job.path, &sink, err, sizeof err, NULL);
	if (!r) {
		wst_error("%s: %s", job.path, err);
		return WST_EXIT_FAILURE;
	}

	static struct wst_out out;
	struct wst_pipeline p;
	wst_stdout_setup();
	wst_out_init(&out, stdout, job.unbuffered || wst_stdout_is_terminal());
	if (wst_pipeline_init(&p, &job.opt, &out) < 0) {
		wst_etl_close(r);
		wst_error("out of memory for the endpoint table");
		return WST_EXIT_FAILURE;
	}
	p.on_truncated = report_truncated;
	p.ctx = &log;

	struct wst_etl_record rec;
	uint64_t last_time = 0;
	int step = 0;
	while (!out.error && (step = wst_etl_next(r, &rec)) == 1) {
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
	if (!out.error)
		wst_pipeline_finish(&p);
	bool evicted = !read_failed && !out.error && wst_pipeline_report_evictions(&p);
	if (evicted && job.opt.format == WST_FORMAT_JSON)
		print_stats(&out, &p, h, last_time);
	wst_out_flush(&out);

	int status = WST_EXIT_OK;
	if (out.error) {
		status = wst_output_status(out.error);
	} else if (read_failed) {
		status = WST_EXIT_FAILURE;
	} else {
		if (report_losses(job.path, h, s))
			status = WST_EXIT_LOST;
		if (log.count) {
			status = WST_EXIT_DAMAGED;
			wst_error("%s: %llu problem%s in the file; everything readable was decoded",
			          job.path, log.count, log.count == 1 ? "" : "s");
		}
		if (!log.count)
			wst_pipeline_report_no_afd(&p, job.path);
	}
	wst_pipeline_free(&p);
	wst_etl_close(r);
	return status;
}
