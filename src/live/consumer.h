/*
 * The real-time consumer: ProcessTrace's EventRecordCallback. Each
 * EVENT_RECORD becomes a struct wst_event and goes through the pipeline
 * shared with `wstrace parse` (decode, endpoint table, filter, format,
 * write); nothing is allocated per event once each event type has been
 * seen. The callback also counts ETW's lost-event notices and asks the
 * controller to end the capture when the output fails or --count is met.
 */
#ifndef WSTRACE_LIVE_CONSUMER_H
#define WSTRACE_LIVE_CONSUMER_H

#include <stdbool.h>
#include <stdint.h>

#include "mingw_compat.h"
#include "wstrace/pipeline.h"

struct wst_tdh_decoder;
struct wst_image_cache;

/* Why a capture ended; the first reason set wins. */
enum wst_stop_reason {
	WST_STOP_NONE,
	WST_STOP_CTRL_C,        /* Ctrl+C or Ctrl+Break */
	WST_STOP_CONSOLE,       /* console closed, logoff, shutdown */
	WST_STOP_DURATION,
	WST_STOP_COUNT,
	WST_STOP_OUTPUT,        /* stdout failed or its reader went away */
	WST_STOP_ELSEWHERE,     /* the session was stopped by someone else */
	WST_STOP_CONSUMER,      /* ProcessTrace failed */
	WST_STOP_TRACED_ENDED,  /* wstrace run: the traced processes all ended */
	WST_STOP_TRACED_FAILED, /* wstrace run: the program could not be started */
};

struct wst_consumer {
	struct wst_pipeline pipeline;
	struct wst_out *out;
	struct wst_tdh_decoder *tdh;        /* NULL: the built-in table */
	/* The output is shared with the controller's stats lines. */
	SRWLOCK lock;
	uint64_t limit;                     /* lines to print; 0: no limit */
	volatile LONG reason;               /* enum wst_stop_reason */
	HANDLE wake;                        /* set when the capture should end */
	/* RT_LostEvent notices: ETW's in-band word that something was lost. */
	volatile LONG64 lost_event_notices, lost_buffer_notices, lost_file_notices;
};

/* opt's resolve/image members are set from tdh/images when those are not
 * NULL. Returns 0, or -1 when out of memory. */
int wst_consumer_init(struct wst_consumer *c, const struct wst_pipeline_options *opt,
                      struct wst_out *out, struct wst_tdh_decoder *tdh,
                      struct wst_image_cache *images, HANDLE wake);
void wst_consumer_free(struct wst_consumer *c);

/* Records the first reason to stop and wakes the controller. */
void wst_consumer_stop(struct wst_consumer *c, enum wst_stop_reason reason);

/* EVENT_RECORD.UserContext must point at the consumer. */
void WINAPI wst_consumer_on_event(PEVENT_RECORD record);

/* The BufferCallback (Logfile->Context: the consumer): ProcessTrace
 * calls it after each buffer's events, and the lines written so far go
 * to the output then, in one block, not line by line. Returns TRUE:
 * ProcessTrace goes on. */
ULONG WINAPI wst_consumer_on_buffer(PEVENT_TRACE_LOGFILEW logfile);

/* The pipeline's view of an EVENT_RECORD (the payload is not copied). */
void wst_event_from_record(const EVENT_RECORD *r, struct wst_event *ev);

#endif
