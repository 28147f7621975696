/* Names for socket creation parameters that the manifest leaves as numbers. */
#ifndef WSTRACE_SOCKET_NAMES_H
#define WSTRACE_SOCKET_NAMES_H

#include <stdint.h>

const char *wst_address_family_name(uint32_t af);   /* "AF_INET6" for 23 */
const char *wst_protocol_name(uint32_t protocol);   /* "IPPROTO_TCP" for 6 */
const char *wst_socket_type_name(uint32_t type);    /* "SOCK_STREAM" for 1 */

#endif
