/* The findings engine: records and ended socket lives in, findings grouped
 * by subject out. The rules are written out in docs/report.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"
#include "wstrace/status_names.h"
#include "wstrace/string_values.h"

struct wst_report *wst_report_new(const struct wst_report_options *opt)
{
	struct wst_report *r = calloc(1, sizeof *r);

	if (!r)
		return NULL;
	r->opt = *opt;
	if (!r->opt.slow_connect_ms)
		r->opt.slow_connect_ms = WST_REPORT_SLOW_CONNECT_MS;
	if (!r->opt.slow_lookup_ms)
		r->opt.slow_lookup_ms = WST_REPORT_SLOW_LOOKUP_MS;
	uint32_t capacity = opt->socket_capacity ? opt->socket_capacity : WST_ENDPOINT_DEFAULT_CAPACITY;
	wst_keyed_init(&r->findings, sizeof(struct wst_finding), WST_FINDING_KEY_SIZE,
	               WST_REPORT_FINDINGS_MAX);
	wst_keyed_init(&r->processes, sizeof(struct wst_report_process),
	               WST_PROCESS_KEY_SIZE, WST_REPORT_PROCESSES_MAX);
	wst_keyed_init(&r->remotes, sizeof(struct wst_report_remote), WST_REMOTE_KEY_SIZE,
	               WST_REPORT_REMOTES_MAX);
	r->notes = calloc(capacity, sizeof *r->notes);
	r->lives = malloc(WST_REPORT_TIMELINE_MAX * sizeof *r->lives);
	if (!r->notes || !r->lives || !wst_lru_init(&r->sockets, capacity) ||
	    !wst_lookup_pairs_init(&r->lookups, WST_REPORT_LOOKUPS_MAX)) {
		wst_report_free(r);
		return NULL;
	}
	return r;
}

void wst_report_free(struct wst_report *r)
{
	if (!r)
		return;
	wst_lru_free(&r->sockets);
	wst_lookup_pairs_free(&r->lookups);
	free(r->notes);
	free(r->lives);
	wst_keyed_free(&r->findings);
	wst_keyed_free(&r->processes);
	wst_keyed_free(&r->remotes);
	free(r);
}

/* An address as a key: only the bytes its family uses, the rest zero, and
 * nothing at all for other families (they are not part of a subject). */
void wst_report_clean_addr(struct wst_sockaddr *dst, const struct wst_sockaddr *src)
{
	memset(dst, 0, sizeof *dst);
	if (src->family != WST_FAMILY_IPV4 && src->family != WST_FAMILY_IPV6)
		return;
	dst->family = src->family;
	dst->af = src->af;
	dst->port = src->port;
	memcpy(dst->addr, src->addr, src->family == WST_FAMILY_IPV4 ? 4 : 16);
}

/* ---- findings ---- */

struct subject {
	bool has_pid;
	uint32_t pid;
	const struct wst_sockaddr *remote, *local;
	const char *reason;
	const char *name;               /* a lookup's name */
};

/* At most n - 1 bytes of text into a zeroed key member. */
static void key_text(char *dst, size_t n, const char *text)
{
	size_t len = strlen(text);

	memcpy(dst, text, len < n ? len : n - 1);
}

/* Counts one more occurrence (or count of them) of the rule on the
 * subject; returns the finding, NULL past the ceiling. */
