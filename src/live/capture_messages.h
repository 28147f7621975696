/* What `wstrace start` says on stderr: the banner, why a start failed and
 * what to do, and the closing summary. */
#ifndef WSTRACE_LIVE_CAPTURE_MESSAGES_H
#define WSTRACE_LIVE_CAPTURE_MESSAGES_H

#include <stdbool.h>

#include "capture.h"
#include "consumer.h"
#include "session.h"

/* True when this process runs with an elevated token. */
bool wst_is_elevated(void);

/* The advice for ERROR_ACCESS_DENIED, with a hint when already elevated. */
const char *wst_access_advice(void);

void wst_capture_banner(const struct wst_capture_options *o, bool took_over);
void wst_capture_start_error(const struct wst_capture_options *o, enum wst_session_step step,
                             unsigned long rc);
void wst_capture_open_error(const char *session, unsigned long rc);
void wst_capture_summary(const char *session, enum wst_stop_reason why,
                         const struct wst_capture_stats *s, unsigned long process_rc);

/* 0 when the output was written or its reader went away; else reports the
 * write error and returns WST_EXIT_FAILURE. */
int wst_capture_output_status(int error);

#endif
