/*
 * Name lookups waiting for their answers: a getaddrinfo or DNS query
 * request is remembered by process, thread, provider event, query type
 * and the name asked, until the completion with the same key says how
 * long it took (slow_lookup, docs/report.md). Bounded: when the table is
 * full the request waiting longest is forgotten and counted.
 */
#ifndef WSTRACE_REPORT_LOOKUP_PAIRS_H
#define WSTRACE_REPORT_LOOKUP_PAIRS_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/lru_map.h"

#define WST_LOOKUP_NAME_MAX 128

struct wst_lookup_key {
	uint32_t pid, tid;
	uint16_t kind;                  /* WST_EV_GETADDRINFO, WST_EV_DNS_QUERY */
	uint16_t query_type;            /* the DNS record type; 0 for getaddrinfo */
	char name[WST_LOOKUP_NAME_MAX]; /* zero-padded */
};

struct wst_lookup_pending {
	struct wst_lookup_key key;
	uint64_t started;               /* FILETIME of the request */
};

struct wst_lookup_pairs {
	struct wst_lru_map map;
	struct wst_lookup_pending *pending;   /* by slot */
	uint64_t evicted;                     /* requests forgotten unanswered at the ceiling */
};

bool wst_lookup_pairs_init(struct wst_lookup_pairs *p, uint32_t capacity);
void wst_lookup_pairs_free(struct wst_lookup_pairs *p);

/* A request at time ts; a second one with the same key before its answer
 * replaces the first (a thread asks again after losing the answer). */
void wst_lookup_pairs_request(struct wst_lookup_pairs *p, const struct wst_lookup_key *k, uint64_t ts);

/* The answer at time ts: true and *started when its request is waiting
 * (it is forgotten then); false when none is. */
bool wst_lookup_pairs_answer(struct wst_lookup_pairs *p, const struct wst_lookup_key *k,
                             uint64_t *started);

#endif
