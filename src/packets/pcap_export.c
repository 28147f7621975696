/* `wstrace pcap`'s two passes; see wstrace/pcap_export.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap_internal.h"
#include "wstrace/etl_timeline.h"
#include "wstrace/packet_feed.h"
#include "wstrace/packet_once.h"
#include "wstrace/pcapng.h"

#ifndef WSTRACE_VERSION
#define WSTRACE_VERSION "0.1.0"
#endif

static void warn(struct wst_pcap_job *job, size_t file, uint64_t offset, const char *message)
{
	job->counts.warnings++;
	if (job->warn)
		job->warn(job->ctx, file, offset, message);
}

/* Pass 1: the packet sources of one file, with its problems left to pass 2. */
static int take_census(struct wst_pcap_job *job, size_t f, struct wst_packet_census *c)
{
	char err[256];
	uint64_t err_offset;
	struct wst_etl_reader *r = wst_etl_open(job->paths[f], NULL, err, sizeof err, &err_offset);
	if (!r) {
		snprintf(job->err, sizeof job->err, "%s: %s", job->paths[f], err);
		return -1;
	}
	struct wst_etl_record rec;
	while (wst_etl_next(r, &rec) == 1)
		if (rec.kind == WST_ETL_EVENT_HEADER)
			wst_packet_census_event(c, &rec.event);
	wst_packet_census_finish(c);
	wst_etl_close(r);
	if (c->out_of_memory) {
		snprintf(job->err, sizeof job->err, "%s: out of memory for its packet sources",
		         job->paths[f]);
		return -1;
	}
	return 0;
}

static void warn_sources(struct wst_pcap_job *job, size_t f, const struct wst_packet_census *c)
{
	char msg[200];

	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
		if ((!src->logged && !src->dropped) || src->origin != WST_ORIGIN_PKTMON)
			continue;
		if (!src->described)
			snprintf(msg, sizeof msg, "packets of component %u, which no component event describes",
			         (unsigned)src->id);
		else if (!src->description[0])
			snprintf(msg, sizeof msg, "component %u has no description", (unsigned)src->id);
		else
			continue;
		warn(job, f, src->offset, msg);
	}
}

#define MAX_COMMENTS (WST_PCAPNG_MAX_OPTIONS - 1)
/* Room for the longest: an owner comment with a 127-byte image and a
 * 253-character remote name. */
#define COMMENT_LEN 512

struct frame_text {
	char text[MAX_COMMENTS][COMMENT_LEN];
	unsigned count;
};

static char *next_comment(struct frame_text *t)
{
	return t->count < MAX_COMMENTS ? t->text[t->count] : NULL;
}

static void drop_comment(const struct wst_packet *pkt, struct frame_text *t)
{
	const char *reason = wst_pktmon_drop_reason_name(pkt->drop_reason);
	char *out = next_comment(t);
	if (!out)
		return;
	if (pkt->payload_len < WST_PKTMON_DROP_FIELDS_END)
		snprintf(out, COMMENT_LEN, "dropped: reason and location cut off");
	else
		snprintf(out, COMMENT_LEN, "dropped: %s (%u), location 0x%08x", reason ? reason : "unknown",
		         (unsigned)pkt->drop_reason, (unsigned)pkt->drop_location);
	t->count++;
}

/* Flaws: a comment on the frame and a warning each. */
static void flaw_comments(struct wst_pcap_job *job, size_t f, const struct wst_packet *pkt,
                          struct wst_packet_source *src, struct frame_text *t)
{
	if (!pkt->flaws)
		return;
	for (unsigned i = 0; i < WST_PKT_FLAW_COUNT; i++) {
		char *out = next_comment(t);
		char msg[COMMENT_LEN + 32];
		enum wst_packet_flaw flaw = (enum wst_packet_flaw)(1u << i);
		if (!out || !wst_packet_flaw_text(pkt, flaw, out, COMMENT_LEN))
			continue;
		t->count++;
		if (flaw & WST_PKT_QUIET)
			continue;
		/* A component that mislabels its packets does so for all of them:
		 * one warning says it, the frames' comments say which. */
		if (flaw == WST_PKT_RELABELLED) {
			if (src->relabel_warned)
				continue;
			src->relabel_warned = true;
			snprintf(msg, sizeof msg, "event %u: %s (component %u; each such frame says so)",
			         (unsigned)pkt->event_id, out, (unsigned)pkt->component);
		} else {
			snprintf(msg, sizeof msg, "event %u: %s", (unsigned)pkt->event_id, out);
		}
		/* Bytes missing or lengths that contradict each other: the input
		 * is damaged. A wrong or unknown type is the writer's view. */
		if (flaw & WST_PKT_DAMAGE) {
			job->counts.damaged++;
			if (job->sinks[f].report)
				job->sinks[f].report(job->sinks[f].ctx, pkt->offset, msg);
		} else {
			warn(job, f, pkt->offset, msg);
		}
	}
}

