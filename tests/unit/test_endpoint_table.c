/* The endpoint table: PIDs through EPROCESS, addresses, latency, bytes,
 * lives that end, sockets first seen mid-capture, bounded memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "payload.h"
#include "wstrace/decoder.h"
#include "wstrace/endpoint_table.h"
#include "wstrace/sockaddr.h"

#define PROCESS 0xffffc10a4b6e0080ull
#define SOCKET 0xffffc10a4c1d2010ull

struct fixture {
	struct wst_endpoint_table *t;
	struct payload p;
	struct wst_event ev;
	struct wst_record rec;
	int ended[3];
	struct wst_endpoint_info last_end;
};

static void on_end(void *ctx, const struct wst_endpoint_info *info, enum wst_endpoint_end how)
{
	struct fixture *f = ctx;
	f->ended[how]++;
	f->last_end = *info;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->t = wst_endpoint_table_new(4, 4);
	wst_endpoint_table_on_end(f->t, on_end, f);
	*state = f;
	return f->t ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	wst_endpoint_table_free(f->t);
	free(f);
	return 0;
}

/* Feeds one event at time t (100 ns ticks) with header PID 4 (System). */
static struct wst_record *feed(struct fixture *f, uint16_t id, uint64_t t)
{
	f->ev = afd_event(id, 8, &f->p);
	f->ev.timestamp = t;
	wst_decode(&f->ev, &f->rec);
	wst_endpoint_table_apply(f->t, &f->rec);
	return &f->rec;
}

static void begin(struct fixture *f, uint64_t process, uint64_t endpoint)
{
	f->p.len = 0;
	put_le(&f->p, process, 8);
	put_le(&f->p, endpoint, 8);
}

static void create(struct fixture *f, uint64_t process, uint64_t endpoint, uint32_t pid, uint64_t t)
{
	begin(f, process, endpoint);
	put_le(&f->p, 2, 4);
	put_le(&f->p, 1, 4);
	put_le(&f->p, 6, 4);
	put_le(&f->p, pid, 8);
	feed(f, 1, t);
}

static void address_event(struct fixture *f, uint16_t id, uint64_t endpoint, const uint8_t ip[4],
                          uint16_t port, bool status, uint64_t t)
{
	begin(f, PROCESS, endpoint);
	put_raw(&f->p, ip, 4);
	f->p.bytes[f->p.len++] = (uint8_t)(port >> 8);
	f->p.bytes[f->p.len++] = (uint8_t)port;
	if (status)
		put_le(&f->p, 0, 4);
	feed(f, id, t);
}

static void client_life(void **state)
{
	struct fixture *f = *state;
	static const uint8_t local[4] = { 10, 0, 0, 2 }, remote[4] = { 93, 184, 216, 34 };
	char text[WST_ADDR_TEXT_LEN];

	create(f, PROCESS, SOCKET, 6120, 1000);
	assert_int_equal(f->rec.pid, 6120);
	address_event(f, 2, SOCKET, local, 52344, true, 2000);
	address_event(f, 4, SOCKET, remote, 443, false, 3000);
	assert_int_equal(f->rec.pid, 6120);
	wst_sockaddr_format(&f->rec.remote, text);
	assert_string_equal(text, "93.184.216.34:443");

	begin(f, PROCESS, SOCKET);
	put_le(&f->p, 0, 4);
	struct wst_record *r = feed(f, 6, 3000 + 231049);  /* 23.1049 ms later */
	assert_int_equal(r->latency_us, 23104);           /* truncated, not rounded */
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "10.0.0.2:52344");
	wst_sockaddr_format(&r->remote, text);
	assert_string_equal(text, "93.184.216.34:443");

	begin(f, PROCESS, SOCKET);
	put_le(&f->p, 0x1000, 8);
	put_le(&f->p, 517, 4);
	feed(f, 24, 300000);     /* send_complete */
	feed(f, 24, 300001);
	begin(f, PROCESS, SOCKET);
	put_le(&f->p, 0x1000, 8);
	put_le(&f->p, 1400, 4);
	feed(f, 23, 300002);     /* recv_complete */

	begin(f, PROCESS, SOCKET);
	put_le(&f->p, 0, 4);
	feed(f, 13, 400000);     /* close */
	assert_int_equal(f->ended[WST_END_CLOSED], 1);
	assert_int_equal(f->last_end.bytes_sent, 1034);
	assert_int_equal(f->last_end.sends, 2);
	assert_int_equal(f->last_end.bytes_received, 1400);
	assert_int_equal(f->last_end.connect_latency_us, 23104);
	assert_true(f->last_end.create_seen);
	assert_int_equal(f->last_end.pid, 6120);
	assert_int_equal(f->last_end.socket_type, 1);
	assert_int_equal(wst_endpoint_table_stats(f->t)->live, 0);
	assert_int_equal(wst_endpoint_table_stats(f->t)->closed, 1);
}

