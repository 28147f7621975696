/* wstrace info FILE.etl: what a capture holds, without decoding payloads. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "info_packets.h"
#include "options.h"
#include "wstrace/diag.h"
#include "wstrace/etl_reader.h"
#include "wstrace/provider_names.h"
#include "wstrace/timefmt.h"

/* Distinct (provider, id) pairs are few in real captures; a hostile file
 * cannot make the list grow past this. */
#define MAX_PAIRS 4096

struct pair_count {
	char guid[WST_GUID_TEXT_LEN];
	uint16_t id;
	uint64_t count;
};

struct census {
	struct pair_count pairs[MAX_PAIRS];
	size_t used;
	uint64_t uncounted;   /* events of pairs past MAX_PAIRS */
	struct wst_guid last_guid;
	size_t last;          /* consecutive events mostly share a pair */
};

static void count_event(struct census *c, const struct wst_event *ev)
{
	char guid[WST_GUID_TEXT_LEN];

	if (c->used && c->pairs[c->last].id == ev->id && wst_guid_equal(&c->last_guid, &ev->provider)) {
		c->pairs[c->last].count++;
		return;
	}
	wst_guid_format(&ev->provider, guid);
	for (size_t i = 0; i < c->used; i++) {
		if (c->pairs[i].id == ev->id && strcmp(c->pairs[i].guid, guid) == 0) {
			c->pairs[i].count++;
			c->last = i;
			c->last_guid = ev->provider;
			return;
		}
	}
	if (c->used == MAX_PAIRS) {
		c->uncounted++;
		return;
	}
	struct pair_count *p = &c->pairs[c->used];
	memcpy(p->guid, guid, sizeof guid);
	p->id = ev->id;
	p->count = 1;
	c->last = c->used++;
	c->last_guid = ev->provider;
}

static int pair_order(const void *a, const void *b)
{
	const struct pair_count *x = a, *y = b;
	int g = strcmp(x->guid, y->guid);
	return g ? g : (int)x->id - (int)y->id;
}

static const char *clock_name(uint32_t clock)
{
	switch (clock) {
	case 0: return "raw";
	case 1: return "qpc";
	case 2: return "system";
	case 3: return "cpu_cycles";
	default: return "unknown";
	}
}

static cJSON *info_json(const char *path, const struct wst_etl_header *h,
                        const struct wst_etl_stats *s, const struct census *c)
{
	char text[WST_TIME_TEXT_LEN], version[32], mode[16];
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "file", path);
	cJSON_AddNumberToObject(o, "buffer_size", h->buffer_size);
	cJSON_AddNumberToObject(o, "buffers", h->buffers_written);
	snprintf(version, sizeof version, "%u.%u", h->version[0], h->version[1]);
	cJSON_AddStringToObject(o, "os_version", version);
	cJSON_AddNumberToObject(o, "os_build", h->os_build);
	cJSON_AddNumberToObject(o, "pointer_size", h->pointer_size);
	cJSON_AddNumberToObject(o, "processors", h->num_processors);
	cJSON_AddStringToObject(o, "clock", clock_name(h->clock_type));
	cJSON_AddNumberToObject(o, "perf_freq", (double)h->perf_freq);
	wst_time_iso(h->start_time, text);
	cJSON_AddStringToObject(o, "start", text);
	wst_time_iso(h->end_time, text);
	cJSON_AddStringToObject(o, "end", text);
	cJSON_AddNumberToObject(o, "events_lost", h->events_lost);
	cJSON_AddNumberToObject(o, "buffers_lost", h->buffers_lost);
	cJSON_AddStringToObject(o, "logger_name", h->logger_name);
	cJSON_AddStringToObject(o, "log_file_name", h->log_file_name);
	snprintf(mode, sizeof mode, "0x%08x", h->log_file_mode);
	cJSON_AddStringToObject(o, "log_file_mode", mode);
	cJSON_AddNumberToObject(o, "compression_format", h->compression_format);
	cJSON_AddNumberToObject(o, "buffers_read", (double)s->buffers);
	cJSON_AddNumberToObject(o, "buffers_skipped", (double)s->buffers_skipped);
	cJSON_AddNumberToObject(o, "problems", (double)s->problems);

	cJSON *records = cJSON_AddObjectToObject(o, "records");
	for (int k = 0; k < WST_ETL_KIND_COUNT; k++)
		cJSON_AddNumberToObject(records, wst_etl_kind_name((enum wst_etl_kind)k),
		                        (double)s->records_by_kind[k]);
	cJSON *providers = cJSON_AddObjectToObject(o, "providers");
	for (size_t i = 0; i < c->used; i++) {
		cJSON *ids = cJSON_GetObjectItemCaseSensitive(providers, c->pairs[i].guid);
		if (!ids)
			ids = cJSON_AddObjectToObject(providers, c->pairs[i].guid);
		char id[8];
		snprintf(id, sizeof id, "%u", c->pairs[i].id);
		cJSON_AddNumberToObject(ids, id, (double)c->pairs[i].count);
	}
	cJSON *names = NULL;
	for (size_t i = 0; i < c->used; i++) {
		const char *name = wst_provider_name(c->pairs[i].guid);
		if (!name || (names && cJSON_GetObjectItemCaseSensitive(names, c->pairs[i].guid)))
			continue;
		if (!names)
			names = cJSON_AddObjectToObject(o, "provider_names");
		cJSON_AddStringToObject(names, c->pairs[i].guid, name);
	}
	if (c->uncounted)
		cJSON_AddNumberToObject(o, "events_not_counted", (double)c->uncounted);
	return o;
}

