/* Calendar arithmetic on FILETIME without the C library's time functions,
 * which differ across platforms and are slow per event. */
#include <stdio.h>
#include <string.h>

#include "wstrace/timefmt.h"

#define TICKS_PER_SECOND 10000000ull
#define SECONDS_PER_DAY 86400ull
/* Days from 1601-01-01 to 1970-01-01. */
#define DAYS_1601_TO_1970 134774

/* Civil date from days since 1970-01-01 (proleptic Gregorian). */
static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t year = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(year + (*m <= 2));
}

static int64_t days_from_civil(int y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* Writes v as exactly width decimal digits. */
static void digits(char *out, unsigned v, int width)
{
	while (width--) {
		out[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Two digits, 0 <= v < 100: one division. */
static void two_digits(char *out, unsigned v)
{
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
}

/* Past WST_FILETIME_MAX: the text's shape (digits as '0') with '?' for
 * every digit. */
static size_t no_date(const char *shape, char *out)
{
	size_t n = 0;

	for (; shape[n]; n++)
		out[n] = shape[n] == '0' ? '?' : shape[n];
	out[n] = '\0';
	return n;
}

size_t wst_time_iso(uint64_t ft, char out[WST_TIME_TEXT_LEN])
{
	uint64_t secs = ft / TICKS_PER_SECOND;
	int64_t days = (int64_t)(secs / SECONDS_PER_DAY) - DAYS_1601_TO_1970;
	unsigned sod = (unsigned)(secs % SECONDS_PER_DAY);
	int y;
	unsigned m, d;

	if (ft > WST_FILETIME_MAX)
		return no_date("0000-00-00T00:00:00.0000000Z", out);
	/* Called for every JSON line: plain digit writes, no printf. */
	civil_from_days(days, &y, &m, &d);
	digits(out, (unsigned)y, 4);
	out[4] = '-';
	two_digits(out + 5, m);
	out[7] = '-';
	two_digits(out + 8, d);
	out[10] = 'T';
	two_digits(out + 11, sod / 3600);
	out[13] = ':';
	two_digits(out + 14, sod / 60 % 60);
	out[16] = ':';
	two_digits(out + 17, sod % 60);
	out[19] = '.';
	digits(out + 20, (unsigned)(ft % TICKS_PER_SECOND), 7);
	out[27] = 'Z';
	out[28] = '\0';
	return 28;
}

size_t wst_time_clock(uint64_t ft, char out[WST_CLOCK_TEXT_LEN])
{
	unsigned sod = (unsigned)(ft / TICKS_PER_SECOND % SECONDS_PER_DAY);

	if (ft > WST_FILETIME_MAX)
		return no_date("00:00:00.000000", out);
	digits(out, sod / 3600, 2);
	out[2] = ':';
	digits(out + 3, sod / 60 % 60, 2);
	out[5] = ':';
	digits(out + 6, sod % 60, 2);
	out[8] = '.';
	digits(out + 9, (unsigned)(ft % TICKS_PER_SECOND / 10), 6);
	out[15] = '\0';
	return 15;
}

int wst_time_parse_iso(const char *text, uint64_t *ft)
{
	int y;
	unsigned mo, d, h, mi, s;
	int used = 0;

	if (sscanf(text, "%4d-%2u-%2uT%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &s, &used) != 6)
		return -1;
	if (y < 1601 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -1;
	const char *p = text + used;
	uint64_t frac = 0, scale = TICKS_PER_SECOND;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9' && scale > 1) {
			scale /= 10;
			frac += (uint64_t)(*p++ - '0') * scale;
		}
	}
	if (strcmp(p, "Z") != 0)
		return -1;
	int64_t days = days_from_civil(y, mo, d) + DAYS_1601_TO_1970;
	*ft = ((uint64_t)days * SECONDS_PER_DAY + h * 3600ull + mi * 60ull + s) * TICKS_PER_SECOND + frac;
	return 0;
}
