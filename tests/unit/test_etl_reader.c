/*
 * The .etl reader against three real captures (expected values were taken by
 * reading the files' bytes independently, see etl-format.md sections 2.5 and
 * 4.2) and against hostile files built here byte by byte.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _WIN32
#include <direct.h>
#define make_dir(path) _mkdir(path)
#else
#include <sys/stat.h>
#include <unistd.h>
#define make_dir(path) mkdir(path, 0755)
#endif

#include "wstrace/etl_reader.h"
#include "wstrace/timefmt.h"
#include "etl/etl_internal.h"

#define SHARED_ETL(name) WST_SHARED_DIR "/data/etl/" name

/* ---- problem sink -------------------------------------------------------- */

#define MAX_SEEN 16

struct seen {
	int count;
	uint64_t offsets[MAX_SEEN];
	char messages[MAX_SEEN][200];
};

static void collect(void *ctx, uint64_t offset, const char *message)
{
	struct seen *s = ctx;

	if (s->count < MAX_SEEN) {
		s->offsets[s->count] = offset;
		snprintf(s->messages[s->count], sizeof s->messages[0], "%s", message);
	}
	s->count++;
}

/* ---- reading a whole file ------------------------------------------------ */

#define MAX_KEPT 256

struct kept {
	struct wst_etl_record rec;
	size_t user_len;
};

struct run {
	struct seen seen;
	struct wst_etl_reader *r;
	struct kept recs[MAX_KEPT];
	int n;
	int rc;
	char err[256];
	uint64_t err_offset;
};

static struct wst_etl_reader *open_with(struct run *run, const char *path)
{
	struct wst_etl_problem_sink sink = { collect, &run->seen };

	memset(run, 0, sizeof *run);
	run->r = wst_etl_open(path, &sink, run->err, sizeof run->err, &run->err_offset);
	return run->r;
}

/* Reads every record; user_data is dropped since it dies with the call. */
static void read_all(struct run *run)
{
	struct wst_etl_record rec;

	while ((run->rc = wst_etl_next(run->r, &rec)) == 1) {
		if (run->n < MAX_KEPT) {
			run->recs[run->n].rec = rec;
			run->recs[run->n].rec.event.user_data = NULL;
			run->recs[run->n].user_len = rec.event.user_len;
		}
		run->n++;
	}
}

static const struct kept *find_at(const struct run *run, uint64_t offset)
{
	for (int i = 0; i < run->n && i < MAX_KEPT; i++)
		if (run->recs[i].rec.file_offset == offset)
			return &run->recs[i];
	return NULL;
}

static void assert_guid_text(const struct wst_guid *g, const char *text)
{
	char buf[WST_GUID_TEXT_LEN];

	wst_guid_format(g, buf);
	assert_string_equal(buf, text);
}

/* FNV-1a over the record offsets in hand-out order: pins the merge order. */
static uint64_t order_hash(const struct run *run)
{
	uint64_t h = 1469598103934665603u;

	for (int i = 0; i < run->n && i < MAX_KEPT; i++) {
		h ^= run->recs[i].rec.file_offset;
		h *= 1099511628211u;
	}
	return h;
}

static void assert_time_order(const struct run *run)
{
	uint64_t last = 0;

	for (int i = 0; i < run->n && i < MAX_KEPT; i++) {
		uint64_t t = run->recs[i].rec.timestamp;
		if (t == 0)
			continue;
		assert_true(t >= last);
		last = t;
	}
}

/* ---- real captures ------------------------------------------------------- */

static void test_amsitrace(void **state)
{
	struct run *run = malloc(sizeof *run);
	(void)state;

	assert_non_null(open_with(run, SHARED_ETL("AMSITrace.etl")));
	const struct wst_etl_header *h = wst_etl_header(run->r);
	assert_int_equal(h->buffer_size, 0x10000);
	assert_int_equal(h->version[0], 10);
	assert_int_equal(h->version[1], 0);
	assert_int_equal(h->version[2], 1);
	assert_int_equal(h->version[3], 5);
	assert_int_equal(h->os_build, 18362);
	assert_int_equal(h->num_processors, 8);
	assert_int_equal(h->buffers_written, 6);
	assert_int_equal(h->pointer_size, 8);
	assert_int_equal(h->clock_type, 1);
	assert_int_equal(h->perf_freq, 10000000);
	assert_int_equal(h->log_file_mode, 0x08000001);
	assert_int_equal(h->events_lost, 3);
	assert_int_equal(h->cpu_speed_mhz, 1992);
	assert_int_equal(h->timer_resolution, 156250);
	assert_int_equal(h->tz_bias_minutes, -60);
	assert_int_equal(h->t0, 2745263251517u);
	assert_int_equal(h->start_time, 132264173104203138u);
	assert_int_equal(h->end_time, 132264174000260662u);
	assert_int_equal(h->boot_time, 132261427945000000u);
	assert_int_equal(h->compression_format, 0);
	assert_int_equal(h->file_size, 393216);
	assert_string_equal(h->logger_name, "AMSITraceSession");
	assert_string_equal(h->log_file_name, "c:\\work\\AMSITrace.etl");

	read_all(run);
	assert_int_equal(run->rc, 0);
	assert_int_equal(run->n, 21);
	const struct wst_etl_stats *st = wst_etl_stats(run->r);
	assert_int_equal(st->buffers, 6);
	assert_int_equal(st->records, 21);
	assert_int_equal(st->records_by_kind[WST_ETL_EVENT_HEADER], 19);
	assert_int_equal(st->records_by_kind[WST_ETL_SYSTEM], 2);
	assert_int_equal(st->problems, 0);
	assert_int_equal(run->seen.count, 0);
	assert_int_equal(st->lost_flag_buffers, 0);
	assert_int_equal(st->buffers_skipped, 0);

	/* The logfile header record comes first, at T0 = StartTime. */
	assert_int_equal(run->recs[0].rec.kind, WST_ETL_SYSTEM);
	assert_int_equal(run->recs[0].rec.file_offset, 0x48);
	assert_int_equal(run->recs[0].rec.hook_id, 0x0000);
	assert_int_equal(run->recs[0].rec.timestamp, 132264173104203138u);
	assert_int_equal(run->recs[1].rec.hook_id, 0x0050);

	for (int i = 2; i < 21; i++) {
		const struct wst_event *e = &run->recs[i].rec.event;
		assert_int_equal(run->recs[i].rec.kind, WST_ETL_EVENT_HEADER);
		assert_guid_text(&e->provider, "{8e805eb3-6a8f-4a1e-90fa-a831d94e54a1}");
		assert_int_equal(e->id, 0);
		assert_int_equal(e->level, 5);
		assert_int_equal(e->channel, 11);
		assert_int_equal(e->pointer_size, 8);
	}
	/* First event: seq 1, processor 5, file offset 0x30048. */
	const struct wst_event *first = &run->recs[2].rec.event;
	assert_int_equal(first->file_offset, 0x30048);
	assert_int_equal(first->cpu, 5);
	assert_int_equal(first->pid, 38080);
	assert_int_equal(first->tid, 40928);
	assert_int_equal(first->timestamp, 132264173374542723u);
	assert_int_equal(run->recs[2].user_len, 374);

	/* Worked example of section 4.2: two extended items, user data at +0xA0. */
	const struct kept *ex = find_at(run, 0x10048);
	assert_non_null(ex);
	assert_int_equal(ex->user_len, 0x6c0 - 0xa0);
	assert_int_equal(ex->rec.event.tid, 0x6ab8);
	assert_int_equal(ex->rec.event.pid, 0x74ac);
	assert_int_equal(ex->rec.cpu, 7);
	assert_int_equal(ex->rec.timestamp, 132264173377518824u);

	assert_int_equal(run->recs[20].rec.file_offset, 0x176c8);
	assert_int_equal(run->recs[20].rec.timestamp, 132264173904024329u);
	assert_int_equal(order_hash(run), 0x86d3226dfe994c41u);
	assert_time_order(run);
	wst_etl_close(run->r);
	free(run);
}

