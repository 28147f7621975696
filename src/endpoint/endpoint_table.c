/* What each AFD event teaches the endpoint table, and what it gets back. */
#include <stdlib.h>
#include <string.h>

#include "wstrace/endpoint_table.h"
#include "lru_map.h"

struct wst_endpoint_table {
	struct wst_lru_map sockets;
	struct wst_endpoint_info *info;   /* indexed by socket slot */
	struct wst_lru_map processes;
	uint32_t *process_pid;            /* indexed by process slot */
	struct wst_endpoint_stats stats;
	wst_endpoint_end_fn on_end;
	void *on_end_ctx;
};

struct wst_endpoint_table *wst_endpoint_table_new(uint32_t capacity, uint32_t process_capacity)
{
	struct wst_endpoint_table *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	if (!wst_lru_init(&t->sockets, capacity) || !wst_lru_init(&t->processes, process_capacity)) {
		wst_endpoint_table_free(t);
		return NULL;
	}
	t->info = calloc(capacity, sizeof *t->info);
	t->process_pid = calloc(process_capacity, sizeof *t->process_pid);
	if (!t->info || !t->process_pid) {
		wst_endpoint_table_free(t);
		return NULL;
	}
	return t;
}

void wst_endpoint_table_free(struct wst_endpoint_table *t)
{
	if (!t)
		return;
	wst_lru_free(&t->sockets);
	wst_lru_free(&t->processes);
	free(t->info);
	free(t->process_pid);
	free(t);
}

void wst_endpoint_table_on_end(struct wst_endpoint_table *t, wst_endpoint_end_fn fn, void *ctx)
{
	t->on_end = fn;
	t->on_end_ctx = ctx;
}

const struct wst_endpoint_stats *wst_endpoint_table_stats(const struct wst_endpoint_table *t)
{
	return &t->stats;
}

static void end_life(struct wst_endpoint_table *t, const struct wst_endpoint_info *info,
                     enum wst_endpoint_end how)
{
	if (t->on_end)
		t->on_end(t->on_end_ctx, info, how);
}

/* A fresh entry for endpoint. A full table gives up its least recently
 * used socket, which is reported as evicted first. */
static struct wst_endpoint_info *start_life(struct wst_endpoint_table *t, uint64_t endpoint,
                                            uint64_t now)
{
	bool evicted;
	uint64_t old_key;
	uint32_t slot = wst_lru_insert(&t->sockets, endpoint, &evicted, &old_key);
	struct wst_endpoint_info *info = &t->info[slot];

	if (evicted) {
		t->stats.evicted++;
		end_life(t, info, WST_END_EVICTED);
	}
	memset(info, 0, sizeof *info);
	info->endpoint = endpoint;
	info->opened = now;
	info->connect_latency_us = -1;
	t->stats.sockets++;
	return info;
}

static void learn_process(struct wst_endpoint_table *t, uint64_t process, uint32_t pid)
{
	uint32_t slot = wst_lru_find(&t->processes, process);

	if (slot == WST_LRU_NONE) {
		bool evicted;
		uint64_t old_key;
		slot = wst_lru_insert(&t->processes, process, &evicted, &old_key);
		if (evicted)
			t->stats.process_evicted++;
	}
	/* Overwritten at every create: a new process may sit at a dead one's
	 * EPROCESS address. */
	t->process_pid[slot] = pid;
}

static bool lookup_process(struct wst_endpoint_table *t, uint64_t process, uint32_t *pid)
{
	uint32_t slot = wst_lru_find(&t->processes, process);

	if (slot == WST_LRU_NONE)
		return false;
	*pid = t->process_pid[slot];
	return true;
}

static struct wst_endpoint_info *find_or_start(struct wst_endpoint_table *t, const struct wst_record *rec)
{
	uint32_t slot = wst_lru_find(&t->sockets, rec->endpoint);
	uint64_t now = rec->ev->timestamp;

	if (rec->desc->kind == WST_EV_CREATE) {
		/* An endpoint address seen again at create is a new socket: the
		 * old one's close was not in the capture. */
		if (slot != WST_LRU_NONE) {
			end_life(t, &t->info[slot], WST_END_EVICTED);
			t->stats.evicted++;
			wst_lru_remove(&t->sockets, slot);
		}
		return start_life(t, rec->endpoint, now);
	}
	if (slot != WST_LRU_NONE)
		return &t->info[slot];
	return start_life(t, rec->endpoint, now);
}