static void info_text(const char *path, const struct wst_etl_header *h,
                      const struct wst_etl_stats *s, const struct census *c)
{
	char start[WST_TIME_TEXT_LEN], end[WST_TIME_TEXT_LEN];

	wst_time_iso(h->start_time, start);
	wst_time_iso(h->end_time, end);
	printf("file          %s\n", path);
	printf("logger        %s\n", h->logger_name);
	printf("log file      %s\n", h->log_file_name);
	printf("os            %u.%u build %u, %u processors, %u-bit pointers\n", h->version[0],
	       h->version[1], h->os_build, h->num_processors, h->pointer_size * 8);
	printf("buffers       %u of %u bytes (%llu read, %llu skipped)\n", h->buffers_written,
	       h->buffer_size, (unsigned long long)s->buffers, (unsigned long long)s->buffers_skipped);
	printf("clock         %s, %llu Hz\n", clock_name(h->clock_type), (unsigned long long)h->perf_freq);
	printf("start         %s\n", start);
	printf("end           %s\n", end);
	printf("lost          %u events, %u buffers\n", h->events_lost, h->buffers_lost);
	printf("log mode      0x%08x%s\n", h->log_file_mode,
	       h->compression_format ? " (compressed)" : "");
	printf("records      ");
	for (int k = 0; k < WST_ETL_KIND_COUNT; k++)
		if (s->records_by_kind[k])
			printf(" %s=%llu", wst_etl_kind_name((enum wst_etl_kind)k),
			       (unsigned long long)s->records_by_kind[k]);
	printf("\nproviders\n");
	/* Known providers are named in a column of their own, as wide as
	 * the longest name there is to show. */
	int width = 0;
	for (size_t i = 0; i < c->used; i++) {
		const char *name = wst_provider_name(c->pairs[i].guid);
		if (name && (int)strlen(name) > width)
			width = (int)strlen(name);
	}
	for (size_t i = 0; i < c->used; i++) {
		const char *name = wst_provider_name(c->pairs[i].guid);
		if (width)
			printf("  %s %-*s  id %-5u %llu\n", c->pairs[i].guid, width, name ? name : "-",
			       c->pairs[i].id, (unsigned long long)c->pairs[i].count);
		else
			printf("  %s  id %-5u %llu\n", c->pairs[i].guid, c->pairs[i].id,
			       (unsigned long long)c->pairs[i].count);
	}
	if (c->uncounted)
		printf("  (%llu events of further providers and ids not counted)\n",
		       (unsigned long long)c->uncounted);
}

int wst_cmd_info(int argc, char **argv)
{
	int format = WST_FORMAT_TEXT;
	const struct wst_option options[] = {
		WST_OPT_CHOICE("format", 0, &format, wst_format_choices,
		               "aligned text (default) or one JSON object"),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace info FILE.etl [--format text|json]",
		"Prints the capture's logfile header (buffer size, buffers, OS build, pointer\n"
		"size, clock, start and end, events lost, logger name) and counts its records\n"
		"by kind and its events by provider and event id. For packet captures, also the\n"
		"PktMon components (id, type, name) with the packets each logged and dropped,\n"
		"and the NDIS-PacketCapture miniports with their packets, and their link types.\n",
		options, NULL, false,
	};
	struct wst_words words;

	int status = wst_options_parse(&command, argc, argv, &words);
	if (status)
		return status == WST_OPTIONS_HELP ? wst_finish_stdout() : status;
	if (words.count == 0)
		return wst_usage_error("info needs a capture file");
	if (words.count > 1)
		return wst_usage_error("info takes one file; '%s' is one too many", words.word[1]);
	const char *path = words.word[0];

	struct wst_problem_log log = { path, 0 };
	struct wst_etl_problem_sink sink = { wst_problem_report, &log };
	char err[256];
	struct wst_etl_reader *r = wst_etl_open(path, &sink, err, sizeof err, NULL);
	if (!r) {
		wst_error("%s: %s", path, err);
		return WST_EXIT_FAILURE;
	}
	struct census *c = calloc(1, sizeof *c);
	if (!c) {
		wst_etl_close(r);
		wst_error("out of memory");
		return WST_EXIT_FAILURE;
	}
	struct wst_packet_census packets;
	wst_packet_census_init(&packets);
	struct wst_etl_record rec;
	int step;
	while ((step = wst_etl_next(r, &rec)) == 1) {
		if (rec.kind == WST_ETL_EVENT_HEADER) {
			count_event(c, &rec.event);
			wst_packet_census_event(&packets, &rec.event);
		}
	}
	wst_packet_census_finish(&packets);
	/* A read error is a failure to read the file, not damage in it. */
	bool read_failed = step < 0 || wst_etl_stats(r)->read_errors;
	qsort(c->pairs, c->used, sizeof c->pairs[0], pair_order);
	wst_packet_census_sort(&packets);

	wst_stdout_setup();
	int rc = 0;
	if (format == WST_FORMAT_JSON) {
		cJSON *o = info_json(path, wst_etl_header(r), wst_etl_stats(r), c);
		if (o)
			wst_info_packets_json(o, &packets);
		char *text = o ? cJSON_PrintUnformatted(o) : NULL;
		if (text)
			puts(text);
		else
			rc = wst_error("out of memory");
		free(text);
		cJSON_Delete(o);
	} else {
		info_text(path, wst_etl_header(r), wst_etl_stats(r), c);
		wst_info_packets_text(&packets);
	}
	if (packets.out_of_memory)
		rc = wst_error("out of memory for the packet sources");
	wst_packet_census_free(&packets);
	free(c);
	wst_etl_close(r);
	int out = wst_finish_stdout();
	if (out || rc || read_failed)
		return WST_EXIT_FAILURE;
	return log.count ? WST_EXIT_DAMAGED : WST_EXIT_OK;
}
