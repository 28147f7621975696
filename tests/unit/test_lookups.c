/* Winsock-NameResolution and DNS-Client events: decoding, every form of
 * the Result string, bad strings, and their JSON and text lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "format_line.h"
#include "payload.h"
#include "wstrace/decoder.h"
#include "wstrace/format.h"
#include "wstrace/lookup_results.h"
#include "wstrace/schema.h"

#define NAME_RESOLUTION (&wst_provider_desc(WST_PROVIDER_NAME_RESOLUTION)->guid)
#define DNS_CLIENT (&wst_provider_desc(WST_PROVIDER_DNS_CLIENT)->guid)

/* 1001/1004 and 3008 payloads: the name, the status, the results. */
static void gai_complete(struct payload *p, const char *name, uint32_t status, const char *results)
{
	p->len = 0;
	put_utf16(p, name);
	put_le(p, status, 4);
	put_utf16(p, results);
}

static void getaddrinfo_request(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_utf16(&p, "example.com");
	put_utf16(&p, "https");
	put_le(&p, 1, 4);    /* Location */
	put_le(&p, 0, 4);    /* Flags */
	put_le(&p, 2, 4);    /* Family: AF_INET */
	put_le(&p, 1, 4);    /* SocketType */
	put_le(&p, 6, 4);    /* Protocol */
	struct wst_event ev = provider_event(NAME_RESOLUTION, 1000, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_non_null(rec.desc);
	assert_int_equal(rec.provider, WST_PROVIDER_NAME_RESOLUTION);
	assert_false(rec.is_afd);
	assert_int_equal(rec.desc->kind, WST_EV_GETADDRINFO);
	assert_int_equal(rec.phase, WST_PHASE_REQUEST);
	assert_int_equal(rec.name_field, 0);
	assert_false(rec.truncated);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"getaddrinfo\",\"event_id\":1000,"
		"\"level\":4,\"pid\":7300,\"tid\":100,\"cpu\":1,\"phase\":\"request\",\"name\":\"example.com\","
		"\"service\":\"https\",\"location\":1,\"flags\":0,\"address_family\":2,"
		"\"address_family_name\":\"AF_INET\",\"socket_type\":1,\"socket_type_name\":\"SOCK_STREAM\","
		"\"protocol\":6,\"protocol_name\":\"IPPROTO_TCP\"}");
}

/* Every form of the reference: plain, with a port, v4-mapped, bracketed,
 * IPv6 with a zone, and a CNAME. */
static void getaddrinfo_results_every_form(void **state)
{
	(void)state;
	struct payload p;
	gai_complete(&p, "www.example.com", 0,
	             "93.184.216.34;1.2.3.4:80;::ffff:5.6.7.8;[::ffff:9.10.11.12]:443;"
	             "2001:db8::1;fe80::1%9;[2001:db8::2]:80;type: 5 www.example.com-v4.edgesuite.net;");
	struct wst_event ev = provider_event(NAME_RESOLUTION, 1001, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_int_equal(rec.phase, WST_PHASE_COMPLETE);
	assert_false(rec.failed);
	assert_int_equal(rec.results_field, 2);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"getaddrinfo\",\"event_id\":1001,"
		"\"level\":4,\"pid\":7300,\"tid\":100,\"cpu\":1,\"phase\":\"complete\","
		"\"name\":\"www.example.com\",\"status\":0,"
		"\"addresses\":[\"93.184.216.34\",\"1.2.3.4\",\"5.6.7.8\",\"9.10.11.12\",\"2001:db8::1\","
		"\"fe80::1%9\",\"2001:db8::2\"],\"aliases\":[\"www.example.com-v4.edgesuite.net\"]}");
	assert_string_equal(format_line(&rec, false),
		"14:26:40.000000 7300    getaddrinfo              -                  phase=complete"
		" name=www.example.com addresses=93.184.216.34,1.2.3.4,5.6.7.8,9.10.11.12,2001:db8::1,"
		"fe80::1%9,2001:db8::2 aliases=www.example.com-v4.edgesuite.net");
}