static struct wst_finding *add_finding(struct wst_report *r, enum wst_finding_id id,
                                       const struct subject *s, uint64_t count, uint64_t first,
                                       uint64_t last, uint64_t endpoint)
{
	struct wst_finding key;

	memset(&key, 0, sizeof key);
	key.id = (uint16_t)id;
	key.has_pid = s->has_pid;
	key.pid = s->has_pid ? s->pid : 0;
	if (s->remote)
		wst_report_clean_addr(&key.remote, s->remote);
	if (s->local)
		wst_report_clean_addr(&key.local, s->local);
	if (s->reason)
		key_text(key.reason, sizeof key.reason, s->reason);
	if (s->name)
		key_text(key.name, sizeof key.name, s->name);
	struct wst_finding *f = wst_keyed_get(&r->findings, &key);
	if (!f)
		return NULL;
	f->count += count;
	if (first && (!f->first || first < f->first))
		f->first = first;
	if (last > f->last)
		f->last = last;
	if (!endpoint || endpoint == f->last_endpoint)
		return f;
	/* Past the first few, sockets are only counted: one that comes back
	 * after others is counted again (docs/report.md). */
	for (uint32_t i = 0; i < f->endpoint_count && i < WST_REPORT_ENDPOINTS_MAX; i++)
		if (f->endpoints[i] == endpoint)
			return f;
	f->last_endpoint = endpoint;
	if (f->endpoint_count < WST_REPORT_ENDPOINTS_MAX)
		f->endpoints[f->endpoint_count] = endpoint;
	f->endpoint_count++;
	return f;
}

/* ---- what one record says ---- */

enum failure { F_NONE, F_REFUSED, F_TIMEOUT, F_UNREACHABLE, F_RESET, F_BIND_CONFLICT, F_CANCELLED };

/* The Winsock errors the rules look for: an NTSTATUS is taken as the
 * Winsock error it becomes, so that both families of codes meet here. */
static const struct {
	const char *name;
	enum failure failure;
} winsock_failures[] = {
	{ "WSAECONNREFUSED", F_REFUSED },
	{ "WSAETIMEDOUT", F_TIMEOUT },
	{ "WSAEHOSTUNREACH", F_UNREACHABLE },
	{ "WSAENETUNREACH", F_UNREACHABLE },
	{ "WSAECONNRESET", F_RESET },
	{ "WSAECONNABORTED", F_RESET },
	{ "WSAEADDRINUSE", F_BIND_CONFLICT },
	{ "WSAEACCES", F_BIND_CONFLICT },
	/* STATUS_CANCELLED: cancelled by a close, as a rule */
	{ "WSA_OPERATION_ABORTED", F_CANCELLED },
};

static enum failure failure_of(const char *wsa)
{
	for (size_t i = 0; wsa && i < sizeof winsock_failures / sizeof winsock_failures[0]; i++)
		if (strcmp(wsa, winsock_failures[i].name) == 0)
			return winsock_failures[i].failure;
	return F_NONE;
}

static bool is_connect(const struct wst_record *rec)
{
	return rec->desc->kind == WST_EV_CONNECT || rec->desc->kind == WST_EV_CONNECT_COMPLETE;
}

static bool is_request(const struct wst_record *rec)
{
	return rec->phase == WST_PHASE_REQUEST ||
	       (rec->phase == WST_PHASE_NONE && (rec->desc->flags & WST_EVENT_REQUEST));
}

static bool is_completion(const struct wst_record *rec)
{
	return rec->phase == WST_PHASE_NONE || rec->phase == WST_PHASE_COMPLETE;
}

/* The name of an abort or drop reason: its manifest map, else a code name. */
static const char *reason_name(const struct wst_record *rec, char *buf, size_t len)
{
	for (unsigned i = 0; i < rec->desc->field_count; i++) {
		const struct wst_field_desc *fd = &rec->desc->fields[i];
		if (fd->role != WST_ROLE_REASON || !fd->map)
			continue;
		const char *name = wst_value_map_name(fd->map, rec->reason);
		if (name)
			return name;
	}
	const char *name = wst_code_name(rec->reason);
	if (name)
		return name;
	snprintf(buf, len, "reason %d", (int32_t)rec->reason);
	return buf;
}

static struct socket_notes *notes_for(struct wst_report *r, uint64_t endpoint)
{
	uint32_t slot = wst_lru_find(&r->sockets, endpoint);

	if (slot == WST_LRU_NONE) {
		bool evicted;
		uint64_t old;
		slot = wst_lru_insert(&r->sockets, endpoint, &evicted, &old);
		memset(&r->notes[slot], 0, sizeof r->notes[slot]);
	}
	return &r->notes[slot];
}

