/*
 * pcapng blocks. Every block is measured first (with the sizes checked
 * against their fields' widths), then written in one go, so that a refused
 * block leaves nothing behind.
 */
#include <string.h>

#include "wstrace/pcapng.h"
#include "wstrace/utf16.h"

#define BLOCK_SHB 0x0A0D0D0Au
#define BLOCK_IDB 0x00000001u
#define BLOCK_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define MAX_BLOCK 0xFFFFFFF0u

/* 116444736000000000: 1601-01-01 to 1970-01-01 in 100 ns ticks. */
#define FILETIME_UNIX_EPOCH 116444736000000000ull

static size_t pad4(size_t n)
{
	return (4 - (n & 3)) & 3;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static const uint8_t zeros[4];

static void out_u32(struct wst_out *o, uint32_t v)
{
	uint8_t b[4];
	put32(b, v);
	wst_out_mem(o, b, 4);
}

int wst_pcapng_block(struct wst_out *o, uint32_t type, const void *fixed, size_t fixed_len,
                     const void *data, size_t data_len, const struct wst_pcapng_option *opts,
                     size_t nopts)
{
	/* type, length, fixed part, data and its padding, options, end of
	 * options, length again; each term checked so that none can wrap. */
	size_t total = 12;
	if (fixed_len > MAX_BLOCK - total)
		return -1;
	total += fixed_len;
	if (data_len > MAX_BLOCK - total || MAX_BLOCK - total - data_len < 3)
		return -1;
	total += data_len + pad4(data_len);
	for (size_t i = 0; i < nopts; i++) {
		if (opts[i].len && !opts[i].value)
			return -1;
		if (total > MAX_BLOCK - 4 - 0x10000u)
			return -1;
		total += 4 + opts[i].len + pad4(opts[i].len);
	}
	if (nopts) {
		if (total > MAX_BLOCK - 4)
			return -1;
		total += 4;
	}

	out_u32(o, type);
	out_u32(o, (uint32_t)total);
	wst_out_mem(o, fixed, fixed_len);
	if (data_len)
		wst_out_mem(o, data, data_len);
	wst_out_mem(o, zeros, pad4(data_len));
	for (size_t i = 0; i < nopts; i++) {
		uint8_t head[4];
		put16(head, opts[i].code);
		put16(head + 2, opts[i].len);
		wst_out_mem(o, head, 4);
		if (opts[i].len)
			wst_out_mem(o, opts[i].value, opts[i].len);
		wst_out_mem(o, zeros, pad4(opts[i].len));
	}
	if (nopts)
		wst_out_mem(o, zeros, 4);   /* opt_endofopt */
	out_u32(o, (uint32_t)total);
	return 0;
}

/* A text option: cut at 65535 bytes, on a UTF-8 character boundary. */
static void text_option(struct wst_pcapng_option *opt, uint16_t code, const char *text)
{
	size_t len = wst_utf8_cut(text, strlen(text), 0xFFFF);
	opt->code = code;
	opt->len = (uint16_t)len;
	opt->value = text;
}

int wst_pcapng_section(struct wst_out *o, const char *application)
{
	uint8_t fixed[16];
	struct wst_pcapng_option opt;

	put32(fixed, BYTE_ORDER_MAGIC);
	put16(fixed + 4, 1);            /* version 1.0 */
	put16(fixed + 6, 0);
	memset(fixed + 8, 0xFF, 8);     /* section length: not given */
	text_option(&opt, WST_SHB_USERAPPL, application);
	return wst_pcapng_block(o, BLOCK_SHB, fixed, sizeof fixed, NULL, 0, &opt, 1);
}

int wst_pcapng_interface(struct wst_out *o, const struct wst_pcapng_interface *iface)
{
	uint8_t fixed[8];
	struct wst_pcapng_option opts[4];
	size_t n = 0;

	put16(fixed, iface->link_type);
	put16(fixed + 2, 0);
	put32(fixed + 4, iface->snap_len);
	if (iface->name && *iface->name)
		text_option(&opts[n++], WST_IF_NAME, iface->name);
	if (iface->description && *iface->description)
		text_option(&opts[n++], WST_IF_DESCRIPTION, iface->description);
	if (iface->mac)
		opts[n++] = (struct wst_pcapng_option){ WST_IF_MACADDR, 6, iface->mac };
	if (iface->tsresol)
		opts[n++] = (struct wst_pcapng_option){ WST_IF_TSRESOL, 1, &iface->tsresol };
	return wst_pcapng_block(o, BLOCK_IDB, fixed, sizeof fixed, NULL, 0, opts, n);
}

int wst_pcapng_packet(struct wst_out *o, const struct wst_pcapng_packet *pkt)
{
	uint8_t fixed[20], flags[4];
	struct wst_pcapng_option opts[WST_PCAPNG_MAX_OPTIONS];
	size_t n = 0;

	if (pkt->captured > pkt->original || pkt->ncomments > WST_PCAPNG_MAX_OPTIONS - 1)
		return -1;
	put32(fixed, pkt->interface);
	put32(fixed + 4, (uint32_t)(pkt->timestamp >> 32));
	put32(fixed + 8, (uint32_t)pkt->timestamp);
	put32(fixed + 12, pkt->captured);
	put32(fixed + 16, pkt->original);
	for (unsigned i = 0; i < pkt->ncomments; i++)
		text_option(&opts[n++], WST_OPT_COMMENT, pkt->comments[i]);
	if (pkt->flags) {
		put32(flags, pkt->flags);
		opts[n++] = (struct wst_pcapng_option){ WST_EPB_FLAGS, 4, flags };
	}
	return wst_pcapng_block(o, BLOCK_EPB, fixed, sizeof fixed, pkt->data, pkt->captured, opts, n);
}

uint64_t wst_pcapng_time_from_filetime(uint64_t filetime)
{
	return filetime > FILETIME_UNIX_EPOCH ? filetime - FILETIME_UNIX_EPOCH : 0;
}
