/* Lookups over the generated AFD event table. */
#include <string.h>

#include "wstrace/schema.h"

const struct wst_event_desc *wst_schema_lookup(uint16_t id, uint8_t version)
{
	return wst_afd_event_row(id, version);
}

const struct wst_field_role_entry *wst_field_role_lookup(const char *name)
{
	size_t lo = 0, hi = wst_field_role_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(wst_field_roles[mid].name, name);
		if (c == 0)
			return &wst_field_roles[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *wst_field_type_name(enum wst_field_type type)
{
	static const char *const names[] = {
		[WST_FT_POINTER] = "pointer", [WST_FT_UINT8] = "uint8",
		[WST_FT_UINT16] = "uint16",   [WST_FT_UINT32] = "uint32",
		[WST_FT_UINT64] = "uint64",   [WST_FT_INT32] = "int32",
		[WST_FT_INT64] = "int64",     [WST_FT_BOOL32] = "boolean",
		[WST_FT_BINARY] = "binary",
	};
	if ((size_t)type < sizeof names / sizeof names[0] && names[type])
		return names[type];
	return "unknown";
}
