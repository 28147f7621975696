/*
 * What the Windows SDK declares for ETW and TDH but mingw-w64 10 (Debian
 * 12's) does not, filled in from Microsoft's documentation. The values are
 * the documented ones (TDH_IN_TYPE, PROPERTY_FLAGS, OpenTrace).
 *
 * The TDH enums are enum constants in the SDK, which the preprocessor
 * cannot test for, so they get wstrace's own names (WST_TDH_*): that
 * compiles the same against mingw-w64 and the SDK, and a later mingw-w64
 * that adds them cannot clash.
 *
 * Gaps of mingw-w64 10 wstrace does not need and so does not fill:
 * TdhFormatProperty / TdhLoadManifest prototypes (wstrace formats values
 * itself), EVENT_FILTER_TYPE_PID / _EVENT_ID (AFD is filtered in the
 * consumer), EVENT_ENABLE_PROPERTY_* past STACK_TRACE, PROCESSTRACE_HANDLE
 * and CONTROLTRACE_ID (TRACEHANDLE is used throughout).
 */
#ifndef WSTRACE_LIVE_MINGW_COMPAT_H
#define WSTRACE_LIVE_MINGW_COMPAT_H

#include <stdint.h>
#include <windows.h>
#include <evntrace.h>
#include <evntcons.h>
#include <tdh.h>

/* TDH_IN_TYPE values (tdh.h in the SDK). */
enum {
	WST_TDH_INTYPE_UNICODESTRING = 1,
	WST_TDH_INTYPE_ANSISTRING = 2,
	WST_TDH_INTYPE_INT8 = 3,
	WST_TDH_INTYPE_UINT8 = 4,
	WST_TDH_INTYPE_INT16 = 5,
	WST_TDH_INTYPE_UINT16 = 6,
	WST_TDH_INTYPE_INT32 = 7,
	WST_TDH_INTYPE_UINT32 = 8,
	WST_TDH_INTYPE_INT64 = 9,
	WST_TDH_INTYPE_UINT64 = 10,
	WST_TDH_INTYPE_FLOAT = 11,
	WST_TDH_INTYPE_DOUBLE = 12,
	WST_TDH_INTYPE_BOOLEAN = 13,      /* a 4-byte BOOL */
	WST_TDH_INTYPE_BINARY = 14,
	WST_TDH_INTYPE_GUID = 15,
	WST_TDH_INTYPE_POINTER = 16,      /* 4 or 8 bytes by the event's header */
	WST_TDH_INTYPE_FILETIME = 17,
	WST_TDH_INTYPE_SYSTEMTIME = 18,
	WST_TDH_INTYPE_SID = 19,
	WST_TDH_INTYPE_HEXINT32 = 20,
	WST_TDH_INTYPE_HEXINT64 = 21,
	WST_TDH_INTYPE_SIZET = 308,       /* pointer-sized, as POINTER */
};

/* TDH_OUT_TYPE values wstrace looks at. */
enum {
	WST_TDH_OUTTYPE_PORT = 22,        /* UInt16 in network order */
	WST_TDH_OUTTYPE_IPV4 = 23,        /* UInt32 in network order */
	WST_TDH_OUTTYPE_IPV6 = 24,
	WST_TDH_OUTTYPE_SOCKETADDRESS = 25,
};

/* PROPERTY_FLAGS past PropertyParamFixedLength (mingw-w64 stops there). */
enum {
	WST_PROPERTY_PARAM_FIXED_COUNT = 0x20,
	WST_PROPERTY_HAS_TAGS = 0x40,
	WST_PROPERTY_HAS_CUSTOM_SCHEMA = 0x80,
};

/* TRACE_EVENT_INFO's event name: the SDK has a union of EventNameOffset
 * and ActivityIDNameOffset; mingw-w64 names the slot only by the second
 * name. Both compilers know that one. */
#define WST_TEI_EVENT_NAME_OFFSET(tei) ((tei)->ActivityIDNameOffset)

/* OpenTraceW's failure value: the docs give (UINT64)UINTPTR_MAX, which is
 * 0x00000000FFFFFFFF in a 32-bit process, but mingw-w64 defines
 * INVALID_PROCESSTRACE_HANDLE as INVALID_HANDLE_VALUE sign-extended to
 * 64 bits. Accept both so that a 32-bit build is right too. */
static inline int wst_trace_handle_invalid(TRACEHANDLE h)
{
	return h == (TRACEHANDLE)~(ULONG64)0 || h == (TRACEHANDLE)(UINTPTR_MAX);
}

/* The RT_LostEvent class: ETW hands real-time consumers these records when
 * events (opcode 32) or buffers (33) were lost, or the backing file (34). */
#define WST_RT_LOST_EVENT_OPCODE 32
#define WST_RT_LOST_BUFFER_OPCODE 33
#define WST_RT_LOST_FILE_OPCODE 34

#endif
