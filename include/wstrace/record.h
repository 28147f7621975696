/*
 * A decoded event: the raw event, its schema row, the template's values,
 * the meaning the decoder pulled out of them, and what the endpoint table
 * added. Records point into the event's payload; they live as long as it.
 */
#ifndef WSTRACE_RECORD_H
#define WSTRACE_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/event.h"
#include "wstrace/schema.h"

enum wst_family {
	WST_FAMILY_NONE = 0,
	WST_FAMILY_IPV4 = 4,
	WST_FAMILY_IPV6 = 6,
	WST_FAMILY_OTHER = 1, /* AF_UNIX, Hyper-V, vsock, ...: see af */
};

struct wst_sockaddr {
	uint8_t family;       /* enum wst_family */
	uint16_t af;          /* the SOCKADDR's own family number (2, 23, 1, 34, ...) */
	uint16_t port;        /* host order */
	uint8_t addr[16];     /* network order; IPv4 uses the first 4 bytes */
};

/* EnterExit of the modern events. */
enum wst_phase {
	WST_PHASE_NONE = -1,  /* legacy events have none */
	WST_PHASE_REQUEST = 0,
	WST_PHASE_COMPLETE = 1,
	WST_PHASE_INTERNAL = 2,
	WST_PHASE_TRANSPORT = 3,
	WST_PHASE_AFD = 4,
};

struct wst_value {
	bool present;         /* false when the payload ended before the field */
	uint64_t u;           /* integers (signed ones sign-extended), pointers, booleans,
	                         FILETIMEs */
	const uint8_t *bytes; /* binary, GUID, SID; strings without their NUL */
	uint32_t len;
};

#define WST_NO_FIELD (-1)

/* Who and what for, beside a record or a socket summary: the process image
 * ("curl.exe") and the host name (a lookup's name asked, a socket's remote
 * name); NULL when unknown. */
struct wst_names {
	const char *image;
	const char *host;
};

struct wst_record {
	const struct wst_event *ev;
	const struct wst_event_desc *desc;  /* NULL: not an event we know */
	bool is_afd;                        /* provider is Winsock-AFD */
	uint8_t provider;                   /* enum wst_provider */

	bool truncated;                     /* payload shorter than the template */
	uint16_t length_fields;             /* bit i: field i holds the length of a later
	                                       field (AddressLength), truncated or not */

	/* What the fields mean, whatever the template. */
	bool has_process, has_endpoint, has_status, has_user_pid;
	uint64_t process;
	uint64_t endpoint;                  /* Endpoint or ListenEndpoint */
	uint32_t status;                    /* the Status or Error field */
	bool has_reason;
	uint32_t reason;                    /* the Reason field of aborts and drops */
	struct wst_sockaddr addr;           /* the event's own Address/Port */
	bool addr_complete;                 /* address and port both decoded */
	uint32_t user_pid;                  /* create: the PID that made the socket */
	bool has_bytes;
	uint64_t bytes;                     /* BufferLength */
	int8_t phase;                       /* enum wst_phase */
	bool has_location, has_accept_endpoint;
	uint32_t location;
	uint64_t accept_endpoint;
	bool failed;                        /* failure event or failing status */

	/* Lookups and processes: the fields that say what, by index into
	 * values (WST_NO_FIELD when the template has none). */
	int8_t name_field;                  /* NodeName, QueryName */
	int8_t results_field;               /* Result, QueryResults */
	int8_t image_field;                 /* ImageName */
	bool has_query_type, has_parent_pid, has_create_time, has_sequence;
	uint32_t query_type;
	uint32_t parent_pid;
	uint64_t create_time;               /* FILETIME */
	uint64_t sequence;                  /* ProcessSequenceNumber */

	/* Filled by the endpoint table. */
	uint32_t pid;                       /* best-known user-mode PID; for a
	                                       Kernel-Process event, its ProcessID */
	struct wst_sockaddr local, remote;
	int64_t latency_us;                 /* connect_complete; -1 when unknown */

	/* The process image of pid ("chrome.exe"), UTF-8; NULL when unknown.
	 * From the process table, else the pipeline's image callback. */
	const char *image;
	/* The host name of the remote address (the name table); NULL if none. */
	const char *remote_name;
	/* Their wst_plain_len when a table gave them; 0: scan them. */
	uint16_t image_plain_len, remote_name_plain_len;

	/* Last, so that starting a record clears only what comes before:
	 * values past the decoded fields are never read. */
	struct wst_value values[WST_MAX_FIELDS];  /* desc->field_count of them */
};

_Static_assert(WST_MAX_FIELDS <= 16, "length_fields has a bit per field");

#endif
