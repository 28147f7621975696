/* Socket addresses: SOCKADDR blobs in, "1.2.3.4:80" / "[2001:db8::1]:443" out. */
#ifndef WSTRACE_SOCKADDR_H
#define WSTRACE_SOCKADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/record.h"

/* Longest text: "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535". */
#define WST_ADDR_TEXT_LEN 56

enum wst_sockaddr_result {
	WST_SOCKADDR_INET,    /* AF_INET or AF_INET6: address and port */
	WST_SOCKADDR_OTHER,   /* another family: family OTHER, af set */
	WST_SOCKADDR_SHORT,   /* too short for its family: family NONE */
};

/* A Winsock SOCKADDR: family little-endian at 0; for AF_INET the port
 * (big-endian) at 2 and the address at 4; for AF_INET6 the port at 2 and
 * the address at 8. Or the TRANSPORT_ADDRESS of the old TDI path (a count
 * of 1, then one TA_ADDRESS: length, type, TDI_ADDRESS_IP or _IP6), read
 * into the same form. */
enum wst_sockaddr_result wst_sockaddr_parse(const uint8_t *p, size_t len, struct wst_sockaddr *out);

/* "unix", "hyperv", "vsock", or "af_<n>" for a family OTHER address;
 * "ipv4"/"ipv6" for the others. Returns the length written. */
#define WST_FAMILY_TEXT_LEN 12
size_t wst_family_text(const struct wst_sockaddr *a, char out[WST_FAMILY_TEXT_LEN]);

/* The address alone: "127.0.0.1", "2001:db8::1" (RFC 5952). Returns the
 * length written. */
size_t wst_addr_format(const struct wst_sockaddr *a, char out[WST_ADDR_TEXT_LEN]);

/* Address and port: "127.0.0.1:443", "[2001:db8::1]:443". */
size_t wst_sockaddr_format(const struct wst_sockaddr *a, char out[WST_ADDR_TEXT_LEN]);

/* Parses "1.2.3.4" or an IPv6 text into a; false if it is neither. */
bool wst_addr_parse_text(const char *text, struct wst_sockaddr *a);

#endif
