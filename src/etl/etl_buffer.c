/*
 * Bringing one buffer into memory for its stream: only the filled part of an
 * uncompressed buffer is read (the 0xFF fill after it is never needed), and a
 * compressed buffer is inflated to the size its header announces.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "etl_internal.h"

#define XPRESS_FORMAT 3u

static bool reserve(uint8_t **p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return true;
	uint8_t *grown = realloc(*p, need);
	if (!grown)
		return false;
	*p = grown;
	*cap = need;
	return true;
}

/* Room for need bytes in the stream's buffer, within the reader's budget
 * for all resident buffers; false with the problem reported. */
static bool reserve_stream(struct wst_etl_reader *r, struct wst_etl_stream *s,
                           const struct wst_etl_buffer_ref *ref, size_t need)
{
	if (need <= s->cap)
		return true;
	if (r->resident - s->cap + need > r->resident_limit) {
		wst_etl_problem(r, ref->file_offset,
		                "buffer of 0x%llx bytes skipped: the processors' buffers would take more "
		                "than %llu MiB together", (unsigned long long)need,
		                (unsigned long long)(r->resident_limit >> 20));
		return false;
	}
	size_t old = s->cap;
	if (!reserve(&s->data, &s->cap, need)) {
		wst_etl_problem(r, ref->file_offset, "out of memory for a 0x%llx byte buffer",
		                (unsigned long long)need);
		return false;
	}
	r->resident = r->resident - old + s->cap;
	return true;
}

void wst_etl_release_buffer(struct wst_etl_reader *r, struct wst_etl_stream *s)
{
	r->resident -= s->cap;
	free(s->data);
	s->data = NULL;
	s->cap = 0;
}

static void start_walk(struct wst_etl_stream *s, const struct wst_etl_buffer_ref *ref, size_t len)
{
	s->walk.data = s->data;
	s->walk.len = len;
	s->walk.pos = WST_ETL_BUFFER_HEADER_SIZE;
	s->walk.buf = ref;
	s->walking = true;
}

static int read_failed(struct wst_etl_reader *r, const struct wst_etl_buffer_ref *ref)
{
	wst_etl_problem(r, ref->file_offset, "cannot read buffer: %s",
	                errno ? strerror(errno) : "short read");
	r->stats.read_errors++;
	r->failed = true;
	return -1;
}

static int skip(struct wst_etl_reader *r)
{
	r->stats.buffers_skipped++;
	return 0;
}

static int load_compressed(struct wst_etl_reader *r, struct wst_etl_stream *s,
                           const struct wst_etl_buffer_ref *ref)
{
	uint16_t format = r->header.compression_format;
	size_t out_len = 0;

	if (format != XPRESS_FORMAT) {
		/* Every compressed buffer of the file shares the format: once is
		 * enough to say why they are all skipped. */
		if (!r->reported_format)
			wst_etl_problem(r, ref->file_offset, "compression format %u not supported",
			                (unsigned)format);
		r->reported_format = true;
		return skip(r);
	}
	if (!reserve(&r->scratch, &r->scratch_cap, ref->disk_size)) {
		wst_etl_problem(r, ref->file_offset, "out of memory for a 0x%x byte buffer",
		                (unsigned)ref->disk_size);
		return skip(r);
	}
	if (!reserve_stream(r, s, ref, ref->data_end))
		return skip(r);
	errno = 0;
	if (!wst_etl_read_at(r->f, ref->file_offset, r->scratch, ref->disk_size))
		return read_failed(r, ref);
	memcpy(s->data, r->scratch, WST_ETL_BUFFER_HEADER_SIZE);
	size_t want = ref->data_end - WST_ETL_BUFFER_HEADER_SIZE;
	const char *why = wst_xpress_decompress(r->scratch + WST_ETL_BUFFER_HEADER_SIZE,
	                                        ref->disk_size - WST_ETL_BUFFER_HEADER_SIZE,
	                                        s->data + WST_ETL_BUFFER_HEADER_SIZE, want, &out_len);
	/* A cut stream was reported when indexed; its complete prefix is still
	 * worth walking. */
	if (why && !ref->truncated) {
		wst_etl_problem(r, ref->file_offset, "compressed buffer: %s", why);
		return skip(r);
	}
	if (!why && out_len != want)
		wst_etl_problem(r, ref->file_offset, "compressed buffer inflates to 0x%x bytes, not 0x%x",
		                (unsigned)out_len, (unsigned)want);
	start_walk(s, ref, WST_ETL_BUFFER_HEADER_SIZE + out_len);
	return 1;
}

int wst_etl_load_buffer(struct wst_etl_reader *r, struct wst_etl_stream *s,
                        const struct wst_etl_buffer_ref *ref)
{
	s->walking = false;
	if (ref->flags & WST_ETL_FLAG_COMPRESSED)
		return load_compressed(r, s, ref);

	size_t len = ref->data_end < ref->disk_size ? ref->data_end : ref->disk_size;
	if (!reserve_stream(r, s, ref, len))
		return skip(r);
	errno = 0;
	if (!wst_etl_read_at(r->f, ref->file_offset, s->data, len))
		return read_failed(r, ref);
	start_walk(s, ref, len);
	return 1;
}
