/*
 * The buffer index: one small entry per buffer, found by stepping each
 * buffer's own BufferSize (compressed files pack buffers of varying size,
 * section 1.1). Only the 0x48-byte headers are read here; the merge loads
 * the buffers themselves later, one per processor at a time.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "etl_internal.h"

static bool push_ref(struct wst_etl_reader *r, const struct wst_etl_buffer_ref *ref)
{
	if (r->nindex == r->index_cap) {
		size_t cap = r->index_cap ? r->index_cap * 2 : 64;
		if (cap > SIZE_MAX / sizeof *r->index)
			return false;
		struct wst_etl_buffer_ref *grown = realloc(r->index, cap * sizeof *grown);
		if (!grown)
			return false;
		r->index = grown;
		r->index_cap = cap;
	}
	r->index[r->nindex++] = *ref;
	return true;
}

/* Records one located buffer; false only when memory runs out. */
static bool add_buffer(struct wst_etl_reader *r, uint64_t pos, const struct wst_etl_buffer_header *bh)
{
	struct wst_etl_buffer_ref ref;
	uint64_t left = r->header.file_size - pos;

	r->stats.buffers++;
	if (bh->flags & (WST_ETL_FLAG_EVENTS_LOST | WST_ETL_FLAG_BUFFER_LOST))
		r->stats.lost_flag_buffers++;
	if (bh->flags & WST_ETL_FLAG_COMPRESSED)
		r->stats.compressed_buffers++;

	memset(&ref, 0, sizeof ref);
	ref.file_offset = pos;
	ref.sequence = bh->sequence;
	ref.cpu = bh->cpu;
	ref.flags = bh->flags;
	ref.disk_size = left < bh->buffer_size ? (uint32_t)left : bh->buffer_size;
	ref.data_end = wst_etl_data_end(bh);
	if (ref.disk_size < bh->buffer_size) {
		wst_etl_problem(r, pos, "buffer truncated by end of file: 0x%x of 0x%x bytes present",
		                (unsigned)ref.disk_size, (unsigned)bh->buffer_size);
		/* Uncompressed records are cut only if the data reaches past EOF;
		 * a compressed stream is cut whenever its bytes are. */
		ref.truncated = (bh->flags & WST_ETL_FLAG_COMPRESSED) || ref.disk_size < ref.data_end;
	}
	if (ref.data_end == 0) {
		wst_etl_problem(r, pos + WST_ETL_BUF_OFFSET_OFF,
		                "buffer data end invalid: offset 0x%x, saved offset 0x%x, size 0x%x",
		                (unsigned)bh->offset, (unsigned)bh->saved_offset, (unsigned)bh->buffer_size);
		r->stats.buffers_skipped++;
		return true;
	}
	/* A few compressed bytes can claim megabytes; holding the inflated size
	 * to the session's buffer size keeps a hostile file from multiplying
	 * memory by its number of processor streams. */
	uint32_t session = r->header.buffer_size;
	if ((bh->flags & WST_ETL_FLAG_COMPRESSED) && session >= WST_ETL_BUFFER_HEADER_SIZE &&
	    ref.data_end > session) {
		wst_etl_problem(r, pos + WST_ETL_BUF_SAVED_OFFSET_OFF,
		                "compressed buffer inflates to 0x%x bytes, past the session buffer size 0x%x",
		                (unsigned)ref.data_end, (unsigned)session);
		r->stats.buffers_skipped++;
		return true;
	}
	/* The work of inflating, and the memory it fills, must stay in
	 * proportion to the bytes the file really holds. */
	uint64_t stored = ref.disk_size - WST_ETL_BUFFER_HEADER_SIZE;
	if ((bh->flags & WST_ETL_FLAG_COMPRESSED) &&
	    ref.data_end - WST_ETL_BUFFER_HEADER_SIZE > stored * WST_ETL_MAX_INFLATE_RATIO) {
		wst_etl_problem(r, pos + WST_ETL_BUF_SAVED_OFFSET_OFF,
		                "compressed buffer claims 0x%x bytes from 0x%x stored, "
		                "more than %u times as many",
		                (unsigned)(ref.data_end - WST_ETL_BUFFER_HEADER_SIZE), (unsigned)stored,
		                WST_ETL_MAX_INFLATE_RATIO);
		r->stats.buffers_skipped++;
		return true;
	}
	return push_ref(r, &ref);
}

/* In an uncompressed file every buffer has the session's size (section
 * 1.1), so a buffer that says otherwise is damaged and the next one is
 * still found one session size further. 0 when sizes may vary: compressed
 * files, or a logfile header and header buffer that disagree. */
static uint32_t uniform_size(const struct wst_etl_reader *r,
                             const struct wst_etl_buffer_header *first)
{
	if (r->header.log_file_mode & WST_ETL_MODE_COMPRESSED)
		return 0;
	return r->header.buffer_size == first->buffer_size ? first->buffer_size : 0;
}

bool wst_etl_build_index(struct wst_etl_reader *r, const struct wst_etl_buffer_header *first)
{
	uint8_t raw[WST_ETL_BUFFER_HEADER_SIZE];
	struct wst_etl_buffer_header bh;
	uint64_t size = r->header.file_size;
	uint32_t want = r->header.buffers_written;
	uint64_t pos = first->buffer_size;
	uint32_t stride = uniform_size(r, first);
	uint32_t n = 1;

	if (!add_buffer(r, 0, first))
		return false;
	for (; n < want; n++) {
		if (pos >= size) {
			/* pos is past the end when the last buffer was cut (reported
			 * already): the offset that says where the file ends is its size. */
			wst_etl_problem(r, size, "file ends after %u of %u buffers", (unsigned)n,
			                (unsigned)want);
			break;
		}
		if (size - pos < WST_ETL_BUFFER_HEADER_SIZE) {
			wst_etl_problem(r, pos, "file ends inside the header of buffer %u", (unsigned)n);
			break;
		}
		errno = 0;
		if (!wst_etl_read_at(r->f, pos, raw, sizeof raw)) {
			wst_etl_problem(r, pos, "cannot read buffer header: %s",
			                errno ? strerror(errno) : "short read");
			r->stats.read_errors++;
			break;
		}
		wst_etl_decode_buffer_header(raw, &bh);
		if (stride && bh.buffer_size != stride && !(bh.flags & WST_ETL_FLAG_COMPRESSED)) {
			wst_etl_problem(r, pos, "buffer size 0x%x, not the session's 0x%x; the next buffer "
			                "is looked for 0x%x bytes on", (unsigned)bh.buffer_size,
			                (unsigned)stride, (unsigned)stride);
			bh.buffer_size = stride;
		}
		if (bh.buffer_size < WST_ETL_BUFFER_HEADER_SIZE || bh.buffer_size > WST_ETL_MAX_BUFFER_SIZE) {
			wst_etl_problem(r, pos, "buffer size 0x%x invalid, later buffers cannot be located",
			                (unsigned)bh.buffer_size);
			break;
		}
		if (!add_buffer(r, pos, &bh))
			return false;
		pos += bh.buffer_size;
	}
	/* Bytes past the counted buffers are never read, but a header that was
	 * not updated at stop (BuffersWritten too small) should not hide them
	 * silently. */
	if (n >= want && pos < size)
		wst_etl_problem(r, pos, "0x%" PRIx64 " bytes after the %u buffers the header counts are ignored",
		                size - pos, (unsigned)(want ? want : 1));
	return true;
}
