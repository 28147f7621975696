/* The one field-key rule (src/schema/field_key.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "wstrace/field_key.h"
#include "wstrace/schema.h"

static void test_keys(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "AddressLen", "address_len" }, { "EnterExit", "enter_exit" },
		{ "IPv4Address", "ipv4_address" }, { "TCPState", "tcp_state" },
		{ "ProcessId", "process_id" }, { "HTTPServer", "http_server" },
		{ "Status2Code", "status2_code" }, { "already_snake", "already_snake" },
		{ "With Space", "with_space" }, { "X", "x" },
		/* The defect: the generator wrote "riostate", the TDH path "rio_state". */
		{ "RIOState", "rio_state" }, { "SourceIPAddress", "source_ip_address" },
		{ "TargetIPAddress1", "target_ip_address1" }, { "SSThresh", "ss_thresh" },
		{ "DNSServerAddress", "dns_server_address" }, { "QPContext", "qp_context" },
		{ "BufferLength", "buffer_length" }, { "__Odd--Name__", "odd_name" },
		{ "", "" },
	};
	char out[64];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		wst_field_key(cases[i][0], out, sizeof out);
		assert_string_equal(out, cases[i][1]);
	}
}

static void test_cut_to_fit(void **state)
{
	(void)state;
	char out[12];

	memset(out, 'x', sizeof out);
	wst_field_key("AVeryLongFieldNameThatGoesOnAndOn", out, sizeof out);
	assert_string_equal(out, "avery_long");  /* one capital is no acronym */
	wst_field_key("Ab_Cd", out, 4);  /* never ends in the '_' it had room for */
	assert_string_equal(out, "ab");
}

/* The committed table's keys of plain fields are the rule's (role fields
 * have keys of their own: ListenEndpoint is "endpoint"). */
static void test_generated_keys_follow_the_rule(void **state)
{
	(void)state;
	char key[256];

	assert_true(wst_field_role_count > 50);
	for (size_t i = 0; i < wst_field_role_count; i++) {
		if (wst_field_roles[i].role != WST_ROLE_PLAIN)
			continue;
		wst_field_key(wst_field_roles[i].name, key, sizeof key);
		assert_string_equal(wst_field_roles[i].key, key);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_cut_to_fit),
		cmocka_unit_test(test_generated_keys_follow_the_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
