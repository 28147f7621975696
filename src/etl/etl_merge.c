/*
 * One timeline from per-processor buffers (section 6). Each processor's
 * buffers, in SequenceNumber order, form a stream whose records are already
 * in time order; a binary heap holds the next record of every stream and
 * hands out the one with the smallest raw timestamp. Ties go to the lower
 * processor so the order never depends on the heap's history.
 *
 * A stream moves on only at the following wst_etl_next call, because the
 * record just handed out points into that stream's resident buffer.
 */
#include <inttypes.h>
#include <stdlib.h>

#include "etl_internal.h"

static int compare_refs(const void *pa, const void *pb)
{
	const struct wst_etl_buffer_ref *a = pa, *b = pb;

	if (a->cpu != b->cpu)
		return a->cpu < b->cpu ? -1 : 1;
	if (a->sequence != b->sequence)
		return a->sequence < b->sequence ? -1 : 1;
	if (a->file_offset != b->file_offset)
		return a->file_offset < b->file_offset ? -1 : 1;
	return 0;
}

static bool build_streams(struct wst_etl_reader *r)
{
	size_t n = 0;

	qsort(r->index, r->nindex, sizeof *r->index, compare_refs);
	for (size_t i = 0; i < r->nindex; i++)
		if (i == 0 || r->index[i].cpu != r->index[i - 1].cpu)
			n++;
	if (n == 0)
		return true;
	r->streams = calloc(n, sizeof *r->streams);
	r->heap = malloc(n * sizeof *r->heap);
	if (!r->streams || !r->heap)
		return false;
	for (size_t i = 0; i < r->nindex; i++) {
		if (i == 0 || r->index[i].cpu != r->index[i - 1].cpu)
			r->streams[r->nstreams++].first = i;
		r->streams[r->nstreams - 1].count++;
	}
	return true;
}

static bool goes_first(const struct wst_etl_reader *r, size_t a, size_t b)
{
	uint64_t ka = r->streams[a].key, kb = r->streams[b].key;
	return ka < kb || (ka == kb && a < b);
}

static void heap_push(struct wst_etl_reader *r, size_t stream)
{
	size_t i = r->nheap++;

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!goes_first(r, stream, r->heap[parent]))
			break;
		r->heap[i] = r->heap[parent];
		i = parent;
	}
	r->heap[i] = stream;
}

static size_t heap_pop(struct wst_etl_reader *r)
{
	size_t top = r->heap[0];
	size_t moved = r->heap[--r->nheap];
	size_t i = 0;

	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= r->nheap)
			break;
		if (child + 1 < r->nheap && goes_first(r, r->heap[child + 1], r->heap[child]))
			child++;
		if (!goes_first(r, r->heap[child], moved))
			break;
		r->heap[i] = r->heap[child];
		i = child;
	}
	if (r->nheap > 0)
		r->heap[i] = moved;
	return top;
}

/* Finds the stream's next record, loading its next buffers as needed:
 * 1 found, 0 stream finished, -1 I/O error. */
static int advance(struct wst_etl_reader *r, struct wst_etl_stream *s)
{
	s->has_pending = false;
	for (;;) {
		if (s->walking && wst_etl_walk_next(r, &s->walk, &s->pending)) {
			s->has_pending = true;
			/* Without a time of its own a record keeps the key of the one
			 * before it, so it stays next to it in the timeline. */
			if (s->pending.has_time)
				s->key = s->pending.raw_time;
			return 1;
		}
		s->walking = false;
		if (s->next == s->count) {
			wst_etl_release_buffer(r, s);
			return 0;
		}
		if (wst_etl_load_buffer(r, s, &r->index[s->first + s->next++]) < 0)
			return -1;
	}
}

static int advance_and_queue(struct wst_etl_reader *r, size_t stream)
{
	int rc = advance(r, &r->streams[stream]);
	if (rc > 0)
		heap_push(r, stream);
	return rc;
}

static int prime(struct wst_etl_reader *r)
{
	if (!build_streams(r)) {
		wst_etl_problem(r, 0, "out of memory for %u processor streams", (unsigned)r->nindex);
		r->failed = true;
		return -1;
	}
	for (size_t i = 0; i < r->nstreams; i++)
		if (advance_and_queue(r, i) < 0)
			return -1;
	return 0;
}

/* A time past year 9999, or one the clock conversion saturated on, would
 * print as a date that looks right and is not: the event keeps its raw
 * clock value for the formatters, and the first such event is reported. */
static void time_invalid(struct wst_etl_reader *r, struct wst_etl_record *rec, uint64_t raw)
{
	rec->event.time_invalid = 1;
	rec->event.raw_time = raw;
	if (r->reported_time)
		return;
	r->reported_time = true;
	wst_etl_problem(r, rec->file_offset,
	                "event time makes no date (raw clock value %" PRIu64 "): such events show "
	                "that value in place of their time; later ones are not reported", raw);
}

int wst_etl_next(struct wst_etl_reader *r, struct wst_etl_record *rec)
{
	if (r->failed)
		return -1;
	if (!r->primed) {
		r->primed = true;
		if (prime(r) < 0)
			return -1;
	}
	if (r->have_last) {
		r->have_last = false;
		if (advance_and_queue(r, r->last_stream) < 0)
			return -1;
	}
	if (r->nheap == 0)
		return 0;

	size_t stream = heap_pop(r);
	const struct wst_etl_raw_record *raw = &r->streams[stream].pending;
	*rec = raw->rec;  /* started blank: time_invalid 0 */
	uint64_t ft = 0;
	if (raw->has_time && !wst_etl_to_filetime(&r->header, raw->raw_time, &ft))
		time_invalid(r, rec, raw->raw_time);
	rec->timestamp = ft;
	rec->event.timestamp = ft;
	r->stats.records++;
	r->stats.records_by_kind[rec->kind]++;
	r->last_stream = stream;
	r->have_last = true;
	return 1;
}
