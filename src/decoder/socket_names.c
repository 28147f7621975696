/* Winsock values (ws2def.h): they differ from the BSD ones for AF_INET6
 * and beyond, so Linux headers cannot be used. */
#include <stddef.h>

#include "wstrace/schema.h"
#include "wstrace/socket_names.h"

static const struct wst_value_name families[] = {
	{ 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 6, "AF_IPX" },
	{ 16, "AF_APPLETALK" }, { 17, "AF_NETBIOS" }, { 23, "AF_INET6" },
	{ 26, "AF_IRDA" }, { 32, "AF_BTH" }, { 34, "AF_HYPERV" }, { 40, "AF_VSOCK" },
};

static const struct wst_value_name protocols[] = {
	{ 0, "IPPROTO_IP" }, { 1, "IPPROTO_ICMP" }, { 2, "IPPROTO_IGMP" },
	{ 6, "IPPROTO_TCP" }, { 17, "IPPROTO_UDP" }, { 41, "IPPROTO_IPV6" },
	{ 58, "IPPROTO_ICMPV6" }, { 113, "IPPROTO_PGM" }, { 132, "IPPROTO_SCTP" },
	{ 255, "IPPROTO_RAW" },
};

static const struct wst_value_map family_map = { families, sizeof families / sizeof families[0] };
static const struct wst_value_map protocol_map = { protocols, sizeof protocols / sizeof protocols[0] };

const char *wst_address_family_name(uint32_t af)
{
	return wst_value_map_name(&family_map, af);
}

#define AF_INET_VALUE 2
#define AF_INET6_VALUE 23
#define AF_HYPERV_VALUE 34

const char *wst_protocol_name(uint32_t af, uint32_t protocol)
{
	if (af == 0 || af == AF_INET_VALUE || af == AF_INET6_VALUE)
		return wst_value_map_name(&protocol_map, protocol);
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
