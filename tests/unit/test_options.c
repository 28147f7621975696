/* The strict number parser and the option table (src/cli/options.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli/options.h"
#include "wstrace/diag.h"
#include "wstrace/number.h"

static void accept(const char *text, uint64_t min, uint64_t max, unsigned flags, uint64_t want)
{
	char why[96] = "";
	uint64_t got = 12345;

	if (!wst_number_parse(text, min, max, flags, &got, why, sizeof why))
		fail_msg("'%s' refused: %s", text, why);
	assert_true(got == want);
}

static void refuse(const char *text, uint64_t min, uint64_t max, unsigned flags, const char *why_want)
{
	char why[96] = "";
	uint64_t got = 12345;

	if (wst_number_parse(text, min, max, flags, &got, why, sizeof why))
		fail_msg("'%s' accepted as %llu", text, (unsigned long long)got);
	assert_string_equal(why, why_want);
	assert_true(got == 12345);
}

static void test_numbers_accepted(void **state)
{
	(void)state;
	accept("0", 0, 10, 0, 0);
	accept("10", 0, 10, 0, 10);
	accept("5", 5, 5, 0, 5);
	accept("18446744073709551615", 0, UINT64_MAX, 0, UINT64_MAX);
	accept("0x10", 0, 100, WST_NUMBER_HEX, 16);
	accept("0XfF", 0, 255, WST_NUMBER_HEX, 255);
	accept("0x0000001", 0, 1, WST_NUMBER_HEX, 1);   /* masks are written with zeros */
	accept("0xffffffffffffffff", 0, UINT64_MAX, WST_NUMBER_HEX, UINT64_MAX);
	accept("1000", 0, 1000, WST_NUMBER_HEX, 1000);  /* hex allowed: decimal still decimal */
}

static void test_numbers_refused(void **state)
{
	(void)state;
	refuse("", 0, 10, 0, "empty");
	refuse(NULL, 0, 10, 0, "empty");
	refuse(" -1", 0, UINT64_MAX, 0, "not a decimal number");
	refuse("-1", 0, UINT64_MAX, 0, "not a decimal number");
	refuse("+5", 0, 10, 0, "not a decimal number");
	refuse(" 5", 0, 10, 0, "not a decimal number");
	refuse("5 ", 0, 10, 0, "not a decimal number");
	refuse("5x", 0, 10, 0, "not a decimal number");
	refuse("1.5", 0, 10, 0, "not a decimal number");
	refuse("010", 0, 100, 0, "leading zero");
	refuse("00", 0, 100, 0, "leading zero");
	refuse("010", 0, 100, WST_NUMBER_HEX, "leading zero");
	refuse("0x10", 0, 100, 0, "not a decimal number (no hex here)");
	refuse("0x", 0, 100, WST_NUMBER_HEX, "0x without hex digits");
	refuse("0xg", 0, 100, WST_NUMBER_HEX, "not a number (decimal, or hex after 0x)");
	refuse("-0x1", 0, 100, WST_NUMBER_HEX, "not a number (decimal, or hex after 0x)");
	refuse("18446744073709551616", 0, UINT64_MAX, 0, "more than 18446744073709551615");
	refuse("99999999999999999999999", 0, UINT64_MAX, 0, "more than 18446744073709551615");
	refuse("0x10000000000000000", 0, UINT64_MAX, WST_NUMBER_HEX, "more than 18446744073709551615");
	refuse("6", 1, 5, 0, "more than 5");
	refuse("65536", 0, 65535, 0, "more than 65535");
	refuse("0", 1, 5, 0, "less than 1");
}

/* A command with one option of each kind. */
struct targets {
	bool flag;
	uint64_t count, mask;
	const char *name;
	int format;
	int calls;
	char seen[64];
};

static struct targets t;

static int remember(void *target, const char *value, char *err, size_t errlen)
{
	struct targets *x = target;

	if (value && strcmp(value, "bad") == 0) {
		snprintf(err, errlen, "invalid thing '%s'", value);
		return -1;
	}
	x->calls++;
	strncat(x->seen, value ? value : "(none)", sizeof x->seen - strlen(x->seen) - 1);
	return 0;
}

static const struct wst_option opts[] = {
	WST_OPT_FLAG("flag", 'f', &t.flag, "a flag"),
	WST_OPT_UINT("count", 'c', &t.count, 1, 100, 0, "N", "a count\nwith a second line"),
	WST_OPT_UINT("mask", 0, &t.mask, 0, UINT64_MAX, WST_OPT_HEX, "MASK", "a mask"),
	WST_OPT_STRING("name", 0, &t.name, "NAME", "a name"),
	WST_OPT_CHOICE("format", 0, &t.format, wst_format_choices, "text or json"),
	WST_OPT_CALLBACK("thing", 0, &t, remember, WST_OPT_REPEAT, "X", "a thing"),
	WST_OPT_CALLBACK("mark", 0, &t, remember, WST_OPT_NO_VALUE, NULL, "a mark"),
	WST_OPT_END,
};

static const struct wst_command cmd = {
	"wstrace test [OPTION]... FILE", "Tests.\n", opts, "Exit status: 0.\n", false,
};

static int run(const struct wst_command *c, struct wst_words *w, int argc, ...)
{
	static char store[16][32];
	static char *argv[16];
	va_list ap;

	memset(&t, 0, sizeof t);
	va_start(ap, argc);
	for (int i = 0; i < argc; i++) {
		snprintf(store[i], sizeof store[i], "%s", va_arg(ap, const char *));
		argv[i] = store[i];
	}
	va_end(ap);
	return wst_options_parse(c, argc, argv, w);
}

