/* The wstrace commands; each takes the words after its name. */
#ifndef WSTRACE_CLI_COMMANDS_H
#define WSTRACE_CLI_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>

int wst_cmd_parse(int argc, char **argv);
int wst_cmd_report(int argc, char **argv);
int wst_cmd_info(int argc, char **argv);
int wst_cmd_events(int argc, char **argv);
int wst_cmd_pcap(int argc, char **argv);
#ifdef _WIN32
/* Live capture (src/live/, built on Windows only). */
int wst_cmd_start(int argc, char **argv);
int wst_cmd_run(int argc, char **argv);
int wst_cmd_stop(int argc, char **argv);
int wst_cmd_status(int argc, char **argv);
#endif

/* problems.c, shared by parse and info: where problems in a file go. */
struct wst_problem_log {
	const char *path;
	unsigned long long count;
};
void wst_problem_report(void *ctx, uint64_t offset, const char *message);

/* Lost events are the capture's, not ours: says so, with the numbers, and
 * returns true when the file's header or buffers report losses. */
struct wst_etl_header;
struct wst_etl_stats;
bool wst_report_losses(const char *path, const struct wst_etl_header *h,
                       const struct wst_etl_stats *s);

/* At most this many problem lines per file; the rest are only counted. */
#define WST_PROBLEM_LINES_MAX 20

/* stdout.c: sets stdout up for a broken pipe to end the program quietly (EPIPE
 * rather than SIGPIPE), and in binary mode where that matters. */
void wst_stdout_setup(void);

/* Final check of the output: 0 when all was written or the reader went
 * away (a closed pipe is not an error), else reports and returns 1. */
int wst_output_status(int error);

/* Whether a person reads stdout as it comes: then lines go out one by one. */
bool wst_stdout_is_terminal(void);

/* Flushes stdout written with stdio and checks it as wst_output_status does. */
int wst_finish_stdout(void);

#endif
