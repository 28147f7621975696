/*
 * Microsoft-Windows-PktMon events (docs/packets.md):
 * 160 (packet logged) and 170 (packet dropped) carry a 34-byte header and
 * then LoggedPayloadSize bytes of the packet; 20 describes a component.
 * Every read goes through the cursor; what does not hold is kept as a flaw
 * so that the frame can still be written with what is there.
 */
#include <stdio.h>
#include <string.h>

#include "wstrace/cursor.h"
#include "wstrace/packets.h"
#include "wstrace/utf16.h"

/* {4d4f80d9-c8bd-4d73-bb5b-19c90402c5ac} */
const struct wst_guid wst_pktmon_provider_guid = {
	0x4d4f80d9, 0xc8bd, 0x4d73, { 0xbb, 0x5b, 0x19, 0xc9, 0x04, 0x02, 0xc5, 0xac }
};

/* PKTMON_COMPONENT_PROPERTY_ID PktMonCompProp_PhysAddress */
#define PROP_PHYS_ADDRESS 6
/* PKTMON_PACKET_TYPE runs to PktMonPayload_L4Payload = 11. */
#define PACKET_TYPE_MAX 11

bool wst_pktmon_is_packet(const struct wst_event *ev)
{
	return (ev->id == WST_PKTMON_PACKET_LOGGED || ev->id == WST_PKTMON_PACKET_DROPPED) &&
	       wst_guid_equal(&ev->provider, &wst_pktmon_provider_guid);
}

static uint16_t link_of_packet_type(uint16_t type)
{
	switch (type) {
	case 1: return WST_LINK_ETHERNET;
	case 2: return WST_LINK_IEEE802_11;
	case 3: return WST_LINK_RAW;
	default: return WST_LINK_USER0;
	}
}

static enum wst_packet_direction direction_of(uint16_t dir_tag)
{
	/* PKTMON_DIRECTION_TAG: 1 In, 2 Out, 3 Rx, 4 Tx, 5 Ingress, 6 Egress. */
	switch (dir_tag) {
	case 1: case 3: case 5: return WST_DIR_INBOUND;
	case 2: case 4: case 6: return WST_DIR_OUTBOUND;
	default: return WST_DIR_UNKNOWN;
	}
}

/* An Ethernet header: two MACs, then an EtherType (>= 0x0600) or an 802.3
 * length (<= 1500). */
static bool looks_ethernet(const uint8_t *p, uint32_t n)
{
	if (n < 14)
		return false;
	uint16_t type = wst_be16(p + 12);
	return type >= 0x0600 || type <= 1500;
}

/* An 802.11 frame as NDIS hands them on: protocol version 0, a management
 * frame of at least a header, or a data frame whose header is followed by
 * the LLC/SNAP header (aa aa 03) unless it is protected or carries no data.
 * Control frames do not reach NDIS. A random Ethernet header passes this
 * by chance less often than 1 in 500, a plain frame-control check 1 in 5,
 * and pktmon-win11.etl has Ethernet frames typed 802.11 that pass that. */
static bool looks_ieee802_11(const uint8_t *p, uint32_t n)
{
	if (n < 24 || (p[0] & 0x03) != 0)
		return false;
	unsigned type = p[0] >> 2 & 0x03;
	if (type == 0)
		return true;
	if (type != 2)
		return false;
	uint32_t header = 24;
	if ((p[1] & 0x03) == 0x03)
		header += 6;                /* ToDS and FromDS: a fourth address */
	if (p[0] & 0x80)
		header += 2;                /* QoS data: QoS control */
	if ((p[0] & 0x40) || (p[1] & 0x40))
		return n >= header;         /* no data, or protected: no LLC to see */
	return n >= header + 3 && p[header] == 0xAA && p[header + 1] == 0xAA && p[header + 2] == 0x03;
}

static bool looks_ip(const uint8_t *p, uint32_t n)
{
	return n >= 1 && ((p[0] >> 4) == 4 || (p[0] >> 4) == 6);
}

