/* The payload decoder on hand-built payloads: every inType, both pointer
 * sizes, network-order addresses, short and long payloads, unknown ids. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "payload.h"
#include "wstrace/decoder.h"
#include "wstrace/sockaddr.h"

static void create_64bit(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0xffffc10a4b6e0080ull, 8);  /* Process */
	put_le(&p, 0xffffc10a4c1d2010ull, 8);  /* Endpoint */
	put_le(&p, 23, 4);                     /* AddressFamily */
	put_le(&p, 1, 4);                      /* SocketType */
	put_le(&p, 6, 4);                      /* Protocol */
	put_le(&p, 4312, 8);                   /* UserModePid */
	struct wst_event ev = afd_event(1, 8, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_non_null(rec.desc);
	assert_string_equal(rec.desc->name, "create");
	assert_int_equal(rec.desc->kind, WST_EV_CREATE);
	assert_int_equal(rec.desc->field_count, 6);
	assert_true(rec.has_process);
	assert_int_equal(rec.process, 0xffffc10a4b6e0080ull);
	assert_true(rec.has_endpoint);
	assert_int_equal(rec.endpoint, 0xffffc10a4c1d2010ull);
	assert_int_equal(rec.values[2].u, 23);
	assert_int_equal(rec.values[3].u, 1);
	assert_int_equal(rec.values[4].u, 6);
	assert_int_equal(rec.user_pid, 4312);
	assert_true(rec.has_user_pid);
	assert_false(rec.truncated);
	assert_false(rec.failed);
	assert_int_equal(rec.pid, 4);         /* header PID until enriched */
	assert_int_equal(rec.latency_us, -1);
}

static void create_32bit(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0x85a3c008, 4);
	put_le(&p, 0x86b4d010, 4);
	put_le(&p, 2, 4);
	put_le(&p, 2, 4);
	put_le(&p, 17, 4);
	put_le(&p, 912, 4);
	struct wst_event ev = afd_event(1, 4, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_int_equal(rec.process, 0x85a3c008);
	assert_int_equal(rec.endpoint, 0x86b4d010);
	assert_int_equal(rec.values[4].u, 17);
	assert_int_equal(rec.user_pid, 912);
	assert_false(rec.truncated);
}

static void bind_ipv4_network_order(void **state)
{
	(void)state;
	static const uint8_t addr[4] = { 127, 0, 0, 1 };
	static const uint8_t port[2] = { 0x01, 0xbb };  /* 443, network order */
	struct payload p = { .len = 0 };
	put_le(&p, 0xffff800011112222ull, 8);
	put_le(&p, 0xffff800033334444ull, 8);
	put_raw(&p, addr, 4);
	put_raw(&p, port, 2);
	put_le(&p, 0, 4);
	struct wst_event ev = afd_event(2, 8, &p);
	struct wst_record rec;
	char text[WST_ADDR_TEXT_LEN];

	wst_decode(&ev, &rec);
	assert_string_equal(rec.desc->name, "bind");
	assert_int_equal(rec.addr.family, WST_FAMILY_IPV4);
	assert_int_equal(rec.addr.port, 443);
	assert_true(rec.addr_complete);
	wst_sockaddr_format(&rec.addr, text);
	assert_string_equal(text, "127.0.0.1:443");
	/* The raw value stays what the payload holds (tracerpt's 16777343). */
	assert_int_equal(rec.values[2].u, 16777343);
	assert_true(rec.has_status);
	assert_int_equal(rec.status, 0);
	assert_false(rec.failed);
}

