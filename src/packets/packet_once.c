/* One appearance of each packet; see wstrace/packet_once.h. */
#include <string.h>

#include "wstrace/fnv1a.h"
#include "wstrace/packet_flow.h"
#include "wstrace/packet_once.h"

void wst_packet_once_init(struct wst_packet_once *o)
{
	memset(o, 0, sizeof *o);
}

/* What makes two appearances the same packet. An IP packet is the same
 * under an Ethernet or an 802.11 header, and cut to another length by the
 * longer header: its IP header (addresses, id, length, checksum) and the
 * first 8 bytes after it (ports, TCP sequence number or UDP length and
 * checksum) stand for it. Other packets: the link type, the lengths and
 * all the bytes. */
static uint64_t content_key(const struct wst_packet *pkt)
{
	uint64_t h = WST_FNV1A_START;
	struct wst_flow flow;

	if (wst_flow_of_packet(pkt, &flow)) {
		const uint8_t *ip = pkt->bytes + flow.ip_offset;
		uint32_t n = pkt->captured - flow.ip_offset;
		uint32_t header = (ip[0] >> 4) == 4 ? (uint32_t)(ip[0] & 0x0F) * 4 : 40;
		uint32_t key = header + 8;
		uint8_t tag = 0xFF;
		h = wst_fnv1a(h, &tag, 1);
		return wst_fnv1a(h, ip, n < key ? n : key);
	}
	uint8_t head[6] = { (uint8_t)pkt->link_type, (uint8_t)(pkt->link_type >> 8),
	                    (uint8_t)pkt->original, (uint8_t)(pkt->original >> 8),
	                    (uint8_t)pkt->captured, (uint8_t)(pkt->captured >> 8) };
	h = wst_fnv1a(h, head, sizeof head);
	return wst_fnv1a(h, pkt->bytes, pkt->captured);
}

bool wst_packet_once_seen(struct wst_packet_once *o, uint32_t file, uint64_t time,
                          const struct wst_packet *pkt)
{
	bool grouped = pkt->appearance != 0;
	uint64_t key = grouped ? pkt->group_id ^ (uint64_t)pkt->pkt_count << 48 : content_key(pkt);

	for (size_t i = 0; i < o->used; i++) {
		const struct wst_once_entry *e = &o->recent[i];
		if (e->key != key || e->file != file || e->grouped != grouped)
			continue;
		if (grouped || (time >= e->time && time - e->time < WST_ONCE_WINDOW))
			return true;
	}
	struct wst_once_entry *slot = &o->recent[o->next];
	slot->key = key;
	slot->time = time;
	slot->file = file;
	slot->grouped = grouped;
	o->next = (o->next + 1) % WST_ONCE_RECENT;
	if (o->used < WST_ONCE_RECENT)
		o->used++;
	return false;
}

