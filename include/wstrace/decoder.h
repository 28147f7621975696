/*
 * Event -> record: reads the payload of an event of a provider wstrace
 * decodes (include/wstrace/schema.h) field by field through a bounds-checked
 * cursor, following the schema row for (provider, id, version).
 */
#ifndef WSTRACE_DECODER_H
#define WSTRACE_DECODER_H

#include "wstrace/event.h"
#include "wstrace/record.h"
#include "wstrace/schema.h"

/* Fills *rec from *ev. Never fails: an unknown event gets desc NULL (the
 * formatters print its payload in hex), a short payload, a string without
 * its NUL or a SID whose count lies gets truncated set and the fields it
 * holds. rec points into ev afterwards. */
void wst_decode(const struct wst_event *ev, struct wst_record *rec);

/* The same with the schema row chosen by the caller (the live TDH decoder
 * builds rows at run time); desc NULL means an unknown event. */
void wst_decode_with(const struct wst_event *ev, const struct wst_event_desc *desc,
                     struct wst_record *rec);

/* The same for a caller that has told the provider already (the pipeline
 * does, to route the event): desc as wst_schema_lookup_in gives it. */
void wst_decode_as(const struct wst_event *ev, enum wst_provider provider,
                   const struct wst_event_desc *desc, struct wst_record *rec);

/* NTSTATUS 0x103: an operation still in progress is not a failure. */
#define WST_STATUS_PENDING 0x00000103u

#endif
