/*
 * EVENT_HEADER records (section 4): manifest, TraceLogging and EventSource
 * events. Extended data items are stored inline after the 0x50-byte header,
 * each padded to 8 bytes and chained by the Linkage bit; the user data is
 * whatever follows the last item, up to the record size.
 */
#include "etl_internal.h"

#define EVENT_HEADER_SIZE 0x50u
#define EVENT_FLAG_EXTENDED_INFO 0x0001u
#define EXT_ITEM_HEADER_SIZE 8u
#define EXT_LINKAGE 0x0001u

/* Steps over the extended items; false if one claims more than the record. */
static bool skip_extended_items(struct wst_etl_reader *r, struct wst_cursor *rec, uint64_t off)
{
	const uint8_t *item;

	/* Each pass consumes at least 8 bytes, so the loop ends with the record. */
	for (;;) {
		if (!wst_cursor_bytes(rec, EXT_ITEM_HEADER_SIZE, &item)) {
			wst_etl_problem(r, off, "extended data item header overruns the record");
			return false;
		}
		uint16_t data_size = wst_le16(item + 6);
		if (!wst_cursor_skip(rec, data_size)) {
			wst_etl_problem(r, off, "extended data item of 0x%x bytes overruns the record",
			                (unsigned)data_size);
			return false;
		}
		/* Items are padded to 8; tolerate a record that ends before the
		 * padding of its last item (then there is no user data). */
		size_t pad = (8u - (data_size & 7u)) & 7u;
		size_t left = wst_cursor_left(rec);
		wst_cursor_skip(rec, pad < left ? pad : left);
		if (!(wst_le16(item + 4) & EXT_LINKAGE))
			return true;
	}
}

bool wst_etl_parse_event_header(struct wst_etl_reader *r, struct wst_cursor rec,
                                uint64_t file_offset, struct wst_etl_raw_record *out)
{
	struct wst_event *e = &out->rec.event;
	const uint8_t *h;

	if (!wst_cursor_bytes(&rec, EVENT_HEADER_SIZE, &h)) {
		wst_etl_problem(r, file_offset, "event header record shorter than 0x50 bytes");
		return false;
	}
	/* Bytes 2-3 hold HeaderType and the 0xC0 marker in files; the pointer
	 * size of the provider comes from the HeaderType, not from Flags. */
	e->pointer_size = h[2] == 0x12 ? 4 : 8;
	e->tid = wst_le32(h + 0x08);
	e->pid = wst_le32(h + 0x0C);
	out->raw_time = wst_le64(h + 0x10);
	out->has_time = true;
	wst_guid_from_bytes(h + 0x18, &e->provider);
	e->id = wst_le16(h + 0x28);
	e->version = h[0x2A];
	e->channel = h[0x2B];
	e->level = h[0x2C];
	e->opcode = h[0x2D];
	e->task = wst_le16(h + 0x2E);
	e->keyword = wst_le64(h + 0x30);

	if ((wst_le16(h + 0x04) & EVENT_FLAG_EXTENDED_INFO) && !skip_extended_items(r, &rec, file_offset))
		return false;
	e->user_data = rec.p;
	e->user_len = wst_cursor_left(&rec);
	return true;
}
