/* (a) The TDH conversion: TRACE_EVENT_INFO buffers built here, as Windows
 * lays them out, become the rows the decoder uses; payloads decode through
 * them, with 64-bit and 32-bit pointers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "../unit/payload.h"
#include "tdh_decoder.h"
#include "tei_builder.h"
#include "wstrace/decoder.h"

static _Alignas(8) BYTE buf[16384];
static struct wst_tdh_row row;
static char why[160];

/* AfdConnectWithAddress as Windows' manifest describes it: pointers, and
 * an Address whose length is the AddressLen property. */
static const struct tei_prop connect_props[] = {
	{ "EnterExit", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	{ "Location", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	{ "Process", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
	{ "Endpoint", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
	{ "Buffer", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
	{ "BufferLength", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	{ "Status", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	{ "AddressLen", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	{ "Address", WST_TDH_INTYPE_BINARY, WST_TDH_OUTTYPE_SOCKETADDRESS, PropertyParamLength, 7, 0 },
};
static const struct tei_event connect_event = {
	1018, 0, 4, 12, 1018, 0x8000000000000004ull, NULL, "AfdConnectWithAddress", "Connected",
};

static size_t put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
	return 4;
}

static size_t put_ptr(uint8_t *p, uint64_t v, unsigned size)
{
	for (unsigned i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> 8 * i);
	return size;
}

/* The payload of a connect to 93.184.216.34:443 with pointers of size. */
static size_t connect_payload(uint8_t *p, unsigned ptr)
{
	static const uint8_t sin[16] = { 2, 0, 0x01, 0xbb, 93, 184, 216, 34 };
	size_t n = 0;

	n += put32(p + n, 0);
	n += put32(p + n, 3047);
	n += put_ptr(p + n, ptr == 8 ? 0xffffd20b8c2f1080ull : 0x8c2f1080u, ptr);
	n += put_ptr(p + n, ptr == 8 ? 0xffffd20b90a7b3c0ull : 0x90a7b3c0u, ptr);
	n += put_ptr(p + n, 0, ptr);
	n += put32(p + n, 0);
	n += put32(p + n, 0x103);
	n += put32(p + n, sizeof sin);
	memcpy(p + n, sin, sizeof sin);
	return n + sizeof sin;
}

static void decode(const struct wst_event_desc *d, unsigned ptr, struct wst_record *rec,
                   uint8_t *payload)
{
	static struct wst_event ev;

	memset(&ev, 0, sizeof ev);
	ev.provider = wst_afd_provider_guid;
	ev.id = d->id;
	ev.pointer_size = (uint8_t)ptr;
	ev.user_data = payload;
	ev.user_len = connect_payload(payload, ptr);
	wst_decode_with(&ev, d, rec);
}

static void connect_with_address(void **state)
{
	(void)state;
	size_t size = tei_build(&connect_event, connect_props, 9, buf, sizeof buf);
	const struct wst_event_desc *builtin = wst_schema_lookup(1018, 0);
	uint8_t payload[80];
	struct wst_record rec;

	assert_true(size > 0);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, builtin, &row, why, sizeof why), 0);
	assert_int_equal(row.desc.field_count, 9);
	assert_int_equal(row.fields[2].type, WST_FT_POINTER);
	assert_int_equal(row.fields[2].role, WST_ROLE_PROCESS);
	assert_int_equal(row.fields[3].role, WST_ROLE_ENDPOINT);
	assert_int_equal(row.fields[8].type, WST_FT_BINARY);
	assert_int_equal(row.fields[8].length_field, 7);
	assert_int_equal(row.fields[8].role, WST_ROLE_ADDRESS);
	assert_string_equal(row.fields[7].key, "address_len");
	/* What only the built-in table knows is kept. */
	assert_non_null(builtin);
	assert_string_equal(row.desc.name, builtin->name);
	assert_int_equal(row.desc.kind, builtin->kind);
	assert_int_equal(row.desc.flags, builtin->flags);
	assert_int_equal(row.desc.keywords, 0x8000000000000004ull);
	assert_int_equal(wst_tdh_compare(&row.desc, builtin, why, sizeof why), 0);

	for (unsigned ptr = 4; ptr <= 8; ptr += 4) {
		decode(&row.desc, ptr, &rec, payload);
		assert_false(rec.truncated);
		assert_true(rec.has_endpoint);
		assert_int_equal(rec.endpoint, ptr == 8 ? 0xffffd20b90a7b3c0ull : 0x90a7b3c0u);
		assert_int_equal(rec.process, ptr == 8 ? 0xffffd20b8c2f1080ull : 0x8c2f1080u);
		assert_int_equal(rec.addr.family, WST_FAMILY_IPV4);
		assert_int_equal(rec.addr.port, 443);
		assert_memory_equal(rec.addr.addr, ((uint8_t[]){ 93, 184, 216, 34 }), 4);
		assert_true(rec.addr_complete);
		assert_int_equal(rec.status, 0x103);
		assert_false(rec.failed);  /* STATUS_PENDING is no failure */
	}
}

/* Every built-in row of every decoded provider survives the trip through
 * TRACE_EVENT_INFO: same layout, keys, roles and value maps. */
static void every_builtin_row(void **state)
{
	(void)state;
	for (size_t e = 0; e < wst_event_count; e++) {
		const struct wst_event_desc *d = &wst_events[e];
		size_t size = tei_from_desc(d, buf, sizeof buf);
		assert_true(size > 0);
		assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, d, &row, why, sizeof why), 0);
		if (wst_tdh_compare(&row.desc, d, why, sizeof why))
			fail_msg("event %u: %s", d->id, why);
		for (unsigned i = 0; i < d->field_count; i++) {
			assert_string_equal(row.fields[i].key, d->fields[i].key);
			assert_int_equal(row.fields[i].key_len, d->fields[i].key_len);
			assert_int_equal(row.fields[i].role, d->fields[i].role);
			assert_ptr_equal(row.fields[i].map, d->fields[i].map);
		}
	}
}

/* The legacy IPv6 bind: an Address of 16 fixed bytes is an IPv6 address. */
static void legacy_ipv6_fixed_binary(void **state)
{
	(void)state;
	static const struct tei_prop props[] = {
		{ "Process", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
		{ "Endpoint", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
		{ "Address", WST_TDH_INTYPE_BINARY, WST_TDH_OUTTYPE_IPV6, 0, 16, 0 },
		{ "Port", WST_TDH_INTYPE_UINT16, WST_TDH_OUTTYPE_PORT, 0, 0, 0 },
		{ "Status", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	};
	static const struct tei_event ev = { 3, 0, 4, 0, 0, 0, "AFD_BIND_IPV6", NULL, NULL };
	size_t size = tei_build(&ev, props, 5, buf, sizeof buf);
	uint8_t payload[4 + 4 + 16 + 2 + 4] = { 0 };
	struct wst_event e = { 0 };
	struct wst_record rec;

	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, wst_schema_lookup(3, 0), &row,
	                                 why, sizeof why), 0);
	assert_int_equal(row.fields[2].length, 16);
	assert_int_equal(row.fields[2].length_field, -1);
	payload[8] = 0x20, payload[9] = 0x01, payload[10] = 0x0d, payload[11] = 0xb8, payload[23] = 1;
	payload[24] = 0x20, payload[25] = 0xfb;  /* port 8443, network order */
	e.provider = wst_afd_provider_guid;
	e.id = 3;
	e.pointer_size = 4;   /* an event of a 32-bit kernel */
	e.user_data = payload;
	e.user_len = sizeof payload;
	wst_decode_with(&e, &row.desc, &rec);
	assert_false(rec.truncated);
	assert_int_equal(rec.addr.family, WST_FAMILY_IPV6);
	assert_int_equal(rec.addr.port, 8443);
	assert_int_equal(rec.addr.addr[15], 1);
}

/* An event the built-in table does not know: decoded all the same, named
 * "unknown", keys from the names, failure from the Error level. */
static void unknown_to_builtin(void **state)
{
	(void)state;
	static const struct tei_prop props[] = {
		{ "EnterExit", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "Endpoint", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
		{ "TCPState", WST_TDH_INTYPE_UINT8, 0, 0, 0, 0 },
		{ "IPv4Address", WST_TDH_INTYPE_HEXINT32, 0, 0, 0, 0 },
		{ "Cookie", WST_TDH_INTYPE_GUID, 0, 0, 0, 0 },
		{ "Counters", WST_TDH_INTYPE_UINT16, 0, 0, 0, 3 },
		{ "IsLoopback", WST_TDH_INTYPE_BOOLEAN, 0, 0, 0, 0 },
	};
	static const struct tei_event ev = { 1999, 1, 2, 14, 1999, 4, NULL, "AfdFuture", "Aborted" };
	size_t size = tei_build(&ev, props, 7, buf, sizeof buf);

	assert_null(wst_schema_lookup(1999, 1));
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, NULL, &row, why, sizeof why), 0);
	assert_string_equal(row.desc.name, "unknown");
	assert_int_equal(row.desc.kind, WST_EV_UNKNOWN);
	assert_string_equal(row.desc.symbol, "AfdFutureAborted");
	assert_true(row.desc.flags & WST_EVENT_FAILURE);
	assert_string_equal(row.fields[1].key, "endpoint");
	assert_int_equal(row.fields[1].role, WST_ROLE_ENDPOINT);
	assert_string_equal(row.fields[2].key, "tcp_state");
	assert_int_equal(row.fields[2].key_len, 9);
	assert_int_equal(row.fields[2].type, WST_FT_UINT8);
	assert_string_equal(row.fields[3].key, "ipv4_address");
	assert_int_equal(row.fields[3].role, WST_ROLE_PLAIN);
	assert_int_equal(row.fields[4].type, WST_FT_GUID);
	assert_int_equal(row.fields[4].length, 0);
	assert_int_equal(row.fields[5].type, WST_FT_BINARY);  /* a fixed array: its bytes */
	assert_int_equal(row.fields[5].length, 6);
	assert_int_equal(row.fields[6].type, WST_FT_BOOL32);
}

/* Windows and the built-in table disagree: the difference is named. */
static void disagreement_is_described(void **state)
{
	(void)state;
	struct tei_prop props[10];
	const struct wst_event_desc *builtin = wst_schema_lookup(1018, 0);

	memcpy(props, connect_props, sizeof connect_props);
	props[9] = (struct tei_prop){ "Extra", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 };
	size_t size = tei_build(&connect_event, props, 10, buf, sizeof buf);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, builtin, &row, why, sizeof why), 0);
	assert_int_equal(wst_tdh_compare(&row.desc, builtin, why, sizeof why), 1);
	assert_string_equal(why, "10 fields in Windows' schema, 9 in wstrace's");

	memcpy(props, connect_props, sizeof connect_props);
	props[6].in_type = WST_TDH_INTYPE_UINT64;  /* Status widened */
	size = tei_build(&connect_event, props, 9, buf, sizeof buf);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, builtin, &row, why, sizeof why), 0);
	assert_int_equal(wst_tdh_compare(&row.desc, builtin, why, sizeof why), 1);
	assert_string_equal(why, "field 'Status' is uint64 in Windows' schema, uint32 in wstrace's");

	memcpy(props, connect_props, sizeof connect_props);
	props[0].name = "Phase";
	size = tei_build(&connect_event, props, 9, buf, sizeof buf);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, builtin, &row, why, sizeof why), 0);
	assert_int_equal(wst_tdh_compare(&row.desc, builtin, why, sizeof why), 1);
	assert_string_equal(why, "field 1 is 'Phase' in Windows' schema, 'EnterExit' in wstrace's");
}

