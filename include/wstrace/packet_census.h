/*
 * What a capture says about its packet sources: PktMon components (events
 * 20 and 70) and the packets each logged and dropped, with the link types
 * of those packets. `wstrace info` prints it; `wstrace pcap` builds it in a
 * first pass, because PktMon describes its components only when the
 * capture stops, after the packets, and pcapng wants each interface
 * described before its first packet.
 */
#ifndef WSTRACE_PACKET_CENSUS_H
#define WSTRACE_PACKET_CENSUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/event.h"
#include "wstrace/packets.h"

/* The link types a component's packets can have: one pcapng interface each. */
enum wst_link_slot { WST_SLOT_ETHERNET, WST_SLOT_IEEE802_11, WST_SLOT_RAW, WST_SLOT_USER0,
	             WST_SLOT_COUNT };

struct wst_packet_source {
	uint16_t id;                 /* the PktMon component id */
	uint16_t type;               /* PKTMON_COMPONENT_TYPE; 0 when not described */
	uint64_t offset;             /* file offset of its event 20, else of its first packet */
	bool described;              /* an event 20 named it */
	bool has_mac;
	uint8_t mac[6];
	char name[128];              /* driver file */
	char description[256];
	uint64_t logged, dropped;
	uint32_t packet_types;       /* bit n: PacketType n seen (bit 31: above 30) */
	uint8_t links;               /* bit per enum wst_link_slot seen */
	uint32_t interface[WST_SLOT_COUNT];   /* pcapng interface per link slot (pcap's use) */
	bool relabel_warned;                  /* pcap said once that its type is wrong */
};

/* Distinct components are at most 65536 per capture. */
#define WST_CENSUS_MAX_SOURCES 65536

struct wst_packet_census {
	struct wst_packet_source *sources;   /* in order of first appearance */
	size_t count, capacity;
	uint32_t *slots;                     /* hash: component id -> index + 1 */
	size_t nslots;
	uint64_t logged, dropped;
	bool out_of_memory;
};

void wst_packet_census_init(struct wst_packet_census *c);
void wst_packet_census_free(struct wst_packet_census *c);

/* Learns from one event; other providers' events are ignored. Returns the
 * packet's source for packet events (pkt decoded into *pkt when not NULL),
 * else NULL; NULL too when memory ran out (c->out_of_memory). */
struct wst_packet_source *wst_packet_census_event(struct wst_packet_census *c,
                                                  const struct wst_event *ev,
                                                  struct wst_packet *pkt);

/* The source of a component id, or NULL. */
struct wst_packet_source *wst_packet_census_find(const struct wst_packet_census *c, uint16_t id);

/* The sources sorted by id (for printing). */
void wst_packet_census_sort(struct wst_packet_census *c);

enum wst_link_slot wst_link_slot_of(uint16_t link_type);
uint16_t wst_link_type_of_slot(enum wst_link_slot slot);

#endif
