/* The HTML report: one self-contained file (CSS and SVG inline, nothing
 * fetched, no script): the findings, a timeline of every socket's life per
 * process (up to WST_REPORT_TIMELINE_MAX, the rest counted per process),
 * and the per-process table. Details of a bar are in its SVG <title>,
 * which browsers show on hover. */
#include <stdio.h>
#include <string.h>

#include "report_internal.h"
#include "wstrace/sockaddr.h"
#include "wstrace/status_names.h"
#include "wstrace/timefmt.h"

#define PLOT_LEFT 190
#define PLOT_WIDTH 800
#define ROW 14
#define BAR 10

static const char style[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
	".meta{color:#555}"
	".finding{border-left:5px solid #888;padding:.2em .8em;margin:.6em 0;background:#f7f7f7}"
	".finding.error{border-color:#c0392b}.finding.warning{border-color:#e67e22}.finding.info{border-color:#2e86c1}"
	".finding h3{font-size:1em;margin:.2em 0}.finding .sev{text-transform:uppercase;font-size:.8em;margin-right:.5em}"
	".finding .when{color:#555;font-size:.9em;margin:.1em 0}.finding .advice{margin:.3em 0}"
	"table{border-collapse:collapse}th,td{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}"
	"th:nth-child(2),td:nth-child(2),th:last-child,td:last-child{text-align:left}"
	"svg text{font:11px system-ui,sans-serif;fill:#222}"
	".life{fill:#d5dbdb}.wait{fill:#f5b041}.xfer{fill:#3498db}.close{stroke:#222;stroke-width:1.5}"
	".failed .life{fill:#f1948a}.failed .mark{fill:#c0392b}.open .life{fill:#a9dfbf}"
	".axis line{stroke:#888}.proc{font-weight:bold}";

/* Text with &, <, >, " and ' escaped. */
static void text(struct wst_out *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': wst_out_str(o, "&amp;"); break;
		case '<': wst_out_str(o, "&lt;"); break;
		case '>': wst_out_str(o, "&gt;"); break;
		case '"': wst_out_str(o, "&quot;"); break;
		case '\'': wst_out_str(o, "&#39;"); break;
		default: wst_out_char(o, *s); break;
		}
	}
}

static void clock_text(struct wst_out *o, uint64_t t)
{
	char buf[WST_CLOCK_TEXT_LEN];

	wst_out_mem(o, buf, wst_time_clock(t, buf));
}

static void findings(struct wst_out *o, const struct wst_report_view *v)
{
	char summary[WST_FINDING_SUMMARY_LEN];

	wst_out_str(o, "<h2>Findings</h2>\n");
	if (!v->finding_count)
		wst_out_str(o, "<p id=\"no-findings\">No findings.</p>\n");
	for (uint32_t i = 0; i < v->finding_count; i++) {
		const struct wst_finding *f = &v->findings[i];
		const char *sev = wst_severity_name(wst_finding_severity(f->id));
		wst_out_str(o, "<section class=\"finding ");
		wst_out_str(o, sev);
		wst_out_str(o, "\" data-finding=\"");
		wst_out_str(o, wst_finding_name(f->id));
		wst_out_str(o, "\" data-count=\"");
		wst_out_u64(o, f->count);
		wst_out_str(o, "\"><h3><span class=\"sev\">");
		wst_out_str(o, sev);
		wst_out_str(o, "</span>");
		wst_out_str(o, wst_finding_name(f->id));
		wst_out_str(o, "</h3><p>");
		wst_finding_summary(f, v, summary);
		text(o, summary);
		wst_out_str(o, "</p>");
		if (f->first) {
			wst_out_str(o, "<p class=\"when\">");
			clock_text(o, f->first);
			if (f->last != f->first) {
				wst_out_str(o, " to ");
				clock_text(o, f->last);
			}
			wst_out_str(o, " UTC</p>");
		}
		wst_out_str(o, "<p class=\"advice\">");
		text(o, wst_finding_advice(f->id));
		wst_out_str(o, "</p></section>\n");
	}
}

