/* The names a numeric field value carries, shared by both formatters. */
#ifndef WSTRACE_FIELD_NAMES_H
#define WSTRACE_FIELD_NAMES_H

#include <stdint.h>

#include "wstrace/record.h"
#include "wstrace/schema.h"

/* The value's name: its manifest map entry, a status or error code name,
 * an address family or protocol name; NULL when none is known. */
const char *wst_field_value_name(const struct wst_record *rec, const struct wst_field_desc *f,
                                 uint64_t value);

/* For a status field holding an NTSTATUS: the name of the Winsock error
 * it becomes for a Winsock caller; NULL when there is none. */
const char *wst_field_wsa_name(const struct wst_field_desc *f, uint64_t value);

/* The text of a string, SID, GUID or FILETIME field (types from
 * WST_FT_UTF16 on), in out (WST_STRING_VALUE_MAX bytes). */
void wst_field_text(const struct wst_field_desc *f, const struct wst_value *v, char *out);

/* "request", "complete", "internal", "transport", "afd"; NULL if unknown. */
const char *wst_phase_name(uint64_t phase);

#endif
