/*
 * The packet side's parts on their own: pcapng blocks byte for byte and
 * their refusals, PktMon names, a packet's addresses under each link
 * header, NDIS fragments joined and evicted, --once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wstrace/ndis_capture.h"
#include "wstrace/packet_flow.h"
#include "wstrace/packet_once.h"
#include "wstrace/packets.h"
#include "wstrace/pcapng.h"

/* A wst_out writing into memory. */
struct mem_out {
	char *mem;
	size_t len;
	FILE *fp;
	struct wst_out out;
};

static struct mem_out *mem_open(void)
{
	struct mem_out *m = calloc(1, sizeof *m);
	assert_non_null(m);
	m->fp = open_memstream(&m->mem, &m->len);
	assert_non_null(m->fp);
	wst_out_init(&m->out, m->fp, false);
	return m;
}

static void mem_close(struct mem_out *m)
{
	wst_out_flush(&m->out);
	fclose(m->fp);
}

static void mem_free(struct mem_out *m)
{
	free(m->mem);
	free(m);
}

static void test_epb_bytes(void **state)
{
	(void)state;
	struct mem_out *m = mem_open();
	const uint8_t data[5] = { 1, 2, 3, 4, 5 };
	struct wst_pcapng_packet p = {
		.interface = 2, .timestamp = 0x0102030405060708ull, .data = data, .captured = 5,
		.original = 60, .flags = 1, .ncomments = 1, .comments = { "hi" },
	};
	assert_int_equal(wst_pcapng_packet(&m->out, &p), 0);
	mem_close(m);
	static const uint8_t want[] = {
		6, 0, 0, 0, 60, 0, 0, 0,                 /* type, total length */
		2, 0, 0, 0, 4, 3, 2, 1, 8, 7, 6, 5,      /* interface, time high, low */
		5, 0, 0, 0, 60, 0, 0, 0,                 /* captured, original */
		1, 2, 3, 4, 5, 0, 0, 0,                  /* data, padded */
		1, 0, 2, 0, 'h', 'i', 0, 0,              /* opt_comment */
		2, 0, 4, 0, 1, 0, 0, 0,                  /* epb_flags: inbound */
		0, 0, 0, 0,                              /* opt_endofopt */
		60, 0, 0, 0,
	};
	assert_int_equal(m->len, sizeof want);
	assert_memory_equal(m->mem, want, sizeof want);
	mem_free(m);
}

static void test_block_refusals(void **state)
{
	(void)state;
	struct mem_out *m = mem_open();
	uint8_t b[4] = { 0 };
	struct wst_pcapng_packet p = { .data = b, .captured = 4, .original = 3 };
	assert_int_equal(wst_pcapng_packet(&m->out, &p), -1);      /* captured > original */
	p.original = 4;
	p.ncomments = WST_PCAPNG_MAX_OPTIONS;
	assert_int_equal(wst_pcapng_packet(&m->out, &p), -1);      /* too many comments */
	struct wst_pcapng_option opt = { 1, 3, NULL };
	assert_int_equal(wst_pcapng_block(&m->out, 6, b, 4, NULL, 0, &opt, 1), -1);
	assert_int_equal(wst_pcapng_block(&m->out, 6, b, 4, b, (size_t)0xFFFFFFF0u, NULL, 0), -1);
	mem_close(m);
	assert_int_equal(m->len, 0);                               /* nothing half written */
	mem_free(m);
}

static void test_comment_cut_on_character(void **state)
{
	(void)state;
	/* 65534 ASCII bytes then "é" (2 bytes): 65536 in all, cut before the é. */
	size_t n = 65534;
	char *text = malloc(n + 3);
	assert_non_null(text);
	memset(text, 'a', n);
	memcpy(text + n, "\xc3\xa9", 3);
	struct mem_out *m = mem_open();
	struct wst_pcapng_packet p = { .original = 0, .ncomments = 1, .comments = { text } };
	assert_int_equal(wst_pcapng_packet(&m->out, &p), 0);
	mem_close(m);
	const uint8_t *b = (const uint8_t *)m->mem;
	assert_int_equal(b[28] | b[29] << 8, 1);                   /* opt_comment */
	assert_int_equal(b[30] | b[31] << 8, 65534);
	mem_free(m);
	free(text);
}

static void test_filetime(void **state)
{
	(void)state;
	assert_int_equal(wst_pcapng_time_from_filetime(116444736000000000ull), 0);
	assert_int_equal(wst_pcapng_time_from_filetime(116444736000000001ull), 1);
	assert_int_equal(wst_pcapng_time_from_filetime(5), 0);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(wst_pktmon_drop_reason_name(1204), "INET_EndpointNotFound");
	assert_string_equal(wst_pktmon_drop_reason_name(0), "Unknown");
	assert_string_equal(wst_pktmon_drop_reason_name(3800), "Http_Generic");
	assert_null(wst_pktmon_drop_reason_name(99999));
	assert_string_equal(wst_pktmon_component_type_name(11), "ip_interface");
	assert_null(wst_pktmon_component_type_name(16));
	assert_string_equal(wst_pktmon_direction_name(4), "tx");
	assert_string_equal(wst_pktmon_packet_type_name(2), "wifi");
}

