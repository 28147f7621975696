/*
 * `wstrace pcap`: the packets of one or more captures as one pcapng file.
 * Pass 1 reads each capture for its packet sources (wstrace/packet_census.h);
 * then one Interface Description Block is written per source and link type;
 * pass 2 merges the captures by time (wstrace/etl_timeline.h) and writes an
 * Enhanced Packet Block per packet event. Memory does not grow with the
 * number of packets.
 */
#ifndef WSTRACE_PCAP_EXPORT_H
#define WSTRACE_PCAP_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wstrace/etl_reader.h"
#include "wstrace/outbuf.h"
#include "wstrace/packets.h"

struct wst_pcap_counts {
	uint64_t interfaces;
	uint64_t frames;             /* EPBs written */
	uint64_t dropped_frames;     /* of those, PktMon drops (170) */
	uint64_t repeats;            /* appearances left out by --once */
	uint64_t filtered;           /* packets left out by the annotate callback */
	uint64_t owned;              /* frames given an owner comment */
	uint64_t flawed;             /* frames written with a flaw comment */
	uint64_t damaged;            /* flaws of damaged events (WST_PKT_DAMAGE), told to the sinks */
	uint64_t not_written;        /* packets no block could be made for */
	uint64_t warnings;
	uint64_t read_failures;      /* files whose reading failed (I/O): the rest of them is lost */
};

struct wst_pcap_job {
	const char *const *paths;
	size_t npaths;
	/* Per file: where the reader's problems and damaged packet events go
	 * during pass 2. */
	const struct wst_etl_problem_sink *sinks;
	bool once;
	struct wst_out *out;
	/* A packet of the wrong or an unknown type, a component without a
	 * description: file index, file offset, message. */
	void (*warn)(void *ctx, size_t file, uint64_t offset, const char *message);
	/* Optional: told about every event that is not a packet (e.g. AFD
	 * events, to follow sockets), and asked about each packet: -1 leaves
	 * it out (a filter), else the length of one comment written to out
	 * ("pid=..."), 0 for none. */
	void (*observe)(void *ctx, size_t file, const struct wst_event *ev);
	int (*annotate)(void *ctx, size_t file, const struct wst_packet *pkt, char *out,
	                size_t outlen);
	void *ctx;
	/* Out */
	struct wst_pcap_counts counts;
	/* Optional, npaths of them: each file's header and reader counts as
	 * pass 2 left them (losses, problems). */
	struct wst_etl_header *headers;
	struct wst_etl_stats *stats;
	char err[320];               /* why the export failed */
};

/* 0 done (see counts and the warnings), -1 failed before writing
 * (job->err: cannot open a file, out of memory). */
int wst_pcap_export(struct wst_pcap_job *job);

#endif
