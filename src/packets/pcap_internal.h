/* Between the parts of `wstrace pcap` (src/packets/pcap_*.c). */
#ifndef WSTRACE_PCAP_INTERNAL_H
#define WSTRACE_PCAP_INTERNAL_H

#include "wstrace/packet_census.h"
#include "wstrace/pcap_export.h"

/* Sorts each file's sources and writes their interfaces, numbering them
 * in src->interface[]; -1 when a block cannot be encoded. */
int wst_pcap_write_interfaces(struct wst_pcap_job *job, struct wst_packet_census *census);

#endif