static void connect_ipv6(void **state)
{
	(void)state;
	static const uint8_t addr[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t port[2] = { 0x20, 0xfb };  /* 8443 */
	struct payload p = { .len = 0 };
	put_le(&p, 1, 8);
	put_le(&p, 2, 8);
	put_raw(&p, addr, 16);
	put_raw(&p, port, 2);
	struct wst_event ev = afd_event(5, 8, &p);
	struct wst_record rec;
	char text[WST_ADDR_TEXT_LEN];

	wst_decode(&ev, &rec);
	assert_string_equal(rec.desc->name, "connect");
	assert_int_equal(rec.addr.family, WST_FAMILY_IPV6);
	wst_sockaddr_format(&rec.addr, text);
	assert_string_equal(text, "[2001:db8::1]:8443");
	assert_int_equal(rec.values[2].len, 16);
}

static void truncated_payload_keeps_what_it_has(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0xaaaa, 8);
	put_le(&p, 0xbbbb, 8);
	put_le(&p, 0x0100007f, 4);
	put_le(&p, 0xbb, 1);  /* Port cut after one byte */
	struct wst_event ev = afd_event(4, 8, &p);
	struct wst_record rec;

	/* A record used before for a whole event keeps nothing of it. */
	struct payload whole = p;
	put_le(&whole, 0x50, 1);
	struct wst_event full = afd_event(4, 8, &whole);
	wst_decode(&full, &rec);
	assert_false(rec.truncated);
	assert_true(rec.values[3].present);

	wst_decode(&ev, &rec);
	assert_true(rec.truncated);
	assert_true(rec.values[0].present);
	assert_true(rec.values[2].present);
	assert_false(rec.values[3].present);
	assert_int_equal(rec.endpoint, 0xbbbb);
	assert_int_equal(rec.addr.family, WST_FAMILY_IPV4);
	assert_int_equal(rec.addr.port, 0);
	assert_false(rec.addr_complete);
}

static void empty_payload_is_truncated(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	struct wst_event ev = afd_event(13, 8, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_non_null(rec.desc);
	assert_true(rec.truncated);
	assert_false(rec.has_endpoint);
	assert_false(rec.values[0].present);
}

static void surplus_is_ignored(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0x10, 8);
	put_le(&p, 0x20, 8);
	put_le(&p, 0xC0000236, 4);  /* Error: STATUS_CONNECTION_REFUSED */
	put_le(&p, 0xdeadbeef, 4);  /* surplus */
	put_le(&p, 0x1, 1);
	struct wst_event ev = afd_event(6, 8, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_false(rec.truncated);
	assert_true(rec.has_status);
	assert_int_equal(rec.status, 0xC0000236);
	assert_true(rec.failed);
}

static void signed_and_boolean_fields(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0x10, 8);
	put_le(&p, (uint32_t)-1, 4);  /* HandleCount */
	put_le(&p, (uint32_t)-250, 4);  /* Timeout */
	struct wst_event ev = afd_event(30, 8, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_string_equal(rec.desc->name, "select_posted");
	assert_false(rec.has_endpoint);
	assert_int_equal((int64_t)rec.values[1].u, -1);
	assert_int_equal((int64_t)rec.values[2].u, -250);

	struct payload q = { .len = 0 };
	put_le(&q, 0x10, 8);
	put_le(&q, 0x20, 8);
	put_le(&q, 1, 4);       /* FastPath */
	put_le(&q, 3, 4);       /* BufferCount */
	put_le(&q, 0x7ff61000, 8);
	put_le(&q, 4096, 4);    /* BufferLength */
	ev = afd_event(18, 8, &q);
	wst_decode(&ev, &rec);
	assert_string_equal(rec.desc->name, "send_posted");
	assert_int_equal(rec.values[2].u, 1);
	assert_int_equal(rec.values[3].u, 3);
	assert_int_equal(rec.values[4].u, 0x7ff61000);
	assert_true(rec.has_bytes);
	assert_int_equal(rec.bytes, 4096);
	assert_false(rec.truncated);
}

static void failure_events_and_pending(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0x10, 8);
	put_le(&p, 0x20, 8);
	put_le(&p, 0, 4);
	struct wst_event ev = afd_event(9, 8, &p);  /* send_failed, error 0 */
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_true(rec.failed);

	ev = afd_event(13, 8, &p);  /* close, error 0 */
	wst_decode(&ev, &rec);
	assert_false(rec.failed);

	p.len = 16;
	put_le(&p, WST_STATUS_PENDING, 4);
	ev = afd_event(13, 8, &p);
	wst_decode(&ev, &rec);
	assert_false(rec.failed);
}

static void unknown_id_and_version(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0x0102030405060708ull, 8);
	struct wst_event ev = afd_event(999, 8, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_true(rec.is_afd);
	assert_null(rec.desc);
	assert_false(rec.has_endpoint);

	ev = afd_event(1, 8, &p);
	ev.version = 1;
	wst_decode(&ev, &rec);
	assert_true(rec.is_afd);
	assert_null(rec.desc);
}

/* The generated switch finds exactly the rows of the table: each row by
 * its own id and version, and nothing else for any id and version. The
 * generated key lengths are their keys' lengths. */
