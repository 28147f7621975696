/* wstrace status: the running sessions that have the AFD provider enabled
 * or carry wstrace's session name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture_messages.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "output/json_writer.h"
#include "session.h"
#include "status_query.h"
#include "win_error.h"
#include "wstrace/diag.h"
#include "wstrace/format.h"

static void print_text_header(void)
{
	printf("%-24s %-4s %-5s %-18s %-12s %-6s %-11s %-12s %s\n", "SESSION", "AFD", "LEVEL",
	       "KEYWORDS", "BUFFERS", "FREE", "EVENTS_LOST", "BUFFERS_LOST", "LOG_FILE");
}

static void print_text(const struct wst_status_row *r)
{
	char buffers[32], level[8] = "-", keywords[24] = "-";

	snprintf(buffers, sizeof buffers, "%ux%uKB", r->stats.buffers, r->stats.buffer_kb);
	if (r->afd) {
		snprintf(level, sizeof level, "%u", r->level);
		snprintf(keywords, sizeof keywords, "0x%llx", r->keywords);
	}
	printf("%-24s %-4s %-5s %-18s %-12s %-6u %-11llu %-12llu %s\n", r->name,
	       r->afd ? "yes" : "no", level, keywords, buffers, r->stats.free_buffers,
	       (unsigned long long)r->stats.events_lost,
	       (unsigned long long)(r->stats.rt_buffers_lost + r->stats.log_buffers_lost),
	       r->log_file[0] ? r->log_file : "-");
}

static void print_json(struct wst_out *o, const struct wst_status_row *r)
{
	struct wst_json j;

	wst_json_begin(&j, o);
	wst_json_u64(&j, "v", WST_JSON_SCHEMA_VERSION);
	wst_json_str(&j, "session", r->name);
	wst_json_bool(&j, "afd", r->afd);
	if (r->afd) {
		wst_json_u64(&j, "level", r->level);
		wst_json_hex(&j, "keywords", r->keywords);
	}
	wst_json_bool(&j, "real_time", r->real_time);
	wst_json_u64(&j, "buffer_size_kb", r->stats.buffer_kb);
	wst_json_u64(&j, "buffers", r->stats.buffers);
	wst_json_u64(&j, "free_buffers", r->stats.free_buffers);
	wst_json_u64(&j, "buffers_written", r->stats.buffers_written);
	wst_json_u64(&j, "events_lost", r->stats.events_lost);
	wst_json_u64(&j, "buffers_lost", r->stats.rt_buffers_lost + r->stats.log_buffers_lost);
	if (r->log_file[0]) {
		wst_json_str(&j, "log_file", r->log_file);
	} else {
		wst_json_key(&j, "log_file");
		wst_out_str(o, "null");
	}
	wst_json_end(&j);
	wst_out_end_line(o);
}

int wst_cmd_status(int argc, char **argv)
{
	static struct wst_out out;
	const char *session = WST_SESSION_DEFAULT_NAME;
	int format = WST_FORMAT_TEXT;
	const struct wst_option options[] = {
		WST_OPT_CHOICE("format", 0, &format, wst_format_choices,
		               "a table (default) or one JSON object per session"),
		WST_OPT_STRING("session", 0, &session, "NAME",
		               "also list the session of this name (default wstrace)"),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace status [--format text|json] [--session NAME]",
		"Lists the running trace sessions that have Microsoft-Windows-Winsock-AFD enabled or\n"
		"are named NAME (default wstrace): level and keywords, buffers, events and buffers\n"
		"lost, log file. Needs an elevated prompt (or Performance Log Users) to see them all.\n",
		options,
		"Exit status: 0 listed (also when none runs), 1 failure, 2 usage.\n",
		false,
	};
	struct wst_words words;

	int status = wst_options_parse(&command, argc, argv, &words);
	if (!status)
		status = wst_options_no_words(&words, "status");
	if (status)
		return status == WST_OPTIONS_HELP ? wst_finish_stdout() : status;

	struct wst_status_row *rows;
	size_t count;
	bool partial;
	ULONG rc = wst_status_query(&wst_etw_windows, session, &rows, &count, &partial);
	if (rc != ERROR_SUCCESS) {
		wst_win_error(rc, rc == ERROR_ACCESS_DENIED ? wst_access_advice() : NULL,
		              "cannot list the trace sessions");
		return WST_EXIT_FAILURE;
	}
	if (partial)
		wst_warning("more trace sessions run than Windows listed; some may be missing here");
	wst_stdout_setup();
	if (format == WST_FORMAT_JSON) {
		wst_out_init(&out, stdout, false);
		for (size_t i = 0; i < count; i++)
			print_json(&out, &rows[i]);
		wst_out_flush(&out);
		free(rows);
		return wst_output_status(out.error);
	}
	if (count == 0) {
		printf("no session has Microsoft-Windows-Winsock-AFD enabled or the name '%s'\n",
		       session);
	} else {
		print_text_header();
		for (size_t i = 0; i < count; i++)
			print_text(&rows[i]);
	}
	free(rows);
	return wst_finish_stdout();
}
