/* `wstrace info`'s PktMon section (docs/cli.md): nothing when the capture
 * holds no PktMon component or packet. */
#ifndef WSTRACE_CLI_INFO_PACKETS_H
#define WSTRACE_CLI_INFO_PACKETS_H

#include <cjson/cJSON.h>

#include "wstrace/packet_census.h"

void wst_info_packets_text(const struct wst_packet_census *c);
void wst_info_packets_json(cJSON *o, const struct wst_packet_census *c);

#endif