static void lookup_agrees_with_the_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < wst_event_count; i++) {
		const struct wst_event_desc *d = &wst_events[i];
		assert_ptr_equal(wst_schema_lookup_in(d->provider, d->id, d->version), d);
		for (unsigned k = 0; k < d->field_count; k++)
			assert_int_equal(d->fields[k].key_len, strlen(d->fields[k].key));
	}
	for (uint8_t p = WST_PROVIDER_OTHER + 1; p < WST_PROVIDER_COUNT; p++) {
		for (uint32_t id = 0; id <= 0xffff; id++) {
			for (uint32_t version = 0; version <= 0xff; version++) {
				const struct wst_event_desc *d =
					wst_schema_lookup_in(p, (uint16_t)id, (uint8_t)version);
				if (d) {
					assert_int_equal(d->provider, p);
					assert_int_equal(d->id, id);
					assert_int_equal(d->version, version);
				}
			}
		}
	}
	assert_null(wst_schema_lookup_in(WST_PROVIDER_OTHER, 1, 0));
}

static void other_provider_is_not_afd(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_le(&p, 0, 8);
	struct wst_event ev = afd_event(1, 8, &p);
	ev.provider.data1 ^= 1;
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_false(rec.is_afd);
	assert_null(rec.desc);
}

static void every_legacy_event_is_in_the_schema(void **state)
{
	(void)state;
	for (uint16_t id = 1; id <= 41; id++) {
		const struct wst_event_desc *d = wst_schema_lookup(id, 0);
		assert_non_null(d);
		assert_int_equal(d->id, id);
		assert_true(d->field_count >= 2);
		assert_null(wst_schema_lookup(id, 1));
	}
	assert_null(wst_schema_lookup(0, 0));
	assert_null(wst_schema_lookup(42, 0));
	assert_string_equal(wst_schema_lookup(35, 0)->fields[1].name, "ListenEndpoint");
	assert_int_equal(wst_schema_lookup(35, 0)->fields[1].role, WST_ROLE_LISTEN_ENDPOINT);
	assert_int_equal(wst_schema_lookup(24, 0)->flags, WST_EVENT_BYTES_SENT | WST_EVENT_STREAM);
	assert_int_equal(wst_schema_lookup(24, 0)->completes, WST_EV_SEND_POSTED);
	assert_int_equal(wst_schema_lookup(18, 0)->flags, WST_EVENT_REQUEST | WST_EVENT_STREAM);
	assert_int_equal(wst_schema_lookup(26, 0)->flags, WST_EVENT_BYTES_RECEIVED | WST_EVENT_DATAGRAM);
	assert_int_equal(wst_schema_lookup(33, 0)->flags, WST_EVENT_FAILURE | WST_EVENT_DATAGRAM);
	assert_int_equal(wst_schema_lookup(6, 0)->completes, WST_EV_CONNECT);
	assert_int_equal(wst_schema_lookup(18, 0)->level, 5);
	assert_int_equal(wst_schema_lookup(40, 0)->level, 4);
	const struct wst_provider_desc *afd = wst_provider_desc(WST_PROVIDER_AFD);
	for (size_t i = 1; i < afd->event_count; i++)
		assert_true(afd->events[i - 1].id < afd->events[i].id ||
		            (afd->events[i - 1].id == afd->events[i].id &&
		             afd->events[i - 1].version < afd->events[i].version));
}

static void field_roles_by_name(void **state)
{
	(void)state;
	for (size_t i = 1; i < wst_field_role_count; i++)
		assert_true(strcmp(wst_field_roles[i - 1].name, wst_field_roles[i].name) < 0);
	const struct wst_field_role_entry *e = wst_field_role_lookup("UserModePid");
	assert_non_null(e);
	assert_string_equal(e->key, "user_pid");
	assert_int_equal(e->role, WST_ROLE_USER_PID);
	e = wst_field_role_lookup("BytesIndicated");
	assert_non_null(e);
	assert_string_equal(e->key, "bytes_indicated");
	assert_int_equal(e->role, WST_ROLE_PLAIN);
	assert_null(wst_field_role_lookup("NoSuchField"));
}

/* EnterExit, Location, Process, Endpoint: the start of every modern event. */
static void put_modern(struct payload *p, uint32_t enter_exit, uint32_t location)
{
	put_le(p, enter_exit, 4);
	put_le(p, location, 4);
	put_le(p, 0xffffc7081a2b3080ull, 8);
	put_le(p, 0xffffc70824a11b50ull, 8);
}

/* A connect's completion carries Status and AddressLen 0: no address,
 * and nothing missing. */
