#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "wstrace/status_names.h"
#include "decoder/status_table.h"

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

static void check_names_sorted(const struct wst_status_name_entry *t, size_t n)
{
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].name);
		assert_true(t[i].name[0] != '\0');
		if (i > 0 && t[i - 1].code >= t[i].code)
			fail_msg("entry %zu (%s, 0x%08x) is not above %s (0x%08x)", i, t[i].name,
			         (unsigned)t[i].code, t[i - 1].name, (unsigned)t[i - 1].code);
		for (size_t j = 0; j < i; j++)
			if (strcmp(t[i].name, t[j].name) == 0)
				fail_msg("name %s appears twice", t[i].name);
	}
}

static void test_ntstatus_table_sorted_unique(void **state)
{
	(void)state;
	size_t n;
	const struct wst_status_name_entry *t = wst_status_table_ntstatus(&n);

	check_names_sorted(t, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strncmp(t[i].name, "STATUS_", 7), 0);
		assert_ptr_equal(wst_ntstatus_name(t[i].code), t[i].name);
	}
}

static void test_wsa_table_sorted_unique(void **state)
{
	(void)state;
	size_t n;
	const struct wst_status_name_entry *t = wst_status_table_wsa(&n);

	check_names_sorted(t, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strncmp(t[i].name, "WSA", 3), 0);
		assert_ptr_equal(wst_wsa_error_name(t[i].code), t[i].name);
	}
}

static void test_map_table_sorted_and_named(void **state)
{
	(void)state;
	size_t n;
	const struct wst_status_map_entry *t = wst_status_table_map(&n);

	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && t[i - 1].status >= t[i].status)
			fail_msg("map entry %zu (0x%08x) is not above 0x%08x", i,
			         (unsigned)t[i].status, (unsigned)t[i - 1].status);
		/* Both sides must have names, or the decoder prints bare numbers. */
		if (wst_ntstatus_name(t[i].status) == NULL)
			fail_msg("mapped status 0x%08x has no name", (unsigned)t[i].status);
		if (wst_wsa_error_name(t[i].wsa) == NULL)
			fail_msg("status 0x%08x maps to unnamed code %u", (unsigned)t[i].status,
			         (unsigned)t[i].wsa);
		assert_int_equal(wst_ntstatus_to_wsa(t[i].status), t[i].wsa);
	}
}

static void expect_status(uint32_t status, const char *name, uint32_t wsa, const char *wsa_name)
{
	assert_string_equal(wst_ntstatus_name(status), name);
	assert_string_equal(wst_code_name(status), name);
	assert_int_equal(wst_ntstatus_to_wsa(status), wsa);
	assert_string_equal(wst_wsa_error_name(wsa), wsa_name);
}

static void test_known_statuses(void **state)
{
	(void)state;
	expect_status(ST_CONNECTION_REFUSED, "STATUS_CONNECTION_REFUSED", 10061, "WSAECONNREFUSED");
	expect_status(ST_CONNECTION_RESET, "STATUS_CONNECTION_RESET", 10054, "WSAECONNRESET");
	expect_status(ST_IO_TIMEOUT, "STATUS_IO_TIMEOUT", 10060, "WSAETIMEDOUT");
	expect_status(ST_HOST_UNREACHABLE, "STATUS_HOST_UNREACHABLE", 10065, "WSAEHOSTUNREACH");
	expect_status(ST_NETWORK_UNREACHABLE, "STATUS_NETWORK_UNREACHABLE", 10051, "WSAENETUNREACH");
	expect_status(ST_PORT_UNREACHABLE, "STATUS_PORT_UNREACHABLE", 10054, "WSAECONNRESET");
	expect_status(ST_CANCELLED, "STATUS_CANCELLED", 995, "WSA_OPERATION_ABORTED");
	expect_status(ST_PENDING, "STATUS_PENDING", 997, "WSA_IO_PENDING");

	assert_string_equal(wst_ntstatus_name(ST_SUCCESS), "STATUS_SUCCESS");
	assert_string_equal(wst_code_name(ST_SUCCESS), "STATUS_SUCCESS");
	assert_int_equal(wst_ntstatus_to_wsa(ST_SUCCESS), 0);
}

static void test_known_wsa_codes(void **state)
{
	(void)state;
	assert_string_equal(wst_wsa_error_name(10004), "WSAEINTR");
	assert_string_equal(wst_wsa_error_name(10035), "WSAEWOULDBLOCK");
	assert_string_equal(wst_wsa_error_name(10091), "WSASYSNOTREADY");
	assert_string_equal(wst_wsa_error_name(10101), "WSAEDISCON");
	assert_string_equal(wst_wsa_error_name(10102), "WSAENOMORE");
	assert_string_equal(wst_wsa_error_name(10110), "WSA_E_NO_MORE");
	assert_string_equal(wst_wsa_error_name(10112), "WSAEREFUSED");
	assert_string_equal(wst_wsa_error_name(11001), "WSAHOST_NOT_FOUND");
	assert_string_equal(wst_wsa_error_name(11004), "WSANO_DATA");
	assert_string_equal(wst_code_name(10061), "WSAECONNREFUSED");
	assert_string_equal(wst_code_name(11001), "WSAHOST_NOT_FOUND");
}

static void test_unknown_codes(void **state)
{
	(void)state;
	assert_null(wst_ntstatus_name(0xDEADBEEFu));
	assert_null(wst_ntstatus_name(0xFFFFFFFFu));
	assert_null(wst_wsa_error_name(0));
	assert_null(wst_wsa_error_name(10000));
	assert_null(wst_wsa_error_name(10072));
	assert_null(wst_wsa_error_name(0xFFFFFFFFu));
	assert_int_equal(wst_ntstatus_to_wsa(0xDEADBEEFu), 0);
	/* Named but with no Winsock equivalent listed. */
	assert_string_equal(wst_ntstatus_name(ST_UNSUCCESSFUL), "STATUS_UNSUCCESSFUL");
	assert_int_equal(wst_ntstatus_to_wsa(ST_UNSUCCESSFUL), 0);
	/* Only 10000..11999 counts as Winsock; 997 is looked up as an NTSTATUS. */
	assert_null(wst_code_name(997));
	assert_null(wst_code_name(11999));
	assert_null(wst_code_name(0xDEADBEEFu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ntstatus_table_sorted_unique),
		cmocka_unit_test(test_wsa_table_sorted_unique),
		cmocka_unit_test(test_map_table_sorted_and_named),
		cmocka_unit_test(test_known_statuses),
		cmocka_unit_test(test_known_wsa_codes),
		cmocka_unit_test(test_unknown_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
