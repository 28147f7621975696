/*
 * The capture's standard output, written by a thread of its own so that
 * no capture thread ever waits on stdout (a console with selected text,
 * `| more`, a slow or stopped reader). The ProcessTrace thread formats
 * lines into blocks and queues each block; the queue is bounded: when it
 * is full the ProcessTrace thread waits for room (meanwhile ETW keeps the
 * events in its buffers and counts what it must drop), the controller
 * never waits (it skips what it cannot queue at once). At the end, an
 * output that has taken nothing for WST_OUTPUT_STALL_MS is given up, and
 * what it did not take is counted.
 */
#ifndef WSTRACE_LIVE_LIVE_OUTPUT_H
#define WSTRACE_LIVE_LIVE_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <windows.h>

/* How the bytes leave: the tests replace it. write takes all n bytes (it
 * may block) and returns 0 or an errno. */
struct wst_live_sink {
	int (*write)(void *ctx, const char *p, size_t n);
	void *ctx;
};

/* UTF-8 to a console: WriteConsoleW of the text, so that it shows right
 * whatever the console's code page (WriteFile would have the console
 * read the bytes in its code page). A sequence cut by a block boundary is
 * kept for the next block. */
struct wst_console_text {
	int (*write_wide)(void *ctx, const WCHAR *w, size_t n);   /* NULL: WriteConsoleW */
	void *ctx;
	HANDLE console;
	unsigned char carry[4];
	size_t carry_len;
};
int wst_console_text_write(void *ctx, const char *p, size_t n);

/* A sink for h: the console text writer when h is a console, WriteFile
 * of the bytes otherwise (pipes and files get UTF-8 bytes). text is the
 * storage of the console writer. */
void wst_live_sink_for_handle(HANDLE h, struct wst_live_sink *sink, struct wst_console_text *text);

/* The output has taken nothing for this long while the capture ends:
 * given up. */
#define WST_OUTPUT_STALL_MS 2000

struct wst_live_output;

/* Starts the writer thread; NULL when out of memory or threads. */
struct wst_live_output *wst_live_output_start(const struct wst_live_sink *sink);

/* A wst_out sink (ctx: the output): queues a copy of the block, waiting
 * for room while the output takes blocks. Returns 0, or the writer's
 * first error (EPIPE when the reader went away). */
int wst_live_output_push(void *ctx, const char *p, size_t n);

/* Never waits: false when the queue is full (nothing queued). */
bool wst_live_output_try_push(struct wst_live_output *o, const char *p, size_t n);

/* The capture is ending: from now on a push waits for room only while
 * the output still takes blocks; once it has taken nothing for
 * WST_OUTPUT_STALL_MS, pushes drop their blocks (counted). */
void wst_live_output_ending(struct wst_live_output *o);

/* Waits until everything queued is written, or the output is given up;
 * then stops the writer (a writer stuck in a write is left to the end of
 * the process). Returns the bytes not written. */
uint64_t wst_live_output_finish(struct wst_live_output *o);

/* The writer's first error (an errno), 0 if none. */
int wst_live_output_error(struct wst_live_output *o);

/* Frees the output, unless its writer is stuck (then the end of the
 * process takes it). */
void wst_live_output_free(struct wst_live_output *o);

#endif
