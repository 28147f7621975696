/*
 * libFuzzer harness for the packet decoders and the pcapng writer: the
 * first byte picks the event (bits 0-2: 0 PktMon 160 logged, 1 170
 * dropped, 2 20 component, 3 70 property, 4 NDIS-PacketCapture 1001
 * fragment, 5 1003 VM switch fragment, 6 1014 attach; bits 3-7 the NDIS
 * keywords PacketStart, PacketEnd, Send, Native802.11, and processor 1),
 * the rest is its payload. The packet is decoded, counted by a census kept
 * across inputs (NDIS fragments joined by it), and written as a pcapng
 * block into memory, which is then read back.
 *
 * Invariants: the packet's bytes lie inside the payload and are no more
 * than its logged size; the original length covers them; each flaw holds
 * exactly when its condition does; flaw texts are one printable line;
 * component strings are valid UTF-8; the block's two lengths agree with the
 * bytes written and its captured length with the packet.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "wstrace/cursor.h"
#include "wstrace/ndis_capture.h"
#include "wstrace/packet_feed.h"
#include "wstrace/packet_census.h"
#include "wstrace/packets.h"
#include "wstrace/pcapng.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t event_ids[8] = { WST_PKTMON_PACKET_LOGGED, WST_PKTMON_PACKET_DROPPED,
	                               WST_PKTMON_COMPONENT, WST_PKTMON_PHYS_ADDRESS,
	                               WST_NDIS_FRAGMENT, WST_NDIS_VMSWITCH_FRAGMENT,
	                               WST_NDIS_ATTACHED, WST_PKTMON_PACKET_LOGGED };

static void check_block(const struct wst_packet *pkt);

/* An NDIS packet: joined bytes within the 65535 the assembler holds. */
static void check_ndis(struct wst_packet_feed *feed)
{
	const struct wst_packet *pkt;
	while (wst_packet_feed_next(feed, &pkt)) {
		FUZZ_CHECK(pkt->origin == WST_ORIGIN_NDIS, "not an NDIS packet");
		FUZZ_CHECK(pkt->captured <= WST_NDIS_MAX_PACKET && pkt->original == pkt->captured,
		           "NDIS packet of %u bytes", (unsigned)pkt->captured);
		FUZZ_CHECK(pkt->fragments >= 1, "packet without fragments");
		check_block(pkt);
	}
}

static void check_packet(const struct wst_event *ev, const struct wst_packet *pkt)
{
	const uint8_t *lo = ev->user_data, *hi = ev->user_data + ev->user_len;
	bool short_header = ev->user_len < WST_PKTMON_PACKET_HEADER;
	size_t left = short_header ? 0 : ev->user_len - WST_PKTMON_PACKET_HEADER;

	FUZZ_CHECK(pkt->bytes >= lo && pkt->bytes <= hi && pkt->captured <= (size_t)(hi - pkt->bytes),
	           "packet bytes outside the payload");
	FUZZ_CHECK(pkt->captured <= pkt->logged_size && pkt->captured <= left, "captured %u",
	           (unsigned)pkt->captured);
	FUZZ_CHECK(pkt->original >= pkt->captured, "original %u < captured %u",
	           (unsigned)pkt->original, (unsigned)pkt->captured);
	FUZZ_CHECK(!!(pkt->flaws & WST_PKT_SHORT_HEADER) == short_header, "short header flag");
	if (!short_header) {
		FUZZ_CHECK(!!(pkt->flaws & WST_PKT_SHORT_PAYLOAD) == (left < pkt->logged_size),
		           "short payload flag");
		FUZZ_CHECK(!!(pkt->flaws & WST_PKT_SURPLUS) == (left > pkt->logged_size), "surplus flag");
	}
	FUZZ_CHECK(pkt->link_type == WST_LINK_ETHERNET || pkt->link_type == WST_LINK_RAW ||
	           pkt->link_type == WST_LINK_IEEE802_11 || pkt->link_type == WST_LINK_USER0,
	           "link type %u", (unsigned)pkt->link_type);
	for (unsigned i = 0; i < WST_PKT_FLAW_COUNT; i++) {
		char text[256];
		enum wst_packet_flaw flaw = (enum wst_packet_flaw)(1u << i);
		size_t n = wst_packet_flaw_text(pkt, flaw, text, sizeof text);
		FUZZ_CHECK((n > 0) == !!(pkt->flaws & flaw), "flaw %u text", i);
		if (n)
			fuzz_check_message("flaw text", text);
	}
}

