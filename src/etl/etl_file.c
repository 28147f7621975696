/*
 * Opening a capture: the file must start with an ETL header buffer whose
 * first record is the logfile header (checklist step 1). Anything wrong
 * after that is a problem to report, never a reason to refuse the file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <sys/stat.h>
#include <sys/types.h>
#endif

#include "etl_internal.h"

void wst_etl_problem(struct wst_etl_reader *r, uint64_t offset, const char *fmt, ...)
{
	char msg[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	r->stats.problems++;
	if (r->sink.report)
		r->sink.report(r->sink.ctx, offset, msg);
}

void wst_etl_decode_buffer_header(const uint8_t raw[WST_ETL_BUFFER_HEADER_SIZE],
                                  struct wst_etl_buffer_header *bh)
{
	bh->buffer_size = wst_le32(raw + WST_ETL_BUF_SIZE_OFF);
	bh->saved_offset = wst_le32(raw + WST_ETL_BUF_SAVED_OFFSET_OFF);
	bh->sequence = wst_le64(raw + WST_ETL_BUF_SEQUENCE_OFF);
	bh->state = wst_le32(raw + WST_ETL_BUF_STATE_OFF);
	bh->offset = wst_le32(raw + WST_ETL_BUF_OFFSET_OFF);
	bh->flags = wst_le16(raw + WST_ETL_BUF_FLAG_OFF);
	bh->type = wst_le16(raw + WST_ETL_BUF_TYPE_OFF);
	/* ETW_BUFFER_CONTEXT: the processor is a u16 only with PROC_INDEX. */
	if (bh->flags & WST_ETL_FLAG_PROC_INDEX)
		bh->cpu = wst_le16(raw + WST_ETL_BUF_CONTEXT_OFF);
	else
		bh->cpu = raw[WST_ETL_BUF_CONTEXT_OFF];
}

uint32_t wst_etl_data_end(const struct wst_etl_buffer_header *bh)
{
	/* Compressed buffers state their inflated size; only the cap applies. */
	if (bh->flags & WST_ETL_FLAG_COMPRESSED) {
		uint32_t end = bh->saved_offset;
		if (end < WST_ETL_BUFFER_HEADER_SIZE || end > WST_ETL_MAX_BUFFER_SIZE)
			return 0;
		return end;
	}
	/* Offset is the documented FilledBytes; SavedOffset is the fallback for
	 * files where Offset was never set (section 1.4). */
	if (bh->offset >= WST_ETL_BUFFER_HEADER_SIZE && bh->offset <= bh->buffer_size)
		return bh->offset;
	if (bh->saved_offset >= WST_ETL_BUFFER_HEADER_SIZE && bh->saved_offset <= bh->buffer_size)
		return bh->saved_offset;
	return 0;
}

/* Failures that concern no place in the file: cannot open, I/O, memory. */
#define NO_PLACE UINT64_MAX

/* The reason for a failed open. One that concerns a place in the file
 * starts with that offset, so that the one line a caller prints says where
 * to look, as the problems reported later do. */
WST_PRINTF(5, 6)
static void set_err(char *err, size_t errlen, uint64_t *err_offset, uint64_t offset,
                    const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		int n = 0;
		if (offset != NO_PLACE)
			n = snprintf(err, errlen, "offset 0x%llx: ", (unsigned long long)offset);
		if (n < 0 || (size_t)n >= errlen)
			n = 0;
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	if (err_offset)
		*err_offset = offset == NO_PLACE ? 0 : offset;
}

static const char *io_reason(int err)
{
#ifdef EISDIR
	if (err == EISDIR)
		return "is a directory";
#endif
	return err ? strerror(err) : "read error";
}

