#include <string.h>

#include "etw_api.h"
#include "tei_builder.h"

/* Appends name as UTF-16LE with its NUL; returns its offset or 0. */
static ULONG put_name(BYTE *buf, size_t cap, size_t *used, const char *name)
{
	size_t len = strlen(name), at = *used;

	if (at + 2 * (len + 1) > cap)
		return 0;
	for (size_t i = 0; i <= len; i++) {
		buf[at + 2 * i] = (BYTE)name[i];
		buf[at + 2 * i + 1] = 0;
	}
	*used = at + 2 * (len + 1);
	return (ULONG)at;
}

size_t tei_build(const struct tei_event *e, const struct tei_prop *props, unsigned n, void *buf,
                 size_t cap)
{
	size_t head = offsetof(TRACE_EVENT_INFO, EventPropertyInfoArray);
	size_t used = head + (size_t)n * sizeof(EVENT_PROPERTY_INFO);
	TRACE_EVENT_INFO *info = buf;
	BYTE *b = buf;

	if (used > cap)
		return 0;
	memset(buf, 0, used);
	info->ProviderGuid = wst_afd_guid;
	info->EventDescriptor.Id = e->id;
	info->EventDescriptor.Version = e->version;
	info->EventDescriptor.Level = e->level;
	info->EventDescriptor.Opcode = e->opcode;
	info->EventDescriptor.Task = e->task;
	info->EventDescriptor.Keyword = e->keyword;
	info->DecodingSource = DecodingSourceXMLFile;
	info->PropertyCount = n;
	info->TopLevelPropertyCount = n;
	info->Flags = TEMPLATE_EVENT_DATA;
	if (!(info->ProviderNameOffset = put_name(b, cap, &used, "Microsoft-Windows-Winsock-AFD")))
		return 0;
	if (e->event_name && !(WST_TEI_EVENT_NAME_OFFSET(info) = put_name(b, cap, &used, e->event_name)))
		return 0;
	if (e->task_name && !(info->TaskNameOffset = put_name(b, cap, &used, e->task_name)))
		return 0;
	if (e->opcode_name && !(info->OpcodeNameOffset = put_name(b, cap, &used, e->opcode_name)))
		return 0;
	for (unsigned i = 0; i < n; i++) {
		EVENT_PROPERTY_INFO *p = &info->EventPropertyInfoArray[i];
		p->Flags = (PROPERTY_FLAGS)props[i].flags;
		if (!(p->NameOffset = put_name(b, cap, &used, props[i].name)))
			return 0;
		p->nonStructType.InType = props[i].in_type;
		p->nonStructType.OutType = props[i].out_type;
		p->count = props[i].count ? props[i].count : 1;
		p->length = props[i].length;
	}
	return used;
}

static USHORT in_type_of(uint8_t type)
{
	switch (type) {
	case WST_FT_POINTER: return WST_TDH_INTYPE_POINTER;
	case WST_FT_UINT8: return WST_TDH_INTYPE_UINT8;
	case WST_FT_UINT16: return WST_TDH_INTYPE_UINT16;
	case WST_FT_UINT32: return WST_TDH_INTYPE_UINT32;
	case WST_FT_UINT64: return WST_TDH_INTYPE_UINT64;
	case WST_FT_INT32: return WST_TDH_INTYPE_INT32;
	case WST_FT_INT64: return WST_TDH_INTYPE_INT64;
	case WST_FT_BOOL32: return WST_TDH_INTYPE_BOOLEAN;
	case WST_FT_UTF16: return WST_TDH_INTYPE_UNICODESTRING;
	case WST_FT_ANSI: return WST_TDH_INTYPE_ANSISTRING;
	case WST_FT_GUID: return WST_TDH_INTYPE_GUID;
	case WST_FT_FILETIME: return WST_TDH_INTYPE_FILETIME;
	case WST_FT_SID: return WST_TDH_INTYPE_SID;
	default: return WST_TDH_INTYPE_BINARY;
	}
}

size_t tei_from_desc(const struct wst_event_desc *d, void *buf, size_t cap)
{
	struct tei_prop props[WST_MAX_FIELDS];
	struct tei_event e = { d->id, d->version, d->level, d->opcode, d->task, d->keywords,
	                       d->symbol, NULL, NULL };

	for (unsigned i = 0; i < d->field_count; i++) {
		const struct wst_field_desc *f = &d->fields[i];
		memset(&props[i], 0, sizeof props[i]);
		props[i].name = f->name;
		props[i].in_type = in_type_of(f->type);
		if (f->type == WST_FT_BINARY) {
			if (f->length_field >= 0) {
				props[i].flags = PropertyParamLength;
				props[i].length = (USHORT)f->length_field;
			} else {
				props[i].length = f->length;
			}
		}
	}
	return tei_build(&e, props, d->field_count, buf, cap);
}
