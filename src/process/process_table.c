/* The process table (include/wstrace/process_table.h). */
#include <stdlib.h>
#include <string.h>

#include "wstrace/lru_map.h"
#include "wstrace/process_table.h"
#include "wstrace/string_values.h"
#include "wstrace/utf16.h"

struct wst_process_table {
	struct wst_lru_map map;            /* PID -> slot */
	struct wst_process_info *slots;
	struct wst_process_stats stats;
};

struct wst_process_table *wst_process_table_new(uint32_t capacity)
{
	struct wst_process_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->slots = calloc(capacity, sizeof *t->slots);
	if (!t->slots || !wst_lru_init(&t->map, capacity)) {
		free(t->slots);
		free(t);
		return NULL;
	}
	return t;
}

void wst_process_table_free(struct wst_process_table *t)
{
	if (!t)
		return;
	wst_lru_free(&t->map);
	free(t->slots);
	free(t);
}

/* The image's base name, from the full path a start or rundown gives or
 * the short name a stop gives. */
static void set_image(struct wst_process_info *p, const struct wst_record *rec)
{
	char path[WST_STRING_VALUE_MAX];
	const struct wst_field_desc *f = &rec->desc->fields[rec->image_field];

	wst_value_utf8(f->type, &rec->values[rec->image_field], path, sizeof path);
	const char *base = wst_path_base_name(path);
	size_t n = wst_utf8_cut(base, strlen(base), sizeof p->image - 1);
	memcpy(p->image, base, n);
	p->image[n] = '\0';
	p->image_plain_len = wst_plain_len(p->image);
}

static struct wst_process_info *new_entry(struct wst_process_table *t, uint32_t pid)
{
	bool evicted = false;
	uint64_t evicted_key;
	uint32_t slot = wst_lru_insert(&t->map, pid, &evicted, &evicted_key);

	if (evicted)
		t->stats.evicted++;
	t->stats.processes++;
	struct wst_process_info *p = &t->slots[slot];
	memset(p, 0, sizeof *p);
	p->pid = pid;
	return p;
}

/* The same process: the same create time (or sequence number) when both
 * sides know it. */
static bool same_process(const struct wst_process_info *p, const struct wst_record *rec)
{
	if (rec->has_sequence && p->sequence)
		return rec->sequence == p->sequence;
	if (rec->has_create_time && p->create_time)
		return rec->create_time == p->create_time;
	return true;
}

static void learn_start(struct wst_process_table *t, struct wst_record *rec,
                        struct wst_process_info *p)
{
	if (!p) {
		p = new_entry(t, rec->pid);
	} else if (!same_process(p, rec) || p->stopped) {
		t->stats.reused++;
		memset(p, 0, sizeof *p);
		p->pid = rec->pid;
	}
	p->parent_pid = rec->has_parent_pid ? rec->parent_pid : p->parent_pid;
	p->create_time = rec->has_create_time ? rec->create_time : p->create_time;
	p->sequence = rec->has_sequence ? rec->sequence : p->sequence;
	p->started = rec->ev->timestamp;
	p->rundown = rec->desc->kind == WST_EV_PROCESS_RUNNING;
	if (rec->image_field != WST_NO_FIELD)
		set_image(p, rec);
	if (p->image[0]) {
		rec->image = p->image;
		rec->image_plain_len = p->image_plain_len;
	}
}

static void learn_stop(struct wst_process_table *t, struct wst_record *rec,
                       struct wst_process_info *p)
{
	if (p && !same_process(p, rec))
		return;  /* the stop of a process the table never held: leave the PID's holder */
	if (!p) {
		p = new_entry(t, rec->pid);
		p->create_time = rec->has_create_time ? rec->create_time : 0;
		p->sequence = rec->has_sequence ? rec->sequence : 0;
	}
	p->stopped = rec->ev->timestamp;
	/* The stop's name is the kernel's short one: the start's says more. */
	if (!p->image[0] && rec->image_field != WST_NO_FIELD)
		set_image(p, rec);
	if (p->image[0]) {
		rec->image = p->image;
		rec->image_plain_len = p->image_plain_len;
	}
}

void wst_process_table_apply(struct wst_process_table *t, struct wst_record *rec)
{
	if (rec->provider != WST_PROVIDER_KERNEL_PROCESS || !rec->desc)
		return;
	uint32_t slot = wst_lru_find(&t->map, rec->pid);
	struct wst_process_info *p = slot == WST_LRU_NONE ? NULL : &t->slots[slot];

	switch (rec->desc->kind) {
	case WST_EV_PROCESS_START:
	case WST_EV_PROCESS_RUNNING:
		learn_start(t, rec, p);
		break;
	case WST_EV_PROCESS_STOP:
		learn_stop(t, rec, p);
		break;
	default:
		break;
	}
}

const struct wst_process_info *wst_process_table_find(struct wst_process_table *t, uint32_t pid)
{
	uint32_t slot = wst_lru_find(&t->map, pid);

	return slot == WST_LRU_NONE ? NULL : &t->slots[slot];
}

const char *wst_process_table_image(struct wst_process_table *t, uint32_t pid)
{
	const struct wst_process_info *p = wst_process_table_find(t, pid);

	return p && p->image[0] ? p->image : NULL;
}

const struct wst_process_stats *wst_process_table_stats(const struct wst_process_table *t)
{
	return &t->stats;
}
