/* The capture's output path: UTF-8 to a console as UTF-16 text, however
 * the blocks cut the sequences (item 5), and a queue whose controller
 * side never waits (item 1). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "live_output.h"

static WCHAR got[256];
static size_t got_len;

static int collect(void *ctx, const WCHAR *w, size_t n)
{
	(void)ctx;
	assert_true(got_len + n <= 256);
	memcpy(got + got_len, w, n * sizeof *w);
	got_len += n;
	return 0;
}

/* "é€𝄞x" (2-, 3- and 4-byte sequences), then a byte that starts nothing
 * (U+FFFD), cut into two blocks at every position: the console gets the
 * same UTF-16 text each time. */
static void console_text_across_blocks(void **state)
{
	(void)state;
	static const char utf8[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9ex\xff" "b";
	static const WCHAR want[] = { 'a', 0xe9, 0x20ac, 0xd834, 0xdd1e, 'x', 0xfffd, 'b' };
	size_t n = sizeof utf8 - 1;

	for (size_t cut = 0; cut <= n; cut++) {
		struct wst_console_text t;
		memset(&t, 0, sizeof t);
		t.write_wide = collect;
		got_len = 0;
		assert_int_equal(wst_console_text_write(&t, utf8, cut), 0);
		assert_int_equal(wst_console_text_write(&t, utf8 + cut, n - cut), 0);
		assert_int_equal(got_len, sizeof want / sizeof want[0]);
		assert_memory_equal(got, want, sizeof want);
	}
}

static HANDLE gate;

static int blocked_write(void *ctx, const char *p, size_t n)
{
	(void)ctx, (void)p, (void)n;
	WaitForSingleObject(gate, INFINITE);
	return 0;
}

/* An output that takes nothing: try_push says no once the queue is full,
 * without waiting; at the end the output is given up after the stall
 * time and every byte not written is counted. */
static void controller_never_waits(void **state)
{
	(void)state;
	struct wst_live_sink sink = { blocked_write, NULL };
	static char block[1000];
	unsigned queued = 0;

	gate = CreateEventW(NULL, TRUE, FALSE, NULL);
	struct wst_live_output *o = wst_live_output_start(&sink);
	assert_non_null(o);
	while (queued < 100 && wst_live_output_try_push(o, block, sizeof block))
		queued++;
	assert_true(queued > 2 && queued < 100);   /* the queue is bounded */
	uint64_t unwritten = wst_live_output_finish(o);
	/* The block in the stuck write and the ones behind it. */
	assert_int_equal(unwritten, (uint64_t)queued * sizeof block);
	/* Given up: later blocks are dropped, counted, never waited for. */
	assert_true(wst_live_output_try_push(o, block, sizeof block));
	assert_int_equal(wst_live_output_push(o, block, sizeof block), 0);
	SetEvent(gate);
	wst_live_output_free(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(console_text_across_blocks),
		cmocka_unit_test(controller_never_waits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
