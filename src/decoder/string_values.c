#include <stdio.h>
#include <string.h>

#include "wstrace/string_values.h"
#include "wstrace/utf16.h"

size_t wst_value_utf8(enum wst_field_type type, const struct wst_value *v, char *out, size_t outlen)
{
	if (outlen == 0)
		return 0;
	if (type == WST_FT_UTF16) {
		struct wst_cursor c = wst_cursor_make(v->bytes, v->len);
		wst_utf16le_to_utf8(&c, out, outlen);
		return strlen(out);
	}
	size_t n = 0;
	char buf[4];
	for (uint32_t i = 0; i < v->len; i++) {
		size_t k = wst_utf8_encode(v->bytes[i], buf);
		if (k > outlen - 1 - n)
			break;
		memcpy(out + n, buf, k);
		n += k;
	}
	out[n] = '\0';
	return n;
}

size_t wst_sid_text(const struct wst_value *v, char out[WST_SID_TEXT_LEN])
{
	const uint8_t *p = v->bytes;
	uint64_t authority = 0;
	size_t n = 0;

	if (v->len < 8) {
		out[0] = '\0';
		return 0;
	}
	for (int i = 2; i < 8; i++)
		authority = authority << 8 | p[i];  /* big-endian, unlike the rest */
	n += (size_t)snprintf(out, WST_SID_TEXT_LEN, "S-%u-%llu", p[0], (unsigned long long)authority);
	for (uint32_t off = 8; off + 4 <= v->len && n < WST_SID_TEXT_LEN; off += 4)
		n += (size_t)snprintf(out + n, WST_SID_TEXT_LEN - n, "-%u", wst_le32(p + off));
	return n < WST_SID_TEXT_LEN ? n : WST_SID_TEXT_LEN - 1;
}

const char *wst_path_base_name(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '\\' || *p == '/')
			base = p + 1;
	return base;
}

const unsigned char wst_plain_byte[256] = {
	[' '] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1,
	[')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, [':'] = 1,
	[';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1, ['['] = 1, [']'] = 1,
	['^'] = 1, ['_'] = 1, ['`'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

uint16_t wst_plain_len(const char *s)
{
	size_t n = 0;

	while (wst_plain_byte[(unsigned char)s[n]])
		n++;
	return !s[n] && n <= UINT16_MAX ? (uint16_t)n : 0;
}
