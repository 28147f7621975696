/* The generated name tables (src/tables) and the one lookup over them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "wstrace/name_tables.h"
#include "wstrace/schema.h"
#include "wstrace/socket_names.h"
#include "wstrace/status_names.h"

/* Values from the mingw-w64 headers ntstatus.h and winerror.h. */
#define ST_SUCCESS			0x00000000u
#define ST_PENDING			0x00000103u
#define ST_UNSUCCESSFUL			0xC0000001u
#define ST_IO_TIMEOUT			0xC00000B5u
#define ST_CANCELLED			0xC0000120u
#define ST_CONNECTION_RESET		0xC000020Du
#define ST_CONNECTION_REFUSED		0xC0000236u
#define ST_NETWORK_UNREACHABLE		0xC000023Cu
#define ST_HOST_UNREACHABLE		0xC000023Du
#define ST_PORT_UNREACHABLE		0xC000023Fu

/* The lookup is a binary search: a table out of order, or with a value
 * twice, would miss names silently. */
static void check_sorted(const char *what, const struct wst_value_map *m)
{
	assert_non_null(m);
	assert_true(m->count > 0);
	for (size_t i = 0; i < m->count; i++) {
		assert_non_null(m->entries[i].name);
		assert_true(m->entries[i].name[0] != '\0');
		if (i > 0 && m->entries[i - 1].value >= m->entries[i].value)
			fail_msg("%s: entry %zu (%s, 0x%08x) is not above %s (0x%08x)", what, i,
			         m->entries[i].name, (unsigned)m->entries[i].value,
			         m->entries[i - 1].name, (unsigned)m->entries[i - 1].value);
		/* Every entry is found by the lookup, first and last included. */
		assert_ptr_equal(wst_value_map_name(m, m->entries[i].value), m->entries[i].name);
	}
}

static void test_tables_sorted(void **state)
{
	(void)state;
	check_sorted("ntstatus", &wst_names_ntstatus);
	check_sorted("winsock_errors", &wst_names_winsock_errors);
	check_sorted("win32_errors", &wst_names_win32_errors);
	check_sorted("ntstatus_to_winsock", &wst_names_ntstatus_to_winsock);
	check_sorted("address_families", &wst_names_address_families);
	check_sorted("ip_protocols", &wst_names_ip_protocols);
	/* The manifest's value maps go through the same lookup. */
	for (size_t e = 0; e < wst_event_count; e++)
		for (unsigned i = 0; i < wst_events[e].field_count; i++)
			if (wst_events[e].fields[i].map)
				check_sorted(wst_events[e].fields[i].name, wst_events[e].fields[i].map);
}

static void test_mapped_statuses_are_named(void **state)
{
	(void)state;
	const struct wst_value_map *m = &wst_names_ntstatus_to_winsock;

	for (size_t i = 0; i < m->count; i++) {
		if (wst_value_map_name(&wst_names_ntstatus, m->entries[i].value) == NULL)
			fail_msg("mapped status 0x%08x has no name", (unsigned)m->entries[i].value);
		assert_int_equal(strncmp(m->entries[i].name, "WSA", 3), 0);
	}
}

static void expect_status(uint32_t status, const char *name, const char *wsa_name)
{
	assert_string_equal(wst_value_map_name(&wst_names_ntstatus, status), name);
	assert_string_equal(wst_code_name(status), name);
	assert_string_equal(wst_ntstatus_wsa_name(status), wsa_name);
}

static void test_known_statuses(void **state)
{
	(void)state;
	expect_status(ST_CONNECTION_REFUSED, "STATUS_CONNECTION_REFUSED", "WSAECONNREFUSED");
	expect_status(ST_CONNECTION_RESET, "STATUS_CONNECTION_RESET", "WSAECONNRESET");
	expect_status(ST_IO_TIMEOUT, "STATUS_IO_TIMEOUT", "WSAETIMEDOUT");
	expect_status(ST_HOST_UNREACHABLE, "STATUS_HOST_UNREACHABLE", "WSAEHOSTUNREACH");
	expect_status(ST_NETWORK_UNREACHABLE, "STATUS_NETWORK_UNREACHABLE", "WSAENETUNREACH");
	expect_status(ST_PORT_UNREACHABLE, "STATUS_PORT_UNREACHABLE", "WSAECONNRESET");
	expect_status(ST_CANCELLED, "STATUS_CANCELLED", "WSA_OPERATION_ABORTED");
	expect_status(ST_PENDING, "STATUS_PENDING", "WSA_IO_PENDING");

	assert_string_equal(wst_code_name(ST_SUCCESS), "STATUS_SUCCESS");
	assert_null(wst_ntstatus_wsa_name(ST_SUCCESS));
}

