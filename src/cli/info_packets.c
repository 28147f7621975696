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

void wst_info_packets_text(const struct wst_packet_census *c)
{
	if (!c->count)
		return;
	printf("packets       %llu logged, %llu dropped (PktMon)\n", (unsigned long long)c->logged,
	       (unsigned long long)c->dropped);
	printf("components    %zu\n", c->count);
	printf("  %-5s  %-12s  %7s  %7s  %-19s  %s\n", "id", "type", "logged", "dropped", "link types",
	       "name");
	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
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

void wst_info_packets_json(cJSON *o, const struct wst_packet_census *c)
{
	if (!c->count)
		return;
	cJSON *pk = cJSON_AddObjectToObject(o, "pktmon");
	cJSON_AddNumberToObject(pk, "logged", (double)c->logged);
	cJSON_AddNumberToObject(pk, "dropped", (double)c->dropped);
	cJSON *list = cJSON_AddArrayToObject(pk, "components");
	for (size_t i = 0; i < c->count; i++) {
		const struct wst_packet_source *src = &c->sources[i];
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
		cJSON *links = cJSON_AddArrayToObject(e, "link_types");
		for (int slot = 0; slot < WST_SLOT_COUNT; slot++)
			if (src->links & 1u << slot)
				cJSON_AddItemToArray(links, cJSON_CreateString(wst_link_type_name(
					wst_link_type_of_slot((enum wst_link_slot)slot))));
		cJSON_AddItemToArray(list, e);
	}
}
