/* The payload decoder: one pass over the template, every read checked. */
#include <stddef.h>
#include <string.h>

#include "wstrace/compiler.h"
#include "wstrace/cursor.h"
#include "wstrace/decoder.h"
#include "wstrace/sockaddr.h"

static bool read_scalar(struct wst_cursor *c, const struct wst_field_desc *f,
                        uint8_t pointer_size, struct wst_value *v)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (f->type) {
	case WST_FT_POINTER:
		if (pointer_size == 4) {
			if (!wst_get_le32(c, &u32))
				return false;
			v->u = u32;
			return true;
		}
		return wst_get_le64(c, &v->u);
	case WST_FT_UINT8:
		if (!wst_get_u8(c, &u8))
			return false;
		v->u = u8;
		return true;
	case WST_FT_UINT16:
		if (!wst_get_le16(c, &u16))
			return false;
		v->u = u16;
		return true;
	case WST_FT_UINT32:
	case WST_FT_BOOL32:
		if (!wst_get_le32(c, &u32))
			return false;
		v->u = u32;
		return true;
	case WST_FT_INT32:
		if (!wst_get_le32(c, &u32))
			return false;
		v->u = (uint64_t)(int64_t)(int32_t)u32;
		return true;
	case WST_FT_UINT64:
	case WST_FT_INT64:
		if (!wst_get_le64(c, &u64))
			return false;
		v->u = u64;
		return true;
	}
	return false;
}

static bool read_binary(struct wst_cursor *c, const struct wst_field_desc *f,
                        const struct wst_value *values, struct wst_value *v)
{
	uint64_t len = f->length;

	if (f->length_field >= 0)
		len = values[f->length_field].u;
	if (len > wst_cursor_left(c)) {
		c->short_read = true;
		return false;
	}
	v->len = (uint32_t)len;
	return wst_cursor_bytes(c, (size_t)len, &v->bytes);
}

enum read_result { READ_OK, READ_CUT, READ_FAIL };

/* A NUL-terminated string of unit-byte characters (2 for UTF-16, 1 for
 * ANSI): the value is the characters without the NUL. One that runs to the
 * end of the payload, or ends in half a UTF-16 character, is kept as far
 * as it goes and cuts the record: nothing after it can be placed. */
static enum read_result read_string(struct wst_cursor *c, size_t unit, struct wst_value *v)
{
	size_t left = wst_cursor_left(c);
	const uint8_t *p = c->p;

	for (size_t k = 0; k + unit <= left; k += unit) {
		if (p[k] == 0 && (unit == 1 || p[k + 1] == 0)) {
			v->bytes = p;
			v->len = (uint32_t)k;
			c->p += k + unit;
			return READ_OK;
		}
	}
	v->bytes = p;
	v->len = (uint32_t)(left - left % unit);
	c->p = c->end;
	c->short_read = true;
	return READ_CUT;
}

/* A binary SID: revision, sub-authority count n, a 6-byte authority and
 * n 4-byte sub-authorities. A count past the payload, or above the 15
 * Windows allows, is a SID that lies. */
#define WST_SID_MAX_SUB_AUTHORITIES 15
static bool read_sid(struct wst_cursor *c, struct wst_value *v)
{
	if (wst_cursor_left(c) < 8) {
		c->short_read = true;
		return false;
	}
	size_t n = c->p[1];
	if (n > WST_SID_MAX_SUB_AUTHORITIES || 8 + 4 * n > wst_cursor_left(c)) {
		c->short_read = true;
		return false;
	}
	v->len = (uint32_t)(8 + 4 * n);
	return wst_cursor_bytes(c, v->len, &v->bytes);
}

/* Every type but the integers (kept out of line: the integers are most
 * fields, and their loop stays small). */
