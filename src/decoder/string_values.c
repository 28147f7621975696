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