/* x of a time on the plot, in whole pixels. */
static uint64_t x_of(const struct wst_report_view *v, uint64_t t)
{
	uint64_t span = v->last > v->first ? v->last - v->first : 1;

	if (t < v->first)
		t = v->first;
	if (t > v->last)
		t = v->last;
	return PLOT_LEFT + (t - v->first) * PLOT_WIDTH / span;
}

static void rect(struct wst_out *o, const char *cls, uint64_t x0, uint64_t x1, uint64_t y, int height)
{
	char buf[160];

	snprintf(buf, sizeof buf, "<rect class=\"%s\" x=\"%llu\" y=\"%llu\" width=\"%llu\" height=\"%d\"/>",
	         cls, (unsigned long long)x0, (unsigned long long)y,
	         (unsigned long long)(x1 > x0 ? x1 - x0 : 1), height);
	wst_out_str(o, buf);
}

static void addr_text(struct wst_out *o, const struct wst_sockaddr *a)
{
	char buf[WST_ADDR_TEXT_LEN];

	if (a->family) {
		wst_sockaddr_format(a, buf);
		wst_out_str(o, buf);
	} else {
		wst_out_char(o, '-');
	}
}

static const char *const end_words[] = { "closed", "evicted", "open at the end" };

/* The bar's hover text: endpoint, addresses, times, bytes, status. */
static void life_title(struct wst_out *o, const struct wst_report_life *l)
{
	wst_out_str(o, "<title>");
	wst_out_hex(o, l->endpoint);
	wst_out_char(o, ' ');
	addr_text(o, &l->local);
	wst_out_str(o, " &gt; ");
	addr_text(o, &l->remote);
	wst_out_str(o, "\nopened ");
	clock_text(o, l->opened);
	wst_out_str(o, ", ");
	wst_out_str(o, end_words[l->end]);
	wst_out_char(o, ' ');
	clock_text(o, l->ended);
	if (l->connect_us >= 0) {
		wst_out_str(o, "\nconnect ");
		wst_out_i64(o, l->connect_us);
		wst_out_str(o, " us");
	}
	wst_out_str(o, "\nsent ");
	wst_out_u64(o, l->bytes_sent);
	wst_out_str(o, " bytes, received ");
	wst_out_u64(o, l->bytes_received);
	if (l->last_status) {
		const char *name = wst_code_name(l->last_status);
		wst_out_str(o, "\nlast status ");
		if (name)
			wst_out_str(o, name);
		else
			wst_out_hex(o, l->last_status);
	}
	wst_out_str(o, "</title>");
}

/* A text in the label column; x indents socket rows under their process. */
static void label_open(struct wst_out *o, uint64_t y, const char *cls, unsigned x)
{
	char buf[96];

	snprintf(buf, sizeof buf, "<text class=\"%s\" x=\"%u\" y=\"%llu\">", cls, x,
	         (unsigned long long)y + BAR);
	wst_out_str(o, buf);
}

static void label(struct wst_out *o, uint64_t y, const char *cls, const char *s)
{
	label_open(o, y, cls, 4);
	text(o, s);
	wst_out_str(o, "</text>\n");
}

