/* One record formatted as the program writes it, for exact assertions. */
#ifndef WSTRACE_TEST_FORMAT_LINE_H
#define WSTRACE_TEST_FORMAT_LINE_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wstrace/format.h"

/* The record's JSON (or text) line without its newline; valid until the
 * next call. */
static inline const char *format_line(const struct wst_record *rec, bool json)
{
	static char line[8192];
	static struct wst_text_memo memo;
	struct wst_out out;
	FILE *fp = tmpfile();

	assert_non_null(fp);
	wst_text_memo_init(&memo);
	wst_out_init(&out, fp, false);
	if (json)
		wst_format_json(&out, &memo, rec);
	else
		wst_format_text(&out, &memo, rec);
	assert_int_equal(wst_out_flush(&out), 0);
	rewind(fp);
	assert_non_null(fgets(line, sizeof line, fp));
	fclose(fp);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

#endif
