/*
 * The endpoint table follows each socket, keyed by its Endpoint (the AFD
 * endpoint's kernel address), from create to close, and fills in what one
 * event lacks: the user-mode PID, local and remote addresses, connect
 * latency and byte counts. It also maps EPROCESS addresses to PIDs, learnt
 * from create events. Both maps have a fixed capacity; when one is full
 * the least recently used entry is evicted and counted.
 */
#ifndef WSTRACE_ENDPOINT_TABLE_H
#define WSTRACE_ENDPOINT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/name_table.h"
#include "wstrace/record.h"

/* A request waiting for its completion, for latency. */
struct wst_pending_request {
	uint16_t kind;             /* enum wst_event_kind; 0: free slot */
	uint64_t started;          /* FILETIME */
};

#define WST_PENDING_MAX 4

struct wst_endpoint_info {
	uint64_t endpoint;
	uint64_t process;
	uint32_t pid;
	bool pid_known;
	bool create_seen;          /* false: first seen mid-life, rebuilt */
	bool local_requested;      /* local is a bind request's, until its completion */
	uint32_t address_family, socket_type, protocol;
	struct wst_sockaddr local, remote;
	uint64_t opened;           /* FILETIME of the create, or of the first event seen */
	uint64_t last_seen;        /* FILETIME of the last event; the close time once closed */
	int64_t connect_latency_us;   /* -1 when unknown */
	uint64_t bytes_sent, bytes_received;
	uint32_t sends, receives;  /* completions counted */
	uint32_t errors;
	uint32_t last_status;      /* the last non-zero status, error or reason */
	struct wst_pending_request pending[WST_PENDING_MAX];
	struct wst_name_memo remote_name;   /* the pipeline's, for its lines */
};

struct wst_endpoint_stats {
	uint64_t sockets;          /* endpoints ever tracked */
	uint64_t closed;           /* lives ended by a close event */
	uint64_t evicted;          /* lives ended because the table was full (later
	                              events of those sockets lack their addresses;
	                              an endpoint seen again at create is not one) */
	uint64_t process_evicted;  /* EPROCESS -> PID entries dropped when full */
	uint32_t live;             /* entries now in the table */
};

/* Called when a socket's life ends: closed, evicted, or still open at the
 * end (wst_endpoint_table_finish). */
enum wst_endpoint_end { WST_END_CLOSED, WST_END_EVICTED, WST_END_OPEN_AT_END };
typedef void (*wst_endpoint_end_fn)(void *ctx, const struct wst_endpoint_info *info,
                                    enum wst_endpoint_end how);

/* 131,072 sockets at 240 bytes each: 31 MB when full, within the 64 MB a
 * capture of any size may take (docs/performance.md). */
#define WST_ENDPOINT_DEFAULT_CAPACITY (1u << 17)
#define WST_ENDPOINT_MAX_CAPACITY (1u << 24)
#define WST_PROCESS_DEFAULT_CAPACITY (1u << 14)

struct wst_endpoint_table;

/* NULL when the memory cannot be had. */
struct wst_endpoint_table *wst_endpoint_table_new(uint32_t capacity, uint32_t process_capacity);
void wst_endpoint_table_free(struct wst_endpoint_table *t);

void wst_endpoint_table_on_end(struct wst_endpoint_table *t, wst_endpoint_end_fn fn, void *ctx);

/* Learns from a decoded AFD record and enriches it (pid, local, remote,
 * latency_us). Records of other providers are left alone. See
 * docs/architecture.md for what each event teaches. Returns the socket's
 * entry, valid until the next apply; NULL when the record has no socket,
 * or ended its life, or made another (an accept). */
struct wst_endpoint_info *wst_endpoint_table_apply(struct wst_endpoint_table *t, struct wst_record *rec);

/* Reports every socket still open through the end callback. */
void wst_endpoint_table_finish(struct wst_endpoint_table *t);

const struct wst_endpoint_stats *wst_endpoint_table_stats(const struct wst_endpoint_table *t);

#endif
