/*
 * The program `wstrace run` traces: started suspended once the session is
 * read, its PID and create time put in the process tree before it runs a
 * single instruction, then resumed. The tree grows from the session's
 * Kernel-Process events (children, grandchildren); the capture prints only
 * the tree's events and ends once the tree is done.
 *
 * When the program's handle signals, the tree is not done at once: the
 * stop event of the program, and the start events of children it made
 * just before, may still be on their way. The capture flushes the session
 * and asks again at each wake and poll; the tree is done when every member
 * has stopped by its events, or, when the program's own stop event does
 * not come, once the tree has not changed for a grace period, the program
 * is taken as stopped by its handle.
 */
#ifndef WSTRACE_LIVE_TRACED_PROGRAM_H
#define WSTRACE_LIVE_TRACED_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "capture.h"
#include "wstrace/process_tree.h"

struct wst_traced {
	const wchar_t *const *argv;  /* the program and its arguments */
	int argc;
	const char *name;            /* the program as given, for messages */
	unsigned grace_ms;
	SRWLOCK lock;                /* the tree: reader's thread and controller */
	struct wst_process_tree tree;
	HANDLE process;              /* NULL until started */
	uint32_t pid;
	uint64_t created;            /* FILETIME, from GetProcessTimes */
	ULONGLONG signalled_at;      /* GetTickCount64 when first asked after the end */
	ULONGLONG changed_at;        /* ... of the tree's last change */
	bool by_handle;              /* its stop event never came */
	int capture_status;          /* wstrace's own, once wst_traced_run returned */
};

void wst_traced_init(struct wst_traced *t, const wchar_t *const *argv, int argc,
                     const char *name, unsigned grace_ms);
void wst_traced_free(struct wst_traced *t);

/* The capture hooks that start and follow t. */
void wst_traced_hooks(struct wst_traced *t, struct wst_capture_hooks *h);

/* wstrace run once its options are read: captures with t's hooks and
 * returns the exit status. That is the program's exit code, unless
 * wstrace itself failed (1, 2 win), the program was never started or still
 * runs, or own_status asks for wstrace's own (0, 1, 4). */
int wst_traced_run(struct wst_traced *t, struct wst_capture_options *o,
                   const struct wst_capture_env *env, bool own_status);

/* After the capture: true with the program's exit code once it has ended;
 * false when it was never started or still runs. */
bool wst_traced_exit_code(const struct wst_traced *t, unsigned long *code);

#endif
