/*
 * Formatters: a record in, one line out. JSON lines follow schema v1
 * (docs/json-schema.md); text is one aligned line per event.
 */
#ifndef WSTRACE_FORMAT_H
#define WSTRACE_FORMAT_H

#include "wstrace/outbuf.h"
#include "wstrace/record.h"

#define WST_JSON_SCHEMA_VERSION 1

enum wst_format { WST_FORMAT_TEXT, WST_FORMAT_JSON };

/* An AFD record, known or not (desc NULL: "event":"unknown" + payload). */
void wst_format_json(struct wst_out *o, const struct wst_record *rec);
void wst_format_text(struct wst_out *o, const struct wst_record *rec);

/* Any provider's event, undecoded: provider GUID, descriptor, payload hex. */
void wst_format_json_generic(struct wst_out *o, const struct wst_event *ev);
void wst_format_text_generic(struct wst_out *o, const struct wst_event *ev);

#endif
