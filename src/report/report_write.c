/* One entry for the four outputs. */
#include "wstrace/report.h"

void wst_report_write(struct wst_out *o, const struct wst_report_view *v, enum wst_report_format format)
{
	switch (format) {
	case WST_REPORT_TEXT: wst_report_write_text(o, v); break;
	case WST_REPORT_JSON: wst_report_write_json(o, v); break;
	case WST_REPORT_HTML: wst_report_write_html(o, v); break;
	case WST_REPORT_CSV: wst_report_write_csv(o, v); break;
	}
}

int wst_report_print(struct wst_report *r, const struct wst_report_input *in, struct wst_out *o,
                     enum wst_report_format format)
{
	struct wst_report_view view;

	wst_report_finish(r, in);
	wst_report_view(r, &view);
	wst_report_write(o, &view, format);
	wst_out_flush(o);
	return o->error;
}
