/*
 * What a capture says about its packet sources: PktMon components (events
 * 20 and 70) and NDIS-PacketCapture miniports (event 1014), with the
 * packets each logged and dropped and their link types. `wstrace info`
 * prints it; `wstrace pcap` builds it in a first pass, because PktMon
 * describes its components only when the capture stops, after the packets,
 * and pcapng wants each interface described before its first packet.
 */
#ifndef WSTRACE_PACKET_CENSUS_H
#define WSTRACE_PACKET_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/event.h"
#include "wstrace/packet_feed.h"
#include "wstrace/packets.h"

/* The link types a source's packets can have: one pcapng interface each. */
enum wst_link_slot { WST_SLOT_ETHERNET, WST_SLOT_IEEE802_11, WST_SLOT_RAW, WST_SLOT_USER0,
	             WST_SLOT_COUNT };

struct wst_packet_source {
	enum wst_packet_origin origin;
	uint32_t id;                 /* PktMon component id, or NDIS MiniportIfIndex */
	uint16_t type;               /* PKTMON_COMPONENT_TYPE; 0 when not described */
	uint64_t offset;             /* file offset of its description, else of its first packet */
	bool described;              /* an event 20 (PktMon) or 1014 (NDIS) named it */
	bool has_mac;
	uint8_t mac[6];
	uint32_t lower_if_index, media_type;   /* NDIS, from event 1014 */
	char name[128];              /* driver file */
	char description[256];
	uint64_t logged, dropped;
	uint32_t packet_types;       /* bit n: PacketType n seen (bit 31: above 30) */
	uint8_t links;               /* bit per enum wst_link_slot seen */
	uint32_t interface[WST_SLOT_COUNT];   /* pcapng interface per link slot (pcap's use) */
	bool relabel_warned;                  /* pcap said once that its type is wrong */
};

/* Distinct sources kept per capture; packets of further ones are counted
 * in `unsourced` (a hostile NDIS capture could name 2^32 miniports). */
#define WST_CENSUS_MAX_SOURCES (1u << 17)

struct wst_packet_census {
	struct wst_packet_source *sources;   /* in order of first appearance, until sorted */
	size_t count, capacity;
	uint32_t *slots;                     /* hash: (origin, id) -> index + 1 */
	size_t nslots;
	uint64_t logged, dropped, unsourced;
	bool out_of_memory;
	struct wst_packet_feed feed;
};

void wst_packet_census_init(struct wst_packet_census *c);
void wst_packet_census_free(struct wst_packet_census *c);

/* Learns from one event: descriptions, and the packets it completes;
 * other providers' events are ignored. */
void wst_packet_census_event(struct wst_packet_census *c, const struct wst_event *ev);

/* At the end of the input: counts the packets still being joined. */
void wst_packet_census_finish(struct wst_packet_census *c);

/* Counts one packet; returns its source (NULL when there is no room). */
struct wst_packet_source *wst_packet_census_count(struct wst_packet_census *c,
                                                  const struct wst_packet *pkt);

/* The source of a packet's origin and id, or NULL. */
struct wst_packet_source *wst_packet_census_find(const struct wst_packet_census *c,
                                                 enum wst_packet_origin origin, uint32_t id);

/* The sources sorted by origin and id (for printing and numbering). */
void wst_packet_census_sort(struct wst_packet_census *c);

enum wst_link_slot wst_link_slot_of(uint16_t link_type);
uint16_t wst_link_type_of_slot(enum wst_link_slot slot);

#endif
