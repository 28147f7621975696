/*
 * Ctrl+C, Ctrl+Break, closing the console window, logoff and shutdown all
 * end a live capture through its one cleanup path, so that the session is
 * stopped. Windows calls the handler on a thread of its own; the handler
 * only records the signal and wakes the controller. For the close,
 * logoff and shutdown signals the process is killed once the handler
 * returns, so the handler waits (a few seconds at most) until the
 * controller says the session is stopped.
 */
#ifndef WSTRACE_LIVE_CONSOLE_CTRL_H
#define WSTRACE_LIVE_CONSOLE_CTRL_H

#include <stdbool.h>
#include <windows.h>

/* wake is set at a signal; done is what the handler waits for. */
bool wst_console_ctrl_install(HANDLE wake, HANDLE done);
void wst_console_ctrl_remove(void);

/* 0: no signal; 1: Ctrl+C or Ctrl+Break; 2: close, logoff or shutdown. */
int wst_console_ctrl_signal(void);

#endif