static void test_known_codes(void **state)
{
	(void)state;
	const struct wst_value_map *wsa = &wst_names_winsock_errors;

	assert_string_equal(wst_value_map_name(wsa, 10004), "WSAEINTR");
	assert_string_equal(wst_value_map_name(wsa, 10035), "WSAEWOULDBLOCK");
	assert_string_equal(wst_value_map_name(wsa, 10091), "WSASYSNOTREADY");
	assert_string_equal(wst_value_map_name(wsa, 10101), "WSAEDISCON");
	assert_string_equal(wst_value_map_name(wsa, 10110), "WSA_E_NO_MORE");
	assert_string_equal(wst_value_map_name(wsa, 10112), "WSAEREFUSED");
	assert_string_equal(wst_value_map_name(wsa, 11001), "WSAHOST_NOT_FOUND");
	assert_string_equal(wst_value_map_name(wsa, 11002), "WSATRY_AGAIN");
	assert_string_equal(wst_value_map_name(wsa, 11004), "WSANO_DATA");
	assert_string_equal(wst_code_name(10061), "WSAECONNREFUSED");
	assert_string_equal(wst_code_name(11001), "WSAHOST_NOT_FOUND");
	/* The DNS client's status codes are Win32 errors (winerror.h). */
	assert_string_equal(wst_value_map_name(&wst_names_win32_errors, 1460), "ERROR_TIMEOUT");
	assert_string_equal(wst_value_map_name(&wst_names_win32_errors, 9003),
	                    "DNS_ERROR_RCODE_NAME_ERROR");
	assert_string_equal(wst_value_map_name(&wst_names_win32_errors, 9501), "DNS_INFO_NO_RECORDS");
	assert_string_equal(wst_value_map_name(&wst_names_address_families, 23), "AF_INET6");
	assert_string_equal(wst_value_map_name(&wst_names_address_families, 40), "AF_VSOCK");
	assert_string_equal(wst_protocol_name(23, 6), "IPPROTO_TCP");
	assert_string_equal(wst_protocol_name(2, 255), "IPPROTO_RAW");
	assert_string_equal(wst_protocol_name(34, 1), "HV_PROTOCOL_RAW");
	assert_null(wst_protocol_name(1, 6));
	assert_string_equal(wst_socket_type_name(2), "SOCK_DGRAM");
}

static void test_unknown_codes(void **state)
{
	(void)state;
	assert_null(wst_value_map_name(NULL, 1));
	assert_null(wst_value_map_name(&wst_names_ntstatus, 0xDEADBEEFu));
	assert_null(wst_value_map_name(&wst_names_ntstatus, 0xFFFFFFFFu));
	assert_null(wst_value_map_name(&wst_names_winsock_errors, 0));
	assert_null(wst_value_map_name(&wst_names_winsock_errors, 10000));
	assert_null(wst_value_map_name(&wst_names_winsock_errors, 10072));
	assert_null(wst_value_map_name(&wst_names_winsock_errors, 0xFFFFFFFFu));
	assert_null(wst_ntstatus_wsa_name(0xDEADBEEFu));
	/* Named but with no Winsock equivalent listed. */
	assert_string_equal(wst_code_name(ST_UNSUCCESSFUL), "STATUS_UNSUCCESSFUL");
	assert_null(wst_ntstatus_wsa_name(ST_UNSUCCESSFUL));
	/* Only 10000..11999 counts as Winsock; 997 is looked up as an NTSTATUS. */
	assert_null(wst_code_name(997));
	assert_null(wst_code_name(11999));
	assert_null(wst_code_name(0xDEADBEEFu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sorted),
		cmocka_unit_test(test_mapped_statuses_are_named),
		cmocka_unit_test(test_known_statuses),
		cmocka_unit_test(test_known_codes),
		cmocka_unit_test(test_unknown_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