static void address_len_zero_is_no_address(void **state)
{
	(void)state;
	struct payload p = { .len = 0 };
	put_modern(&p, 1, 5506);
	put_le(&p, 0, 8);     /* Buffer */
	put_le(&p, 0, 4);     /* BufferLength */
	put_le(&p, 0, 4);     /* Status */
	put_le(&p, 0, 4);     /* AddressLen */
	struct wst_event ev = afd_event(1018, 8, &p);
	struct wst_record rec;

	wst_decode(&ev, &rec);
	assert_non_null(rec.desc);
	assert_false(rec.truncated);
	assert_false(rec.addr_complete);
	assert_int_equal(rec.addr.family, WST_FAMILY_NONE);
	assert_true(rec.has_status);
	assert_false(rec.failed);
	assert_int_equal(rec.phase, WST_PHASE_COMPLETE);
	assert_int_equal(rec.location, 5506);
}

/* The old TDI path's bind request (Location 7016) carries a
 * TRANSPORT_ADDRESS: decoded as the address it holds, not as AF_UNIX. */
static void transport_address_on_tdi_bind(void **state)
{
	(void)state;
	static const uint8_t ta[22] = { 1, 0, 0, 0, 14, 0, 2, 0, 0x1f, 0x90, 192, 0, 2, 10 };
	struct payload p = { .len = 0 };
	put_modern(&p, 0, 7016);
	put_le(&p, 0, 4);               /* Status */
	put_le(&p, sizeof ta, 4);       /* AddressLen */
	put_raw(&p, ta, sizeof ta);
	struct wst_event ev = afd_event(1030, 8, &p);
	struct wst_record rec;
	char text[WST_ADDR_TEXT_LEN];

	wst_decode(&ev, &rec);
	assert_false(rec.truncated);
	assert_true(rec.addr_complete);
	assert_int_equal(rec.addr.family, WST_FAMILY_IPV4);
	wst_sockaddr_format(&rec.addr, text);
	assert_string_equal(text, "192.0.2.10:8080");
}

/* Events are told apart by id and version: BindWithAddress is logged with
 * opcode 10 on the request and 12 on the completion, and failing events
 * at level 2 whatever the manifest says. Neither changes the record. */
static void opcode_and_level_do_not_identify(void **state)
{
	(void)state;
	static const uint8_t opcodes[] = { 0, 10, 12 }, levels[] = { 2, 4 };
	struct payload p = { .len = 0 };
	put_modern(&p, 1, 7023);
	put_le(&p, 0xC000020A, 4);      /* Status: STATUS_ADDRESS_ALREADY_EXISTS */
	put_le(&p, 0, 4);               /* AddressLen */
	struct wst_record first, rec;

	for (size_t o = 0; o < sizeof opcodes; o++) {
		for (size_t l = 0; l < sizeof levels; l++) {
			struct wst_event ev = afd_event(1030, 8, &p);
			ev.opcode = opcodes[o];
			ev.level = levels[l];
			wst_decode(&ev, &rec);
			assert_non_null(rec.desc);
			assert_string_equal(rec.desc->name, "bind");
			assert_true(rec.failed);
			assert_int_equal(rec.status, 0xC000020A);
			assert_false(rec.truncated);
			if (o == 0 && l == 0) {
				first = rec;
				continue;
			}
			assert_ptr_equal(rec.desc, first.desc);
			for (unsigned i = 0; i < rec.desc->field_count; i++) {
				assert_int_equal(rec.values[i].present, first.values[i].present);
				assert_int_equal(rec.values[i].u, first.values[i].u);
				assert_int_equal(rec.values[i].len, first.values[i].len);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_64bit),
		cmocka_unit_test(create_32bit),
		cmocka_unit_test(bind_ipv4_network_order),
		cmocka_unit_test(connect_ipv6),
		cmocka_unit_test(truncated_payload_keeps_what_it_has),
		cmocka_unit_test(empty_payload_is_truncated),
		cmocka_unit_test(surplus_is_ignored),
		cmocka_unit_test(signed_and_boolean_fields),
		cmocka_unit_test(failure_events_and_pending),
		cmocka_unit_test(unknown_id_and_version),
		cmocka_unit_test(lookup_agrees_with_the_table),
		cmocka_unit_test(other_provider_is_not_afd),
		cmocka_unit_test(every_legacy_event_is_in_the_schema),
		cmocka_unit_test(field_roles_by_name),
		cmocka_unit_test(address_len_zero_is_no_address),
		cmocka_unit_test(transport_address_on_tdi_bind),
		cmocka_unit_test(opcode_and_level_do_not_identify),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
