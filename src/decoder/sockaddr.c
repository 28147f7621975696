/* Address parsing and printing. IPv6 text follows RFC 5952: lowercase hex,
 * no leading zeros, the longest run (first on ties) of two or more zero
 * groups shortened to "::", and IPv4-mapped addresses in dotted form. */
#include <stdio.h>
#include <string.h>

#include "wstrace/cursor.h"
#include "wstrace/sockaddr.h"

#define WST_AF_INET 2
#define WST_AF_INET6 23

#define WST_AF_UNIX 1
#define WST_AF_HYPERV 34
#define WST_AF_VSOCK 40

/* An IPv4 or IPv6 address and its port, both in network order. */
static enum wst_sockaddr_result inet(struct wst_sockaddr *out, uint16_t af, const uint8_t *port,
                                     const uint8_t *addr)
{
	out->family = af == WST_AF_INET ? WST_FAMILY_IPV4 : WST_FAMILY_IPV6;
	out->af = af;
	out->port = wst_be16(port);
	memcpy(out->addr, addr, af == WST_AF_INET ? 4 : 16);
	return WST_SOCKADDR_INET;
}

static enum wst_sockaddr_result other(struct wst_sockaddr *out, uint16_t af)
{
	out->family = WST_FAMILY_OTHER;
	out->af = af;
	return WST_SOCKADDR_OTHER;
}

static enum wst_sockaddr_result parse_sockaddr(const uint8_t *p, size_t len,
                                               struct wst_sockaddr *out)
{
	if (len < 2)
		return WST_SOCKADDR_SHORT;
	uint16_t family = wst_le16(p);
	if (family == WST_AF_INET)
		return len < 8 ? WST_SOCKADDR_SHORT : inet(out, family, p + 2, p + 4);
	if (family == WST_AF_INET6)
		return len < 24 ? WST_SOCKADDR_SHORT : inet(out, family, p + 2, p + 8);
	return other(out, family);
}

/* TRANSPORT_ADDRESS (tdi.h): LONG TAAddressCount, then TA_ADDRESS
 * entries of USHORT AddressLength, USHORT AddressType and AddressLength
 * bytes. The old TDI path logs one such entry where the others log a
 * SOCKADDR. Read as a SOCKADDR its count of 1 would be AF_UNIX followed
 * by two zero bytes, which no SOCKADDR_UN has (Windows has no abstract
 * names), so a count of 1 and an entry that fits say which it is. */
#define TA_HEADER 8  /* the count, AddressLength and AddressType */
#define TDI_ADDRESS_IP_PORT_AND_ADDR 6    /* sin_port, in_addr (of 14 bytes) */
#define TDI_ADDRESS_IP6_PORT_TO_ADDR 22   /* sin6_port, sin6_flowinfo, sin6_addr */

static bool is_transport_address(const uint8_t *p, size_t len)
{
	return len >= TA_HEADER && wst_le32(p) == 1 && wst_le16(p + 4) != 0;
}

static enum wst_sockaddr_result parse_transport_address(const uint8_t *p, size_t len,
                                                        struct wst_sockaddr *out)
{
	uint16_t length = wst_le16(p + 4), type = wst_le16(p + 6);
	const uint8_t *a = p + TA_HEADER;

	if (len - TA_HEADER < length)
		return WST_SOCKADDR_SHORT;
	/* TDI address types are numbered as the address families. */
	if (type == WST_AF_INET)
		return length < TDI_ADDRESS_IP_PORT_AND_ADDR ? WST_SOCKADDR_SHORT
		                                             : inet(out, type, a, a + 2);
	if (type == WST_AF_INET6)
		return length < TDI_ADDRESS_IP6_PORT_TO_ADDR ? WST_SOCKADDR_SHORT
		                                              : inet(out, type, a, a + 6);
	return other(out, type);
}

enum wst_sockaddr_result wst_sockaddr_parse(const uint8_t *p, size_t len, struct wst_sockaddr *out)
{
	memset(out, 0, sizeof *out);
	if (is_transport_address(p, len))
		return parse_transport_address(p, len, out);
	return parse_sockaddr(p, len, out);
}

size_t wst_family_text(const struct wst_sockaddr *a, char out[WST_FAMILY_TEXT_LEN])
{
	const char *name = NULL;

	switch (a->family) {
	case WST_FAMILY_IPV4: name = "ipv4"; break;
	case WST_FAMILY_IPV6: name = "ipv6"; break;
	case WST_FAMILY_OTHER:
		if (a->af == WST_AF_UNIX)
			name = "unix";
		else if (a->af == WST_AF_HYPERV)
			name = "hyperv";
		else if (a->af == WST_AF_VSOCK)
			name = "vsock";
		break;
	default:
		name = "";
		break;
	}
	if (name) {
		size_t n = strlen(name);
		memcpy(out, name, n + 1);
		return n;
	}
	/* "af_" and at most five digits: printf would cost more than the line. */
	char digits[5];
	size_t d = 0, n = 3;
	unsigned v = a->af;
	do {
		digits[d++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	memcpy(out, "af_", 3);
	while (d)
		out[n++] = digits[--d];
	out[n] = '\0';
	return n;
}

/* Dotted quad without printf: this runs for most output lines. */
static size_t format_ipv4(const uint8_t *a, char *out, size_t size)
{
	size_t n = 0;

	if (size < 16)
		return 0;
	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];
		if (i)
			out[n++] = '.';
		if (v >= 100)
			out[n++] = (char)('0' + v / 100);
		if (v >= 10)
			out[n++] = (char)('0' + v / 10 % 10);
		out[n++] = (char)('0' + v % 10);
	}
	out[n] = '\0';
	return n;
}