/* Checks buffer 0 and parses its logfile header; false with err set. */
static bool read_header_buffer(struct wst_etl_reader *r, const struct wst_etl_buffer_header *bh,
                               char *err, size_t errlen, uint64_t *err_offset)
{
	if (bh->type != WST_ETL_BUFFER_TYPE_HEADER) {
		set_err(err, errlen, err_offset, WST_ETL_BUF_TYPE_OFF,
		        "not an etl file: first buffer has type %u, not 4 (header)", (unsigned)bh->type);
		return false;
	}
	if (bh->flags & WST_ETL_FLAG_COMPRESSED) {
		set_err(err, errlen, err_offset, WST_ETL_BUF_FLAG_OFF,
		        "not an etl file: header buffer is compressed");
		return false;
	}
	if (bh->buffer_size < WST_ETL_BUFFER_HEADER_SIZE || bh->buffer_size > WST_ETL_MAX_BUFFER_SIZE) {
		set_err(err, errlen, err_offset, 0, "not an etl file: header buffer size 0x%x invalid",
		        (unsigned)bh->buffer_size);
		return false;
	}
	uint32_t end = wst_etl_data_end(bh);
	if (end == 0) {
		set_err(err, errlen, err_offset, WST_ETL_BUF_OFFSET_OFF,
		        "not an etl file: header buffer data end 0x%x invalid", (unsigned)bh->offset);
		return false;
	}
	/* Only what the file really holds: a cut header buffer still opens when
	 * the logfile header record itself is complete. */
	uint64_t avail = r->header.file_size < end ? r->header.file_size : end;
	uint8_t *data = malloc((size_t)avail);
	if (!data) {
		set_err(err, errlen, err_offset, NO_PLACE, "out of memory");
		return false;
	}
	if (!wst_etl_read_at(r->f, 0, data, (size_t)avail)) {
		set_err(err, errlen, err_offset, NO_PLACE, "cannot read: %s", io_reason(errno));
		free(data);
		return false;
	}
	struct wst_cursor c = wst_cursor_make(data, (size_t)avail);
	wst_cursor_skip(&c, WST_ETL_BUFFER_HEADER_SIZE);
	char why[200];
	bool ok = wst_etl_parse_logfile_header(c, &r->header, why, sizeof why);
	free(data);
	if (!ok) {
		set_err(err, errlen, err_offset, WST_ETL_BUFFER_HEADER_SIZE, "%s", why);
		return false;
	}
	if (r->header.log_file_mode & WST_ETL_MODE_COMPRESSED)
		r->header.compression_format = (uint16_t)(bh->state & 0xFFFF);
	return true;
}

struct wst_etl_reader *wst_etl_open(const char *path, const struct wst_etl_problem_sink *sink,
                                    char *err, size_t errlen, uint64_t *err_offset)
{
	errno = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
#ifdef _WIN32
		/* Windows' fopen fails on a directory with EACCES. */
		struct _stat64 st;
		if (e == EACCES && _stat64(path, &st) == 0 && (st.st_mode & _S_IFMT) == _S_IFDIR)
			e = EISDIR;
#endif
		set_err(err, errlen, err_offset, NO_PLACE, "cannot open: %s", io_reason(e));
		return NULL;
	}
	return wst_etl_open_stream(f, sink, err, errlen, err_offset);
}

struct wst_etl_reader *wst_etl_open_stream(FILE *f, const struct wst_etl_problem_sink *sink,
                                           char *err, size_t errlen, uint64_t *err_offset)
{
	uint8_t raw[WST_ETL_BUFFER_HEADER_SIZE];
	struct wst_etl_buffer_header bh;

	if (err && errlen)
		err[0] = '\0';
	if (err_offset)
		*err_offset = 0;

	struct wst_etl_reader *r = calloc(1, sizeof *r);
	if (!r) {
		set_err(err, errlen, err_offset, NO_PLACE, "out of memory");
		fclose(f);
		return NULL;
	}
	if (sink)
		r->sink = *sink;
	r->f = f;
	r->resident_limit = WST_ETL_MAX_RESIDENT;

	/* Read before asking for the size: on a directory only the read fails. */
	errno = 0;
	size_t got = fread(raw, 1, sizeof raw, r->f);
	if (got < sizeof raw) {
		if (ferror(r->f))
			set_err(err, errlen, err_offset, NO_PLACE, "%s", io_reason(errno));
		else if (got == 0)
			set_err(err, errlen, err_offset, 0, "file is empty");
		else
			set_err(err, errlen, err_offset, 0,
			        "file too short: %u bytes, a buffer header needs 72", (unsigned)got);
		goto fail;
	}
	if (!wst_etl_file_size(r->f, &r->header.file_size)) {
		set_err(err, errlen, err_offset, NO_PLACE, "cannot find file size: %s", io_reason(errno));
		goto fail;
	}
	wst_etl_decode_buffer_header(raw, &bh);
	if (!read_header_buffer(r, &bh, err, errlen, err_offset))
		goto fail;
	if (!wst_etl_build_index(r, &bh)) {
		set_err(err, errlen, err_offset, NO_PLACE, "out of memory");
		goto fail;
	}
	return r;
fail:
	wst_etl_close(r);
	return NULL;
}

const struct wst_etl_header *wst_etl_header(const struct wst_etl_reader *r)
{
	return &r->header;
}

const struct wst_etl_stats *wst_etl_stats(const struct wst_etl_reader *r)
{
	return &r->stats;
}

void wst_etl_close(struct wst_etl_reader *r)
{
	if (!r)
		return;
	if (r->f)
		fclose(r->f);
	for (size_t i = 0; i < r->nstreams; i++)
		free(r->streams[i].data);
	free(r->streams);
	free(r->heap);
	free(r->index);
	free(r->scratch);
	free(r);
}
