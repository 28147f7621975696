/*
 * The options of `wstrace start`, as rows that `wstrace run` puts in its
 * table too: one list, one meaning, one help text for both.
 *
 *   struct wst_start_values v;
 *   wst_start_defaults(&o, &v);
 *   const struct wst_option options[] = { WST_START_OPTIONS(&o, &v), WST_OPT_END };
 *   ... wst_options_parse ...
 *   rc = wst_start_finish(&o, &v);
 */
#ifndef WSTRACE_LIVE_START_OPTIONS_H
#define WSTRACE_LIVE_START_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "capture.h"
#include "cli/filter_options.h"
#include "cli/options.h"
#include "wstrace/endpoint_table.h"

/* What the table writes before it becomes struct wst_capture_options. */
struct wst_start_values {
	uint64_t level, keywords, max_sockets;
	int format, decoder;
	bool no_images, no_names, no_processes;
};

/* enum wst_decoder_choice's words, in its order. */
extern const char *const wst_decoder_choices[];

/* --duration SECS[.FRACTION] into a double. */
wst_opt_callback wst_start_duration;

/* start's rows, writing into o (struct wst_capture_options *) and v
 * (struct wst_start_values *). --level is the session's: events above it
 * are never logged. */
#define WST_START_OPTIONS(o, v) \
	WST_OPT_STRING("session", 0, &(o)->session, "NAME", "session name (default wstrace)"), \
	WST_OPT_UINT("level", 0, &(v)->level, 1, 5, 0, "1-5", \
	             "provider level (default 5: verbose; 4 leaves out the legacy\n" \
	             "per-operation events)"), \
	WST_OPT_UINT("keywords", 0, &(v)->keywords, 0, UINT64_MAX, WST_OPT_HEX, "MASK", \
	             "provider keywords, decimal or 0x hex (default 0x1000000000c;\n" \
	             "0: all)"), \
	WST_OPT_CHOICE("format", 0, &(v)->format, wst_format_choices, \
	               "aligned text lines (default) or JSON lines (schema v1)"), \
	WST_OPT_STRING("etl", 0, &(o)->etl_path, "FILE", \
	               "also write the raw capture to FILE, for 'wstrace parse'"), \
	WST_OPT_CALLBACK("duration", 0, &(o)->duration, wst_start_duration, 0, "SECS", \
	                 "stop after this many seconds (a fraction is allowed)"), \
	WST_OPT_UINT("count", 0, &(o)->count, 1, UINT64_MAX, 0, "N", "stop after N lines"), \
	WST_OPT_FLAG("force", 0, &(o)->force, "take over a session of the same name left running"), \
	WST_OPT_CHOICE("decoder", 0, &(v)->decoder, wst_decoder_choices, \
	               "event layouts from Windows (default) or wstrace's table"), \
	WST_OPT_FLAG("no-images", 0, &(v)->no_images, "leave out process image names"), \
	WST_OPT_FLAG("no-names", 0, &(v)->no_names, \
	             "do not enable Winsock-NameResolution and DNS-Client"), \
	WST_OPT_FLAG("no-processes", 0, &(v)->no_processes, \
	             "do not enable Kernel-Process (images then come from\n" \
	             "OpenProcess alone, and miss processes that exited)"), \
	WST_OPT_FLAG("summary", 0, &(o)->pipeline.summary, \
	             "also a line per socket when its life ends"), \
	WST_OPT_FLAG("summary-only", 0, &(o)->pipeline.summary_only, "only those lines"), \
	WST_OPT_UINT("max-sockets", 0, &(v)->max_sockets, 1, WST_ENDPOINT_MAX_CAPACITY, 0, "N", \
	             "sockets followed at once, as for 'wstrace parse' (default 131072)"), \
	WST_FILTER_OPTIONS(&(o)->pipeline.filter)

/* Every option's default. */
void wst_start_defaults(struct wst_capture_options *o, struct wst_start_values *v);

/* After the parse: v into o, and the checks the table cannot make.
 * Returns 0, or WST_EXIT_USAGE after the message. */
int wst_start_finish(struct wst_capture_options *o, const struct wst_start_values *v);

#endif
