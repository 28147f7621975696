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
	uint32_t header_pid;   /* of the events feed() gives; 4 (System) by default */
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
	f->header_pid = 4;
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

/* Feeds one event at time t (100 ns ticks) with the given header PID. */
static struct wst_record *feed_as(struct fixture *f, uint16_t id, uint64_t t, uint32_t header_pid)
{
	f->ev = afd_event(id, 8, &f->p);
	f->ev.timestamp = t;
	f->ev.pid = header_pid;
	wst_decode(&f->ev, &f->rec);
	wst_endpoint_table_apply(f->t, &f->rec);
	return &f->rec;
}

/* With the fixture's header PID: 4 (System), as most completions have,
 * unless a test says otherwise. */
static struct wst_record *feed(struct fixture *f, uint16_t id, uint64_t t)
{
	return feed_as(f, id, t, f->header_pid);
}

/* The four fields every modern event starts with. */
static void modern(struct fixture *f, uint32_t enter_exit, uint32_t location, uint64_t process,
                   uint64_t endpoint)
{
	f->p.len = 0;
	put_le(&f->p, enter_exit, 4);
	put_le(&f->p, location, 4);
	put_le(&f->p, process, 8);
	put_le(&f->p, endpoint, 8);
}

/* AddressLen and a SOCKADDR_IN. */
static void put_sockaddr_in(struct payload *p, const uint8_t ip[4], uint16_t port)
{
	put_le(p, 16, 4);
	put_le(p, 2, 2);
	p->bytes[p->len++] = (uint8_t)(port >> 8);
	p->bytes[p->len++] = (uint8_t)port;
	put_raw(p, ip, 4);
	put_le(p, 0, 8);
}

static void modern_create(struct fixture *f, uint32_t enter_exit, uint64_t endpoint, uint32_t pid,
                          uint64_t t)
{
	modern(f, enter_exit, enter_exit ? 1012 : 1002, PROCESS, endpoint);
	put_le(&f->p, 2, 4);
	put_le(&f->p, 1, 4);
	put_le(&f->p, 6, 4);
	put_le(&f->p, pid, 8);
	put_le(&f->p, 0, 4);
	feed_as(f, 1000, t, pid);
}

/* BindWithAddress (1030) at a Location; port 0 with ip NULL: AddressLen 0. */
static struct wst_record *modern_bind(struct fixture *f, uint32_t enter_exit, uint32_t location,
                                      uint64_t endpoint, uint32_t status, const uint8_t *ip,
                                      uint16_t port, uint64_t t, uint32_t header_pid)
{
	modern(f, enter_exit, location, PROCESS, endpoint);
	put_le(&f->p, status, 4);
	if (ip)
		put_sockaddr_in(&f->p, ip, port);
	else
		put_le(&f->p, 0, 4);
	return feed_as(f, 1030, t, header_pid);
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

/* AcceptExWithAddress (1027) exit at 6101: Endpoint the listener,
 * AcceptEndpoint the new socket, Address the peer. */
static struct wst_record *acceptex(struct fixture *f, uint64_t listener, uint64_t accepted,
                                   const uint8_t peer[4], uint16_t port, uint64_t t)
{
	modern(f, 1, 6101, PROCESS, listener);
	put_le(&f->p, 0x1a4c7e20000, 8);
	put_le(&f->p, 64, 4);
	put_le(&f->p, 0, 4);
	put_sockaddr_in(&f->p, peer, port);
	put_le(&f->p, accepted, 8);
	put_le(&f->p, 0, 4);
	return feed(f, 1027, t);
}

/* With room for one socket, starting the accepted socket's life evicts
 * the listener: what the accepted socket inherits must be read first. */
static void accept_into_full_table(void **state)
{
	struct fixture *f = *state;
	static const uint8_t any[4] = { 0, 0, 0, 0 }, peer[4] = { 198, 51, 100, 23 };
	char text[WST_ADDR_TEXT_LEN];

	wst_endpoint_table_free(f->t);
	f->t = wst_endpoint_table_new(1, 4);
	wst_endpoint_table_on_end(f->t, on_end, f);
	modern_create(f, 0, SOCKET, 2816, 10);
	modern_bind(f, 0, 7010, SOCKET, 0, any, 8443, 20, 2816);
	modern_bind(f, 1, 7022, SOCKET, 0, any, 8443, 30, 2816);
	struct wst_record *r = acceptex(f, SOCKET, SOCKET + 0x40, peer, 51000, 40);
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "0.0.0.0:8443");
	wst_sockaddr_format(&r->remote, text);
	assert_string_equal(text, "198.51.100.23:51000");
	assert_int_equal(f->ended[WST_END_EVICTED], 1);
	assert_int_equal(f->last_end.endpoint, SOCKET);

	wst_endpoint_table_finish(f->t);
	assert_int_equal(f->last_end.endpoint, SOCKET + 0x40);
	wst_sockaddr_format(&f->last_end.local, text);
	assert_string_equal(text, "0.0.0.0:8443");
	assert_int_equal(f->last_end.pid, 2816);
	assert_int_equal(f->last_end.address_family, 2);
	assert_int_equal(f->last_end.socket_type, 1);
}

