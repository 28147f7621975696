/*
 * One ETW event as every source hands it to the decoder: the .etl reader
 * fills it from an EVENT_HEADER record, the live consumer from an
 * EVENT_RECORD. Nothing here is AFD-specific.
 */
#ifndef WSTRACE_EVENT_H
#define WSTRACE_EVENT_H

#include <stddef.h>
#include <stdint.h>

/* A GUID in Windows layout (Data1-3 little-endian on disk). */
struct wst_guid {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
};

/* "{e53c6823-7bb8-44bb-90dc-3f86090d48a6}": 38 characters and a NUL. */
#define WST_GUID_TEXT_LEN 39
void wst_guid_format(const struct wst_guid *g, char out[WST_GUID_TEXT_LEN]);
int wst_guid_equal(const struct wst_guid *a, const struct wst_guid *b);
/* 16 bytes as Windows lays a GUID out (Data1-3 little-endian). */
void wst_guid_from_bytes(const uint8_t *p, struct wst_guid *g);

extern const struct wst_guid wst_afd_provider_guid;

struct wst_event {
	struct wst_guid provider;
	uint16_t id;
	uint8_t version;
	uint8_t channel;
	uint8_t level;
	uint8_t opcode;
	uint16_t task;
	uint64_t keyword;
	uint32_t pid;           /* header PID: for AFD often a system thread's */
	uint32_t tid;
	uint16_t cpu;
	uint8_t pointer_size;   /* 4 or 8: EVENT_HEADER32 or EVENT_HEADER64 */
	uint64_t timestamp;     /* FILETIME: 100 ns ticks since 1601-01-01 UTC */
	uint64_t raw_time;      /* time_invalid: the source's own clock value */
	uint8_t time_invalid;   /* 1: the clock value makes no date (its conversion
	                           saturated, or it is past WST_FILETIME_MAX), so
	                           formatters print raw_time; timestamp is the
	                           saturated value, for ordering only */
	const uint8_t *user_data;
	size_t user_len;
	uint64_t file_offset;   /* record start in the source file; 0 when live */
	/* The source's own record, valid only during the call it is passed
	 * with: the live consumer's EVENT_RECORD (TDH asks about it); NULL
	 * from a file. */
	const void *origin;
};

#endif
