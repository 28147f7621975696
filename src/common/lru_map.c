#include <stdlib.h>

#include "wstrace/lru_map.h"

static uint32_t bucket_of(const struct wst_lru_map *m, uint64_t key)
{
	/* Kernel addresses differ in their low bits only by allocation
	 * alignment: a multiplicative hash spreads them over the buckets. */
	return (uint32_t)((key * 0x9e3779b97f4a7c15ull) >> 32) & m->bucket_mask;
}

bool wst_lru_init(struct wst_lru_map *m, uint32_t capacity)
{
	uint32_t buckets = 1;

	if (capacity == 0 || capacity > (1u << 30))
		return false;
	while (buckets < capacity * 2u)
		buckets <<= 1;
	m->nodes = calloc(capacity, sizeof *m->nodes);
	m->buckets = malloc(buckets * sizeof *m->buckets);
	if (!m->nodes || !m->buckets) {
		wst_lru_free(m);
		return false;
	}
	for (uint32_t i = 0; i < buckets; i++)
		m->buckets[i] = WST_LRU_NONE;
	for (uint32_t i = 0; i < capacity; i++)
		m->nodes[i].chain = i + 1 < capacity ? i + 1 : WST_LRU_NONE;
	m->capacity = capacity;
	m->used = 0;
	m->bucket_mask = buckets - 1;
	m->newest = m->oldest = WST_LRU_NONE;
	m->free_list = 0;
	return true;
}

void wst_lru_free(struct wst_lru_map *m)
{
	free(m->nodes);
	free(m->buckets);
	m->nodes = NULL;
	m->buckets = NULL;
}

static void unlink_age(struct wst_lru_map *m, uint32_t s)
{
	struct wst_lru_node *n = &m->nodes[s];

	if (n->newer != WST_LRU_NONE)
		m->nodes[n->newer].older = n->older;
	else
		m->newest = n->older;
	if (n->older != WST_LRU_NONE)
		m->nodes[n->older].newer = n->newer;
	else
		m->oldest = n->newer;
}

static void link_newest(struct wst_lru_map *m, uint32_t s)
{
	struct wst_lru_node *n = &m->nodes[s];

	n->newer = WST_LRU_NONE;
	n->older = m->newest;
	if (m->newest != WST_LRU_NONE)
		m->nodes[m->newest].newer = s;
	m->newest = s;
	if (m->oldest == WST_LRU_NONE)
		m->oldest = s;
}

static void unlink_bucket(struct wst_lru_map *m, uint32_t s)
{
	uint32_t *link = &m->buckets[bucket_of(m, m->nodes[s].key)];

	while (*link != s)
		link = &m->nodes[*link].chain;
	*link = m->nodes[s].chain;
}

uint32_t wst_lru_find(struct wst_lru_map *m, uint64_t key)
{
	for (uint32_t s = m->buckets[bucket_of(m, key)]; s != WST_LRU_NONE; s = m->nodes[s].chain) {
		if (m->nodes[s].key == key) {
			if (m->newest != s) {
				unlink_age(m, s);
				link_newest(m, s);
			}
			return s;
		}
	}
	return WST_LRU_NONE;
}

uint32_t wst_lru_insert(struct wst_lru_map *m, uint64_t key, bool *evicted, uint64_t *evicted_key)
{
	uint32_t s;

	*evicted = false;
	if (m->free_list != WST_LRU_NONE) {
		s = m->free_list;
		m->free_list = m->nodes[s].chain;
		m->used++;
	} else {
		s = m->oldest;
		*evicted = true;
		*evicted_key = m->nodes[s].key;
		unlink_age(m, s);
		unlink_bucket(m, s);
	}
	uint32_t b = bucket_of(m, key);
	m->nodes[s].key = key;
	m->nodes[s].chain = m->buckets[b];
	m->buckets[b] = s;
	link_newest(m, s);
	return s;
}

void wst_lru_remove(struct wst_lru_map *m, uint32_t s)
{
	unlink_age(m, s);
	unlink_bucket(m, s);
	m->nodes[s].chain = m->free_list;
	m->free_list = s;
	m->used--;
}
