/* Protocol and socket type names, which depend on the family or come
 * from the manifest. */
#include <stddef.h>

#include "wstrace/name_tables.h"
#include "wstrace/schema.h"
#include "wstrace/socket_names.h"

/* Winsock values (ws2def.h). */
#define AF_INET_VALUE 2
#define AF_INET6_VALUE 23
#define AF_HYPERV_VALUE 34

const char *wst_protocol_name(uint32_t af, uint32_t protocol)
{
	if (af == 0 || af == AF_INET_VALUE || af == AF_INET6_VALUE)
		return wst_value_map_name(&wst_names_ip_protocols, protocol);
	if (af == AF_HYPERV_VALUE && protocol == 1)
		return "HV_PROTOCOL_RAW";
	return NULL;
}

/* The manifest's own map, as the create event's SocketType field has it. */
const char *wst_socket_type_name(uint32_t type)
{
	const struct wst_event_desc *create = wst_schema_lookup(1, 0);

	for (unsigned i = 0; create && i < create->field_count; i++)
		if (create->fields[i].role == WST_ROLE_SOCKET_TYPE)
			return wst_value_map_name(create->fields[i].map, type);
	return NULL;
}
