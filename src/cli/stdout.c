/* Standard output, the same way for every command: a reader that goes
 * away ends the program quietly, any other failed write is reported. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#define wst_isatty _isatty
#define wst_fileno _fileno
#else
#include <unistd.h>
#define wst_isatty isatty
#define wst_fileno fileno
#endif

#include "commands.h"
#include "wstrace/diag.h"

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
