/*
 * What every harness shares: a loud failure that libFuzzer and the plain
 * replay both see as a crash, and an output sink that checks every line the
 * formatters write as soon as it is complete.
 */
#ifndef WSTRACE_FUZZ_CHECK_H
#define WSTRACE_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wstrace/compiler.h"
#include "wstrace/event.h"
#include "wstrace/outbuf.h"


/* Prints where and why on stderr, then aborts: an invariant that fails is
 * a finding just like a sanitizer report. */
_Noreturn void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	WST_PRINTF(4, 5);

#define FUZZ_CHECK(cond, ...)                                              \
	do {                                                               \
		if (!(cond))                                               \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* A wst_out whose bytes land in memory and are checked line by line: each
 * line is printable ASCII ending in one '\n', and a JSON line parses back
 * with cJSON into an object with "v":1 and a string "event" or "provider". */
struct fuzz_sink {
	FILE *fp;
	char *mem;
	size_t size;
	bool json;
	uint64_t lines;
	struct wst_out out;
};

/* NULL when memory cannot be had (the harness then skips the input). */
struct fuzz_sink *fuzz_sink_new(bool json);
/* Empties the sink for the next input: harnesses keep theirs across runs
 * because a fresh 64 KiB buffer per run costs more than the run itself. */
void fuzz_sink_reset(struct fuzz_sink *s);
/* Flushes and checks the lines written since the last call; a line must be
 * complete by then (formatters write whole lines). */
void fuzz_sink_check(struct fuzz_sink *s);
void fuzz_sink_free(struct fuzz_sink *s);

/* A one-line message: non-empty, printable ASCII, no newline. */
void fuzz_check_message(const char *what, const char *msg);

/* Valid UTF-8 up to its NUL (no overlong forms, no surrogates). */
bool fuzz_utf8_valid(const char *s);

/* An event of the AFD provider from the first bytes of data: id (2 bytes),
 * version, flags (bit 0: 32-bit pointers, bits 1-3: level), pid (4),
 * timestamp (8); the rest is the payload. Returns the header length used,
 * or 0 when data is too short for it. */
#define FUZZ_EVENT_HEADER 16
size_t fuzz_event_from_bytes(const uint8_t *data, size_t size, struct wst_event *ev);

#endif
