/* What each AFD event teaches the endpoint table, and what it gets back.
 * The rules are written out in docs/architecture.md. */
#include <stdlib.h>
#include <string.h>

#include "wstrace/endpoint_table.h"
#include "wstrace/lru_map.h"

#define PID_SYSTEM 4
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17

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
	if (how == WST_END_CLOSED)
		t->stats.closed++;
	if (t->on_end)
		t->on_end(t->on_end_ctx, info, how);
}

/* ---- EPROCESS -> PID ---- */

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

/* Where the header PID of a modern event names the caller, by its
 * Location: NetBlame's tables, built from real traces (docs/architecture.md,
 * "The endpoint table"). The
 * reliable ones run in the calling thread: create (request 1002, 1006,
 * 1015; completion 1012, 1013), connect (5023, 5502, 5031), bind (7010,
 * 7022), close (2000, 2001). The unreliable ones run in a system or
 * arbitrary thread: sends 3006, 3018, 3023-3025, 3056, 3073, receives
 * 4107, 4114, 4123, the AcceptEx completion 6101 and the asynchronous
 * datagram receive 4052. */
enum header_trust { TRUST_UNKNOWN, TRUST_RELIABLE, TRUST_UNRELIABLE };

static enum header_trust location_trust(uint32_t location)
{
	switch (location) {
	case 1002: case 1006: case 1015: case 1012: case 1013:
	case 5023: case 5502: case 5031:
	case 7010: case 7022:
	case 2000: case 2001:
		return TRUST_RELIABLE;
	case 3006: case 3018: case 3023: case 3024: case 3025: case 3056: case 3073:
	case 4107: case 4114: case 4123:
	case 6101:
	case 4052:
		return TRUST_UNRELIABLE;
	default:
		return TRUST_UNKNOWN;
	}
}

/* The header PID of AFD events is often a system thread's, a DPC's (0)
 * or another process's. A Location the tables know decides; otherwise
 * the request side of create, bind and connect, which run in the calling
 * thread, is trusted. PIDs 0 and 4 (System) never name a socket's owner. */
static bool header_pid_trusted(const struct wst_record *rec)
{
	uint32_t pid = rec->ev->pid;

	if (pid == 0 || pid == PID_SYSTEM)
		return false;
	enum header_trust trust = rec->has_location ? location_trust(rec->location) : TRUST_UNKNOWN;
	if (trust != TRUST_UNKNOWN)
		return trust == TRUST_RELIABLE;
	if (rec->phase != WST_PHASE_REQUEST)
		return false;
	switch (rec->desc->kind) {
	case WST_EV_CREATE:
	case WST_EV_BIND:
	case WST_EV_CONNECT:
		return true;
	default:
		return false;
	}
}

static void learn_pid(struct wst_endpoint_table *t, struct wst_record *rec)
{
	uint32_t pid = 0;

	if (!rec->has_process)
		return;
	if (rec->desc->kind == WST_EV_CREATE) {
		/* The create's own PID field, else (modern events, where the
		 * field may only say "system or DPC") its trusted header. */
		if (rec->has_user_pid && rec->user_pid != 0 && rec->user_pid != PID_SYSTEM)
			pid = rec->user_pid;
		else if (header_pid_trusted(rec))
			pid = rec->ev->pid;
		else if (rec->has_user_pid && rec->phase == WST_PHASE_NONE)
			pid = rec->user_pid;  /* legacy: the field is all there is */
		if (pid)
			learn_process(t, rec->process, pid);
	} else if (header_pid_trusted(rec) && !lookup_process(t, rec->process, &pid)) {
		learn_process(t, rec->process, rec->ev->pid);
	}
}

/* ---- socket lives ---- */

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
	info->last_seen = now;
	info->connect_latency_us = -1;
	t->stats.sockets++;
	return info;
}

static bool starts_new_life(const struct wst_record *rec)
{
	/* The request side of a create (or a legacy create) is a new socket;
	 * the completion of the same create continues it. */
	return rec->desc->kind == WST_EV_CREATE &&
	       (rec->phase == WST_PHASE_NONE || rec->phase == WST_PHASE_REQUEST);
}

static struct wst_endpoint_info *find_or_start(struct wst_endpoint_table *t, uint64_t endpoint,
                                               bool new_life, uint64_t now)
{
	uint32_t slot = wst_lru_find(&t->sockets, endpoint);

	if (slot != WST_LRU_NONE && !new_life)
		return &t->info[slot];
	if (slot != WST_LRU_NONE) {
		/* An endpoint address seen again at create is a new socket: the
		 * old one's close was not in the capture. */
		end_life(t, &t->info[slot], WST_END_EVICTED);
		wst_lru_remove(&t->sockets, slot);
	}
	return start_life(t, endpoint, now);
}

static void learn_creation(struct wst_endpoint_info *info, const struct wst_record *rec)
{
	info->create_seen = true;
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
}

/* A socket whose create was missed gets its type from the first event
 * that tells: TCP from connects and stream transfers, UDP from datagrams. */
