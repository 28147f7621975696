/* Lookups over the generated event tables. */
#include <string.h>

#include "wstrace/schema.h"

const struct wst_event_desc *wst_schema_lookup(uint16_t id, uint8_t version)
{
	return wst_afd_event_row(id, version);
}

enum wst_provider wst_provider_of(const struct wst_guid *guid)
{
	/* AFD first, without the loop: it is most of every capture. */
	if (wst_guid_equal(guid, &wst_afd_provider_guid))
		return WST_PROVIDER_AFD;
	for (size_t i = 0; i < wst_provider_count; i++)
		if (wst_guid_equal(guid, &wst_providers[i].guid))
			return (enum wst_provider)wst_providers[i].provider;
	return WST_PROVIDER_OTHER;
}

const struct wst_provider_desc *wst_provider_desc(enum wst_provider provider)
{
	for (size_t i = 0; i < wst_provider_count; i++)
		if (wst_providers[i].provider == provider)
			return &wst_providers[i];
	return NULL;
}

const struct wst_event_desc *wst_schema_lookup_in(enum wst_provider provider, uint16_t id,
                                                  uint8_t version)
{
	if (provider == WST_PROVIDER_AFD)
		return wst_afd_event_row(id, version);  /* the common case, called directly */
	const struct wst_provider_desc *p = wst_provider_desc(provider);

	return p ? p->row(id, version) : NULL;
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
		[WST_FT_BINARY] = "binary",   [WST_FT_UTF16] = "string",
		[WST_FT_ANSI] = "ansi_string", [WST_FT_GUID] = "guid",
		[WST_FT_FILETIME] = "filetime", [WST_FT_SID] = "sid",
	};
	if ((size_t)type < sizeof names / sizeof names[0] && names[type])
		return names[type];
	return "unknown";
}
