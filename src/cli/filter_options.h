/* The filter options (include/wstrace/filter.h) as rows of an option
 * table, for the commands that filter: parse, start and pcap. */
#ifndef WSTRACE_CLI_FILTER_OPTIONS_H
#define WSTRACE_CLI_FILTER_OPTIONS_H

#include "options.h"
#include "wstrace/filter.h"

/* One row each, with the command's own words for what it selects. */
#define WST_FILTER_OPTION_PID(f, help) \
	WST_OPT_CALLBACK("pid", 0, f, wst_filter_pid, WST_OPT_REPEAT, "N", help)
#define WST_FILTER_OPTION_PORT(f, help) \
	WST_OPT_CALLBACK("port", 0, f, wst_filter_port, 0, "N", help)
#define WST_FILTER_OPTION_ADDR(f, help) \
	WST_OPT_CALLBACK("addr", 0, f, wst_filter_addr, 0, "IP[/PREFIX]", help)
#define WST_FILTER_OPTION_IMAGE(f, help) \
	WST_OPT_CALLBACK("image", 0, f, wst_filter_image, WST_OPT_REPEAT, "NAME", help)
#define WST_FILTER_OPTION_NAME(f, help) \
	WST_OPT_CALLBACK("name", 0, f, wst_filter_name, 0, "PATTERN", help)

/* --pid, --port, --addr, --event, --errors, --image, --name of events, for
 * the struct wst_filter *f. */
#define WST_FILTER_OPTIONS(f) \
	WST_FILTER_OPTION_PID(f, "only events of process N"), \
	WST_FILTER_OPTION_PORT(f, "only events whose address, local or remote port is N"), \
	WST_FILTER_OPTION_ADDR(f, "only events whose address, local or remote is in IP/PREFIX"), \
	WST_OPT_CALLBACK("event", 0, f, wst_filter_event, WST_OPT_REPEAT, "NAME|ID", \
	                 "only these events; see 'wstrace events'"), \
	WST_OPT_CALLBACK("errors", 0, f, wst_filter_errors, WST_OPT_NO_VALUE, NULL, \
	                 "only failures: failed operations, aborts, drops,\nnon-zero statuses, failed lookups"), \
	WST_FILTER_OPTION_IMAGE(f, "only events of programs with this image (any case,\n" \
	                           ".exe optional: curl matches curl.exe)"), \
	WST_FILTER_OPTION_NAME(f, "only lookups of, and sockets connected to, host names\n" \
	                          "matching this glob (* and ?, any case: *.example.com)")

/* --level as a filter (parse); start's --level is the session's. */
#define WST_FILTER_OPTION_LEVEL(f) \
	WST_OPT_CALLBACK("level", 0, f, wst_filter_level, 0, "4|5", \
	                 "only events up to this level (4 information, 5 verbose)")

#endif
