#include <stdlib.h>
#include <string.h>

#include "command_line.h"
#include "traced_program.h"
#include "win_error.h"
#include "wstrace/diag.h"

/* How long the program may take to end after the capture did, before it is
 * said to run on (its exit code is what run returns). */
#define PROGRAM_END_WAIT_MS 500

void wst_traced_init(struct wst_traced *t, const wchar_t *const *argv, int argc,
                     const char *name, unsigned grace_ms)
{
	memset(t, 0, sizeof *t);
	t->argv = argv;
	t->argc = argc;
	t->name = name;
	t->grace_ms = grace_ms;
	InitializeSRWLock(&t->lock);
	wst_process_tree_init(&t->tree);
}

void wst_traced_free(struct wst_traced *t)
{
	if (t->process)
		CloseHandle(t->process);
	t->process = NULL;
	wst_process_tree_free(&t->tree);
}

static uint64_t filetime_value(FILETIME ft)
{
	return (uint64_t)ft.dwHighDateTime << 32 | ft.dwLowDateTime;
}

/* The standard handles, the only ones the program inherits: wstrace's own
 * (-o FILE, anything a library opened) stay out of it. They must be
 * inheritable to be listed. Returns how many. */
static DWORD std_handles(HANDLE out[3])
{
	static const DWORD which[3] = { STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE };
	DWORD n = 0;

	for (int i = 0; i < 3; i++) {
		HANDLE h = GetStdHandle(which[i]);
		bool seen = false;
		if (!h || h == INVALID_HANDLE_VALUE)
			continue;
		for (DWORD j = 0; j < n; j++)
			seen |= out[j] == h;
		if (seen || !SetHandleInformation(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT))
			continue;
		out[n++] = h;
	}
	return n;
}

/* CreateProcessW with only the standard handles inherited, suspended. */
static DWORD create_suspended(wchar_t *line, PROCESS_INFORMATION *pi)
{
	STARTUPINFOEXW si;
	HANDLE inherit[3];
	DWORD n = std_handles(inherit);
	SIZE_T size = 0;
	DWORD err = ERROR_SUCCESS;

	memset(&si, 0, sizeof si);
	si.StartupInfo.cb = sizeof si;
	InitializeProcThreadAttributeList(NULL, 1, 0, &size);
	si.lpAttributeList = malloc(size);
	if (!si.lpAttributeList)
		return ERROR_NOT_ENOUGH_MEMORY;
	if (!InitializeProcThreadAttributeList(si.lpAttributeList, 1, 0, &size)) {
		err = GetLastError();
		free(si.lpAttributeList);
		return err;
	}
	if (n && !UpdateProcThreadAttribute(si.lpAttributeList, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST,
	                                    inherit, n * sizeof inherit[0], NULL, NULL))
		err = GetLastError();
	if (err == ERROR_SUCCESS &&
	    !CreateProcessW(NULL, line, NULL, NULL, n > 0,
	                    CREATE_SUSPENDED | EXTENDED_STARTUPINFO_PRESENT, NULL, NULL,
	                    &si.StartupInfo, pi))
		err = GetLastError();
	DeleteProcThreadAttributeList(si.lpAttributeList);
	free(si.lpAttributeList);
	return err;
}

/* The reading hook: the session is read, so nothing the program does is
 * missed from its first instruction on. */
static int start_program(void *ctx, HANDLE *ends)
{
	struct wst_traced *t = ctx;
	wchar_t *line = malloc(WST_COMMAND_LINE_MAX * sizeof *line);
	PROCESS_INFORMATION pi;
	FILETIME created, exited, kernel, user;

	if (!line) {
		wst_error("out of memory");
		return WST_EXIT_FAILURE;
	}
	long len = wst_command_line_build(t->argv, t->argc, line, WST_COMMAND_LINE_MAX);
	if (len < 0) {
		free(line);
		wst_error("cannot run '%s': %s", t->name,
		          len == WST_COMMAND_LINE_TOO_LONG ? "the command line is longer than Windows "
		                                             "allows (32767 characters)"
		                                           : "a program name cannot hold a quote");
		return WST_EXIT_FAILURE;
	}
	DWORD err = create_suspended(line, &pi);
	free(line);
	if (err != ERROR_SUCCESS) {
		wst_win_error(err, NULL, "cannot run '%s'", t->name);
		return WST_EXIT_FAILURE;
	}
	/* The create time tells this process from a later one of its PID. */
	if (!GetProcessTimes(pi.hProcess, &created, &exited, &kernel, &user)) {
		err = GetLastError();
		TerminateProcess(pi.hProcess, 1);
		CloseHandle(pi.hThread);
		CloseHandle(pi.hProcess);
		wst_win_error(err, NULL, "cannot read the start time of '%s'; it was ended", t->name);
		return WST_EXIT_FAILURE;
	}
	AcquireSRWLockExclusive(&t->lock);
	bool added = wst_process_tree_add_root(&t->tree, pi.dwProcessId, filetime_value(created));
	ReleaseSRWLockExclusive(&t->lock);
	if (!added || ResumeThread(pi.hThread) == (DWORD)-1) {
		err = added ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
		TerminateProcess(pi.hProcess, 1);
		CloseHandle(pi.hThread);
		CloseHandle(pi.hProcess);
		wst_win_error(err, NULL, "cannot start '%s'; it was ended", t->name);
		return WST_EXIT_FAILURE;
	}
	CloseHandle(pi.hThread);
	t->process = pi.hProcess;
	t->pid = pi.dwProcessId;
	t->created = filetime_value(created);
	*ends = pi.hProcess;
	return 0;
}

