#include "console_ctrl.h"

/* After a close Windows ends the process when the handler returns, or
 * after a timeout of a few seconds; the summary usually takes far less. */
#define CLOSE_WAIT_MS 3000

/* SetConsoleCtrlHandler takes no context: one capture per process. */
static HANDLE wake_event, done_event;
static struct wst_session *close_session;
static volatile LONG signal_kind;

BOOL WINAPI wst_console_ctrl_handler(DWORD type)
{
	switch (type) {
	case CTRL_C_EVENT:
	case CTRL_BREAK_EVENT:
		InterlockedCompareExchange(&signal_kind, 1, 0);
		SetEvent(wake_event);
		return TRUE;
	case CTRL_CLOSE_EVENT:
	case CTRL_LOGOFF_EVENT:
	case CTRL_SHUTDOWN_EVENT:
		InterlockedCompareExchange(&signal_kind, 2, 0);
		SetEvent(wake_event);
		/* Not left to the controller: it may be waiting for the reader
		 * thread, and the process may end before it gets here. */
		if (close_session)
			wst_session_stop(close_session);
		WaitForSingleObject(done_event, CLOSE_WAIT_MS);
		return TRUE;
	default:
		return FALSE;
	}
}

bool wst_console_ctrl_install(HANDLE wake, HANDLE done, struct wst_session *session)
{
	wake_event = wake;
	done_event = done;
	close_session = session;
	signal_kind = 0;
	return SetConsoleCtrlHandler(wst_console_ctrl_handler, TRUE) != 0;
}

void wst_console_ctrl_remove(void)
{
	SetConsoleCtrlHandler(wst_console_ctrl_handler, FALSE);
	close_session = NULL;
}

int wst_console_ctrl_signal(void)
{
	return (int)signal_kind;
}
