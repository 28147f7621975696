/* The loss report inside the event stream: a JSON "event":"stats" line,
 * or a text warning line. The live controller writes one whenever
 * Windows' counters of lost events or buffers grow, and its JSON stream
 * ends with one; parse's JSON ends with one when sockets were evicted. */
#include "json_writer.h"
#include "wstrace/format.h"
#include "wstrace/timefmt.h"

void wst_format_json_stats(struct wst_out *o, uint64_t timestamp, const struct wst_capture_stats *s)
{
	struct wst_json j;

	wst_json_begin(&j, o);
	wst_json_u64(&j, "v", WST_JSON_SCHEMA_VERSION);
	wst_json_time(&j, "ts", timestamp);
	wst_json_str(&j, "event", "stats");
	wst_json_u64(&j, "events", s->events);
	wst_json_u64(&j, "events_lost", s->events_lost);
	wst_json_u64(&j, "buffers_lost", s->buffers_lost);
	if (s->sockets_evicted || s->processes_evicted) {
		wst_json_u64(&j, "sockets_evicted", s->sockets_evicted);
		wst_json_u64(&j, "processes_evicted", s->processes_evicted);
	}
	wst_json_end(&j);
	wst_out_end_line(o);
}

void wst_format_text_stats(struct wst_out *o, uint64_t timestamp, const struct wst_capture_stats *s)
{
	char clock[WST_CLOCK_TEXT_LEN];
	size_t n = wst_time_clock(timestamp, clock);

	wst_out_mem(o, clock, n);
	wst_out_str(o, " warning: the session lost events: events=");
	wst_out_u64(o, s->events);
	wst_out_str(o, " events_lost=");
	wst_out_u64(o, s->events_lost);
	wst_out_str(o, " buffers_lost=");
	wst_out_u64(o, s->buffers_lost);
	wst_out_end_line(o);
}
