/* Per-process totals, top remotes and the timeline of socket lives, and
 * the report's last step: the input's own findings, thresholds, order. */
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

static void count_process(struct wst_report *r, const struct wst_endpoint_info *info,
                          bool connected, bool drawn)
{
	struct wst_report_process key;

	memset(&key, 0, sizeof key);
	key.pid_known = info->pid_known;
	key.pid = info->pid_known ? info->pid : 0;
	struct wst_report_process *p = wst_keyed_get(&r->processes, &key);
	if (!p)
		return;
	p->sockets++;
	p->connections += connected;
	p->bytes_sent += info->bytes_sent;
	p->bytes_received += info->bytes_received;
	p->errors += info->errors;
	p->not_drawn += !drawn;
}

static void count_remote(struct wst_report *r, const struct wst_endpoint_info *info)
{
	struct wst_report_remote key;

	memset(&key, 0, sizeof key);
	key.pid_known = info->pid_known;
	key.pid = info->pid_known ? info->pid : 0;
	wst_report_clean_addr(&key.remote, &info->remote);
	if (!key.remote.family)
		return;
	struct wst_report_remote *e = wst_keyed_get(&r->remotes, &key);
	if (!e)
		return;
	e->sockets++;
	e->bytes += info->bytes_sent + info->bytes_received;
}

void wst_report_count_life(struct wst_report *r, const struct wst_endpoint_info *info,
                           enum wst_endpoint_end how, uint64_t connect_started,
                           bool connect_failed, bool failed)
{
	/* A connection: a socket with a peer whose connect, if any, worked. */
	bool connected = info->remote.family && !connect_failed;
	bool drawn = r->life_count < WST_REPORT_TIMELINE_MAX;

	count_process(r, info, connected, drawn);
	count_remote(r, info);
	if (info->opened && (!r->first || info->opened < r->first))
		r->first = info->opened;
	if (info->last_seen > r->last)
		r->last = info->last_seen;
	if (!drawn)
		return;
	struct wst_report_life *l = &r->lives[r->life_count++];
	memset(l, 0, sizeof *l);
	l->pid_known = info->pid_known;
	l->pid = info->pid_known ? info->pid : 0;
	l->endpoint = info->endpoint;
	l->opened = info->opened;
	l->connect_started = connect_started;
	l->ended = info->last_seen;
	l->connect_us = info->connect_latency_us;
	l->failed = failed || info->errors > 0;
	l->end = (uint8_t)how;
	l->last_status = info->last_status;
	l->protocol = info->protocol;
	wst_report_clean_addr(&l->local, &info->local);
	wst_report_clean_addr(&l->remote, &info->remote);
	l->bytes_sent = info->bytes_sent;
	l->bytes_received = info->bytes_received;
}

/* ---- the last step ---- */

static void input_findings(struct wst_report *r, const struct wst_report_input *in)
{
	struct wst_finding key;
	struct wst_finding *f;

	memset(&key, 0, sizeof key);
	if (in->events_lost || in->buffers_lost || in->lost_flag_buffers) {
		key.id = WST_FINDING_EVENTS_LOST;
		f = wst_keyed_get(&r->findings, &key);
		if (f) {
			/* Events when the header counts them, else buffers. */
			f->count = in->events_lost ? in->events_lost : in->buffers_lost + in->lost_flag_buffers;
			f->detail = in->buffers_lost + in->lost_flag_buffers;
		}
	}
	/* Events, but none of the provider: the session did not enable it. */
	if (in->events && !in->afd_events) {
		key.id = WST_FINDING_NO_WINSOCK_EVENTS;
		f = wst_keyed_get(&r->findings, &key);
		if (f)
			f->count = in->events;
	}
	if (in->problems) {
		key.id = WST_FINDING_CAPTURE_DAMAGED;
		f = wst_keyed_get(&r->findings, &key);
		if (f)
			f->count = in->problems;
	}
}

