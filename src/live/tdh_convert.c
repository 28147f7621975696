/* TRACE_EVENT_INFO -> the built-in table's row layout. Pure: reads only
 * the buffer it is given, so the tests can hand it buffers of their own. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tdh_decoder.h"
#include "wstrace/field_key.h"
#include "wstrace/utf16.h"

/* The NUL-terminated UTF-16LE name at offset -> UTF-8, cut to fit out.
 * False when the offset or the string leaves the buffer. */
static bool wide_name(const TRACE_EVENT_INFO *info, size_t size, ULONG offset, char *out,
                      size_t len)
{
	out[0] = '\0';
	if (offset == 0 || offset >= size || offset % 2)
		return false;
	struct wst_cursor c = wst_cursor_make((const BYTE *)info + offset, size - offset);
	return wst_utf16le_to_utf8(&c, out, len);
}

/* TDH input type -> wstrace field type and element size (0: pointer
 * sized, or as long as the value says: strings, SIDs). False for types
 * the built-in layout has no room for. */
static bool map_type(USHORT in_type, uint8_t *type, size_t *size)
{
	switch (in_type) {
	case WST_TDH_INTYPE_INT8:       /* no signed byte type: the value is kept, unsigned */
	case WST_TDH_INTYPE_UINT8:      *type = WST_FT_UINT8, *size = 1; return true;
	case WST_TDH_INTYPE_INT16:
	case WST_TDH_INTYPE_UINT16:     *type = WST_FT_UINT16, *size = 2; return true;
	case WST_TDH_INTYPE_INT32:      *type = WST_FT_INT32, *size = 4; return true;
	case WST_TDH_INTYPE_UINT32:
	case WST_TDH_INTYPE_HEXINT32:   *type = WST_FT_UINT32, *size = 4; return true;
	case WST_TDH_INTYPE_INT64:      *type = WST_FT_INT64, *size = 8; return true;
	case WST_TDH_INTYPE_UINT64:
	case WST_TDH_INTYPE_HEXINT64:   *type = WST_FT_UINT64, *size = 8; return true;
	case WST_TDH_INTYPE_FILETIME:   *type = WST_FT_FILETIME, *size = 8; return true;
	case WST_TDH_INTYPE_BOOLEAN:    *type = WST_FT_BOOL32, *size = 4; return true;
	case WST_TDH_INTYPE_POINTER:
	case WST_TDH_INTYPE_SIZET:      *type = WST_FT_POINTER, *size = 0; return true;
	case WST_TDH_INTYPE_GUID:       *type = WST_FT_GUID, *size = 16; return true;
	case WST_TDH_INTYPE_SYSTEMTIME: *type = WST_FT_BINARY, *size = 16; return true;
	case WST_TDH_INTYPE_UNICODESTRING: *type = WST_FT_UTF16, *size = 0; return true;
	case WST_TDH_INTYPE_ANSISTRING: *type = WST_FT_ANSI, *size = 0; return true;
	case WST_TDH_INTYPE_SID:        *type = WST_FT_SID, *size = 0; return true;
	case WST_TDH_INTYPE_BINARY:     *type = WST_FT_BINARY, *size = 0; return true;
	default:                        return false;
	}
}

/* Values as long as their bytes say: a string up to its NUL, a SID by its
 * sub-authority count. */
static bool is_self_sized(uint8_t type)
{
	return type == WST_FT_UTF16 || type == WST_FT_ANSI || type == WST_FT_SID;
}

static bool is_integer(uint8_t type)
{
	return type == WST_FT_UINT8 || type == WST_FT_UINT16 || type == WST_FT_UINT32 ||
	       type == WST_FT_UINT64 || type == WST_FT_INT32 || type == WST_FT_INT64;
}

/* The built-in value map of a field name: the same event's field of that
 * name when the table knows the event (the same name can carry another
 * map, or none, elsewhere), else any field of that name with a map. */
