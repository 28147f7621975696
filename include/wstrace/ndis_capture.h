/*
 * Microsoft-Windows-NDIS-PacketCapture {2ed6006e-4729-4609-b423-3ee7bcd678ef}
 * (netsh trace capture=yes), as its manifest describes
 * (docs/packets.md): event 1001 "Packet Fragment"
 * (MiniportIfIndex, LowerIfIndex, FragmentSize, Fragment, ...), 1003 the
 * same from a VM switch with port and NIC names before the fragment. The
 * event's keywords say the rest: PacketStart 0x40000000 and PacketEnd
 * 0x80000000 mark a packet's first and last fragment, the medium is
 * Ethernet802.3 0x1, Native802.11 0x10000 or WirelessWAN 0x200 (raw IP),
 * SendPath 0x100000000 and ReceivePath 0x200000000 the direction, and
 * PacketTruncated 0x2000000 a packet cut by the capture.
 *
 * The assembler joins the fragments of each packet. A packet's fragments
 * are logged by one call on one processor, one after the other, so the
 * packet in progress is kept per processor; what does not join (a fragment
 * without a first, a packet whose last never came) is still handed out,
 * flagged. Memory is fixed: at most WST_NDIS_ASSEMBLIES packets in
 * progress, each at most 65535 bytes.
 */
#ifndef WSTRACE_NDIS_CAPTURE_H
#define WSTRACE_NDIS_CAPTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/event.h"
#include "wstrace/packets.h"

extern const struct wst_guid wst_ndis_capture_provider_guid;

enum {
	WST_NDIS_FRAGMENT = 1001,
	WST_NDIS_VMSWITCH_FRAGMENT = 1003,
	WST_NDIS_ATTACHED = 1014,        /* miniport %1 above layer %2, media type %3 */
};

#define WST_NDIS_KW_ETHERNET 0x1ull
#define WST_NDIS_KW_WIRELESS_WAN 0x200ull
#define WST_NDIS_KW_NATIVE_802_11 0x10000ull
#define WST_NDIS_KW_TRUNCATED 0x2000000ull
#define WST_NDIS_KW_PACKET_START 0x40000000ull
#define WST_NDIS_KW_PACKET_END 0x80000000ull
#define WST_NDIS_KW_SEND 0x100000000ull
#define WST_NDIS_KW_RECEIVE 0x200000000ull

#define WST_NDIS_ASSEMBLIES 64
#define WST_NDIS_MAX_PACKET 65535

bool wst_ndis_is_fragment(const struct wst_event *ev);

struct wst_ndis_assembly {
	bool used;
	uint16_t cpu;
	uint64_t last_use;
	struct wst_packet pkt;       /* bytes point at data */
	uint8_t data[WST_NDIS_MAX_PACKET];
};

struct wst_ndis_assembler {
	struct wst_ndis_assembly slots[WST_NDIS_ASSEMBLIES];
	uint64_t uses;
	/* Packets ready to be taken: at most two per fragment (an unfinished
	 * packet the fragment ends, and the fragment's own). */
	struct wst_ndis_assembly ready[2];
	unsigned nready, taken;
};

void wst_ndis_assembler_init(struct wst_ndis_assembler *a);

/* Adds one fragment event; then take the packets it completed. */
void wst_ndis_feed(struct wst_ndis_assembler *a, const struct wst_event *ev);

/* At the end of the input: the packets still in progress become ready
 * (incomplete), one feed's worth at a time; false when none is left. */
bool wst_ndis_flush_one(struct wst_ndis_assembler *a);

/* The next ready packet, valid until the next feed or flush; false when none. */
bool wst_ndis_take(struct wst_ndis_assembler *a, const struct wst_packet **pkt);

/* Event 1014: a miniport's LowerIfIndex and media type. */
bool wst_ndis_decode_attached(const struct wst_event *ev, uint32_t *miniport, uint32_t *lower,
                              uint32_t *media);

#endif
