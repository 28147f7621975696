/*
 * The one error path: every message goes to stderr as a single line
 * "wstrace: ..." and every command ends with one of these exit codes
 * (docs/cli.md lists them).
 */
#ifndef WSTRACE_DIAG_H
#define WSTRACE_DIAG_H

#include "wstrace/compiler.h"

enum wst_exit {
	WST_EXIT_OK = 0,
	WST_EXIT_FAILURE = 1,   /* nothing useful done: unreadable input, write error */
	WST_EXIT_USAGE = 2,     /* bad command line */
	WST_EXIT_DAMAGED = 3,   /* input damaged: parts skipped, the rest decoded */
	WST_EXIT_LOST = 4,      /* the capture itself lost events or buffers */
};

/* "wstrace: <message>". Returns -1 so that `return wst_error(...)` works. */
int wst_error(const char *fmt, ...) WST_PRINTF(1, 2);

/* "wstrace: warning: <message>". */
void wst_warning(const char *fmt, ...) WST_PRINTF(1, 2);

/* "wstrace: <message>", for a fact worth knowing that is no failure. */
void wst_notice(const char *fmt, ...) WST_PRINTF(1, 2);

/* The message, then "Try 'wstrace --help'..."; returns WST_EXIT_USAGE. */
int wst_usage_error(const char *fmt, ...) WST_PRINTF(1, 2);

#endif