static void results_parser_keeps_addresses_only(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	/* Spaces around entries, an empty one, another record type and text
	 * that is no address are passed over. */
	const char *text = " 10.0.0.1 ;;type: 12 host.example;not-an-address;1.2.3;::1";
	for (const char *s = text; *s; s++)
		put_le(&p, (uint8_t)*s, 2);
	struct wst_results r;
	struct wst_result e;

	wst_results_begin(&r, p.bytes, p.len);
	assert_false(r.cut);
	assert_true(wst_results_next(&r, &e));
	assert_int_equal(e.kind, WST_RESULT_ADDRESS);
	assert_string_equal(e.text, "10.0.0.1");
	assert_int_equal(e.addr.family, WST_FAMILY_IPV4);
	assert_int_equal(e.addr.addr[0], 10);
	assert_int_equal(e.addr.addr[3], 1);
	assert_true(wst_results_next(&r, &e));
	assert_string_equal(e.text, "::1");
	assert_int_equal(e.addr.family, WST_FAMILY_IPV6);
	assert_int_equal(e.addr.addr[15], 1);
	assert_false(wst_results_next(&r, &e));
	/* An odd byte count: the half character is not read. */
	wst_results_begin(&r, p.bytes, 3);
	assert_false(wst_results_next(&r, &e));
}

/* A string of 1,023 characters is as long as ETW writes one: it is said,
 * and the partial last entry dropped. */