/* One EPB into memory, then its lengths read back. */
static void check_block(const struct wst_packet *pkt)
{
	static struct wst_out out;
	char *mem = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&mem, &len);
	if (!fp)
		return;
	wst_out_init(&out, fp, false);
	struct wst_pcapng_packet epb = {
		.timestamp = 1, .data = pkt->bytes, .captured = pkt->captured,
		.original = pkt->original, .flags = pkt->direction, .ncomments = 1,
		.comments = { "a comment" },
	};
	int rc = wst_pcapng_packet(&out, &epb);
	wst_out_flush(&out);
	fclose(fp);
	FUZZ_CHECK(rc == 0, "block refused");
	FUZZ_CHECK(len >= 12 && len % 4 == 0, "block of %zu bytes", len);
	const uint8_t *b = (const uint8_t *)mem;
	FUZZ_CHECK(wst_le32(b + 4) == len && wst_le32(b + len - 4) == len, "block lengths");
	FUZZ_CHECK(wst_le32(b + 20) == pkt->captured && wst_le32(b + 24) == pkt->original,
	           "block captured/original");
	FUZZ_CHECK(pkt->captured == 0 || memcmp(b + 28, pkt->bytes, pkt->captured) == 0,
	           "block data differs");
	free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct wst_packet_census census;
	static unsigned runs;
	struct wst_event ev;

	if (size < 1)
		return 0;
	memset(&ev, 0, sizeof ev);
	unsigned pick = data[0] & 7;
	ev.provider = pick >= 4 && pick <= 6 ? wst_ndis_capture_provider_guid : wst_pktmon_provider_guid;
	ev.id = event_ids[pick];
	ev.keyword = (data[0] & 0x08 ? WST_NDIS_KW_PACKET_START : 0) |
	             (data[0] & 0x10 ? WST_NDIS_KW_PACKET_END : 0) |
	             (data[0] & 0x20 ? WST_NDIS_KW_SEND : 0) |
	             (data[0] & 0x40 ? WST_NDIS_KW_NATIVE_802_11 : 0);
	ev.cpu = data[0] >> 7;
	ev.pointer_size = 8;
	/* A copy of exactly the payload, so that ASan sees a read past it. */
	uint8_t *payload = malloc(size - 1 ? size - 1 : 1);
	if (!payload)
		return 0;
	memcpy(payload, data + 1, size - 1);
	ev.user_data = payload;
	ev.user_len = size - 1;

	if (runs++ % 4096 == 0) {
		wst_packet_census_finish(&census);
		wst_packet_census_free(&census);
		wst_packet_census_init(&census);
	}
	struct wst_packet pkt;
	/* The census counts the packets it completes; a feed of our own shows
	 * them (a zeroed feed is an initialised one). */
	static struct wst_packet_feed feed;
	if (wst_packet_feed_event(&feed, &ev) && wst_ndis_is_fragment(&ev))
		check_ndis(&feed);
	if (runs % 4096 == 0)
		while (wst_packet_feed_flush(&feed))
			check_ndis(&feed);
	wst_packet_census_event(&census, &ev);
	if (wst_pktmon_is_packet(&ev)) {
		wst_pktmon_decode_packet(&ev, &pkt);
		FUZZ_CHECK(wst_packet_census_find(&census, WST_ORIGIN_PKTMON, pkt.component),
		           "packet without its source");
		check_packet(&ev, &pkt);
		check_block(&pkt);
	} else if (ev.id == WST_PKTMON_COMPONENT) {
		struct wst_pktmon_component_event comp;
		if (wst_pktmon_decode_component(&ev, &comp)) {
			FUZZ_CHECK(fuzz_utf8_valid(comp.name) && fuzz_utf8_valid(comp.description),
			           "component strings not UTF-8");
			FUZZ_CHECK(wst_packet_census_find(&census, WST_ORIGIN_PKTMON, comp.id),
			           "component not counted");
		} else {
			FUZZ_CHECK(ev.user_len < 4, "component of %zu bytes refused", ev.user_len);
		}
	}
	free(payload);
	return 0;
}