/* A send or receive (1003-1015): BufferCount, Buffer, BufferLength,
 * Status, then for the ...WithAddress ids the peer (port 53). */
static struct wst_record *transfer(struct fixture *f, uint16_t id, uint32_t enter_exit,
                                   uint32_t location, uint64_t endpoint, uint32_t length,
                                   uint32_t status, const uint8_t *peer, uint64_t t)
{
	modern(f, enter_exit, location, PROCESS, endpoint);
	put_le(&f->p, 1, 4);
	put_le(&f->p, 0x21f6a3c1000, 8);
	put_le(&f->p, length, 4);
	put_le(&f->p, status, 4);
	if (peer)
		put_sockaddr_in(&f->p, peer, 53);
	return feed(f, id, t);
}

static void close_socket(struct fixture *f, uint64_t endpoint, uint64_t t)
{
	modern(f, 1, 2001, PROCESS, endpoint);
	put_le(&f->p, 0, 4);
	feed(f, 1001, t);
}

/* One send() as measured on Windows 10/11: enter 3047, an inner enter
 * 3056, the inner exit 3073, the API's exit 3051, all with the same
 * length; then the other send paths, and receives whose requests offer
 * a buffer. Each send counts once, each receive at its completion. */
static void stream_bytes_counted_once(void **state)
{
	struct fixture *f = *state;

	modern_create(f, 0, SOCKET, 4312, 10);
	transfer(f, 1003, 0, 3047, SOCKET, 10, 0, NULL, 20);
	transfer(f, 1003, 0, 3056, SOCKET, 10, 0, NULL, 21);
	transfer(f, 1003, 1, 3073, SOCKET, 10, 0, NULL, 22);
	transfer(f, 1003, 1, 3051, SOCKET, 10, 0, NULL, 23);
	transfer(f, 1003, 0, 3003, SOCKET, 100, 0, NULL, 30);   /* AfdRestartSend */
	transfer(f, 1003, 1, 3023, SOCKET, 100, 0, NULL, 31);
	transfer(f, 1003, 0, 3006, SOCKET, 1000, 0, NULL, 40);  /* buffered: nested 3024 */
	transfer(f, 1003, 1, 3024, SOCKET, 1000, 0, NULL, 41);
	transfer(f, 1003, 1, 3018, SOCKET, 1000, 0, NULL, 42);
	transfer(f, 1003, 0, 3058, SOCKET, 7, 0, NULL, 50);     /* AfdFastConnectionSend */
	transfer(f, 1003, 1, 3053, SOCKET, 7, 0, NULL, 51);
	transfer(f, 1003, 0, 3003, SOCKET, 5000, 0, NULL, 60);  /* fails: moves nothing */
	transfer(f, 1003, 1, 3014, SOCKET, 5000, 0xC000020D, NULL, 61);
	transfer(f, 1004, 0, 4106, SOCKET, 17408, 0, NULL, 70);
	transfer(f, 1004, 1, 4109, SOCKET, 1460, 0, NULL, 71);
	transfer(f, 1004, 0, 4106, SOCKET, 17408, 0, NULL, 80);
	transfer(f, 1004, 1, 4110, SOCKET, 17, 0, NULL, 81);
	close_socket(f, SOCKET, 90);
	assert_int_equal(f->ended[WST_END_CLOSED], 1);
	assert_int_equal(f->last_end.bytes_sent, 10 + 100 + 1000 + 7);
	assert_int_equal(f->last_end.sends, 4);
	assert_int_equal(f->last_end.bytes_received, 1460 + 17);
	assert_int_equal(f->last_end.receives, 2);
	assert_int_equal(f->last_end.errors, 1);
}

