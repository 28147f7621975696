/* Names of DNS record types (the QueryType of DNS-Client events). */
#ifndef WSTRACE_DNS_NAMES_H
#define WSTRACE_DNS_NAMES_H

#include <stdint.h>

/* "A" for 1, "AAAA" for 28, "CNAME" for 5 ...; NULL when not known. */
const char *wst_dns_type_name(uint32_t type);

#endif
