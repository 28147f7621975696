/* wstrace pcap FILE.etl...: the packets of saved captures as pcapng. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "filter_options.h"
#include "options.h"
#include "wstrace/diag.h"
#include "wstrace/filter.h"
#include "wstrace/packet_owner.h"
#include "wstrace/pcap_export.h"
#include "wstrace/schema.h"

struct pcap_args {
	const char **paths;
	size_t npaths;
	const char *output;
	bool once;
	struct wst_filter filter;
};

/* Returns 0 to go on, WST_OPTIONS_HELP, or a usage exit status. */
static int parse_args(int argc, char **argv, struct pcap_args *a)
{
	const struct wst_option options[] = {
		WST_OPT_STRING("output", 'o', &a->output, "FILE",
		               "write to FILE (default: standard output, not a terminal)"),
		WST_OPT_FLAG("once", 0, &a->once,
		             "keep one appearance of a packet that passed several\n"
		             "components (PktMon logs it once per component)"),
		WST_FILTER_OPTION_PID(&a->filter, "only packets of sockets of process N"),
		WST_FILTER_OPTION_PORT(&a->filter, "only packets from or to port N"),
		WST_FILTER_OPTION_ADDR(&a->filter, "only packets from or to an address in IP/PREFIX"),
		WST_FILTER_OPTION_IMAGE(&a->filter, "only packets of sockets of programs with this image\n"
		                                    "(any case, .exe optional: curl matches curl.exe)"),
		WST_FILTER_OPTION_NAME(&a->filter, "only packets of sockets connected to host names\n"
		                                   "matching this glob (* and ?, any case)"),
		WST_OPT_END,
	};
	const struct wst_command command = {
		"wstrace pcap FILE.etl... [OPTION]...",
		"Writes the packets of pktmon and netsh trace captures as pcapng, which Wireshark\n"
		"and tshark read on any OS: one interface per PktMon component or NDIS miniport\n"
		"and link type (Ethernet, 802.11, raw IP), every logged and dropped packet with\n"
		"its time (100 ns), captured and original length and direction; drops carry a\n"
		"comment with the reason and location. Several captures are merged by time.\n"
		"When the captures also hold Winsock-AFD events (a wstrace capture given beside\n"
		"the packet capture), each TCP or UDP packet of a known socket gets a comment\n"
		"naming its owner: \"pid=7300 image=curl.exe endpoint=0x... remote_name=HOST\"\n"
		"(image and remote_name when the Kernel-Process and lookup events say them).\n",
		options,
		"Exit status: 0 ok, 1 failure, 2 usage, 3 damaged input (the rest was written),\n"
		"4 a capture itself lost events.\n",
		false,
	};
	struct wst_words words;

	memset(a, 0, sizeof *a);
	wst_filter_init(&a->filter);
	int rc = wst_options_parse(&command, argc, argv, &words);
	if (rc)
		return rc;
	if (words.count == 0)
		return wst_usage_error("pcap needs a capture file");
	a->paths = (const char **)words.word;
	a->npaths = (size_t)words.count;
	bool to_stdout = !a->output || strcmp(a->output, "-") == 0;
	if (to_stdout && wst_stdout_is_terminal())
		return wst_usage_error("pcap writes binary pcapng: give -o FILE, or redirect or pipe "
		                       "standard output");
	return 0;
}

/* Whether a filter was given: then packets are asked about it. */
static bool filtering(const struct wst_filter *f)
{
	return f->pid_count || f->has_port || f->has_addr || f->image_count || f->name_pattern;
}

struct pcap_logs {
	struct wst_problem_log *damage;   /* per file: the reader's problems, bad packets */
	unsigned long long *warnings;     /* per file: warning lines so far */
	const char *const *paths;
	const struct pcap_args *args;
	struct wst_packet_owners *owners; /* made at the first event it learns from */
	bool owners_failed;
};

/* AFD, Kernel-Process and lookup events teach the socket index and its
 * names, whichever file they come from. */
static void observe_event(void *ctx, size_t file, const struct wst_event *ev)
{
	struct pcap_logs *logs = ctx;
	(void)file;
	if (wst_provider_of(&ev->provider) == WST_PROVIDER_OTHER)
		return;
	if (!logs->owners && !logs->owners_failed) {
		logs->owners = wst_packet_owners_new();
		if (!logs->owners) {
			logs->owners_failed = true;
			wst_warning("out of memory for the socket index: packets get no owner");
		}
	}
	if (logs->owners)
		wst_packet_owners_event(logs->owners, ev);
}

