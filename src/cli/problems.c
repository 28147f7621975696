/* Problems in an input file: one line each with the file and the offset,
 * at most WST_PROBLEM_LINES_MAX of them, the rest only counted. */
#include "commands.h"
#include "wstrace/diag.h"

void wst_problem_report(void *ctx, uint64_t offset, const char *message)
{
	struct wst_problem_log *log = ctx;

	if (++log->count <= WST_PROBLEM_LINES_MAX)
		wst_error("%s: offset 0x%llx: %s", log->path, (unsigned long long)offset, message);
	else if (log->count == WST_PROBLEM_LINES_MAX + 1)
		wst_error("%s: more problems follow; only their count is reported", log->path);
}
