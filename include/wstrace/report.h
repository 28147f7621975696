/*
 * The findings engine behind `wstrace report` (docs/report.md). It is fed
 * the records the pipeline kept (decoded, enriched by the endpoint table,
 * past the filters) and the socket lives the endpoint table ended, and
 * groups what went wrong by subject: three refused connects to one remote
 * are one finding with count 3. It also keeps per-process totals and a
 * bounded timeline of socket lives for the outputs (src/report/). Memory
 * is bounded: every table has a fixed ceiling, and what does not fit is
 * counted and said.
 */
#ifndef WSTRACE_REPORT_H
#define WSTRACE_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/endpoint_table.h"
#include "wstrace/outbuf.h"
#include "wstrace/pipeline.h"
#include "wstrace/record.h"

/* Stable ids, in the order docs/report.md lists them. */
enum wst_finding_id {
	WST_FINDING_CONNECT_REFUSED,
	WST_FINDING_CONNECT_TIMEOUT,
	WST_FINDING_HOST_UNREACHABLE,
	WST_FINDING_CONNECTION_RESET,
	WST_FINDING_NAME_NOT_FOUND,
	WST_FINDING_SLOW_LOOKUP,
	WST_FINDING_SLOW_CONNECT,
	WST_FINDING_SMALL_SENDS,
	WST_FINDING_DATAGRAMS_DROPPED,
	WST_FINDING_BIND_CONFLICT,
	WST_FINDING_ACCEPT_FAILED,
	WST_FINDING_OPERATION_FAILED,
	WST_FINDING_SOCKETS_LEFT_OPEN,
	WST_FINDING_SOCKET_CHURN,
	WST_FINDING_EVENTS_LOST,
	WST_FINDING_CAPTURE_DAMAGED,
	WST_FINDING_NO_WINSOCK_EVENTS,
	WST_FINDING_COUNT
};

enum wst_severity { WST_SEVERITY_ERROR, WST_SEVERITY_WARNING, WST_SEVERITY_INFO };

/* Thresholds (docs/report.md). Only the latencies are options. */
#define WST_REPORT_SLOW_CONNECT_MS 1000   /* --slow MS */
#define WST_REPORT_SLOW_LOOKUP_MS 1000    /* --slow-lookup MS */
#define WST_REPORT_SMALL_SEND_BYTES 64    /* a send under this is small */
#define WST_REPORT_SMALL_SENDS_MIN 100    /* small sends on one socket */
#define WST_REPORT_CHURN_MIN 20           /* short-lived sockets to one remote */
#define WST_REPORT_CHURN_LIFE_MS 1000     /* a socket living less is short-lived */

/* Ceilings: past them the rest is counted, not kept. */
#define WST_REPORT_FINDINGS_MAX 65536
#define WST_REPORT_ENDPOINTS_MAX 8        /* endpoints listed per finding */
#define WST_REPORT_PROCESSES_MAX 16384
#define WST_REPORT_REMOTES_MAX 65536      /* (process, remote) pairs */
#define WST_REPORT_TIMELINE_MAX 1000      /* socket lives drawn in HTML */
#define WST_REPORT_LOOKUPS_MAX 4096       /* lookup requests waiting for their answers */

/* Where image and host names come from. Either callback may be NULL, or
 * return NULL for "not known"; findings then name PIDs and addresses. The
 * process and name tables plug in here. */
struct wst_report_names {
	const char *(*image)(void *ctx, uint32_t pid);
	/* The host name pid knew remote by. */
	const char *(*remote_name)(void *ctx, uint32_t pid, const struct wst_sockaddr *remote);
	void *ctx;
};

struct wst_report_options {
	uint32_t slow_connect_ms;       /* 0: WST_REPORT_SLOW_CONNECT_MS */
	uint32_t slow_lookup_ms;        /* 0: WST_REPORT_SLOW_LOOKUP_MS */
	uint32_t socket_capacity;       /* sockets followed at once; 0: the endpoint table's default */
	struct wst_report_names names;
};

/* One finding: a rule and its subject, with how often it happened. */
struct wst_finding {
	uint16_t id;                    /* enum wst_finding_id */
	bool has_pid;
	uint32_t pid;
	struct wst_sockaddr remote;     /* family NONE: not part of the subject */
	struct wst_sockaddr local;
	char reason[96];                /* "WSAEADDRINUSE", a drop reason; "" if none */
	char name[128];                 /* the name looked up (name_not_found); "" if none */
	uint64_t count;                 /* times it happened */
	uint64_t first, last;           /* FILETIME; 0 when it has no time */
	uint64_t worst;                 /* slow_connect, slow_lookup: the slowest, in us */
	uint64_t detail;                /* events_lost: buffers lost; capture_damaged: - */
	uint32_t endpoint_count;        /* endpoints, at most WST_REPORT_ENDPOINTS_MAX kept */
	uint64_t last_endpoint;         /* the last one counted */
	uint64_t endpoints[WST_REPORT_ENDPOINTS_MAX];
};

