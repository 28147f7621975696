#include <stddef.h>

#include "field_names.h"
#include "wstrace/dns_names.h"
#include "wstrace/name_tables.h"
#include "wstrace/socket_names.h"
#include "wstrace/string_values.h"
#include "wstrace/timefmt.h"
#include "wstrace/status_names.h"

/* The AddressFamily of the record's own template (create events), 0 if none. */
static uint32_t record_family(const struct wst_record *rec)
{
	for (unsigned i = 0; rec->desc && i < rec->desc->field_count; i++)
		if (rec->desc->fields[i].role == WST_ROLE_ADDRESS_FAMILY && rec->values[i].present)
			return (uint32_t)rec->values[i].u;
	return 0;
}

const char *wst_field_value_name(const struct wst_record *rec, const struct wst_field_desc *f,
                                 uint64_t value)
{
	if (f->map)
		return wst_value_map_name(f->map, (uint32_t)value);
	switch (f->role) {
	case WST_ROLE_STATUS:
	case WST_ROLE_REASON:
		return value ? wst_code_name((uint32_t)value) : NULL;
	case WST_ROLE_SOCKET_TYPE:
		/* The modern create's SocketType has no map in the manifest. */
		return wst_socket_type_name((uint32_t)value);
	case WST_ROLE_ADDRESS_FAMILY:
		return wst_value_map_name(&wst_names_address_families, (uint32_t)value);
	case WST_ROLE_PROTOCOL:
		return wst_protocol_name(record_family(rec), (uint32_t)value);
	case WST_ROLE_QUERY_TYPE:
		return wst_dns_type_name((uint32_t)value);
	default:
		return NULL;
	}
}

const char *wst_field_wsa_name(const struct wst_field_desc *f, uint64_t value)
{
	if ((f->role != WST_ROLE_STATUS && f->role != WST_ROLE_REASON) || f->map || value == 0)
		return NULL;
	return wst_ntstatus_wsa_name((uint32_t)value);
}

const char *wst_phase_name(uint64_t phase)
{
	static const char *const names[] = { "request", "complete", "internal", "transport", "afd" };

	return phase < sizeof names / sizeof names[0] ? names[phase] : NULL;
}

void wst_field_text(const struct wst_field_desc *f, const struct wst_value *v, char *out)
{
	struct wst_guid g;

	switch (f->type) {
	case WST_FT_UTF16:
	case WST_FT_ANSI:
		wst_value_utf8(f->type, v, out, WST_STRING_VALUE_MAX);
		break;
	case WST_FT_SID:
		wst_sid_text(v, out);
		break;
	case WST_FT_GUID:
		wst_guid_from_bytes(v->bytes, &g);
		wst_guid_format(&g, out);
		break;
	default:  /* WST_FT_FILETIME */
		wst_time_iso(v->u, out);
		break;
	}
}
