/*
 * NDIS-PacketCapture fragments joined into packets; see
 * wstrace/ndis_capture.h. Every read goes through the cursor.
 */
#include <string.h>

#include "wstrace/cursor.h"
#include "wstrace/ndis_capture.h"

/* {2ed6006e-4729-4609-b423-3ee7bcd678ef} */
const struct wst_guid wst_ndis_capture_provider_guid = {
	0x2ed6006e, 0x4729, 0x4609, { 0xb4, 0x23, 0x3e, 0xe7, 0xbc, 0xd6, 0x78, 0xef }
};

#define NO_INTERFACE 0xFFFFFFFFu

bool wst_ndis_is_fragment(const struct wst_event *ev)
{
	return (ev->id == WST_NDIS_FRAGMENT || ev->id == WST_NDIS_VMSWITCH_FRAGMENT) &&
	       wst_guid_equal(&ev->provider, &wst_ndis_capture_provider_guid);
}

void wst_ndis_assembler_init(struct wst_ndis_assembler *a)
{
	for (unsigned i = 0; i < WST_NDIS_ASSEMBLIES; i++)
		a->slots[i].used = false;
	a->uses = 0;
	a->nready = a->taken = 0;
}

struct fragment {
	uint32_t miniport, lower;
	const uint8_t *bytes;
	uint32_t len;                /* bytes there are */
	uint32_t missing;            /* FragmentSize beyond the payload */
	bool cut;                    /* the payload ends before the fragment */
};

static void skip_utf16(struct wst_cursor *c)
{
	uint16_t ch;
	while (wst_get_le16(c, &ch) && ch != 0)
		;
}

static void decode_fragment(const struct wst_event *ev, struct fragment *f)
{
	struct wst_cursor c = wst_cursor_make(ev->user_data, ev->user_len);
	uint32_t size = 0;

	memset(f, 0, sizeof *f);
	f->miniport = NO_INTERFACE;
	f->bytes = ev->user_data;
	if (!wst_get_le32(&c, &f->miniport) || !wst_get_le32(&c, &f->lower)) {
		f->cut = true;
		return;
	}
	if (ev->id == WST_NDIS_VMSWITCH_FRAGMENT) {
		/* SourcePortId, three names, then DestinationCount 8-byte entries. */
		uint32_t port, count;
		if (wst_get_le32(&c, &port)) {
			skip_utf16(&c);
			skip_utf16(&c);
			skip_utf16(&c);
		}
		if (!wst_get_le32(&c, &count) || count > wst_cursor_left(&c) / 8 ||
		    !wst_cursor_skip(&c, (size_t)count * 8)) {
			f->cut = true;
			return;
		}
	}
	if (!wst_get_le32(&c, &size)) {
		f->cut = true;
		return;
	}
	size_t left = wst_cursor_left(&c);
	f->bytes = c.p;
	f->len = size <= left ? size : (uint32_t)left;
	f->missing = size - f->len;
}

static uint16_t link_of_keyword(uint64_t kw)
{
	if (kw & WST_NDIS_KW_NATIVE_802_11)
		return WST_LINK_IEEE802_11;
	if (kw & WST_NDIS_KW_WIRELESS_WAN)
		return WST_LINK_RAW;
	return WST_LINK_ETHERNET;
}

static void start_packet(struct wst_packet *pkt, const struct wst_event *ev, const struct fragment *f)
{
	memset(pkt, 0, sizeof *pkt);
	pkt->origin = WST_ORIGIN_NDIS;
	pkt->source = f->miniport;
	pkt->lower_if_index = f->lower;
	pkt->event_id = ev->id;
	pkt->time = ev->timestamp;
	pkt->offset = ev->file_offset;
	pkt->payload_len = ev->user_len;
	pkt->link_type = link_of_keyword(ev->keyword);
	if (ev->keyword & WST_NDIS_KW_SEND)
		pkt->direction = WST_DIR_OUTBOUND;
	else if (ev->keyword & WST_NDIS_KW_RECEIVE)
		pkt->direction = WST_DIR_INBOUND;
	if (ev->keyword & WST_NDIS_KW_TRUNCATED)
		pkt->flaws |= WST_PKT_TRUNCATED;
}

/* Flaws of one fragment, on the packet it belongs to. */
static void note_fragment(struct wst_packet *pkt, const struct wst_event *ev, const struct fragment *f)
{
	pkt->fragments++;
	pkt->event_id = ev->id;
	if (f->cut) {
		pkt->flaws |= WST_PKT_SHORT_HEADER;
		pkt->payload_len = ev->user_len;
		pkt->offset = ev->file_offset;
	}
	if (f->missing) {
		pkt->flaws |= WST_PKT_SHORT_PAYLOAD;
		pkt->logged_size = (uint16_t)(pkt->logged_size + (f->missing > 0xFFFF ? 0xFFFF : f->missing));
		pkt->offset = ev->file_offset;
	}
}