/* The name and process providers' events as Windows' manifests give them
 * (strings, a SID, a FILETIME), converted, then one payload decoded with
 * the converted row and with the built-in one: the same record. */
static void same_record(enum wst_provider provider, const struct tei_event *te,
                        const struct tei_prop *props, unsigned n, const struct payload *p,
                        struct wst_record *rec)
{
	const struct wst_event_desc *builtin = wst_schema_lookup_in(provider, te->id, te->version);
	static struct wst_event ev;
	struct wst_record want;

	assert_non_null(builtin);
	size_t size = tei_build(te, props, n, buf, sizeof buf);
	assert_true(size > 0);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, builtin, &row, why, sizeof why), 0);
	if (wst_tdh_compare(&row.desc, builtin, why, sizeof why))
		fail_msg("%s: %s", builtin->name, why);
	assert_string_equal(row.desc.name, builtin->name);
	assert_int_equal(row.desc.kind, builtin->kind);
	assert_int_equal(row.desc.phase, builtin->phase);
	for (unsigned i = 0; i < n; i++) {
		assert_string_equal(row.fields[i].key, builtin->fields[i].key);
		assert_int_equal(row.fields[i].role, builtin->fields[i].role);
	}
	memset(&ev, 0, sizeof ev);
	ev.provider = wst_provider_desc(provider)->guid;
	ev.id = te->id;
	ev.version = te->version;
	ev.pid = 4;
	ev.pointer_size = 8;
	ev.user_data = p->bytes;
	ev.user_len = (uint32_t)p->len;
	wst_decode_as(&ev, provider, builtin, &want);
	wst_decode_as(&ev, provider, &row.desc, rec);
	assert_false(want.truncated);
	assert_false(rec->truncated);
	assert_int_equal(rec->provider, want.provider);
	assert_int_equal(rec->phase, want.phase);
	assert_int_equal(rec->pid, want.pid);
	assert_int_equal(rec->failed, want.failed);
	assert_int_equal(rec->has_status, want.has_status);
	assert_int_equal(rec->status, want.status);
	assert_int_equal(rec->name_field, want.name_field);
	assert_int_equal(rec->results_field, want.results_field);
	assert_int_equal(rec->image_field, want.image_field);
	assert_int_equal(rec->has_query_type, want.has_query_type);
	assert_int_equal(rec->query_type, want.query_type);
	assert_int_equal(rec->has_parent_pid, want.has_parent_pid);
	assert_int_equal(rec->parent_pid, want.parent_pid);
	assert_int_equal(rec->has_create_time, want.has_create_time);
	assert_int_equal(rec->create_time, want.create_time);
	assert_int_equal(rec->has_sequence, want.has_sequence);
	assert_int_equal(rec->sequence, want.sequence);
	for (unsigned i = 0; i < n; i++) {
		assert_int_equal(rec->values[i].len, want.values[i].len);
		uint8_t type = builtin->fields[i].type;
		if (type == WST_FT_UTF16 || type == WST_FT_ANSI || type == WST_FT_SID)
			assert_memory_equal(rec->values[i].bytes, want.values[i].bytes, want.values[i].len);
		else
			assert_int_equal(rec->values[i].u, want.values[i].u);  /* numbers, FILETIMEs */
	}
}