/* A failed record: which finding it is, if any. */
static void failed_record(struct wst_report *r, const struct wst_record *rec,
                          struct socket_notes *n, const struct subject *who)
{
	uint64_t ts = rec->ev->timestamp, ep = rec->has_endpoint ? rec->endpoint : 0;
	uint16_t kind = rec->desc->kind;
	const char *wsa = rec->has_status ? wst_winsock_name(rec->status) : NULL;
	enum failure f = failure_of(wsa);
	struct subject s = *who;
	char buf[24];

	if (kind == WST_EV_DATAGRAM_DROPPED) {
		s.remote = NULL;
		s.local = &rec->local;
		s.reason = rec->has_reason ? reason_name(rec, buf, sizeof buf) : "unknown reason";
		add_finding(r, WST_FINDING_DATAGRAMS_DROPPED, &s, 1, ts, ts, ep);
		return;
	}
	if (f == F_CANCELLED)
		return;  /* a pending operation cancelled when its socket closed */
	if ((kind == WST_EV_GETADDRINFO || kind == WST_EV_DNS_QUERY) && rec->name_field != WST_NO_FIELD) {
		/* A failed lookup, by name and by what it said (getaddrinfo's
		 * Winsock error, the DNS client's own status). */
		char name[sizeof ((struct wst_finding *)0)->name];
		wst_value_utf8(rec->desc->fields[rec->name_field].type, &rec->values[rec->name_field], name,
		               sizeof name);
		s.remote = NULL;
		s.name = name;
		s.reason = rec->has_status ? wst_code_name(rec->status) : NULL;
		if (rec->has_status && !s.reason) {
			wst_report_code_text(rec->status, buf, sizeof buf);
			s.reason = buf;
		}
		add_finding(r, WST_FINDING_NAME_NOT_FOUND, &s, 1, ts, ts, 0);
		return;
	}
	if (kind == WST_EV_ACCEPT_FAILED || kind == WST_EV_ACCEPT) {
		s.remote = NULL;
		s.local = &rec->local;
		s.reason = rec->has_status ? wst_code_name(rec->status) : NULL;
		if (rec->has_status && !s.reason) {
			wst_report_code_text(rec->status, buf, sizeof buf);
			s.reason = buf;
		}
		add_finding(r, WST_FINDING_ACCEPT_FAILED, &s, 1, ts, ts, ep);
		return;
	}
	if ((kind == WST_EV_BIND || kind == WST_EV_BIND_FAILED) && f == F_BIND_CONFLICT) {
		/* The address the bind asked for: its request's, else the one the
		 * failed event names. */
		s.remote = NULL;
		s.local = n && n->bind_asked.family ? &n->bind_asked
		          : rec->addr_complete ? &rec->addr : NULL;
		s.reason = wsa;
		add_finding(r, WST_FINDING_BIND_CONFLICT, &s, 1, ts, ts, ep);
		return;
	}
	if (is_connect(rec) && (f == F_REFUSED || f == F_TIMEOUT || f == F_UNREACHABLE)) {
		/* One failed connect may be logged by its request and its
		 * completion: counted once per attempt. */
		if (n && n->connect_failed)
			return;
		if (n)
			n->connect_failed = true;
		if (f == F_UNREACHABLE)
			s.reason = wsa;
		add_finding(r, f == F_REFUSED ? WST_FINDING_CONNECT_REFUSED
		               : f == F_TIMEOUT ? WST_FINDING_CONNECT_TIMEOUT
		                                : WST_FINDING_HOST_UNREACHABLE, &s, 1, ts, ts, ep);
		return;
	}
	if (f == F_UNREACHABLE) {
		s.reason = wsa;
		if (!s.remote->family && rec->addr_complete)
			s.remote = &rec->addr;  /* a send-to names its destination */
		add_finding(r, WST_FINDING_HOST_UNREACHABLE, &s, 1, ts, ts, ep);
		return;
	}
	bool aborted = kind == WST_EV_ABORT || kind == WST_EV_TRANSPORT_ABORT;
	if (f == F_RESET || aborted) {
		/* One reset shows as an indication, an abort and the failed
		 * operations in flight: counted once per socket life. An abort
		 * after a failed connect is that failure, already counted. */
		if (n && (n->reset_counted || n->connect_failed))
			return;
		if (n)
			n->reset_counted = true;
		add_finding(r, WST_FINDING_CONNECTION_RESET, &s, 1, ts, ts, ep);
		return;
	}
	/* No rule names it: said as it is, by status and event. */
	char reason[96];
	const char *code = rec->has_status ? wst_code_name(rec->status) : NULL;
	if (rec->has_status && !code) {
		wst_report_code_text(rec->status, buf, sizeof buf);
		code = buf;
	}
	snprintf(reason, sizeof reason, "%s (%s)", code ? code : "failed", rec->desc->name);
	s.reason = reason;
	add_finding(r, WST_FINDING_OPERATION_FAILED, &s, 1, ts, ts, ep);
}