/* Some packets carry bytes that are not a packet of their PacketType (the
 * reference's observation on 170 events; in pktmon-win11.etl the QoS Packet
 * Scheduler logs Ethernet frames typed 802.11, and a drop typed 802.11
 * holds an Ethernet frame): check before labelling the frame. */
static void check_plausible(struct wst_packet *pkt)
{
	const uint8_t *p = pkt->bytes;
	uint32_t n = pkt->captured;
	bool ok = true;

	if (n == 0)
		return;
	switch (pkt->link_type) {
	case WST_LINK_ETHERNET:
		ok = looks_ethernet(p, n);
		break;
	case WST_LINK_IEEE802_11:
		ok = looks_ieee802_11(p, n);
		if (!ok && looks_ethernet(p, n)) {
			pkt->link_type = WST_LINK_ETHERNET;
			pkt->flaws |= WST_PKT_RELABELLED;
			return;
		}
		break;
	case WST_LINK_RAW:
		ok = looks_ip(p, n);
		break;
	default:
		break;
	}
	if (!ok)
		pkt->flaws |= WST_PKT_NOT_OF_TYPE;
}

void wst_pktmon_decode_packet(const struct wst_event *ev, struct wst_packet *pkt)
{
	struct wst_cursor c = wst_cursor_make(ev->user_data, ev->user_len);

	memset(pkt, 0, sizeof *pkt);
	pkt->origin = WST_ORIGIN_PKTMON;
	pkt->event_id = ev->id;
	pkt->time = ev->timestamp;
	pkt->offset = ev->file_offset;
	pkt->dropped = ev->id == WST_PKTMON_PACKET_DROPPED;
	pkt->payload_len = ev->user_len;
	pkt->component = 0xFFFF;
	pkt->bytes = ev->user_data;
	/* Field by field: a cut header still gives the fields before the cut. */
	if (wst_get_le64(&c, &pkt->group_id) && wst_get_le16(&c, &pkt->pkt_count) &&
	    wst_get_le16(&c, &pkt->appearance) && wst_get_le16(&c, &pkt->dir_tag) &&
	    wst_get_le16(&c, &pkt->packet_type) && wst_get_le16(&c, &pkt->component) &&
	    wst_get_le16(&c, &pkt->edge) && wst_get_le16(&c, &pkt->filter) &&
	    wst_get_le32(&c, &pkt->drop_reason) && wst_get_le32(&c, &pkt->drop_location) &&
	    wst_get_le16(&c, &pkt->original_size))
		wst_get_le16(&c, &pkt->logged_size);
	pkt->source = pkt->component;
	pkt->direction = direction_of(pkt->dir_tag);
	pkt->link_type = link_of_packet_type(pkt->packet_type);
	if (pkt->packet_type > PACKET_TYPE_MAX)
		pkt->flaws |= WST_PKT_UNKNOWN_TYPE;
	if (c.short_read) {
		/* Nothing of the packet is there, so no link header either. */
		pkt->flaws |= WST_PKT_SHORT_HEADER;
		pkt->bytes = c.p;
		pkt->link_type = WST_LINK_USER0;
		return;
	}

	size_t left = wst_cursor_left(&c);
	pkt->bytes = c.p;
	if (left < pkt->logged_size) {
		pkt->flaws |= WST_PKT_SHORT_PAYLOAD;
		pkt->captured = (uint32_t)left;
	} else {
		pkt->captured = pkt->logged_size;
		if (left > pkt->logged_size)
			pkt->flaws |= WST_PKT_SURPLUS;
	}
	pkt->original = pkt->original_size;
	if (pkt->logged_size > pkt->original_size) {
		pkt->flaws |= WST_PKT_LENGTHS;
		pkt->original = pkt->logged_size;
	}
	if (pkt->original < pkt->captured)
		pkt->original = pkt->captured;
	check_plausible(pkt);
}

