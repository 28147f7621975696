/* A packet's IP addresses and ports; see wstrace/packet_flow.h. */
#include <string.h>

#include "wstrace/cursor.h"
#include "wstrace/packet_flow.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86DD
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88A8

/* Network order, as headers on the wire are. */
static bool get_be16(struct wst_cursor *c, uint16_t *v)
{
	const uint8_t *p;
	if (!wst_cursor_bytes(c, 2, &p))
		return false;
	*v = wst_be16(p);
	return true;
}

static bool ethertype_after_ethernet(struct wst_cursor *c, uint16_t *type)
{
	if (!wst_cursor_skip(c, 12) || !get_be16(c, type))
		return false;
	for (int tags = 0; tags < 2 && (*type == ETHERTYPE_VLAN || *type == ETHERTYPE_QINQ); tags++)
		if (!wst_cursor_skip(c, 2) || !get_be16(c, type))
			return false;
	return true;
}

/* An 802.11 data frame: its header (24 bytes, 30 with four addresses, 2
 * more with QoS), then LLC/SNAP aa aa 03 00 00 00 and the EtherType. The
 * Protected bit alone says nothing: NDIS hands on decrypted frames with it
 * still set (pktmon-win11.etl's received frames); an encrypted body has no
 * LLC/SNAP header where it is looked for. */
static bool ethertype_after_802_11(struct wst_cursor *c, uint16_t *type)
{
	const uint8_t *fc, *llc;
	if (!wst_cursor_bytes(c, 2, &fc) || (fc[0] & 0x0C) != 0x08)
		return false;
	size_t header = 24 + ((fc[1] & 0x03) == 0x03 ? 6 : 0) + ((fc[0] & 0x80) ? 2 : 0);
	if (!wst_cursor_skip(c, header - 2) || !wst_cursor_bytes(c, 6, &llc) ||
	    memcmp(llc, "\xAA\xAA\x03\x00\x00\x00", 6) != 0)
		return false;
	return get_be16(c, type);
}

static void set_addr(struct wst_sockaddr *a, uint8_t family, const uint8_t *bytes, size_t len)
{
	memset(a, 0, sizeof *a);
	a->family = family;
	a->af = family == WST_FAMILY_IPV4 ? 2 : 23;
	memcpy(a->addr, bytes, len);
}

static bool ip_header(struct wst_cursor *c, struct wst_flow *flow)
{
	const uint8_t *h;
	if (wst_cursor_left(c) < 1)
		return false;
	unsigned version = c->p[0] >> 4;
	if (version == 4) {
		if (!wst_cursor_bytes(c, 20, &h))
			return false;
		size_t ihl = (size_t)(h[0] & 0x0F) * 4;
		uint16_t frag = wst_be16(h + 6);
		flow->protocol = h[9];
		set_addr(&flow->src, WST_FAMILY_IPV4, h + 12, 4);
		set_addr(&flow->dst, WST_FAMILY_IPV4, h + 16, 4);
		/* Ports only in the first fragment, after the options. */
		return ihl >= 20 && (frag & 0x1FFF) == 0 && wst_cursor_skip(c, ihl - 20);
	}
	if (version == 6) {
		if (!wst_cursor_bytes(c, 40, &h))
			return false;
		flow->protocol = h[6];   /* extension headers are not followed */
		set_addr(&flow->src, WST_FAMILY_IPV6, h + 8, 16);
		set_addr(&flow->dst, WST_FAMILY_IPV6, h + 24, 16);
		return true;
	}
	return false;
}

bool wst_flow_of_packet(const struct wst_packet *pkt, struct wst_flow *flow)
{
	struct wst_cursor c = wst_cursor_make(pkt->bytes, pkt->captured);
	uint16_t type = 0;

	memset(flow, 0, sizeof *flow);
	switch (pkt->link_type) {
	case WST_LINK_ETHERNET:
		if (!ethertype_after_ethernet(&c, &type))
			return false;
		break;
	case WST_LINK_IEEE802_11:
		if (!ethertype_after_802_11(&c, &type))
			return false;
		break;
	case WST_LINK_RAW:
		type = 0;
		break;
	default:
		return false;
	}
	if (type && type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6)
		return false;
	flow->ip_offset = (uint32_t)(c.p - pkt->bytes);
	bool ports_follow = ip_header(&c, flow);
	if (flow->src.family == WST_FAMILY_NONE)
		return false;
	uint16_t sport, dport;
	if (ports_follow && (flow->protocol == 6 || flow->protocol == 17) &&
	    get_be16(&c, &sport) && get_be16(&c, &dport)) {
		flow->has_ports = true;
		flow->src.port = sport;
		flow->dst.port = dport;
	}
	return true;
}
