/*
 * The name table: address -> the host name a lookup resolved to it, learnt
 * from successful getaddrinfo and DNS query completions (the name asked,
 * not its CNAME targets). The most recent lookup wins. Each name is kept
 * twice: for the process that asked, and for any process; a socket's
 * remote address is named by its own process's lookup first, by any
 * process's as the fallback (a name resolved by one program and used by
 * another, or a lookup logged in the DNS service's context). Both maps have
 * a fixed capacity; when full the least recently used entry is evicted and
 * counted.
 */
#ifndef WSTRACE_NAME_TABLE_H
#define WSTRACE_NAME_TABLE_H

#include <stdint.h>

#include "wstrace/record.h"

/* A DNS name is at most 253 characters. */
#define WST_HOST_NAME_LEN 256

/* 16,384 addresses in each map at about 320 bytes each: 10 MB when full. */
#define WST_NAME_TABLE_DEFAULT_CAPACITY (1u << 14)

struct wst_name_stats {
	uint64_t learnt;           /* (address, name) pairs learnt */
	uint64_t evicted;          /* entries dropped to keep the maps bounded */
};

struct wst_name_table;

/* NULL when the memory cannot be had. */
struct wst_name_table *wst_name_table_new(uint32_t capacity);
void wst_name_table_free(struct wst_name_table *t);

/* Learns from a decoded lookup completion (other records are left alone):
 * its pid's lookup of its name gave these addresses. */
void wst_name_table_apply(struct wst_name_table *t, const struct wst_record *rec);

/* The name of addr (its port ignored) for process pid, else for any
 * process; NULL when none is known. Valid until the next apply. */
const char *wst_name_table_find(struct wst_name_table *t, uint32_t pid, const struct wst_sockaddr *addr,
                                uint16_t *plain_len);

/* A socket's remote name as last found, kept in its endpoint entry so that
 * its lines need no probe: valid while the table has not changed since
 * (its generation: any lookup learnt may name the address differently, and
 * the most recent one wins) and for the same pid and address. */
struct wst_name_memo {
	uint64_t generation;       /* 0: empty */
	uint32_t pid;
	uint8_t family;
	uint8_t addr[16];
	uint16_t plain_len;
	const char *name;
};

/* wst_name_table_find through memo, which it fills when it is stale. */
const char *wst_name_table_find_memo(struct wst_name_table *t, uint32_t pid, const struct wst_sockaddr *addr,
                                     struct wst_name_memo *memo, uint16_t *plain_len);

const struct wst_name_stats *wst_name_table_stats(const struct wst_name_table *t);

#endif
