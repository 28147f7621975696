/*
 * The owner of a packet: the socket, and so the process, whose addresses
 * it carries. The AFD events of the same capture (or of a capture given
 * beside it) are decoded and followed by an endpoint table as `parse` does;
 * each socket's local and remote address and port, its PID and its life
 * (create to close) are kept in a fixed-size index. A TCP or UDP packet
 * belongs to the socket alive at the packet's time whose local address is
 * one end of the packet and whose remote address the other; a socket with
 * no remote yet (a listener, an unconnected UDP socket) or bound to the
 * wildcard address matches on what it has, after the exact matches. The
 * index does not know a socket's protocol, so a TCP packet and a UDP
 * packet between the same ports find the same socket. The Kernel-Process
 * and lookup events beside them feed parse's process and name tables, which
 * name the owner's image and its socket's remote host.
 */
#ifndef WSTRACE_PACKET_OWNER_H
#define WSTRACE_PACKET_OWNER_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/event.h"
#include "wstrace/packet_flow.h"
#include "wstrace/record.h"

struct wst_packet_owners;

struct wst_packet_owner {
	uint32_t pid;
	uint64_t endpoint;
	/* NULL when not known; valid until the next event. */
	struct wst_names names;        /* image "curl.exe", host of the remote */
};

/* Sockets kept at once; the oldest is forgotten first. */
#define WST_OWNER_CAPACITY (1u << 16)

/* NULL when the memory cannot be had. */
struct wst_packet_owners *wst_packet_owners_new(void);
void wst_packet_owners_free(struct wst_packet_owners *o);

/* Learns from one event of AFD, Kernel-Process or the lookup providers;
 * other providers' events are ignored. */
void wst_packet_owners_event(struct wst_packet_owners *o, const struct wst_event *ev);

/* The owner of a packet at time (FILETIME); false when no socket matches. */
bool wst_packet_owner_of(struct wst_packet_owners *o, const struct wst_flow *flow,
                         uint64_t time, struct wst_packet_owner *owner);

/* AFD events seen, sockets indexed. */
uint64_t wst_packet_owners_afd_events(const struct wst_packet_owners *o);

#endif
