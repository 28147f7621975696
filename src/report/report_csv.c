/* The CSV report: RFC 4180 (CRLF line ends, fields with a comma, quote or
 * line break quoted, quotes doubled), a header row, one row per finding,
 * the columns named as the JSON keys. Endpoints are separated by spaces. */
#include "report_internal.h"
#include "wstrace/csv.h"
#include "wstrace/sockaddr.h"
#include "wstrace/timefmt.h"

static const char header[] =
	"finding,severity,summary,advice,pid,image,remote,remote_name,local,name,reason,count,first,last,endpoints";

static void number(struct wst_out *o, bool present, uint64_t n)
{
	if (present)
		wst_out_u64(o, n);
	wst_out_char(o, ',');
}

static void address(struct wst_out *o, const struct wst_sockaddr *a)
{
	char text[WST_ADDR_TEXT_LEN];

	wst_csv_field(o, a->family && wst_sockaddr_format(a, text) ? text : NULL, false);
}

static void time_field(struct wst_out *o, uint64_t t)
{
	char text[WST_TIME_TEXT_LEN];

	if (t)
		wst_out_mem(o, text, wst_time_iso(t, text));
	wst_out_char(o, ',');
}

void wst_report_write_csv(struct wst_out *o, const struct wst_report_view *v)
{
	char summary[WST_FINDING_SUMMARY_LEN];
	const struct wst_report_names *names = v->names;

	wst_out_str(o, header);
	wst_csv_end_row(o);
	for (uint32_t i = 0; i < v->finding_count; i++) {
		const struct wst_finding *f = &v->findings[i];
		wst_csv_field(o, wst_finding_name(f->id), false);
		wst_csv_field(o, wst_severity_name(wst_finding_severity(f->id)), false);
		wst_finding_summary(f, v, summary);
		wst_csv_field(o, summary, false);
		wst_csv_field(o, wst_finding_advice(f->id), false);
		number(o, f->has_pid, f->pid);
		wst_csv_field(o, f->has_pid && names->image ? names->image(names->ctx, f->pid) : NULL, false);
		address(o, &f->remote);
		wst_csv_field(o, f->remote.family && names->remote_name ? names->remote_name(names->ctx, f->pid, &f->remote) : NULL,
		      false);
		address(o, &f->local);
		wst_csv_field(o, f->name, false);
		wst_csv_field(o, f->reason, false);
		number(o, true, f->count);
		time_field(o, f->first);
		time_field(o, f->first ? f->last : 0);
		for (uint32_t e = 0; e < f->endpoint_count && e < WST_REPORT_ENDPOINTS_MAX; e++) {
			if (e)
				wst_out_char(o, ' ');
			wst_out_hex(o, f->endpoints[e]);
		}
		wst_csv_end_row(o);
	}
}