static void test_lxcore(void **state)
{
	struct run *run = malloc(sizeof *run);
	(void)state;

	assert_non_null(open_with(run, SHARED_ETL("lxcore_kernel.etl")));
	const struct wst_etl_header *h = wst_etl_header(run->r);
	assert_int_equal(h->buffer_size, 0x2000);
	assert_int_equal(h->os_build, 19041);
	assert_int_equal(h->num_processors, 6);
	assert_int_equal(h->buffers_written, 3);
	assert_int_equal(h->pointer_size, 8);
	assert_int_equal(h->clock_type, 1);
	assert_int_equal(h->perf_freq, 10000000);
	assert_int_equal(h->log_file_mode, 0);
	assert_int_equal(h->start_time, 132392018711387363u);
	assert_int_equal(h->end_time, 132392018832816874u);
	assert_int_equal(h->tz_bias_minutes, -480);
	assert_string_equal(h->logger_name, "lxcore_kernel");
	assert_string_equal(h->log_file_name, "C:\\Prog\\lxcore_kernel.etl");

	read_all(run);
	assert_int_equal(run->rc, 0);
	assert_int_equal(run->n, 4);
	const struct wst_etl_stats *st = wst_etl_stats(run->r);
	assert_int_equal(st->buffers, 3);
	assert_int_equal(st->records_by_kind[WST_ETL_EVENT_HEADER], 2);
	assert_int_equal(st->records_by_kind[WST_ETL_SYSTEM], 2);
	assert_int_equal(st->problems, 0);

	const struct wst_event *e = &run->recs[2].rec.event;
	assert_guid_text(&e->provider, "{0cd1c309-0878-4515-83db-749843b3f5c9}");
	assert_int_equal(e->file_offset, 0x4048);
	assert_int_equal(e->cpu, 5);
	assert_int_equal(e->pid, 5876);
	assert_int_equal(e->tid, 2868);
	assert_int_equal(e->id, 0);
	assert_int_equal(e->level, 2);
	assert_int_equal(e->keyword, 0x400000000000u);
	assert_int_equal(e->timestamp, 132392018769026510u);
	assert_int_equal(run->recs[2].user_len, 118);
	e = &run->recs[3].rec.event;
	assert_guid_text(&e->provider, "{0cd1c309-0878-4515-83db-749843b3f5c9}");
	assert_int_equal(e->file_offset, 0x2048);
	assert_int_equal(e->cpu, 3);
	assert_int_equal(e->timestamp, 132392018769038717u);
	assert_int_equal(run->recs[3].user_len, 88);
	assert_int_equal(order_hash(run), 0x56fab0f09aa5e1ebu);
	assert_time_order(run);
	wst_etl_close(run->r);
	free(run);
}

static void test_powershell(void **state)
{
	struct run *run = malloc(sizeof *run);
	(void)state;

	assert_non_null(open_with(run, SHARED_ETL("powershell.etl")));
	const struct wst_etl_header *h = wst_etl_header(run->r);
	assert_int_equal(h->buffer_size, 0x2000);
	assert_int_equal(h->os_build, 22623);
	assert_int_equal(h->num_processors, 32);
	assert_int_equal(h->buffers_written, 26);
	assert_int_equal(h->pointer_size, 8);
	assert_int_equal(h->clock_type, 1);
	assert_int_equal(h->perf_freq, 10000000);
	assert_int_equal(h->log_file_mode, 9);
	assert_int_equal(h->max_file_size, 1);
	assert_int_equal(h->start_time, 133245763580175449u);
	assert_int_equal(h->end_time, 133245764954543828u);
	assert_string_equal(h->logger_name, "usermode_trace");
	assert_string_equal(h->log_file_name, "C:\\Users\\aaaaa\\output1.etl");

	read_all(run);
	assert_int_equal(run->rc, 0);
	assert_int_equal(run->n, 114);
	const struct wst_etl_stats *st = wst_etl_stats(run->r);
	assert_int_equal(st->buffers, 26);
	assert_int_equal(st->records_by_kind[WST_ETL_EVENT_HEADER], 112);
	assert_int_equal(st->records_by_kind[WST_ETL_SYSTEM], 2);
	assert_int_equal(st->problems, 0);

	int by_id[7] = { 0 };
	static const uint16_t ids[7] = { 7937, 7938, 7939, 7942, 40961, 40962, 53504 };
	for (int i = 2; i < run->n; i++) {
		const struct wst_event *e = &run->recs[i].rec.event;
		assert_guid_text(&e->provider, "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}");
		int k = 0;
		while (k < 7 && ids[k] != e->id)
			k++;
		assert_true(k < 7);
		by_id[k]++;
	}
	assert_int_equal(by_id[0], 101);
	assert_int_equal(by_id[1], 1);
	assert_int_equal(by_id[2], 6);
	assert_int_equal(by_id[3], 1);
	assert_int_equal(by_id[4], 1);
	assert_int_equal(by_id[5], 1);
	assert_int_equal(by_id[6], 1);

	const struct wst_event *e = &run->recs[2].rec.event;
	assert_int_equal(e->file_offset, 0xa048);
	assert_int_equal(e->cpu, 2);
	assert_int_equal(e->pid, 17480);
	assert_int_equal(e->tid, 18944);
	assert_int_equal(e->id, 7937);
	assert_int_equal(e->version, 1);
	assert_int_equal(e->channel, 17);
	assert_int_equal(e->level, 4);
	assert_int_equal(e->opcode, 20);
	assert_int_equal(e->task, 103);
	assert_int_equal(e->timestamp, 133245763580204599u);
	assert_int_equal(run->recs[2].user_len, 1368);

	/* The last buffer holds one event with no payload at all. */
	const struct kept *bare = find_at(run, 0x32048);
	assert_non_null(bare);
	assert_int_equal(bare->rec.event.id, 40961);
	assert_int_equal(bare->rec.cpu, 0);
	assert_int_equal(bare->user_len, 0);

	assert_int_equal(run->recs[113].rec.file_offset, 0x2e5b0);
	assert_int_equal(run->recs[113].rec.timestamp, 133245764954389431u);
	assert_int_equal(order_hash(run), 0x84c65d9197e92a2bu);
	assert_time_order(run);
	wst_etl_close(run->r);
	free(run);
}

/* ---- building files ------------------------------------------------------ */

#define T0 1000u
#define START_TIME 132000000000000000u