static const struct wst_value_map *builtin_map(const struct wst_event_desc *builtin,
                                               const char *name)
{
	if (builtin) {
		for (unsigned i = 0; i < builtin->field_count; i++)
			if (strcmp(builtin->fields[i].name, name) == 0)
				return builtin->fields[i].map;
		return NULL;
	}
	for (size_t e = 0; e < wst_event_count; e++)
		for (unsigned i = 0; i < wst_events[e].field_count; i++)
			if (wst_events[e].fields[i].map &&
			    strcmp(wst_events[e].fields[i].name, name) == 0)
				return wst_events[e].fields[i].map;
	return NULL;
}

static int fail(char *why, size_t why_len, const char *what)
{
	snprintf(why, why_len, "%s", what);
	return -1;
}

static int fail_field(char *why, size_t why_len, const char *name, const char *what)
{
	snprintf(why, why_len, "field '%s' %s", name, what);
	return -1;
}

/* The byte length of a fixed array; false when no payload could hold it
 * (a USHORT count of 16-byte values can exceed the 16-bit length). */
static bool array_length(size_t size_each, unsigned count, uint16_t *length)
{
	size_t total = size_each * count;

	if (total > UINT16_MAX)
		return false;
	*length = (uint16_t)total;
	return true;
}

/* One top-level property -> field i of the row. Returns 0, -1 with why,
 * or FIELD_TOO_LONG: the layout ends before this field. */
#define FIELD_TOO_LONG 1
static int convert_field(const TRACE_EVENT_INFO *info, size_t size,
                         const struct wst_event_desc *builtin, struct wst_tdh_row *row,
                         unsigned i, char *why, size_t why_len)
{
	const EVENT_PROPERTY_INFO *p = &info->EventPropertyInfoArray[i];
	struct wst_field_desc *f = &row->fields[i];
	char *name = row->names[i];
	size_t size_each;
	unsigned count;

	if (!wide_name(info, size, p->NameOffset, name, WST_TDH_NAME_MAX))
		return fail(why, why_len, "a property name lies outside the schema");
	if (p->Flags & PropertyStruct)
		return fail_field(why, why_len, name, "is a structure");
	if (p->Flags & PropertyParamCount)
		return fail_field(why, why_len, name, "is an array of variable length");
	memset(f, 0, sizeof *f);
	f->name = name;
	f->length_field = -1;
	if (!map_type(p->nonStructType.InType, &f->type, &size_each))
		return fail_field(why, why_len, name, "has a type wstrace does not decode");

	count = p->count ? p->count : 1;
	if (is_self_sized(f->type)) {
		if (count > 1)
			return fail_field(why, why_len, name, "is an array of strings or SIDs");
		if ((p->Flags & PropertyParamLength) || p->length)
			return fail_field(why, why_len, name, "is a string of counted length");
	} else if (f->type == WST_FT_BINARY && size_each == 0) {
		if (count > 1)
			return fail_field(why, why_len, name, "is an array of binary values");
		if (p->Flags & PropertyParamLength) {
			USHORT at = p->lengthPropertyIndex;
			if (at >= i || !is_integer(row->fields[at].type))
				return fail_field(why, why_len, name,
				                  "takes its length from a field that is not an earlier integer");
			f->length_field = (int8_t)at;
		} else if (p->length) {
			f->length = p->length;
		} else {
			return fail_field(why, why_len, name, "is binary of unknown length");
		}
	} else if (f->type == WST_FT_BINARY) {
		if (!array_length(size_each, count, &f->length))
			return FIELD_TOO_LONG;
	} else if (count > 1) {
		/* A fixed array of scalars reads as its bytes. */
		if (size_each == 0)
			return fail_field(why, why_len, name, "is an array of pointers");
		f->type = WST_FT_BINARY;
		if (!array_length(size_each, count, &f->length))
			return FIELD_TOO_LONG;
	}

	const struct wst_field_role_entry *known = wst_field_role_lookup(name);
	if (known) {
		f->key = known->key;
		f->role = known->role;
	} else {
		wst_field_key(name, row->keys[i], WST_TDH_NAME_MAX);
		f->key = row->keys[i];
		f->role = WST_ROLE_PLAIN;
	}
	f->key_len = (uint8_t)strlen(f->key);   /* keys are shorter than WST_TDH_NAME_MAX */
	f->map = builtin_map(builtin, name);
	return 0;
}

