/*
 * The census of packet sources: a growing array of components and an
 * open-addressing hash from component id to its place in the array.
 */
#include <stdlib.h>
#include <string.h>

#include "wstrace/packet_census.h"

void wst_packet_census_init(struct wst_packet_census *c)
{
	memset(c, 0, sizeof *c);
}

void wst_packet_census_free(struct wst_packet_census *c)
{
	free(c->sources);
	free(c->slots);
	memset(c, 0, sizeof *c);
}

static size_t slot_of(uint16_t id, size_t nslots)
{
	return (size_t)(id * 2654435761u) & (nslots - 1);
}

static bool rehash(struct wst_packet_census *c, size_t nslots)
{
	uint32_t *slots = calloc(nslots, sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < c->count; i++) {
		size_t s = slot_of(c->sources[i].id, nslots);
		while (slots[s])
			s = (s + 1) & (nslots - 1);
		slots[s] = (uint32_t)i + 1;
	}
	free(c->slots);
	c->slots = slots;
	c->nslots = nslots;
	return true;
}

struct wst_packet_source *wst_packet_census_find(const struct wst_packet_census *c, uint16_t id)
{
	if (!c->nslots)
		return NULL;
	for (size_t s = slot_of(id, c->nslots);; s = (s + 1) & (c->nslots - 1)) {
		uint32_t i = c->slots[s];
		if (!i)
			return NULL;
		if (c->sources[i - 1].id == id)
			return &c->sources[i - 1];
	}
}

static struct wst_packet_source *source_of(struct wst_packet_census *c, uint16_t id,
                                           uint64_t offset)
{
	struct wst_packet_source *src = wst_packet_census_find(c, id);
	if (src)
		return src;
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
	src->id = id;
	src->offset = offset;
	size_t s = slot_of(id, c->nslots);
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

struct wst_packet_source *wst_packet_census_event(struct wst_packet_census *c,
                                                  const struct wst_event *ev,
                                                  struct wst_packet *pkt)
{
	struct wst_packet local;

	if (!wst_guid_equal(&ev->provider, &wst_pktmon_provider_guid))
		return NULL;
	if (wst_pktmon_is_packet(ev)) {
		if (!pkt)
			pkt = &local;
		wst_pktmon_decode_packet(ev, pkt);
		struct wst_packet_source *src = source_of(c, pkt->component, ev->file_offset);
		if (!src)
			return NULL;
		if (pkt->dropped) {
			src->dropped++;
			c->dropped++;
		} else {
			src->logged++;
			c->logged++;
		}
		src->packet_types |= 1u << (pkt->packet_type < 31 ? pkt->packet_type : 31);
		src->links |= (uint8_t)(1u << wst_link_slot_of(pkt->link_type));
		return src;
	}
	if (ev->id == WST_PKTMON_COMPONENT) {
		struct wst_pktmon_component_event comp;
		struct wst_packet_source *src;
		if (wst_pktmon_decode_component(ev, &comp) && (src = source_of(c, comp.id, ev->file_offset))) {
			src->type = comp.type;
			src->described = true;
			src->offset = ev->file_offset;
			memcpy(src->name, comp.name, sizeof src->name);
			memcpy(src->description, comp.description, sizeof src->description);
		}
	} else if (ev->id == WST_PKTMON_PHYS_ADDRESS) {
		uint16_t id;
		uint8_t mac[6];
		struct wst_packet_source *src;
		if (wst_pktmon_decode_mac(ev, &id, mac) && (src = source_of(c, id, ev->file_offset))) {
			src->has_mac = true;
			memcpy(src->mac, mac, 6);
		}
	}
	return NULL;
}

static int by_id(const void *a, const void *b)
{
	const struct wst_packet_source *x = a, *y = b;
	return (int)x->id - (int)y->id;
}

void wst_packet_census_sort(struct wst_packet_census *c)
{
	qsort(c->sources, c->count, sizeof *c->sources, by_id);
	if (c->nslots && !rehash(c, c->nslots)) {
		free(c->slots);
		c->slots = NULL;
		c->nslots = 0;
		c->out_of_memory = true;
	}
}
