/* The text report: a header, the findings by severity then count, one
 * paragraph each, then a table of processes, like the summary tcptop and
 * tcplife print at their end. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "wstrace/sockaddr.h"
#include "wstrace/timefmt.h"

#define WRAP_COLUMNS 78
#define INDENT "    "
#define TOP_REMOTES 3

/* Words of text after the indent, wrapped at WRAP_COLUMNS. */
static void wrapped(struct wst_out *o, const char *text)
{
	size_t column = 0;

	while (*text) {
		while (*text == ' ')
			text++;
		size_t n = strcspn(text, " ");
		if (!n)
			break;
		if (column && column + 1 + n > WRAP_COLUMNS) {
			wst_out_end_line(o);
			column = 0;
		}
		if (!column) {
			wst_out_str(o, INDENT);
			column = sizeof INDENT - 1;
		} else {
			wst_out_char(o, ' ');
			column++;
		}
		wst_out_mem(o, text, n);
		column += n;
		text += n;
	}
	if (column)
		wst_out_end_line(o);
}

/* "at T" or "from T to T", then the sockets: one wrapped paragraph. */
static void when_and_where(struct wst_out *o, const struct wst_finding *f)
{
	char line[512], first[WST_CLOCK_TEXT_LEN], last[WST_CLOCK_TEXT_LEN];
	size_t n = 0;

	if (!f->first && !f->endpoint_count)
		return;
	wst_time_clock(f->first, first);
	wst_time_clock(f->last, last);
	if (f->first == f->last)
		n += (size_t)snprintf(line, sizeof line, "at %s", first);
	else if (f->first)
		n += (size_t)snprintf(line, sizeof line, "from %s to %s", first, last);
	for (uint32_t i = 0; i < f->endpoint_count && i < WST_REPORT_ENDPOINTS_MAX; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%s0x%llx", i ? "" : n ? ", " : "",
		                      i ? " " : f->endpoint_count == 1 ? "socket " : "sockets ",
		                      (unsigned long long)f->endpoints[i]);
	if (f->endpoint_count > WST_REPORT_ENDPOINTS_MAX)
		snprintf(line + n, sizeof line - n, " and %u more", f->endpoint_count - WST_REPORT_ENDPOINTS_MAX);
	wrapped(o, line);
}

static void clock_text(struct wst_out *o, uint64_t t)
{
	char text[WST_CLOCK_TEXT_LEN];

	wst_out_mem(o, text, wst_time_clock(t, text));
}

static void findings(struct wst_out *o, const struct wst_report_view *v)
{
	uint64_t by_severity[3] = { 0, 0, 0 };
	char summary[WST_FINDING_SUMMARY_LEN];

	for (uint32_t i = 0; i < v->finding_count; i++)
		by_severity[wst_finding_severity(v->findings[i].id)]++;
	if (!v->finding_count) {
		wst_out_str(o, "No findings.");
		wst_out_end_line(o);
	} else {
		char line[128];
		snprintf(line, sizeof line, "%u finding%s: %llu error%s, %llu warning%s, %llu info",
		         v->finding_count, v->finding_count == 1 ? "" : "s",
		         (unsigned long long)by_severity[0], by_severity[0] == 1 ? "" : "s",
		         (unsigned long long)by_severity[1], by_severity[1] == 1 ? "" : "s",
		         (unsigned long long)by_severity[2]);
		wst_out_str(o, line);
		wst_out_end_line(o);
	}
	for (uint32_t i = 0; i < v->finding_count; i++) {
		const struct wst_finding *f = &v->findings[i];
		wst_out_end_line(o);
		wst_out_str(o, wst_severity_name(wst_finding_severity(f->id)));
		wst_out_char(o, ' ');
		wst_out_str(o, wst_finding_name(f->id));
		wst_out_str(o, ": ");
		wst_finding_summary(f, v, summary);
		wst_out_str(o, summary);
		wst_out_end_line(o);
		when_and_where(o, f);
		wrapped(o, wst_finding_advice(f->id));
	}
	if (v->findings_dropped) {
		wst_out_end_line(o);
		wst_out_u64(o, v->findings_dropped);
		wst_out_str(o, " more findings were not kept: their subjects are past the report's ceiling");
		wst_out_end_line(o);
	}
	if (v->lookups_evicted) {
		wst_out_end_line(o);
		wst_out_u64(o, v->lookups_evicted);
		wst_out_str(o, " lookup requests were forgotten unanswered: more were waiting than the report follows");
		wst_out_end_line(o);
	}
}