static void life_bar(struct wst_out *o, const struct wst_report_view *v,
                     const struct wst_report_life *l, uint64_t y)
{
	uint64_t x0 = x_of(v, l->opened), x1 = x_of(v, l->ended);
	uint64_t transfer_from = x0;

	wst_out_str(o, "<g class=\"sock");
	if (l->failed)
		wst_out_str(o, " failed");
	if (l->end == WST_END_OPEN_AT_END)
		wst_out_str(o, " open");
	wst_out_str(o, "\" data-endpoint=\"");
	wst_out_hex(o, l->endpoint);
	wst_out_str(o, "\">");
	life_title(o, l);
	label_open(o, y, "peer", 14);
	addr_text(o, l->remote.family ? &l->remote : &l->local);  /* a listener: its own address */
	wst_out_str(o, "</text>");
	rect(o, "life", x0, x1, y, BAR);
	if (l->connect_started && l->connect_us >= 0) {
		uint64_t done = l->connect_started + (uint64_t)l->connect_us * 10;
		rect(o, "wait", x_of(v, l->connect_started), x_of(v, done), y, BAR);
		transfer_from = x_of(v, done);
	}
	if (l->bytes_sent + l->bytes_received)
		rect(o, "xfer", transfer_from, x1, y + 3, BAR - 6);  /* a band inside the life */
	if (l->failed)
		rect(o, "mark", x1, x1 + 3, y, BAR);
	if (l->end == WST_END_CLOSED) {
		char buf[128];
		snprintf(buf, sizeof buf, "<line class=\"close\" x1=\"%llu\" y1=\"%llu\" x2=\"%llu\" y2=\"%llu\"/>",
		         (unsigned long long)x1, (unsigned long long)y, (unsigned long long)x1,
		         (unsigned long long)y + BAR);
		wst_out_str(o, buf);
	}
	wst_out_str(o, "</g>\n");
}

/* The time axis on top: the capture's span in quarters, UTC clock times. */
static void axis(struct wst_out *o, const struct wst_report_view *v)
{
	char buf[160], clock[WST_CLOCK_TEXT_LEN];

	snprintf(buf, sizeof buf, "<g class=\"axis\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
	         PLOT_LEFT, ROW + 2, PLOT_LEFT + PLOT_WIDTH, ROW + 2);
	wst_out_str(o, buf);
	for (int q = 0; q <= 4; q++) {
		uint64_t t = v->first + (v->last - v->first) / 4 * (uint64_t)q;
		uint64_t x = x_of(v, q == 4 ? v->last : t);
		wst_time_clock(q == 4 ? v->last : t, clock);
		snprintf(buf, sizeof buf,
		         "<line x1=\"%llu\" y1=\"%d\" x2=\"%llu\" y2=\"%d\"/>"
		         "<text x=\"%llu\" y=\"%d\" text-anchor=\"%s\">%s</text>",
		         (unsigned long long)x, ROW - 1, (unsigned long long)x, ROW + 4, (unsigned long long)x,
		         ROW - 3, q == 0 ? "start" : q == 4 ? "end" : "middle", clock);
		wst_out_str(o, buf);
	}
	wst_out_str(o, "</g>\n");
}

static void timeline(struct wst_out *o, const struct wst_report_view *v)
{
	uint64_t rows = v->life_count;
	char who[WST_REPORT_WHO_LEN], buf[256];

	for (uint32_t p = 0; p < v->process_count; p++)
		rows += 1 + (v->processes[p].not_drawn > 0);
	wst_out_str(o, "<h2>Timeline</h2>\n<p class=\"meta\">Each bar is a socket's life: grey open, "
	               "orange waiting for its connect, blue moving data, a tick where it closed; red: "
	               "something failed, green: still open at the end. Hover a bar for details. ");
	snprintf(buf, sizeof buf, "At most %u sockets are drawn; the rest are counted under their process.</p>\n",
	         WST_REPORT_TIMELINE_MAX);
	wst_out_str(o, buf);
	snprintf(buf, sizeof buf,
	         "<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%llu\" "
	         "role=\"img\" aria-label=\"socket timeline\">\n",
	         PLOT_LEFT + PLOT_WIDTH + 10, (unsigned long long)(rows + 2) * ROW + 4);
	wst_out_str(o, buf);
	axis(o, v);
	uint64_t y = ROW + 8;
	uint32_t l = 0;
	for (uint32_t p = 0; p < v->process_count; p++) {
		const struct wst_report_process *proc = &v->processes[p];
		wst_report_who(v->names, proc->pid_known, proc->pid, who);
		wst_out_str(o, "<g class=\"process\" data-pid=\"");
		if (proc->pid_known)
			wst_out_u64(o, proc->pid);
		wst_out_str(o, "\">\n");
		label(o, y, "proc", who);
		y += ROW;
		for (; l < v->life_count && v->lives[l].pid_known == proc->pid_known &&
		       v->lives[l].pid == proc->pid; l++, y += ROW) {
			life_bar(o, v, &v->lives[l], y);
		}
		if (proc->not_drawn) {
			snprintf(buf, sizeof buf, "+%llu sockets not drawn", (unsigned long long)proc->not_drawn);
			label(o, y, "more", buf);
			y += ROW;
		}
		wst_out_str(o, "</g>\n");
	}
	wst_out_str(o, "</svg>\n");
}