static struct wst_packet packet_of(uint16_t link, const uint8_t *bytes, uint32_t n)
{
	struct wst_packet p;
	memset(&p, 0, sizeof p);
	p.link_type = link;
	p.bytes = bytes;
	p.captured = n;
	return p;
}

static const uint8_t ipv4_tcp[] = {
	0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 23, 198, 51, 100, 7,
	0xc3, 0xcb, 0x01, 0xbb,                      /* 50123 > 443 */
};

static void test_flow_vlan_ethernet(void **state)
{
	(void)state;
	uint8_t f[18 + sizeof ipv4_tcp];
	memset(f, 0, 12);
	memcpy(f + 12, "\x81\x00\x00\x05\x08\x00", 6);   /* one 802.1Q tag, then IPv4 */
	memcpy(f + 18, ipv4_tcp, sizeof ipv4_tcp);
	struct wst_packet p = packet_of(WST_LINK_ETHERNET, f, sizeof f);
	struct wst_flow flow;
	assert_true(wst_flow_of_packet(&p, &flow));
	assert_true(flow.has_ports);
	assert_int_equal(flow.protocol, 6);
	assert_int_equal(flow.src.port, 50123);
	assert_int_equal(flow.dst.port, 443);
	assert_memory_equal(flow.dst.addr, "\xc6\x33\x64\x07", 4);
	/* Cut inside the ports: the addresses, no ports. */
	p.captured = 18 + 22;
	assert_true(wst_flow_of_packet(&p, &flow));
	assert_false(flow.has_ports);
	/* A later fragment carries no ports. */
	uint8_t frag[sizeof ipv4_tcp];
	memcpy(frag, ipv4_tcp, sizeof frag);
	frag[7] = 0x10;
	p = packet_of(WST_LINK_RAW, frag, sizeof frag);
	assert_true(wst_flow_of_packet(&p, &flow));
	assert_false(flow.has_ports);
}

static void test_flow_ipv6_and_802_11(void **state)
{
	(void)state;
	uint8_t f[24 + 8 + 40 + 4];
	memset(f, 0, sizeof f);
	f[0] = 0x08;                                  /* data frame */
	memcpy(f + 24, "\xaa\xaa\x03\x00\x00\x00\x86\xdd", 8);
	f[32] = 0x60;
	f[32 + 6] = 17;                               /* UDP */
	f[32 + 8 + 15] = 1;                           /* src ::1 */
	f[32 + 40] = 0x14;                            /* 5353 */
	f[32 + 41] = 0xe9;
	f[32 + 43] = 53;
	struct wst_packet p = packet_of(WST_LINK_IEEE802_11, f, sizeof f);
	struct wst_flow flow;
	assert_true(wst_flow_of_packet(&p, &flow));
	assert_int_equal(flow.src.family, WST_FAMILY_IPV6);
	assert_int_equal(flow.src.addr[15], 1);
	assert_int_equal(flow.src.port, 5353);
	assert_int_equal(flow.dst.port, 53);
	/* Decrypted frames keep the Protected bit: the LLC is still read. */
	f[1] = 0x40;
	assert_true(wst_flow_of_packet(&p, &flow));
	/* An encrypted body (a CCMP header where the LLC would be): no flow. */
	memcpy(f + 24, "\x01\x00\x00\x20\x00\x00\x00\x00", 8);
	assert_false(wst_flow_of_packet(&p, &flow));
	/* USER0 packets have no header wstrace reads. */
	p = packet_of(WST_LINK_USER0, ipv4_tcp, sizeof ipv4_tcp);
	assert_false(wst_flow_of_packet(&p, &flow));
}

static struct wst_event fragment(uint16_t cpu, uint64_t kw, const uint8_t *data, uint32_t n,
                                 uint8_t *buf)
{
	struct wst_event ev;
	memset(&ev, 0, sizeof ev);
	ev.provider = wst_ndis_capture_provider_guid;
	ev.id = WST_NDIS_FRAGMENT;
	ev.cpu = cpu;
	ev.keyword = kw;
	ev.timestamp = 1000 + cpu;
	uint32_t head[3] = { 7, 9, n };
	memcpy(buf, head, 12);   /* the test hosts are little-endian, as the format */
	memcpy(buf + 12, data, n);
	ev.user_data = buf;
	ev.user_len = 12 + n;
	return ev;
}

