/*
 * Walking the records of one resident buffer (sections 1.3 and 3).
 *
 * Records start 8-byte aligned and run up to the buffer's data end. The first
 * u32 tells the kind: byte 3 is 0xC0 for the trace-header family (byte 2 is
 * then the HeaderType) and 0x90 for WPP messages. Whatever cannot be trusted
 * ends the buffer: after a bad size or an unknown marker, nothing tells where
 * the next record starts.
 */
#include "etl_internal.h"

#define MARKER_END_OF_DATA 0xFFFFFFFFu
#define FAMILY_TRACE_HEADER 0xC0u
#define FAMILY_MESSAGE 0x90u
#define MESSAGE_HEADER_SIZE 8u

#define MSG_SEQUENCE 0x01u
#define MSG_GUID 0x02u
#define MSG_COMPONENT_ID 0x04u
#define MSG_TIMESTAMP 0x08u
#define MSG_SYSTEM_INFO 0x20u

static const char *const kind_names[WST_ETL_KIND_COUNT] = {
	"event_header", "system", "compact", "perfinfo", "full_header", "instance", "message", "other",
};

const char *wst_etl_kind_name(enum wst_etl_kind kind)
{
	if ((unsigned)kind < WST_ETL_KIND_COUNT)
		return kind_names[kind];
	return "other";
}

/* How a fixed-header kind is laid out. */
struct layout {
	enum wst_etl_kind kind;
	uint8_t header_size;
	bool size_at_4;        /* SYSTEM/COMPACT/PERFINFO: u16 at +0 is a version */
	bool has_ids;          /* u32 TID at +8, u32 PID at +0xC */
	bool has_guid;         /* EVENT_TRACE_HEADER: class at +4, GUID at +0x18 */
	uint8_t time_off;
	uint8_t pointer_size;
};

/* Picks the layout from the record's first u32; false for unknown kinds. */
static bool layout_for(uint32_t marker, struct layout *l)
{
	static const struct layout message = { WST_ETL_MESSAGE, 8, false, false, false, 0, 0 };
	static const struct layout event = { WST_ETL_EVENT_HEADER, 0x50, false, false, false, 0, 0 };
	static const struct layout system = { WST_ETL_SYSTEM, 0x20, true, true, false, 0x10, 0 };
	static const struct layout compact = { WST_ETL_COMPACT, 0x18, true, true, false, 0x10, 0 };
	static const struct layout full = { WST_ETL_FULL_HEADER, 0x30, false, true, true, 0x10, 0 };
	static const struct layout instance = { WST_ETL_INSTANCE, 0x48, false, true, true, 0x10, 0 };
	static const struct layout perfinfo = { WST_ETL_PERFINFO, 0x10, true, false, false, 0x08, 0 };
	/* ERROR (0x0D): the layout is unknown beyond a size at +0, so it is
	 * handed out bare rather than taken for corruption. */
	static const struct layout error = { WST_ETL_OTHER, 4, false, false, false, 0, 0 };
	uint8_t family = (uint8_t)(marker >> 24);

	if (family == FAMILY_MESSAGE) {
		*l = message;
		return true;
	}
	if (family != FAMILY_TRACE_HEADER)
		return false;
	/* The 32/64 variants differ only in the pointer size of the payload. */
	switch ((uint8_t)(marker >> 16)) {
	case 0x01: *l = system; l->pointer_size = 4; return true;
	case 0x02: *l = system; l->pointer_size = 8; return true;
	case 0x03: *l = compact; l->pointer_size = 4; return true;
	case 0x04: *l = compact; l->pointer_size = 8; return true;
	case 0x0A: *l = full; l->pointer_size = 4; return true;
	case 0x14: *l = full; l->pointer_size = 8; return true;
	case 0x0B: *l = instance; l->pointer_size = 4; return true;
	case 0x15: *l = instance; l->pointer_size = 8; return true;
	case 0x10: *l = perfinfo; l->pointer_size = 4; return true;
	case 0x11: *l = perfinfo; l->pointer_size = 8; return true;
	case 0x12: *l = event; l->pointer_size = 4; return true;
	case 0x13: *l = event; l->pointer_size = 8; return true;
	case 0x0D: *l = error; return true;
	default: return false;
	}
}

uint64_t wst_etl_record_offset(const struct wst_etl_walk *w, size_t pos)
{
	/* Inflated bytes have no file position of their own: point at their
	 * compressed buffer. */
	if (w->buf->flags & WST_ETL_FLAG_COMPRESSED)
		return w->buf->file_offset;
	return w->buf->file_offset + pos;
}

static void start_record(const struct wst_etl_walk *w, uint64_t off, enum wst_etl_kind kind,
                         struct wst_etl_raw_record *out)
{
	/* A copy of a constant blank: vector stores, where memset of the
	 * same size compiles to a slow string instruction. */
	static const struct wst_etl_raw_record blank;

	*out = blank;
	out->rec.kind = kind;
	out->rec.file_offset = off;
	out->rec.cpu = w->buf->cpu;
	out->rec.event.file_offset = off;
	out->rec.event.cpu = w->buf->cpu;
}

