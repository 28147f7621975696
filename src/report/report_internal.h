/* Shared by the engine's files: the tables' key sizes and the helpers
 * behind the engine (report.c) and its totals (report_totals.c). */
#ifndef WSTRACE_REPORT_INTERNAL_H
#define WSTRACE_REPORT_INTERNAL_H

#include <stddef.h>

#include "wstrace/lru_map.h"
#include "keyed_table.h"
#include "lookup_pairs.h"
#include "wstrace/report.h"

/* Entries are found by the members before these. */
#define WST_FINDING_KEY_SIZE offsetof(struct wst_finding, count)
#define WST_PROCESS_KEY_SIZE offsetof(struct wst_report_process, sockets)
#define WST_REMOTE_KEY_SIZE offsetof(struct wst_report_remote, sockets)

/* What the report remembers of a socket beyond the endpoint table. */
struct socket_notes {
	uint64_t connect_started;       /* FILETIME of the last connect request; 0: none */
	uint64_t small_first, small_last;
	uint32_t small_sends;
	bool connect_failed;            /* the last connect failed */
	bool reset_counted;             /* this life's reset is counted */
	bool failed;                    /* some operation failed */
	struct wst_sockaddr bind_asked; /* the address the last bind request asked for */
};

struct wst_report {
	struct wst_report_options opt;
	struct wst_lru_map sockets;
	struct socket_notes *notes;     /* by socket slot */
	struct wst_keyed_table findings, processes, remotes;
	struct wst_lookup_pairs lookups;
	struct wst_report_life *lives;
	uint32_t life_count;
	uint64_t sockets_seen;
	uint64_t first, last;
	struct wst_report_input input;
};


/* Copies only the bytes the address's family uses (IPv4, IPv6), zeroing
 * the rest; other families become "none". */
void wst_report_clean_addr(struct wst_sockaddr *dst, const struct wst_sockaddr *src);

/* "0xc0000001" (at least 11 bytes). */
void wst_report_code_text(uint32_t code, char *buf, size_t len);

/* A life into the per-process totals, the remotes and the timeline. */
void wst_report_count_life(struct wst_report *r, const struct wst_endpoint_info *info,
                           enum wst_endpoint_end how, uint64_t connect_started,
                           bool connect_failed, bool failed);

#endif