static void test_ndis_eviction(void **state)
{
	(void)state;
	struct wst_ndis_assembler *a = malloc(sizeof *a);
	assert_non_null(a);
	wst_ndis_assembler_init(a);
	uint8_t buf[64];
	const struct wst_packet *pkt;
	/* 64 processors each start a packet: all kept. */
	for (uint16_t cpu = 0; cpu < WST_NDIS_ASSEMBLIES; cpu++) {
		struct wst_event ev = fragment(cpu, WST_NDIS_KW_PACKET_START, (const uint8_t *)"ab", 2, buf);
		wst_ndis_feed(a, &ev);
		assert_false(wst_ndis_take(a, &pkt));
	}
	/* A 65th: the least recently used (cpu 0) is written, incomplete. */
	struct wst_event ev = fragment(64, WST_NDIS_KW_PACKET_START, (const uint8_t *)"cd", 2, buf);
	wst_ndis_feed(a, &ev);
	assert_true(wst_ndis_take(a, &pkt));
	assert_int_equal(pkt->flaws & WST_PKT_INCOMPLETE, WST_PKT_INCOMPLETE);
	assert_int_equal(pkt->time, 1000);
	assert_int_equal(pkt->captured, 2);
	assert_false(wst_ndis_take(a, &pkt));
	/* cpu 1 ends its packet: joined, complete. */
	ev = fragment(1, WST_NDIS_KW_PACKET_END, (const uint8_t *)"xyz", 3, buf);
	wst_ndis_feed(a, &ev);
	assert_true(wst_ndis_take(a, &pkt));
	assert_int_equal(pkt->flaws, 0);
	assert_int_equal(pkt->fragments, 2);
	assert_int_equal(pkt->captured, 5);
	assert_memory_equal(pkt->bytes, "abxyz", 5);
	/* The end: 63 left in progress. */
	unsigned left = 0;
	while (wst_ndis_flush_one(a))
		while (wst_ndis_take(a, &pkt))
			left++;
	assert_int_equal(left, WST_NDIS_ASSEMBLIES - 1);
	free(a);
}

static void test_once(void **state)
{
	(void)state;
	struct wst_packet_once once;
	wst_packet_once_init(&once);
	const uint8_t bytes[4] = { 1, 2, 3, 4 };
	struct wst_packet p = packet_of(WST_LINK_ETHERNET, bytes, 4);
	p.original = 4;
	/* Numbered appearances: the group decides. */
	p.group_id = 77;
	p.pkt_count = 1;
	p.appearance = 1;
	assert_false(wst_packet_once_seen(&once, 0, 100, &p));
	p.appearance = 2;
	assert_true(wst_packet_once_seen(&once, 0, 5000000000ull, &p));
	assert_false(wst_packet_once_seen(&once, 1, 100, &p));     /* another file */
	/* Unnumbered: the same bytes within 1 ms. */
	p.appearance = 0;
	p.group_id = 1;
	assert_false(wst_packet_once_seen(&once, 0, 1000, &p));
	p.group_id = 2;
	assert_true(wst_packet_once_seen(&once, 0, 1000 + WST_ONCE_WINDOW - 1, &p));
	assert_false(wst_packet_once_seen(&once, 0, 1000 + WST_ONCE_WINDOW + 5, &p));
	p.link_type = WST_LINK_RAW;                                /* another link type */
	assert_false(wst_packet_once_seen(&once, 0, 1000 + WST_ONCE_WINDOW + 6, &p));

	/* One IP packet under an Ethernet header, then as an 802.11 frame: the
	 * same packet. */
	uint8_t eth[14 + sizeof ipv4_tcp], wifi[32 + sizeof ipv4_tcp];
	memset(eth, 0, 12);
	memcpy(eth + 12, "\x08\x00", 2);
	memcpy(eth + 14, ipv4_tcp, sizeof ipv4_tcp);
	memset(wifi, 0, 24);
	wifi[0] = 0x08;
	memcpy(wifi + 24, "\xaa\xaa\x03\x00\x00\x00\x08\x00", 8);
	memcpy(wifi + 32, ipv4_tcp, sizeof ipv4_tcp);
	struct wst_packet e = packet_of(WST_LINK_ETHERNET, eth, sizeof eth);
	struct wst_packet w = packet_of(WST_LINK_IEEE802_11, wifi, sizeof wifi);
	e.original = 60;
	w.original = 80;
	assert_false(wst_packet_once_seen(&once, 0, 50000, &e));
	assert_true(wst_packet_once_seen(&once, 0, 50010, &w));
	eth[14 + 5] = 2;                                           /* another IP id */
	assert_false(wst_packet_once_seen(&once, 0, 50020, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epb_bytes),
		cmocka_unit_test(test_block_refusals),
		cmocka_unit_test(test_comment_cut_on_character),
		cmocka_unit_test(test_filetime),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_flow_vlan_ethernet),
		cmocka_unit_test(test_flow_ipv6_and_802_11),
		cmocka_unit_test(test_ndis_eviction),
		cmocka_unit_test(test_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
