/*
 * Record filters. All given conditions must hold; a repeated --pid or
 * --event widens its own condition. Filters see the enriched record, so a
 * send on a socket connected to port 443 matches --port 443.
 */
#ifndef WSTRACE_FILTER_H
#define WSTRACE_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/endpoint_table.h"
#include "wstrace/record.h"

#define WST_FILTER_MAX_PIDS 64
#define WST_FILTER_MAX_IDS 64
#define WST_FILTER_MAX_IMAGES 16

struct wst_filter {
	uint32_t pids[WST_FILTER_MAX_PIDS];
	size_t pid_count;
	bool has_port;
	uint16_t port;
	bool has_addr;
	struct wst_sockaddr addr;
	unsigned prefix_bits;
	bool any_event;                     /* --event given */
	bool kinds[WST_EV_KIND_COUNT];      /* by stable name; [0] is "unknown" */
	uint16_t ids[WST_FILTER_MAX_IDS];   /* by number */
	size_t id_count;
	bool errors_only;
	unsigned max_level;                 /* 0: any */
	/* --image: process image names, matched without case, ".exe" optional;
	 * the strings are the caller's (argv) and must outlive the filter. */
	const char *images[WST_FILTER_MAX_IMAGES];
	size_t image_count;
	const char *name_pattern;           /* --name: host-name glob ('*', '?') */
};

void wst_filter_init(struct wst_filter *f);

/* The filter's options, one setter each, in the shape of an option
 * table's callback (src/cli/options.h): filter is a struct wst_filter *,
 * value the option's word (NULL for --errors). Numbers go through
 * wst_number_parse. Each returns 0, or -1 with a one-line reason in err. */
int wst_filter_pid(void *filter, const char *value, char *err, size_t errlen);     /* --pid N */
int wst_filter_port(void *filter, const char *value, char *err, size_t errlen);    /* --port N */
int wst_filter_addr(void *filter, const char *value, char *err, size_t errlen);    /* --addr IP[/PREFIX] */
int wst_filter_event(void *filter, const char *value, char *err, size_t errlen);   /* --event NAME|ID */
int wst_filter_errors(void *filter, const char *value, char *err, size_t errlen);  /* --errors */
int wst_filter_level(void *filter, const char *value, char *err, size_t errlen);   /* --level 4|5 */
int wst_filter_image(void *filter, const char *value, char *err, size_t errlen);   /* --image NAME */
int wst_filter_name(void *filter, const char *value, char *err, size_t errlen);    /* --name PATTERN */

bool wst_filter_match(const struct wst_filter *f, const struct wst_record *rec);

/* --image and --name on the names a record or socket carries. */
bool wst_filter_match_names(const struct wst_filter *f, const struct wst_names *names);

/* Whether a glob ('*' any run, '?' one character) matches text, without
 * regard to ASCII case, as host names are compared. */
bool wst_glob_match(const char *pattern, const char *text);

/* For events of other providers: only pid, event id and level can hold;
 * address, port, error, image and name conditions exclude them. */
bool wst_filter_match_generic(const struct wst_filter *f, const struct wst_event *ev);

/* For socket summaries: pid, port and address hold on the socket's local
 * or remote address, --errors on sockets that saw a failure, --image and
 * --name on its owner's image and remote name; --event and --level do not
 * apply. */
bool wst_filter_match_socket(const struct wst_filter *f, const struct wst_endpoint_info *info,
                             const struct wst_names *names);

/* For packets (wstrace pcap): --pid, --image and --name hold on the
 * packet's owner, its image and its socket's remote name (a packet without
 * an owner never matches them), --port and --addr on its source or
 * destination; the other conditions do not apply. names: NULL when not
 * owned. */
bool wst_filter_match_flow(const struct wst_filter *f, bool owned, uint32_t pid,
                           const struct wst_names *names, const struct wst_sockaddr *src,
                           const struct wst_sockaddr *dst);

#endif
