#include <string.h>

#include "wstrace/decoder.h"
#include "wstrace/pipeline.h"

int wst_pipeline_init(struct wst_pipeline *p, const struct wst_pipeline_options *opt,
                      struct wst_out *out)
{
	uint32_t capacity = opt->endpoint_capacity ? opt->endpoint_capacity
	                                           : WST_ENDPOINT_DEFAULT_CAPACITY;

	memset(p, 0, sizeof *p);
	p->opt = *opt;
	p->out = out;
	p->endpoints = wst_endpoint_table_new(capacity, WST_PROCESS_DEFAULT_CAPACITY);
	return p->endpoints ? 0 : -1;
}

void wst_pipeline_free(struct wst_pipeline *p)
{
	wst_endpoint_table_free(p->endpoints);
	p->endpoints = NULL;
}

static void print_other(struct wst_pipeline *p, const struct wst_event *ev)
{
	if (!p->opt.all_providers || !wst_filter_match_generic(&p->opt.filter, ev))
		return;
	if (p->opt.format == WST_FORMAT_JSON)
		wst_format_json_generic(p->out, ev);
	else
		wst_format_text_generic(p->out, ev);
	p->counts.printed++;
}

void wst_pipeline_event(struct wst_pipeline *p, const struct wst_event *ev)
{
	struct wst_record rec;

	p->counts.events++;
	if (!wst_guid_equal(&ev->provider, &wst_afd_provider_guid)) {
		print_other(p, ev);
		return;
	}
	if (p->opt.resolve)
		wst_decode_with(ev, p->opt.resolve(p->opt.resolve_ctx, ev), &rec);
	else
		wst_decode(ev, &rec);
	p->counts.afd++;
	if (!rec.desc)
		p->counts.unknown++;
	if (rec.truncated) {
		p->counts.truncated++;
		if (p->on_truncated)
			p->on_truncated(p->ctx, &rec);
	}
	/* The table learns from every event, printed or not, so that the
	 * filters and later events see the socket's whole story. */
	wst_endpoint_table_apply(p->endpoints, &rec);
	if (!wst_filter_match(&p->opt.filter, &rec))
		return;
	if (p->opt.format == WST_FORMAT_JSON)
		wst_format_json(p->out, &rec);
	else
		wst_format_text(p->out, &rec);
	p->counts.printed++;
}