/* Datagram sends count at the request, whether or not a completion
 * follows, and their completions never again; receives at completion. */
static void datagram_sends_counted_at_request(void **state)
{
	struct fixture *f = *state;
	static const uint8_t dns[4] = { 192, 0, 2, 53 };

	transfer(f, 1013, 0, 3044, SOCKET, 45, 0, dns, 10);      /* no exit ever comes */
	transfer(f, 1013, 0, 3044, SOCKET, 60, 0, dns, 20);
	transfer(f, 1013, 1, 3200, SOCKET, 60, 0, dns, 21);      /* not counted again */
	transfer(f, 1007, 0, 3100, SOCKET, 51, 0, dns, 30);      /* SendToWithAddress, no exit */
	transfer(f, 1005, 0, 3100, SOCKET, 64, 0, NULL, 40);     /* SendTo */
	transfer(f, 1005, 1, 3201, SOCKET, 64, 0, NULL, 41);
	transfer(f, 1011, 0, 3100, SOCKET, 33, 0, NULL, 50);     /* SendMessage, no exit */
	transfer(f, 1013, 0, 3044, SOCKET, 80, 0xC0000120, dns, 60);  /* refused at once */
	transfer(f, 1015, 1, 4201, SOCKET, 61, 0, dns, 70);
	transfer(f, 1009, 1, 4052, SOCKET, 70, 0, dns, 80);
	transfer(f, 1015, 0, 4200, SOCKET, 65536, 0, dns, 90);   /* a buffer offered */
	wst_endpoint_table_finish(f->t);
	assert_int_equal(f->last_end.bytes_sent, 45 + 60 + 51 + 64 + 33);
	assert_int_equal(f->last_end.sends, 5);
	assert_int_equal(f->last_end.bytes_received, 61 + 70);
	assert_int_equal(f->last_end.receives, 2);
	assert_int_equal(f->last_end.socket_type, 2);
	assert_false(f->last_end.create_seen);
}

#define STATUS_ADDRESS_ALREADY_EXISTS 0xC000020Au
#define STATUS_INVALID_PARAMETER 0xC000000Du

/* local comes from the bind's completion (7022); the request's address
 * stands until then; a failed completion (7023, no address) leaves local
 * as it was before the request. */
static void bind_local_from_completion(void **state)
{
	struct fixture *f = *state;
	static const uint8_t any[4] = { 0, 0, 0, 0 }, wanted[4] = { 10, 0, 0, 5 };
	char text[WST_ADDR_TEXT_LEN];
	struct wst_record *r;

	modern_create(f, 0, SOCKET, 4312, 10);
	r = modern_bind(f, 0, 7010, SOCKET, 0, any, 0, 20, 4312);
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "0.0.0.0:0");
	r = modern_bind(f, 1, 7022, SOCKET, 0, any, 50123, 30, 4312);
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "0.0.0.0:50123");
	/* A second bind on the bound socket fails. */
	r = modern_bind(f, 0, 7010, SOCKET, 0, wanted, 80, 40, 4312);
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "0.0.0.0:50123");
	r = modern_bind(f, 1, 7023, SOCKET, STATUS_INVALID_PARAMETER, NULL, 0, 50, 4312);
	assert_true(r->failed);
	assert_false(r->truncated);
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "0.0.0.0:50123");

	/* Another socket asks for a port in use: no local at all. */
	modern_create(f, 0, SOCKET + 0x100, 4312, 60);
	r = modern_bind(f, 0, 7010, SOCKET + 0x100, 0, wanted, 80, 70, 4312);
	wst_sockaddr_format(&r->local, text);
	assert_string_equal(text, "10.0.0.5:80");
	r = modern_bind(f, 1, 7023, SOCKET + 0x100, STATUS_ADDRESS_ALREADY_EXISTS, NULL, 0, 80, 4312);
	assert_int_equal(r->local.family, WST_FAMILY_NONE);
	/* Its retry with port 0 gets one; a bind that never completes keeps
	 * the address asked for. */
	modern_bind(f, 0, 7010, SOCKET + 0x100, 0, any, 0, 90, 4312);
	modern_bind(f, 1, 7022, SOCKET + 0x100, 0, any, 50200, 100, 4312);
	modern_create(f, 0, SOCKET + 0x200, 4312, 110);
	modern_bind(f, 0, 7010, SOCKET + 0x200, 0, wanted, 8080, 120, 4312);

	wst_endpoint_table_finish(f->t);
	assert_int_equal(f->ended[WST_END_OPEN_AT_END], 3);
	assert_int_equal(f->last_end.endpoint, SOCKET + 0x200);
	wst_sockaddr_format(&f->last_end.local, text);
	assert_string_equal(text, "10.0.0.5:8080");
}

