#include <string.h>

#include "wstrace/decoder.h"
#include "wstrace/pipeline.h"

/* The socket owner's image and its remote's name, as far as the process
 * and name tables (or the live image lookup) know them. */
static struct wst_names socket_names(struct wst_pipeline *p, const struct wst_endpoint_info *info)
{
	struct wst_names names = { NULL, NULL };

	if (!info->pid_known)
		return names;
	const struct wst_process_info *owner = wst_process_table_find(p->processes, info->pid);
	if (owner && owner->image[0])
		names.image = owner->image;
	else if (p->opt.image)
		names.image = p->opt.image(p->opt.image_ctx, info->pid);
	names.host = wst_name_table_find(p->names, info->pid, &info->remote);
	return names;
}

static void print_summary(struct wst_pipeline *p, const struct wst_endpoint_info *info,
                          enum wst_endpoint_end how)
{
	struct wst_names names = socket_names(p, info);

	if (!wst_filter_match_socket(&p->opt.filter, info, &names))
		return;
	if (p->opt.format == WST_FORMAT_JSON) {
		wst_format_summary_json(p->out, info, &names, how);
	} else if (p->opt.summary_only) {
		if (!p->header_printed)
			wst_format_summary_header(p->out);
		p->header_printed = true;
		wst_format_summary_row(p->out, info, &names, how);
	} else {
		wst_format_summary_text(p->out, info, &names, how);
	}
	p->counts.printed++;
}

static void print_ended(struct wst_pipeline *p)
{
	for (unsigned i = 0; i < p->ended_count; i++)
		print_summary(p, &p->ended[i], p->ended_how[i]);
	p->ended_count = 0;
}

/* The endpoint table reports ended lives from inside its update, before
 * the event's own line is out: keep them until then. */
static void remember_end(void *ctx, const struct wst_endpoint_info *info, enum wst_endpoint_end how)
{
	struct wst_pipeline *p = ctx;

	if (p->finishing) {
		print_summary(p, info, how);
		return;
	}
	if (p->ended_count == WST_PIPELINE_ENDED_MAX)
		print_ended(p);
	p->ended[p->ended_count] = *info;
	p->ended_how[p->ended_count++] = how;
}

int wst_pipeline_init(struct wst_pipeline *p, const struct wst_pipeline_options *opt,
                      struct wst_out *out)
{
	uint32_t capacity = opt->endpoint_capacity ? opt->endpoint_capacity
	                                           : WST_ENDPOINT_DEFAULT_CAPACITY;

	memset(p, 0, sizeof *p);
	p->opt = *opt;
	p->out = out;
	wst_text_memo_init(&p->memo);
	p->endpoints = wst_endpoint_table_new(capacity, WST_PROCESS_DEFAULT_CAPACITY);
	p->processes = wst_process_table_new(WST_PROCESS_TABLE_DEFAULT_CAPACITY);
	p->names = wst_name_table_new(WST_NAME_TABLE_DEFAULT_CAPACITY);
	if (!p->endpoints || !p->processes || !p->names) {
		wst_pipeline_free(p);
		return -1;
	}
	if (p->opt.summary_only)
		p->opt.summary = true;
	if (p->opt.summary)
		wst_endpoint_table_on_end(p->endpoints, remember_end, p);
	return 0;
}

void wst_pipeline_free(struct wst_pipeline *p)
{
	wst_endpoint_table_free(p->endpoints);
	wst_process_table_free(p->processes);
	wst_name_table_free(p->names);
	p->endpoints = NULL;
	p->processes = NULL;
	p->names = NULL;
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

/* The tables learn from every event, printed or not, so that the filters
 * and later events see the whole story: sockets, processes, names. */
static void enrich(struct wst_pipeline *p, struct wst_record *rec)
{
	switch (rec->provider) {
	case WST_PROVIDER_AFD:
		p->counts.afd++;
		wst_endpoint_table_apply(p->endpoints, rec);
		/* A capture without lookups pays nothing for the name table. */
		if (rec->remote.family != WST_FAMILY_NONE && wst_name_table_stats(p->names)->learnt)
			rec->remote_name = wst_name_table_find(p->names, rec->pid, &rec->remote);
		break;
	case WST_PROVIDER_KERNEL_PROCESS:
		p->counts.processes++;
		wst_process_table_apply(p->processes, rec);
		return;
	default:
		p->counts.lookups++;
		wst_name_table_apply(p->names, rec);
		break;
	}
	if (!wst_process_table_stats(p->processes)->processes)
		return;  /* nor one without process events for the process table */
	const struct wst_process_info *owner = wst_process_table_find(p->processes, rec->pid);
	if (owner && owner->image[0])
		rec->image = owner->image;
}

void wst_pipeline_event(struct wst_pipeline *p, const struct wst_event *ev)
{
	struct wst_record rec;
	enum wst_provider provider = wst_provider_of(&ev->provider);

	p->counts.events++;
	if (provider == WST_PROVIDER_OTHER) {
		print_other(p, ev);
		return;
	}
	if (p->opt.resolve && provider == WST_PROVIDER_AFD)
		wst_decode_as(ev, provider, p->opt.resolve(p->opt.resolve_ctx, ev), &rec);
	else
		wst_decode_as(ev, provider, wst_schema_lookup_in(provider, ev->id, ev->version), &rec);
	if (!rec.desc && provider != WST_PROVIDER_AFD) {
		/* The name and process providers' other events: undecoded. */
		print_other(p, ev);
		return;
	}
	if (!rec.desc)
		p->counts.unknown++;
	if (rec.truncated) {
		p->counts.truncated++;
		if (p->on_truncated)
			p->on_truncated(p->ctx, &rec);
	}
	enrich(p, &rec);
	if (!rec.image && p->opt.image && p->opt.filter.image_count)
		rec.image = p->opt.image(p->opt.image_ctx, rec.pid);  /* --image needs it now */
	if (!p->opt.summary_only && wst_filter_match(&p->opt.filter, &rec)) {
		/* Named only when printed: the lookup may cost a system call. */
		if (!rec.image && p->opt.image)
			rec.image = p->opt.image(p->opt.image_ctx, rec.pid);
		if (p->opt.format == WST_FORMAT_JSON)
			wst_format_json(p->out, &p->memo, &rec);
		else
			wst_format_text(p->out, &p->memo, &rec);
		p->counts.printed++;
	}
	if (p->ended_count)
		print_ended(p);
}

void wst_pipeline_finish(struct wst_pipeline *p)
{
	if (!p->opt.summary)
		return;
	print_ended(p);
	p->finishing = true;
	wst_endpoint_table_finish(p->endpoints);
}
