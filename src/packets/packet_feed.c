/* One capture's packet events to packets; see wstrace/packet_feed.h. */
#include <stdlib.h>

#include "wstrace/packet_feed.h"

void wst_packet_feed_init(struct wst_packet_feed *f)
{
	f->ndis = NULL;
	f->pktmon_ready = false;
	f->out_of_memory = false;
}

void wst_packet_feed_free(struct wst_packet_feed *f)
{
	free(f->ndis);
	f->ndis = NULL;
}

bool wst_packet_feed_event(struct wst_packet_feed *f, const struct wst_event *ev)
{
	f->pktmon_ready = false;
	if (f->ndis)
		f->ndis->nready = f->ndis->taken = 0;
	if (wst_pktmon_is_packet(ev)) {
		wst_pktmon_decode_packet(ev, &f->pktmon);
		f->pktmon_ready = true;
		return true;
	}
	if (!wst_ndis_is_fragment(ev))
		return false;
	if (!f->ndis) {
		f->ndis = malloc(sizeof *f->ndis);
		if (!f->ndis) {
			f->out_of_memory = true;
			return true;
		}
		wst_ndis_assembler_init(f->ndis);
	}
	wst_ndis_feed(f->ndis, ev);
	return true;
}

bool wst_packet_feed_next(struct wst_packet_feed *f, const struct wst_packet **pkt)
{
	if (f->pktmon_ready) {
		f->pktmon_ready = false;
		*pkt = &f->pktmon;
		return true;
	}
	return f->ndis && wst_ndis_take(f->ndis, pkt);
}

bool wst_packet_feed_flush(struct wst_packet_feed *f)
{
	f->pktmon_ready = false;
	return f->ndis && wst_ndis_flush_one(f->ndis);
}