static void infer_type(struct wst_endpoint_info *info, const struct wst_record *rec)
{
	if (info->create_seen || info->socket_type)
		return;
	if (rec->desc->flags & WST_EVENT_STREAM) {
		info->socket_type = SOCK_STREAM;
		info->protocol = IPPROTO_TCP;
	} else if (rec->desc->flags & WST_EVENT_DATAGRAM) {
		info->socket_type = SOCK_DGRAM;
		info->protocol = IPPROTO_UDP;
	}
	if (!info->address_family && rec->addr_complete)
		info->address_family = rec->addr.af;
}

/* A bind's request carries the address asked for (often 0.0.0.0:0), its
 * completion (Location 7022) the address really bound, or a failure and
 * no address (7023). The request's address stands until the completion
 * says otherwise. A socket is bound once: a request on a bound socket
 * fails and leaves its address alone. */
static void learn_bind(struct wst_endpoint_info *info, const struct wst_record *rec)
{
	bool usable = rec->addr_complete && !rec->failed && !rec->truncated;

	if (rec->phase == WST_PHASE_REQUEST) {
		if (usable && info->local.family == WST_FAMILY_NONE) {
			info->local = rec->addr;
			info->local_requested = true;
		}
		return;
	}
	if (rec->phase == WST_PHASE_COMPLETE && info->local_requested) {
		if (rec->failed)
			memset(&info->local, 0, sizeof info->local);
		info->local_requested = false;
	}
	if (usable)
		info->local = rec->addr;
}

