/*
 * The tables behind include/wstrace/status_names.h, exposed so the unit
 * test can check that each is sorted by code with no duplicates (the
 * lookups are binary searches and would silently miss otherwise).
 * Private to the decoder and its tests.
 */
#ifndef WSTRACE_DECODER_STATUS_TABLE_H
#define WSTRACE_DECODER_STATUS_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct wst_status_name_entry {
	uint32_t code;
	const char *name;
};

struct wst_status_map_entry {
	uint32_t status;	/* NTSTATUS */
	uint32_t wsa;		/* Winsock error code */
};

/* Each returns the table and stores its entry count in *count. */
const struct wst_status_name_entry *wst_status_table_ntstatus(size_t *count);
const struct wst_status_name_entry *wst_status_table_wsa(size_t *count);
const struct wst_status_map_entry *wst_status_table_map(size_t *count);

#endif
