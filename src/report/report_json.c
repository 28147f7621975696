/* The JSON report: one line per finding, schema v1 (docs/json-schema.md),
 * in the text report's order. Keys that do not apply are left out. */
#include "../output/json_writer.h"
#include "report_internal.h"
#include "wstrace/format.h"
#include "wstrace/sockaddr.h"
#include "wstrace/timefmt.h"

static void address(struct wst_json *j, const char *key, const char *name_key, uint32_t pid,
                    const struct wst_sockaddr *a, const struct wst_report_names *names)
{
	char text[WST_ADDR_TEXT_LEN];

	if (!a->family)
		return;
	wst_sockaddr_format(a, text);
	wst_json_own_str(j, key, text);
	const char *name = names->remote_name && name_key ? names->remote_name(names->ctx, pid, a) : NULL;
	if (name)
		wst_json_str(j, name_key, name);
}

static void time_member(struct wst_json *j, const char *key, uint64_t t)
{
	char text[WST_TIME_TEXT_LEN];

	wst_time_iso(t, text);
	wst_json_own_str(j, key, text);
}

void wst_report_write_json(struct wst_out *o, const struct wst_report_view *v)
{
	char summary[WST_FINDING_SUMMARY_LEN];

	for (uint32_t i = 0; i < v->finding_count; i++) {
		const struct wst_finding *f = &v->findings[i];
		struct wst_json j;
		wst_json_begin(&j, o);
		wst_json_u64(&j, "v", WST_JSON_SCHEMA_VERSION);
		wst_json_own_str(&j, "finding", wst_finding_name(f->id));
		wst_json_own_str(&j, "severity", wst_severity_name(wst_finding_severity(f->id)));
		wst_finding_summary(f, v, summary);
		wst_json_str(&j, "summary", summary);
		wst_json_own_str(&j, "advice", wst_finding_advice(f->id));
		if (f->has_pid) {
			wst_json_u64(&j, "pid", f->pid);
			const char *image = v->names->image ? v->names->image(v->names->ctx, f->pid) : NULL;
			if (image)
				wst_json_str(&j, "image", image);
		}
		address(&j, "remote", "remote_name", f->pid, &f->remote, v->names);
		address(&j, "local", NULL, f->pid, &f->local, v->names);
		if (f->name[0])
			wst_json_str(&j, "name", f->name);
		if (f->reason[0])
			wst_json_str(&j, "reason", f->reason);
		wst_json_u64(&j, "count", f->count);
		if (f->first) {
			time_member(&j, "first", f->first);
			time_member(&j, "last", f->last);
		}
		if (f->endpoint_count) {
			wst_json_key(&j, "endpoints");
			for (uint32_t e = 0; e < f->endpoint_count && e < WST_REPORT_ENDPOINTS_MAX; e++) {
				wst_out_str(o, e ? ",\"" : "[\"");
				wst_out_hex(o, f->endpoints[e]);
				wst_out_char(o, '"');
			}
			wst_out_char(o, ']');
			if (f->endpoint_count > WST_REPORT_ENDPOINTS_MAX)
				wst_json_u64(&j, "endpoints_more", f->endpoint_count - WST_REPORT_ENDPOINTS_MAX);
		}
		wst_json_end(&j);
		wst_out_end_line(o);
	}
}
