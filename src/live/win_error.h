/* Win32 errors as wstrace reports them: by name and number, with what to
 * do about it, on one line. */
#ifndef WSTRACE_LIVE_WIN_ERROR_H
#define WSTRACE_LIVE_WIN_ERROR_H

#include <windows.h>

#include "wstrace/diag.h"

/* "ERROR_ACCESS_DENIED", or NULL when wstrace has no name for the code. */
const char *wst_win_error_name(DWORD code);

/* What to do about the code in general, or NULL. */
const char *wst_win_error_advice(DWORD code);

/* "wstrace: WHAT: NAME (N): ADVICE". advice NULL: the code's general
 * advice, else Windows' own text for it. */
void wst_win_error(DWORD code, const char *advice, const char *what_fmt, ...) WST_PRINTF(3, 4);

/* The advice for ERROR_ACCESS_DENIED, which says how to get the right. */
extern const char wst_advice_elevate[];

#endif
