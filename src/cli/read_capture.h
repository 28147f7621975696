/* Saved captures through the pipeline, start to end: shared by parse and
 * report, so that both read, merge, count and report problems the same way. */
#ifndef WSTRACE_CLI_READ_CAPTURE_H
#define WSTRACE_CLI_READ_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "wstrace/outbuf.h"
#include "wstrace/pipeline.h"

/* What the captures said of themselves. */
struct wst_capture_totals {
	uint64_t events_lost, buffers_lost, lost_flag_buffers;   /* summed over the files */
	unsigned long long problems;                             /* damaged parts skipped */
};

/* Told at the end, before the pipeline is freed (its tables still name
 * processes and hosts), with the exit status so far; returns the status. */
typedef int wst_read_finished_fn(void *ctx, struct wst_pipeline *p,
                                 const struct wst_capture_totals *totals, int status);

/* Reads the n captures at paths, merged by time, through a pipeline with
 * opt, writing to out (flushed at the end); with stats_line, a JSON
 * "stats" line ends the output when a table evicted. Messages go to
 * stderr: damaged parts with their offsets, losses, evictions, captures
 * without AFD events. Then finished, if given and the reading did not
 * fail. Returns the exit status: 0, 1 (unreadable, read error, out of
 * memory, write error), 3 damaged, 4 events lost. */
int wst_read_captures(char **paths, size_t n, const struct wst_pipeline_options *opt,
                      struct wst_out *out, bool stats_line, wst_read_finished_fn *finished, void *ctx);

#endif
