/*
 * A pcapng writer (draft-ietf-opsawg-pcapng): Section Header, Interface
 * Description and Enhanced Packet Blocks, little-endian, written through an
 * output buffer. Lengths are checked before anything is written: a block
 * that cannot be encoded (an option over 65535 bytes, a block over 4 GiB)
 * is refused whole, so that the file never holds half a block.
 */
#ifndef WSTRACE_PCAPNG_H
#define WSTRACE_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#include "wstrace/outbuf.h"

struct wst_pcapng_option {
	uint16_t code;
	uint16_t len;
	const void *value;
};

/* Option codes used here. */
enum {
	WST_OPT_COMMENT = 1,
	WST_SHB_USERAPPL = 4,
	WST_IF_NAME = 2,
	WST_IF_DESCRIPTION = 3,
	WST_IF_MACADDR = 6,
	WST_IF_TSRESOL = 9,
	WST_EPB_FLAGS = 2,
};

/* Comments on one packet, at most. */
#define WST_PCAPNG_MAX_OPTIONS 16

struct wst_pcapng_interface {
	uint16_t link_type;
	uint32_t snap_len;           /* 0: no limit */
	const char *name;            /* if_name; NULL or "" for none */
	const char *description;     /* if_description */
	const uint8_t *mac;          /* if_MACaddr, 6 bytes, or NULL */
	uint8_t tsresol;             /* if_tsresol: 7 = 100 ns; 0: the default, microseconds */
};

struct wst_pcapng_packet {
	uint32_t interface;
	uint64_t timestamp;          /* in the interface's units since 1970 */
	const uint8_t *data;
	uint32_t captured;
	uint32_t original;
	uint32_t flags;              /* epb_flags; 0: none written */
	const char *comments[WST_PCAPNG_MAX_OPTIONS - 1];
	unsigned ncomments;
};

/* Each returns 0, or -1 when the block cannot be encoded (nothing written).
 * Write errors are kept in o->error. */
int wst_pcapng_section(struct wst_out *o, const char *application);
int wst_pcapng_interface(struct wst_out *o, const struct wst_pcapng_interface *iface);
int wst_pcapng_packet(struct wst_out *o, const struct wst_pcapng_packet *pkt);

/* The generic block: type, a fixed part, data padded to 4 bytes, options. */
int wst_pcapng_block(struct wst_out *o, uint32_t type, const void *fixed, size_t fixed_len,
                     const void *data, size_t data_len, const struct wst_pcapng_option *opts,
                     size_t nopts);

/* FILETIME (100 ns since 1601) -> 100 ns since 1970; 0 before 1970. */
uint64_t wst_pcapng_time_from_filetime(uint64_t filetime);

#endif