struct builder {
	uint8_t *p;
	size_t len;
	size_t cur;           /* start of the buffer being filled */
	uint32_t cur_end;     /* its data end so far */
	uint32_t nbuffers;
};

static void put16(struct builder *b, size_t off, uint16_t v)
{
	b->p[off] = (uint8_t)v;
	b->p[off + 1] = (uint8_t)(v >> 8);
}

static void put32(struct builder *b, size_t off, uint32_t v)
{
	put16(b, off, (uint16_t)v);
	put16(b, off + 2, (uint16_t)(v >> 16));
}

static void put64(struct builder *b, size_t off, uint64_t v)
{
	put32(b, off, (uint32_t)v);
	put32(b, off + 4, (uint32_t)(v >> 32));
}

static void set_data_end(struct builder *b, uint32_t end)
{
	b->cur_end = end;
	put32(b, b->cur + 0x04, end);
	put32(b, b->cur + 0x08, end);
	put32(b, b->cur + 0x30, end);
}

static size_t begin_buffer(struct builder *b, uint32_t size, uint16_t cpu, uint64_t seq,
                           uint16_t flags, uint16_t type)
{
	b->p = realloc(b->p, b->len + size);
	assert_non_null(b->p);
	b->cur = b->len;
	b->len += size;
	memset(b->p + b->cur, 0xFF, size);
	memset(b->p + b->cur, 0, 0x48);
	put32(b, b->cur, size);
	put64(b, b->cur + 0x18, seq);
	put16(b, b->cur + 0x28, cpu);
	put16(b, b->cur + 0x2A, 1);
	put32(b, b->cur + 0x2C, 3);
	put16(b, b->cur + 0x34, flags);
	put16(b, b->cur + 0x36, type);
	set_data_end(b, 0x48);
	b->nbuffers++;
	return b->cur;
}

/* Appends a record at the 8-aligned data end; returns its file offset. */
static size_t add_record(struct builder *b, const uint8_t *bytes, size_t len)
{
	size_t start = (b->cur_end + 7u) & ~(size_t)7;
	size_t off = b->cur + start;

	memset(b->p + b->cur + b->cur_end, 0, start - b->cur_end);
	memcpy(b->p + off, bytes, len);
	set_data_end(b, (uint32_t)(start + len));
	return off;
}

static const uint8_t test_provider[16] = {
	0x23, 0x68, 0x3c, 0xe5, 0xb8, 0x7b, 0xbb, 0x44, 0x90, 0xdc, 0x3f, 0x86, 0x09, 0x0d, 0x48, 0xa6,
};

/* EVENT_HEADER64 record bytes with user_len bytes of payload (0xAB). */
static size_t event_bytes(uint8_t *rec, uint8_t header_type, uint16_t id, uint64_t ts,
                          size_t user_len)
{
	size_t size = 0x50 + user_len;

	memset(rec, 0, 0x50);
	rec[0] = (uint8_t)size;
	rec[1] = (uint8_t)(size >> 8);
	rec[2] = header_type;
	rec[3] = 0xC0;
	rec[8] = 0x11;        /* TID 0x11 */
	rec[12] = 0x22;       /* PID 0x22 */
	for (int i = 0; i < 8; i++)
		rec[0x10 + i] = (uint8_t)(ts >> (8 * i));
	memcpy(rec + 0x18, test_provider, 16);
	rec[0x28] = (uint8_t)id;
	rec[0x29] = (uint8_t)(id >> 8);
	rec[0x2C] = 4;
	memset(rec + 0x50, 0xAB, user_len);
	return size;
}

static size_t add_event(struct builder *b, uint16_t id, uint64_t ts, size_t user_len)
{
	uint8_t rec[0x400];

	assert_true(user_len <= sizeof rec - 0x50);
	return add_record(b, rec, event_bytes(rec, 0x13, id, ts, user_len));
}

static size_t utf16(uint8_t *out, const uint16_t *units, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = (uint8_t)units[i];
		out[2 * i + 1] = (uint8_t)(units[i] >> 8);
	}
	return 2 * n;
}

/* Buffer 0: logfile header record (64- or 32-bit form), then a type-80. */
static void header_buffer(struct builder *b, bool is64, uint32_t mode, uint16_t state)
{
	/* "tést" + U+1F600 as a surrogate pair, then "C:\x.etl". */
	static const uint16_t logger[] = { 't', 0xE9, 's', 't', 0xD83D, 0xDE00, 0 };
	static const uint16_t file[] = { 'C', ':', '\\', 'x', '.', 'e', 't', 'l', 0 };
	uint8_t rec[0x200];
	size_t fixed = is64 ? 0x118 : 0x110;
	size_t tz = is64 ? 0x48 : 0x40;
	uint8_t *s = rec + 0x20;

	begin_buffer(b, 0x400, 0, 0, 0x21, 4);
	put32(b, b->cur + 0x2C, state);
	memset(rec, 0, sizeof rec);
	size_t n = 0x20 + fixed;
	n += utf16(rec + n, logger, sizeof logger / 2);
	n += utf16(rec + n, file, sizeof file / 2);
	rec[0] = 2;
	rec[2] = is64 ? 2 : 1;
	rec[3] = 0xC0;
	rec[4] = (uint8_t)n;
	rec[5] = (uint8_t)(n >> 8);
	rec[8] = 0x11;
	rec[12] = 0x22;
	rec[0x10] = T0 & 0xFF;
	rec[0x11] = T0 >> 8;
	s[0x01] = 0x04;               /* BufferSize 0x400 */
	s[0x04] = 10;
	s[0x06] = 1;
	s[0x07] = 5;
	s[0x08] = 0x61;               /* build 19041 = 0x4A61 */
	s[0x09] = 0x4A;
	s[0x0C] = 4;                  /* processors */
	for (int i = 0; i < 4; i++)
		s[0x20 + i] = (uint8_t)(mode >> (8 * i));
	s[0x2C] = (uint8_t)(is64 ? 8 : 4);
	s[0x34] = 0xD0;               /* 2000 MHz */
	s[0x35] = 0x07;
	s[tz] = 0xC4;                 /* bias -60 */
	s[tz + 1] = s[tz + 2] = s[tz + 3] = 0xFF;
	for (int i = 0; i < 8; i++) {
		s[tz + 0xB8 + i] = (uint8_t)((uint64_t)10000000u >> (8 * i));
		s[tz + 0xC0 + i] = (uint8_t)(START_TIME >> (8 * i));
	}
	s[tz + 0xC8] = 1;             /* QPC */
	add_record(b, rec, n);

	/* Type 80 carries the same TID, PID and time as the header record. */
	uint8_t ext[0x50];
	memset(ext, 0, sizeof ext);
	memcpy(ext, rec, 0x20);
	ext[4] = ext[6] = 0x50;
	ext[5] = 0;
	add_record(b, ext, sizeof ext);
}

/* Sets BuffersWritten in the logfile header. */
static void set_buffers_written(struct builder *b, uint32_t n)
{
	put32(b, 0x68 + 0x24, n);
}

static void finish(struct builder *b)
{
	set_buffers_written(b, b->nbuffers);
}

static void start_file(struct builder *b)
{
	memset(b, 0, sizeof *b);
	header_buffer(b, true, 1, 3);
}