size_t wst_packet_flaw_text(const struct wst_packet *pkt, enum wst_packet_flaw flaw, char *out,
                            size_t outlen)
{
	const char *type = wst_pktmon_packet_type_name(pkt->packet_type);
	int n = 0;

	if (!(pkt->flaws & flaw) || outlen == 0)
		return 0;
	switch (flaw) {
	case WST_PKT_SHORT_HEADER:
		if (pkt->origin == WST_ORIGIN_NDIS)
			n = snprintf(out, outlen, "payload of %zu bytes ends before its fragment",
			             pkt->payload_len);
		else
			n = snprintf(out, outlen, "payload of %zu bytes ends inside the %u-byte packet header",
			             pkt->payload_len, WST_PKTMON_PACKET_HEADER);
		break;
	case WST_PKT_SHORT_PAYLOAD:
		if (pkt->origin == WST_ORIGIN_NDIS)
			n = snprintf(out, outlen, "a fragment shorter than its FragmentSize: %u bytes missing",
			             (unsigned)pkt->logged_size);
		else
			n = snprintf(out, outlen, "payload shorter than its logged size: %u of %u bytes",
			             (unsigned)pkt->captured, (unsigned)pkt->logged_size);
		break;
	case WST_PKT_SURPLUS:
		n = snprintf(out, outlen, "%zu bytes after the logged packet ignored",
		             pkt->payload_len - WST_PKTMON_PACKET_HEADER - pkt->logged_size);
		break;
	case WST_PKT_LENGTHS:
		n = snprintf(out, outlen, "logged size %u larger than the original size %u",
		             (unsigned)pkt->logged_size, (unsigned)pkt->original_size);
		break;
	case WST_PKT_UNKNOWN_TYPE:
		n = snprintf(out, outlen, "unknown packet type %u", (unsigned)pkt->packet_type);
		break;
	case WST_PKT_NOT_OF_TYPE:
		n = snprintf(out, outlen, "bytes do not look like a packet of type %u (%s)",
		             (unsigned)pkt->packet_type, type ? type : "unknown");
		break;
	case WST_PKT_RELABELLED:
		n = snprintf(out, outlen,
		             "packet type %u (%s) but the bytes are an Ethernet frame: written as Ethernet",
		             (unsigned)pkt->packet_type, type ? type : "unknown");
		break;
	case WST_PKT_NO_START:
		n = snprintf(out, outlen, "%u fragment%s without the packet's first fragment",
		             pkt->fragments, pkt->fragments == 1 ? "" : "s");
		break;
	case WST_PKT_INCOMPLETE:
		n = snprintf(out, outlen, "packet incomplete: %u fragment%s, the last one missing",
		             pkt->fragments, pkt->fragments == 1 ? "" : "s");
		break;
	case WST_PKT_TOO_LONG:
		n = snprintf(out, outlen, "fragments add up to more than 65535 bytes: cut to %u",
		             (unsigned)pkt->captured);
		break;
	case WST_PKT_TRUNCATED:
		n = snprintf(out, outlen, "truncated by the capture: original length unknown");
		break;
	}
	if (n < 0)
		return 0;
	return (size_t)n < outlen ? (size_t)n : outlen - 1;
}

bool wst_pktmon_decode_component(const struct wst_event *ev, struct wst_pktmon_component_event *comp)
{
	struct wst_cursor c = wst_cursor_make(ev->user_data, ev->user_len);

	memset(comp, 0, sizeof *comp);
	if (!wst_get_le16(&c, &comp->id) || !wst_get_le16(&c, &comp->type))
		return false;
	wst_utf16le_to_utf8(&c, comp->name, sizeof comp->name);
	wst_utf16le_to_utf8(&c, comp->description, sizeof comp->description);
	return true;
}

bool wst_pktmon_decode_mac(const struct wst_event *ev, uint16_t *component, uint8_t mac[6])
{
	struct wst_cursor c = wst_cursor_make(ev->user_data, ev->user_len);
	uint16_t property;
	uint32_t len;
	const uint8_t *p;

	if (!wst_get_le16(&c, component) || !wst_get_le16(&c, &property) ||
	    property != PROP_PHYS_ADDRESS || !wst_get_le32(&c, &len) || len != 6 ||
	    !wst_cursor_bytes(&c, 6, &p))
		return false;
	memcpy(mac, p, 6);
	return true;
}
