#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "start_options.h"
#include "wstrace/diag.h"

const char *const wst_decoder_choices[] = { "tdh", "builtin", NULL };

/* --duration SECS[.FRACTION]: more than 0, at most 10^7 seconds. */
int wst_start_duration(void *target, const char *value, char *err, size_t errlen)
{
	const char *dot = strchr(value, '.');
	size_t whole = dot ? (size_t)(dot - value) : strlen(value);
	char text[16], why[64];
	uint64_t seconds;

	if (whole >= sizeof text) {
		snprintf(err, errlen, "invalid --duration '%s': more than 10000000", value);
		return -1;
	}
	memcpy(text, value, whole);
	text[whole] = '\0';
	if (!wst_number_parse(text, 0, 10000000, 0, &seconds, why, sizeof why)) {
		snprintf(err, errlen, "invalid --duration '%s': %s", value, why);
		return -1;
	}
	size_t digits = dot ? strspn(dot + 1, "0123456789") : 0;
	if (dot && (digits == 0 || dot[1 + digits])) {
		snprintf(err, errlen, "invalid --duration '%s': not a number of seconds", value);
		return -1;
	}
	double d = strtod(value, NULL);
	if (!(d > 0) || d > 1e7) {
		snprintf(err, errlen, "invalid --duration '%s': %s", value,
		         d > 0 ? "more than 10000000" : "not more than 0");
		return -1;
	}
	*(double *)target = d;
	return 0;
}

void wst_start_defaults(struct wst_capture_options *o, struct wst_start_values *v)
{
	memset(o, 0, sizeof *o);
	wst_filter_init(&o->pipeline.filter);
	o->session = WST_SESSION_DEFAULT_NAME;
	*v = (struct wst_start_values){
		WST_DEFAULT_LEVEL, WST_DEFAULT_KEYWORDS, 0, WST_FORMAT_TEXT, WST_DECODER_TDH,
		false, false, false,
	};
}

int wst_start_finish(struct wst_capture_options *o, const struct wst_start_values *v)
{
	if (!o->session[0] || strlen(o->session) >= WST_NAME_CHARS)
		return wst_usage_error("invalid session name '%s'", o->session);
	o->level = (unsigned char)v->level;
	o->keywords = v->keywords;
	o->pipeline.format = (enum wst_format)v->format;
	o->decoder = (enum wst_decoder_choice)v->decoder;
	o->images = !v->no_images;
	o->names = !v->no_names;
	o->processes = !v->no_processes;
	o->pipeline.endpoint_capacity = (uint32_t)v->max_sockets;
	return 0;
}