static WST_NOINLINE enum read_result read_field(struct wst_cursor *c, const struct wst_field_desc *f,
                                                const struct wst_value *values, struct wst_value *v)
{
	switch (f->type) {
	case WST_FT_BINARY:
		return read_binary(c, f, values, v) ? READ_OK : READ_FAIL;
	case WST_FT_UTF16:
		return read_string(c, 2, v);
	case WST_FT_ANSI:
		return read_string(c, 1, v);
	case WST_FT_GUID:
		v->len = 16;
		return wst_cursor_bytes(c, 16, &v->bytes) ? READ_OK : READ_FAIL;
	case WST_FT_SID:
		return read_sid(c, v) ? READ_OK : READ_FAIL;
	case WST_FT_FILETIME:
		return wst_get_le64(c, &v->u) ? READ_OK : READ_FAIL;
	default:
		return READ_FAIL;  /* the integers are read_scalar's */
	}
}

/* Pulls the meaning out of one decoded field into the record's views. */
static void note_role(struct wst_record *rec, unsigned index, const struct wst_field_desc *f,
                      const struct wst_value *v)
{
	switch (f->role) {
	case WST_ROLE_QUERY_NAME:
		rec->name_field = (int8_t)index;
		break;
	case WST_ROLE_RESULTS:
		rec->results_field = (int8_t)index;
		break;
	case WST_ROLE_IMAGE:
		rec->image_field = (int8_t)index;
		break;
	case WST_ROLE_PROCESS:
		rec->has_process = true;
		rec->process = v->u;
		break;
	case WST_ROLE_ENDPOINT:
	case WST_ROLE_LISTEN_ENDPOINT:
		rec->has_endpoint = true;
		rec->endpoint = v->u;
		break;
	case WST_ROLE_ADDRESS:
		if (f->type == WST_FT_UINT32) {
			/* The four bytes as they sit in the payload are the address
			 * in network order: print them in memory order. */
			rec->addr.family = WST_FAMILY_IPV4;
			rec->addr.af = 2;
			for (int i = 0; i < 4; i++)
				rec->addr.addr[i] = (uint8_t)(v->u >> (8 * i));
		} else if (f->type == WST_FT_BINARY && f->length_field < 0 && v->len == 16) {
			rec->addr.family = WST_FAMILY_IPV6;
			rec->addr.af = 23;
			memcpy(rec->addr.addr, v->bytes, 16);
		} else if (f->type == WST_FT_BINARY && v->len) {
			/* A SOCKADDR carries its port. One too short for its own
			 * family is a length that lies: the record is truncated. */
			enum wst_sockaddr_result r = wst_sockaddr_parse(v->bytes, v->len, &rec->addr);
			rec->addr_complete = r == WST_SOCKADDR_INET;
			if (r == WST_SOCKADDR_SHORT)
				rec->truncated = true;
		}
		break;
	case WST_ROLE_PORT:
		/* Network order in the payload, read little-endian: swap. */
		rec->addr.port = (uint16_t)((v->u >> 8 & 0xff) | (v->u & 0xff) << 8);
		rec->addr_complete = rec->addr.family != WST_FAMILY_NONE;
		break;
	case WST_ROLE_STATUS:
		if (!rec->has_status) {
			rec->has_status = true;
			rec->status = (uint32_t)v->u;
		}
		break;
	case WST_ROLE_REASON:
		rec->has_reason = true;
		rec->reason = (uint32_t)v->u;
		break;
	case WST_ROLE_USER_PID:
		rec->has_user_pid = true;
		rec->user_pid = (uint32_t)v->u;
		break;
	case WST_ROLE_BYTES:
		rec->has_bytes = true;
		rec->bytes = v->u;
		break;
	case WST_ROLE_PHASE:
		rec->phase = v->u <= WST_PHASE_AFD ? (int8_t)v->u : WST_PHASE_NONE;
		break;
	case WST_ROLE_LOCATION:
		rec->has_location = true;
		rec->location = (uint32_t)v->u;
		break;
	case WST_ROLE_ACCEPT_ENDPOINT:
		rec->has_accept_endpoint = true;
		rec->accept_endpoint = v->u;
		break;
	case WST_ROLE_QUERY_TYPE:
		rec->has_query_type = true;
		rec->query_type = (uint32_t)v->u;
		break;
	case WST_ROLE_SUBJECT_PID:
		rec->pid = (uint32_t)v->u;
		break;
	case WST_ROLE_PARENT_PID:
		rec->has_parent_pid = true;
		rec->parent_pid = (uint32_t)v->u;
		break;
	case WST_ROLE_CREATE_TIME:
		rec->has_create_time = true;
		rec->create_time = v->u;
		break;
	case WST_ROLE_SEQUENCE:
		rec->has_sequence = true;
		rec->sequence = v->u;
		break;
	default:
		break;
	}
}

