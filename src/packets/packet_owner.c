/*
 * The socket index behind packet owners; see wstrace/packet_owner.h. Two
 * chained hashes over one ring of entries: by endpoint (to update a socket
 * as its events come) and by local port (to find a packet's socket). The
 * owner's image and its remote's name come from parse's process and name
 * tables, fed the same events.
 */
#include <stdlib.h>
#include <string.h>

#include "wstrace/decoder.h"
#include "wstrace/endpoint_table.h"
#include "wstrace/name_table.h"
#include "wstrace/packet_owner.h"
#include "wstrace/process_table.h"

#define NONE 0u
/* A packet may follow its socket's close by this much (FIN, ACK, RST):
 * one second in FILETIME ticks. */
#define AFTER_CLOSE 10000000ull

struct socket_entry {
	bool used;
	uint64_t endpoint;
	uint32_t pid;
	struct wst_sockaddr local, remote;
	uint64_t born, died;         /* died 0: alive */
	uint32_t next_ep, next_port; /* chains, index + 1 */
	bool in_port_chain;
};

struct wst_packet_owners {
	struct wst_endpoint_table *table;
	struct wst_process_table *processes;   /* images, from Kernel-Process events */
	struct wst_name_table *names;          /* remote names, from lookups */
	uint64_t afd;
	uint32_t next;               /* ring: the entry to use next */
	uint32_t ep_heads[WST_OWNER_CAPACITY];
	uint32_t port_heads[WST_OWNER_CAPACITY];
	struct socket_entry entries[WST_OWNER_CAPACITY];
};

static uint32_t ep_bucket(uint64_t endpoint)
{
	return (uint32_t)((endpoint * 0x9E3779B97F4A7C15ull) >> 48) & (WST_OWNER_CAPACITY - 1);
}

static uint32_t port_bucket(uint16_t port)
{
	return port & (WST_OWNER_CAPACITY - 1);
}

struct wst_packet_owners *wst_packet_owners_new(void)
{
	struct wst_packet_owners *o = calloc(1, sizeof *o);
	if (!o)
		return NULL;
	o->table = wst_endpoint_table_new(WST_ENDPOINT_DEFAULT_CAPACITY, WST_PROCESS_DEFAULT_CAPACITY);
	o->processes = wst_process_table_new(WST_PROCESS_TABLE_DEFAULT_CAPACITY);
	o->names = wst_name_table_new(WST_NAME_TABLE_DEFAULT_CAPACITY);
	if (!o->table || !o->processes || !o->names) {
		wst_packet_owners_free(o);
		return NULL;
	}
	return o;
}

void wst_packet_owners_free(struct wst_packet_owners *o)
{
	if (!o)
		return;
	wst_endpoint_table_free(o->table);
	wst_process_table_free(o->processes);
	wst_name_table_free(o->names);
	free(o);
}

uint64_t wst_packet_owners_afd_events(const struct wst_packet_owners *o)
{
	return o->afd;
}

static void unlink_from(uint32_t *head, uint32_t idx, struct socket_entry *entries, bool by_port)
{
	for (uint32_t *link = head; *link != NONE;) {
		struct socket_entry *e = &entries[*link - 1];
		uint32_t *next = by_port ? &e->next_port : &e->next_ep;
		if (*link == idx + 1) {
			*link = *next;
			*next = NONE;
			return;
		}
		link = next;
	}
}

static void unlink_port(struct wst_packet_owners *o, uint32_t idx)
{
	struct socket_entry *e = &o->entries[idx];
	if (e->in_port_chain)
		unlink_from(&o->port_heads[port_bucket(e->local.port)], idx, o->entries, true);
	e->in_port_chain = false;
}

static struct socket_entry *new_entry(struct wst_packet_owners *o, uint64_t endpoint, uint64_t t)
{
	uint32_t idx = o->next;
	struct socket_entry *e = &o->entries[idx];

	o->next = (o->next + 1) % WST_OWNER_CAPACITY;
	if (e->used) {   /* the oldest socket is forgotten */
		unlink_port(o, idx);
		unlink_from(&o->ep_heads[ep_bucket(e->endpoint)], idx, o->entries, false);
	}
	memset(e, 0, sizeof *e);
	e->used = true;
	e->endpoint = endpoint;
	e->born = t;
	uint32_t b = ep_bucket(endpoint);
	e->next_ep = o->ep_heads[b];
	o->ep_heads[b] = idx + 1;
	return e;
}

/* The newest entry of an endpoint (new ones go first in its chain). */
static struct socket_entry *entry_of(struct wst_packet_owners *o, uint64_t endpoint)
{
	for (uint32_t i = o->ep_heads[ep_bucket(endpoint)]; i != NONE; i = o->entries[i - 1].next_ep)
		if (o->entries[i - 1].endpoint == endpoint)
			return &o->entries[i - 1];
	return NULL;
}