/* Writes bytes to a fresh temporary file; path receives its name. */
static void write_temp(const void *bytes, size_t len, char path[64])
{
#ifdef _WIN32
	static int counter;
	snprintf(path, 64, "wst_etl_test_%d.etl", counter++);
	FILE *f = fopen(path, "wb");
#else
	snprintf(path, 64, "/tmp/wst_etl_test_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
#endif
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Opens the bytes as a file, reads everything, and removes the file. */
static struct wst_etl_reader *run_bytes(struct run *run, const void *bytes, size_t len)
{
	char path[64];

	write_temp(bytes, len, path);
	if (open_with(run, path))
		read_all(run);
	remove(path);
	return run->r;
}

static struct run *run_builder(struct builder *b, size_t len)
{
	struct run *run = malloc(sizeof *run);

	assert_non_null(run);
	run_bytes(run, b->p, len);
	free(b->p);
	b->p = NULL;
	return run;
}

static void done(struct run *run)
{
	wst_etl_close(run->r);
	free(run);
}

static int count_kind(const struct run *run, enum wst_etl_kind kind)
{
	int n = 0;

	for (int i = 0; i < run->n && i < MAX_KEPT; i++)
		n += run->recs[i].rec.kind == kind;
	return n;
}

/* ---- synthetic files: the good path -------------------------------------- */

static void test_built_file(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 1, 1, 0x20, 0);
	size_t ev = add_event(&b, 7, T0 + 5, 12);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	const struct wst_etl_header *h = wst_etl_header(run->r);
	assert_string_equal(h->logger_name, "t\xc3\xa9st\xf0\x9f\x98\x80");
	assert_string_equal(h->log_file_name, "C:\\x.etl");
	assert_int_equal(h->os_build, 19041);
	assert_int_equal(h->cpu_speed_mhz, 2000);
	assert_int_equal(h->tz_bias_minutes, -60);
	assert_int_equal(h->start_time, START_TIME);
	assert_int_equal(run->rc, 0);
	assert_int_equal(run->n, 3);
	assert_int_equal(run->seen.count, 0);
	const struct kept *k = find_at(run, ev);
	assert_non_null(k);
	assert_int_equal(k->rec.event.id, 7);
	assert_int_equal(k->rec.event.tid, 0x11);
	assert_int_equal(k->rec.event.pid, 0x22);
	assert_int_equal(k->rec.cpu, 1);
	assert_int_equal(k->rec.timestamp, START_TIME + 5);
	assert_int_equal(k->user_len, 12);
	assert_guid_text(&k->rec.event.provider, "{e53c6823-7bb8-44bb-90dc-3f86090d48a6}");
	done(run);
}

static void test_logfile_header_32bit(void **state)
{
	struct builder b;
	(void)state;

	memset(&b, 0, sizeof b);
	header_buffer(&b, false, 1, 3);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	const struct wst_etl_header *h = wst_etl_header(run->r);
	assert_int_equal(h->pointer_size, 4);
	assert_int_equal(h->perf_freq, 10000000);
	assert_int_equal(h->start_time, START_TIME);
	assert_int_equal(h->clock_type, 1);
	assert_int_equal(h->tz_bias_minutes, -60);
	assert_string_equal(h->log_file_name, "C:\\x.etl");
	assert_int_equal(run->n, 2);
	assert_int_equal(run->recs[0].rec.event.pointer_size, 4);
	done(run);
}

/* Two processors, buffers out of sequence order in the file, and a WPP
 * message without a time that must stay behind its predecessor. */
static void test_merge_order(void **state)
{
	static const uint8_t message[12] = { 12, 0, 0, 0x90, 99, 0, 0, 0 };
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 1, 2, 0x20, 0);
	add_event(&b, 30, T0 + 30, 0);
	add_event(&b, 40, T0 + 40, 0);
	begin_buffer(&b, 0x400, 0, 3, 0x20, 0);
	add_event(&b, 15, T0 + 15, 0);
	add_record(&b, message, sizeof message);
	add_event(&b, 35, T0 + 35, 0);
	begin_buffer(&b, 0x400, 1, 1, 0x20, 0);
	add_event(&b, 10, T0 + 10, 0);
	add_event(&b, 20, T0 + 20, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->rc, 0);
	assert_int_equal(run->n, 9);
	static const uint16_t want[7] = { 10, 15, 99, 20, 30, 35, 40 };
	for (int i = 0; i < 7; i++)
		assert_int_equal(run->recs[i + 2].rec.event.id, want[i]);
	assert_int_equal(run->recs[4].rec.kind, WST_ETL_MESSAGE);
	assert_int_equal(run->recs[4].rec.timestamp, 0);
	assert_int_equal(run->recs[4].user_len, 4);
	assert_int_equal(wst_etl_stats(run->r)->records_by_kind[WST_ETL_MESSAGE], 1);
	assert_int_equal(wst_etl_stats(run->r)->records_by_kind[WST_ETL_EVENT_HEADER], 6);
	assert_time_order(run);
	done(run);
}

/* The other fixed-header kinds, and EVENT_HEADER32. */
static void test_record_kinds(void **state)
{
	struct builder b;
	uint8_t rec[0x60];
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 2, 1, 0x20, 0);
	/* SYSTEM32: version 3, hook 0x0A01 (group 0x0A, type 1), 4 payload bytes. */
	memset(rec, 0, sizeof rec);
	uint8_t sys[] = { 3, 0, 1, 0xC0, 0x24, 0, 1, 0x0A, 5, 0, 0, 0, 6, 0, 0, 0, 0xE9, 3 };
	memcpy(rec, sys, sizeof sys);
	size_t sys_off = add_record(&b, rec, 0x24);
	/* COMPACT64: 0x18 header, no payload. */
	memset(rec, 0, sizeof rec);
	uint8_t compact[] = { 2, 0, 4, 0xC0, 0x18, 0, 2, 0x10, 7, 0, 0, 0, 8, 0, 0, 0, 0xEA, 3 };
	memcpy(rec, compact, sizeof compact);
	add_record(&b, rec, 0x18);
	/* PERFINFO64 with one PMC counter (version 0x0102): payload at +0x18. */
	memset(rec, 0, sizeof rec);
	uint8_t perf[] = { 2, 1, 0x11, 0xC0, 0x20, 0, 0x2E, 0x0F, 0xEB, 3 };
	memcpy(rec, perf, sizeof perf);
	size_t perf_off = add_record(&b, rec, 0x20);
	/* FULL_HEADER64: class type 2, level 4, version 1, GUID, 0x10 payload. */
	memset(rec, 0, sizeof rec);
	uint8_t full[] = { 0x40, 0, 0x14, 0xC0, 2, 4, 1, 0, 9, 0, 0, 0, 10, 0, 0, 0, 0xEC, 3 };
	memcpy(rec, full, sizeof full);
	memcpy(rec + 0x18, test_provider, 16);
	size_t full_off = add_record(&b, rec, 0x40);
	/* EVENT_HEADER32. */
	size_t ev32 = add_record(&b, rec, event_bytes(rec, 0x12, 5, T0 + 0x3ED, 0));
	finish(&b);

	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->seen.count, 0);
	assert_int_equal(run->n, 7);
	const struct wst_etl_stats *st = wst_etl_stats(run->r);
	assert_int_equal(st->records_by_kind[WST_ETL_SYSTEM], 3);
	assert_int_equal(st->records_by_kind[WST_ETL_COMPACT], 1);
	assert_int_equal(st->records_by_kind[WST_ETL_PERFINFO], 1);
	assert_int_equal(st->records_by_kind[WST_ETL_FULL_HEADER], 1);
	assert_int_equal(st->records_by_kind[WST_ETL_EVENT_HEADER], 1);

	const struct kept *k = find_at(run, sys_off);
	assert_non_null(k);
	assert_int_equal(k->rec.hook_id, 0x0A01);
	assert_int_equal(k->rec.event.tid, 5);
	assert_int_equal(k->rec.event.pid, 6);
	assert_int_equal(k->rec.event.pointer_size, 4);
	assert_int_equal(k->rec.timestamp, START_TIME + 0x3E9 - T0);
	assert_int_equal(k->user_len, 4);
	assert_int_equal(k->rec.cpu, 2);
	k = find_at(run, perf_off);
	assert_non_null(k);
	assert_int_equal(k->rec.hook_id, 0x0F2E);
	assert_int_equal(k->rec.timestamp, START_TIME + 0x3EB - T0);
	assert_int_equal(k->user_len, 0x20 - 0x18);
	k = find_at(run, full_off);
	assert_non_null(k);
	assert_int_equal(k->rec.event.opcode, 2);
	assert_int_equal(k->rec.event.level, 4);
	assert_int_equal(k->rec.event.tid, 9);
	assert_int_equal(k->rec.event.pid, 10);
	assert_int_equal(k->user_len, 0x10);
	assert_guid_text(&k->rec.event.provider, "{e53c6823-7bb8-44bb-90dc-3f86090d48a6}");
	k = find_at(run, ev32);
	assert_non_null(k);
	assert_int_equal(k->rec.event.pointer_size, 4);
	assert_int_equal(k->rec.event.id, 5);
	assert_string_equal(wst_etl_kind_name(WST_ETL_PERFINFO), "perfinfo");
	assert_string_equal(wst_etl_kind_name(WST_ETL_KIND_COUNT), "other");
	done(run);
}

