#include <stdlib.h>
#include <string.h>

#include "image_names.h"

/* A PID is looked for in this many slots from its hash; when all are
 * taken the one checked longest ago makes room. */
#define PROBES 8

struct entry {
	bool used;
	bool named;                    /* false: the process could not be queried */
	uint32_t pid;
	uint64_t created;
	uint64_t checked_ms;
	char name[WST_IMAGE_NAME_MAX];
};

struct wst_image_cache {
	struct wst_image_source src;
	struct entry slots[WST_IMAGE_SLOTS];
};

struct wst_image_cache *wst_image_cache_new(const struct wst_image_source *src)
{
	struct wst_image_cache *c = calloc(1, sizeof *c);

	if (c)
		c->src = src ? *src : wst_image_windows;
	return c;
}

void wst_image_cache_free(struct wst_image_cache *c)
{
	free(c);
}

static void fill(struct wst_image_cache *c, struct entry *e, uint32_t pid, uint64_t now)
{
	e->used = true;
	e->pid = pid;
	e->checked_ms = now;
	e->created = 0;
	e->named = c->src.query(c->src.ctx, pid, &e->created, e->name, sizeof e->name);
}

const char *wst_image_name(void *ctx, uint32_t pid)
{
	struct wst_image_cache *c = ctx;
	unsigned start = (unsigned)((pid / 4) * 2654435769u) % WST_IMAGE_SLOTS;
	struct entry *victim = NULL;
	uint64_t now, created;

	/* 0 is what an event without a known process carries; 4 cannot be
	 * queried but has a well-known name. */
	if (pid == 0)
		return NULL;
	if (pid == 4)
		return "System";
	now = c->src.now_ms(c->src.ctx);
	for (unsigned k = 0; k < PROBES; k++) {
		struct entry *e = &c->slots[(start + k) % WST_IMAGE_SLOTS];
		if (!e->used) {
			if (!victim || victim->used)
				victim = e;
			continue;
		}
		if (e->pid != pid) {
			if (!victim || (victim->used && e->checked_ms < victim->checked_ms))
				victim = e;
			continue;
		}
		if (now - e->checked_ms >= WST_IMAGE_RECHECK_MS) {
			e->checked_ms = now;
			if (c->src.query(c->src.ctx, pid, &created, NULL, 0)) {
				if (!e->named || created != e->created)
					fill(c, e, pid, now);  /* the PID now names another process */
			}
			/* Gone: late events of the process keep its name. */
		}
		return e->named ? e->name : NULL;
	}
	fill(c, victim, pid, now);
	return victim->named ? victim->name : NULL;
}
