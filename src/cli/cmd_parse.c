/* wstrace parse FILE.etl...: decode the AFD events of saved captures, merged by time. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "filter_options.h"
#include "options.h"
#include "read_capture.h"
#include "wstrace/diag.h"
#include "wstrace/format.h"
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
		WST_OPT_CHOICE("format", 0, &job->format, wst_format_choices_csv,
		               "aligned text lines (default), JSON lines (schema v1), or\n"
		               "CSV (RFC 4180: a header row, then one row per event, or per\n"
		               "socket with --summary-only)"),
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
	/* One header a stream: socket rows have other columns than events. */
	if (job->opt.format == WST_FORMAT_CSV && job->opt.summary && !job->opt.summary_only)
		return wst_usage_error("--format csv takes --summary-only, not --summary");
	job->opt.summary |= job->opt.summary_only;
	job->opt.endpoint_capacity = (uint32_t)job->max_sockets;
	return 0;
}

int wst_cmd_parse(int argc, char **argv)
{
	struct parse_job job;
	int rc = parse_args(argc, argv, &job);
	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;

	static struct wst_out out;
	wst_stdout_setup();
	wst_out_init(&out, stdout, job.unbuffered || wst_stdout_is_terminal());
	if (job.opt.format == WST_FORMAT_CSV && job.opt.summary_only)
		wst_format_summary_csv_header(&out);
	else if (job.opt.format == WST_FORMAT_CSV)
		wst_format_csv_header(&out);
	return wst_read_captures(job.paths, job.npaths, &job.opt, &out,
	                         job.opt.format == WST_FORMAT_JSON, NULL, NULL);
}
