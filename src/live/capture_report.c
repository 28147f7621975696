#include "capture_report.h"
#include "wstrace/diag.h"

bool wst_capture_report_attach(struct wst_capture_report *r, bool want,
                               struct wst_capture_options *o)
{
	struct wst_report_options opt = { .socket_capacity = o->pipeline.endpoint_capacity };

	r->report = want ? wst_report_new(&opt) : NULL;
	if (want && !r->report) {
		wst_error("out of memory for the report");
		return false;
	}
	if (r->report) {
		wst_report_observe(r->report, &r->observer);
		o->pipeline.observer = &r->observer;
	}
	return true;
}

int wst_capture_report_print(struct wst_capture_report *r, int capture_status, FILE *to)
{
	int error = 0;

	if (r->report && (capture_status == WST_EXIT_OK || capture_status == WST_EXIT_LOST)) {
		/* Static: the report's output buffer is large. The capture's
		 * writer thread is done with to. */
		static struct wst_out out;
		struct wst_report_input in = { NULL, 0, 0, 0, 0, 0, 0 };
		wst_out_init(&out, to, false);
		error = wst_report_print(r->report, &in, &out, WST_REPORT_TEXT);
	}
	wst_report_free(r->report);
	r->report = NULL;
	return error;
}
