#include <stdio.h>
#include <string.h>

#include "wstrace/cursor.h"
#include "wstrace/event.h"

const struct wst_guid wst_afd_provider_guid = {
	0xe53c6823, 0x7bb8, 0x44bb, { 0x90, 0xdc, 0x3f, 0x86, 0x09, 0x0d, 0x48, 0xa6 }
};

void wst_guid_format(const struct wst_guid *g, char out[WST_GUID_TEXT_LEN])
{
	snprintf(out, WST_GUID_TEXT_LEN,
	         "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
	         (unsigned)g->data1, (unsigned)g->data2, (unsigned)g->data3,
	         g->data4[0], g->data4[1], g->data4[2], g->data4[3],
	         g->data4[4], g->data4[5], g->data4[6], g->data4[7]);
}

int wst_guid_equal(const struct wst_guid *a, const struct wst_guid *b)
{
	return a->data1 == b->data1 && a->data2 == b->data2 && a->data3 == b->data3 &&
	       memcmp(a->data4, b->data4, sizeof a->data4) == 0;
}

void wst_guid_from_bytes(const uint8_t *p, struct wst_guid *g)
{
	g->data1 = wst_le32(p);
	g->data2 = wst_le16(p + 4);
	g->data3 = wst_le16(p + 6);
	memcpy(g->data4, p + 8, sizeof g->data4);
}
