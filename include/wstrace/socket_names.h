/* Names for socket creation parameters that the manifest leaves as numbers. */
#ifndef WSTRACE_SOCKET_NAMES_H
#define WSTRACE_SOCKET_NAMES_H

#include <stdint.h>

/* Address family names: wst_value_map_name(&wst_names_address_families, af). */
/* "IPPROTO_TCP" for 6 in AF_INET or AF_INET6 (or an unknown family, 0);
 * protocol numbers of other families mean other things: "HV_PROTOCOL_RAW"
 * for 1 in AF_HYPERV, NULL when not known. */
const char *wst_protocol_name(uint32_t af, uint32_t protocol);
const char *wst_socket_type_name(uint32_t type);    /* "SOCK_STREAM" for 1 */

#endif
