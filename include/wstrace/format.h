/*
 * Formatters: a record in, one line out. JSON lines follow schema v1
 * (docs/json-schema.md); text is one aligned line per event.
 */
#ifndef WSTRACE_FORMAT_H
#define WSTRACE_FORMAT_H

#include "wstrace/endpoint_table.h"
#include "wstrace/outbuf.h"
#include "wstrace/record.h"
#include "wstrace/text_memo.h"

#define WST_JSON_SCHEMA_VERSION 1

enum wst_format { WST_FORMAT_TEXT, WST_FORMAT_JSON, WST_FORMAT_CSV };

/* An AFD record, known or not (desc NULL: "event":"unknown" + payload).
 * The memo is the output stream's own (wstrace/text_memo.h). */
void wst_format_json(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec);
void wst_format_text(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec);
/* A CSV row (docs/json-schema.md, "CSV"), under wst_format_csv_header's row. */
void wst_format_csv(struct wst_out *o, struct wst_text_memo *memo, const struct wst_record *rec);
void wst_format_csv_header(struct wst_out *o);

/* Any provider's event, undecoded: provider GUID, descriptor, payload hex. */
void wst_format_json_generic(struct wst_out *o, const struct wst_event *ev);
void wst_format_text_generic(struct wst_out *o, const struct wst_event *ev);
void wst_format_csv_generic(struct wst_out *o, struct wst_text_memo *memo, const struct wst_event *ev);

/* One socket's life, when it ended (closed, evicted, or still open at the
 * end of the capture): "event":"socket" in JSON; in text either a
 * key=value line among the events or, for summary-only output, a row of
 * the table whose header wst_format_summary_header prints. */
/* names: the owner's image and the remote's host name, when known. */
void wst_format_summary_json(struct wst_out *o, const struct wst_endpoint_info *info,
                             const struct wst_names *names, enum wst_endpoint_end how);
void wst_format_summary_text(struct wst_out *o, const struct wst_endpoint_info *info,
                             const struct wst_names *names, enum wst_endpoint_end how);
void wst_format_summary_header(struct wst_out *o);
void wst_format_summary_row(struct wst_out *o, const struct wst_endpoint_info *info,
                            const struct wst_names *names, enum wst_endpoint_end how);
/* Summary-only CSV: a row under wst_format_summary_csv_header's, the JSON keys as columns. */
void wst_format_summary_csv_header(struct wst_out *o);
void wst_format_summary_csv(struct wst_out *o, const struct wst_endpoint_info *info,
                            const struct wst_names *names, enum wst_endpoint_end how);

/* What a capture has seen and lost: the live controller reports it in the
 * stream when the losses grow, and parse at the end when the endpoint
 * table evicted anything. */
struct wst_capture_stats {
	uint64_t events;             /* events received (live) or read (parse) */
	uint64_t events_lost;        /* EventsLost of the session, or of the file's header */
	uint64_t buffers_lost;       /* real-time plus log-file buffers lost */
	uint64_t sockets_evicted;    /* struct wst_endpoint_stats' evicted */
	uint64_t processes_evicted;  /* and process_evicted */
};

/* {"v":1,"ts":...,"event":"stats","events":N,"events_lost":N,"buffers_lost":N}, and
 * "sockets_evicted":N,"processes_evicted":N when either is not 0. */
void wst_format_json_stats(struct wst_out *o, uint64_t timestamp, const struct wst_capture_stats *s);
/* "HH:MM:SS.ffffff warning: the session lost events: events=N events_lost=N buffers_lost=N" */
void wst_format_text_stats(struct wst_out *o, uint64_t timestamp, const struct wst_capture_stats *s);

#endif
