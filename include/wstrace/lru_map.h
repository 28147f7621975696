/*
 * A fixed-capacity map from 64-bit keys to slot numbers, with the least
 * recently used slot evicted when a new key needs room. Callers keep their
 * values in an array indexed by slot, so the map never allocates after
 * creation and memory stays bounded however many keys a capture holds.
 */
#ifndef WSTRACE_LRU_MAP_H
#define WSTRACE_LRU_MAP_H

#include <stdbool.h>
#include <stdint.h>

#define WST_LRU_NONE UINT32_MAX

struct wst_lru_node {
	uint64_t key;
	uint32_t chain;       /* next slot in the same hash bucket */
	uint32_t newer, older;
};

struct wst_lru_map {
	struct wst_lru_node *nodes;
	uint32_t *buckets;
	uint32_t capacity, used;
	uint32_t bucket_mask;
	uint32_t newest, oldest, free_list;
};

/* Returns false when memory for capacity entries cannot be had. */
bool wst_lru_init(struct wst_lru_map *m, uint32_t capacity);
void wst_lru_free(struct wst_lru_map *m);

/* The slot holding key, made the newest; WST_LRU_NONE when absent. */
uint32_t wst_lru_find(struct wst_lru_map *m, uint64_t key);

/* A slot for key (which must be absent). When the map is full the oldest
 * slot is reused: *evicted is set and its key stored in *evicted_key. */
uint32_t wst_lru_insert(struct wst_lru_map *m, uint64_t key, bool *evicted, uint64_t *evicted_key);

void wst_lru_remove(struct wst_lru_map *m, uint32_t slot);

#endif