static void write_packet(struct wst_pcap_job *job, size_t f, struct wst_packet_census *c,
                         const struct wst_packet *pkt)
{
	struct wst_packet_source *src = wst_packet_census_find(c, pkt->origin, pkt->source);
	struct frame_text t;

	if (!src) {   /* pass 1 saw every packet's component, unless memory ran out */
		job->counts.not_written++;
		return;
	}
	t.count = 0;
	/* Asked first: a packet left out is not warned about either. */
	char owner[COMMENT_LEN];
	int owned = job->annotate ? job->annotate(job->ctx, f, pkt, owner, sizeof owner) : 0;
	if (owned < 0) {
		job->counts.filtered++;
		return;
	}
	if (pkt->dropped)
		drop_comment(pkt, &t);
	flaw_comments(job, f, pkt, src, &t);
	if (pkt->flaws)
		job->counts.flawed++;
	char *out = next_comment(&t);
	if (owned > 0 && out) {
		memcpy(out, owner, sizeof owner);
		t.count++;
		job->counts.owned++;
	}

	struct wst_pcapng_packet epb = {
		.interface = src->interface[wst_link_slot_of(pkt->link_type)],
		.timestamp = wst_pcapng_time_from_filetime(pkt->time),
		.data = pkt->bytes,
		.captured = pkt->captured,
		.original = pkt->original,
		.flags = (uint32_t)pkt->direction,
		.ncomments = t.count,
	};
	for (unsigned i = 0; i < t.count; i++)
		epb.comments[i] = t.text[i];
	if (wst_pcapng_packet(job->out, &epb) < 0) {
		job->counts.not_written++;
		return;
	}
	job->counts.frames++;
	if (pkt->dropped)
		job->counts.dropped_frames++;
}

static void write_ready(struct wst_pcap_job *job, size_t f, struct wst_packet_census *c,
                        struct wst_packet_feed *feed, struct wst_packet_once *once)
{
	const struct wst_packet *pkt;

	while (wst_packet_feed_next(feed, &pkt)) {
		if (once && wst_packet_once_seen(once, (uint32_t)f, pkt->time, pkt)) {
			job->counts.repeats++;
			continue;
		}
		write_packet(job, f, c, pkt);
	}
}

/* Pass 2: every packet of every file, in time order. */
static int write_packets(struct wst_pcap_job *job, struct wst_packet_census *census)
{
	struct wst_etl_timeline_input *inputs = calloc(job->npaths, sizeof *inputs);
	struct wst_packet_feed *feeds = calloc(job->npaths, sizeof *feeds);
	struct wst_packet_once *once = job->once ? malloc(sizeof *once) : NULL;
	int rc = 0;

	if (!inputs || !feeds || (job->once && !once)) {
		snprintf(job->err, sizeof job->err, "out of memory");
		rc = -1;
		goto done;
	}
	if (once)
		wst_packet_once_init(once);
	for (size_t f = 0; f < job->npaths; f++) {
		char err[256];
		uint64_t err_offset;
		wst_packet_feed_init(&feeds[f]);
		inputs[f].reader = wst_etl_open(job->paths[f], &job->sinks[f], err, sizeof err, &err_offset);
		if (!inputs[f].reader) {
			snprintf(job->err, sizeof job->err, "%s: %s", job->paths[f], err);
			rc = -1;
			goto done;
		}
	}
	struct wst_etl_timeline tl;
	const struct wst_etl_record *rec;
	size_t f;
	wst_etl_timeline_init(&tl, inputs, job->npaths);
	while (!job->out->error && wst_etl_timeline_next(&tl, &rec, &f) == 1) {
		if (rec->kind != WST_ETL_EVENT_HEADER)
			continue;
		if (wst_packet_feed_event(&feeds[f], &rec->event))
			write_ready(job, f, &census[f], &feeds[f], once);
		else if (job->observe)
			job->observe(job->ctx, f, &rec->event);
	}
	for (f = 0; f < job->npaths && !job->out->error; f++)
		while (wst_packet_feed_flush(&feeds[f]))
			write_ready(job, f, &census[f], &feeds[f], once);
	job->counts.read_failures = (uint64_t)tl.error;
done:
	for (size_t i = 0; inputs && i < job->npaths; i++) {
		if (inputs[i].reader && job->headers)
			job->headers[i] = *wst_etl_header(inputs[i].reader);
		if (inputs[i].reader && job->stats)
			job->stats[i] = *wst_etl_stats(inputs[i].reader);
		wst_etl_close(inputs[i].reader);
	}
	for (size_t i = 0; feeds && i < job->npaths; i++)
		wst_packet_feed_free(&feeds[i]);
	free(inputs);
	free(feeds);
	free(once);
	return rc;
}

int wst_pcap_export(struct wst_pcap_job *job)
{
	struct wst_packet_census *census = calloc(job->npaths ? job->npaths : 1, sizeof *census);
	int rc = 0;

	memset(&job->counts, 0, sizeof job->counts);
	job->err[0] = '\0';
	if (!census) {
		snprintf(job->err, sizeof job->err, "out of memory");
		return -1;
	}
	for (size_t f = 0; f < job->npaths && rc == 0; f++) {
		wst_packet_census_init(&census[f]);
		rc = take_census(job, f, &census[f]);
	}
	if (rc == 0 && wst_pcapng_section(job->out, "wstrace " WSTRACE_VERSION) < 0)
		rc = -1;
	if (rc == 0 && wst_pcap_write_interfaces(job, census) < 0) {
		snprintf(job->err, sizeof job->err, "cannot encode an interface block");
		rc = -1;
	}
	for (size_t f = 0; rc == 0 && f < job->npaths; f++)
		warn_sources(job, f, &census[f]);
	if (rc == 0)
		rc = write_packets(job, census);
	for (size_t f = 0; f < job->npaths; f++)
		wst_packet_census_free(&census[f]);
	free(census);
	return rc;
}