static void pid_from_process_and_reuse(void **state)
{
	struct fixture *f = *state;

	create(f, PROCESS, SOCKET, 6120, 10);
	/* Another socket of the same process, first seen mid-life: the
	 * EPROCESS map gives its PID although the header says 4. */
	begin(f, PROCESS, SOCKET + 0x100);
	put_le(&f->p, 0, 4);
	feed(f, 14, 20);
	assert_int_equal(f->rec.pid, 6120);
	/* A new process at the dead one's EPROCESS address: the next create
	 * overwrites the map. */
	create(f, PROCESS, SOCKET + 0x200, 7001, 30);
	begin(f, PROCESS, SOCKET + 0x300);
	put_le(&f->p, 0, 4);
	feed(f, 14, 40);
	assert_int_equal(f->rec.pid, 7001);
	/* An unknown process and socket: the header PID is all there is. */
	begin(f, 0x1234, SOCKET + 0x400);
	put_le(&f->p, 0, 4);
	feed(f, 14, 50);
	assert_int_equal(f->rec.pid, 4);
}

static void endpoint_reused_by_new_socket(void **state)
{
	struct fixture *f = *state;

	create(f, PROCESS, SOCKET, 6120, 10);
	create(f, PROCESS, SOCKET, 6121, 20);
	assert_int_equal(f->ended[WST_END_EVICTED], 1);
	assert_int_equal(f->last_end.pid, 6120);
	assert_int_equal(f->rec.pid, 6121);
	/* Its life ends "evicted", but nothing was lost to the table's bounds:
	 * the eviction count (what stderr reports) leaves it out. */
	assert_int_equal(wst_endpoint_table_stats(f->t)->evicted, 0);
}

static void listening_socket_keeps_no_remote(void **state)
{
	struct fixture *f = *state;
	static const uint8_t any[4] = { 0, 0, 0, 0 }, peer[4] = { 198, 51, 100, 23 };

	create(f, PROCESS, SOCKET, 3344, 10);
	address_event(f, 2, SOCKET, any, 8080, true, 20);
	address_event(f, 35, SOCKET, peer, 51000, false, 30);   /* connection_indicated */
	assert_int_equal(f->rec.remote.family, WST_FAMILY_NONE);
	assert_int_equal(f->rec.addr.port, 51000);
	address_event(f, 15, SOCKET + 0x40, peer, 51000, true, 40);  /* accept */
	assert_int_equal(f->rec.remote.port, 51000);
	assert_int_equal(f->rec.pid, 3344);
}

static void bounded_with_evictions(void **state)
{
	struct fixture *f = *state;

	for (uint64_t i = 0; i < 1000; i++) {
		begin(f, PROCESS + i * 0x1000, SOCKET + i * 0x100);
		put_le(&f->p, 0, 4);
		feed(f, 14, 10 + i);
	}
	const struct wst_endpoint_stats *s = wst_endpoint_table_stats(f->t);
	assert_int_equal(s->live, 4);
	assert_int_equal(s->sockets, 1000);
	assert_int_equal(s->evicted, 996);
	assert_int_equal(f->ended[WST_END_EVICTED], 996);
	/* The least recently used go first: the survivor set is the last four. */
	wst_endpoint_table_finish(f->t);
	assert_int_equal(f->ended[WST_END_OPEN_AT_END], 4);
	assert_int_equal(f->last_end.endpoint, SOCKET + 999 * 0x100);
	assert_false(f->last_end.create_seen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(client_life, setup, teardown),
		cmocka_unit_test_setup_teardown(pid_from_process_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(endpoint_reused_by_new_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(listening_socket_keeps_no_remote, setup, teardown),
		cmocka_unit_test_setup_teardown(bounded_with_evictions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
