#include <stdlib.h>
#include <string.h>

#include "keyed_table.h"
#include "wstrace/fnv1a.h"

#define EMPTY UINT32_MAX

void wst_keyed_init(struct wst_keyed_table *t, size_t entry_size, size_t key_size, uint32_t max)
{
	memset(t, 0, sizeof *t);
	t->entry_size = entry_size;
	t->key_size = key_size;
	t->max = max;
}

void wst_keyed_free(struct wst_keyed_table *t)
{
	free(t->entries);
	free(t->index);
	t->entries = NULL;
	t->index = NULL;
	t->count = t->allocated = 0;
}

static uint32_t hash_key(const unsigned char *p, size_t n)
{
	return (uint32_t)wst_fnv1a(WST_FNV1A_START, p, n);
}

static void index_put(struct wst_keyed_table *t, uint32_t i)
{
	uint32_t h = hash_key(wst_keyed_at(t, i), t->key_size) & t->index_mask;

	while (t->index[h] != EMPTY)
		h = (h + 1) & t->index_mask;
	t->index[h] = i;
}

/* Keeps the index at most half full, and room for one more entry. */
static bool make_room(struct wst_keyed_table *t)
{
	if (t->count == t->allocated) {
		uint32_t n = t->allocated ? t->allocated * 2 : 64;
		if (n > t->max)
			n = t->max;
		void *e = realloc(t->entries, (size_t)n * t->entry_size);
		if (!e)
			return false;
		t->entries = e;
		t->allocated = n;
	}
	if (t->index && (uint64_t)(t->count + 1) * 2 <= (uint64_t)t->index_mask + 1)
		return true;
	uint32_t size = t->index ? (t->index_mask + 1) * 2 : 128;
	uint32_t *index = malloc((size_t)size * sizeof *index);
	if (!index)
		return false;
	memset(index, 0xff, (size_t)size * sizeof *index);
	free(t->index);
	t->index = index;
	t->index_mask = size - 1;
	for (uint32_t i = 0; i < t->count; i++)
		index_put(t, i);
	return true;
}

void *wst_keyed_get(struct wst_keyed_table *t, const void *proto)
{
	if (t->index) {
		uint32_t h = hash_key(proto, t->key_size) & t->index_mask;
		for (; t->index[h] != EMPTY; h = (h + 1) & t->index_mask) {
			void *e = wst_keyed_at(t, t->index[h]);
			if (memcmp(e, proto, t->key_size) == 0)
				return e;
		}
	}
	if (t->count >= t->max || !make_room(t)) {
		t->dropped++;
		return NULL;
	}
	void *e = wst_keyed_at(t, t->count);
	memcpy(e, proto, t->entry_size);
	index_put(t, t->count++);
	return e;
}

void wst_keyed_sort(struct wst_keyed_table *t, int (*cmp)(const void *, const void *))
{
	free(t->index);
	t->index = NULL;
	if (t->count > 1)
		qsort(t->entries, t->count, t->entry_size, cmp);
}
