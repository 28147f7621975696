/*
 * DNS record types by number, as IANA's "DNS Parameters" registry names
 * them (and windns.h's DNS_TYPE_* constants): the types a Windows client
 * asks for in practice.
 */
#include <stddef.h>

#include "wstrace/dns_names.h"

struct dns_type {
	uint16_t value;
	const char *name;
};

/* Sorted by value. */
static const struct dns_type types[] = {
	{ 1, "A" },       { 2, "NS" },     { 5, "CNAME" },   { 6, "SOA" },
	{ 12, "PTR" },    { 15, "MX" },    { 16, "TXT" },    { 28, "AAAA" },
	{ 33, "SRV" },    { 35, "NAPTR" }, { 39, "DNAME" },  { 41, "OPT" },
	{ 43, "DS" },     { 46, "RRSIG" }, { 47, "NSEC" },   { 48, "DNSKEY" },
	{ 64, "SVCB" },   { 65, "HTTPS" }, { 255, "ANY" },
};

const char *wst_dns_type_name(uint32_t type)
{
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (types[i].value == type)
			return types[i].name;
	return NULL;
}
