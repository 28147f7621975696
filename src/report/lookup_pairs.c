/* Lookup requests waiting for their answers (lookup_pairs.h). */
#include <stdlib.h>
#include <string.h>

#include "lookup_pairs.h"
#include "wstrace/fnv1a.h"

bool wst_lookup_pairs_init(struct wst_lookup_pairs *p, uint32_t capacity)
{
	memset(p, 0, sizeof *p);
	p->pending = calloc(capacity, sizeof *p->pending);
	return p->pending && wst_lru_init(&p->map, capacity);
}

void wst_lookup_pairs_free(struct wst_lookup_pairs *p)
{
	wst_lru_free(&p->map);
	free(p->pending);
	p->pending = NULL;
}

/* The map's key: FNV-1a over the whole key, compared in full on a hit. */
static uint64_t key_hash(const struct wst_lookup_key *k)
{
	return wst_fnv1a(WST_FNV1A_START, k, sizeof *k);
}

void wst_lookup_pairs_request(struct wst_lookup_pairs *p, const struct wst_lookup_key *k, uint64_t ts)
{
	uint64_t hash = key_hash(k), old;
	uint32_t slot = wst_lru_find(&p->map, hash);
	bool evicted = false;

	if (slot == WST_LRU_NONE) {
		slot = wst_lru_insert(&p->map, hash, &evicted, &old);
		if (evicted)
			p->evicted++;
	}
	p->pending[slot].key = *k;
	p->pending[slot].started = ts;
}

bool wst_lookup_pairs_answer(struct wst_lookup_pairs *p, const struct wst_lookup_key *k,
                             uint64_t *started)
{
	uint32_t slot = wst_lru_find(&p->map, key_hash(k));

	if (slot == WST_LRU_NONE || memcmp(&p->pending[slot].key, k, sizeof *k) != 0)
		return false;
	*started = p->pending[slot].started;
	wst_lru_remove(&p->map, slot);
	return true;
}
