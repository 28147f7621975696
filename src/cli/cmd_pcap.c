/* wstrace pcap FILE.etl...: the packets of saved captures as pcapng. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "wstrace/diag.h"
#include "wstrace/pcap_export.h"

static const char pcap_usage[] =
	"usage: wstrace pcap FILE.etl... [-o OUT.pcapng] [--once]\n"
	"\n"
	"Writes the packets of PktMon captures (pktmon start --capture) and netsh traces\n"
	"(netsh trace start capture=yes) as pcapng, which Wireshark and tshark read on any\n"
	"OS: one interface per PktMon component or NDIS miniport and link type (Ethernet,\n"
	"802.11, raw IP), every logged and dropped packet with its time (100 ns), captured\n"
	"and original length and direction; drops carry a comment with the reason and\n"
	"location. Several captures are merged by time.\n"
	"\n"
	"  -o, --output FILE   write to FILE (default: standard output, not a terminal)\n"
	"  --once              keep one appearance of a packet that passed several\n"
	"                      components (PktMon logs it once per component)\n"
	"\n"
	"Exit status: 0 ok, 1 failure, 2 usage, 3 damaged input (the rest was written).\n";

struct pcap_args {
	const char **paths;
	size_t npaths;
	const char *output;
	bool once;
};

static int parse_args(int argc, char **argv, struct pcap_args *a)
{
	memset(a, 0, sizeof *a);
	a->paths = calloc((size_t)argc + 1, sizeof *a->paths);
	if (!a->paths)
		return wst_error("out of memory"), WST_EXIT_FAILURE;
	for (int i = 0; i < argc; i++) {
		struct wst_arg arg;
		if (strcmp(argv[i], "-o") == 0) {
			if (i + 1 >= argc)
				return wst_usage_error("option '-o' needs a value");
			a->output = argv[++i];
			continue;
		}
		if (!wst_arg_parse(argv[i], &arg)) {
			a->paths[a->npaths++] = argv[i];
			continue;
		}
		if (strcmp(arg.name, "help") == 0) {
			fputs(pcap_usage, stdout);
			return -1;
		} else if (strcmp(arg.name, "output") == 0) {
			if (!wst_arg_value(&arg, argc, argv, &i))
				return WST_EXIT_USAGE;
			a->output = arg.value;
		} else if (strcmp(arg.name, "once") == 0) {
			if (!wst_arg_no_value(&arg))
				return WST_EXIT_USAGE;
			a->once = true;
		} else {
			return wst_usage_error("unknown option '%s'", argv[i]);
		}
	}
	if (a->npaths == 0)
		return wst_usage_error("pcap needs a capture file");
	if (!a->output && wst_stdout_is_terminal())
		return wst_usage_error("pcap writes binary pcapng: give -o FILE, or redirect or pipe "
		                       "standard output");
	return 0;
}

struct pcap_logs {
	struct wst_problem_log *damage;   /* per file: the reader's problems, bad packets */
	unsigned long long *warnings;     /* per file: warning lines so far */
	const char *const *paths;
};

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
	                          calloc(a->npaths, sizeof *logs.warnings), a->paths };
	struct wst_etl_problem_sink *sinks = calloc(a->npaths, sizeof *sinks);
	int status = WST_EXIT_OK;

	if (!logs.damage || !logs.warnings || !sinks) {
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
		.out = &out, .warn = warn_packet, .ctx = &logs,
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
	unsigned long long damaged = 0;
	for (size_t i = 0; i < a->npaths; i++)
		damaged += logs.damage[i].count;
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
	free(logs.damage);
	free(logs.warnings);
	free(sinks);
	return status;
}

int wst_cmd_pcap(int argc, char **argv)
{
	struct pcap_args a;
	int rc = parse_args(argc, argv, &a);
	if (rc) {
		free(a.paths);
		return rc < 0 ? WST_EXIT_OK : rc;
	}
	FILE *fp = stdout;
	wst_stdout_setup();
	if (a.output && strcmp(a.output, "-") != 0) {
		errno = 0;
		fp = fopen(a.output, "wb");
		if (!fp) {
			wst_error("%s: cannot create: %s", a.output, strerror(errno));
			free(a.paths);
			return WST_EXIT_FAILURE;
		}
	}
	int status = run(&a, fp);
	if (fp != stdout && fclose(fp) != 0 && status == WST_EXIT_OK)
		status = wst_output_status(errno ? errno : EIO) ? WST_EXIT_FAILURE : WST_EXIT_OK;
	free(a.paths);
	return status;
}
