/*
 * The addresses of a packet: its IPv4 or IPv6 header and, for TCP and UDP,
 * the ports, found under an Ethernet header (with up to two VLAN tags), an
 * 802.11 data frame's LLC/SNAP header, or none (raw IP). Bounds-checked:
 * a packet cut by the capture gives what its bytes hold.
 */
#ifndef WSTRACE_PACKET_FLOW_H
#define WSTRACE_PACKET_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/packets.h"
#include "wstrace/record.h"

struct wst_flow {
	uint32_t ip_offset;          /* where the IP header starts in the packet's bytes */
	uint8_t protocol;            /* IPPROTO_TCP 6, IPPROTO_UDP 17, or another */
	bool has_ports;              /* TCP or UDP with its ports in the bytes */
	struct wst_sockaddr src, dst;   /* family NONE when there is no IP header */
};

/* False when the packet holds no IP header wstrace can read. */
bool wst_flow_of_packet(const struct wst_packet *pkt, struct wst_flow *flow);

#endif
