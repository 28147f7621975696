/*
 * FNV-1a, 64-bit: the hash of the in-memory tables' keys (names, packets,
 * report subjects, pending lookups). Not for anything an attacker could
 * aim collisions at beyond a slower probe: every table compares keys in
 * full on a hit.
 */
#ifndef WSTRACE_FNV1A_H
#define WSTRACE_FNV1A_H

#include <stddef.h>
#include <stdint.h>

#define WST_FNV1A_START 0xcbf29ce484222325ull

/* h continued over n bytes at data; start with WST_FNV1A_START. */
static inline uint64_t wst_fnv1a(uint64_t h, const void *data, size_t n)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

#endif
