#include "command_line.h"

#include <stdbool.h>
#include <windows.h>
#include <shellapi.h>

struct line {
	wchar_t *out;
	size_t cap, len;
	bool full;
};

static void put(struct line *l, wchar_t c, size_t times)
{
	for (; times; times--) {
		if (l->len + 1 >= l->cap) {
			l->full = true;
			return;
		}
		l->out[l->len++] = c;
	}
}

/* A word needs quotes when it is empty or the runtime would split at or
 * interpret one of its characters. */
static bool needs_quotes(const wchar_t *w)
{
	if (!*w)
		return true;
	for (; *w; w++)
		if (*w == L' ' || *w == L'\t' || *w == L'\n' || *w == L'\v' || *w == L'"')
			return true;
	return false;
}

static void put_argument(struct line *l, const wchar_t *w)
{
	if (!needs_quotes(w)) {
		for (; *w; w++)
			put(l, *w, 1);
		return;
	}
	put(l, L'"', 1);
	for (;;) {
		size_t backslashes = 0;
		while (*w == L'\\') {
			backslashes++;
			w++;
		}
		if (!*w) {
			/* Doubled, so that the closing quote stays a quote. */
			put(l, L'\\', 2 * backslashes);
			break;
		}
		if (*w == L'"')
			put(l, L'\\', 2 * backslashes + 1);
		else
			put(l, L'\\', backslashes);
		put(l, *w++, 1);
	}
	put(l, L'"', 1);
}

/* The program name ends at the first space unless it is quoted, and then
 * at the next quote: no escapes exist for it. */
static bool put_program(struct line *l, const wchar_t *w)
{
	bool quote = false;

	if (!*w)
		return false;
	for (const wchar_t *p = w; *p; p++) {
		if (*p == L'"')
			return false;
		if (*p == L' ' || *p == L'\t')
			quote = true;
	}
	if (quote)
		put(l, L'"', 1);
	for (; *w; w++)
		put(l, *w, 1);
	if (quote)
		put(l, L'"', 1);
	return true;
}

long wst_command_line_build(const wchar_t *const *argv, int argc, wchar_t *out, size_t cap)
{
	struct line l = { out, cap < WST_COMMAND_LINE_MAX ? cap : WST_COMMAND_LINE_MAX, 0, false };

	if (argc < 1 || !put_program(&l, argv[0]))
		return WST_COMMAND_LINE_BAD_PROGRAM;
	for (int i = 1; i < argc; i++) {
		put(&l, L' ', 1);
		put_argument(&l, argv[i]);
	}
	if (l.full || l.cap == 0)
		return WST_COMMAND_LINE_TOO_LONG;
	out[l.len] = 0;
	return (long)l.len;
}

wchar_t **wst_command_line_last_words(const wchar_t *line, int total, int n, wchar_t ***block)
{
	int count = 0;
	wchar_t **words = CommandLineToArgvW(line, &count);

	*block = words;
	if (!words || count != total || n < 0 || n > count)
		return NULL;
	return words + (count - n);
}
