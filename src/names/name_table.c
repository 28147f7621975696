/* The name table (include/wstrace/name_table.h). */
#include <stdlib.h>
#include <string.h>

#include "wstrace/fnv1a.h"
#include "wstrace/lookup_results.h"
#include "wstrace/lru_map.h"
#include "wstrace/name_table.h"
#include "wstrace/sockaddr.h"
#include "wstrace/string_values.h"

struct name_entry {
	uint32_t pid;              /* the asking process; unused in the any-process map */
	uint8_t family;
	uint8_t addr[16];
	uint16_t name_plain_len;   /* wst_plain_len(name) */
	char name[WST_HOST_NAME_LEN];
};

/* A map's keys are 64-bit: a hash of (pid, address). The entry keeps the
 * whole key, so that a hash shared by two keys is told apart. */
struct name_map {
	struct wst_lru_map map;
	struct name_entry *slots;
};

struct wst_name_table {
	struct name_map by_process, any_process;
	struct wst_name_stats stats;
	uint64_t generation;       /* counts the stores: a changed table changes it */
};

static bool map_init(struct name_map *m, uint32_t capacity)
{
	m->slots = calloc(capacity, sizeof *m->slots);
	if (!m->slots)
		return false;
	if (!wst_lru_init(&m->map, capacity)) {
		free(m->slots);
		m->slots = NULL;
		return false;
	}
	return true;
}

static void map_free(struct name_map *m)
{
	if (m->slots)
		wst_lru_free(&m->map);
	free(m->slots);
}

struct wst_name_table *wst_name_table_new(uint32_t capacity)
{
	struct wst_name_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->generation = 1;  /* so that a zeroed memo is stale */
	if (!map_init(&t->by_process, capacity) || !map_init(&t->any_process, capacity)) {
		wst_name_table_free(t);
		return NULL;
	}
	return t;
}

void wst_name_table_free(struct wst_name_table *t)
{
	if (!t)
		return;
	map_free(&t->by_process);
	map_free(&t->any_process);
	free(t);
}

/* FNV-1a over the key's bytes. */
static uint64_t key_of(uint32_t pid, const struct wst_sockaddr *a)
{
	const uint8_t pid_bytes[4] = { (uint8_t)pid, (uint8_t)(pid >> 8), (uint8_t)(pid >> 16),
	                               (uint8_t)(pid >> 24) };
	uint64_t h = wst_fnv1a(WST_FNV1A_START, pid_bytes, sizeof pid_bytes);

	h = wst_fnv1a(h, &a->family, 1);
	return wst_fnv1a(h, a->addr, a->family == WST_FAMILY_IPV4 ? 4 : 16);
}

static bool same_key(const struct name_entry *e, uint32_t pid, const struct wst_sockaddr *a)
{
	size_t n = a->family == WST_FAMILY_IPV4 ? 4 : 16;

	return e->pid == pid && e->family == a->family && memcmp(e->addr, a->addr, n) == 0;
}

static struct name_entry *map_find(struct name_map *m, uint32_t pid, const struct wst_sockaddr *a)
{
	uint32_t slot = wst_lru_find(&m->map, key_of(pid, a));

	if (slot == WST_LRU_NONE || !same_key(&m->slots[slot], pid, a))
		return NULL;
	return &m->slots[slot];
}

static void map_store(struct wst_name_table *t, struct name_map *m, uint32_t pid,
                      const struct wst_sockaddr *a, const char *name)
{
	uint64_t key = key_of(pid, a);
	uint32_t slot = wst_lru_find(&m->map, key);

	t->generation++;

	if (slot == WST_LRU_NONE) {
		bool evicted = false;
		uint64_t evicted_key;
		slot = wst_lru_insert(&m->map, key, &evicted, &evicted_key);
		if (evicted)
			t->stats.evicted++;
	}
	struct name_entry *e = &m->slots[slot];
	e->pid = pid;
	e->family = a->family;
	memset(e->addr, 0, sizeof e->addr);
	memcpy(e->addr, a->addr, a->family == WST_FAMILY_IPV4 ? 4 : 16);
	size_t n = strlen(name);
	memcpy(e->name, name, n + 1);
	e->name_plain_len = wst_plain_len(e->name);
}

