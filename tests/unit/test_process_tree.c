/* The process tree of `wstrace run`: children and grandchildren joined
 * through their parent's PID, PID reuse, events after a member's stop,
 * lost stop events. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "wstrace/process_tree.h"

/* FILETIMEs a second apart. */
#define T(s) (133000000000000000ull + (uint64_t)(s) * 10000000ull)

static void test_children_and_grandchildren(void **state)
{
	struct wst_process_tree t;
	(void)state;

	wst_process_tree_init(&t);
	assert_true(wst_process_tree_add_root(&t, 100, T(1)));
	/* The root's own start event does not add it twice. */
	assert_false(wst_process_tree_started(&t, 100, 8, T(1)));
	assert_true(wst_process_tree_started(&t, 200, 100, T(2)));    /* child */
	assert_true(wst_process_tree_started(&t, 300, 200, T(3)));    /* grandchild */
	assert_false(wst_process_tree_started(&t, 400, 999, T(3)));   /* a stranger */
	assert_int_equal(t.count, 3);
	assert_int_equal(t.alive, 3);
	assert_true(wst_process_tree_has(&t, 300, T(4)));
	assert_false(wst_process_tree_has(&t, 400, T(4)));
	assert_false(wst_process_tree_has(&t, 200, T(1)));            /* before it started */

	assert_true(wst_process_tree_alive(&t, 100, T(1)));
	assert_false(wst_process_tree_alive(&t, 100, T(2)));     /* another process of the PID */
	assert_false(wst_process_tree_alive(&t, 400, T(3)));
	wst_process_tree_stopped(&t, 100, T(1));
	assert_false(wst_process_tree_alive(&t, 100, T(1)));
	wst_process_tree_stopped(&t, 300, 0);
	assert_false(wst_process_tree_done(&t));
	wst_process_tree_stopped(&t, 200, T(2));
	assert_true(wst_process_tree_done(&t));
	/* Sockets closed as a member exits are logged after its stop. */
	assert_true(wst_process_tree_has(&t, 200, T(9)));
	wst_process_tree_free(&t);
}

static void test_pid_reuse(void **state)
{
	struct wst_process_tree t;
	(void)state;

	wst_process_tree_init(&t);
	wst_process_tree_add_root(&t, 100, T(1));
	wst_process_tree_started(&t, 200, 100, T(2));
	wst_process_tree_stopped(&t, 200, T(2));
	/* PID 200 comes back as someone else's process: its events and its
	 * children are not the tree's. */
	assert_false(wst_process_tree_started(&t, 200, 4, T(5)));
	assert_true(wst_process_tree_has(&t, 200, T(4)));
	assert_false(wst_process_tree_has(&t, 200, T(6)));
	assert_false(wst_process_tree_started(&t, 201, 200, T(7)));
	/* And a third process with PID 200, this time the root's child. */
	assert_true(wst_process_tree_started(&t, 200, 100, T(8)));
	assert_true(wst_process_tree_has(&t, 200, T(9)));
	assert_int_equal(t.alive, 2);
	wst_process_tree_free(&t);
}

static void test_parent_already_gone(void **state)
{
	struct wst_process_tree t;
	(void)state;

	/* The root started a child and exited before the child's start event
	 * was read: the child is still the tree's, and keeps it open. */
	wst_process_tree_init(&t);
	wst_process_tree_add_root(&t, 100, T(1));
	wst_process_tree_stopped(&t, 100, 0);
	assert_true(wst_process_tree_done(&t));
	assert_true(wst_process_tree_started(&t, 200, 100, T(2)));
	assert_false(wst_process_tree_done(&t));
	wst_process_tree_free(&t);
}

static void test_lost_stop_event(void **state)
{
	struct wst_process_tree t;
	(void)state;

	/* A member's PID starting again means it ended, stop event or not. */
	wst_process_tree_init(&t);
	wst_process_tree_add_root(&t, 100, T(1));
	wst_process_tree_started(&t, 200, 100, T(2));
	wst_process_tree_stopped(&t, 100, T(1));
	assert_false(wst_process_tree_done(&t));
	wst_process_tree_started(&t, 200, 4, T(3));
	assert_true(wst_process_tree_done(&t));
	/* A stop of a PID that is not a member, or of a member twice, changes nothing. */
	wst_process_tree_stopped(&t, 777, 0);
	wst_process_tree_stopped(&t, 100, T(1));
	assert_int_equal(t.alive, 0);
	assert_false(wst_process_tree_done(&(struct wst_process_tree){ 0 }));
	wst_process_tree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_children_and_grandchildren),
		cmocka_unit_test(test_pid_reuse),
		cmocka_unit_test(test_parent_already_gone),
		cmocka_unit_test(test_lost_stop_event),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