static bool is_v4_mapped(const uint8_t *a)
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	return memcmp(a, prefix, sizeof prefix) == 0;
}

static size_t put_hex16(char *out, uint16_t v)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	int shift = 12;

	while (shift > 0 && (v >> shift & 0xf) == 0)
		shift -= 4;  /* no leading zeros */
	for (; shift >= 0; shift -= 4)
		out[n++] = digits[v >> shift & 0xf];
	return n;
}

static size_t format_ipv6(const uint8_t *a, char *out, size_t size)
{
	uint16_t g[8];
	int best = -1, best_len = 0;
	size_t n = 0;

	if (size < 46)
		return 0;
	if (is_v4_mapped(a)) {
		memcpy(out, "::ffff:", 7);
		return 7 + format_ipv4(a + 12, out + 7, size - 7);
	}
	for (int i = 0; i < 8; i++)
		g[i] = wst_be16(a + 2 * i);
	/* The longest run of two or more zero groups, the first on a tie. */
	for (int i = 0; i < 8;) {
		int j = i;
		while (j < 8 && g[j] == 0)
			j++;
		if (j - i > best_len && j - i >= 2) {
			best = i;
			best_len = j - i;
		}
		i = j == i ? i + 1 : j;
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			out[n++] = ':';
			out[n++] = ':';
			i += best_len - 1;
			continue;
		}
		if (i > 0 && !(best >= 0 && i == best + best_len))
			out[n++] = ':';
		n += put_hex16(out + n, g[i]);
	}
	out[n] = '\0';
	return n;
}

size_t wst_addr_format(const struct wst_sockaddr *a, char out[WST_ADDR_TEXT_LEN])
{
	/* Addresses of other families have no text form: callers print
	 * their bytes. */
	out[0] = '\0';
	if (a->family == WST_FAMILY_IPV4)
		return format_ipv4(a->addr, out, WST_ADDR_TEXT_LEN);
	if (a->family == WST_FAMILY_IPV6)
		return format_ipv6(a->addr, out, WST_ADDR_TEXT_LEN);
	return 0;
}

size_t wst_sockaddr_format(const struct wst_sockaddr *a, char out[WST_ADDR_TEXT_LEN])
{
	size_t n = 0;
	char port[6];
	size_t plen = 0;

	if (a->family != WST_FAMILY_IPV4 && a->family != WST_FAMILY_IPV6) {
		out[0] = '\0';
		return 0;
	}
	if (a->family == WST_FAMILY_IPV6)
		out[n++] = '[';
	n += wst_addr_format(a, out + n);  /* at most 45 characters */
	if (a->family == WST_FAMILY_IPV6)
		out[n++] = ']';
	out[n++] = ':';
	unsigned v = a->port;
	do {
		port[plen++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (plen)
		out[n++] = port[--plen];
	out[n] = '\0';
	return n;
}

static bool parse_ipv4(const char *s, uint8_t out[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = 0;
		int digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(*s++ - '0');
			digits++;
		}
		if (digits == 0 || digits > 3 || v > 255)
			return false;
		out[i] = (uint8_t)v;
		if (i < 3 && *s++ != '.')
			return false;
	}
	return *s == '\0';
}

static int hex_digit(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Groups before and after an optional "::"; an embedded IPv4 tail counts
 * as two groups. */
static bool parse_ipv6(const char *s, uint8_t out[16])
{
	uint16_t head[8], tail[8];
	int nhead = 0, ntail = 0;
	bool gap = false;
	uint16_t *groups = head;
	int *count = &nhead;

	if (s[0] == ':' && s[1] == ':') {
		gap = true;
		groups = tail;
		count = &ntail;
		s += 2;
	}
	while (*s) {
		if (nhead + ntail >= 8)
			return false;
		const char *start = s;
		unsigned v = 0;
		int digits = 0;
		while (hex_digit(*s) >= 0 && digits < 5) {
			v = v << 4 | (unsigned)hex_digit(*s++);
			digits++;
		}
		if (*s == '.') {
			uint8_t v4[4];
			if (nhead + ntail > 6 || !parse_ipv4(start, v4))
				return false;
			groups[(*count)++] = (uint16_t)(v4[0] << 8 | v4[1]);
			groups[(*count)++] = (uint16_t)(v4[2] << 8 | v4[3]);
			s += strlen(s);
			break;
		}
		if (digits == 0 || digits > 4)
			return false;
		groups[(*count)++] = (uint16_t)v;
		if (*s == '\0')
			break;
		if (*s++ != ':')
			return false;
		if (*s == ':') {
			if (gap)
				return false;
			gap = true;
			groups = tail;
			count = &ntail;
			s++;
		} else if (*s == '\0') {
			return false;
		}
	}
	if (gap ? nhead + ntail > 7 : nhead != 8)
		return false;
	memset(out, 0, 16);
	for (int i = 0; i < nhead; i++) {
		out[2 * i] = (uint8_t)(head[i] >> 8);
		out[2 * i + 1] = (uint8_t)head[i];
	}
	for (int i = 0; i < ntail; i++) {
		int at = 8 - ntail + i;
		out[2 * at] = (uint8_t)(tail[i] >> 8);
		out[2 * at + 1] = (uint8_t)tail[i];
	}
	return true;
}

bool wst_addr_parse_text(const char *text, struct wst_sockaddr *a)
{
	memset(a, 0, sizeof *a);
	if (parse_ipv4(text, a->addr)) {
		a->family = WST_FAMILY_IPV4;
		a->af = WST_AF_INET;
		return true;
	}
	if (parse_ipv6(text, a->addr)) {
		a->family = WST_FAMILY_IPV6;
		a->af = WST_AF_INET6;
		return true;
	}
	memset(a, 0, sizeof *a);
	return false;
}
