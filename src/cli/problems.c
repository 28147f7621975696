/* Problems in an input file: one line each with the file and the offset,
 * at most WST_PROBLEM_LINES_MAX of them, the rest only counted. */
#include "commands.h"
#include "wstrace/diag.h"
#include "wstrace/etl_reader.h"

void wst_problem_report(void *ctx, uint64_t offset, const char *message)
{
	struct wst_problem_log *log = ctx;

	if (++log->count <= WST_PROBLEM_LINES_MAX)
		wst_error("%s: offset 0x%llx: %s", log->path, (unsigned long long)offset, message);
	else if (log->count == WST_PROBLEM_LINES_MAX + 1)
		wst_error("%s: more problems follow; only their count is reported", log->path);
}

bool wst_report_losses(const char *path, const struct wst_etl_header *h,
                       const struct wst_etl_stats *s)
{
	if (!h->events_lost && !h->buffers_lost && !s->lost_flag_buffers)
		return false;
	wst_warning("%s: the capture lost events: events_lost %u, buffers_lost %u, "
	            "buffers flagged with losses %llu",
	            path, h->events_lost, h->buffers_lost, (unsigned long long)s->lost_flag_buffers);
	return true;
}
