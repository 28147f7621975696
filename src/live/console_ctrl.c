#include "console_ctrl.h"

/* Windows may give the process about five seconds after a close. */
#define CLOSE_WAIT_MS 4000

/* SetConsoleCtrlHandler takes no context: one capture per process. */
static HANDLE wake_event, done_event;
static volatile LONG signal_kind;

static BOOL WINAPI handler(DWORD type)
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
		WaitForSingleObject(done_event, CLOSE_WAIT_MS);
		return TRUE;
	default:
		return FALSE;
	}
}

bool wst_console_ctrl_install(HANDLE wake, HANDLE done)
{
	wake_event = wake;
	done_event = done;
	signal_kind = 0;
	return SetConsoleCtrlHandler(handler, TRUE) != 0;
}

void wst_console_ctrl_remove(void)
{
	SetConsoleCtrlHandler(handler, FALSE);
}

int wst_console_ctrl_signal(void)
{
	return (int)signal_kind;
}
