#include "wstrace/value_map.h"

const char *wst_value_map_name(const struct wst_value_map *map, uint32_t value)
{
	size_t lo = 0, hi;

	if (!map)
		return NULL;
	hi = map->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t at = map->entries[mid].value;

		if (at == value)
			return map->entries[mid].name;
		if (at < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
