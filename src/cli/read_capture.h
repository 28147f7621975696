/* A saved capture through the pipeline, start to end: shared by parse and
 * report, so that both read, count and report problems the same way. */
#ifndef WSTRACE_CLI_READ_CAPTURE_H
#define WSTRACE_CLI_READ_CAPTURE_H

#include <stdbool.h>

#include "wstrace/outbuf.h"
#include "wstrace/pipeline.h"

struct wst_capture_totals {
	struct wst_pipeline_counts counts;
	uint64_t events_lost, buffers_lost, lost_flag_buffers;   /* the capture's own losses */
	unsigned long long problems;                             /* damaged parts skipped */
};

/* Reads path through a pipeline with opt, writing to out (flushed at the
 * end); with stats_line, a JSON "stats" line ends the output when the
 * endpoint table evicted. Messages go to stderr: damaged parts with their
 * offsets, losses, evictions, a capture without AFD events. Returns the
 * exit status: 0, 1 (unreadable, read error, out of memory, write error),
 * 3 damaged, 4 events lost. */
int wst_read_capture(const char *path, const struct wst_pipeline_options *opt, struct wst_out *out,
                     bool stats_line, struct wst_capture_totals *totals);

#endif