static void test_options_accepted(void **state)
{
	(void)state;
	struct wst_words w;

	assert_int_equal(run(&cmd, &w, 9, "a.etl", "--flag", "--count", "7", "--mask=0xff",
	                     "--name", "x", "--format=json", "b"), 0);
	assert_true(t.flag);
	assert_true(t.count == 7);
	assert_true(t.mask == 255);
	assert_string_equal(t.name, "x");
	assert_int_equal(t.format, 1);
	assert_int_equal(w.count, 2);
	assert_int_equal(w.before_dashdash, 2);
	assert_string_equal(w.word[0], "a.etl");
	assert_string_equal(w.word[1], "b");

	assert_int_equal(run(&cmd, &w, 6, "-f", "-c", "9", "-c10", "--thing", "a"), 0);
	assert_true(t.flag);
	assert_true(t.count == 10);   /* the last value counts */
	assert_int_equal(w.count, 0);

	assert_int_equal(run(&cmd, &w, 5, "--thing", "a", "--thing=b", "--mark", "-"), 0);
	assert_int_equal(t.calls, 3);
	assert_string_equal(t.seen, "ab(none)");
	assert_int_equal(w.count, 1);
	assert_string_equal(w.word[0], "-");   /* "-" alone is a word */
}

static void test_dashdash_leaves_words(void **state)
{
	(void)state;
	struct wst_words w;

	assert_int_equal(run(&cmd, &w, 7, "x", "--flag", "--", "prog", "--count", "-h", "--"), 0);
	assert_true(t.flag);
	assert_true(t.count == 0);
	assert_int_equal(w.count, 5);
	assert_int_equal(w.before_dashdash, 1);
	assert_string_equal(w.word[0], "x");
	assert_string_equal(w.word[1], "prog");
	assert_string_equal(w.word[2], "--count");
	assert_string_equal(w.word[3], "-h");
	assert_string_equal(w.word[4], "--");

	/* A command that runs PROGRAM ARGS: the first word ends the options. */
	struct wst_command stop = cmd;
	stop.stop_at_word = true;
	assert_int_equal(run(&stop, &w, 5, "-f", "prog", "--count", "3", "-f"), 0);
	assert_true(t.flag);
	assert_true(t.count == 0);
	assert_int_equal(w.count, 4);
	assert_int_equal(w.before_dashdash, 0);
	assert_string_equal(w.word[0], "prog");
	assert_string_equal(w.word[3], "-f");
}

static void test_options_refused(void **state)
{
	(void)state;
	struct wst_words w;

	assert_int_equal(run(&cmd, &w, 1, "--bogus"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "-z"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--fla"), WST_EXIT_USAGE);     /* no abbreviations */
	assert_int_equal(run(&cmd, &w, 1, "--flag=yes"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "-fx"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--mark=1"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--count"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 2, "--count", " -1"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 2, "--count", "-1"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 2, "--count", "+5"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 2, "--count", "010"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 2, "--count", "0x10"), WST_EXIT_USAGE);   /* not hex here */
	assert_int_equal(run(&cmd, &w, 1, "--count=101"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--count=0"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--count="), WST_EXIT_USAGE);
	assert_true(t.count == 0);
	assert_int_equal(run(&cmd, &w, 1, "--mask=0x"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--mask=18446744073709551616"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--format=xml"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 2, "--thing", "bad"), WST_EXIT_USAGE);
	assert_int_equal(t.calls, 0);

	assert_int_equal(run(&cmd, &w, 2, "--flag", "file"), 0);
	assert_int_equal(wst_options_no_words(&w, "test"), WST_EXIT_USAGE);
	assert_int_equal(run(&cmd, &w, 1, "--flag"), 0);
	assert_int_equal(wst_options_no_words(&w, "test"), 0);
}

static char *help_text(const struct wst_command *c)
{
	static char text[2048];
	FILE *f = tmpfile();

	assert_non_null(f);
	wst_options_print_help(c, f);
	rewind(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static void test_help_from_table(void **state)
{
	(void)state;
	assert_string_equal(help_text(&cmd),
		"usage: wstrace test [OPTION]... FILE\n"
		"\n"
		"Tests.\n"
		"\n"
		"  -f, --flag          a flag\n"
		"  -c, --count N       a count\n"
		"                      with a second line\n"
		"  --mask MASK         a mask\n"
		"  --name NAME         a name\n"
		"  --format text|json  text or json\n"
		"  --thing X           a thing (repeatable)\n"
		"  --mark              a mark\n"
		"  -h, --help          this help\n"
		"\n"
		"Exit status: 0.\n");

	/* An option too wide for the column has its text on the next line. */
	static const struct wst_option wide[] = {
		WST_OPT_STRING("a-very-long-option-name", 0, &t.name, "VALUE", "wide"),
		WST_OPT_FLAG("x", 0, &t.flag, "narrow"),
		WST_OPT_END,
	};
	static const struct wst_command wide_cmd = { "w", "W.\n", wide, NULL, false };
	assert_string_equal(help_text(&wide_cmd),
		"usage: w\n\nW.\n\n"
		"  --a-very-long-option-name VALUE\n"
		"              wide\n"
		"  --x         narrow\n"
		"  -h, --help  this help\n");

	struct wst_words w;
	assert_int_equal(run(&cmd, &w, 2, "a", "--help"), WST_OPTIONS_HELP);
	assert_int_equal(run(&cmd, &w, 2, "-h", "--bogus"), WST_OPTIONS_HELP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_accepted),
		cmocka_unit_test(test_numbers_refused),
		cmocka_unit_test(test_options_accepted),
		cmocka_unit_test(test_dashdash_leaves_words),
		cmocka_unit_test(test_options_refused),
		cmocka_unit_test(test_help_from_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