static void learn_addresses(struct wst_endpoint_info *info, const struct wst_record *rec)
{
	if (rec->desc->kind == WST_EV_BIND) {
		learn_bind(info, rec);
		return;
	}
	/* A failed connect did not give the socket that address, and a
	 * record cut short may have lost the fields that say whose address
	 * it is (an AcceptEx without its AcceptEndpoint looks like a legacy
	 * accept). */
	if (!rec->addr_complete || rec->failed || rec->truncated)
		return;
	switch (rec->desc->kind) {
	case WST_EV_CONNECT:
		info->remote = rec->addr;
		break;
	case WST_EV_ACCEPT:
		/* Legacy accepts name the accepted socket; AcceptEx events the
		 * listener, whose remote the peer is not (see learn_accept). */
		if (!rec->has_accept_endpoint)
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

/* ---- requests and completions ---- */

static void pending_put(struct wst_endpoint_info *info, uint16_t kind, uint64_t now)
{
	int free_slot = -1;

	for (int i = 0; i < WST_PENDING_MAX; i++) {
		if (info->pending[i].kind == kind) {
			info->pending[i].started = now;  /* a new request restarts */
			return;
		}
		if (info->pending[i].kind == 0 && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0)
		free_slot = 0;  /* more kinds in flight than slots: forget the first */
	info->pending[free_slot].kind = kind;
	info->pending[free_slot].started = now;
}

/* Whole microseconds since the matching request, truncated; -1 if none. */
static int64_t pending_take(struct wst_endpoint_info *info, uint16_t kind, uint64_t now)
{
	for (int i = 0; i < WST_PENDING_MAX; i++) {
		if (info->pending[i].kind != kind)
			continue;
		uint64_t started = info->pending[i].started;
		info->pending[i].kind = 0;
		return now >= started ? (int64_t)((now - started) / 10) : -1;
	}
	return -1;
}

static void pair(struct wst_endpoint_info *info, struct wst_record *rec)
{
	const struct wst_event_desc *d = rec->desc;
	uint64_t now = rec->ev->timestamp;
	int64_t latency = -1;

	if (rec->phase == WST_PHASE_REQUEST)
		pending_put(info, d->kind, now);
	else if (rec->phase == WST_PHASE_COMPLETE)
		latency = pending_take(info, d->kind, now);
	else if (rec->phase == WST_PHASE_NONE && (d->flags & WST_EVENT_REQUEST))
		pending_put(info, d->kind, now);
	else if (rec->phase == WST_PHASE_NONE && d->completes)
		latency = pending_take(info, d->completes, now);
	if (latency < 0)
		return;
	rec->latency_us = latency;
	if (d->kind == WST_EV_CONNECT || d->completes == WST_EV_CONNECT)
		info->connect_latency_us = latency;
}

/* ---- bytes ---- */

/* Send completions AFD logs twice, once nested in another: counting them
 * would double the bytes (NetBlame's "confirmed" double counts at Location
 * 3073, AfdTLBufferedSendCompleteBatch, and 3024, AfdRestartBufferSend). */
static bool double_counted(const struct wst_record *rec)
{
	return rec->has_location && (rec->location == 3073 || rec->location == 3024);
}

/* Which side of a transfer carries the bytes moved. A completion, as a
 * rule: a receive's request offers a buffer (17,408 bytes on a stock
 * socket), its completion says what was read. A datagram send goes whole
 * or not at all, and its completion is optional (real Windows often logs
 * none), so it counts at its request and its completion does not count
 * again (NetBlame counts SendMessageWithAddress on the enter). */
static bool counts_bytes_here(const struct wst_record *rec, uint32_t flags)
{
	if (rec->phase == WST_PHASE_NONE)
		return true;
	bool datagram_send = (flags & WST_EVENT_BYTES_SENT) && (flags & WST_EVENT_DATAGRAM);
	return rec->phase == (datagram_send ? WST_PHASE_REQUEST : WST_PHASE_COMPLETE);
}

static void count_bytes(struct wst_endpoint_info *info, const struct wst_record *rec)
{
	uint32_t flags = rec->desc->flags;

	if (!rec->has_bytes || !(flags & (WST_EVENT_BYTES_SENT | WST_EVENT_BYTES_RECEIVED)))
		return;
	if (!counts_bytes_here(rec, flags) || rec->failed || double_counted(rec))
		return;
	if (flags & WST_EVENT_BYTES_SENT) {
		info->bytes_sent += rec->bytes;
		info->sends++;
	} else {
		info->bytes_received += rec->bytes;
		info->receives++;
	}
}

static void learn(struct wst_endpoint_info *info, struct wst_record *rec)
{
	info->last_seen = rec->ev->timestamp;
	if (rec->has_process)
		info->process = rec->process;
	if (rec->desc->kind == WST_EV_CREATE)
		learn_creation(info, rec);
	infer_type(info, rec);
	learn_addresses(info, rec);
	pair(info, rec);
	count_bytes(info, rec);
	if (rec->failed) {
		info->errors++;
		if (rec->has_status && rec->status)
			info->last_status = rec->status;
	}
}

/* What an accepted socket takes from its listener. */
struct inherited {
	struct wst_sockaddr local;
	uint32_t pid, address_family;
	bool pid_known;
};

/* AcceptEx names the listener (Endpoint) and the new socket
 * (AcceptEndpoint): the new socket gets the peer as remote, the listener's
 * local address and its owner. */
static void learn_accept(struct wst_endpoint_table *t, const struct wst_endpoint_info *listener,
                         struct wst_record *rec)
{
	if (!rec->has_accept_endpoint || !rec->accept_endpoint || rec->failed || rec->truncated)
		return;
	/* Copied first: starting the new socket's life may evict the
	 * listener and reuse its slot. */
	const struct inherited from = {
		.local = listener->local,
		.pid = listener->pid,
		.address_family = listener->address_family,
		.pid_known = listener->pid_known,
	};
	struct wst_endpoint_info *accepted =
		find_or_start(t, rec->accept_endpoint, false, rec->ev->timestamp);
	accepted->last_seen = rec->ev->timestamp;
	if (rec->addr_complete)
		accepted->remote = rec->addr;
	if (accepted->local.family == WST_FAMILY_NONE)
		accepted->local = from.local;
	if (!accepted->pid_known && from.pid_known) {
		accepted->pid = from.pid;
		accepted->pid_known = true;
	}
	if (!accepted->create_seen && !accepted->socket_type) {
		accepted->socket_type = SOCK_STREAM;
		accepted->protocol = IPPROTO_TCP;
		accepted->address_family = from.address_family;
	}
	rec->local = accepted->local;
	rec->remote = accepted->remote;
}

static bool ends_life(const struct wst_record *rec)
{
	return rec->desc->kind == WST_EV_CLOSE &&
	       (rec->phase == WST_PHASE_NONE || rec->phase == WST_PHASE_COMPLETE);
}

struct wst_endpoint_info *wst_endpoint_table_apply(struct wst_endpoint_table *t, struct wst_record *rec)
{
	if (!rec->desc)
		return NULL;
	learn_pid(t, rec);

	uint32_t pid;
	bool pid_from_process = rec->has_process && lookup_process(t, rec->process, &pid);
	if (pid_from_process)
		rec->pid = pid;
	else if (rec->has_location && location_trust(rec->location) == TRUST_UNRELIABLE)
		rec->pid = 0;  /* a system or arbitrary thread's: unknown, unless the owner is known */
	if (!rec->has_endpoint)
		return NULL;

	struct wst_endpoint_info *info =
		find_or_start(t, rec->endpoint, starts_new_life(rec), rec->ev->timestamp);
	learn(info, rec);
	if (pid_from_process && (!info->pid_known || rec->desc->kind == WST_EV_CREATE)) {
		info->pid = pid;
		info->pid_known = true;
	} else if (!pid_from_process && info->pid_known) {
		rec->pid = info->pid;
	}
	rec->local = info->local;
	rec->remote = info->remote;
	if (rec->desc->kind == WST_EV_ACCEPT) {
		learn_accept(t, info, rec);  /* info may be gone from here on */
		info = NULL;
	}

	if (ends_life(rec)) {
		uint32_t slot = wst_lru_find(&t->sockets, rec->endpoint);
		if (slot != WST_LRU_NONE) {
			end_life(t, &t->info[slot], WST_END_CLOSED);
			wst_lru_remove(&t->sockets, slot);
		}
		info = NULL;
	}
	t->stats.live = t->sockets.used;
	return info;
}

void wst_endpoint_table_finish(struct wst_endpoint_table *t)
{
	for (uint32_t s = t->sockets.oldest; s != WST_LRU_NONE; s = t->sockets.nodes[s].newer)
		end_life(t, &t->info[s], WST_END_OPEN_AT_END);
}
