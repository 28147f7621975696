/* wstrace run's command line: each argv, quoted and split again by
 * Windows' own CommandLineToArgvW, comes back word for word; and the
 * exact strings the quoting rules give for the hard cases. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <windows.h>
#include <shellapi.h>

#include "command_line.h"

struct example {
	const wchar_t *argv[5];
	const wchar_t *line;
};

static const struct example examples[] = {
	{ { L"cmd.exe", L"/c", L"exit 3" }, L"cmd.exe /c \"exit 3\"" },
	{ { L"C:\\Program Files\\curl\\curl.exe", L"-s", L"https://example.com/" },
	  L"\"C:\\Program Files\\curl\\curl.exe\" -s https://example.com/" },
	{ { L"a.exe", L"" }, L"a.exe \"\"" },
	{ { L"a.exe", L"say \"hi\"" }, L"a.exe \"say \\\"hi\\\"\"" },
	{ { L"a.exe", L"C:\\dir\\" }, L"a.exe C:\\dir\\" },
	{ { L"a.exe", L"C:\\my dir\\" }, L"a.exe \"C:\\my dir\\\\\"" },
	{ { L"a.exe", L"back\\\\\"quote" }, L"a.exe \"back\\\\\\\\\\\"quote\"" },
	{ { L"a.exe", L"\\\\server\\share" }, L"a.exe \\\\server\\share" },
	{ { L"a.exe", L"tab\there", L"nl\nhere" }, L"a.exe \"tab\there\" \"nl\nhere\"" },
	{ { L"a.exe", L"\"" }, L"a.exe \"\\\"\"" },
	{ { L"a.exe", L"ünï cödé" }, L"a.exe \"ünï cödé\"" },
};

static int count_of(const struct example *e)
{
	int n = 0;
	while (n < 5 && e->argv[n])
		n++;
	return n;
}

static void test_exact_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
		wchar_t line[256];
		long n = wst_command_line_build(examples[i].argv, count_of(&examples[i]), line, 256);
		assert_int_equal(n, (long)wcslen(examples[i].line));
		assert_memory_equal(line, examples[i].line, (size_t)(n + 1) * sizeof(wchar_t));
	}
}

static void test_round_trip_through_windows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
		const struct example *e = &examples[i];
		wchar_t line[256];
		int argc = count_of(e), back = 0;
		assert_true(wst_command_line_build(e->argv, argc, line, 256) > 0);
		LPWSTR *words = CommandLineToArgvW(line, &back);
		assert_non_null(words);
		assert_int_equal(back, argc);
		for (int k = 0; k < argc; k++)
			assert_int_equal(wcscmp(words[k], e->argv[k]), 0);
		LocalFree(words);
	}
}

static void test_refused(void **state)
{
	wchar_t line[16];
	const wchar_t *quote_in_program[] = { L"a\"b.exe" };
	const wchar_t *empty_program[] = { L"" };
	const wchar_t *too_long[] = { L"a.exe", L"0123456789" };
	(void)state;

	assert_int_equal(wst_command_line_build(quote_in_program, 1, line, 16),
	                 WST_COMMAND_LINE_BAD_PROGRAM);
	assert_int_equal(wst_command_line_build(empty_program, 1, line, 16),
	                 WST_COMMAND_LINE_BAD_PROGRAM);
	assert_int_equal(wst_command_line_build(NULL, 0, line, 16), WST_COMMAND_LINE_BAD_PROGRAM);
	/* 16 characters: "a.exe 0123456789" and its terminator need 17. */
	assert_int_equal(wst_command_line_build(too_long, 2, line, 16), WST_COMMAND_LINE_TOO_LONG);
	assert_int_equal(wst_command_line_build(too_long, 2, line, 17), 16);
}

/* run's program words: the tail of wstrace's own command line, when
 * Windows splits it into as many words as the C runtime did. */
static void test_last_words(void **state)
{
	const wchar_t *line = L"wstrace.exe run -o \"my out.txt\" -- cmd.exe /c \"echo \u00fcn\u00efc\u00f6d\u00e9\"";
	wchar_t **block;
	(void)state;

	wchar_t **words = wst_command_line_last_words(line, 8, 3, &block);
	assert_non_null(words);
	assert_int_equal(wcscmp(words[0], L"cmd.exe"), 0);
	assert_int_equal(wcscmp(words[1], L"/c"), 0);
	assert_int_equal(wcscmp(words[2], L"echo \u00fcn\u00efc\u00f6d\u00e9"), 0);
	LocalFree(block);
	/* The C runtime saw another count of words: the narrow ones are used. */
	assert_null(wst_command_line_last_words(line, 9, 3, &block));
	LocalFree(block);
	assert_null(wst_command_line_last_words(line, 8, 9, &block));
	LocalFree(block);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_lines),
		cmocka_unit_test(test_round_trip_through_windows),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_last_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