/* One process's totals over the sockets whose lives ended. */
struct wst_report_process {
	bool pid_known;
	uint32_t pid;
	uint64_t sockets, connections, bytes_sent, bytes_received, errors;
	uint64_t not_drawn;             /* lives past the timeline's ceiling */
};

/* Sockets of one process to one remote. */
struct wst_report_remote {
	bool pid_known;
	uint32_t pid;
	struct wst_sockaddr remote;
	uint64_t sockets, bytes;
};

/* One socket's life, for the timeline. */
struct wst_report_life {
	bool pid_known;
	uint32_t pid;
	uint64_t endpoint;
	uint64_t opened, connect_started, ended;   /* FILETIME; connect_started 0: none seen */
	int64_t connect_us;                        /* -1: none */
	bool failed;                               /* some operation failed */
	uint8_t end;                               /* enum wst_endpoint_end */
	uint32_t last_status;
	uint32_t protocol;
	struct wst_sockaddr local, remote;
	uint64_t bytes_sent, bytes_received;
};

/* What the caller knows of the input as a whole. */
struct wst_report_input {
	const char *source;             /* file name for the header */
	uint64_t events, afd_events;
	uint64_t events_lost, buffers_lost, lost_flag_buffers;
	uint64_t problems;              /* damaged parts of the file */
};

struct wst_report;

/* NULL when the memory cannot be had. */
struct wst_report *wst_report_new(const struct wst_report_options *opt);
void wst_report_free(struct wst_report *r);

/* Feeding: every kept record, every ended life (the pipeline's observer). */
void wst_report_record(struct wst_report *r, const struct wst_record *rec);
void wst_report_socket_end(struct wst_report *r, const struct wst_endpoint_info *info,
                           enum wst_endpoint_end how);

/* Where names come from, from now on (before the outputs are written). */
void wst_report_set_names(struct wst_report *r, const struct wst_report_names *names);

/* Points a pipeline's observer at the report (wst_report_record and
 * wst_report_socket_end). */
void wst_report_observe(struct wst_report *r, struct wst_pipeline_observer *w);

/* After the last life: the input's own findings, the thresholds applied,
 * findings sorted by severity, then count (most first), then id and time. */
void wst_report_finish(struct wst_report *r, const struct wst_report_input *in);

/* The results, valid after wst_report_finish. */
struct wst_report_view {
	const struct wst_report_input *input;
	const struct wst_report_names *names;
	const struct wst_finding *findings;
	uint32_t finding_count;
	uint64_t findings_dropped;      /* subjects past WST_REPORT_FINDINGS_MAX */
	const struct wst_report_process *processes;   /* by PID */
	uint32_t process_count;
	const struct wst_report_remote *remotes;      /* by PID, then sockets (most first) */
	uint32_t remote_count;
	const struct wst_report_life *lives;          /* by PID, then opening time */
	uint32_t life_count;
	uint64_t sockets;               /* lives seen */
	uint64_t first, last;           /* the time the records span; 0 if none */
	uint32_t slow_connect_ms;       /* the threshold used */
	uint32_t slow_lookup_ms;        /* and the lookups' */
	uint64_t lookups_evicted;       /* requests forgotten unanswered past WST_REPORT_LOOKUPS_MAX */
};
void wst_report_view(const struct wst_report *r, struct wst_report_view *v);

/* The rule behind an id: "connect_refused", its severity and advice. */
const char *wst_finding_name(enum wst_finding_id id);
enum wst_severity wst_finding_severity(enum wst_finding_id id);
const char *wst_severity_name(enum wst_severity s);
const char *wst_finding_advice(enum wst_finding_id id);

/* One sentence saying what happened, with the subject's names:
 * "pid 2208: 1 connect to 198.51.100.80:8080 refused". */
#define WST_FINDING_SUMMARY_LEN 512
void wst_finding_summary(const struct wst_finding *f, const struct wst_report_view *v,
                         char out[WST_FINDING_SUMMARY_LEN]);

/* "curl.exe (pid 7300)", "pid 7300", "an unknown process". */
#define WST_REPORT_WHO_LEN 96
void wst_report_who(const struct wst_report_names *names, bool pid_known, uint32_t pid,
                    char out[WST_REPORT_WHO_LEN]);

/* The outputs (src/report/report_*.c). */
enum wst_report_format { WST_REPORT_TEXT, WST_REPORT_JSON, WST_REPORT_HTML, WST_REPORT_CSV };
void wst_report_write_text(struct wst_out *o, const struct wst_report_view *v);
void wst_report_write_json(struct wst_out *o, const struct wst_report_view *v);
void wst_report_write_html(struct wst_out *o, const struct wst_report_view *v);
void wst_report_write_csv(struct wst_out *o, const struct wst_report_view *v);
void wst_report_write(struct wst_out *o, const struct wst_report_view *v,
                      enum wst_report_format format);

/* Finish, then write the report in that format to fp through o (flushed).
 * Returns 0, or the errno of the failed write. */
int wst_report_print(struct wst_report *r, const struct wst_report_input *in, struct wst_out *o,
                     enum wst_report_format format);

#endif