static void cell(struct wst_out *o, uint64_t n)
{
	wst_out_str(o, "<td>");
	wst_out_u64(o, n);
	wst_out_str(o, "</td>");
}

static void process_table(struct wst_out *o, const struct wst_report_view *v)
{
	char addr[WST_ADDR_TEXT_LEN];
	uint32_t r = 0;

	wst_out_str(o, "<h2>Processes</h2>\n<table id=\"processes\"><tr><th>PID</th><th>image</th><th>sockets</th>"
	               "<th>connections</th><th>bytes sent</th><th>bytes received</th><th>errors</th>"
	               "<th>top remotes (sockets)</th></tr>\n");
	for (uint32_t p = 0; p < v->process_count; p++) {
		const struct wst_report_process *proc = &v->processes[p];
		const char *image = proc->pid_known && v->names->image ? v->names->image(v->names->ctx, proc->pid) : NULL;
		wst_out_str(o, "<tr><td>");
		if (proc->pid_known)
			wst_out_u64(o, proc->pid);
		else
			wst_out_char(o, '-');
		wst_out_str(o, "</td><td>");
		text(o, image ? image : "-");
		wst_out_str(o, "</td>");
		cell(o, proc->sockets);
		cell(o, proc->connections);
		cell(o, proc->bytes_sent);
		cell(o, proc->bytes_received);
		cell(o, proc->errors);
		wst_out_str(o, "<td>");
		if (r == v->remote_count || v->remotes[r].pid_known != proc->pid_known || v->remotes[r].pid != proc->pid)
			wst_out_char(o, '-');
		for (unsigned shown = 0; r < v->remote_count && v->remotes[r].pid_known == proc->pid_known &&
		                         v->remotes[r].pid == proc->pid; r++) {
			if (shown == 3)
				continue;
			wst_sockaddr_format(&v->remotes[r].remote, addr);
			wst_out_str(o, shown++ ? ", " : "");
			wst_out_str(o, addr);
			wst_out_str(o, " (");
			wst_out_u64(o, v->remotes[r].sockets);
			wst_out_char(o, ')');
		}
		wst_out_str(o, "</td></tr>\n");
	}
	wst_out_str(o, "</table>\n");
}

void wst_report_write_html(struct wst_out *o, const struct wst_report_view *v)
{
	const char *source = v->input->source ? v->input->source : "live capture";

	wst_out_str(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>wstrace report: ");
	text(o, source);
	wst_out_str(o, "</title>\n<style>");
	wst_out_str(o, style);
	wst_out_str(o, "</style>\n</head>\n<body>\n<h1>wstrace report: ");
	text(o, source);
	wst_out_str(o, "</h1>\n<p class=\"meta\">");
	if (v->first) {
		clock_text(o, v->first);
		wst_out_str(o, " to ");
		clock_text(o, v->last);
		wst_out_str(o, " UTC, ");
	}
	wst_out_u64(o, v->input->events);
	wst_out_str(o, " events, ");
	wst_out_u64(o, v->sockets);
	wst_out_str(o, " sockets, ");
	wst_out_u64(o, v->finding_count);
	wst_out_str(o, " findings</p>\n");
	findings(o, v);
	timeline(o, v);
	process_table(o, v);
	wst_out_str(o, "</body>\n</html>\n");
}
