/* EVENT_RECORDs as ProcessTrace would hand them over, made from the
 * events of a capture read with the portable .etl reader. */
#ifndef WSTRACE_TEST_RECORD_BUILDER_H
#define WSTRACE_TEST_RECORD_BUILDER_H

#include <stddef.h>

#include "mingw_compat.h"
#include "wstrace/event.h"

/* The events of a capture, payloads copied. */
struct loaded_capture {
	size_t count;
	struct wst_event *events;
};

/* Every EVENT_HEADER event of path; 0, or -1 when it cannot be read. */
int load_capture(const char *path, struct loaded_capture *c);
void free_capture(struct loaded_capture *c);

/* The EVENT_RECORD for ev; it points into ev's payload. */
void record_from_event(const struct wst_event *ev, EVENT_RECORD *r, void *user_context);

/* A RT_LostEvent notice (opcode 32 events, 33 buffers). */
void lost_notice(EVENT_RECORD *r, UCHAR opcode, void *user_context);

#endif
