/*
 * Plain LZ77 "XPRESS" decompression, [MS-XCA] 2.3-2.4: compression format 3,
 * the one compressed .etl files use (section 1.5).
 *
 * The stream is 32-bit flag words, read most significant bit first: 0 means
 * a literal byte, 1 a match of two bytes (length in the low 3 bits, offset-1
 * above), with longer lengths continued in shared half-bytes, then a byte,
 * a u16 and a u32. A 1 flag with no input left ends the stream.
 */
#include "etl_internal.h"

struct xpress_state {
	struct wst_cursor in;
	const uint8_t *half_byte;   /* the byte whose high nibble is still unused */
};

/* Length continuation after a 3-bit length of 7; false if the input ends. */
static bool extended_length(struct xpress_state *st, uint64_t *length)
{
	uint8_t b;
	uint16_t len16;
	uint32_t len32;
	uint64_t len;

	/* Half-bytes come in pairs: the first match takes the low nibble of a
	 * new byte, the next one the high nibble of that same byte. */
	if (!st->half_byte) {
		if (!wst_cursor_need(&st->in, 1))
			return false;
		st->half_byte = st->in.p;
		len = *st->in.p++ & 0x0F;
	} else {
		len = *st->half_byte >> 4;
		st->half_byte = NULL;
	}
	if (len == 15) {
		if (!wst_get_u8(&st->in, &b))
			return false;
		len = b;
		if (len == 255) {
			if (!wst_get_le16(&st->in, &len16))
				return false;
			len = len16;
			if (len == 0) {
				if (!wst_get_le32(&st->in, &len32))
					return false;
				len = len32;
			}
			/* The explicit forms carry the whole length minus 3. */
			if (len < 15 + 7)
				return false;
			len -= 15 + 7;
		}
		len += 15;
	}
	*length += len;
	return true;
}

const char *wst_xpress_decompress(const uint8_t *in, size_t in_len, uint8_t *out,
                                  size_t out_cap, size_t *out_len)
{
	struct xpress_state st = { wst_cursor_make(in, in_len), NULL };
	uint32_t flags = 0;
	unsigned nflags = 0;
	size_t pos = 0;
	const char *why = NULL;

	for (;;) {
		if (nflags == 0) {
			/* Input ending on an item boundary is a clean end too. */
			if (wst_cursor_left(&st.in) == 0)
				break;
			if (!wst_get_le32(&st.in, &flags)) {
				why = "stream ends inside a flag word";
				break;
			}
			nflags = 32;
		}
		nflags--;
		if (!(flags >> nflags & 1)) {
			uint8_t lit;
			if (!wst_get_u8(&st.in, &lit))
				break;
			if (pos == out_cap) {
				why = "output larger than announced";
				break;
			}
			out[pos++] = lit;
			continue;
		}
		uint16_t match;
		if (wst_cursor_left(&st.in) == 0)
			break;
		if (!wst_get_le16(&st.in, &match)) {
			why = "stream ends inside a match";
			break;
		}
		uint64_t length = match & 7;
		size_t offset = (size_t)(match >> 3) + 1;
		if (length == 7 && !extended_length(&st, &length)) {
			why = "bad match length";
			break;
		}
		length += 3;
		if (offset > pos) {
			why = "match reaches before the start";
			break;
		}
		if (length > out_cap - pos) {
			why = "output larger than announced";
			break;
		}
		/* Byte by byte: a match may overlap the bytes it produces. */
		for (uint64_t i = 0; i < length; i++, pos++)
			out[pos] = out[pos - offset];
	}
	*out_len = pos;
	return why;
}
