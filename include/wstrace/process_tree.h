/*
 * The processes `wstrace run` follows: the program it started and, from
 * the process_start events, every process whose parent is already in the
 * tree (children, grandchildren, ...).
 *
 * PIDs are reused, so a member is a PID over a span of time: from its
 * start until the PID is seen starting again as a process that is not the
 * member (a reused PID). An event belongs to the tree when its PID is a
 * member's and its time falls in that member's span; events of a member
 * logged just after its own process_stop (sockets closed while it exits)
 * still count.
 */
#ifndef WSTRACE_PROCESS_TREE_H
#define WSTRACE_PROCESS_TREE_H

#include <stdbool.h>
#include <stdint.h>

/* At most this many members; later children are counted, not followed. */
#define WST_PROCESS_TREE_MAX 65536

struct wst_tree_member {
	uint32_t pid;
	uint64_t start;          /* create time, FILETIME */
	uint64_t reused;         /* when the PID started as another process; 0: not yet */
	bool alive;
};

struct wst_process_tree {
	struct wst_tree_member *members;
	uint32_t count, capacity;
	uint32_t alive;          /* members started and not yet stopped */
	uint64_t not_followed;   /* children past WST_PROCESS_TREE_MAX */
};

void wst_process_tree_init(struct wst_process_tree *t);
void wst_process_tree_free(struct wst_process_tree *t);

/* The program itself. Returns false when out of memory. */
bool wst_process_tree_add_root(struct wst_process_tree *t, uint32_t pid, uint64_t create_time);

/* A process_start (or rundown) event: pid started at create_time as a
 * child of parent_pid. Returns true when it joined the tree. */
bool wst_process_tree_started(struct wst_process_tree *t, uint32_t pid, uint32_t parent_pid,
                              uint64_t create_time);

/* A process_stop event, or the program's handle signalled (create_time of
 * the process that ended; 0 when unknown: the live member of the PID). */
void wst_process_tree_stopped(struct wst_process_tree *t, uint32_t pid, uint64_t create_time);

/* Whether an event of pid at time (FILETIME) is the tree's. */
bool wst_process_tree_has(const struct wst_process_tree *t, uint32_t pid, uint64_t time);

/* Whether the member that started as pid at create_time has not stopped. */
bool wst_process_tree_alive(const struct wst_process_tree *t, uint32_t pid, uint64_t create_time);

/* True once every member has stopped (and there was one). */
static inline bool wst_process_tree_done(const struct wst_process_tree *t)
{
	return t->count > 0 && t->alive == 0;
}

#endif
