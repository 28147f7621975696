#include <string.h>

#include "wstrace/decoder.h"
#include "wstrace/diag.h"
#include "wstrace/pipeline.h"

static bool kept(const struct wst_pipeline *p, uint32_t pid, uint64_t time)
{
	return !p->opt.keep || p->opt.keep(p->opt.keep_ctx, pid, time);
}

/* The socket owner's image and its remote's name, as far as the process
 * and name tables (or the live image lookup) know them. */
static struct wst_names socket_names(struct wst_pipeline *p, const struct wst_endpoint_info *info)
{
	struct wst_names names = { NULL, NULL };

	if (!info->pid_known)
		return names;
	names.image = wst_process_table_image(p->processes, info->pid);
	if (!names.image && p->opt.image)
		names.image = p->opt.image(p->opt.image_ctx, info->pid);
	names.host = wst_name_table_find(p->names, info->pid, &info->remote, NULL);
	return names;
}

static void print_summary(struct wst_pipeline *p, const struct wst_endpoint_info *info,
                          enum wst_endpoint_end how)
{
	struct wst_names names = socket_names(p, info);

	if (!wst_filter_match_socket(&p->opt.filter, info, &names) ||
	    !kept(p, info->pid, info->opened) || p->opt.quiet)
		return;
	if (p->opt.format == WST_FORMAT_JSON) {
		wst_format_summary_json(p->out, info, &names, how);
	} else if (p->opt.format == WST_FORMAT_CSV) {
		wst_format_summary_csv(p->out, info, &names, how);  /* summary-only: cmd_parse */
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
	const struct wst_pipeline_observer *w = p->opt.observer;

	/* The observer hears of it at once, before the event that ended it;
	 * of the sockets the filters and the keep predicate let through. */
	if (w && w->socket_end) {
		struct wst_names names = socket_names(p, info);
		if (wst_filter_match_socket(&p->opt.filter, info, &names) &&
		    kept(p, info->pid, info->opened))
			w->socket_end(w->ctx, info, how);
	}
	if (!p->opt.summary)
		return;
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
	p->opt.endpoint_capacity = capacity;
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
	if (p->opt.summary || p->opt.observer)
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

static void note_other(struct wst_pipeline *p, const struct wst_guid *provider)
{
	/* Captures mostly hold a few providers, the one last met most often. */
	if (p->other_count && wst_guid_equal(&p->others[p->other_count - 1], provider))
		return;
	for (unsigned i = 0; i < p->other_count; i++)
		if (wst_guid_equal(&p->others[i], provider))
			return;
	if (p->other_count < WST_PIPELINE_OTHERS_MAX)
		p->others[p->other_count++] = *provider;
}

static void print_other(struct wst_pipeline *p, const struct wst_event *ev)
{
	note_other(p, &ev->provider);
	if (!p->opt.all_providers || !wst_filter_match_generic(&p->opt.filter, ev) ||
	    !kept(p, ev->pid, ev->timestamp))
		return;
	if (p->opt.format == WST_FORMAT_JSON)
		wst_format_json_generic(p->out, ev);
	else if (p->opt.format == WST_FORMAT_CSV)
		wst_format_csv_generic(p->out, &p->memo, ev);
	else
		wst_format_text_generic(p->out, ev);
	p->counts.printed++;
}

/* The tables learn from every event, printed or not, so that the filters
 * and later events see the whole story: sockets, processes, names. */
static void enrich(struct wst_pipeline *p, struct wst_record *rec)
{
	struct wst_endpoint_info *socket;

	switch (rec->provider) {
	case WST_PROVIDER_AFD:
		p->counts.afd++;
		socket = wst_endpoint_table_apply(p->endpoints, rec);
		/* A capture without lookups pays nothing for the name table; a
		 * socket's lines probe it once until it learns something new. */
		if (rec->remote.family == WST_FAMILY_NONE || !wst_name_table_stats(p->names)->learnt)
			break;
		if (socket)
			rec->remote_name = wst_name_table_find_memo(p->names, rec->pid, &rec->remote,
			                                            &socket->remote_name,
			                                            &rec->remote_name_plain_len);
		else
			rec->remote_name = wst_name_table_find(p->names, rec->pid, &rec->remote,
			                                       &rec->remote_name_plain_len);
		break;
	case WST_PROVIDER_KERNEL_PROCESS:
		p->counts.processes++;
		wst_process_table_apply(p->processes, rec);
		if (p->opt.process)
			p->opt.process(p->opt.process_ctx, rec);
		return;
	default:
		p->counts.lookups++;
		wst_name_table_apply(p->names, rec);
		break;
	}
	if (!wst_process_table_stats(p->processes)->processes)
		return;  /* nor one without process events for the process table */
	const struct wst_process_info *owner = wst_process_table_find(p->processes, rec->pid);
	if (owner && owner->image[0]) {
		rec->image = owner->image;
		rec->image_plain_len = owner->image_plain_len;
	}
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
	if (p->opt.resolve)
		wst_decode_as(ev, provider, p->opt.resolve(p->opt.resolve_ctx, ev), &rec);
	else
		wst_decode_as(ev, provider, wst_schema_lookup_in(provider, ev->id, ev->version), &rec);
	if (!rec.desc && provider != WST_PROVIDER_AFD) {
		/* The name and process providers' other events: undecoded. */
		print_other(p, ev);
		return;
	}
	if (rec.truncated && p->on_truncated)
		p->on_truncated(p->ctx, &rec);
	enrich(p, &rec);
	if (!rec.image && p->opt.image && p->opt.filter.image_count)
		rec.image = p->opt.image(p->opt.image_ctx, rec.pid);  /* --image needs it now */
	/* Summary-only output skips the match, unless an observer wants it. */
	bool kept_here = (p->opt.observer || !p->opt.summary_only) &&
	                 wst_filter_match(&p->opt.filter, &rec) && kept(p, rec.pid, ev->timestamp);
	if (kept_here && p->opt.observer && p->opt.observer->record)
		p->opt.observer->record(p->opt.observer->ctx, &rec);
	if (kept_here && !p->opt.summary_only && !p->opt.quiet) {
		/* Named only when printed: the lookup may cost a system call. */
		if (!rec.image && p->opt.image)
			rec.image = p->opt.image(p->opt.image_ctx, rec.pid);
		if (p->opt.format == WST_FORMAT_JSON)
			wst_format_json(p->out, &p->memo, &rec);
		else if (p->opt.format == WST_FORMAT_CSV)
			wst_format_csv(p->out, &p->memo, &rec);
		else
			wst_format_text(p->out, &p->memo, &rec);
		p->counts.printed++;
	}
	if (p->ended_count)
		print_ended(p);
}

void wst_pipeline_finish(struct wst_pipeline *p)
{
	if (!p->opt.summary && !p->opt.observer)
		return;
	print_ended(p);
	p->finishing = true;
	wst_endpoint_table_finish(p->endpoints);
}

bool wst_pipeline_report_no_afd(const struct wst_pipeline *p, const char *path)
{
	if (p->counts.afd)
		return false;
	if (p->counts.events == 0) {
		wst_notice("%s: no events in this capture", path);
		return true;
	}
	wst_notice("%s: no Winsock-AFD events in this capture (%llu event%s of %s%u other "
	           "provider%s: 'wstrace info' lists them%s)", path,
	           (unsigned long long)p->counts.events, p->counts.events == 1 ? "" : "s",
	           p->other_count == WST_PIPELINE_OTHERS_MAX ? "at least " : "", p->other_count,
	           p->other_count == 1 ? "" : "s",
	           p->opt.all_providers ? "" : ", --all-providers prints them");
	return true;
}

bool wst_pipeline_report_evictions(const struct wst_pipeline *p)
{
	const struct wst_endpoint_stats *e = wst_endpoint_table_stats(p->endpoints);
	unsigned capacity = p->opt.endpoint_capacity;

	if (e->evicted == 1)
		wst_notice("1 socket evicted from the endpoint table (--max-sockets %u): later events "
		           "of that socket lack its addresses", capacity);
	else if (e->evicted)
		wst_notice("%llu sockets evicted from the endpoint table (--max-sockets %u): later "
		           "events of those sockets lack their addresses",
		           (unsigned long long)e->evicted, capacity);
	if (e->process_evicted)
		wst_notice("%llu process%s evicted from the process table (%u entries): later events "
		           "of their sockets may lack the PID", (unsigned long long)e->process_evicted,
		           e->process_evicted == 1 ? "" : "es", (unsigned)WST_PROCESS_DEFAULT_CAPACITY);
	const struct wst_process_stats *ps = wst_process_table_stats(p->processes);
	if (ps->evicted)
		wst_notice("%llu process%s evicted from the image table (%u entries): their later "
		           "events lack the image", (unsigned long long)ps->evicted,
		           ps->evicted == 1 ? "" : "es", (unsigned)WST_PROCESS_TABLE_DEFAULT_CAPACITY);
	const struct wst_name_stats *ns = wst_name_table_stats(p->names);
	if (ns->evicted)
		wst_notice("%llu address name%s evicted from the name table (%u entries a map): later "
		           "sockets to them lack remote_name", (unsigned long long)ns->evicted,
		           ns->evicted == 1 ? "" : "s", (unsigned)WST_NAME_TABLE_DEFAULT_CAPACITY);
	return e->evicted || e->process_evicted || ps->evicted || ns->evicted;
}