/* The event's own name, else task and opcode: "AfdConnectWithAddress"
 * + "Connected". */
static void event_name(const TRACE_EVENT_INFO *info, size_t size, char *out, size_t len)
{
	char task[WST_TDH_NAME_MAX], opcode[WST_TDH_NAME_MAX];

	if (wide_name(info, size, WST_TEI_EVENT_NAME_OFFSET(info), out, len) && out[0])
		return;
	wide_name(info, size, info->TaskNameOffset, task, sizeof task);
	wide_name(info, size, info->OpcodeNameOffset, opcode, sizeof opcode);
	snprintf(out, len, "%s%s", task, opcode);
}

int wst_tdh_convert(const TRACE_EVENT_INFO *info, size_t size,
                    const struct wst_event_desc *builtin, struct wst_tdh_row *row,
                    char *why, size_t why_len)
{
	size_t head = offsetof(TRACE_EVENT_INFO, EventPropertyInfoArray);

	memset(row, 0, sizeof *row);
	if (size < head)
		return fail(why, why_len, "the schema is shorter than its header");
	if (info->TopLevelPropertyCount > info->PropertyCount ||
	    info->PropertyCount > (size - head) / sizeof(EVENT_PROPERTY_INFO))
		return fail(why, why_len, "the schema's property count exceeds its size");
	if (info->TopLevelPropertyCount > WST_MAX_FIELDS)
		return fail(why, why_len, "the event has more fields than wstrace holds");

	unsigned fields = info->TopLevelPropertyCount;
	bool cut = false;
	for (unsigned i = 0; i < fields && !cut; i++) {
		int rc = convert_field(info, size, builtin, row, i, why, why_len);
		if (rc < 0)
			return -1;
		if (rc == FIELD_TOO_LONG) {
			fields = i;
			cut = true;
		}
	}

	if (builtin) {
		row->desc = *builtin;
	} else {
		event_name(info, size, row->symbol, sizeof row->symbol);
		row->desc.kind = WST_EV_UNKNOWN;
		row->desc.name = "unknown";
		row->desc.symbol = row->symbol;
		/* AFD logs its failure events (aborts, drops) at Error level. */
		row->desc.flags = info->EventDescriptor.Level && info->EventDescriptor.Level <= 2
		                          ? WST_EVENT_FAILURE : 0;
	}
	row->desc.id = info->EventDescriptor.Id;
	row->desc.version = info->EventDescriptor.Version;
	row->desc.level = info->EventDescriptor.Level;
	row->desc.opcode = info->EventDescriptor.Opcode;
	row->desc.task = info->EventDescriptor.Task;
	row->desc.keywords = info->EventDescriptor.Keyword;
	row->desc.field_count = (uint8_t)fields;
	row->desc.fields = row->fields;
	if (cut)
		row->desc.flags |= WST_EVENT_LAYOUT_CUT;
	return 0;
}

int wst_tdh_compare(const struct wst_event_desc *tdh, const struct wst_event_desc *builtin,
                    char *why, size_t why_len)
{
	if (tdh->field_count != builtin->field_count) {
		snprintf(why, why_len, "%u fields in Windows' schema, %u in wstrace's",
		         tdh->field_count, builtin->field_count);
		return 1;
	}
	for (unsigned i = 0; i < tdh->field_count; i++) {
		const struct wst_field_desc *a = &tdh->fields[i], *b = &builtin->fields[i];
		if (strcmp(a->name, b->name) != 0) {
			snprintf(why, why_len, "field %u is '%s' in Windows' schema, '%s' in wstrace's",
			         i + 1, a->name, b->name);
			return 1;
		}
		if (a->type != b->type) {
			snprintf(why, why_len, "field '%s' is %s in Windows' schema, %s in wstrace's",
			         a->name, wst_field_type_name((enum wst_field_type)a->type),
			         wst_field_type_name((enum wst_field_type)b->type));
			return 1;
		}
		if (a->length != b->length || a->length_field != b->length_field) {
			snprintf(why, why_len, "field '%s' has another length in Windows' schema",
			         a->name);
			return 1;
		}
	}
	return 0;
}