static void right(struct wst_out *o, uint64_t n, size_t width)
{
	char text[24];
	int len = snprintf(text, sizeof text, "%llu", (unsigned long long)n);

	wst_out_pad(o, (size_t)len, width);
	wst_out_mem(o, text, (size_t)len);
}

static void top_remotes(struct wst_out *o, const struct wst_report_view *v,
                        const struct wst_report_process *p, uint32_t *next)
{
	char addr[WST_ADDR_TEXT_LEN];
	unsigned shown = 0;

	for (; *next < v->remote_count; ++*next) {
		const struct wst_report_remote *e = &v->remotes[*next];
		if (e->pid_known != p->pid_known || e->pid != p->pid)
			break;
		if (shown == TOP_REMOTES)
			continue;
		wst_out_str(o, shown ? ", " : "  ");
		wst_sockaddr_format(&e->remote, addr);
		wst_out_str(o, addr);
		const char *name = v->names->remote_name ? v->names->remote_name(v->names->ctx, e->pid, &e->remote) : NULL;
		if (name) {
			wst_out_char(o, ' ');
			wst_out_str(o, name);
		}
		wst_out_str(o, " (");
		wst_out_u64(o, e->sockets);
		wst_out_char(o, ')');
		shown++;
	}
	if (!shown)
		wst_out_str(o, "  -");
}

static void processes(struct wst_out *o, const struct wst_report_view *v)
{
	uint32_t next_remote = 0;

	wst_out_end_line(o);
	wst_out_str(o, "PID     IMAGE                SOCKETS   CONNS     TX_BYTES     RX_BYTES  ERRORS  TOP REMOTES (SOCKETS)");
	wst_out_end_line(o);
	for (uint32_t i = 0; i < v->process_count; i++) {
		const struct wst_report_process *p = &v->processes[i];
		size_t before = wst_out_column(o, 16);
		if (p->pid_known)
			wst_out_u64(o, p->pid);
		else
			wst_out_char(o, '-');
		wst_out_pad(o, o->len - before, 8);
		const char *image = p->pid_known && v->names->image ? v->names->image(v->names->ctx, p->pid) : NULL;
		size_t n = image ? strlen(image) : 1;
		wst_out_str(o, image ? image : "-");
		wst_out_pad(o, n, 18);
		right(o, p->sockets, 10);
		right(o, p->connections, 8);
		right(o, p->bytes_sent, 13);
		right(o, p->bytes_received, 13);
		right(o, p->errors, 8);
		top_remotes(o, v, p, &next_remote);
		wst_out_end_line(o);
	}
	if (!v->process_count) {
		wst_out_str(o, "(no socket seen)");
		wst_out_end_line(o);
	}
}

void wst_report_write_text(struct wst_out *o, const struct wst_report_view *v)
{
	char line[400];

	snprintf(line, sizeof line, "wstrace report: %.300s", v->input->source ? v->input->source : "live capture");
	wst_out_str(o, line);
	wst_out_end_line(o);
	if (v->first) {
		wst_out_str(o, "from ");
		clock_text(o, v->first);
		wst_out_str(o, " to ");
		clock_text(o, v->last);
		wst_out_str(o, " UTC, ");
	}
	if (v->input->events)
		snprintf(line, sizeof line, "%llu events (%llu Winsock-AFD), %llu socket%s",
		         (unsigned long long)v->input->events, (unsigned long long)v->input->afd_events,
		         (unsigned long long)v->sockets, v->sockets == 1 ? "" : "s");
	else  /* a live capture: the consumer counts its events */
		snprintf(line, sizeof line, "%llu socket%s", (unsigned long long)v->sockets,
		         v->sockets == 1 ? "" : "s");
	wst_out_str(o, line);
	wst_out_end_line(o);
	wst_out_end_line(o);
	findings(o, v);
	processes(o, v);
}
