/* Reporting damaged input and failed output, the same way for every command. */
#include <errno.h>
#include <stdbool.h>
#ifdef _WIN32
#include <io.h>
#define wst_isatty _isatty
#define wst_fileno _fileno
#else
#include <unistd.h>
#define wst_isatty isatty
#define wst_fileno fileno
#endif
#include <signal.h>
#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

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

void wst_stdout_setup(void)
{
#ifdef SIGPIPE
	signal(SIGPIPE, SIG_IGN);
#endif
#ifdef SIGXFSZ
	/* A file size limit (ulimit -f) then fails the write with EFBIG, which
	 * is reported like a full disk, instead of killing the program with
	 * half a line written and nothing said. */
	signal(SIGXFSZ, SIG_IGN);
#endif
#ifdef _WIN32
	/* Lines end in "\n" on every OS: text mode would write "\r\n", and
	 * the JSON lines and text would differ from the other builds'. */
	_setmode(_fileno(stdout), _O_BINARY);
#endif
}

int wst_output_status(int error)
{
	if (error == 0 || error == EPIPE)
		return 0;
#ifdef _WIN32
	/* A closed pipe surfaces as EINVAL from the Windows C runtime. */
	if (error == EINVAL)
		return 0;
#endif
	wst_error("write error: %s", strerror(error));
	return 1;
}

int wst_finish_stdout(void)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	return wst_output_status(errno ? errno : EIO);
}

bool wst_stdout_is_terminal(void)
{
	return wst_isatty(wst_fileno(stdout)) != 0;
}
