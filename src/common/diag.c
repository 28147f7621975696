#include <stdarg.h>
#include <stdio.h>

#include "wstrace/diag.h"

/* Formats the whole line first and writes it with one call, so that
 * messages from concurrent writers (the live capture's threads) do not
 * interleave mid-line. */
static void emit(const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];
	int n = snprintf(line, sizeof line, "wstrace: %s", prefix);

	if (n < 0 || (size_t)n >= sizeof line)
		n = 0;
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	fprintf(stderr, "%s\n", line);
}

int wst_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
	return -1;
}

void wst_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("warning: ", fmt, ap);
	va_end(ap);
}

void wst_notice(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
}

int wst_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("", fmt, ap);
	va_end(ap);
	fputs("Try 'wstrace --help' for more information.\n", stderr);
	return WST_EXIT_USAGE;
}
