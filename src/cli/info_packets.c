/* The packets part of `wstrace info`: PktMon's components and their packets. */
#include <stdio.h>

#include "info_packets.h"
#include "wstrace/packets.h"

static void link_list(const struct wst_packet_source *src, char *out, size_t outlen)
{
	size_t len = 0;
	out[0] = '\0';
	for (int slot = 0; slot < WST_SLOT_COUNT; slot++) {
		if (!(src->links & 1u << slot))
			continue;
		int n = snprintf(out + len, outlen - len, "%s%s", len ? "," : "",
		                 wst_link_type_name(wst_link_type_of_slot((enum wst_link_slot)slot)));
		if (n < 0 || (size_t)n >= outlen - len)
			return;
		len += (size_t)n;
	}
}

static size_t count_origin(const struct wst_packet_census *c, enum wst_packet_origin origin,
                           uint64_t *packets)
{
	size_t n = 0;
	*packets = 0;
	for (size_t i = 0; i < c->count; i++) {
		if (c->sources[i].origin == origin) {
			n++;
			*packets += c->sources[i].logged;
		}
	}
	return n;
}

static void miniports_text(const struct wst_packet_census *c)
{
	uint64_t packets;
	size_t n = count_origin(c, WST_ORIGIN_NDIS, &packets);
	if (!n)
		return;
	printf("ndis packets  %llu (NDIS-PacketCapture)\n", (unsigned long long)packets);
	printf("miniports     %zu\n", n);
	printf("  %-10s  %-10s  %5s  %7s  %s\n", "ifindex", "lower", "media", "packets", "link types");
	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
		char links[64];
		if (src->origin != WST_ORIGIN_NDIS)
			continue;
		link_list(src, links, sizeof links);
		if (src->described)
			printf("  %-10u  %-10u  %5u  %7llu  %s\n", (unsigned)src->id,
			       (unsigned)src->lower_if_index, (unsigned)src->media_type,
			       (unsigned long long)src->logged, links[0] ? links : "-");
		else
			printf("  %-10u  %-10s  %5s  %7llu  %s\n", (unsigned)src->id, "-", "-",
			       (unsigned long long)src->logged, links[0] ? links : "-");
	}
}

void wst_info_packets_text(const struct wst_packet_census *c)
{
	uint64_t packets;
	size_t n = count_origin(c, WST_ORIGIN_PKTMON, &packets);

	miniports_text(c);
	if (!n)
		return;
	printf("packets       %llu logged, %llu dropped (PktMon)\n",
	       (unsigned long long)(packets), (unsigned long long)c->dropped);
	printf("components    %zu\n", n);
	printf("  %-5s  %-12s  %7s  %7s  %-19s  %s\n", "id", "type", "logged", "dropped", "link types",
	       "name");
	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
		if (src->origin != WST_ORIGIN_PKTMON)
			continue;
		const char *type = wst_pktmon_component_type_name(src->type);
		char links[64];
		link_list(src, links, sizeof links);
		printf("  %-5u  %-12s  %7llu  %7llu  %-19s  %s%s%s%s\n", (unsigned)src->id,
		       src->described ? (type ? type : "unknown") : "-",
		       (unsigned long long)src->logged, (unsigned long long)src->dropped,
		       links[0] ? links : "-",
		       src->described ? src->description : "(no component event)",
		       src->name[0] ? " (" : "", src->name, src->name[0] ? ")" : "");
	}
}

static cJSON *link_array(const struct wst_packet_source *src)
{
	cJSON *links = cJSON_CreateArray();
	for (int slot = 0; links && slot < WST_SLOT_COUNT; slot++)
		if (src->links & 1u << slot)
			cJSON_AddItemToArray(links, cJSON_CreateString(wst_link_type_name(
				wst_link_type_of_slot((enum wst_link_slot)slot))));
	return links;
}

static void miniports_json(cJSON *o, const struct wst_packet_census *c)
{
	uint64_t packets;
	if (!count_origin(c, WST_ORIGIN_NDIS, &packets))
		return;
	cJSON *nd = cJSON_AddObjectToObject(o, "ndis_capture");
	cJSON_AddNumberToObject(nd, "packets", (double)packets);
	cJSON *list = cJSON_AddArrayToObject(nd, "miniports");
	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
		if (src->origin != WST_ORIGIN_NDIS)
			continue;
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "if_index", src->id);
		cJSON_AddBoolToObject(e, "described", src->described);
		if (src->described) {
			cJSON_AddNumberToObject(e, "lower_if_index", src->lower_if_index);
			cJSON_AddNumberToObject(e, "media_type", src->media_type);
		}
		cJSON_AddNumberToObject(e, "packets", (double)src->logged);
		cJSON_AddItemToObject(e, "link_types", link_array(src));
		cJSON_AddItemToArray(list, e);
	}
}

void wst_info_packets_json(cJSON *o, const struct wst_packet_census *c)
{
	uint64_t packets;
	miniports_json(o, c);
	if (!count_origin(c, WST_ORIGIN_PKTMON, &packets))
		return;
	cJSON *pk = cJSON_AddObjectToObject(o, "pktmon");
	cJSON_AddNumberToObject(pk, "logged", (double)packets);
	cJSON_AddNumberToObject(pk, "dropped", (double)c->dropped);
	cJSON *list = cJSON_AddArrayToObject(pk, "components");
	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
		if (src->origin != WST_ORIGIN_PKTMON)
			continue;
		const char *type = wst_pktmon_component_type_name(src->type);
		cJSON *e = cJSON_CreateObject();
		cJSON_AddNumberToObject(e, "id", src->id);
		cJSON_AddBoolToObject(e, "described", src->described);
		cJSON_AddNumberToObject(e, "type_id", src->type);
		if (src->described)
			cJSON_AddStringToObject(e, "type", type ? type : "unknown");
		else
			cJSON_AddNullToObject(e, "type");
		cJSON_AddStringToObject(e, "name", src->name);
		cJSON_AddStringToObject(e, "description", src->description);
		if (src->has_mac) {
			char mac[18];
			snprintf(mac, sizeof mac, "%02x:%02x:%02x:%02x:%02x:%02x", src->mac[0], src->mac[1],
			         src->mac[2], src->mac[3], src->mac[4], src->mac[5]);
			cJSON_AddStringToObject(e, "mac", mac);
		}
		cJSON_AddNumberToObject(e, "logged", (double)src->logged);
		cJSON_AddNumberToObject(e, "dropped", (double)src->dropped);
		cJSON_AddItemToObject(e, "link_types", link_array(src));
		cJSON_AddItemToArray(list, e);
	}
}
