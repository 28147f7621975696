/* The payload decoder: one pass over the template, every read checked. */
#include <stddef.h>
#include <string.h>

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

/* Pulls the meaning out of one decoded field into the record's views. */
static void note_role(struct wst_record *rec, const struct wst_field_desc *f,
                      const struct wst_value *v)
{
	switch (f->role) {
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
	default:
		break;
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
		bool ok;
		if (f->type == WST_FT_BINARY) {
			if (f->length_field >= 0)  /* only binary fields take a length */
				rec->length_fields |= (uint16_t)(1u << f->length_field);
			ok = read_binary(&c, f, rec->values, v);
		} else {
			ok = read_scalar(&c, f, ev->pointer_size, v);
		}
		if (!ok) {
			rec->truncated = true;
			for (unsigned k = i; k < d->field_count; k++) {
				rec->values[k].present = false;
				if (d->fields[k].length_field >= 0)
					rec->length_fields |= (uint16_t)(1u << d->fields[k].length_field);
			}
			return;
		}
		v->present = true;
		note_role(rec, f, v);
	}
	if (d->flags & WST_EVENT_LAYOUT_CUT)
		rec->truncated = true;
}

static void start_record(const struct wst_event *ev, struct wst_record *rec)
{
	/* A copy of a constant blank compiles to a few vector stores, where
	 * clearing the whole record (values included) took a third of the
	 * decoding. The values are set as the template is read. */
	static const struct wst_record blank = { .latency_us = -1, .phase = WST_PHASE_NONE };

	memcpy(rec, &blank, offsetof(struct wst_record, values));
	rec->ev = ev;
	rec->pid = ev->pid;
}

void wst_decode(const struct wst_event *ev, struct wst_record *rec)
{
	if (!wst_guid_equal(&ev->provider, &wst_afd_provider_guid)) {
		start_record(ev, rec);
		return;
	}
	wst_decode_with(ev, wst_schema_lookup(ev->id, ev->version), rec);
}

void wst_decode_with(const struct wst_event *ev, const struct wst_event_desc *desc,
                     struct wst_record *rec)
{
	start_record(ev, rec);
	rec->is_afd = true;
	rec->desc = desc;
	if (!desc)
		return;
	decode_fields(ev, rec);
	rec->failed = (rec->desc->flags & WST_EVENT_FAILURE) ||
	              (rec->has_status && rec->status != 0 && rec->status != WST_STATUS_PENDING);
}
