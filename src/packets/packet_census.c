/*
 * The census of packet sources: a growing array of sources and an
 * open-addressing hash from (origin, id) to its place in the array.
 */
#include <stdlib.h>
#include <string.h>

#include "wstrace/ndis_capture.h"
#include "wstrace/packet_census.h"

void wst_packet_census_init(struct wst_packet_census *c)
{
	memset(c, 0, sizeof *c);
	wst_packet_feed_init(&c->feed);
}

void wst_packet_census_free(struct wst_packet_census *c)
{
	free(c->sources);
	free(c->slots);
	wst_packet_feed_free(&c->feed);
	memset(c, 0, sizeof *c);
}

static size_t slot_of(enum wst_packet_origin origin, uint32_t id, size_t nslots)
{
	uint64_t key = (uint64_t)origin << 32 | id;
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (nslots - 1);
}

static bool rehash(struct wst_packet_census *c, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < c->count; i++) {
		size_t s = slot_of(c->sources[i].origin, c->sources[i].id, nslots);
		while (slots[s])
			s = (s + 1) & (nslots - 1);
		slots[s] = (uint32_t)i + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->nslots = nslots;
	return true;
}

struct wst_packet_source *wst_packet_census_find(const struct wst_packet_census *c,
                                                 enum wst_packet_origin origin, uint32_t id)
{
	if (!c->nslots)
		return NULL;
	for (size_t s = slot_of(origin, id, c->nslots);; s = (s + 1) & (c->nslots - 1)) {
		uint32_t i = c->slots[s];
		if (!i)
			return NULL;
		if (c->sources[i - 1].id == id && c->sources[i - 1].origin == origin)
			return &c->sources[i - 1];
	}
}

static struct wst_packet_source *source_of(struct wst_packet_census *c,
                                           enum wst_packet_origin origin, uint32_t id,
                                           uint64_t offset)
{
	struct wst_packet_source *src = wst_packet_census_find(c, origin, id);
	if (src)
		return src;
	if (c->count == WST_CENSUS_MAX_SOURCES)
		return NULL;
	if (c->count == c->capacity) {
		size_t cap = c->capacity ? c->capacity * 2 : 64;
		struct wst_packet_source *grown = realloc(c->sources, cap * sizeof *grown);
		if (!grown) {
			c->out_of_memory = true;
			return NULL;
		}
		c->sources = grown;
		c->capacity = cap;
	}
	/* At most half full, so that probes stay short and always end. */
	if (2 * (c->count + 1) > c->nslots && !rehash(c, c->nslots ? c->nslots * 2 : 128)) {
		c->out_of_memory = true;
		return NULL;
	}
	src = &c->sources[c->count];
	memset(src, 0, sizeof *src);
	src->origin = origin;
	src->id = id;
	src->offset = offset;
	size_t s = slot_of(origin, id, c->nslots);
	while (c->slots[s])
		s = (s + 1) & (c->nslots - 1);
	c->slots[s] = (uint32_t)++c->count;
	return src;
}

enum wst_link_slot wst_link_slot_of(uint16_t link_type)
{
	switch (link_type) {
	case WST_LINK_ETHERNET: return WST_SLOT_ETHERNET;
	case WST_LINK_IEEE802_11: return WST_SLOT_IEEE802_11;
	case WST_LINK_RAW: return WST_SLOT_RAW;
	default: return WST_SLOT_USER0;
	}
}

uint16_t wst_link_type_of_slot(enum wst_link_slot slot)
{
	static const uint16_t types[WST_SLOT_COUNT] = { WST_LINK_ETHERNET, WST_LINK_IEEE802_11,
	                                                WST_LINK_RAW, WST_LINK_USER0 };
	return types[slot];
}

struct wst_packet_source *wst_packet_census_count(struct wst_packet_census *c,
                                                  const struct wst_packet *pkt)
{
	struct wst_packet_source *src = source_of(c, pkt->origin, pkt->source, pkt->offset);
	if (!src) {
		c->unsourced++;
		return NULL;
	}
	if (pkt->dropped) {
		src->dropped++;
		c->dropped++;
	} else {
		src->logged++;
		c->logged++;
	}
	if (pkt->origin == WST_ORIGIN_PKTMON)
		src->packet_types |= 1u << (pkt->packet_type < 31 ? pkt->packet_type : 31);
	src->links |= (uint8_t)(1u << wst_link_slot_of(pkt->link_type));
	return src;
}

static void count_ready(struct wst_packet_census *c)
{
	const struct wst_packet *pkt;
	while (wst_packet_feed_next(&c->feed, &pkt))
		wst_packet_census_count(c, pkt);
}

static void learn_pktmon(struct wst_packet_census *c, const struct wst_event *ev)
{
	struct wst_packet_source *src;

	if (ev->id == WST_PKTMON_COMPONENT) {
		struct wst_pktmon_component_event comp;
		if (wst_pktmon_decode_component(ev, &comp) &&
		    (src = source_of(c, WST_ORIGIN_PKTMON, comp.id, ev->file_offset))) {
			src->type = comp.type;
			src->described = true;
			src->offset = ev->file_offset;
			memcpy(src->name, comp.name, sizeof src->name);
			memcpy(src->description, comp.description, sizeof src->description);
		}
	} else if (ev->id == WST_PKTMON_PHYS_ADDRESS) {
		uint16_t id;
		uint8_t mac[6];
		if (wst_pktmon_decode_mac(ev, &id, mac) &&
		    (src = source_of(c, WST_ORIGIN_PKTMON, id, ev->file_offset))) {
			src->has_mac = true;
			memcpy(src->mac, mac, 6);
		}
	}
}

void wst_packet_census_event(struct wst_packet_census *c, const struct wst_event *ev)
{
	uint32_t miniport, lower, media;
	struct wst_packet_source *src;

	if (wst_packet_feed_event(&c->feed, ev)) {
		if (c->feed.out_of_memory)
			c->out_of_memory = true;
		count_ready(c);
	} else if (wst_guid_equal(&ev->provider, &wst_pktmon_provider_guid)) {
		learn_pktmon(c, ev);
	} else if (wst_ndis_decode_attached(ev, &miniport, &lower, &media) &&
	           (src = source_of(c, WST_ORIGIN_NDIS, miniport, ev->file_offset))) {
		src->described = true;
		src->offset = ev->file_offset;
		src->lower_if_index = lower;
		src->media_type = media;
	}
}

void wst_packet_census_finish(struct wst_packet_census *c)
{
	while (wst_packet_feed_flush(&c->feed))
		count_ready(c);
}

static int by_id(const void *a, const void *b)
{
	const struct wst_packet_source *x = a, *y = b;
	if (x->origin != y->origin)
		return x->origin < y->origin ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

void wst_packet_census_sort(struct wst_packet_census *c)
{
	if (c->count == 0)
		return;
	qsort(c->sources, c->count, sizeof *c->sources, by_id);
	if (c->nslots && !rehash(c, c->nslots)) {
		free(c->slots);
		c->slots = NULL;
		c->nslots = 0;
		c->out_of_memory = true;
	}
}
