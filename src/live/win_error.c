#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "win_error.h"

const char wst_advice_elevate[] =
	"run wstrace from an elevated prompt (Run as administrator), "
	"or as a member of the Performance Log Users group";

struct known_error {
	DWORD code;
	const char *name;
	const char *advice;
};

/* The errors the ETW and process calls document, and what helps. */
static const struct known_error known[] = {
	{ ERROR_INVALID_FUNCTION, "ERROR_INVALID_FUNCTION",
	  "the provider refused the change: stop the session ('wstrace stop') and start again" },
	{ ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND", NULL },
	{ ERROR_PATH_NOT_FOUND, "ERROR_PATH_NOT_FOUND", "the folder does not exist: create it or choose another" },
	{ ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", wst_advice_elevate },
	{ ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE", NULL },
	{ ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY", "close other programs and try again" },
	{ ERROR_OUTOFMEMORY, "ERROR_OUTOFMEMORY", "close other programs and try again" },
	{ ERROR_WRITE_PROTECT, "ERROR_WRITE_PROTECT", "write the capture to another disk" },
	{ ERROR_BAD_LENGTH, "ERROR_BAD_LENGTH",
	  "Windows did not accept wstrace's request: please report it with the Windows version (winver)" },
	{ ERROR_SHARING_VIOLATION, "ERROR_SHARING_VIOLATION",
	  "another program has the file open: close it or choose another file" },
	{ ERROR_HANDLE_DISK_FULL, "ERROR_HANDLE_DISK_FULL", "free disk space or write the capture elsewhere" },
	{ ERROR_NOT_SUPPORTED, "ERROR_NOT_SUPPORTED", "this Windows version does not support it" },
	{ ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER",
	  "Windows did not accept wstrace's request: please report it with the Windows version (winver)" },
	{ ERROR_BROKEN_PIPE, "ERROR_BROKEN_PIPE", NULL },
	{ ERROR_DISK_FULL, "ERROR_DISK_FULL", "free disk space or write the capture elsewhere" },
	{ ERROR_INSUFFICIENT_BUFFER, "ERROR_INSUFFICIENT_BUFFER", NULL },
	{ ERROR_INVALID_NAME, "ERROR_INVALID_NAME", "the session or file name is not valid" },
	{ ERROR_BAD_PATHNAME, "ERROR_BAD_PATHNAME",
	  "the file name is not valid, or another session already writes to it: choose another --etl file" },
	{ ERROR_ALREADY_EXISTS, "ERROR_ALREADY_EXISTS", NULL },
	{ ERROR_NO_DATA, "ERROR_NO_DATA", NULL },
	{ ERROR_MORE_DATA, "ERROR_MORE_DATA", NULL },
	{ ERROR_NOACCESS, "ERROR_NOACCESS", NULL },
	{ ERROR_NOT_FOUND, "ERROR_NOT_FOUND", NULL },
	{ ERROR_CANCELLED, "ERROR_CANCELLED", NULL },
	{ ERROR_PRIVILEGE_NOT_HELD, "ERROR_PRIVILEGE_NOT_HELD", wst_advice_elevate },
	{ ERROR_NO_SYSTEM_RESOURCES, "ERROR_NO_SYSTEM_RESOURCES",
	  "Windows has no trace session left (64 by default), or 8 sessions already enable the AFD "
	  "provider: list them with 'logman query -ets' and stop the ones not needed with "
	  "'logman stop NAME -ets'" },
	{ ERROR_TIMEOUT, "ERROR_TIMEOUT", "the provider did not answer in time: try again" },
	{ ERROR_WMI_GUID_NOT_FOUND, "ERROR_WMI_GUID_NOT_FOUND", NULL },
	{ ERROR_WMI_INSTANCE_NOT_FOUND, "ERROR_WMI_INSTANCE_NOT_FOUND",
	  "no session of that name is running: 'wstrace status' lists them" },
	{ ERROR_WMI_ALREADY_ENABLED, "ERROR_WMI_ALREADY_ENABLED", NULL },
	{ ERROR_WMI_SERVER_UNAVAILABLE, "ERROR_WMI_SERVER_UNAVAILABLE",
	  "the Windows Management Instrumentation service is not running: start it (services.msc)" },
	{ ERROR_CTX_CLOSE_PENDING, "ERROR_CTX_CLOSE_PENDING", NULL },
	{ ERROR_EVT_INVALID_EVENT_DATA, "ERROR_EVT_INVALID_EVENT_DATA", NULL },
};

static const struct known_error *find(DWORD code)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (known[i].code == code)
			return &known[i];
	return NULL;
}

const char *wst_win_error_name(DWORD code)
{
	const struct known_error *k = find(code);
	return k ? k->name : NULL;
}

const char *wst_win_error_advice(DWORD code)
{
	const struct known_error *k = find(code);
	return k ? k->advice : NULL;
}

/* Windows' own one-line text for the code, trailing newline and period
 * removed; "" when it has none. */
static void system_text(DWORD code, char *out, size_t len)
{
	DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
	                         code, 0, out, (DWORD)len, NULL);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == '.' ||
	             out[n - 1] == ' '))
		n--;
	out[n] = '\0';
	for (char *p = out; *p; p++)
		if (*p == '\r' || *p == '\n')
			*p = ' ';
}

void wst_win_error(DWORD code, const char *advice, const char *what_fmt, ...)
{
	char what[512], name[32], text[256];
	const char *known_name = wst_win_error_name(code);
	va_list ap;

	va_start(ap, what_fmt);
	vsnprintf(what, sizeof what, what_fmt, ap);
	va_end(ap);
	if (known_name)
		snprintf(name, sizeof name, "%s", known_name);
	else
		snprintf(name, sizeof name, "error");
	if (!advice)
		advice = wst_win_error_advice(code);
	if (!advice) {
		system_text(code, text, sizeof text);
		advice = text[0] ? text : "see 'net helpmsg' for the code";
	}
	wst_error("%s: %s (%lu): %s", what, name, (unsigned long)code, advice);
}