/* Extended items chained by Linkage, as in the AMSITrace worked example. */
static void test_extended_items(void **state)
{
	struct builder b;
	uint8_t rec[0x100];
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	size_t size = event_bytes(rec, 0x13, 1, T0 + 1, 0);
	rec[4] = 1;                                   /* EXTENDED_INFO */
	uint8_t items[] = {
		0x18, 0, 12, 0, 1, 0, 12, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0,
		0x10, 0, 11, 0, 0, 0, 3, 0, 1, 2, 3, 0, 0, 0, 0, 0,
	};
	memcpy(rec + size, items, sizeof items);
	size += sizeof items;
	memset(rec + size, 0xCD, 6);                  /* user data */
	size += 6;
	rec[0] = (uint8_t)size;
	size_t off = add_record(&b, rec, size);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->seen.count, 0);
	const struct kept *k = find_at(run, off);
	assert_non_null(k);
	assert_int_equal(k->user_len, 6);
	done(run);
}

/* A compressed buffer (format 3) written as literals only: flag words of
 * zeros, and a final word whose unused bits are 1, the end mark. */
static size_t xpress_literals(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i += 32) {
		size_t k = n - i < 32 ? n - i : 32;
		uint32_t flags = k < 32 ? (uint32_t)((1u << (32 - k)) - 1) : 0;
		for (int j = 0; j < 4; j++)
			out[o++] = (uint8_t)(flags >> (8 * j));
		memcpy(out + o, in + i, k);
		o += k;
	}
	if (n % 32 == 0) {
		memset(out + o, 0xFF, 4);
		o += 4;
	}
	return o;
}

static struct run *compressed_file(uint16_t format)
{
	struct builder b;

	memset(&b, 0, sizeof b);
	header_buffer(&b, true, 0x04000001, format);
	begin_buffer(&b, 0x400, 3, 1, 0x60, 0);
	add_event(&b, 1, T0 + 1, 40);
	add_event(&b, 2, T0 + 2, 3);
	uint32_t end = b.cur_end;
	uint8_t packed[0x500];
	size_t plen = xpress_literals(b.p + b.cur + 0x48, end - 0x48, packed);
	/* The on-disk buffer shrinks to header + compressed bytes; SavedOffset
	 * and Offset keep the inflated size. */
	memcpy(b.p + b.cur + 0x48, packed, plen);
	put32(&b, b.cur, (uint32_t)(0x48 + plen));
	b.len = b.cur + 0x48 + plen;
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 3, T0 + 3, 0);
	finish(&b);
	return run_builder(&b, b.len);
}

static void test_compressed_buffer(void **state)
{
	(void)state;
	struct run *run = compressed_file(3);
	assert_non_null(run->r);
	assert_int_equal(wst_etl_header(run->r)->compression_format, 3);
	assert_int_equal(run->seen.count, 0);
	assert_int_equal(run->n, 5);
	assert_int_equal(run->recs[2].rec.event.id, 1);
	assert_int_equal(run->recs[2].user_len, 40);
	assert_int_equal(run->recs[3].rec.event.id, 2);
	assert_int_equal(run->recs[3].user_len, 3);
	assert_int_equal(run->recs[4].rec.event.id, 3);
	assert_int_equal(wst_etl_stats(run->r)->compressed_buffers, 1);
	done(run);

	run = compressed_file(2);
	assert_non_null(run->r);
	assert_int_equal(run->seen.count, 1);
	assert_string_equal(run->seen.messages[0], "compression format 2 not supported");
	assert_int_equal(run->n, 3);
	assert_int_equal(wst_etl_stats(run->r)->buffers_skipped, 1);
	done(run);
}

/* Compressed buffers that cannot be trusted: too big, or broken. */
static void test_compressed_size_cap(void **state)
{
	static const uint8_t packed[8] = { 0xFF, 0xFF, 0xFF, 0xFF };
	struct builder b;
	(void)state;

	memset(&b, 0, sizeof b);
	header_buffer(&b, true, 0x04000001, 3);
	size_t bad = begin_buffer(&b, 0x400, 0, 1, 0x60, 0);
	memcpy(b.p + bad + 0x48, packed, sizeof packed);
	set_data_end(&b, 0x800);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->n, 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad + 4);
	assert_non_null(strstr(run->seen.messages[0], "past the session buffer size"));
	assert_int_equal(wst_etl_stats(run->r)->buffers_skipped, 1);
	done(run);

	/* A stream that breaks [MS-XCA]: reported, buffer skipped. */
	static const uint8_t broken[7] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x18, 0x00 };
	memset(&b, 0, sizeof b);
	header_buffer(&b, true, 0x04000001, 3);
	bad = begin_buffer(&b, 0x400, 0, 1, 0x60, 0);
	memcpy(b.p + bad + 0x48, broken, sizeof broken);
	set_data_end(&b, 0x100);
	put32(&b, bad, 0x48 + sizeof broken);
	b.len = bad + 0x48 + sizeof broken;
	finish(&b);
	run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->n, 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad);
	assert_string_equal(run->seen.messages[0], "compressed buffer: match reaches before the start");
	assert_int_equal(wst_etl_stats(run->r)->buffers_skipped, 1);
	done(run);
}

