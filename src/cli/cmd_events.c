/* wstrace events: the decode table, as generated from manifests/. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "wstrace/diag.h"
#include "wstrace/schema.h"

static cJSON *event_json(const struct wst_event_desc *d)
{
	cJSON *o = cJSON_CreateObject(), *fields = cJSON_CreateArray();

	cJSON_AddStringToObject(o, "provider", wst_provider_desc(d->provider)->name);
	cJSON_AddNumberToObject(o, "id", d->id);
	cJSON_AddNumberToObject(o, "version", d->version);
	cJSON_AddStringToObject(o, "name", d->name);
	cJSON_AddStringToObject(o, "symbol", d->symbol);
	cJSON_AddNumberToObject(o, "level", d->level);
	cJSON_AddBoolToObject(o, "failure", (d->flags & WST_EVENT_FAILURE) != 0);
	for (unsigned i = 0; i < d->field_count; i++) {
		const struct wst_field_desc *f = &d->fields[i];
		cJSON *fo = cJSON_CreateObject();
		cJSON_AddStringToObject(fo, "name", f->name);
		cJSON_AddStringToObject(fo, "key", f->key);
		cJSON_AddStringToObject(fo, "type", wst_field_type_name(f->type));
		if (f->type == WST_FT_BINARY && f->length_field >= 0)
			cJSON_AddStringToObject(fo, "length", d->fields[f->length_field].name);
		else if (f->type == WST_FT_BINARY)
			cJSON_AddNumberToObject(fo, "length", f->length);
		cJSON_AddItemToArray(fields, fo);
	}
	cJSON_AddItemToObject(o, "fields", fields);
	return o;
}

static int print_json(void)
{
	for (size_t i = 0; i < wst_event_count; i++) {
		cJSON *o = event_json(&wst_events[i]);
		char *text = o ? cJSON_PrintUnformatted(o) : NULL;
		cJSON_Delete(o);
		if (!text) {
			wst_error("out of memory");
			return WST_EXIT_FAILURE;
		}
		/* The table outgrows stdio's buffer: a write that fails on the
		 * way is reported with its own errno, which a later flush loses. */
		errno = 0;
		int written = puts(text);
		free(text);
		if (written < 0)
			return wst_output_status(errno ? errno : EIO);
	}
	return 0;
}

static void print_text(void)
{
	printf("%-15s %-5s %-3s %-26s %-5s %s\n", "PROVIDER", "ID", "VER", "NAME", "LEVEL", "FIELDS");
	for (size_t i = 0; i < wst_event_count; i++) {
		const struct wst_event_desc *d = &wst_events[i];
		printf("%-15s %-5u %-3u %-26s %-5u", wst_provider_desc(d->provider)->short_name,
		       d->id, d->version, d->name, d->level);
		for (unsigned f = 0; f < d->field_count; f++)
			printf(" %s:%s", d->fields[f].name,
			       wst_field_type_name(d->fields[f].type));
		putchar('\n');
	}
}

int wst_cmd_events(int argc, char **argv)
{
	int format = WST_FORMAT_TEXT;
	const struct wst_option options[] = {
		WST_OPT_CHOICE("format", 0, &format, wst_format_choices,
		               "a table (default) or one JSON object per event"),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace events [--format text|json]",
		"Lists every event wstrace decodes (Winsock-AFD, Winsock-NameResolution,\n"
		"DNS-Client, Kernel-Process): provider, id, version, stable name, level and\n"
		"the template's fields in payload order.\n",
		options, NULL, false,
	};
	struct wst_words words;

	int rc = wst_options_parse(&command, argc, argv, &words);
	if (!rc)
		rc = wst_options_no_words(&words, "events");
	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;
	wst_stdout_setup();
	if (format == WST_FORMAT_JSON)
		rc = print_json();
	else
		print_text();
	if (rc)
		return rc;  /* said already */
	return wst_finish_stdout();
}
