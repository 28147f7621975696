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