static bool is_inet(const struct wst_sockaddr *a)
{
	return a->family == WST_FAMILY_IPV4 || a->family == WST_FAMILY_IPV6;
}

static void set_local(struct wst_packet_owners *o, struct socket_entry *e, const struct wst_sockaddr *a)
{
	uint32_t idx = (uint32_t)(e - o->entries);
	if (e->in_port_chain && e->local.port == a->port) {
		e->local = *a;
		return;
	}
	unlink_port(o, idx);
	e->local = *a;
	uint32_t b = port_bucket(a->port);
	e->next_port = o->port_heads[b];
	o->port_heads[b] = idx + 1;
	e->in_port_chain = true;
}

void wst_packet_owners_event(struct wst_packet_owners *o, const struct wst_event *ev)
{
	struct wst_record rec;

	if (wst_provider_of(&ev->provider) == WST_PROVIDER_OTHER)
		return;
	wst_decode(ev, &rec);
	if (rec.provider != WST_PROVIDER_AFD) {
		/* Each table takes its own provider's records and leaves the rest. */
		wst_process_table_apply(o->processes, &rec);
		wst_name_table_apply(o->names, &rec);
		return;
	}
	o->afd++;
	wst_endpoint_table_apply(o->table, &rec);
	if (!rec.desc || !rec.has_endpoint)
		return;
	uint16_t kind = rec.desc->kind;
	struct socket_entry *e = entry_of(o, rec.endpoint);
	bool creates = kind == WST_EV_CREATE && rec.phase != WST_PHASE_COMPLETE;
	/* A new life of the endpoint address: a create, or an event after the
	 * close other than the close's own completion. The old life ends. */
	if (e && (creates || (e->died && kind != WST_EV_CLOSE))) {
		if (!e->died)
			e->died = ev->timestamp;
		e = NULL;
	}
	if (!e)
		e = new_entry(o, rec.endpoint, ev->timestamp);
	if (rec.pid)
		e->pid = rec.pid;
	if (is_inet(&rec.local) && rec.local.port)
		set_local(o, e, &rec.local);
	if (is_inet(&rec.remote) && rec.remote.port)
		e->remote = rec.remote;
	if (kind == WST_EV_CLOSE && !e->died)
		e->died = ev->timestamp;
}

static bool same_addr(const struct wst_sockaddr *a, const struct wst_sockaddr *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, a->family == WST_FAMILY_IPV4 ? 4 : 16) == 0;
}

static bool unspecified(const struct wst_sockaddr *a)
{
	static const uint8_t zero[16];
	return memcmp(a->addr, zero, a->family == WST_FAMILY_IPV4 ? 4 : 16) == 0;
}

/* How well a socket fits a packet whose `near` end is the socket's local
 * one: -1 not at all, else 2 for the remote end, 1 for the exact local
 * address, added. */
static int fit(const struct socket_entry *e, const struct wst_sockaddr *near,
               const struct wst_sockaddr *far)
{
	int score = 0;
	if (e->local.port != near->port || e->local.family != near->family)
		return -1;
	if (same_addr(&e->local, near))
		score += 1;
	else if (!unspecified(&e->local))
		return -1;
	if (is_inet(&e->remote)) {
		if (e->remote.port != far->port || !same_addr(&e->remote, far))
			return -1;
		score += 2;
	}
	return score;
}

static bool alive_at(const struct socket_entry *e, uint64_t t, bool *closed)
{
	*closed = e->died && t > e->died;
	return e->born <= t && (!e->died || t <= e->died + AFTER_CLOSE);
}

bool wst_packet_owner_of(struct wst_packet_owners *o, const struct wst_flow *flow,
                         uint64_t time, struct wst_packet_owner *owner)
{
	const struct socket_entry *best = NULL;
	int best_rank = -1;

	if (!flow->has_ports)
		return false;
	for (int dir = 0; dir < 2; dir++) {
		const struct wst_sockaddr *near = dir ? &flow->dst : &flow->src;
		const struct wst_sockaddr *far = dir ? &flow->src : &flow->dst;
		for (uint32_t i = o->port_heads[port_bucket(near->port)]; i != NONE;
		     i = o->entries[i - 1].next_port) {
			const struct socket_entry *e = &o->entries[i - 1];
			bool closed;
			int score = fit(e, near, far);
			if (score < 0 || !alive_at(e, time, &closed))
				continue;
			/* Open sockets before closed ones, then the better fit, then
			 * the younger socket. */
			int rank = (closed ? 0 : 8) + score;
			if (rank > best_rank || (rank == best_rank && e->born > best->born)) {
				best = e;
				best_rank = rank;
			}
		}
	}
	if (!best)
		return false;
	owner->pid = best->pid;
	owner->endpoint = best->endpoint;
	owner->names.image = best->pid ? wst_process_table_image(o->processes, best->pid) : NULL;
	owner->names.host = is_inet(&best->remote)
	                    ? wst_name_table_find(o->names, best->pid, &best->remote, NULL) : NULL;
	return true;
}
