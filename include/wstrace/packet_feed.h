/*
 * Events in, packets out, whichever provider logged them: a PktMon packet
 * event is one packet; NDIS-PacketCapture fragments are joined first
 * (wstrace/ndis_capture.h). One feed per capture file.
 */
#ifndef WSTRACE_PACKET_FEED_H
#define WSTRACE_PACKET_FEED_H

#include <stdbool.h>

#include "wstrace/ndis_capture.h"
#include "wstrace/packets.h"

struct wst_packet_feed {
	struct wst_ndis_assembler *ndis;   /* allocated at the first fragment */
	struct wst_packet pktmon;
	bool pktmon_ready;
	bool out_of_memory;                /* fragments could not be joined */
};

void wst_packet_feed_init(struct wst_packet_feed *f);
void wst_packet_feed_free(struct wst_packet_feed *f);

/* True when the event is a packet event (PktMon 160/170, NDIS 1001/1003);
 * its packets, if it completed any, are then taken with next. */
bool wst_packet_feed_event(struct wst_packet_feed *f, const struct wst_event *ev);

/* The next packet ready, valid until the next call on the feed. */
bool wst_packet_feed_next(struct wst_packet_feed *f, const struct wst_packet **pkt);

/* At the end of the input: makes the next packet still in progress ready
 * (flagged incomplete); false when there is none. */
bool wst_packet_feed_flush(struct wst_packet_feed *f);

#endif
