/*
 * Ctrl+C, Ctrl+Break and closing the console window end a live capture
 * through its one cleanup path. Windows runs the handler on a thread it
 * creates for the signal (HandlerRoutine, learn.microsoft.com
 * windows/console/handlerroutine). Ctrl+C only records the signal and
 * wakes the controller. At a close the process ends once the handler
 * returns, so the handler stops the session itself first (the controller
 * may be busy), then waits a little for the controller's summary.
 * Logoff and shutdown reach only services' handlers, not an interactive
 * console program's (same page): docs/windows.md says what that means.
 */
#ifndef WSTRACE_LIVE_CONSOLE_CTRL_H
#define WSTRACE_LIVE_CONSOLE_CTRL_H

#include <stdbool.h>
#include <windows.h>

#include "session.h"

/* wake is set at a signal; session is what a close stops; done is what
 * the handler then waits for. */
bool wst_console_ctrl_install(HANDLE wake, HANDLE done, struct wst_session *session);
void wst_console_ctrl_remove(void);

/* 0: no signal; 1: Ctrl+C or Ctrl+Break; 2: close, logoff or shutdown. */
int wst_console_ctrl_signal(void);

/* The handler itself: Windows calls it; the tests call it as Windows
 * would, on a thread of their own. */
BOOL WINAPI wst_console_ctrl_handler(DWORD type);

#endif
