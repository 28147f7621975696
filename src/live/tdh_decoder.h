/*
 * The TDH decoder: the schema row of each AFD event taken from Windows
 * (TdhGetEventInformation) and converted into the layout the built-in
 * table uses, so that decoding, the endpoint table and the formatters are
 * the same for both. One TDH call per event type; after that a lookup.
 *
 * Built-in rows still give what only wstrace knows: the stable event name
 * and kind, the failure and byte-count flags, value maps. Windows' schema
 * gives the field layout. When Windows has no schema the built-in row is
 * used; when the two disagree, Windows' wins, with one warning per event
 * type (docs/windows.md).
 */
#ifndef WSTRACE_LIVE_TDH_DECODER_H
#define WSTRACE_LIVE_TDH_DECODER_H

#include <stddef.h>

#include "mingw_compat.h"
#include "wstrace/event.h"
#include "wstrace/schema.h"

/* Field names and keys longer than this are cut. */
#define WST_TDH_NAME_MAX 64

/* A converted row and the storage it points into. */
struct wst_tdh_row {
	struct wst_event_desc desc;
	struct wst_field_desc fields[WST_MAX_FIELDS];
	char names[WST_MAX_FIELDS][WST_TDH_NAME_MAX];
	char keys[WST_MAX_FIELDS][WST_TDH_NAME_MAX];
	char symbol[WST_TDH_NAME_MAX];
};

/* TRACE_EVENT_INFO (size bytes, as TdhGetEventInformation wrote it) ->
 * row. builtin, the built-in row for the same (id, version) or NULL, gives
 * the name, kind, flags and value maps. Returns 0, or -1 with the reason
 * in why when the schema has something the built-in layout cannot hold
 * (strings, structures, arrays of variable count, too many fields) or the
 * buffer does not hold together. A pure function: no TDH call. */
int wst_tdh_convert(const TRACE_EVENT_INFO *info, size_t size,
                    const struct wst_event_desc *builtin, struct wst_tdh_row *row,
                    char *why, size_t why_len);

/* 0 when both rows decode a payload the same way with the same field
 * names; else 1 with the first difference in why. */
int wst_tdh_compare(const struct wst_event_desc *tdh, const struct wst_event_desc *builtin,
                    char *why, size_t why_len);

/* TdhGetEventInformation's signature; the tests pass their own. */
typedef ULONG (WINAPI *wst_tdh_info_fn)(PEVENT_RECORD event, ULONG context_count,
                                        PTDH_CONTEXT context, PTRACE_EVENT_INFO buffer,
                                        ULONG *buffer_size);

struct wst_tdh_decoder;

/* get_info NULL: Windows' TdhGetEventInformation. NULL when out of memory. */
struct wst_tdh_decoder *wst_tdh_decoder_new(wst_tdh_info_fn get_info);
void wst_tdh_decoder_free(struct wst_tdh_decoder *d);

/* The pipeline's resolve callback (ctx: the decoder). TDH is asked about
 * ev->origin, the EVENT_RECORD ev was made from (without one, the built-in
 * row). An event type is its provider, id and version: the pipeline asks
 * only for AFD events, and the opcode is no part of the key (AFD logs one
 * event id under more than one opcode, e.g. bind under 10 and 12). */
const struct wst_event_desc *wst_tdh_resolve(void *ctx, const struct wst_event *ev);

#endif
