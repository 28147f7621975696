/* Socket addresses: SOCKADDR blobs in, "1.2.3.4:80" / "[2001:db8::1]:443" out. */
#ifndef WSTRACE_SOCKADDR_H
#define WSTRACE_SOCKADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/record.h"

/* Longest text: "[ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255]:65535". */
#define WST_ADDR_TEXT_LEN 56

/* A Winsock SOCKADDR (family little-endian, port big-endian, IPv4 at 4,
 * IPv6 at 8). Returns false and leaves family NONE when it is too short or
 * of another family. */
bool wst_sockaddr_parse(const uint8_t *p, size_t len, struct wst_sockaddr *out);

/* The address alone: "127.0.0.1", "2001:db8::1" (RFC 5952). Returns the
 * length written. */
size_t wst_addr_format(const struct wst_sockaddr *a, char out[WST_ADDR_TEXT_LEN]);

/* Address and port: "127.0.0.1:443", "[2001:db8::1]:443". */
size_t wst_sockaddr_format(const struct wst_sockaddr *a, char out[WST_ADDR_TEXT_LEN]);

/* Parses "1.2.3.4" or an IPv6 text into a; false if it is neither. */
bool wst_addr_parse_text(const char *text, struct wst_sockaddr *a);

#endif
