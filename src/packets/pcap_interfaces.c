/*
 * One pcapng interface per packet source and link type, named from the
 * capture's component events: if_name is the component's description
 * ("Intel(R) Ethernet Connection"), if_description says which component,
 * driver and capture it is, and what is missing about it.
 */
#include <stdio.h>
#include <string.h>

#include "pcap_internal.h"
#include "wstrace/pcapng.h"
#include "wstrace/string_values.h"

/* The PacketTypes a USER0 interface stands for: "tcp, udp". */
static void user_types(const struct wst_packet_source *src, char *out, size_t outlen)
{
	size_t len = 0;
	out[0] = '\0';
	for (unsigned t = 0; t < 32; t++) {
		if (!(src->packet_types & 1u << t) || (t >= 1 && t <= 3))
			continue;
		const char *name = t < 31 ? wst_pktmon_packet_type_name((uint16_t)t) : NULL;
		int n = snprintf(out + len, outlen - len, "%s%s", len ? ", " : "",
		                 name ? name : "unknown");
		if (n < 0 || (size_t)n >= outlen - len)
			return;
		len += (size_t)n;
	}
}

/* NDIS-PacketCapture knows its miniports by interface index only. */
static void describe_miniport(const struct wst_packet_source *src, const char *path, char *name,
                              size_t namelen, char *desc, size_t desclen)
{
	snprintf(name, namelen, "miniport interface %u", (unsigned)src->id);
	if (src->described)
		snprintf(desc, desclen,
		         "NDIS-PacketCapture miniport interface %u of %s, above layer interface %u, "
		         "media type %u", (unsigned)src->id, wst_path_base_name(path),
		         (unsigned)src->lower_if_index, (unsigned)src->media_type);
	else
		snprintf(desc, desclen, "NDIS-PacketCapture miniport interface %u of %s",
		         (unsigned)src->id, wst_path_base_name(path));
}

static void describe(const struct wst_packet_source *src, enum wst_link_slot slot,
                     const char *path, char *name, size_t namelen, char *desc, size_t desclen)
{
	if (src->origin == WST_ORIGIN_NDIS) {
		describe_miniport(src, path, name, namelen, desc, desclen);
		return;
	}
	const char *type = wst_pktmon_component_type_name(src->type);
	char users[160] = "";
	int n;

	if (src->description[0])
		snprintf(name, namelen, "%s", src->description);
	else if (src->name[0])
		snprintf(name, namelen, "%s", src->name);
	else
		snprintf(name, namelen, "component %u", (unsigned)src->id);
	if (!src->described) {
		n = snprintf(desc, desclen, "PktMon component %u of %s: no component event in the capture",
		             (unsigned)src->id, wst_path_base_name(path));
	} else {
		n = snprintf(desc, desclen, "PktMon component %u of %s: %s, %s%s", (unsigned)src->id,
		             wst_path_base_name(path), src->name[0] ? src->name : "no name",
		             type ? type : "unknown type",
		             src->description[0] ? "" : ", no description");
	}
	if (slot == WST_SLOT_USER0 && n >= 0 && (size_t)n < desclen) {
		user_types(src, users, sizeof users);
		snprintf(desc + n, desclen - (size_t)n,
		         "; packet type %s: no pcap link type, written as LINKTYPE_USER0", users);
	}
}

int wst_pcap_write_interfaces(struct wst_pcap_job *job, struct wst_packet_census *census)
{
	uint32_t next = 0;

	for (size_t f = 0; f < job->npaths; f++) {
		struct wst_packet_census *c = &census[f];
		wst_packet_census_sort(c);
		for (size_t i = 0; i < c->count; i++) {
			struct wst_packet_source *src = &c->sources[i];
			for (int slot = 0; slot < WST_SLOT_COUNT; slot++) {
				char name[300], desc[600];
				if (!(src->links & 1u << slot))
					continue;
				describe(src, (enum wst_link_slot)slot, job->paths[f], name, sizeof name, desc,
				         sizeof desc);
				struct wst_pcapng_interface iface = {
					.link_type = wst_link_type_of_slot((enum wst_link_slot)slot),
					.snap_len = 0,
					.name = name,
					.description = desc,
					.mac = src->has_mac ? src->mac : NULL,
					.tsresol = 7,
				};
				if (wst_pcapng_interface(job->out, &iface) < 0)
					return -1;
				src->interface[slot] = next++;
			}
		}
	}
	job->counts.interfaces = next;
	return 0;
}
