/* FILETIME (100 ns ticks since 1601-01-01 UTC) as text. */
#ifndef WSTRACE_TIMEFMT_H
#define WSTRACE_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

/* 9999-12-31T23:59:59.9999999Z, the last FILETIME a four-digit year can
 * show. Past it the formatters write '?' in place of every digit, never a
 * date that looks right; the .etl reader reports such events and the event
 * formatters print their raw clock value instead (wst_event.time_invalid). */
#define WST_FILETIME_MAX 2650467743999999999ull

/* "2026-11-20T09:15:00.0001000Z": 28 characters and a NUL. */
#define WST_TIME_TEXT_LEN 29
size_t wst_time_iso(uint64_t filetime, char out[WST_TIME_TEXT_LEN]);

/* "09:15:00.000100" (UTC, microseconds): 15 characters and a NUL. */
#define WST_CLOCK_TEXT_LEN 16
size_t wst_time_clock(uint64_t filetime, char out[WST_CLOCK_TEXT_LEN]);

/* Parses "2026-11-20T09:15:00Z" or with a fraction of up to 7 digits;
 * returns 0 on success. */
int wst_time_parse_iso(const char *text, uint64_t *filetime);

#endif
