/*
 * The process table: what the capture's own Kernel-Process events say about
 * each process (start, stop, and the rundown of those already running),
 * keyed by PID. A PID is reused after its process exits: a start whose
 * create time differs from the entry's begins a new process in its place,
 * so events after it are named by the new image, and events between a stop
 * and the reuse still by the old one. Fixed capacity; when full the least
 * recently used process is evicted and counted.
 */
#ifndef WSTRACE_PROCESS_TABLE_H
#define WSTRACE_PROCESS_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/record.h"

/* An image base name: Windows allows 255 characters; longer ones are cut. */
#define WST_PROCESS_IMAGE_LEN 128

struct wst_process_info {
	uint32_t pid;
	uint32_t parent_pid;
	uint64_t create_time;      /* FILETIME; 0 when only a stop was seen */
	uint64_t sequence;         /* ProcessSequenceNumber; 0 when not logged */
	uint64_t started;          /* FILETIME of the start or rundown event */
	uint64_t stopped;          /* FILETIME of the stop event; 0 while running */
	bool rundown;              /* known from the rundown: running before the capture */
	char image[WST_PROCESS_IMAGE_LEN];   /* "curl.exe", UTF-8 */
	uint16_t image_plain_len;            /* wst_plain_len(image) */
};

struct wst_process_stats {
	uint64_t processes;        /* processes learnt */
	uint64_t reused;           /* starts that found their PID held by another process */
	uint64_t evicted;          /* entries dropped to keep the table bounded */
};

/* 16,384 processes at about 210 bytes each (entry and map): 3.4 MB when full. */
#define WST_PROCESS_TABLE_DEFAULT_CAPACITY (1u << 14)

struct wst_process_table;

/* NULL when the memory cannot be had. */
struct wst_process_table *wst_process_table_new(uint32_t capacity);
void wst_process_table_free(struct wst_process_table *t);

/* Learns from a decoded Kernel-Process record (other records are left
 * alone) and sets its image. */
void wst_process_table_apply(struct wst_process_table *t, struct wst_record *rec);

/* The process now holding pid, or NULL. */
const struct wst_process_info *wst_process_table_find(struct wst_process_table *t, uint32_t pid);

/* The image of the process now holding pid, or NULL when none is known. */
const char *wst_process_table_image(struct wst_process_table *t, uint32_t pid);

const struct wst_process_stats *wst_process_table_stats(const struct wst_process_table *t);

#endif