static void make_ready(struct wst_ndis_assembler *a, struct wst_ndis_assembly *slot, bool complete)
{
	struct wst_ndis_assembly *r = &a->ready[a->nready++];
	r->pkt = slot->pkt;
	if (!complete)
		r->pkt.flaws |= WST_PKT_INCOMPLETE;
	memcpy(r->data, slot->data, slot->pkt.captured);
	r->pkt.bytes = r->data;
	r->pkt.original = r->pkt.captured;
	slot->used = false;
}

static struct wst_ndis_assembly *slot_of(struct wst_ndis_assembler *a, uint16_t cpu)
{
	for (unsigned i = 0; i < WST_NDIS_ASSEMBLIES; i++)
		if (a->slots[i].used && a->slots[i].cpu == cpu)
			return &a->slots[i];
	return NULL;
}

/* A free slot, making the least recently used one ready when all are taken. */
static struct wst_ndis_assembly *new_slot(struct wst_ndis_assembler *a, uint16_t cpu)
{
	struct wst_ndis_assembly *oldest = &a->slots[0];
	for (unsigned i = 0; i < WST_NDIS_ASSEMBLIES; i++) {
		if (!a->slots[i].used) {
			oldest = &a->slots[i];
			break;
		}
		if (a->slots[i].last_use < oldest->last_use)
			oldest = &a->slots[i];
	}
	if (oldest->used)
		make_ready(a, oldest, false);
	oldest->used = true;
	oldest->cpu = cpu;
	return oldest;
}

static void append(struct wst_ndis_assembly *slot, const struct fragment *f)
{
	struct wst_packet *pkt = &slot->pkt;
	uint32_t room = WST_NDIS_MAX_PACKET - pkt->captured;
	uint32_t n = f->len <= room ? f->len : room;

	if (n < f->len)
		pkt->flaws |= WST_PKT_TOO_LONG;
	memcpy(slot->data + pkt->captured, f->bytes, n);
	pkt->captured += n;
	pkt->bytes = slot->data;
}

void wst_ndis_feed(struct wst_ndis_assembler *a, const struct wst_event *ev)
{
	struct fragment f;
	bool start = ev->keyword & WST_NDIS_KW_PACKET_START;
	bool end = ev->keyword & WST_NDIS_KW_PACKET_END;
	struct wst_ndis_assembly *slot = slot_of(a, ev->cpu);

	a->nready = a->taken = 0;
	decode_fragment(ev, &f);
	if (start && slot) {
		make_ready(a, slot, false);
		slot = NULL;
	}
	/* The common case, a packet in one fragment: its bytes stay in the
	 * payload, no copy. */
	if (start && end && !slot) {
		struct wst_ndis_assembly *r = &a->ready[a->nready++];
		start_packet(&r->pkt, ev, &f);
		note_fragment(&r->pkt, ev, &f);
		r->pkt.bytes = f.bytes;
		r->pkt.captured = f.len;
		r->pkt.original = f.len;
		return;
	}
	if (!slot) {
		slot = new_slot(a, ev->cpu);
		start_packet(&slot->pkt, ev, &f);
		slot->pkt.bytes = slot->data;
		if (!start)
			slot->pkt.flaws |= WST_PKT_NO_START;
	}
	slot->last_use = ++a->uses;
	note_fragment(&slot->pkt, ev, &f);
	append(slot, &f);
	if (end)
		make_ready(a, slot, true);
}

bool wst_ndis_flush_one(struct wst_ndis_assembler *a)
{
	a->nready = a->taken = 0;
	for (unsigned i = 0; i < WST_NDIS_ASSEMBLIES; i++) {
		if (a->slots[i].used) {
			make_ready(a, &a->slots[i], false);
			return true;
		}
	}
	return false;
}

bool wst_ndis_take(struct wst_ndis_assembler *a, const struct wst_packet **pkt)
{
	if (a->taken == a->nready)
		return false;
	*pkt = &a->ready[a->taken++].pkt;
	return true;
}

bool wst_ndis_decode_attached(const struct wst_event *ev, uint32_t *miniport, uint32_t *lower,
                              uint32_t *media)
{
	struct wst_cursor c = wst_cursor_make(ev->user_data, ev->user_len);

	return ev->id == WST_NDIS_ATTACHED &&
	       wst_guid_equal(&ev->provider, &wst_ndis_capture_provider_guid) &&
	       wst_get_le32(&c, miniport) && wst_get_le32(&c, lower) && wst_get_le32(&c, media);
}
