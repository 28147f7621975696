#include "wstrace/process_tree.h"

#include <stdlib.h>

void wst_process_tree_init(struct wst_process_tree *t)
{
	t->members = NULL;
	t->count = t->capacity = t->alive = 0;
	t->not_followed = 0;
}

void wst_process_tree_free(struct wst_process_tree *t)
{
	free(t->members);
	wst_process_tree_init(t);
}

/* The member that holds pid at time, or NULL. Trees are small (a build
 * script's few hundred processes); a scan is cheaper than an index. */
static struct wst_tree_member *holder(const struct wst_process_tree *t, uint32_t pid, uint64_t time)
{
	for (uint32_t i = t->count; i-- > 0;) {
		struct wst_tree_member *m = &t->members[i];
		if (m->pid == pid && m->start <= time && (!m->reused || time < m->reused))
			return m;
	}
	return NULL;
}

static bool append(struct wst_process_tree *t, uint32_t pid, uint64_t create_time)
{
	if (t->count == t->capacity) {
		if (t->capacity >= WST_PROCESS_TREE_MAX) {
			t->not_followed++;
			return false;
		}
		uint32_t cap = t->capacity ? t->capacity * 2 : 16;
		struct wst_tree_member *m = realloc(t->members, cap * sizeof *m);
		if (!m) {
			t->not_followed++;
			return false;
		}
		t->members = m;
		t->capacity = cap;
	}
	t->members[t->count++] = (struct wst_tree_member){ pid, create_time, 0, true };
	t->alive++;
	return true;
}

/* A PID starting again ends the span of the member that had it. */
static void end_span(struct wst_process_tree *t, uint32_t pid, uint64_t create_time)
{
	struct wst_tree_member *m = holder(t, pid, create_time);

	if (!m || m->start == create_time)
		return;
	m->reused = create_time;
	if (m->alive) {
		/* Its stop event was lost: the PID could not be reused otherwise. */
		m->alive = false;
		t->alive--;
	}
}

bool wst_process_tree_add_root(struct wst_process_tree *t, uint32_t pid, uint64_t create_time)
{
	end_span(t, pid, create_time);
	return append(t, pid, create_time);
}

bool wst_process_tree_started(struct wst_process_tree *t, uint32_t pid, uint32_t parent_pid,
                              uint64_t create_time)
{
	struct wst_tree_member *same = holder(t, pid, create_time);

	if (same && same->start == create_time)
		return false;  /* the root's own start event, or a rundown of a member */
	/* The parent need not be alive any more by the time the event is
	 * read: a program that started a child and exited at once. */
	bool ours = holder(t, parent_pid, create_time) != NULL;
	end_span(t, pid, create_time);
	return ours && append(t, pid, create_time);
}

void wst_process_tree_stopped(struct wst_process_tree *t, uint32_t pid, uint64_t create_time)
{
	for (uint32_t i = t->count; i-- > 0;) {
		struct wst_tree_member *m = &t->members[i];
		if (m->pid != pid || !m->alive || (create_time && m->start != create_time))
			continue;
		m->alive = false;
		t->alive--;
		return;
	}
}

bool wst_process_tree_has(const struct wst_process_tree *t, uint32_t pid, uint64_t time)
{
	return holder(t, pid, time) != NULL;
}

bool wst_process_tree_alive(const struct wst_process_tree *t, uint32_t pid, uint64_t create_time)
{
	const struct wst_tree_member *m = holder(t, pid, create_time);

	return m && m->start == create_time && m->alive;
}
