/*
 * A growable table of fixed-size entries found by their leading key bytes,
 * with a ceiling: the report's findings, processes and remotes. Keys are
 * compared and hashed as bytes, so callers zero an entry before filling
 * its key (padding included). Entries move when the table grows: use a
 * returned pointer before the next insertion.
 */
#ifndef WSTRACE_REPORT_KEYED_TABLE_H
#define WSTRACE_REPORT_KEYED_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wst_keyed_table {
	unsigned char *entries;
	size_t entry_size, key_size;
	uint32_t count, allocated, max;
	uint32_t *index;              /* open addressing; UINT32_MAX: empty */
	uint32_t index_mask;
	uint64_t dropped;             /* new keys refused at the ceiling */
};

void wst_keyed_init(struct wst_keyed_table *t, size_t entry_size, size_t key_size, uint32_t max);
void wst_keyed_free(struct wst_keyed_table *t);

/* The entry whose key bytes equal proto's; a copy of proto when new.
 * NULL (counted in dropped) at the ceiling or when memory runs out. */
void *wst_keyed_get(struct wst_keyed_table *t, const void *proto);

static inline void *wst_keyed_at(const struct wst_keyed_table *t, uint32_t i)
{
	return t->entries + (size_t)i * t->entry_size;
}

/* Sorts the entries and drops the index: no lookups after this. */
void wst_keyed_sort(struct wst_keyed_table *t, int (*cmp)(const void *, const void *));

#endif
