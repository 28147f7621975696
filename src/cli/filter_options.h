/* The filter options (include/wstrace/filter.h) as rows of an option
 * table, for the commands that filter: parse and start. */
#ifndef WSTRACE_CLI_FILTER_OPTIONS_H
#define WSTRACE_CLI_FILTER_OPTIONS_H

#include "options.h"
#include "wstrace/filter.h"

/* --pid, --port, --addr, --event, --errors, --image, --name for the
 * struct wst_filter *f. */
#define WST_FILTER_OPTIONS(f) \
	WST_OPT_CALLBACK("pid", 0, f, wst_filter_pid, WST_OPT_REPEAT, "N", \
	                 "only events of process N"), \
	WST_OPT_CALLBACK("port", 0, f, wst_filter_port, 0, "N", \
	                 "only events whose address, local or remote port is N"), \
	WST_OPT_CALLBACK("addr", 0, f, wst_filter_addr, 0, "IP[/PREFIX]", \
	                 "only events whose address, local or remote is in IP/PREFIX"), \
	WST_OPT_CALLBACK("event", 0, f, wst_filter_event, WST_OPT_REPEAT, "NAME|ID", \
	                 "only these events; see 'wstrace events'"), \
	WST_OPT_CALLBACK("errors", 0, f, wst_filter_errors, WST_OPT_NO_VALUE, NULL, \
	                 "only failures: failed operations, aborts, drops,\nnon-zero statuses, failed lookups"), \
	WST_OPT_CALLBACK("image", 0, f, wst_filter_image, WST_OPT_REPEAT, "NAME", \
	                 "only events of programs with this image (any case,\n.exe optional: curl matches curl.exe)"), \
	WST_OPT_CALLBACK("name", 0, f, wst_filter_name, 0, "PATTERN", \
	                 "only lookups of, and sockets connected to, host names\nmatching this glob (* and ?, any case: *.example.com)")

/* --level as a filter (parse); start's --level is the session's. */
#define WST_FILTER_OPTION_LEVEL(f) \
	WST_OPT_CALLBACK("level", 0, f, wst_filter_level, 0, "4|5", \
	                 "only events up to this level (4 information, 5 verbose)")

#endif
