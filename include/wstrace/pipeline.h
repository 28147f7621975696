/*
 * The per-event path shared by `wstrace parse` and the live capture:
 * decode, enrich through the endpoint table, filter, format. It allocates
 * nothing per event.
 */
#ifndef WSTRACE_PIPELINE_H
#define WSTRACE_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/endpoint_table.h"
#include "wstrace/filter.h"
#include "wstrace/format.h"
#include "wstrace/name_table.h"
#include "wstrace/outbuf.h"
#include "wstrace/process_table.h"

/* Told of every record the filters keep and every socket life that ends
 * (filtered as --summary lines are), as they happen: `wstrace report`. */
struct wst_pipeline_observer {
	void (*record)(void *ctx, const struct wst_record *rec);
	void (*socket_end)(void *ctx, const struct wst_endpoint_info *info, enum wst_endpoint_end how);
	void *ctx;
};

struct wst_pipeline_options {
	enum wst_format format;
	bool all_providers;          /* also print other providers' events, undecoded */
	bool summary;                /* a "socket" line when each socket's life ends */
	bool summary_only;           /* only those lines */
	struct wst_filter filter;
	uint32_t endpoint_capacity;  /* 0: WST_ENDPOINT_DEFAULT_CAPACITY (set by init) */
	/* The schema row for an AFD event; NULL: the built-in table. The live
	 * capture passes its TDH decoder here. */
	const struct wst_event_desc *(*resolve)(void *ctx, const struct wst_event *ev);
	void *resolve_ctx;
	/* The image name of a user-mode PID, or NULL; NULL callback: none.
	 * Asked only when the capture's own process events did not name the
	 * PID. The live capture passes its OpenProcess lookup here. */
	const char *(*image)(void *ctx, uint32_t pid);
	void *image_ctx;
	/* NULL: none. With quiet, the observer is all the output there is. */
	const struct wst_pipeline_observer *observer;
	bool quiet;                  /* print no event or socket lines */
	/* Whether the process pid's events at time (FILETIME) are printed,
	 * on top of the filter; NULL: all are. `wstrace run` passes its
	 * process tree here. */
	bool (*keep)(void *ctx, uint32_t pid, uint64_t time);
	void *keep_ctx;
	/* Each decoded Kernel-Process record (process_start, process_stop,
	 * process_running), after the process table learnt it and before keep
	 * is asked about it; NULL: none. `wstrace run` grows its tree here. */
	void (*process)(void *ctx, const struct wst_record *rec);
	void *process_ctx;
};

struct wst_pipeline_counts {
	uint64_t events;             /* every event seen */
	uint64_t afd;                /* Winsock-AFD events */
	uint64_t lookups;            /* Winsock-NameResolution and DNS-Client events decoded */
	uint64_t processes;          /* Kernel-Process events decoded */
	uint64_t printed;            /* lines written */
};

/* Socket lives that ended during one event, printed after its line. */
#define WST_PIPELINE_ENDED_MAX 4

/* Other providers told apart, to say what a capture without AFD holds. */
#define WST_PIPELINE_OTHERS_MAX 16

struct wst_pipeline {
	struct wst_pipeline_options opt;
	struct wst_endpoint_table *endpoints;
	struct wst_process_table *processes;
	struct wst_name_table *names;
	struct wst_out *out;
	struct wst_text_memo memo;   /* the event lines' recent times and addresses */
	struct wst_pipeline_counts counts;
	/* Told about each truncated payload, e.g. to report its file offset. */
	void (*on_truncated)(void *ctx, const struct wst_record *rec);
	void *ctx;
	struct wst_endpoint_info ended[WST_PIPELINE_ENDED_MAX];
	enum wst_endpoint_end ended_how[WST_PIPELINE_ENDED_MAX];
	unsigned ended_count;
	bool header_printed;
	bool finishing;
	struct wst_guid others[WST_PIPELINE_OTHERS_MAX];  /* providers but AFD, as met */
	unsigned other_count;
};

/* Returns 0, or -1 when the tables' memory cannot be had. */
int wst_pipeline_init(struct wst_pipeline *p, const struct wst_pipeline_options *opt,
                      struct wst_out *out);
void wst_pipeline_event(struct wst_pipeline *p, const struct wst_event *ev);

/* At the end of the input: summaries of the sockets still open. */
void wst_pipeline_finish(struct wst_pipeline *p);
void wst_pipeline_free(struct wst_pipeline *p);

/* At the end of a capture: when it held no AFD event, says so on stderr
 * (one line naming path, with how many events of how many other providers
 * it held instead) and returns true. */
bool wst_pipeline_report_no_afd(const struct wst_pipeline *p, const char *path);

/* At the end: when the endpoint, process or name table's bounds made it
 * evict sockets, processes or names, says so on stderr (a line for each)
 * so that a user knows why later lines lack addresses, PIDs, images or
 * remote names. Returns whether it did. */
bool wst_pipeline_report_evictions(const struct wst_pipeline *p);

#endif
