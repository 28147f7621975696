/*
 * Packets in .etl captures (src/packets/, docs/packets.md): the PktMon
 * provider's packet and component events, and the NDIS-PacketCapture
 * provider's fragments (wstrace/ndis_capture.h), decoded from untrusted
 * payloads into one struct wst_packet.
 */
#ifndef WSTRACE_PACKETS_H
#define WSTRACE_PACKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/event.h"

extern const struct wst_guid wst_pktmon_provider_guid;

enum {
	WST_PKTMON_COMPONENT = 20,       /* Component %1, Type %2, Name %3, %4 */
	WST_PKTMON_PHYS_ADDRESS = 70,    /* a component's MAC address */
	WST_PKTMON_PACKET_LOGGED = 160,
	WST_PKTMON_PACKET_DROPPED = 170,
};

/* The fixed part of events 160 and 170 before the packet's bytes. */
#define WST_PKTMON_PACKET_HEADER 34
/* Where DropReason and DropLocation end in it. */
#define WST_PKTMON_DROP_FIELDS_END 30

/* pcap link types (LINKTYPE_*, www.tcpdump.org/linktypes.html). */
enum wst_link_type {
	WST_LINK_ETHERNET = 1,
	WST_LINK_RAW = 101,              /* IPv4 or IPv6, no link header */
	WST_LINK_IEEE802_11 = 105,
	WST_LINK_USER0 = 147,            /* no link type fits: PktMon's HTTP, TCP, ... payloads */
};

/* What does not hold in a packet event; each flaw gets a warning and a
 * comment on the frame (wst_packet_flaw_text). */
enum wst_packet_flaw {
	WST_PKT_SHORT_HEADER = 1u << 0,  /* payload ends inside the 34-byte header */
	WST_PKT_SHORT_PAYLOAD = 1u << 1, /* fewer bytes than LoggedPayloadSize */
	WST_PKT_SURPLUS = 1u << 2,       /* bytes after the logged packet */
	WST_PKT_LENGTHS = 1u << 3,       /* LoggedPayloadSize > OriginalPayloadSize */
	WST_PKT_UNKNOWN_TYPE = 1u << 4,  /* PacketType outside the known 0-11 */
	WST_PKT_NOT_OF_TYPE = 1u << 5,   /* the bytes do not look like a packet of its type */
	WST_PKT_RELABELLED = 1u << 6,    /* 802.11 by its type, an Ethernet frame by its bytes */
	WST_PKT_NO_START = 1u << 7,      /* NDIS: fragments without the packet's first */
	WST_PKT_INCOMPLETE = 1u << 8,    /* NDIS: the packet's last fragment never came */
	WST_PKT_TOO_LONG = 1u << 9,      /* NDIS: fragments beyond 65535 bytes, cut */
	WST_PKT_TRUNCATED = 1u << 10,    /* NDIS: cut by the capture, original length unknown */
};
#define WST_PKT_FLAW_COUNT 11
/* The flaws that mean the event itself is damaged, or events are missing. */
#define WST_PKT_DAMAGE (WST_PKT_SHORT_HEADER | WST_PKT_SHORT_PAYLOAD | WST_PKT_SURPLUS | \
                        WST_PKT_LENGTHS | WST_PKT_NO_START | WST_PKT_INCOMPLETE)
/* Said on the frame only: a capture's own truncation is no problem. */
#define WST_PKT_QUIET (WST_PKT_TRUNCATED)

enum wst_packet_direction { WST_DIR_UNKNOWN = 0, WST_DIR_INBOUND = 1, WST_DIR_OUTBOUND = 2 };

/* Where a packet comes from: its source is a PktMon component id, or an
 * NDIS miniport interface index. */
enum wst_packet_origin { WST_ORIGIN_PKTMON, WST_ORIGIN_NDIS };

struct wst_packet {
	enum wst_packet_origin origin;
	uint32_t source;             /* component (PktMon) or MiniportIfIndex (NDIS) */
	uint16_t event_id;           /* the event that gave it (the last fragment's for NDIS) */
	uint64_t time;               /* FILETIME of that event (the first fragment's for NDIS) */
	uint64_t offset;             /* file offset of that event, for messages */
	bool dropped;                /* event 170 */
	uint64_t group_id;           /* PktGroupId */
	uint16_t pkt_count, appearance, dir_tag, packet_type;
	uint16_t component, edge, filter;
	uint32_t drop_reason, drop_location;
	uint16_t original_size, logged_size;   /* as the event states them */
	const uint8_t *bytes;        /* the packet, inside the payload */
	uint32_t captured;           /* bytes there are at bytes: <= logged_size */
	uint32_t original;           /* the packet's length on the wire, >= captured */
	uint16_t link_type;          /* enum wst_link_type, after the plausibility check */
	enum wst_packet_direction direction;
	unsigned flaws;              /* enum wst_packet_flaw */
	size_t payload_len;          /* the event's payload length, for messages */
	unsigned fragments;          /* NDIS: fragments joined */
	uint32_t lower_if_index;     /* NDIS: LowerIfIndex */
};

/* True for PktMon's packet events (160, 170). */
bool wst_pktmon_is_packet(const struct wst_event *ev);

/* Decodes a 160 or 170 event. Never reads past the payload: a short one
 * gives the fields it holds (component 0xFFFF when cut before it). */
void wst_pktmon_decode_packet(const struct wst_event *ev, struct wst_packet *pkt);

/* One line per flaw, e.g. "payload shorter than its logged size: 20 of 52
 * bytes"; returns the text's length (0 when the flaw is not set). */
size_t wst_packet_flaw_text(const struct wst_packet *pkt, enum wst_packet_flaw flaw, char *out,
                            size_t outlen);

/* Event 20: a component's description. */
struct wst_pktmon_component_event {
	uint16_t id;
	uint16_t type;               /* PKTMON_COMPONENT_TYPE */
	char name[128];              /* driver file, e.g. "tcpip.sys" (UTF-8) */
	char description[256];       /* e.g. "Realtek PCIe GbE Family Controller" */
};

/* False when the payload does not hold the id and type. */
bool wst_pktmon_decode_component(const struct wst_event *ev, struct wst_pktmon_component_event *c);

/* Event 70 with property PhysAddress: the component's MAC address. */
bool wst_pktmon_decode_mac(const struct wst_event *ev, uint16_t *component, uint8_t mac[6]);

/* Names: "miniport", "ethernet", "rx", "INET_EndpointNotFound"; NULL when
 * the value has none. */
const char *wst_pktmon_component_type_name(uint16_t type);
const char *wst_pktmon_packet_type_name(uint16_t type);
const char *wst_pktmon_direction_name(uint16_t dir_tag);
const char *wst_pktmon_drop_reason_name(uint32_t reason);
const char *wst_link_type_name(uint16_t link_type);

#endif