static void learn_addresses(struct wst_endpoint_info *info, const struct wst_record *rec)
{
	/* A failed bind or connect did not give the socket that address, and
	 * an address whose port was cut off must not stand for the socket's. */
	if (!rec->addr_complete || rec->failed)
		return;
	switch (rec->desc->kind) {
	case WST_EV_BIND:
		info->local = rec->addr;
		break;
	case WST_EV_CONNECT:
	case WST_EV_ACCEPT:
		info->remote = rec->addr;
		break;
	case WST_EV_CONNECTION_INDICATED:
		/* The peer of a connection not yet accepted: not this
		 * listening socket's remote. */
		break;
	default:
		/* Datagram sockets: the first peer seen stands for the remote. */
		if (info->remote.family == WST_FAMILY_NONE)
			info->remote = rec->addr;
		break;
	}
}

static void learn(struct wst_endpoint_info *info, struct wst_record *rec)
{
	uint64_t now = rec->ev->timestamp;

	info->last_seen = now;
	if (rec->has_process)
		info->process = rec->process;
	switch (rec->desc->kind) {
	case WST_EV_CREATE:
		info->create_seen = true;
		if (rec->has_user_pid) {
			info->pid = rec->user_pid;
			info->pid_known = true;
		}
		for (unsigned i = 0; i < rec->desc->field_count; i++) {
			const struct wst_field_desc *f = &rec->desc->fields[i];
			if (!rec->values[i].present)
				continue;
			if (f->role == WST_ROLE_ADDRESS_FAMILY)
				info->address_family = (uint32_t)rec->values[i].u;
			else if (f->role == WST_ROLE_SOCKET_TYPE)
				info->socket_type = (uint32_t)rec->values[i].u;
			else if (f->role == WST_ROLE_PROTOCOL)
				info->protocol = (uint32_t)rec->values[i].u;
		}
		break;
	case WST_EV_CONNECT:
		info->connect_started = now;
		break;
	case WST_EV_CONNECT_COMPLETE:
		if (info->connect_started && now >= info->connect_started) {
			/* FILETIME ticks are 100 ns: whole microseconds, truncated. */
			rec->latency_us = (int64_t)((now - info->connect_started) / 10);
			info->connect_latency_us = rec->latency_us;
		}
		info->connect_started = 0;
		break;
	default:
		break;
	}
	learn_addresses(info, rec);
	if (rec->has_bytes && (rec->desc->flags & WST_EVENT_BYTES_SENT)) {
		info->bytes_sent += rec->bytes;
		info->sends++;
	} else if (rec->has_bytes && (rec->desc->flags & WST_EVENT_BYTES_RECEIVED)) {
		info->bytes_received += rec->bytes;
		info->receives++;
	}
	if (rec->failed) {
		info->errors++;
		if (rec->has_status && rec->status)
			info->last_status = rec->status;
	}
}

void wst_endpoint_table_apply(struct wst_endpoint_table *t, struct wst_record *rec)
{
	if (!rec->desc)
		return;
	if (rec->desc->kind == WST_EV_CREATE && rec->has_process && rec->has_user_pid)
		learn_process(t, rec->process, rec->user_pid);

	uint32_t pid;
	bool pid_from_process = rec->has_process && lookup_process(t, rec->process, &pid);
	if (pid_from_process)
		rec->pid = pid;

	if (!rec->has_endpoint)
		return;
	struct wst_endpoint_info *info = find_or_start(t, rec);
	learn(info, rec);
	if (!pid_from_process && info->pid_known)
		rec->pid = info->pid;
	if (!info->pid_known && pid_from_process) {
		info->pid = pid;
		info->pid_known = true;
	}
	rec->local = info->local;
	rec->remote = info->remote;

	if (rec->desc->kind == WST_EV_CLOSE) {
		end_life(t, info, WST_END_CLOSED);
		t->stats.closed++;
		wst_lru_remove(&t->sockets, wst_lru_find(&t->sockets, rec->endpoint));
	}
	t->stats.live = t->sockets.used;
}

void wst_endpoint_table_finish(struct wst_endpoint_table *t)
{
	for (uint32_t s = t->sockets.oldest; s != WST_LRU_NONE; s = t->sockets.nodes[s].newer)
		end_life(t, &t->info[s], WST_END_OPEN_AT_END);
}
