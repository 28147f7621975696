/* Process image names: this process's own name from Windows (Wine), and
 * the cache's rules with a scripted source: one lookup per process, a
 * second look after a second, a new lookup when the PID was reused, the
 * name kept after the process ended, the cache bounded. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "image_names.h"

static uint64_t clock_ms;
static unsigned queries, name_queries;
static uint64_t generation = 1;   /* creation time of every fake process */
static bool gone;                 /* processes cannot be opened */

static bool fake_query(void *ctx, uint32_t pid, uint64_t *created, char *name, size_t len)
{
	(void)ctx;
	queries++;
	if (gone)
		return false;
	*created = generation;
	if (name) {
		name_queries++;
		snprintf(name, len, "p%u-g%u.exe", (unsigned)pid, (unsigned)generation);
	}
	return true;
}

static uint64_t fake_now(void *ctx)
{
	(void)ctx;
	return clock_ms;
}

static const struct wst_image_source source = { fake_query, fake_now, NULL };

static void own_process(void **state)
{
	(void)state;
	struct wst_image_cache *c = wst_image_cache_new(NULL);
	char want[MAX_PATH];

	assert_non_null(c);
	const char *name = wst_image_name(c, GetCurrentProcessId());
	assert_non_null(name);
	/* Compare with the module's own base name. */
	GetModuleFileNameA(NULL, want, sizeof want);
	const char *base = strrchr(want, '\\') ? strrchr(want, '\\') + 1 : want;
	assert_string_equal(name, base);
	assert_string_equal(wst_image_name(c, 4), "System");
	assert_null(wst_image_name(c, 0));
	assert_null(wst_image_name(c, 0x7ffffff0));  /* no such process */
	wst_image_cache_free(c);
}

static void cache_rules(void **state)
{
	(void)state;
	struct wst_image_cache *c = wst_image_cache_new(&source);

	clock_ms = 10000;
	queries = name_queries = 0;
	assert_string_equal(wst_image_name(c, 6120), "p6120-g1.exe");
	assert_string_equal(wst_image_name(c, 6120), "p6120-g1.exe");
	assert_int_equal(queries, 1);              /* cached */
	clock_ms += WST_IMAGE_RECHECK_MS;
	assert_string_equal(wst_image_name(c, 6120), "p6120-g1.exe");
	assert_int_equal(queries, 2);              /* checked again, same process */
	assert_int_equal(name_queries, 1);
	generation = 2;                            /* the PID now names another process */
	assert_string_equal(wst_image_name(c, 6120), "p6120-g1.exe");  /* within the second */
	clock_ms += WST_IMAGE_RECHECK_MS;
	assert_string_equal(wst_image_name(c, 6120), "p6120-g2.exe");
	gone = true;                               /* ended: its late events keep the name */
	clock_ms += WST_IMAGE_RECHECK_MS;
	assert_string_equal(wst_image_name(c, 6120), "p6120-g2.exe");
	assert_null(wst_image_name(c, 7000));      /* never seen alive */
	gone = false;
	/* Bounded: many more PIDs than slots all get names. */
	for (uint32_t pid = 100000; pid < 100000 + 4 * 4 * WST_IMAGE_SLOTS; pid += 4)
		assert_non_null(wst_image_name(c, pid));
	wst_image_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_process),
		cmocka_unit_test(cache_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