static void results_cut_at_1024(void **state)
{
	(void)state;
	char results[1100];
	size_t n = 0;
	int count = 0;
	while (n + 16 < WST_RESULTS_CUT_CHARS) {
		n += (size_t)sprintf(results + n, "2001:db8::%x;", 0x1000 + count);
		count++;
	}
	while (n < WST_RESULTS_CUT_CHARS)
		results[n++] = '2';  /* the start of an address ETW cut */
	results[n] = '\0';
	assert_int_equal(strlen(results), 1023);
	struct payload p;
	gai_complete(&p, "many.example.com", 0, results);
	struct wst_event ev = provider_event(NAME_RESOLUTION, 1004, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	const char *json = format_line(&rec, true);
	assert_int_equal(count, 68);  /* 15 characters each, and 3 of a 69th */
	assert_non_null(strstr(json, "\"addresses\":[\"2001:db8::1000\","));
	assert_non_null(strstr(json, ",\"2001:db8::1043\"],\"results_truncated\":true}"));
	struct wst_results r;
	struct wst_result e;
	int seen = 0;
	wst_results_begin(&r, rec.values[2].bytes, rec.values[2].len);
	while (wst_results_next(&r, &e))
		seen++;
	assert_int_equal(seen, count);
}

static void getaddrinfo_failure(void **state)
{
	(void)state;
	struct payload p;
	gai_complete(&p, "nosuch.example", 11001, "");
	struct wst_event ev = provider_event(NAME_RESOLUTION, 1001, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_true(rec.failed);
	assert_int_equal(rec.status, 11001);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"getaddrinfo\",\"event_id\":1001,"
		"\"level\":4,\"pid\":7300,\"tid\":100,\"cpu\":1,\"phase\":\"complete\","
		"\"name\":\"nosuch.example\",\"status\":11001,\"status_name\":\"WSAHOST_NOT_FOUND\","
		"\"addresses\":[]}");
	assert_string_equal(format_line(&rec, false),
		"14:26:40.000000 7300    getaddrinfo              -                  phase=complete"
		" name=nosuch.example status=WSAHOST_NOT_FOUND");
}

static void dns_query_complete(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_utf16(&p, "example.com");
	put_le(&p, 28, 4);                  /* QueryType: AAAA */
	put_le(&p, 0x40000000, 8);          /* QueryOptions */
	put_le(&p, 0, 4);                   /* QueryStatus */
	put_utf16(&p, "2606:2800:220:1:248:1893:25c8:1946;");
	struct wst_event ev = provider_event(DNS_CLIENT, 3008, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_int_equal(rec.desc->kind, WST_EV_DNS_QUERY);
	assert_true(rec.has_query_type);
	assert_int_equal(rec.query_type, 28);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"dns_query\",\"event_id\":3008,"
		"\"level\":4,\"pid\":7300,\"tid\":100,\"cpu\":1,\"phase\":\"complete\","
		"\"name\":\"example.com\",\"query_type\":28,\"query_type_name\":\"AAAA\","
		"\"query_options\":1073741824,\"status\":0,"
		"\"addresses\":[\"2606:2800:220:1:248:1893:25c8:1946\"]}");
}

static void dns_request_and_the_named_others(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_utf16(&p, "example.com");
	put_le(&p, 1, 4);
	put_le(&p, 0, 8);
	put_utf16(&p, "192.168.1.1");
	put_le(&p, 1, 4);
	put_le(&p, 0, 4);
	put_le(&p, 12, 4);
	put_le(&p, 0, 4);
	struct wst_event ev = provider_event(DNS_CLIENT, 3006, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"dns_query\",\"event_id\":3006,"
		"\"level\":4,\"pid\":7300,\"tid\":100,\"cpu\":1,\"phase\":\"request\",\"name\":\"example.com\","
		"\"query_type\":1,\"query_type_name\":\"A\",\"query_options\":0,\"server_list\":\"192.168.1.1\","
		"\"is_network_query\":1,\"network_query_index\":0,\"interface_index\":12,\"is_async_query\":0}");
	assert_string_equal(wst_schema_lookup_in(WST_PROVIDER_DNS_CLIENT, 3009, 0)->name, "dns_server_query");
	assert_string_equal(wst_schema_lookup_in(WST_PROVIDER_DNS_CLIENT, 3018, 0)->name, "dns_cache_lookup");
	assert_string_equal(wst_schema_lookup_in(WST_PROVIDER_DNS_CLIENT, 3020, 0)->name, "dns_response");
	assert_int_equal(wst_schema_lookup_in(WST_PROVIDER_DNS_CLIENT, 3009, 0)->phase, -1);
	assert_null(wst_schema_lookup_in(WST_PROVIDER_DNS_CLIENT, 3007, 0));
	assert_int_equal(wst_schema_lookup_in(WST_PROVIDER_NAME_RESOLUTION, 1002, 0)->phase, WST_PHASE_REQUEST);
	assert_int_equal(wst_schema_lookup_in(WST_PROVIDER_NAME_RESOLUTION, 1012, 0)->phase, WST_PHASE_REQUEST);
	assert_int_equal(wst_schema_lookup_in(WST_PROVIDER_NAME_RESOLUTION, 1004, 0)->phase, WST_PHASE_COMPLETE);
	assert_null(wst_schema_lookup_in(WST_PROVIDER_NAME_RESOLUTION, 1003, 0));
}

/* A string without its terminator: kept as far as it goes, the record
 * truncated, nothing after it read. */
static void string_without_terminator(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_utf16(&p, "cut.example");
	put_le(&p, 0, 4);
	put_utf16(&p, "1.2.3.4;5.6");
	p.len -= 2;  /* the Result's NUL is missing: the payload ends in it */
	struct wst_event ev = provider_event(NAME_RESOLUTION, 1001, 0, 7300, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_true(rec.truncated);
	assert_true(rec.values[2].present);
	assert_int_equal(rec.values[2].len, 22);
	assert_string_equal(format_line(&rec, true),
		"{\"v\":1,\"ts\":\"2024-11-19T14:26:40.0000000Z\",\"event\":\"getaddrinfo\",\"event_id\":1001,"
		"\"level\":4,\"pid\":7300,\"tid\":100,\"cpu\":1,\"phase\":\"complete\",\"name\":\"cut.example\","
		"\"status\":0,\"addresses\":[\"1.2.3.4\"],\"truncated\":true}");
	/* The name itself cut, at an odd byte: the status is never read. */
	p.len = 0;
	put_utf16(&p, "abc");
	p.len -= 3;
	ev = provider_event(NAME_RESOLUTION, 1001, 0, 7300, &p);
	wst_decode(&ev, &rec);
	assert_true(rec.truncated);
	assert_int_equal(rec.values[0].len, 4);  /* "ab", and half a "c" */
	assert_false(rec.values[1].present);
	assert_false(rec.has_status);
	assert_string_equal(format_line(&rec, false),
		"14:26:40.000000 7300    getaddrinfo              -                  phase=complete name=ab"
		" [truncated]");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(getaddrinfo_request),
		cmocka_unit_test(getaddrinfo_results_every_form),
		cmocka_unit_test(results_parser_keeps_addresses_only),
		cmocka_unit_test(results_cut_at_1024),
		cmocka_unit_test(getaddrinfo_failure),
		cmocka_unit_test(dns_query_complete),
		cmocka_unit_test(dns_request_and_the_named_others),
		cmocka_unit_test(string_without_terminator),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
