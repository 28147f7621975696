/*
 * Shared between the files of src/etl only. The reader is split by job:
 *   etl_io.c         64-bit positioned reads (the only platform-specific code)
 *   etl_file.c       open/close, accessors, problem reporting
 *   etl_header.c     the first record: TRACE_LOGFILE_HEADER and its strings
 *   etl_index.c      one small entry per buffer, found by stepping BufferSize
 *   etl_buffer.c     bringing one buffer's filled part into memory
 *   etl_records.c    walking the records of one buffer
 *   etl_event_header.c  EVENT_HEADER records and their extended items
 *   etl_merge.c      per-processor streams merged by timestamp
 *   etl_clock.c      raw clock -> FILETIME
 *   xpress.c         [MS-XCA] plain LZ77 for compressed buffers
 * Section numbers in comments refer to docs/etl-format.md.
 */
#ifndef WSTRACE_ETL_INTERNAL_H
#define WSTRACE_ETL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "wstrace/compiler.h"
#include "wstrace/cursor.h"
#include "wstrace/etl_reader.h"
#include "wstrace/utf16.h"

#define WST_ETL_BUFFER_HEADER_SIZE 0x48u
/* Far above any session buffer seen (0x80000); a larger value is garbage, and
 * trusting it would let one field make us allocate gigabytes. */
#define WST_ETL_MAX_BUFFER_SIZE (64u * 1024u * 1024u)
/* A compressed buffer may announce at most this many times its stored
 * bytes. Real buffers inflate 5 to 8 times (real Windows captures,
 * recompressed); without a cap a 10 KB file of tiny streams that each claim
 * 64 MiB costs gigabytes of memory and seconds of CPU per buffer. */
#define WST_ETL_MAX_INFLATE_RATIO 128u
/* All resident buffers together, one per processor stream. A real capture
 * needs processors x buffer size (64 x 1 MiB is a large one); a hostile one
 * could claim 64 MiB for each of 65536 processor numbers. */
#define WST_ETL_MAX_RESIDENT (1024u * 1024u * 1024u)

/* WMI_BUFFER_HEADER fields the reader uses (section 1.2). */
#define WST_ETL_BUF_SIZE_OFF 0x00
#define WST_ETL_BUF_SAVED_OFFSET_OFF 0x04
#define WST_ETL_BUF_SEQUENCE_OFF 0x18
#define WST_ETL_BUF_CONTEXT_OFF 0x28
#define WST_ETL_BUF_STATE_OFF 0x2C
#define WST_ETL_BUF_OFFSET_OFF 0x30
#define WST_ETL_BUF_FLAG_OFF 0x34
#define WST_ETL_BUF_TYPE_OFF 0x36

#define WST_ETL_FLAG_EVENTS_LOST 0x0002u
#define WST_ETL_FLAG_BUFFER_LOST 0x0004u
#define WST_ETL_FLAG_PROC_INDEX 0x0020u
#define WST_ETL_FLAG_COMPRESSED 0x0040u
#define WST_ETL_BUFFER_TYPE_HEADER 4u
#define WST_ETL_MODE_COMPRESSED 0x04000000u

/* The fields of one WMI_BUFFER_HEADER, decoded but not yet trusted. */
struct wst_etl_buffer_header {
	uint32_t buffer_size;
	uint32_t saved_offset;
	uint64_t sequence;
	uint16_t cpu;
	uint32_t state;
	uint32_t offset;
	uint16_t flags;
	uint16_t type;
};

/* One entry of the buffer index: everything needed to load the buffer later
 * without reading its header again. */
struct wst_etl_buffer_ref {
	uint64_t file_offset;
	uint64_t sequence;
	uint32_t disk_size;   /* bytes present in the file: BufferSize, cut at EOF */
	uint32_t data_end;    /* end of records from the buffer start, uncompressed */
	uint16_t cpu;
	uint16_t flags;
	bool truncated;       /* the file ends inside this buffer (already reported) */
};

/* Walk state over one resident buffer. */
struct wst_etl_walk {
	const uint8_t *data;  /* the buffer from its header on */
	size_t len;           /* end of records (data_end, cut at EOF) */
	size_t pos;
	const struct wst_etl_buffer_ref *buf;
};

