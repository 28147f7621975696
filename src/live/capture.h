/*
 * `wstrace start` once its options are read: start the session, open it
 * for reading, run ProcessTrace on its own thread, poll the session's
 * loss counters, and end on Ctrl+C, console close, --duration, --count, a
 * failed output or the session being stopped elsewhere. Every path after
 * a successful start goes through the one cleanup that stops the session.
 */
#ifndef WSTRACE_LIVE_CAPTURE_H
#define WSTRACE_LIVE_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "etw_api.h"
#include "image_names.h"
#include "live_output.h"
#include "tdh_decoder.h"
#include "wstrace/pipeline.h"

enum wst_decoder_choice { WST_DECODER_TDH, WST_DECODER_BUILTIN };

/* What `wstrace run` adds to a capture (NULL for `wstrace start`): the
 * program started once the session is read, its events alone printed,
 * and the end when its processes have ended. */
struct wst_capture_hooks {
	void *ctx;
	/* Once the session is being read: starts what is traced, and gives
	 * the handle that signals when it ends. Returns 0, or an exit status
	 * that ends the capture (WST_STOP_TRACED_FAILED). */
	int (*reading)(void *ctx, HANDLE *ends);
	/* Each decoded Kernel-Process record, on the reader's thread, before
	 * the pipeline decides whether to print it (struct wst_pipeline_options). */
	void (*process)(void *ctx, const struct wst_record *rec);
	/* The pipeline's keep predicate (struct wst_pipeline_options). */
	bool (*keep)(void *ctx, uint32_t pid, uint64_t time);
	/* Asked after the handle signalled (the session was flushed then),
	 * at every wake and poll: true when the capture may end. */
	bool (*ended)(void *ctx);
};

struct wst_capture_options {
	struct wst_pipeline_options pipeline;  /* format, filters, summaries */
	const char *session;                   /* session name, as given */
	const char *etl_path;                  /* --etl FILE, or NULL */
	unsigned char level;
	unsigned long long keywords;
	bool force;
	double duration;                       /* seconds; 0: no limit */
	uint64_t count;                        /* lines; 0: no limit */
	enum wst_decoder_choice decoder;
	bool images;                           /* resolve PIDs to image names */
	const struct wst_capture_hooks *hooks; /* wstrace run; NULL: none */
	bool names;                            /* enable NameResolution and DNS-Client */
	bool processes;                        /* enable Kernel-Process and its rundown */
};

/* What the tests replace: Windows, or their stand-ins. */
struct wst_capture_env {
	const struct wst_etw_api *api;
	wst_tdh_info_fn tdh_info;              /* NULL: TdhGetEventInformation */
	const struct wst_image_source *images; /* NULL: Windows */
	FILE *out;                             /* written through its OS handle */
	unsigned poll_ms;                      /* loss counters polled this often */
	const struct wst_live_sink *sink;      /* NULL: out's handle (tests count writes) */
	bool *reader_stuck;                    /* NULL, or set when the ProcessTrace thread
	                                          did not end: the process must then end
	                                          without the C runtime's exit (cmd_start) */
};

#define WST_CAPTURE_POLL_MS 1000

/* Returns the exit status (enum wst_exit); messages go to stderr. With
 * hooks, a program that could not be started is WST_EXIT_FAILURE. */
int wst_capture_run(const struct wst_capture_options *o, const struct wst_capture_env *env);

#endif
