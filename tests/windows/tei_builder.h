/* TRACE_EVENT_INFO buffers as TdhGetEventInformation lays them out, built
 * by the tests: a header, the property array, then the UTF-16 names. */
#ifndef WSTRACE_TEST_TEI_BUILDER_H
#define WSTRACE_TEST_TEI_BUILDER_H

#include <stddef.h>

#include "mingw_compat.h"
#include "wstrace/schema.h"

struct tei_prop {
	const char *name;
	USHORT in_type;          /* WST_TDH_INTYPE_* */
	USHORT out_type;
	ULONG flags;             /* PropertyParamLength, PropertyStruct, ... */
	USHORT length;           /* fixed length, or the length property's index */
	USHORT count;            /* 0 or 1: one value */
};

struct tei_event {
	USHORT id;
	UCHAR version, level, opcode;
	USHORT task;
	ULONGLONG keyword;
	const char *event_name;  /* NULL: none (names come from task + opcode) */
	const char *task_name;
	const char *opcode_name;
};

/* Returns the buffer size used, 0 when cap is too small. */
size_t tei_build(const struct tei_event *e, const struct tei_prop *props, unsigned n, void *buf,
                 size_t cap);

/* The TRACE_EVENT_INFO Windows would give for a built-in row. */
size_t tei_from_desc(const struct wst_event_desc *d, void *buf, size_t cap);

#endif
