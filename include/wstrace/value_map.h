/*
 * A table of names for numbers, sorted by number: the manifest's value maps
 * (src/schema/events.c) and the name tables (src/tables/NAME.tsv), all
 * written by generators that sort them and refuse duplicates.
 */
#ifndef WSTRACE_VALUE_MAP_H
#define WSTRACE_VALUE_MAP_H

#include <stddef.h>
#include <stdint.h>

struct wst_value_name {
	uint32_t value;
	const char *name;
};

struct wst_value_map {
	const struct wst_value_name *entries;  /* sorted by value, each value once */
	size_t count;
};

/* The name of value in map ("SOCK_STREAM"), or NULL: map NULL, or no such
 * value. The one lookup for every table. */
const char *wst_value_map_name(const struct wst_value_map *map, uint32_t value);

#endif