/* ---- lookups and their latency ---- */

/* Who asked for what: process, thread, event, DNS record type and name;
 * false when the record is no lookup or names nothing. */
static bool lookup_key(const struct wst_record *rec, struct wst_lookup_key *k)
{
	const struct wst_event_desc *d = rec->desc;

	if ((d->kind != WST_EV_GETADDRINFO && d->kind != WST_EV_DNS_QUERY) ||
	    rec->name_field == WST_NO_FIELD || !rec->values[rec->name_field].present)
		return false;
	memset(k, 0, sizeof *k);
	k->pid = rec->pid;
	k->tid = rec->ev->tid;
	k->kind = d->kind;
	wst_value_utf8(d->fields[rec->name_field].type, &rec->values[rec->name_field], k->name,
	               sizeof k->name);
	/* An A and an AAAA query for one name may be in flight at once. */
	for (unsigned i = 0; i < d->field_count && rec->values[i].present; i++)
		if (strcmp(d->fields[i].key, "query_type") == 0)
			k->query_type = (uint16_t)rec->values[i].u;
	return true;
}

/* A request is remembered; its answer, failed or not, measured against
 * --slow-lookup (docs/report.md, Names). */
static void pair_lookup(struct wst_report *r, const struct wst_record *rec)
{
	struct wst_lookup_key k;
	uint64_t ts = rec->ev->timestamp, started;

	if (!lookup_key(rec, &k))
		return;
	if (rec->phase == WST_PHASE_REQUEST) {
		if (!rec->failed)  /* one that failed at once has no answer coming */
			wst_lookup_pairs_request(&r->lookups, &k, ts);
		return;
	}
	if (rec->phase != WST_PHASE_COMPLETE || !wst_lookup_pairs_answer(&r->lookups, &k, &started) ||
	    ts < started)
		return;
	uint64_t took_us = (ts - started) / 10;
	if (took_us < (uint64_t)r->opt.slow_lookup_ms * 1000)
		return;
	struct subject s = { rec->pid != 0, rec->pid, NULL, NULL, NULL, k.name };
	struct wst_finding *f = add_finding(r, WST_FINDING_SLOW_LOOKUP, &s, 1, ts, ts, 0);
	if (f && took_us > f->worst)
		f->worst = took_us;
}

/* Send completions AFD logs twice, nested (Location 3073 and 3024): the
 * endpoint table does not count their bytes, nor does this count them. */
static bool nested_send(const struct wst_record *rec)
{
	return rec->has_location && (rec->location == 3073 || rec->location == 3024);
}

