/*
 * Several captures as one timeline: a pktmon capture beside a wstrace
 * capture of the same minutes, or consecutive captures. Each reader keeps
 * its own order (per-processor merge, etl_merge.c); the timeline hands out
 * the record with the earliest time among the readers' next ones, ties to
 * the earlier file. A record without a time follows the one before it in
 * its own file.
 */
#ifndef WSTRACE_ETL_TIMELINE_H
#define WSTRACE_ETL_TIMELINE_H

#include <stddef.h>

#include "wstrace/etl_reader.h"

struct wst_etl_timeline_input {
	struct wst_etl_reader *reader;   /* the caller opens and closes it */
	struct wst_etl_record rec;       /* its next record, when pending */
	uint64_t key;                    /* that record's time, or the one before */
	int state;                       /* 0 not read yet, 1 pending, 2 handed out, 3 done */
};

struct wst_etl_timeline {
	struct wst_etl_timeline_input *inputs;
	size_t count;
	int error;                       /* an input's wst_etl_next failed */
};

/* inputs[i].reader set by the caller, the rest zeroed. */
void wst_etl_timeline_init(struct wst_etl_timeline *t, struct wst_etl_timeline_input *inputs,
                           size_t count);

/* Next record of all inputs: 1 with *rec and *which (the input's index)
 * set, 0 at the end. An input whose read fails (-1) ends there; t->error
 * counts them. The record stays valid until the next call. */
int wst_etl_timeline_next(struct wst_etl_timeline *t, const struct wst_etl_record **rec,
                          size_t *which);

#endif