static bool decode_fixed(struct wst_etl_reader *r, const struct layout *l, struct wst_cursor rec,
                         uint64_t off, struct wst_etl_raw_record *out)
{
	const uint8_t *p = rec.p;
	struct wst_event *e = &out->rec.event;
	size_t payload = l->header_size;

	e->pointer_size = l->pointer_size ? l->pointer_size : (uint8_t)r->header.pointer_size;
	if (l->size_at_4) {
		out->rec.hook_id = (uint16_t)(p[7] << 8 | p[6]);
		e->version = (uint8_t)wst_le16(p);
	}
	if (l->has_ids) {
		e->tid = wst_le32(p + 8);
		e->pid = wst_le32(p + 0xC);
	}
	if (l->has_guid) {
		e->opcode = p[4];
		e->level = p[5];
		e->version = (uint8_t)wst_le16(p + 6);
		wst_guid_from_bytes(p + 0x18, &e->provider);
	}
	if (l->time_off) {
		out->raw_time = wst_le64(p + l->time_off);
		out->has_time = true;
	}
	if (l->kind == WST_ETL_PERFINFO) {
		/* PEBS index and PMC counters sit between header and payload. */
		uint16_t version = wst_le16(p);
		payload += (version & 0x8000u ? 8u : 0u) + 8u * ((version & 0x0700u) >> 8);
	}
	if (!wst_cursor_skip(&rec, payload)) {
		wst_etl_problem(r, off, "record extensions overrun its size 0x%x",
		                (unsigned)(rec.end - p));
		return false;
	}
	e->user_data = rec.p;
	e->user_len = wst_cursor_left(&rec);
	return true;
}

/* MESSAGE_TRACE_HEADER: optional fields follow in a fixed order. */
static bool decode_message(struct wst_etl_reader *r, struct wst_cursor rec, uint64_t off,
                           struct wst_etl_raw_record *out)
{
	struct wst_event *e = &out->rec.event;
	const uint8_t *h = rec.p, *guid;
	uint16_t options;

	/* The walk checked that the record holds its 8-byte header. */
	wst_cursor_skip(&rec, MESSAGE_HEADER_SIZE);
	e->id = wst_le16(h + 4);
	e->pointer_size = (uint8_t)r->header.pointer_size;
	options = wst_le16(h + 6);
	if (options & MSG_SEQUENCE)
		wst_cursor_skip(&rec, 4);
	if (options & MSG_GUID) {
		if (wst_cursor_bytes(&rec, 16, &guid))
			wst_guid_from_bytes(guid, &e->provider);
	} else if (options & MSG_COMPONENT_ID) {
		wst_cursor_skip(&rec, 4);
	}
	/* 0x10 (performance timestamp) only says which clock the time uses. */
	if (options & MSG_TIMESTAMP)
		out->has_time = wst_get_le64(&rec, &out->raw_time);
	if (options & MSG_SYSTEM_INFO) {
		wst_get_le32(&rec, &e->tid);
		wst_get_le32(&rec, &e->pid);
	}
	if (rec.short_read) {
		wst_etl_problem(r, off, "message options 0x%x overrun the record", (unsigned)options);
		return false;
	}
	e->user_data = rec.p;
	e->user_len = wst_cursor_left(&rec);
	return true;
}

static bool end_of_buffer(struct wst_etl_walk *w)
{
	w->pos = w->len;
	return false;
}

bool wst_etl_walk_next(struct wst_etl_reader *r, struct wst_etl_walk *w,
                       struct wst_etl_raw_record *out)
{
	struct layout l;

	while (w->pos < w->len) {
		size_t left = w->len - w->pos;
		uint64_t off = wst_etl_record_offset(w, w->pos);
		struct wst_cursor c = wst_cursor_make(w->data + w->pos, left);
		uint32_t marker;
		uint16_t size;

		if (!wst_get_le32(&c, &marker)) {
			if (!w->buf->truncated)
				wst_etl_problem(r, off, "%u stray bytes at end of buffer data", (unsigned)left);
			return end_of_buffer(w);
		}
		if (marker == MARKER_END_OF_DATA) {
			wst_etl_problem(r, off, "end-of-data marker before the buffer's data end at +0x%x",
			                (unsigned)w->len);
			return end_of_buffer(w);
		}
		if (!layout_for(marker, &l)) {
			wst_etl_problem(r, off, "unknown record marker 0x%08x, rest of buffer skipped",
			                (unsigned)marker);
			return end_of_buffer(w);
		}
		size = (uint16_t)(marker & 0xFFFF);
		if (l.size_at_4 && !wst_get_le16(&c, &size)) {
			if (!w->buf->truncated)
				wst_etl_problem(r, off, "record header overruns the buffer data end");
			return end_of_buffer(w);
		}
		if (size == 0) {
			wst_etl_problem(r, off, "record size 0, rest of buffer skipped");
			return end_of_buffer(w);
		}
		if (size < l.header_size) {
			wst_etl_problem(r, off, "record size 0x%x below its 0x%x byte header, rest of buffer skipped",
			                (unsigned)size, (unsigned)l.header_size);
			return end_of_buffer(w);
		}
		if (size > left) {
			/* Expected where the file was cut: that was reported once. */
			if (!w->buf->truncated)
				wst_etl_problem(r, off, "record of 0x%x bytes overruns the buffer data end at +0x%x",
				                (unsigned)size, (unsigned)w->len);
			return end_of_buffer(w);
		}
		struct wst_cursor rec = wst_cursor_make(w->data + w->pos, size);
		/* left >= size here, so the aligned step cannot pass len by more
		 * than the padding; the loop test ends the buffer then. */
		w->pos += ((size_t)size + 7) & ~(size_t)7;

		start_record(w, off, l.kind, out);
		bool ok;
		if (l.kind == WST_ETL_EVENT_HEADER)
			ok = wst_etl_parse_event_header(r, rec, off, out);
		else if (l.kind == WST_ETL_MESSAGE)
			ok = decode_message(r, rec, off, out);
		else
			ok = decode_fixed(r, &l, rec, off, out);
		/* A record whose inner lengths lie is dropped; its own size was
		 * sound, so the next record is still where it says. */
		if (ok)
			return true;
	}
	return false;
}
