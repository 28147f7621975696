/* The options of `wstrace start`, which `wstrace run` takes too. */
#ifndef WSTRACE_LIVE_START_OPTIONS_H
#define WSTRACE_LIVE_START_OPTIONS_H

#include "capture.h"
#include "cli/args.h"

/* Every option's default. */
void wst_start_defaults(struct wst_capture_options *o);

/* Takes the option a (argv[*i], its value possibly the next word).
 * Returns 0, or a usage exit status after the message. */
int wst_start_option(struct wst_capture_options *o, struct wst_arg *a, int argc, char **argv,
                     int *i);

#endif
