/* One appearance of each packet; see wstrace/packet_once.h. */
#include <string.h>

#include "wstrace/packet_once.h"

void wst_packet_once_init(struct wst_packet_once *o)
{
	memset(o, 0, sizeof *o);
}

/* FNV-1a over what makes two appearances the same packet. */
static uint64_t content_key(const struct wst_packet *pkt)
{
	uint64_t h = 0xcbf29ce484222325ull;
	uint8_t head[6] = { (uint8_t)pkt->link_type, (uint8_t)(pkt->link_type >> 8),
	                    (uint8_t)pkt->original, (uint8_t)(pkt->original >> 8),
	                    (uint8_t)pkt->captured, (uint8_t)(pkt->captured >> 8) };

	for (size_t i = 0; i < sizeof head; i++)
		h = (h ^ head[i]) * 0x100000001b3ull;
	for (uint32_t i = 0; i < pkt->captured; i++)
		h = (h ^ pkt->bytes[i]) * 0x100000001b3ull;
	return h;
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