static void test_offset_fallback_and_lost_flags(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x22, 0);
	add_event(&b, 1, T0 + 1, 0);
	put32(&b, b.cur + 0x30, 0);       /* Offset never set: use SavedOffset */
	begin_buffer(&b, 0x400, 0, 2, 0x24, 0);
	add_event(&b, 2, T0 + 2, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->seen.count, 0);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 2);
	assert_int_equal(wst_etl_stats(run->r)->lost_flag_buffers, 2);
	done(run);
}

/* ---- hostile files ------------------------------------------------------- */

static void test_empty_and_tiny(void **state)
{
	struct run *run = malloc(sizeof *run);
	(void)state;

	assert_null(run_bytes(run, "", 0));
	assert_string_equal(run->err, "offset 0x0: file is empty");
	assert_int_equal(run->err_offset, 0);
	assert_null(run_bytes(run, "\x00", 1));
	assert_non_null(strstr(run->err, "too short"));
	free(run);
}

/* The test's own directory, in the build tree (the working directory
 * ctest gives it), so that it needs nothing from outside the checkout. */
#define OWN_DIR "test_etl_reader.dir"

static void test_missing_and_directory(void **state)
{
	struct run *run = malloc(sizeof *run);
	(void)state;

	if (make_dir(OWN_DIR) != 0 && errno != EEXIST)
		fail_msg("cannot make %s: %s", OWN_DIR, strerror(errno));
	assert_null(open_with(run, OWN_DIR));
#ifdef _WIN32
	assert_string_equal(run->err, "cannot open: is a directory");   /* fopen fails there */
#else
	assert_string_equal(run->err, "is a directory");
#endif
	assert_null(open_with(run, OWN_DIR "/no-such-file.etl"));
	assert_string_equal(run->err, "cannot open: No such file or directory");
	free(run);
}

static void test_not_a_header_buffer(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	finish(&b);
	put16(&b, 0x36, 0);                        /* BufferType 0 */
	struct run *run = run_builder(&b, b.len);
	assert_null(run->r);
	assert_non_null(strstr(run->err, "not an etl file"));
	assert_int_equal(run->err_offset, 0x36);
	free(run);

	start_file(&b);
	finish(&b);
	b.p[0x4F] = 5;                             /* group 5 */
	run = run_builder(&b, b.len);
	assert_null(run->r);
	assert_non_null(strstr(run->err, "group 5"));
	free(run);
}

static void test_header_buffer_truncated(void **state)
{
	struct builder b;
	(void)state;

	/* Cut inside the logfile header record: nothing to go on. */
	start_file(&b);
	finish(&b);
	struct run *run = run_builder(&b, 0x100);
	assert_null(run->r);
	assert_non_null(strstr(run->err, "cut"));
	assert_int_equal(run->err_offset, 0x48);
	free(run);

	/* Cut after the records, inside the 0xFF fill: opens, reported once. */
	start_file(&b);
	finish(&b);
	run = run_builder(&b, 0x300);
	assert_non_null(run->r);
	assert_int_equal(run->n, 2);
	assert_int_equal(run->seen.count, 1);
	assert_non_null(strstr(run->seen.messages[0], "truncated"));
	done(run);
}

static void test_last_buffer_truncated(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 8);
	add_event(&b, 2, T0 + 2, 8);
	size_t third = add_event(&b, 3, T0 + 3, 0x40);
	finish(&b);
	struct run *run = run_builder(&b, third + 0x30);
	assert_non_null(run->r);
	assert_int_equal(run->rc, 0);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], 0x400);
	assert_non_null(strstr(run->seen.messages[0], "truncated"));
	assert_int_equal(wst_etl_stats(run->r)->problems, 1);
	done(run);
}

static void test_record_size_zero(void **state)
{
	static const uint8_t zero[8] = { 0, 0, 0x13, 0xC0 };
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	size_t bad = add_record(&b, zero, sizeof zero);
	add_event(&b, 2, T0 + 2, 0);
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 3, T0 + 3, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad);
	assert_non_null(strstr(run->seen.messages[0], "record size 0"));
	assert_int_equal(wst_etl_stats(run->r)->problems, 1);
	done(run);
}

static void test_record_overruns_buffer(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	size_t bad = add_event(&b, 2, T0 + 2, 0x20);
	put16(&b, bad, 0x300);                     /* claims past the data end */
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 3, T0 + 3, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad);
	assert_non_null(strstr(run->seen.messages[0], "overruns"));
	done(run);
}

static void test_extended_item_lies(void **state)
{
	struct builder b;
	uint8_t rec[0x100];
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	size_t size = event_bytes(rec, 0x13, 2, T0 + 2, 0x20);
	rec[4] = 1;
	uint8_t item[8] = { 0x18, 0, 12, 0, 0, 0, 0x00, 0x03 };  /* DataSize 0x300 */
	memcpy(rec + 0x50, item, sizeof item);
	size_t bad = add_record(&b, rec, size);
	add_event(&b, 3, T0 + 3, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 2);
	assert_int_equal(run->recs[3].rec.event.id, 3);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad);
	assert_non_null(strstr(run->seen.messages[0], "extended data item"));
	done(run);
}

static void test_second_buffer_size_zero(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	size_t second = begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 2, T0 + 2, 0);
	finish(&b);
	put32(&b, second, 0);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->rc, 0);
	/* Uncompressed: every buffer is 0x400 long, so both are still found. */
	assert_int_equal(run->n, 4);
	assert_int_equal(run->recs[2].rec.event.id, 1);
	assert_int_equal(run->recs[3].rec.event.id, 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], second);
	assert_string_equal(run->seen.messages[0],
	                    "buffer size 0x0, not the session's 0x400; the next buffer is looked for "
	                    "0x400 bytes on");
	assert_int_equal(wst_etl_stats(run->r)->buffers, 3);
	done(run);
}

/* The same sizes, odd or huge, in one buffer: the others are still found. */
static void test_buffer_size_odd_or_huge(void **state)
{
	static const uint32_t sizes[] = { 0x404, 0x3FF, 0x80000000u, 0x800 };
	(void)state;

	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		struct builder b;
		start_file(&b);
		size_t second = begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
		add_event(&b, 1, T0 + 1, 0);
		begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
		add_event(&b, 2, T0 + 2, 0);
		finish(&b);
		put32(&b, second, sizes[i]);
		struct run *run = run_builder(&b, b.len);
		assert_non_null(run->r);
		assert_int_equal(run->n, 4);
		assert_int_equal(run->seen.count, 1);
		assert_int_equal(run->seen.offsets[0], second);
		assert_non_null(strstr(run->seen.messages[0], "not the session's 0x400"));
		done(run);
	}
}

/* In compressed files sizes vary by design: a bad one ends the index. */
static void test_buffer_size_zero_compressed_file(void **state)
{
	struct builder b;
	(void)state;

	memset(&b, 0, sizeof b);
	header_buffer(&b, true, 0x04000001, 3);
	size_t second = begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 2, T0 + 2, 0);
	finish(&b);
	put32(&b, second, 0);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->n, 2);
	assert_int_equal(run->seen.count, 1);
	assert_string_equal(run->seen.messages[0],
	                    "buffer size 0x0 invalid, later buffers cannot be located");
	done(run);
}