/* The owner comment, and the filters. */
static int annotate_packet(void *ctx, size_t file, const struct wst_packet *pkt, char *out,
                           size_t outlen)
{
	struct pcap_logs *logs = ctx;
	struct wst_flow flow;
	struct wst_packet_owner owner = { 0, 0, { NULL, NULL } };
	bool has_flow = wst_flow_of_packet(pkt, &flow);
	bool owned = has_flow && logs->owners &&
	             wst_packet_owner_of(logs->owners, &flow, pkt->time, &owner);
	(void)file;

	if (filtering(&logs->args->filter) &&
	    (!has_flow || !wst_filter_match_flow(&logs->args->filter, owned, owner.pid, &owner.names,
	                                         &flow.src, &flow.dst)))
		return -1;
	if (!owned)
		return 0;
	const char *image = owner.names.image, *host = owner.names.host;
	int n = snprintf(out, outlen, "pid=%u%s%s endpoint=0x%llx%s%s", (unsigned)owner.pid,
	                 image ? " image=" : "", image ? image : "",
	                 (unsigned long long)owner.endpoint, host ? " remote_name=" : "",
	                 host ? host : "");
	return n > 0 && (size_t)n < outlen ? n : 0;
}

static void warn_packet(void *ctx, size_t file, uint64_t offset, const char *message)
{
	struct pcap_logs *logs = ctx;

	if (++logs->warnings[file] <= WST_PROBLEM_LINES_MAX)
		wst_warning("%s: offset 0x%llx: %s", logs->paths[file], (unsigned long long)offset,
		            message);
	else if (logs->warnings[file] == WST_PROBLEM_LINES_MAX + 1)
		wst_warning("%s: more warnings follow; only their count is reported", logs->paths[file]);
}

static int run(const struct pcap_args *a, FILE *fp)
{
	static struct wst_out out;
	struct pcap_logs logs = { calloc(a->npaths, sizeof *logs.damage),
	                          calloc(a->npaths, sizeof *logs.warnings), a->paths, a, NULL, false };
	struct wst_etl_problem_sink *sinks = calloc(a->npaths, sizeof *sinks);
	struct wst_etl_header *headers = calloc(a->npaths, sizeof *headers);
	struct wst_etl_stats *stats = calloc(a->npaths, sizeof *stats);
	int status = WST_EXIT_OK;

	if (!logs.damage || !logs.warnings || !sinks || !headers || !stats) {
		status = WST_EXIT_FAILURE;
		wst_error("out of memory");
		goto done;
	}
	for (size_t i = 0; i < a->npaths; i++) {
		logs.damage[i].path = a->paths[i];
		sinks[i].report = wst_problem_report;
		sinks[i].ctx = &logs.damage[i];
	}
	wst_out_init(&out, fp, false);
	struct wst_pcap_job job = {
		.paths = a->paths, .npaths = a->npaths, .sinks = sinks, .once = a->once,
		.out = &out, .warn = warn_packet, .observe = observe_event,
		.annotate = annotate_packet, .ctx = &logs, .headers = headers, .stats = stats,
	};
	int rc = wst_pcap_export(&job);
	wst_out_flush(&out);
	if (rc < 0) {
		wst_error("%s", job.err);
		status = WST_EXIT_FAILURE;
		goto done;
	}
	if (out.error) {
		status = wst_output_status(out.error) ? WST_EXIT_FAILURE : WST_EXIT_OK;
		goto done;
	}
	/* An I/O error is a failure to read, not damage: the reader said where. */
	bool read_failed = job.counts.read_failures != 0;
	for (size_t i = 0; i < a->npaths; i++)
		read_failed |= stats[i].read_errors != 0;
	if (read_failed) {
		status = WST_EXIT_FAILURE;
		goto done;
	}
	if (job.counts.frames + job.counts.filtered + job.counts.repeats + job.counts.not_written == 0)
		wst_warning("no packet events (PktMon 160/170, NDIS-PacketCapture 1001/1003) in %s%s",
		            a->npaths == 1 ? a->paths[0] : "the captures",
		            a->npaths == 1 ? "" : " given");
	unsigned long long damaged = 0;
	for (size_t i = 0; i < a->npaths; i++) {
		damaged += logs.damage[i].count;
		if (wst_report_losses(a->paths[i], &headers[i], &stats[i]))
			status = WST_EXIT_LOST;
	}
	if (job.counts.not_written) {
		wst_error("%llu packets could not be written", (unsigned long long)job.counts.not_written);
		status = WST_EXIT_DAMAGED;
	}
	if (damaged) {
		wst_error("%llu problem%s in the input; everything readable was written", damaged,
		          damaged == 1 ? "" : "s");
		status = WST_EXIT_DAMAGED;
	}
done:
	wst_packet_owners_free(logs.owners);
	free(headers);
	free(stats);
	free(logs.damage);
	free(logs.warnings);
	free(sinks);
	return status;
}

int wst_cmd_pcap(int argc, char **argv)
{
	struct pcap_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc)
		return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;
	FILE *fp = stdout;
	wst_stdout_setup();
	if (a.output && strcmp(a.output, "-") != 0) {
		errno = 0;
		fp = fopen(a.output, "wb");
		if (!fp) {
			wst_error("%s: cannot create: %s", a.output, strerror(errno));
			return WST_EXIT_FAILURE;
		}
	}
	int status = run(&a, fp);
	if (fp != stdout && fclose(fp) != 0 && status == WST_EXIT_OK)
		status = wst_output_status(errno ? errno : EIO) ? WST_EXIT_FAILURE : WST_EXIT_OK;
	return status;
}
