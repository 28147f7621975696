/* Address text both ways: RFC 5952 IPv6, SOCKADDR blobs, --addr parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "wstrace/sockaddr.h"
#include "wstrace/name_tables.h"

static void check_v6(const char *in, const char *want)
{
	struct wst_sockaddr a;
	char text[WST_ADDR_TEXT_LEN];

	assert_true(wst_addr_parse_text(in, &a));
	assert_int_equal(a.family, WST_FAMILY_IPV6);
	wst_addr_format(&a, text);
	assert_string_equal(text, want);
}

static void ipv6_rfc5952(void **state)
{
	(void)state;
	check_v6("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
	check_v6("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");       /* first of equal runs */
	check_v6("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1");    /* one zero group stays */
	check_v6("0:0:0:0:0:0:0:0", "::");
	check_v6("0:0:0:0:0:0:0:1", "::1");
	check_v6("fe80:0:0:0:0:0:0:0", "fe80::");
	check_v6("2001:DB8:0:0:0:0:2:1", "2001:db8::2:1");
	check_v6("::ffff:192.0.2.1", "::ffff:192.0.2.1");
	check_v6("1:0:0:2:0:0:0:3", "1:0:0:2::3");                  /* longest run wins */
}

static void bad_text(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "1::2::3", "12345::", ":1",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", "1.2.3.04x",
	};
	struct wst_sockaddr a;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(wst_addr_parse_text(bad[i], &a));
		assert_int_equal(a.family, WST_FAMILY_NONE);
	}
}

static void sockaddr_blobs(void **state)
{
	(void)state;
	static const uint8_t v4[16] = { 2, 0, 0x01, 0xbb, 93, 184, 216, 34 };
	static const uint8_t v6[28] = { 23, 0, 0x20, 0xfb, 0, 0, 0, 0,
	                                0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0 };
	static const uint8_t unix_family[8] = { 1, 0, 'a', 'b' };
	struct wst_sockaddr a;
	char text[WST_ADDR_TEXT_LEN];

	char family[WST_FAMILY_TEXT_LEN];

	assert_int_equal(wst_sockaddr_parse(v4, sizeof v4, &a), WST_SOCKADDR_INET);
	wst_sockaddr_format(&a, text);
	assert_string_equal(text, "93.184.216.34:443");
	wst_family_text(&a, family);
	assert_string_equal(family, "ipv4");
	assert_int_equal(wst_sockaddr_parse(v6, sizeof v6, &a), WST_SOCKADDR_INET);
	wst_sockaddr_format(&a, text);
	assert_string_equal(text, "[2001:db8::20]:8443");
	assert_int_equal(a.af, 23);
	/* Shorter than its family needs: a length that lies. */
	assert_int_equal(wst_sockaddr_parse(v6, 20, &a), WST_SOCKADDR_SHORT);
	assert_int_equal(a.family, WST_FAMILY_NONE);
	assert_int_equal(wst_sockaddr_parse(v4, 7, &a), WST_SOCKADDR_SHORT);
	assert_int_equal(wst_sockaddr_parse(v4, 1, &a), WST_SOCKADDR_SHORT);
	assert_int_equal(wst_sockaddr_parse(unix_family, sizeof unix_family, &a), WST_SOCKADDR_OTHER);
	assert_int_equal(a.family, WST_FAMILY_OTHER);
	assert_int_equal(a.af, 1);
	wst_family_text(&a, family);
	assert_string_equal(family, "unix");
	assert_int_equal(wst_sockaddr_format(&a, text), 0);
	static const uint8_t hyperv[4] = { 34, 0, 0, 0 }, odd[4] = { 99, 0, 1, 2 };
	wst_sockaddr_parse(hyperv, sizeof hyperv, &a);
	wst_family_text(&a, family);
	assert_string_equal(family, "hyperv");
	wst_sockaddr_parse(odd, sizeof odd, &a);
	wst_family_text(&a, family);
	assert_string_equal(family, "af_99");
}

/* The old TDI path logs a TRANSPORT_ADDRESS where the others log a
 * SOCKADDR: its count of 1 must not be read as AF_UNIX. */
static void transport_addresses(void **state)
{
	(void)state;
	static const uint8_t ip[22] = { 1, 0, 0, 0, 14, 0, 2, 0, 0x1f, 0x90, 192, 0, 2, 10 };
	static const uint8_t ip6[34] = { 1, 0, 0, 0, 26, 0, 23, 0, 0x01, 0xbb, 0, 0, 0, 0,
	                                 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5 };
	static const uint8_t netbios[26] = { 1, 0, 0, 0, 18, 0, 17, 0, 0, 0, 'W', 'S' };
	static const uint8_t unix_unnamed[2] = { 1, 0 };
	struct wst_sockaddr a;
	char text[WST_ADDR_TEXT_LEN], family[WST_FAMILY_TEXT_LEN];

	assert_int_equal(wst_sockaddr_parse(ip, sizeof ip, &a), WST_SOCKADDR_INET);
	wst_sockaddr_format(&a, text);
	assert_string_equal(text, "192.0.2.10:8080");
	assert_int_equal(a.af, 2);
	assert_int_equal(wst_sockaddr_parse(ip6, sizeof ip6, &a), WST_SOCKADDR_INET);
	wst_sockaddr_format(&a, text);
	assert_string_equal(text, "[2001:db8::5]:443");
	assert_int_equal(a.af, 23);
	/* An entry longer than the bytes logged: a length that lies. */
	assert_int_equal(wst_sockaddr_parse(ip, 21, &a), WST_SOCKADDR_SHORT);
	assert_int_equal(a.family, WST_FAMILY_NONE);
	/* Other TDI address types are reported by their number. */
	assert_int_equal(wst_sockaddr_parse(netbios, sizeof netbios, &a), WST_SOCKADDR_OTHER);
	assert_int_equal(a.af, 17);
	wst_family_text(&a, family);
	assert_string_equal(family, "af_17");
	/* A SOCKADDR_UN is still one. */
	assert_int_equal(wst_sockaddr_parse(unix_unnamed, sizeof unix_unnamed, &a), WST_SOCKADDR_OTHER);
	wst_family_text(&a, family);
	assert_string_equal(family, "unix");
}

static void hyperv_and_vsock_names(void **state)
{
	(void)state;
	static const uint8_t hv[36] = { 34, 0, 0, 0, 0xda, 0x7c };
	static const uint8_t vm[16] = { 40, 0, 0, 0, 0x39, 0x05, 0, 0, 3 };
	struct wst_sockaddr a;
	char family[WST_FAMILY_TEXT_LEN];

	assert_int_equal(wst_sockaddr_parse(hv, sizeof hv, &a), WST_SOCKADDR_OTHER);
	assert_int_equal(a.af, 34);
	wst_family_text(&a, family);
	assert_string_equal(family, "hyperv");
	assert_int_equal(wst_sockaddr_parse(vm, sizeof vm, &a), WST_SOCKADDR_OTHER);
	assert_int_equal(a.af, 40);
	wst_family_text(&a, family);
	assert_string_equal(family, "vsock");
	assert_string_equal(wst_value_map_name(&wst_names_address_families, 34), "AF_HYPERV");
	assert_string_equal(wst_value_map_name(&wst_names_address_families, 40), "AF_VSOCK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv6_rfc5952),
		cmocka_unit_test(bad_text),
		cmocka_unit_test(sockaddr_blobs),
		cmocka_unit_test(transport_addresses),
		cmocka_unit_test(hyperv_and_vsock_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
