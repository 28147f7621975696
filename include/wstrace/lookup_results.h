/*
 * The Result / QueryResults string of getaddrinfo and DNS-Client events:
 * ';'-separated entries in the forms Windows writes (after NetBlame):
 *   1.2.3.4        1.2.3.4:80        ::ffff:1.2.3.4     [::ffff:1.2.3.4]:80
 *   2001:db8::1    fe80::1%9         type: 5 foo.bar.com  (a CNAME: an alias)
 * Addresses come out as the address alone: IPv4 given v4-mapped becomes
 * a.b.c.d, ports are dropped, zones kept. Entries that are neither an
 * address nor a CNAME are passed over.
 */
#ifndef WSTRACE_LOOKUP_RESULTS_H
#define WSTRACE_LOOKUP_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/cursor.h"
#include "wstrace/record.h"

/* ETW cuts these strings at 1,024 characters, the terminator included: one
 * of 1,023 characters or more may have lost entries, and its last entry
 * may be partial, so that one is dropped. */
#define WST_RESULTS_CUT_CHARS 1023

/* A DNS name is at most 253 characters; an entry longer than this is
 * no address or name Windows resolved and is passed over. */
#define WST_RESULT_TEXT_LEN 256

enum wst_result_kind { WST_RESULT_ADDRESS, WST_RESULT_ALIAS };

struct wst_result {
	uint8_t kind;                    /* enum wst_result_kind */
	char text[WST_RESULT_TEXT_LEN];  /* UTF-8, NUL-terminated */
	size_t len;
	struct wst_sockaddr addr;        /* WST_RESULT_ADDRESS: the address, port 0 */
};

struct wst_results {
	struct wst_cursor c;             /* over the string's UTF-16LE bytes */
	bool cut;                        /* as long as ETW lets it be */
};

/* utf16/bytes: the string without its terminator (a decoded value). */
void wst_results_begin(struct wst_results *r, const uint8_t *utf16, size_t bytes);

/* The next address or alias; false at the end. */
bool wst_results_next(struct wst_results *r, struct wst_result *out);

/* The next entry of one kind (the emitters write the addresses, then the
 * aliases); false at the end. */
bool wst_results_next_of(struct wst_results *r, enum wst_result_kind kind, struct wst_result *out);

#endif
