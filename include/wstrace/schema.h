/*
 * The event schemas of the providers wstrace decodes (Winsock-AFD,
 * Winsock-NameResolution, DNS-Client, Kernel-Process): one row per
 * (provider, event id, version) with the template's fields in payload order.
 * The rows are generated from the manifests in manifests/ into
 * src/schema/events.c;
 * nothing here is written by hand except the vocabulary of types and roles.
 */
#ifndef WSTRACE_SCHEMA_H
#define WSTRACE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "wstrace/event.h"
#include "wstrace/event_kinds.h"
#include "wstrace/value_map.h"

/* Manifest inTypes, as they are laid out in a payload. */
enum wst_field_type {
	WST_FT_POINTER,   /* win:Pointer: 4 or 8 bytes by the event's pointer size */
	WST_FT_UINT8,
	WST_FT_UINT16,
	WST_FT_UINT32,
	WST_FT_UINT64,
	WST_FT_INT32,
	WST_FT_INT64,
	WST_FT_BOOL32,    /* win:Boolean is a 4-byte BOOL */
	WST_FT_BINARY,    /* fixed length, or the value of an earlier field */
	WST_FT_UTF16,     /* win:UnicodeString: UTF-16LE up to a NUL character */
	WST_FT_ANSI,      /* win:AnsiString: bytes up to a NUL */
	WST_FT_GUID,      /* 16 bytes, Windows layout */
	WST_FT_FILETIME,  /* 8 bytes: 100 ns ticks since 1601 */
	WST_FT_SID,       /* binary SID: 8 bytes and 4 per sub-authority */
};

/* What a field means to wstrace, derived from its manifest name. Roles let
 * the decoder, the endpoint table and the formatters work on any template. */
enum wst_field_role {
	WST_ROLE_PLAIN,           /* printed under its key, nothing more */
	WST_ROLE_PROCESS,         /* EPROCESS address */
	WST_ROLE_ENDPOINT,        /* the socket's kernel address */
	WST_ROLE_LISTEN_ENDPOINT, /* the listening socket of an indication */
	WST_ROLE_ADDRESS,         /* IPv4 (UInt32) or IPv6 (Binary 16), network order */
	WST_ROLE_PORT,            /* UInt16, network order */
	WST_ROLE_STATUS,          /* NTSTATUS or Winsock code: gets a name */
	WST_ROLE_REASON,          /* abort or drop reason: its map's name, else a code name */
	WST_ROLE_USER_PID,        /* a PID carried in a pointer-sized field */
	WST_ROLE_ADDRESS_FAMILY,
	WST_ROLE_SOCKET_TYPE,
	WST_ROLE_PROTOCOL,
	WST_ROLE_BYTES,           /* BufferLength: bytes of the operation */
	WST_ROLE_PHASE,           /* EnterExit: request, complete, internal, ... */
	WST_ROLE_ACCEPT_ENDPOINT, /* the socket an accept created */
	WST_ROLE_LOCATION,        /* AFD's internal code site */
	WST_ROLE_QUERY_NAME,      /* the host name a lookup asks for */
	WST_ROLE_QUERY_TYPE,      /* DNS record type: A, AAAA, CNAME, ... */
	WST_ROLE_RESULTS,         /* a lookup's ';'-separated result string */
	WST_ROLE_SUBJECT_PID,     /* the process a Kernel-Process event is about */
	WST_ROLE_PARENT_PID,
	WST_ROLE_SEQUENCE,        /* the process's sequence number (unique per boot) */
	WST_ROLE_CREATE_TIME,
	WST_ROLE_IMAGE,           /* the process's image, as Windows names it */
	WST_ROLE_PACKAGE,         /* an app package name: written only when not empty */
	WST_ROLE_SERVICE,         /* getaddrinfo's service ("https"): its own key, "service" */
	WST_ROLE_PARENT_SEQUENCE, /* the parent's sequence number: "parent_sequence" */
};

/* Value maps the formatters can name ("SOCK_STREAM", "SO_RCVBUF"):
 * wstrace/value_map.h. */

