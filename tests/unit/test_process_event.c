/* Kernel-Process heads for `wstrace run`: every version of start, stop
 * and rundown read at its own offsets; other events, unknown versions and
 * short payloads refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "wstrace/process_event.h"
#include "wstrace/schema.h"

static uint8_t payload[64];
static size_t used;

static void put(uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		payload[used++] = (uint8_t)(v >> (8 * i));
}

static struct wst_event event(uint16_t id, uint8_t version)
{
	struct wst_event ev;

	memset(&ev, 0, sizeof ev);
	ev.provider = wst_provider_desc(WST_PROVIDER_KERNEL_PROCESS)->guid;
	ev.id = id;
	ev.version = version;
	ev.user_data = payload;
	ev.user_len = used;
	return ev;
}

static void test_start_v0_to_v2(void **state)
{
	struct wst_process_event pe;
	(void)state;

	for (uint8_t v = 0; v <= 2; v++) {
		used = 0;
		put(4312, 4);
		put(0x01db0c1d2e3f4a5bull, 8);
		put(880, 4);
		put(1, 4);   /* SessionID: past the head */
		struct wst_event ev = event(1, v);
		assert_true(wst_process_event_read(&ev, &pe));
		assert_int_equal(pe.change, WST_PROCESS_START);
		assert_false(pe.rundown);
		assert_int_equal(pe.pid, 4312);
		assert_int_equal(pe.parent_pid, 880);
		assert_int_equal(pe.create_time, 0x01db0c1d2e3f4a5bull);
	}
}

/* v3 and rundown v1: a sequence number after each PID. */
static void test_start_v3_and_rundown(void **state)
{
	struct wst_process_event pe;
	(void)state;

	used = 0;
	put(4312, 4);
	put(0x1111, 8);
	put(0x01db0c1d2e3f4a5bull, 8);
	put(880, 4);
	put(0x1110, 8);
	struct wst_event ev = event(1, 3);
	assert_true(wst_process_event_read(&ev, &pe));
	assert_int_equal(pe.pid, 4312);
	assert_int_equal(pe.create_time, 0x01db0c1d2e3f4a5bull);
	assert_int_equal(pe.parent_pid, 880);

	ev = event(15, 1);
	assert_true(wst_process_event_read(&ev, &pe));
	assert_true(pe.rundown);
	assert_int_equal(pe.change, WST_PROCESS_START);
	assert_int_equal(pe.parent_pid, 880);
	/* One byte short of the parent's sequence number. */
	ev.user_len--;
	assert_false(wst_process_event_read(&ev, &pe));
	assert_int_equal(pe.change, WST_PROCESS_NONE);
}

static void test_stop(void **state)
{
	struct wst_process_event pe;
	(void)state;

	used = 0;
	put(4312, 4);
	put(0x01db0c1d2e3f4a5bull, 8);
	put(0x01db0c1d2e3f4a6cull, 8);   /* ExitTime */
	struct wst_event ev = event(2, 1);
	assert_true(wst_process_event_read(&ev, &pe));
	assert_int_equal(pe.change, WST_PROCESS_STOP);
	assert_int_equal(pe.pid, 4312);
	assert_int_equal(pe.create_time, 0x01db0c1d2e3f4a5bull);
	assert_int_equal(pe.parent_pid, 0);

	used = 0;
	put(4312, 4);
	put(0x2222, 8);
	put(0x01db0c1d2e3f4a5bull, 8);
	ev = event(2, 2);
	assert_true(wst_process_event_read(&ev, &pe));
	assert_int_equal(pe.create_time, 0x01db0c1d2e3f4a5bull);
	ev.user_len = 19;
	assert_false(wst_process_event_read(&ev, &pe));
}

static void test_not_ours(void **state)
{
	struct wst_process_event pe;
	(void)state;

	used = 0;
	put(4312, 4);
	put(1, 8);
	put(880, 4);
	struct wst_event ev = event(1, 4);            /* a version not known */
	assert_false(wst_process_event_read(&ev, &pe));
	ev = event(3, 0);                             /* ThreadStart */
	assert_false(wst_process_event_read(&ev, &pe));
	ev = event(1, 0);
	ev.provider = wst_afd_provider_guid;
	assert_false(wst_process_event_read(&ev, &pe));
	ev = event(1, 0);
	ev.user_len = 0;
	ev.user_data = NULL;
	assert_false(wst_process_event_read(&ev, &pe));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_v0_to_v2),
		cmocka_unit_test(test_start_v3_and_rundown),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_not_ours),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
