/*
 * Raw session clock -> FILETIME (section 5):
 *   FILETIME = StartTime + (raw - T0) * 10^7 / ticks_per_second
 * The product overflows 64 bits after about 30 minutes of a 10 MHz QPC when
 * the frequency is not 10^7, and MSVC has no 128-bit integer, so the
 * multiplication is split and, when needed, done on two 64-bit halves.
 */
#include "etl_internal.h"
#include "wstrace/timefmt.h"

#define FILETIME_PER_SECOND 10000000u
#define CLOCK_SYSTEM_TIME 2u
#define CLOCK_CPU_CYCLES 3u

/* (r * num) / den for r < den: a 128-bit product reduced by shift-subtract
 * division. The quotient fits 64 bits because r < den. */
static uint64_t mul_div_small(uint64_t r, uint64_t num, uint64_t den)
{
	if (num == 0 || r <= UINT64_MAX / num)
		return r * num / den;

	uint64_t a_lo = r & 0xFFFFFFFFu, a_hi = r >> 32;
	uint64_t b_lo = num & 0xFFFFFFFFu, b_hi = num >> 32;
	uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
	uint64_t mid = (p0 >> 32) + (p1 & 0xFFFFFFFFu) + (p2 & 0xFFFFFFFFu);
	uint64_t lo = (mid << 32) | (p0 & 0xFFFFFFFFu);
	uint64_t rem = p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
	uint64_t quot = 0;

	for (int bit = 63; bit >= 0; bit--) {
		/* rem < den before the shift; a bit shifted out of the top means
		 * the true value is past 2^64 and so certainly >= den. */
		uint64_t carry = rem >> 63;
		rem = rem << 1 | (lo >> bit & 1);
		quot <<= 1;
		if (carry || rem >= den) {
			rem -= den;
			quot |= 1;
		}
	}
	return quot;
}

/* a * num / den, saturating at UINT64_MAX. */
static uint64_t mul_div(uint64_t a, uint64_t num, uint64_t den)
{
	uint64_t q = a / den, r = a % den;

	if (q != 0 && num > UINT64_MAX / q)
		return UINT64_MAX;
	uint64_t whole = q * num;
	uint64_t part = mul_div_small(r, num, den);
	return whole > UINT64_MAX - part ? UINT64_MAX : whole + part;
}

bool wst_etl_to_filetime(const struct wst_etl_header *h, uint64_t raw, uint64_t *ft)
{
	uint64_t num = FILETIME_PER_SECOND, den;

	switch (h->clock_type) {
	case CLOCK_SYSTEM_TIME:
		den = FILETIME_PER_SECOND;
		break;
	case CLOCK_CPU_CYCLES:
		/* MHz is cycles per microsecond, and a microsecond is 10 ticks. */
		num = 10;
		den = h->cpu_speed_mhz;
		break;
	default:
		/* QPC, and raw (0), which no source defines better. */
		den = h->perf_freq;
		break;
	}
	/* A zeroed rate would divide by zero; 100 ns ticks is the likeliest. */
	if (den == 0) {
		num = 1;
		den = 1;
	}
	if (raw >= h->t0) {
		uint64_t d = mul_div(raw - h->t0, num, den);
		if (d == UINT64_MAX || h->start_time > UINT64_MAX - d) {
			*ft = UINT64_MAX;
			return false;
		}
		*ft = h->start_time + d;
		return *ft <= WST_FILETIME_MAX;
	}
	uint64_t d = mul_div(h->t0 - raw, num, den);
	if (d > h->start_time) {
		*ft = 0;
		return false;
	}
	*ft = h->start_time - d;
	return *ft <= WST_FILETIME_MAX;
}