/* A record as the walk finds it: the merge still needs its raw time. */
struct wst_etl_raw_record {
	struct wst_etl_record rec;
	uint64_t raw_time;
	bool has_time;
};

/* One processor's buffers in SequenceNumber order, with at most one of them
 * resident. */
struct wst_etl_stream {
	size_t first;         /* range of the sorted index */
	size_t count;
	size_t next;          /* next buffer of the range to load */
	uint8_t *data;        /* the resident buffer */
	size_t cap;
	struct wst_etl_walk walk;
	bool walking;
	struct wst_etl_raw_record pending;
	bool has_pending;
	uint64_t key;         /* merge key: raw time of pending, else inherited */
};

struct wst_etl_reader {
	FILE *f;
	struct wst_etl_problem_sink sink;
	struct wst_etl_header header;
	struct wst_etl_stats stats;

	struct wst_etl_buffer_ref *index;
	size_t nindex;
	size_t index_cap;

	struct wst_etl_stream *streams;
	size_t nstreams;
	size_t *heap;         /* stream numbers, smallest key first */
	size_t nheap;
	bool primed;
	bool failed;          /* an I/O error happened; every later call fails */
	size_t last_stream;   /* handed out last; advanced on the next call */
	bool have_last;

	uint8_t *scratch;     /* compressed bytes of the buffer being inflated */
	size_t scratch_cap;
	size_t resident;      /* bytes held by the streams' buffers together */
	size_t resident_limit;  /* WST_ETL_MAX_RESIDENT; lowered by unit tests */
	bool reported_format;
	bool reported_time;   /* an event time that makes no date was reported */
};

/* etl_io.c */
bool wst_etl_file_size(FILE *f, uint64_t *size);
/* Reads len bytes at off; false on a seek/read error or a short read. */
bool wst_etl_read_at(FILE *f, uint64_t off, void *buf, size_t len);

/* etl_file.c */
WST_PRINTF(3, 4)
void wst_etl_problem(struct wst_etl_reader *r, uint64_t offset, const char *fmt, ...);
void wst_etl_decode_buffer_header(const uint8_t raw[WST_ETL_BUFFER_HEADER_SIZE],
                                  struct wst_etl_buffer_header *bh);
/* Where the records of a buffer end, or 0 when neither field is usable. */
uint32_t wst_etl_data_end(const struct wst_etl_buffer_header *bh);

/* etl_header.c: parses the logfile-header record found at the start of the
 * header buffer's records; false with a reason in err. */
bool wst_etl_parse_logfile_header(struct wst_cursor records, struct wst_etl_header *h,
                                  char *err, size_t errlen);

/* etl_index.c: indexes the buffers after the header buffer. */
bool wst_etl_build_index(struct wst_etl_reader *r, const struct wst_etl_buffer_header *first);

/* etl_buffer.c: makes buffer ref resident in the stream and starts its walk;
 * 1 ready, 0 skipped (reported), -1 I/O error (reported). */
int wst_etl_load_buffer(struct wst_etl_reader *r, struct wst_etl_stream *s,
                        const struct wst_etl_buffer_ref *ref);
/* Gives back a finished stream's buffer. */
void wst_etl_release_buffer(struct wst_etl_reader *r, struct wst_etl_stream *s);

/* etl_records.c: next record of the walk: true with *out set, false when the
 * buffer has no more records (problems reported on the way). */
bool wst_etl_walk_next(struct wst_etl_reader *r, struct wst_etl_walk *w,
                       struct wst_etl_raw_record *out);
uint64_t wst_etl_record_offset(const struct wst_etl_walk *w, size_t pos);

/* etl_event_header.c: decodes one EVENT_HEADER record spanning rec; false
 * with a problem reported when its extended items do not fit. */
bool wst_etl_parse_event_header(struct wst_etl_reader *r, struct wst_cursor rec,
                                uint64_t file_offset, struct wst_etl_raw_record *out);

/* xpress.c: [MS-XCA] 2.4 plain LZ77. Returns NULL on success with *out_len
 * set, or a short reason. */
const char *wst_xpress_decompress(const uint8_t *in, size_t in_len, uint8_t *out,
                                  size_t out_cap, size_t *out_len);

#endif