/* The process hook: the decoder's Kernel-Process records (a start or a
 * rundown: its ProcessID, ParentProcessID and CreateTime; a stop: its
 * ProcessID and CreateTime) grow and end the tree. A payload cut before
 * those fields tells nothing. */
static void follow(void *ctx, const struct wst_record *rec)
{
	struct wst_traced *t = ctx;
	enum wst_event_kind kind = rec->desc->kind;
	bool start = kind == WST_EV_PROCESS_START || kind == WST_EV_PROCESS_RUNNING;

	if (!rec->has_create_time || (start ? !rec->has_parent_pid : kind != WST_EV_PROCESS_STOP))
		return;
	AcquireSRWLockExclusive(&t->lock);
	uint32_t alive = t->tree.alive, count = t->tree.count;
	if (start)
		wst_process_tree_started(&t->tree, rec->pid, rec->parent_pid, rec->create_time);
	else
		wst_process_tree_stopped(&t->tree, rec->pid, rec->create_time);
	if (t->tree.alive != alive || t->tree.count != count)
		t->changed_at = GetTickCount64();
	ReleaseSRWLockExclusive(&t->lock);
}

static bool keep(void *ctx, uint32_t pid, uint64_t time)
{
	struct wst_traced *t = ctx;

	AcquireSRWLockShared(&t->lock);
	bool ours = wst_process_tree_has(&t->tree, pid, time);
	ReleaseSRWLockShared(&t->lock);
	return ours;
}

static bool ended(void *ctx)
{
	struct wst_traced *t = ctx;
	ULONGLONG now = GetTickCount64();

	AcquireSRWLockExclusive(&t->lock);
	if (!t->signalled_at)
		t->signalled_at = now;
	ULONGLONG quiet_since = t->changed_at > t->signalled_at ? t->changed_at : t->signalled_at;
	bool waiting_for_stop = !wst_process_tree_done(&t->tree) &&
	                        wst_process_tree_alive(&t->tree, t->pid, t->created);
	if (waiting_for_stop && now - quiet_since >= t->grace_ms) {
		wst_process_tree_stopped(&t->tree, t->pid, t->created);
		t->by_handle = true;
	}
	bool done = wst_process_tree_done(&t->tree);
	ReleaseSRWLockExclusive(&t->lock);
	return done;
}

void wst_traced_hooks(struct wst_traced *t, struct wst_capture_hooks *h)
{
	h->ctx = t;
	h->reading = start_program;
	h->process = follow;
	h->keep = keep;
	h->ended = ended;
}

bool wst_traced_exit_code(const struct wst_traced *t, unsigned long *code)
{
	DWORD c;

	if (!t->process || WaitForSingleObject(t->process, 0) != WAIT_OBJECT_0 ||
	    !GetExitCodeProcess(t->process, &c))
		return false;
	*code = c;
	return true;
}

int wst_traced_run(struct wst_traced *t, struct wst_capture_options *o,
                   const struct wst_capture_env *env, bool own_status)
{
	struct wst_capture_hooks hooks;
	unsigned long code;

	wst_traced_hooks(t, &hooks);
	o->hooks = &hooks;
	int status = wst_capture_run(o, env);
	o->hooks = NULL;
	t->capture_status = status;
	/* After Ctrl+C, which the program got too, it may be ending still. */
	if (t->process)
		WaitForSingleObject(t->process, PROGRAM_END_WAIT_MS);
	bool exited = wst_traced_exit_code(t, &code);
	if (t->process && !exited)
		wst_warning("'%s' (PID %lu) still runs; it is no longer traced", t->name,
		            (unsigned long)t->pid);
	if (own_status || status == WST_EXIT_FAILURE || status == WST_EXIT_USAGE || !exited)
		return status;
	if (status == WST_EXIT_LOST)
		wst_warning("the exit status is the program's (%lu); '--exit-code wstrace' gives "
		            "wstrace's own, 4 for the lost events", code);
	return (int)code;
}