static void getaddrinfo_completion(void **state)
{
	(void)state;
	static const struct tei_prop props[] = {
		{ "NodeName", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
		{ "Status", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "Result", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
	};
	static const struct tei_event te = { 1001, 0, 4, 0, 1000, 0, NULL, "WinsockGai", NULL };
	struct payload p = { .len = 0 };
	struct wst_record rec;

	put_utf16(&p, "example.com");
	put_le(&p, 0, 4);
	put_utf16(&p, "93.184.216.34;2606:2800:220:1::1");
	same_record(WST_PROVIDER_NAME_RESOLUTION, &te, props, 3, &p, &rec);
	assert_int_equal(row.fields[0].type, WST_FT_UTF16);
	assert_int_equal(rec.name_field, 0);
	assert_int_equal(rec.results_field, 2);
	assert_int_equal(rec.values[0].len, 2 * 11);  /* the name without its NUL */
	assert_true(rec.has_status);
	assert_int_equal(rec.status, 0);
	assert_false(rec.failed);
}

static void dns_query_completion(void **state)
{
	(void)state;
	static const struct tei_prop props[] = {
		{ "QueryName", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
		{ "QueryType", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "QueryOptions", WST_TDH_INTYPE_UINT64, 0, 0, 0, 0 },
		{ "QueryStatus", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "QueryResults", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
	};
	static const struct tei_event te = { 3008, 0, 4, 0, 0, 0, NULL, NULL, NULL };
	struct payload p = { .len = 0 };
	struct wst_record rec;

	put_utf16(&p, "nosuch.example");
	put_le(&p, 28, 4);
	put_le(&p, 0x40026000ull, 8);
	put_le(&p, 9003, 4);
	put_utf16(&p, "");
	same_record(WST_PROVIDER_DNS_CLIENT, &te, props, 5, &p, &rec);
	assert_true(rec.has_query_type);
	assert_int_equal(rec.query_type, 28);
	assert_int_equal(rec.status, 9003);
	assert_true(rec.failed);
	assert_int_equal(rec.values[2].u, 0x40026000ull);
}

/* Version 3 of the start: the rundown V1 layout, a SID and a FILETIME. */
static void process_start_v3(void **state)
{
	(void)state;
	static const struct tei_prop props[] = {
		{ "ProcessID", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "ProcessSequenceNumber", WST_TDH_INTYPE_UINT64, 0, 0, 0, 0 },
		{ "CreateTime", WST_TDH_INTYPE_FILETIME, 0, 0, 0, 0 },
		{ "ParentProcessID", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "ParentProcessSequenceNumber", WST_TDH_INTYPE_UINT64, 0, 0, 0, 0 },
		{ "SessionID", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "Flags", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "ProcessTokenElevationType", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "ProcessTokenIsElevated", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "MandatoryLabel", WST_TDH_INTYPE_SID, 0, 0, 0, 0 },
		{ "ImageName", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
		{ "ImageChecksum", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "TimeDateStamp", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "PackageFullName", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
		{ "PackageRelativeAppId", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 0 },
	};
	static const struct tei_event te = { 1, 3, 4, 1, 1, 0x10, NULL, "ProcessStart", "Start" };
	/* S-1-16-12288: one sub-authority, the high mandatory label. */
	static const uint8_t sid[12] = { 1, 1, 0, 0, 0, 0, 0, 16, 0x00, 0x30, 0, 0 };
	struct payload p = { .len = 0 };
	struct wst_record rec;

	put_le(&p, 7300, 4);
	put_le(&p, 0x1234, 8);
	put_le(&p, 0x01db3a5f12345678ull, 8);
	put_le(&p, 6120, 4);
	put_le(&p, 0x1200, 8);
	put_le(&p, 1, 4);
	put_le(&p, 0, 4);
	put_le(&p, 1, 4);
	put_le(&p, 0, 4);
	put_raw(&p, sid, sizeof sid);
	put_utf16(&p, "\\Device\\HarddiskVolume3\\Windows\\System32\\curl.exe");
	put_le(&p, 0, 4);
	put_le(&p, 0, 4);
	put_utf16(&p, "");
	put_utf16(&p, "");
	same_record(WST_PROVIDER_KERNEL_PROCESS, &te, props, 15, &p, &rec);
	assert_int_equal(row.fields[2].type, WST_FT_FILETIME);
	assert_int_equal(row.fields[9].type, WST_FT_SID);
	assert_int_equal(rec.values[9].len, sizeof sid);
	assert_int_equal(rec.pid, 7300);
	assert_int_equal(rec.parent_pid, 6120);
	assert_int_equal(rec.create_time, 0x01db3a5f12345678ull);
	assert_int_equal(rec.sequence, 0x1234);
	assert_int_equal(rec.image_field, 10);
}

static void expect_refused(const struct tei_prop *props, unsigned n, const char *reason)
{
	size_t size = tei_build(&connect_event, props, n, buf, sizeof buf);

	assert_true(size > 0);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, NULL, &row, why, sizeof why), -1);
	assert_string_equal(why, reason);
}

/* What the built-in layout cannot hold is refused with a reason (the
 * decoder then falls back to the built-in row). */
static void refused_schemas(void **state)
{
	(void)state;
	struct tei_prop p[WST_MAX_FIELDS + 1];

	p[0] = (struct tei_prop){ "Ratio", WST_TDH_INTYPE_DOUBLE, 0, 0, 0, 0 };
	expect_refused(p, 1, "field 'Ratio' has a type wstrace does not decode");
	p[0] = (struct tei_prop){ "Names", WST_TDH_INTYPE_UNICODESTRING, 0, 0, 0, 3 };
	expect_refused(p, 1, "field 'Names' is an array of strings or SIDs");
	p[0] = (struct tei_prop){ "Name", WST_TDH_INTYPE_ANSISTRING, 0, 0, 12, 0 };
	expect_refused(p, 1, "field 'Name' is a string of counted length");
	p[0] = (struct tei_prop){ "Inner", 0, 0, PropertyStruct, 0, 0 };
	expect_refused(p, 1, "field 'Inner' is a structure");
	p[0] = (struct tei_prop){ "Items", WST_TDH_INTYPE_UINT32, 0, PropertyParamCount, 0, 0 };
	expect_refused(p, 1, "field 'Items' is an array of variable length");
	p[0] = (struct tei_prop){ "Blob", WST_TDH_INTYPE_BINARY, 0, PropertyParamLength, 1, 0 };
	p[1] = (struct tei_prop){ "BlobLen", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 };
	expect_refused(p, 2, "field 'Blob' takes its length from a field that is not an earlier integer");
	p[0] = (struct tei_prop){ "Blob", WST_TDH_INTYPE_BINARY, 0, 0, 0, 0 };
	expect_refused(p, 1, "field 'Blob' is binary of unknown length");
	p[0] = (struct tei_prop){ "Ptrs", WST_TDH_INTYPE_POINTER, 0, 0, 0, 2 };
	expect_refused(p, 1, "field 'Ptrs' is an array of pointers");
	for (unsigned i = 0; i <= WST_MAX_FIELDS; i++)
		p[i] = (struct tei_prop){ "F", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 };
	expect_refused(p, WST_MAX_FIELDS + 1, "the event has more fields than wstrace holds");
}

/* A buffer that does not hold together is refused, never read past. */
static void damaged_buffers(void **state)
{
	(void)state;
	size_t size = tei_build(&connect_event, connect_props, 9, buf, sizeof buf);
	TRACE_EVENT_INFO *info = (TRACE_EVENT_INFO *)buf;

	assert_int_equal(wst_tdh_convert(info, 40, NULL, &row, why, sizeof why), -1);
	assert_int_equal(wst_tdh_convert(info, offsetof(TRACE_EVENT_INFO, EventPropertyInfoArray) +
	                                 3 * sizeof(EVENT_PROPERTY_INFO), NULL, &row, why, sizeof why), -1);
	assert_string_equal(why, "the schema's property count exceeds its size");
	info->EventPropertyInfoArray[4].NameOffset = (ULONG)size + 100;
	assert_int_equal(wst_tdh_convert(info, size, NULL, &row, why, sizeof why), -1);
	assert_string_equal(why, "a property name lies outside the schema");
	/* A name without its NUL inside the buffer. */
	size = tei_build(&connect_event, connect_props, 9, buf, sizeof buf);
	assert_int_equal(wst_tdh_convert(info, size - 2, NULL, &row, why, sizeof why), -1);
	info->TopLevelPropertyCount = 10;
	assert_int_equal(wst_tdh_convert(info, size, NULL, &row, why, sizeof why), -1);
}

/* A fixed array no payload can hold (5000 GUIDs: 80000 bytes, more than
 * the 16-bit length): the layout stops before it and every event decoded
 * with it is truncated, instead of a wrapped length (14464) misaligning
 * the fields after it. */
static void array_longer_than_any_payload(void **state)
{
	(void)state;
	static const struct tei_prop props[] = {
		{ "EnterExit", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
		{ "Endpoint", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
		{ "Cookies", WST_TDH_INTYPE_GUID, 0, 0, 0, 5000 },
		{ "Status", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	};
	static const struct tei_event ev = { 1998, 0, 4, 0, 1998, 4, "AfdHuge", NULL, NULL };
	size_t size = tei_build(&ev, props, 4, buf, sizeof buf);
	uint8_t payload[16] = { 1, 0, 0, 0, 0x10, 0x20, 0x30, 0x40, 0, 0, 0xff, 0xff };
	struct wst_event e = { 0 };
	struct wst_record rec;

	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, NULL, &row, why, sizeof why), 0);
	assert_int_equal(row.desc.field_count, 2);
	assert_true(row.desc.flags & WST_EVENT_LAYOUT_CUT);
	e.provider = wst_afd_provider_guid;
	e.id = 1998;
	e.pointer_size = 8;
	e.user_data = payload;
	e.user_len = sizeof payload;
	wst_decode_with(&e, &row.desc, &rec);
	assert_true(rec.truncated);
	assert_true(rec.has_endpoint);
	assert_int_equal(rec.endpoint, 0xffff000040302010ull);
	assert_int_equal(rec.phase, WST_PHASE_COMPLETE);
}

/* Writes the UTF-16 units over the name at offset (same length or shorter:
 * the rest of the old name's room is NULs). */
static void put_units(ULONG offset, const uint16_t *units, size_t n, size_t room)
{
	for (size_t i = 0; i < room; i++) {
		uint16_t u = i < n ? units[i] : 0;
		buf[offset + 2 * i] = (BYTE)u;
		buf[offset + 2 * i + 1] = (BYTE)(u >> 8);
	}
}

/* Names go through the one UTF-16 converter of the .etl reader: a lone
 * surrogate is U+FFFD, and a name too long for its room is cut at the
 * first character that does not fit (nothing after it is appended). */
static void names_as_the_etl_reader_converts_them(void **state)
{
	(void)state;
	static char long_name[80];
	static const struct tei_prop props[] = {
		{ "Endpoint", WST_TDH_INTYPE_POINTER, 0, 0, 0, 0 },
		{ "Xx", WST_TDH_INTYPE_UINT32, 0, 0, 0, 0 },
	};
	memset(long_name, 'A', 64);
	struct tei_event ev = { 1997, 0, 4, 0, 1997, 4, long_name, NULL, NULL };
	size_t size = tei_build(&ev, props, 2, buf, sizeof buf);
	TRACE_EVENT_INFO *info = (TRACE_EVENT_INFO *)buf;
	uint16_t units[64];

	/* 62 letters, an e-acute (2 bytes in UTF-8: no room for it and the
	 * NUL in 64 bytes), then one more letter that would fit. */
	for (int i = 0; i < 62; i++)
		units[i] = 'A';
	units[62] = 0xe9;
	units[63] = 'B';
	put_units(WST_TEI_EVENT_NAME_OFFSET(info), units, 64, 64);
	/* A high surrogate without its low half, then 'x'. */
	put_units(info->EventPropertyInfoArray[1].NameOffset, (const uint16_t[]){ 0xd800, 'x' }, 2, 3);
	assert_int_equal(wst_tdh_convert(info, size, NULL, &row, why, sizeof why), 0);
	assert_int_equal(strlen(row.desc.symbol), 62);
	assert_int_equal(strspn(row.desc.symbol, "A"), 62);
	assert_string_equal(row.fields[1].name, "\xef\xbf\xbdx");
}

/* TDH schema drift: the small integers of an AFD event (EnterExit,
 * Location, AddressLen) typed as 8-, 16- or 32-bit, or with a value map
 * of Windows', convert to rows that decode a payload written in that
 * width into the same record. */
struct drift {
	USHORT enter_exit, location, address_len;
	bool map;                 /* EnterExit carries Windows' value map */
};

static size_t put_int(uint8_t *p, uint32_t v, USHORT in_type)
{
	size_t n = in_type == WST_TDH_INTYPE_UINT8 ? 1 : in_type == WST_TDH_INTYPE_UINT16 ? 2 : 4;
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> 8 * i);
	return n;
}

static void decode_drifted(const struct drift *d, struct wst_record *rec, uint8_t *payload)
{
	static const uint8_t sin[16] = { 2, 0, 0x1f, 0x90, 127, 0, 0, 1 };
	struct tei_prop props[9];
	size_t n = 0;

	memcpy(props, connect_props, sizeof props);
	props[0].in_type = d->enter_exit;
	props[1].in_type = d->location;
	props[7].in_type = d->address_len;
	size_t size = tei_build(&connect_event, props, 9, buf, sizeof buf);
	assert_true(size > 0);
	if (d->map) {
		/* The map's name points at a string of the buffer, as TDH's does. */
		TRACE_EVENT_INFO *info = (TRACE_EVENT_INFO *)buf;
		info->EventPropertyInfoArray[0].nonStructType.MapNameOffset = info->TaskNameOffset;
	}
	const struct wst_event_desc *builtin = wst_schema_lookup(1018, 0);
	assert_int_equal(wst_tdh_convert((TRACE_EVENT_INFO *)buf, size, builtin, &row, why, sizeof why), 0);
	assert_ptr_equal(row.fields[0].map, builtin->fields[0].map);

	n += put_int(payload + n, 1, d->enter_exit);
	n += put_int(payload + n, 5023, d->location);
	n += put_ptr(payload + n, 0xffffd20b8c2f1080ull, 8);
	n += put_ptr(payload + n, 0xffffd20b90a7b3c0ull, 8);
	n += put_ptr(payload + n, 0, 8);
	n += put32(payload + n, 0);
	n += put32(payload + n, 0xc000023c);
	n += put_int(payload + n, sizeof sin, d->address_len);
	memcpy(payload + n, sin, sizeof sin);
	n += sizeof sin;

	struct wst_event e = { 0 };
	e.provider = wst_afd_provider_guid;
	e.id = 1018;
	e.pointer_size = 8;
	e.user_data = payload;
	e.user_len = n;
	wst_decode_with(&e, &row.desc, rec);
}

static void small_integers_of_any_width(void **state)
{
	(void)state;
	static const struct drift drifts[] = {
		{ WST_TDH_INTYPE_UINT32, WST_TDH_INTYPE_UINT32, WST_TDH_INTYPE_UINT32, false },
		{ WST_TDH_INTYPE_UINT8, WST_TDH_INTYPE_UINT32, WST_TDH_INTYPE_UINT32, false },
		{ WST_TDH_INTYPE_UINT16, WST_TDH_INTYPE_UINT32, WST_TDH_INTYPE_UINT32, false },
		{ WST_TDH_INTYPE_UINT32, WST_TDH_INTYPE_UINT32, WST_TDH_INTYPE_UINT32, true },
		{ WST_TDH_INTYPE_UINT8, WST_TDH_INTYPE_UINT16, WST_TDH_INTYPE_UINT16, true },
		{ WST_TDH_INTYPE_UINT16, WST_TDH_INTYPE_HEXINT32, WST_TDH_INTYPE_UINT8, false },
		{ WST_TDH_INTYPE_UINT8, WST_TDH_INTYPE_UINT16, WST_TDH_INTYPE_UINT8, true },
	};
	uint8_t payload[96];

	for (size_t i = 0; i < sizeof drifts / sizeof drifts[0]; i++) {
		struct wst_record rec;
		decode_drifted(&drifts[i], &rec, payload);
		assert_false(rec.truncated);
		assert_int_equal(rec.phase, WST_PHASE_COMPLETE);
		assert_true(rec.has_location);
		assert_int_equal(rec.location, 5023);
		assert_int_equal(rec.process, 0xffffd20b8c2f1080ull);
		assert_int_equal(rec.endpoint, 0xffffd20b90a7b3c0ull);
		assert_int_equal(rec.status, 0xc000023c);
		assert_true(rec.failed);
		assert_int_equal(rec.addr.family, WST_FAMILY_IPV4);
		assert_int_equal(rec.addr.port, 8080);
		assert_memory_equal(rec.addr.addr, ((uint8_t[]){ 127, 0, 0, 1 }), 4);
		assert_true(rec.addr_complete);
		assert_int_equal(rec.values[0].u, 1);
		assert_int_equal(rec.values[7].u, 16);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(connect_with_address),
		cmocka_unit_test(every_builtin_row),
		cmocka_unit_test(getaddrinfo_completion),
		cmocka_unit_test(dns_query_completion),
		cmocka_unit_test(process_start_v3),
		cmocka_unit_test(legacy_ipv6_fixed_binary),
		cmocka_unit_test(unknown_to_builtin),
		cmocka_unit_test(disagreement_is_described),
		cmocka_unit_test(refused_schemas),
		cmocka_unit_test(damaged_buffers),
		cmocka_unit_test(array_longer_than_any_payload),
		cmocka_unit_test(names_as_the_etl_reader_converts_them),
		cmocka_unit_test(small_integers_of_any_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
