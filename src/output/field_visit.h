/*
 * The one walk over a record's template fields, shared by the JSON and
 * text emitters: each printable field becomes a wst_field_item (its key,
 * what kind of value it is, the value and the names wstrace knows for it),
 * and the emitter decides only how that kind looks in its format.
 *
 * A new kind of field (a string, an array of addresses, ...) is one case
 * in wst_field_item plus one case in each emitter (json_format.c,
 * text_format.c); see docs/architecture.md, "Output".
 */
#ifndef WSTRACE_OUTPUT_FIELD_VISIT_H
#define WSTRACE_OUTPUT_FIELD_VISIT_H

#include <stdbool.h>
#include <stdint.h>

#include "field_names.h"
#include "wstrace/outbuf.h"
#include "wstrace/record.h"

enum wst_item_kind {
	WST_ITEM_NUMBER,   /* an integer; name: its value's name when known */
	WST_ITEM_STATUS,   /* a status, error or reason code (0: success); name, wsa */
	WST_ITEM_NAMED,    /* an integer its name stands in for (EnterExit) */
	WST_ITEM_POINTER,  /* an address in memory, hex */
	WST_ITEM_BOOL,
	WST_ITEM_BYTES,    /* bytes as logged, hex */
	WST_ITEM_ADDRESS,  /* the event's own socket address: addr */
	WST_ITEM_PORT,     /* the event's own port (the text prints it with the address) */
	WST_ITEM_TEXT,     /* a string, SID, GUID or FILETIME: field and value, for wst_field_text */
	WST_ITEM_RESULTS,  /* a lookup's Result string (bytes, len: UTF-16LE) */
};

struct wst_field_item {
	const char *key;
	uint8_t key_len;
	uint8_t kind;                    /* enum wst_item_kind */
	bool is_signed;                  /* NUMBER, STATUS: u holds a sign-extended value */
	bool sizes_later;                /* the field only gives a later field's length */
	uint64_t u;                      /* NUMBER, STATUS, NAMED, POINTER, BOOL, PORT */
	const uint8_t *bytes;            /* BYTES, ADDRESS: the bytes as logged */
	uint32_t len;
	const char *name;                /* NUMBER, STATUS, NAMED: NULL when unknown */
	const char *wsa;                 /* STATUS: the Winsock error an NTSTATUS becomes */
	const struct wst_sockaddr *addr; /* ADDRESS */
	bool addr_complete;              /* ADDRESS: address and port both decoded */
	bool addr_has_port;              /* ADDRESS: a SOCKADDR, whose port is inside it */
	const struct wst_field_desc *field;  /* TEXT */
	const struct wst_value *value;       /* TEXT */
};

/* The value as a decimal, signed or not. */
static inline void wst_item_decimal(struct wst_out *o, const struct wst_field_item *it)
{
	if (it->is_signed)
		wst_out_i64(o, (int64_t)it->u);
	else
		wst_out_u64(o, it->u);
}

typedef void wst_field_emit(void *out, const struct wst_field_item *item);

/* An emitter's emit function is declared `WST_EMIT void name(...)`: forced
 * inline into the walk below, so that each emitter's walk compiles into
 * one loop (a call per field cost 5% of the JSON output's time). */
#if defined(__GNUC__)
#define WST_EMIT __attribute__((always_inline)) static inline
#elif defined(_MSC_VER)
#define WST_EMIT static __forceinline
#else
#define WST_EMIT static inline
#endif


/* The item for one field; false when the field is not printed. */
static inline bool wst_field_item(const struct wst_record *rec, const struct wst_field_desc *f,
                       const struct wst_value *v, struct wst_field_item *it)
{
	it->u = v->u;
	switch (f->role) {
	case WST_ROLE_SUBJECT_PID:
		return false;  /* the line's pid */
	case WST_ROLE_RESULTS:
		it->kind = WST_ITEM_RESULTS;
		it->bytes = v->bytes;
		it->len = v->len;
		return true;
	case WST_ROLE_PACKAGE:
		if (v->len == 0)
			return false;  /* most processes have no package */
		break;
	case WST_ROLE_ADDRESS:
		if (rec->addr.family == WST_FAMILY_NONE && v->len == 0)
			return false;
		it->kind = WST_ITEM_ADDRESS;
		it->addr = &rec->addr;
		it->addr_complete = rec->addr_complete;
		it->addr_has_port = f->type == WST_FT_BINARY && f->length_field >= 0;
		it->bytes = v->bytes;
		it->len = v->len;
		return true;
	case WST_ROLE_PHASE:
		it->kind = WST_ITEM_NAMED;
		it->name = wst_phase_name(v->u);
		return true;
	case WST_ROLE_PORT:
		it->kind = WST_ITEM_PORT;
		it->u = rec->addr.port;  /* host order */
		return true;
	case WST_ROLE_STATUS:
	case WST_ROLE_REASON:
		it->kind = WST_ITEM_STATUS;
		it->is_signed = f->type == WST_FT_INT32 || f->type == WST_FT_INT64;
		it->name = wst_field_value_name(rec, f, v->u);
		it->wsa = wst_field_wsa_name(f, v->u);
		return true;
	default:
		break;
	}
	if (f->type >= WST_FT_UTF16) {
		it->kind = WST_ITEM_TEXT;
		it->field = f;
		it->value = v;
		return true;
	}
	switch (f->type) {
	case WST_FT_POINTER:
		if (f->role != WST_ROLE_USER_PID) {
			it->kind = WST_ITEM_POINTER;
			return true;
		}
		break;  /* a PID in a pointer-sized field: a number */
	case WST_FT_BOOL32:
		it->kind = WST_ITEM_BOOL;
		return true;
	case WST_FT_BINARY:
		it->kind = WST_ITEM_BYTES;
		it->bytes = v->bytes;
		it->len = v->len;
		return true;
	case WST_FT_INT32:
	case WST_FT_INT64:
		it->is_signed = true;
		break;
	default:
		break;
	}
	it->kind = WST_ITEM_NUMBER;
	it->name = wst_field_value_name(rec, f, v->u);
	return true;
}

/* Calls emit(out, item) for each decoded template field worth printing,
 * in payload order. Process and endpoint fields are not visited: every
 * line carries them as common members. */
static inline void wst_visit_fields(const struct wst_record *rec, wst_field_emit *emit,
                                    void *out)
{
	const struct wst_event_desc *d = rec->desc;

	for (unsigned i = 0; i < d->field_count && rec->values[i].present; i++) {
		const struct wst_field_desc *f = &d->fields[i];
		struct wst_field_item it;  /* each kind sets the members it documents */

		/* Two fields in five of a typical line: left before any work. */
		if (f->role == WST_ROLE_PROCESS || f->role == WST_ROLE_ENDPOINT ||
		    f->role == WST_ROLE_LISTEN_ENDPOINT)
			continue;
		it.key = f->key;
		it.key_len = f->key_len;
		it.sizes_later = (rec->length_fields >> i) & 1u;
		it.is_signed = false;
		it.name = NULL;
		it.wsa = NULL;

		if (wst_field_item(rec, f, &rec->values[i], &it))
			emit(out, &it);
	}
}

#endif
