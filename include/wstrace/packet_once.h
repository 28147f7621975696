/*
 * --once: one appearance of each packet. PktMon logs a packet once per
 * component it passes. Where the capture numbers the appearances
 * (AppearanceCount 1, 2, ... under one PktGroupId, as Windows Server 2022
 * does), the first appearance of a group is kept. Where it does not
 * (AppearanceCount 0 and a new PktGroupId each time, as Windows 11 build
 * 26200 does), an appearance is a packet with the same content as one seen
 * less than 1 ms before: for an IP packet its IP header and the 8 bytes
 * after it, whatever its link header (an 802.11 frame and the Ethernet
 * frame it becomes are one packet); else the link type, lengths and all
 * bytes.
 * Memory is a fixed ring of recent packets.
 */
#ifndef WSTRACE_PACKET_ONCE_H
#define WSTRACE_PACKET_ONCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/packets.h"

#define WST_ONCE_RECENT 256
/* 1 ms in FILETIME ticks: the appearances of one packet are microseconds apart. */
#define WST_ONCE_WINDOW 10000

struct wst_once_entry {
	uint64_t key;
	uint64_t time;
	uint32_t file;
	bool grouped;
};

struct wst_packet_once {
	struct wst_once_entry recent[WST_ONCE_RECENT];
	size_t next;
	size_t used;
};

void wst_packet_once_init(struct wst_packet_once *o);

/* True when the packet is a further appearance of one seen before. */
bool wst_packet_once_seen(struct wst_packet_once *o, uint32_t file, uint64_t time,
                          const struct wst_packet *pkt);

#endif