/* Where nothing maps the socket's Process to a PID, the header PID
 * names the owner only at the Locations where it is reliable (close
 * 2000/2001 unless 4, bind 7022, ...), never at 3056, 3073 or 4109,
 * whose events run in system or arbitrary threads. */
static void header_pid_trusted_by_location(void **state)
{
	struct fixture *f = *state;
	static const uint8_t any[4] = { 0, 0, 0, 0 };
	struct wst_record *r;

	f->header_pid = 4;
	r = transfer(f, 1003, 0, 3056, SOCKET, 10, 0, NULL, 10);
	assert_int_equal(r->pid, 0);    /* unknown: an unreliable Location */
	f->header_pid = 777;  /* another process's thread */
	r = transfer(f, 1003, 1, 3073, SOCKET, 10, 0, NULL, 11);
	assert_int_equal(r->pid, 0);
	r = transfer(f, 1004, 1, 4109, SOCKET, 1460, 0, NULL, 12);
	assert_int_equal(r->pid, 777);  /* in neither table: the header, as a last resort */
	f->header_pid = 4;
	close_socket(f, SOCKET, 13);    /* 2001 from System */
	assert_int_equal(f->ended[WST_END_CLOSED], 1);
	assert_false(f->last_end.pid_known);

	/* The same socket story; its close request runs in the owner. */
	f->header_pid = 888;
	transfer(f, 1003, 0, 3056, SOCKET + 0x100, 10, 0, NULL, 20);
	transfer(f, 1003, 1, 3073, SOCKET + 0x100, 10, 0, NULL, 21);
	transfer(f, 1004, 1, 4109, SOCKET + 0x100, 1460, 0, NULL, 22);
	f->header_pid = 5200;
	modern(f, 0, 2000, PROCESS, SOCKET + 0x100);
	put_le(&f->p, 0, 4);
	r = feed(f, 1001, 23);
	assert_int_equal(r->pid, 5200);
	f->header_pid = 4;
	close_socket(f, SOCKET + 0x100, 24);
	assert_int_equal(f->rec.pid, 5200);  /* from the map now, though the header says 4 */
	assert_true(f->last_end.pid_known);
	assert_int_equal(f->last_end.pid, 5200);

	/* A bind completion at 7022 is reliable too; a foreign PID on a
	 * later 3073 does not replace what it taught. */
	wst_endpoint_table_free(f->t);
	f->t = wst_endpoint_table_new(4, 4);
	wst_endpoint_table_on_end(f->t, on_end, f);
	modern_bind(f, 1, 7022, SOCKET, 0, any, 50123, 30, 6100);
	f->header_pid = 999;
	r = transfer(f, 1003, 1, 3073, SOCKET, 10, 0, NULL, 31);
	assert_int_equal(r->pid, 6100);
	wst_endpoint_table_finish(f->t);
	assert_int_equal(f->last_end.pid, 6100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(client_life, setup, teardown),
		cmocka_unit_test_setup_teardown(pid_from_process_and_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(endpoint_reused_by_new_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(listening_socket_keeps_no_remote, setup, teardown),
		cmocka_unit_test_setup_teardown(bounded_with_evictions, setup, teardown),
		cmocka_unit_test_setup_teardown(accept_into_full_table, setup, teardown),
		cmocka_unit_test_setup_teardown(stream_bytes_counted_once, setup, teardown),
		cmocka_unit_test_setup_teardown(datagram_sends_counted_at_request, setup, teardown),
		cmocka_unit_test_setup_teardown(bind_local_from_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(header_pid_trusted_by_location, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