/* A few stored bytes may not claim a much larger inflated buffer. */
static void test_compressed_ratio_cap(void **state)
{
	static const uint8_t packed[4] = { 0xFF, 0xFF, 0xFF, 0xFF };
	struct builder b;
	(void)state;

	memset(&b, 0, sizeof b);
	header_buffer(&b, true, 0x04000001, 3);
	size_t bad = begin_buffer(&b, 0x400, 0, 1, 0x60, 0);
	memcpy(b.p + bad + 0x48, packed, sizeof packed);
	set_data_end(&b, 0x48 + 4 * 128 + 8);
	put32(&b, bad, 0x48 + sizeof packed);
	b.len = bad + 0x48 + sizeof packed;
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->n, 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad + 4);
	assert_string_equal(run->seen.messages[0],
	                    "compressed buffer claims 0x208 bytes from 0x4 stored, more than 128 times as many");
	assert_int_equal(wst_etl_stats(run->r)->buffers_skipped, 1);
	done(run);
}

/* Resident buffers share one budget: past it a buffer is skipped and said
 * so, and the other processors' events still come out. */
static void test_resident_budget(void **state)
{
	struct builder b;
	struct run *run = calloc(1, sizeof *run);
	char path[64];
	struct wst_etl_record rec;
	(void)state;

	assert_non_null(run);
	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0x100);
	size_t big = begin_buffer(&b, 0x400, 1, 2, 0x20, 0);
	add_event(&b, 2, T0 + 2, 0x300);
	finish(&b);
	write_temp(b.p, b.len, path);
	free(b.p);
	assert_non_null(open_with(run, path));
	run->r->resident_limit = 0x500;
	while (wst_etl_next(run->r, &rec) == 1)
		run->n++;
	remove(path);
	assert_int_equal(run->n, 3);   /* header buffer's two records, event 1 */
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], big);
	assert_non_null(strstr(run->seen.messages[0], "buffer of 0x"));
	assert_int_equal(run->r->resident, 0);
	done(run);
}

static void test_end_marker_mid_buffer(void **state)
{
	static const uint8_t end[8] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	size_t mark = add_record(&b, end, sizeof end);
	add_event(&b, 2, T0 + 2, 0);
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 3, T0 + 3, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 2);
	assert_int_equal(run->recs[3].rec.event.id, 3);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], mark);
	done(run);
}

static void test_unknown_marker(void **state)
{
	static const uint8_t junk[8] = { 0x10, 0, 0x0C, 0xC0 };   /* TIMED: never used */
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	size_t bad = add_record(&b, junk, sizeof junk);
	add_event(&b, 1, T0 + 1, 0);
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 2, T0 + 2, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 1);
	assert_int_equal(run->recs[2].rec.event.id, 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad);
	assert_non_null(strstr(run->seen.messages[0], "unknown record marker 0xc00c0010"));
	done(run);
}

static void test_fewer_buffers_than_written(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	set_buffers_written(&b, 5);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->rc, 0);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 1);
	assert_int_equal(run->seen.count, 1);
	assert_string_equal(run->seen.messages[0], "file ends after 2 of 5 buffers");
	assert_int_equal(run->seen.offsets[0], 0x800);
	done(run);
}

static void test_more_buffers_than_written(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	set_buffers_written(&b, 1);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(run->n, 2);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], 0x400);
	assert_string_equal(run->seen.messages[0],
	                    "0x400 bytes after the 1 buffers the header counts are ignored");
	done(run);
}

static void test_data_end_invalid(void **state)
{
	struct builder b;
	(void)state;

	start_file(&b);
	size_t bad = begin_buffer(&b, 0x400, 0, 1, 0x20, 0);
	add_event(&b, 1, T0 + 1, 0);
	put32(&b, bad + 0x04, 0x800);
	put32(&b, bad + 0x30, 0x800);
	begin_buffer(&b, 0x400, 0, 2, 0x20, 0);
	add_event(&b, 2, T0 + 2, 0);
	finish(&b);
	struct run *run = run_builder(&b, b.len);
	assert_non_null(run->r);
	assert_int_equal(count_kind(run, WST_ETL_EVENT_HEADER), 1);
	assert_int_equal(run->seen.count, 1);
	assert_int_equal(run->seen.offsets[0], bad + 0x30);
	assert_int_equal(wst_etl_stats(run->r)->buffers_skipped, 1);
	done(run);
}

/* ---- XPRESS, hand-computed per [MS-XCA] 2.3-2.4 ----------------------------- */

static void test_xpress_literals_and_match(void **state)
{
	/* Flags 0x17FFFFFF: L L L M L, then 1 with no input = end.
	 * Match 0x0016: length 6+3 = 9, offset (0x16 >> 3) + 1 = 3. */
	static const uint8_t in[] = { 0xFF, 0xFF, 0xFF, 0x17, 'a', 'b', 'c', 0x16, 0x00, 'X' };
	uint8_t out[32];
	size_t n = 0;
	(void)state;

	assert_null(wst_xpress_decompress(in, sizeof in, out, sizeof out, &n));
	assert_int_equal(n, 13);
	assert_memory_equal(out, "abcabcabcabcX", 13);
}

static void test_xpress_long_lengths(void **state)
{
	/* L M M: both matches have 3-bit length 7 and share the byte 0x25:
	 * low nibble 5 -> 5+7+3 = 15, high nibble 2 -> 2+7+3 = 12. */
	static const uint8_t pair[] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x07, 0x00, 0x25, 0x07, 0x00 };
	/* Nibble 15 continues in a byte: 0x20 + 15 + 7 + 3 = 57. */
	static const uint8_t byte[] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x07, 0x00, 0x0F, 0x20 };
	/* Byte 255 continues in a u16 holding the length - 3: 100 + 3. */
	static const uint8_t word[] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x07, 0x00, 0x0F, 0xFF, 0x64, 0x00 };
	uint8_t out[128], want[128];
	size_t n = 0;
	(void)state;

	memset(want, 'a', sizeof want);
	assert_null(wst_xpress_decompress(pair, sizeof pair, out, sizeof out, &n));
	assert_int_equal(n, 1 + 15 + 12);
	assert_memory_equal(out, want, n);
	assert_null(wst_xpress_decompress(byte, sizeof byte, out, sizeof out, &n));
	assert_int_equal(n, 1 + 57);
	assert_memory_equal(out, want, n);
	assert_null(wst_xpress_decompress(word, sizeof word, out, sizeof out, &n));
	assert_int_equal(n, 1 + 103);
	assert_memory_equal(out, want, n);
}

/* The two plain LZ77 examples of [MS-XCA] section 3.1. */
static void test_xpress_spec_examples(void **state)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";
	static const uint8_t abc300[] = {
		0xFF, 0xFF, 0xFF, 0x1F, 'a', 'b', 'c', 0x17, 0x00, 0x0F, 0xFF, 0x26, 0x01,
	};
	uint8_t in[4 + 26], out[300], want[300];
	size_t n = 0;
	(void)state;

	memcpy(in, "\x3f\x00\x00\x00", 4);
	memcpy(in + 4, alphabet, 26);
	assert_null(wst_xpress_decompress(in, sizeof in, out, sizeof out, &n));
	assert_int_equal(n, 26);
	assert_memory_equal(out, alphabet, 26);

	for (int i = 0; i < 300; i++)
		want[i] = (uint8_t)("abc"[i % 3]);
	assert_null(wst_xpress_decompress(abc300, sizeof abc300, out, sizeof out, &n));
	assert_int_equal(n, 300);
	assert_memory_equal(out, want, 300);
}

