/*
 * The portable .etl reader: walks the buffers of a saved ETW capture,
 * merges the per-processor buffers into one timeline and hands out every
 * record with its time converted to FILETIME (docs/etl-format.md, the
 * reader checklist of section 10).
 *
 * Memory stays bounded: the reader indexes buffer headers once, then keeps
 * one buffer per processor stream in memory while merging.
 */
#ifndef WSTRACE_ETL_READER_H
#define WSTRACE_ETL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wstrace/event.h"

enum wst_etl_kind {
	WST_ETL_EVENT_HEADER,   /* EVENT_HEADER32/64: manifest, TraceLogging */
	WST_ETL_SYSTEM,         /* SYSTEM32/64 kernel MOF records */
	WST_ETL_COMPACT,
	WST_ETL_PERFINFO,
	WST_ETL_FULL_HEADER,    /* classic EVENT_TRACE_HEADER */
	WST_ETL_INSTANCE,
	WST_ETL_MESSAGE,        /* WPP */
	WST_ETL_OTHER,
	WST_ETL_KIND_COUNT
};

/* "event_header", "system", "compact", "perfinfo", "full_header",
 * "instance", "message", "other". */
const char *wst_etl_kind_name(enum wst_etl_kind kind);

/* TRACE_LOGFILE_HEADER and what the reader learnt around it. */
struct wst_etl_header {
	uint32_t buffer_size;
	uint8_t version[4];           /* major, minor, sub, subminor */
	uint32_t os_build;            /* ProviderVersion */
	uint32_t num_processors;
	uint64_t start_time;          /* FILETIME */
	uint64_t end_time;            /* FILETIME */
	uint64_t boot_time;           /* FILETIME */
	uint32_t timer_resolution;
	uint32_t max_file_size;
	uint32_t log_file_mode;
	uint32_t buffers_written;
	uint32_t pointer_size;
	uint32_t events_lost;
	uint32_t buffers_lost;
	uint32_t cpu_speed_mhz;
	uint32_t clock_type;          /* ReservedFlags: 0 raw, 1 QPC, 2 system time, 3 cycles */
	uint64_t perf_freq;
	uint64_t t0;                  /* raw clock at StartTime */
	int32_t tz_bias_minutes;
	uint16_t compression_format;  /* 0 when the file is not compressed */
	char logger_name[256];        /* UTF-8 */
	char log_file_name[512];      /* UTF-8 */
	uint64_t file_size;
};

struct wst_etl_record {
	enum wst_etl_kind kind;
	uint64_t file_offset;         /* where the record starts in the file */
	uint16_t cpu;
	uint64_t timestamp;           /* FILETIME; 0 when the record carries no time */
	/* For EVENT_HEADER records every field is set and event.user_data points
	 * at the payload; for the other kinds pid, tid, cpu, timestamp and
	 * file_offset are set where the header has them. Pointers stay valid
	 * until the next wst_etl_next call. */
	struct wst_event event;
	uint16_t hook_id;             /* SYSTEM/COMPACT/PERFINFO: Group << 8 | Type */
};

struct wst_etl_stats {
	uint64_t buffers;             /* buffers read */
	uint64_t buffers_skipped;     /* buffers not decoded: corrupt or unsupported */
	uint64_t compressed_buffers;
	uint64_t records;             /* records handed out */
	uint64_t problems;            /* problems reported through the sink */
	uint64_t read_errors;         /* reads the system failed (I/O errors, also
	                                 counted in problems): the file was not read
	                                 to its end */
	uint64_t lost_flag_buffers;   /* buffers flagged EVENTS_LOST or BUFFER_LOST */
	uint64_t records_by_kind[WST_ETL_KIND_COUNT];
};

/* Malformed input is reported here, one message per problem, with the file
 * offset it concerns; the reader then skips what it cannot trust and goes
 * on. The message is a short lowercase phrase without a trailing newline. */
struct wst_etl_problem_sink {
	void (*report)(void *ctx, uint64_t offset, const char *message);
	void *ctx;
};

struct wst_etl_reader;

/* Opens and validates the logfile header. On failure returns NULL and
 * writes a one-line reason to err. A reason that concerns a place in the
 * file starts with "offset 0x...: " and that offset is also stored in
 * *err_offset (0 otherwise: cannot open, is a directory, I/O, memory). */
struct wst_etl_reader *wst_etl_open(const char *path, const struct wst_etl_problem_sink *sink,
                                    char *err, size_t errlen, uint64_t *err_offset);

/* The same on a file the caller opened in binary mode, e.g. with fmemopen
 * for bytes already in memory. It must be seekable (the reader reads buffers
 * out of file order), so a pipe will not do. The reader owns f from here on
 * and closes it, also when opening fails. */
struct wst_etl_reader *wst_etl_open_stream(FILE *f, const struct wst_etl_problem_sink *sink,
                                           char *err, size_t errlen, uint64_t *err_offset);
const struct wst_etl_header *wst_etl_header(const struct wst_etl_reader *r);

/* Next record in time order: 1 with *rec filled, 0 at the end, -1 on an
 * I/O error (reported through the sink). */
int wst_etl_next(struct wst_etl_reader *r, struct wst_etl_record *rec);

const struct wst_etl_stats *wst_etl_stats(const struct wst_etl_reader *r);
void wst_etl_close(struct wst_etl_reader *r);

/* Raw clock value -> FILETIME with the header's clock rules (section 5).
 * False when the value makes no date: the conversion saturated (*ft is 0
 * or UINT64_MAX) or the date is past WST_FILETIME_MAX (wstrace/timefmt.h). */
bool wst_etl_to_filetime(const struct wst_etl_header *h, uint64_t raw, uint64_t *ft);

#endif
