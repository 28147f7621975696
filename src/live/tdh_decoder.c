/* The schema cache of the TDH decoder: one slot per (provider, id,
 * version) of the decoded providers, filled at an event type's first
 * event, looked up for every later one. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdh_decoder.h"
#include "win_error.h"
#include "wstrace/diag.h"

/* AFD defines about a hundred event types, the name and process providers
 * a few dozen; the table never fills in practice, and if it does the
 * built-in rows are used uncached. */
#define SLOTS 512
#define SLOTS_USED_MAX 384
#define INFO_BUFFER_START 4096

struct slot {
	bool used;
	uint8_t provider;                    /* enum wst_provider */
	uint16_t id;
	uint8_t version;
	const struct wst_event_desc *desc;   /* the answer; NULL: undecodable */
	struct wst_tdh_row *row;             /* owned when Windows' schema is used */
};

struct wst_tdh_decoder {
	wst_tdh_info_fn get_info;
	BYTE *info;                          /* TdhGetEventInformation's buffer */
	ULONG info_size;
	unsigned used;
	bool full_warned;
	struct slot slots[SLOTS];
};

static ULONG WINAPI windows_info(PEVENT_RECORD event, ULONG context_count, PTDH_CONTEXT context,
                                 PTRACE_EVENT_INFO buffer, ULONG *buffer_size)
{
	return TdhGetEventInformation(event, context_count, context, buffer, buffer_size);
}

struct wst_tdh_decoder *wst_tdh_decoder_new(wst_tdh_info_fn get_info)
{
	struct wst_tdh_decoder *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->get_info = get_info ? get_info : windows_info;
	d->info_size = INFO_BUFFER_START;
	d->info = malloc(d->info_size);
	if (!d->info) {
		free(d);
		return NULL;
	}
	return d;
}

void wst_tdh_decoder_free(struct wst_tdh_decoder *d)
{
	if (!d)
		return;
	for (unsigned i = 0; i < SLOTS; i++)
		free(d->slots[i].row);
	free(d->info);
	free(d);
}

/* The two-call pattern with a buffer kept between calls: it only grows,
 * and only at an event type's first event. */
static ULONG event_information(struct wst_tdh_decoder *d, PEVENT_RECORD record, ULONG *size)
{
	ULONG rc;

	*size = d->info_size;
	rc = d->get_info(record, 0, NULL, (PTRACE_EVENT_INFO)d->info, size);
	if (rc != ERROR_INSUFFICIENT_BUFFER)
		return rc;
	BYTE *bigger = realloc(d->info, *size);
	if (!bigger)
		return ERROR_NOT_ENOUGH_MEMORY;
	d->info = bigger;
	d->info_size = *size;
	return d->get_info(record, 0, NULL, (PTRACE_EVENT_INFO)d->info, size);
}

static const char *fallback_text(const struct wst_event_desc *builtin)
{
	return builtin ? "decoding it with wstrace's built-in table"
	               : "wstrace's table does not know it either: printed undecoded";
}

/* Windows' row for the event, else the built-in one; warns once (this is
 * called once per event type). The name and process providers' events the
 * built-in table does not know stay undecoded, as in `parse`: only AFD's
 * are printed as "unknown" with Windows' fields. */
static const struct wst_event_desc *build(struct wst_tdh_decoder *d, const struct wst_event *ev,
                                          enum wst_provider provider, struct slot *s)
{
	const struct wst_event_desc *builtin = wst_schema_lookup_in(provider, ev->id, ev->version);
	char why[160], what[96];
	ULONG size, rc;

	if (!ev->origin || (!builtin && provider != WST_PROVIDER_AFD))
		return builtin;
	/* AFD's event ids go unqualified; the other providers' are named. */
	snprintf(what, sizeof what, "%s%sevent %u version %u",
	         provider == WST_PROVIDER_AFD ? "" : wst_provider_desc(provider)->name,
	         provider == WST_PROVIDER_AFD ? "" : " ", ev->id, ev->version);
	rc = event_information(d, (PEVENT_RECORD)ev->origin, &size);
	if (rc != ERROR_SUCCESS) {
		const char *name = wst_win_error_name(rc);
		wst_warning("%s: Windows has no schema for it (%s, %lu); %s", what,
		            name ? name : "error", (unsigned long)rc, fallback_text(builtin));
		return builtin;
	}
	s->row = malloc(sizeof *s->row);
	if (!s->row)
		return builtin;
	if (wst_tdh_convert((const TRACE_EVENT_INFO *)d->info, size, builtin, s->row, why,
	                    sizeof why) < 0) {
		wst_warning("%s: in Windows' schema, %s; %s", what, why, fallback_text(builtin));
		free(s->row);
		s->row = NULL;
		return builtin;
	}
	if (builtin && wst_tdh_compare(&s->row->desc, builtin, why, sizeof why))
		wst_warning("%s (%s): Windows' schema differs from wstrace's built-in table: %s; "
		            "decoding it with Windows' schema", what, builtin->name, why);
	return &s->row->desc;
}

const struct wst_event_desc *wst_tdh_resolve(void *ctx, const struct wst_event *ev)
{
	struct wst_tdh_decoder *d = ctx;
	enum wst_provider provider = wst_provider_of(&ev->provider);
	uint32_t key = ((uint32_t)provider << 24) | (uint32_t)ev->id << 8 | ev->version;
	/* Fibonacci hashing spreads the few event ids over the slots. */
	unsigned i = (unsigned)((key * 2654435769u) >> 23) & (SLOTS - 1);

	for (;; i = (i + 1) & (SLOTS - 1)) {
		struct slot *s = &d->slots[i];
		if (!s->used)
			break;
		if (s->id == ev->id && s->version == ev->version && s->provider == provider)
			return s->desc;
	}
	if (d->used >= SLOTS_USED_MAX) {
		if (!d->full_warned)
			wst_warning("more than %u event types: the rest are decoded with the built-in table",
			            SLOTS_USED_MAX);
		d->full_warned = true;
		return wst_schema_lookup_in(provider, ev->id, ev->version);
	}
	struct slot *s = &d->slots[i];
	s->used = true;
	s->provider = (uint8_t)provider;
	s->id = ev->id;
	s->version = ev->version;
	s->desc = build(d, ev, provider, s);
	d->used++;
	return s->desc;
}
