/*
 * The logfile-header record: a SYSTEM_TRACE_HEADER with HookId 0 whose
 * payload is TRACE_LOGFILE_HEADER and two UTF-16LE strings (section 2).
 * The structure has a 32- and a 64-bit form; they differ only from the two
 * pointer-sized name fields on, so the tail offsets are taken relative to
 * the TimeZone field.
 */
#include <stdarg.h>
#include <string.h>

#include "etl_internal.h"
#include "wstrace/utf16.h"

#define SYSTEM_HEADER_SIZE 0x20u
#define LOGFILE_HEADER32_SIZE 0x110u
#define LOGFILE_HEADER64_SIZE 0x118u
#define MARKER_SYSTEM32_V2 0xC0010002u
#define MARKER_SYSTEM64_V2 0xC0020002u

WST_PRINTF(3, 4)
static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return false;
}

static void parse_fixed_part(const uint8_t *s, bool is64, struct wst_etl_header *h)
{
	/* LoggerName and LogFileName are stale pointers (4 or 8 bytes each);
	 * everything after them moves with the pointer size. */
	const uint8_t *tz = s + (is64 ? 0x48 : 0x40);

	h->buffer_size = wst_le32(s + 0x00);
	memcpy(h->version, s + 0x04, 4);
	h->os_build = wst_le32(s + 0x08);
	h->num_processors = wst_le32(s + 0x0C);
	h->end_time = wst_le64(s + 0x10);
	h->timer_resolution = wst_le32(s + 0x18);
	h->max_file_size = wst_le32(s + 0x1C);
	h->log_file_mode = wst_le32(s + 0x20);
	h->buffers_written = wst_le32(s + 0x24);
	h->pointer_size = wst_le32(s + 0x2C);
	h->events_lost = wst_le32(s + 0x30);
	h->cpu_speed_mhz = wst_le32(s + 0x34);
	h->tz_bias_minutes = (int32_t)wst_le32(tz);
	/* TIME_ZONE_INFORMATION is 172 bytes, then 4 bytes of alignment. */
	h->boot_time = wst_le64(tz + 0xB0);
	h->perf_freq = wst_le64(tz + 0xB8);
	h->start_time = wst_le64(tz + 0xC0);
	h->clock_type = wst_le32(tz + 0xC8);
	h->buffers_lost = wst_le32(tz + 0xCC);
}

bool wst_etl_parse_logfile_header(struct wst_cursor records, struct wst_etl_header *h,
                                  char *err, size_t errlen)
{
	const uint8_t *sys;
	const uint8_t *fixed;

	if (!wst_cursor_bytes(&records, SYSTEM_HEADER_SIZE, &sys))
		return fail(err, errlen, "file too short: logfile header record is cut");
	uint32_t marker = wst_le32(sys);
	if (marker != MARKER_SYSTEM32_V2 && marker != MARKER_SYSTEM64_V2)
		return fail(err, errlen, "not an etl file: first record marker 0x%08x", (unsigned)marker);
	uint16_t size = wst_le16(sys + 4);
	uint8_t type = sys[6], group = sys[7];
	if (type != 0 || group != 0)
		return fail(err, errlen, "not an etl file: first record is group %u type %u, not 0/0",
		            (unsigned)group, (unsigned)type);

	bool is64 = marker == MARKER_SYSTEM64_V2;
	size_t fixed_size = is64 ? LOGFILE_HEADER64_SIZE : LOGFILE_HEADER32_SIZE;
	if (size < SYSTEM_HEADER_SIZE + fixed_size)
		return fail(err, errlen, "not an etl file: logfile header record size 0x%x too small",
		            (unsigned)size);
	/* The record must be whole: its strings are read up to its end. */
	struct wst_cursor rest;
	if (!wst_cursor_sub(&records, size - SYSTEM_HEADER_SIZE, &rest))
		return fail(err, errlen, "file too short: logfile header record is cut");
	if (!wst_cursor_bytes(&rest, fixed_size, &fixed))
		return fail(err, errlen, "file too short: logfile header record is cut");

	h->t0 = wst_le64(sys + 0x10);
	parse_fixed_part(fixed, is64, h);
	wst_utf16le_to_utf8(&rest, h->logger_name, sizeof h->logger_name);
	wst_utf16le_to_utf8(&rest, h->log_file_name, sizeof h->log_file_name);
	return true;
}