/* The fields from first on are absent: the payload ended before them. */
static void cut_after(struct wst_record *rec, unsigned first)
{
	const struct wst_event_desc *d = rec->desc;

	rec->truncated = true;
	for (unsigned k = first; k < d->field_count; k++) {
		rec->values[k].present = false;
		/* A length field whose binary was cut still only sizes it. */
		if (d->fields[k].length_field >= 0)
			rec->length_fields |= (uint16_t)(1u << d->fields[k].length_field);
	}
}

static void decode_fields(const struct wst_event *ev, struct wst_record *rec)
{
	const struct wst_event_desc *d = rec->desc;
	struct wst_cursor c = wst_cursor_make(ev->user_data, ev->user_len);

	for (unsigned i = 0; i < d->field_count; i++) {
		const struct wst_field_desc *f = &d->fields[i];
		struct wst_value *v = &rec->values[i];
		v->bytes = NULL;
		v->len = 0;
		/* Integers first, without the switch: they are most fields. */
		enum read_result r;
		if (f->type < WST_FT_BINARY) {
			r = read_scalar(&c, f, ev->pointer_size, v) ? READ_OK : READ_FAIL;
		} else {
			if (f->type == WST_FT_BINARY && f->length_field >= 0)
				rec->length_fields |= (uint16_t)(1u << f->length_field);
			r = read_field(&c, f, rec->values, v);
		}
		if (r == READ_FAIL) {
			cut_after(rec, i);
			return;
		}
		v->present = true;
		note_role(rec, i, f, v);
		if (r == READ_CUT) {
			cut_after(rec, i + 1);  /* a cut string is kept as far as it goes */
			return;
		}
	}
	if (d->flags & WST_EVENT_LAYOUT_CUT)
		rec->truncated = true;
}

static void start_record(const struct wst_event *ev, struct wst_record *rec)
{
	/* A copy of a constant blank compiles to a few vector stores, where
	 * clearing the whole record (values included) took a third of the
	 * decoding. The values are set as the template is read. */
	static const struct wst_record blank = {
		.latency_us = -1, .phase = WST_PHASE_NONE, .name_field = WST_NO_FIELD,
		.results_field = WST_NO_FIELD, .image_field = WST_NO_FIELD,
	};

	memcpy(rec, &blank, offsetof(struct wst_record, values));
	rec->ev = ev;
	rec->pid = ev->pid;
}

void wst_decode_as(const struct wst_event *ev, enum wst_provider provider,
                   const struct wst_event_desc *desc, struct wst_record *rec)
{
	start_record(ev, rec);
	rec->provider = (uint8_t)provider;
	rec->is_afd = provider == WST_PROVIDER_AFD;
	rec->desc = desc;
	if (!desc)
		return;
	if (desc->phase >= 0)
		rec->phase = desc->phase;
	decode_fields(ev, rec);
	rec->failed = (rec->desc->flags & WST_EVENT_FAILURE) ||
	              (rec->has_status && rec->status != 0 && rec->status != WST_STATUS_PENDING);
}

void wst_decode(const struct wst_event *ev, struct wst_record *rec)
{
	enum wst_provider provider = wst_provider_of(&ev->provider);

	wst_decode_as(ev, provider, wst_schema_lookup_in(provider, ev->id, ev->version), rec);
}

void wst_decode_with(const struct wst_event *ev, const struct wst_event_desc *desc,
                     struct wst_record *rec)
{
	wst_decode_as(ev, wst_provider_of(&ev->provider), desc, rec);
}
