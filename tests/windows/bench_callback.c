/*
 * bench_callback CAPTURE.etl [PASSES] [json|text]
 *
 * The live path's cost per event: the capture's events, made into
 * EVENT_RECORDs in memory, go through the real ProcessTrace callback
 * (decode, endpoint table, format, write to NUL) PASSES times; prints
 * nanoseconds per event. A benchmark, not a test: nothing is asserted.
 * Run under Wine by `cmake --build BUILD --target bench_live`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consumer.h"
#include "live_output.h"
#include "record_builder.h"

/* About the events of one 128 KB ETW buffer. */
#define EVENTS_PER_BUFFER 512

int main(int argc, char **argv)
{
	struct loaded_capture cap;
	struct wst_pipeline_options opt;
	struct wst_consumer c;
	static struct wst_out out;
	LARGE_INTEGER freq, start, end;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_callback CAPTURE.etl [PASSES] [json|text]\n");
		return 2;
	}
	int passes = argc > 2 ? atoi(argv[2]) : 20;
	if (load_capture(argv[1], &cap) < 0 || cap.count == 0) {
		fprintf(stderr, "bench_callback: cannot read %s\n", argv[1]);
		return 1;
	}
	HANDLE null = CreateFileW(L"NUL", GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
	struct wst_console_text text;
	struct wst_live_sink sink;
	if (null == INVALID_HANDLE_VALUE)
		return 1;
	wst_live_sink_for_handle(null, &sink, &text);
	struct wst_live_output *live = wst_live_output_start(&sink);
	if (!live)
		return 1;
	memset(&opt, 0, sizeof opt);
	wst_filter_init(&opt.filter);
	opt.format = argc > 3 && strcmp(argv[3], "text") == 0 ? WST_FORMAT_TEXT : WST_FORMAT_JSON;
	wst_out_init_sink(&out, wst_live_output_push, live);
	if (wst_consumer_init(&c, &opt, &out, NULL, NULL, NULL) < 0)
		return 1;

	/* The records are built beforehand: ProcessTrace hands them over ready. */
	EVENT_RECORD *records = calloc(cap.count, sizeof *records);
	if (!records)
		return 1;
	for (size_t i = 0; i < cap.count; i++)
		record_from_event(&cap.events[i], &records[i], &c);
	QueryPerformanceFrequency(&freq);
	EVENT_TRACE_LOGFILEW lf;
	memset(&lf, 0, sizeof lf);
	lf.Context = &c;
	unsigned in_buffer = 0;
	QueryPerformanceCounter(&start);
	for (int p = 0; p < passes; p++) {
		for (size_t i = 0; i < cap.count; i++) {
			wst_consumer_on_event(&records[i]);
			if (++in_buffer == EVENTS_PER_BUFFER) {
				wst_consumer_on_buffer(&lf);
				in_buffer = 0;
			}
		}
	}
	wst_consumer_on_buffer(&lf);
	uint64_t unwritten = wst_live_output_finish(live);
	QueryPerformanceCounter(&end);
	if (unwritten)
		fprintf(stderr, "bench_callback: %llu bytes not written\n", (unsigned long long)unwritten);

	double seconds = (double)(end.QuadPart - start.QuadPart) / (double)freq.QuadPart;
	double events = (double)cap.count * passes;
	printf("live callback (%s): %.0f events in %.3f s: %.0f ns/event, %.0f events/s\n",
	       opt.format == WST_FORMAT_JSON ? "json" : "text", events, seconds,
	       seconds * 1e9 / events, events / seconds);
	wst_consumer_free(&c);
	free(records);
	free_capture(&cap);
	wst_live_output_free(live);
	CloseHandle(null);
	return 0;
}
