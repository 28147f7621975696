#include "wstrace/utf16.h"

size_t wst_utf8_encode(uint32_t cp, char buf[4])
{
	if (cp < 0x80) {
		buf[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		buf[0] = (char)(0xC0 | cp >> 6);
		buf[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		buf[0] = (char)(0xE0 | cp >> 12);
		buf[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		buf[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	buf[0] = (char)(0xF0 | cp >> 18);
	buf[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	buf[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	buf[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Next code point; 0 at the terminator (*nul set) or the end of the bytes. */
static uint32_t next_code_point(struct wst_cursor *c, bool *nul)
{
	uint16_t u, lo;

	if (!wst_get_le16(c, &u))
		return 0;
	if (u == 0) {
		*nul = true;
		return 0;
	}
	if (u < 0xD800 || u > 0xDFFF)
		return u;
	if (u >= 0xDC00)
		return 0xFFFD;
	/* A high surrogate: take the low one only if it really is one, so the
	 * character after a broken pair is not swallowed. */
	struct wst_cursor peek = *c;
	if (!wst_get_le16(&peek, &lo) || lo < 0xDC00 || lo > 0xDFFF)
		return 0xFFFD;
	*c = peek;
	return 0x10000 + ((uint32_t)(u - 0xD800) << 10) + (lo - 0xDC00);
}

uint32_t wst_utf16_next(struct wst_cursor *c)
{
	bool nul = false;

	return next_code_point(c, &nul);
}

bool wst_utf16le_to_utf8(struct wst_cursor *c, char *out, size_t outlen)
{
	size_t n = 0;
	bool full = outlen == 0, nul = false;
	char buf[4];
	uint32_t cp;

	if (outlen)
		n = wst_utf16_ascii_run(c, out, outlen - 1, 0);
	/* Keep consuming after the output is full so the cursor still ends up
	 * past the terminator, where the next string starts. */
	while ((cp = next_code_point(c, &nul)) != 0) {
		size_t len = wst_utf8_encode(cp, buf);
		if (full || len > outlen - 1 - n) {
			full = true;
			continue;
		}
		for (size_t i = 0; i < len; i++)
			out[n++] = buf[i];
	}
	if (outlen)
		out[n] = '\0';
	return nul;
}

size_t wst_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* Back over continuation bytes (10xxxxxx) to the start of the
	 * character that does not fit. */
	while (max && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}