static uint64_t min_count(uint16_t id)
{
	return id == WST_FINDING_SOCKET_CHURN ? WST_REPORT_CHURN_MIN : 1;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_addr(const struct wst_sockaddr *a, const struct wst_sockaddr *b)
{
	return memcmp(a, b, sizeof *a);
}

static int cmp_pid(bool ka, uint32_t a, bool kb, uint32_t b)
{
	if (ka != kb)
		return ka ? -1 : 1;  /* unknown PIDs last */
	return cmp_u64(a, b);
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct wst_finding *a = pa, *b = pb;
	int c = cmp_u64(wst_finding_severity(a->id), wst_finding_severity(b->id));

	if (!c)
		c = -cmp_u64(a->count, b->count);
	if (!c)
		c = cmp_u64(a->id, b->id);
	if (!c)
		c = cmp_u64(a->first, b->first);
	if (!c)
		c = cmp_pid(a->has_pid, a->pid, b->has_pid, b->pid);
	if (!c)
		c = cmp_addr(&a->remote, &b->remote);
	if (!c)
		c = cmp_addr(&a->local, &b->local);
	return c ? c : strcmp(a->reason, b->reason);
}

static int cmp_process(const void *pa, const void *pb)
{
	const struct wst_report_process *a = pa, *b = pb;

	return cmp_pid(a->pid_known, a->pid, b->pid_known, b->pid);
}

static int cmp_remote(const void *pa, const void *pb)
{
	const struct wst_report_remote *a = pa, *b = pb;
	int c = cmp_pid(a->pid_known, a->pid, b->pid_known, b->pid);

	if (!c)
		c = -cmp_u64(a->sockets, b->sockets);
	if (!c)
		c = -cmp_u64(a->bytes, b->bytes);
	return c ? c : cmp_addr(&a->remote, &b->remote);
}

static int cmp_life(const void *pa, const void *pb)
{
	const struct wst_report_life *a = pa, *b = pb;
	int c = cmp_pid(a->pid_known, a->pid, b->pid_known, b->pid);

	if (!c)
		c = cmp_u64(a->opened, b->opened);
	return c ? c : cmp_u64(a->endpoint, b->endpoint);
}

void wst_report_finish(struct wst_report *r, const struct wst_report_input *in)
{
	r->input = *in;
	input_findings(r, in);
	uint32_t kept = 0;
	for (uint32_t i = 0; i < r->findings.count; i++) {
		struct wst_finding *f = wst_keyed_at(&r->findings, i);
		if (f->count >= min_count(f->id))
			memmove(wst_keyed_at(&r->findings, kept++), f, sizeof *f);
	}
	r->findings.count = kept;
	wst_keyed_sort(&r->findings, cmp_finding);
	wst_keyed_sort(&r->processes, cmp_process);
	wst_keyed_sort(&r->remotes, cmp_remote);
	if (r->life_count > 1)
		qsort(r->lives, r->life_count, sizeof *r->lives, cmp_life);
}

void wst_report_view(const struct wst_report *r, struct wst_report_view *v)
{
	memset(v, 0, sizeof *v);
	v->input = &r->input;
	v->names = &r->opt.names;
	v->findings = (const struct wst_finding *)r->findings.entries;
	v->finding_count = r->findings.count;
	v->findings_dropped = r->findings.dropped;
	v->processes = (const struct wst_report_process *)r->processes.entries;
	v->process_count = r->processes.count;
	v->remotes = (const struct wst_report_remote *)r->remotes.entries;
	v->remote_count = r->remotes.count;
	v->lives = r->lives;
	v->life_count = r->life_count;
	v->sockets = r->sockets_seen;
	v->first = r->first;
	v->last = r->last;
	v->slow_connect_ms = r->opt.slow_connect_ms;
	v->slow_lookup_ms = r->opt.slow_lookup_ms;
	v->lookups_evicted = r->lookups.evicted;
}