static void test_xpress_hostile(void **state)
{
	/* Flags 0x7FFFFFFF: a literal, then a match 4 bytes back from position 1. */
	static const uint8_t before[] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x18, 0x00 };
	static const uint8_t pair[] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x07, 0x00, 0x25, 0x07, 0x00 };
	static const uint8_t cut[] = { 0xFF, 0xFF, 0xFF, 0x7F, 'a', 0x07 };
	uint8_t out[16];
	size_t n = 0;
	(void)state;

	assert_string_equal(wst_xpress_decompress(before, sizeof before, out, sizeof out, &n),
	                    "match reaches before the start");
	assert_string_equal(wst_xpress_decompress(pair, sizeof pair, out, sizeof out, &n),
	                    "output larger than announced");
	assert_true(n <= sizeof out);
	assert_string_equal(wst_xpress_decompress(cut, sizeof cut, out, sizeof out, &n),
	                    "stream ends inside a match");
	assert_string_equal(wst_xpress_decompress(pair, 2, out, sizeof out, &n),
	                    "stream ends inside a flag word");
}

/* ---- clock --------------------------------------------------------------- */

/* The FILETIME of raw, which must make a date. */
static uint64_t filetime(const struct wst_etl_header *h, uint64_t raw)
{
	uint64_t ft = 1;

	assert_true(wst_etl_to_filetime(h, raw, &ft));
	return ft;
}

static void test_clock(void **state)
{
	struct wst_etl_header h;
	(void)state;

	memset(&h, 0, sizeof h);
	h.start_time = START_TIME;
	h.t0 = 5000;
	h.clock_type = 1;
	h.perf_freq = 10000000;
	assert_int_equal(filetime(&h, 5000), START_TIME);
	assert_int_equal(filetime(&h, 5123), START_TIME + 123);
	assert_int_equal(filetime(&h, 4000), START_TIME - 1000);
	h.start_time = START_TIME;

	/* One year of a 3.579545 MHz QPC: the product needs more than 64 bits. */
	h.perf_freq = 3579545;
	uint64_t year = 365u * 24u * 3600u;
	assert_int_equal(filetime(&h, 5000 + 3579545u * year), START_TIME + 10000000u * year);
	/* A remainder whose product with 10^7 overflows: (f-1) * 10^7 / f. */
	h.perf_freq = 0xFFFFFFFFFFFFFFF1u;
	h.t0 = 0;
	assert_int_equal(filetime(&h, 0xFFFFFFFFFFFFFFF0u), START_TIME + 9999999u);
	h.t0 = 5000;

	h.perf_freq = 0;                               /* guarded: ticks taken as 100 ns */
	assert_int_equal(filetime(&h, 5100), START_TIME + 100);
	h.clock_type = 2;                              /* system time */
	h.t0 = START_TIME - 7;
	assert_int_equal(filetime(&h, START_TIME + 50), START_TIME + 57);
	h.clock_type = 3;                              /* CPU cycles at 2000 MHz */
	h.t0 = 5000;
	h.cpu_speed_mhz = 2000;
	assert_int_equal(filetime(&h, 5000 + 2000 * 7), START_TIME + 70);
	h.cpu_speed_mhz = 0;
	assert_int_equal(filetime(&h, 5009), START_TIME + 9);
}

/* Defect 7: a conversion that saturates, or a date past year 9999, is no
 * date; before, they printed as plausible dates (UINT64_MAX as year 0056,
 * 10000-01-01 as 0000-01-01). */
static void test_clock_out_of_range(void **state)
{
	struct wst_etl_header h;
	uint64_t ft = 1;
	(void)state;

	memset(&h, 0, sizeof h);
	h.start_time = 10;
	h.t0 = 5000;
	h.clock_type = 2;                              /* system time: ticks are FILETIME's */
	assert_false(wst_etl_to_filetime(&h, 4989, &ft));   /* 11 ticks before 1601 */
	assert_int_equal(ft, 0);
	assert_true(wst_etl_to_filetime(&h, 4990, &ft));
	assert_int_equal(ft, 0);
	/* The last tick of 9999 is a date, the next one is not. */
	assert_true(wst_etl_to_filetime(&h, 5000 + WST_FILETIME_MAX - 10, &ft));
	assert_int_equal(ft, WST_FILETIME_MAX);
	assert_false(wst_etl_to_filetime(&h, 5000 + WST_FILETIME_MAX - 9, &ft));
	assert_int_equal(ft, WST_FILETIME_MAX + 1);
	/* A product past 64 bits saturates: 2^64-1 ticks of a 1 Hz clock. */
	h.clock_type = 1;
	h.perf_freq = 1;
	h.t0 = 0;
	assert_false(wst_etl_to_filetime(&h, UINT64_MAX, &ft));
	assert_int_equal(ft, UINT64_MAX);
	/* The sum past 64 bits saturates too. */
	h.perf_freq = 10000000;
	h.start_time = START_TIME;
	assert_false(wst_etl_to_filetime(&h, UINT64_MAX - 100, &ft));
	assert_int_equal(ft, UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amsitrace),
		cmocka_unit_test(test_lxcore),
		cmocka_unit_test(test_powershell),
		cmocka_unit_test(test_built_file),
		cmocka_unit_test(test_logfile_header_32bit),
		cmocka_unit_test(test_merge_order),
		cmocka_unit_test(test_record_kinds),
		cmocka_unit_test(test_extended_items),
		cmocka_unit_test(test_compressed_buffer),
		cmocka_unit_test(test_compressed_size_cap),
		cmocka_unit_test(test_offset_fallback_and_lost_flags),
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_missing_and_directory),
		cmocka_unit_test(test_not_a_header_buffer),
		cmocka_unit_test(test_header_buffer_truncated),
		cmocka_unit_test(test_last_buffer_truncated),
		cmocka_unit_test(test_record_size_zero),
		cmocka_unit_test(test_record_overruns_buffer),
		cmocka_unit_test(test_extended_item_lies),
		cmocka_unit_test(test_second_buffer_size_zero),
		cmocka_unit_test(test_buffer_size_odd_or_huge),
		cmocka_unit_test(test_buffer_size_zero_compressed_file),
		cmocka_unit_test(test_compressed_ratio_cap),
		cmocka_unit_test(test_resident_budget),
		cmocka_unit_test(test_end_marker_mid_buffer),
		cmocka_unit_test(test_unknown_marker),
		cmocka_unit_test(test_fewer_buffers_than_written),
		cmocka_unit_test(test_more_buffers_than_written),
		cmocka_unit_test(test_data_end_invalid),
		cmocka_unit_test(test_xpress_literals_and_match),
		cmocka_unit_test(test_xpress_long_lengths),
		cmocka_unit_test(test_xpress_spec_examples),
		cmocka_unit_test(test_xpress_hostile),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_clock_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
