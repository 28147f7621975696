/* Process names from Windows: OpenProcess with the least access that
 * allows the query (it works for most processes of other users and for
 * many protected ones), creation time for telling PID reuse apart. */
#include <string.h>
#include <windows.h>

#include "image_names.h"
#include "wstrace/utf16.h"

static bool query(void *ctx, uint32_t pid, uint64_t *created, char *name, size_t len)
{
	FILETIME create, exit_time, kernel, user;
	WCHAR path[MAX_PATH * 2];
	DWORD n = sizeof path / sizeof path[0];
	char utf8[WST_IMAGE_NAME_MAX * 4];
	bool ok = false;
	HANDLE h;

	(void)ctx;
	h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
	if (!h)
		return false;
	if (!GetProcessTimes(h, &create, &exit_time, &kernel, &user))
		goto out;
	*created = (uint64_t)create.dwHighDateTime << 32 | create.dwLowDateTime;
	if (!name) {
		ok = true;
		goto out;
	}
	if (!QueryFullProcessImageNameW(h, 0, path, &n))
		goto out;
	const WCHAR *base = path;
	for (const WCHAR *p = path; *p; p++)
		if (*p == L'\\' || *p == L'/')
			base = p + 1;
	if (!WideCharToMultiByte(CP_UTF8, 0, base, -1, utf8, (int)sizeof utf8, NULL, NULL))
		goto out;
	size_t k = wst_utf8_cut(utf8, strlen(utf8), len - 1);
	memcpy(name, utf8, k);
	name[k] = '\0';
	ok = true;
out:
	CloseHandle(h);
	return ok;
}

static uint64_t now_ms(void *ctx)
{
	(void)ctx;
	return GetTickCount64();
}

const struct wst_image_source wst_image_windows = { query, now_ms, NULL };