/* A lookup of an address literal names nothing (NetBlame's rule too). */
static bool is_address_literal(const char *name)
{
	struct wst_sockaddr a;

	return wst_addr_parse_text(name, &a);
}

void wst_name_table_apply(struct wst_name_table *t, const struct wst_record *rec)
{
	char name[WST_HOST_NAME_LEN];

	if ((rec->provider != WST_PROVIDER_NAME_RESOLUTION && rec->provider != WST_PROVIDER_DNS_CLIENT) ||
	    !rec->desc || rec->phase != WST_PHASE_COMPLETE || rec->failed || !rec->has_status ||
	    rec->name_field == WST_NO_FIELD || rec->results_field == WST_NO_FIELD)
		return;
	const struct wst_field_desc *f = &rec->desc->fields[rec->name_field];
	const struct wst_value *v = &rec->values[rec->name_field];
	if (v->len / 2 >= sizeof name)
		return;  /* longer than any DNS name */
	wst_value_utf8(f->type, v, name, sizeof name);
	if (!name[0] || is_address_literal(name))
		return;
	struct wst_results r;
	struct wst_result e;
	const struct wst_value *results = &rec->values[rec->results_field];
	wst_results_begin(&r, results->bytes, results->len);
	while (wst_results_next(&r, &e)) {
		if (e.kind != WST_RESULT_ADDRESS)
			continue;
		map_store(t, &t->by_process, rec->pid, &e.addr, name);
		map_store(t, &t->any_process, 0, &e.addr, name);
		t->stats.learnt++;
	}
}

/* A dual-stack socket talks to IPv4 peers as ::ffff:a.b.c.d, which the
 * results give as a.b.c.d. */
static bool is_v4_mapped(const struct wst_sockaddr *a)
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

	return a->family == WST_FAMILY_IPV6 && memcmp(a->addr, prefix, sizeof prefix) == 0;
}

const char *wst_name_table_find(struct wst_name_table *t, uint32_t pid, const struct wst_sockaddr *addr,
                                uint16_t *plain_len)
{
	struct name_entry *e;
	struct wst_sockaddr v4;

	if (addr->family != WST_FAMILY_IPV4 && addr->family != WST_FAMILY_IPV6)
		return NULL;
	if (is_v4_mapped(addr)) {
		memset(&v4, 0, sizeof v4);
		v4.family = WST_FAMILY_IPV4;
		memcpy(v4.addr, addr->addr + 12, 4);
		addr = &v4;
	}
	if ((e = map_find(&t->by_process, pid, addr)) != NULL ||
	    (e = map_find(&t->any_process, 0, addr)) != NULL) {
		if (plain_len)
			*plain_len = e->name_plain_len;
		return e->name;
	}
	return NULL;
}

const char *wst_name_table_find_memo(struct wst_name_table *t, uint32_t pid, const struct wst_sockaddr *addr,
                                     struct wst_name_memo *memo, uint16_t *plain_len)
{
	if (memo->generation != t->generation || memo->pid != pid || memo->family != addr->family ||
	    memcmp(memo->addr, addr->addr, sizeof memo->addr) != 0) {
		memo->name = wst_name_table_find(t, pid, addr, &memo->plain_len);
		memo->generation = t->generation;
		memo->pid = pid;
		memo->family = addr->family;
		memcpy(memo->addr, addr->addr, sizeof memo->addr);
	}
	*plain_len = memo->name ? memo->plain_len : 0;
	return memo->name;
}

const struct wst_name_stats *wst_name_table_stats(const struct wst_name_table *t)
{
	return &t->stats;
}