void wst_report_record(struct wst_report *r, const struct wst_record *rec)
{
	if (!rec->desc)
		return;
	uint64_t ts = rec->ev->timestamp;
	if (!r->first || ts < r->first)
		r->first = ts;
	if (ts > r->last)
		r->last = ts;

	uint16_t kind = rec->desc->kind;
	/* A close comes after its life ended (the endpoint table ends it
	 * first): it starts no notes. */
	struct socket_notes *n = rec->has_endpoint && kind != WST_EV_CLOSE ? notes_for(r, rec->endpoint)
	                                                                   : NULL;
	/* Most subjects are a process and its remote; binds, accepts and
	 * drops name the local address instead (failed_record). */
	/* PID 0 is the idle process, never a socket's owner: the endpoint
	 * table's "not known yet". */
	struct subject who = { rec->pid != 0, rec->pid, &rec->remote, NULL, NULL, NULL };

	if (n && is_connect(rec) && is_request(rec)) {
		n->connect_started = ts;
		n->connect_failed = false;
	}
	if (n && kind == WST_EV_BIND && (rec->phase == WST_PHASE_REQUEST || rec->phase == WST_PHASE_NONE) &&
	    rec->addr_complete && !rec->truncated)
		wst_report_clean_addr(&n->bind_asked, &rec->addr);
	pair_lookup(r, rec);
	if (rec->failed) {
		if (n)
			n->failed = true;
		failed_record(r, rec, n, &who);
		return;
	}
	if (is_connect(rec) && is_completion(rec) && rec->latency_us >= 0 &&
	    (uint64_t)rec->latency_us >= (uint64_t)r->opt.slow_connect_ms * 1000) {
		struct wst_finding *f = add_finding(r, WST_FINDING_SLOW_CONNECT, &who, 1, ts, ts,
		                                    rec->has_endpoint ? rec->endpoint : 0);
		if (f && (uint64_t)rec->latency_us > f->worst)
			f->worst = (uint64_t)rec->latency_us;
	}
	if (n && (rec->desc->flags & WST_EVENT_BYTES_SENT) && rec->has_bytes && is_completion(rec) &&
	    !nested_send(rec) && rec->bytes < WST_REPORT_SMALL_SEND_BYTES) {
		if (!n->small_sends)
			n->small_first = ts;
		n->small_last = ts;
		n->small_sends++;
	}
}

/* ---- what an ended life says ---- */

void wst_report_socket_end(struct wst_report *r, const struct wst_endpoint_info *info,
                           enum wst_endpoint_end how)
{
	struct socket_notes none, *n = &none;
	uint32_t slot = wst_lru_find(&r->sockets, info->endpoint);

	memset(&none, 0, sizeof none);
	if (slot != WST_LRU_NONE) {
		none = r->notes[slot];
		wst_lru_remove(&r->sockets, slot);
	}
	r->sockets_seen++;
	struct subject who = { info->pid_known, info->pid, &info->remote, NULL, NULL, NULL };
	if (n->small_sends >= WST_REPORT_SMALL_SENDS_MIN)
		add_finding(r, WST_FINDING_SMALL_SENDS, &who, n->small_sends, n->small_first, n->small_last,
		            info->endpoint);
	uint64_t life_us = info->last_seen >= info->opened ? (info->last_seen - info->opened) / 10 : 0;
	if (how == WST_END_CLOSED && info->remote.family && !n->connect_failed &&
	    life_us < (uint64_t)WST_REPORT_CHURN_LIFE_MS * 1000)
		add_finding(r, WST_FINDING_SOCKET_CHURN, &who, 1, info->opened, info->last_seen, info->endpoint);
	if (how == WST_END_OPEN_AT_END) {
		who.remote = NULL;
		add_finding(r, WST_FINDING_SOCKETS_LEFT_OPEN, &who, 1, info->opened, info->last_seen,
		            info->endpoint);
	}
	wst_report_count_life(r, info, how, n->connect_started, n->connect_failed, n->failed);
}

static void observe_record(void *ctx, const struct wst_record *rec)
{
	wst_report_record(ctx, rec);
}

static void observe_end(void *ctx, const struct wst_endpoint_info *info, enum wst_endpoint_end how)
{
	wst_report_socket_end(ctx, info, how);
}

void wst_report_observe(struct wst_report *r, struct wst_pipeline_observer *w)
{
	w->record = observe_record;
	w->socket_end = observe_end;
	w->ctx = r;
}

void wst_report_set_names(struct wst_report *r, const struct wst_report_names *names)
{
	r->opt.names = *names;
}
