#include <stdio.h>

#include "wstrace/number.h"

static bool refuse(char *why, size_t whylen, const char *reason)
{
	snprintf(why, whylen, "%s", reason);
	return false;
}

static int digit_value(char c, unsigned base)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (base == 16 && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (base == 16 && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool wst_number_parse(const char *text, uint64_t min, uint64_t max, unsigned flags,
                      uint64_t *out, char *why, size_t whylen)
{
	bool hex_ok = (flags & WST_NUMBER_HEX) != 0;
	const char *kind = hex_ok ? "not a number (decimal, or hex after 0x)" : "not a decimal number";
	unsigned base = 10;
	const char *s = text;

	if (!s || !*s)
		return refuse(why, whylen, "empty");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!hex_ok)
			return refuse(why, whylen, "not a decimal number (no hex here)");
		base = 16;
		s += 2;
		if (!*s)
			return refuse(why, whylen, "0x without hex digits");
	} else if (s[0] == '0' && s[1] != '\0') {
		/* Decimal or octal? Neither reading is safe to guess. */
		return refuse(why, whylen, "leading zero");
	}
	uint64_t v = 0;
	bool too_big = false;
	for (; *s; s++) {
		int d = digit_value(*s, base);
		if (d < 0)
			return refuse(why, whylen, kind);
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			too_big = true;
		else
			v = v * base + (uint64_t)d;
	}
	if (too_big || v > max) {
		snprintf(why, whylen, "more than %llu", (unsigned long long)max);
		return false;
	}
	if (v < min) {
		snprintf(why, whylen, "less than %llu", (unsigned long long)min);
		return false;
	}
	*out = v;
	return true;
}