struct wst_field_desc {
	const char *name;          /* manifest name: "BufferLength" */
	const char *key;           /* JSON key: "buffer_length" */
	uint8_t type;              /* enum wst_field_type */
	uint8_t role;              /* enum wst_field_role */
	uint16_t length;           /* WST_FT_BINARY: fixed length in bytes */
	int8_t length_field;       /* WST_FT_BINARY: index of the field holding
	                              the length, or -1 when fixed */
	uint8_t key_len;           /* strlen(key): written for every field of every line */
	const struct wst_value_map *map;   /* NULL when the manifest has none */
};

#define WST_EVENT_FAILURE        0x1u  /* the event always reports a failure */
#define WST_EVENT_BYTES_SENT     0x2u  /* BufferLength counts bytes sent */
#define WST_EVENT_BYTES_RECEIVED 0x4u  /* BufferLength counts bytes received */
#define WST_EVENT_REQUEST        0x8u  /* a legacy request some completion answers */
#define WST_EVENT_STREAM         0x10u /* happens only on stream (TCP) sockets */
#define WST_EVENT_DATAGRAM       0x20u /* happens only on datagram (UDP) sockets */
/* The layout stops before a field no payload can hold (Windows' schema
 * gave it more than 65535 bytes): every event decoded with it is
 * truncated, the fields before that one still decode. */
#define WST_EVENT_LAYOUT_CUT     0x40u

struct wst_event_desc {
	uint16_t id;
	uint8_t version;
	uint8_t level;
	uint8_t opcode;
	uint16_t task;
	uint64_t keywords;
	uint8_t provider;          /* enum wst_provider */
	uint16_t kind;             /* enum wst_event_kind */
	uint16_t completes;        /* legacy completion: the kind of its request */
	int8_t phase;              /* enum wst_phase the id implies (wst:phase), or -1 */
	const char *name;          /* stable wstrace name: "connect" */
	const char *symbol;        /* manifest symbol: "AFD_CONNECT_IPV4" */
	uint32_t flags;            /* WST_EVENT_* */
	uint8_t field_count;
	const struct wst_field_desc *fields;
};

#define WST_MAX_FIELDS 16

/* Generated table: provider by provider, each sorted by (id, version). */
extern const struct wst_event_desc wst_events[];
extern const size_t wst_event_count;

/* A provider wstrace decodes, with its rows in wst_events. */
struct wst_provider_desc {
	uint8_t provider;          /* enum wst_provider */
	const char *name;          /* "Microsoft-Windows-Winsock-AFD" */
	const char *short_name;    /* "afd": the manifest's wst:provider */
	struct wst_guid guid;
	const struct wst_event_desc *events;
	size_t event_count;
	const struct wst_event_desc *(*row)(uint16_t id, uint8_t version);
};
extern const struct wst_provider_desc wst_providers[];
extern const size_t wst_provider_count;

/* The provider of an event's GUID; WST_PROVIDER_OTHER when not decoded. */
enum wst_provider wst_provider_of(const struct wst_guid *guid);
/* Its description; NULL for WST_PROVIDER_OTHER. */
const struct wst_provider_desc *wst_provider_desc(enum wst_provider provider);

/* Every field name of the manifest with its JSON key and role, sorted by
 * name (strcmp order). */
struct wst_field_role_entry {
	const char *name;
	const char *key;
	uint8_t role;
};
extern const struct wst_field_role_entry wst_field_roles[];
extern const size_t wst_field_role_count;

/* The role entry for a field name, or NULL when the manifest has no field
 * of that name. */
const struct wst_field_role_entry *wst_field_role_lookup(const char *name);

/* The AFD row for (id, version), or NULL when the schema does not know it. */
const struct wst_event_desc *wst_schema_lookup(uint16_t id, uint8_t version);
/* Any provider's row, or NULL. */
const struct wst_event_desc *wst_schema_lookup_in(enum wst_provider provider, uint16_t id,
                                                  uint8_t version);
/* Generated as switches (events.c); use the two above. */
const struct wst_event_desc *wst_afd_event_row(uint16_t id, uint8_t version);
const struct wst_event_desc *wst_name_resolution_event_row(uint16_t id, uint8_t version);
const struct wst_event_desc *wst_dns_client_event_row(uint16_t id, uint8_t version);
const struct wst_event_desc *wst_kernel_process_event_row(uint16_t id, uint8_t version);

/* "pointer", "uint32", ...: for `wstrace events`. */
const char *wst_field_type_name(enum wst_field_type type);

#endif
