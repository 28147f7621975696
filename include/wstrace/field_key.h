/*
 * The JSON key of a manifest field name: the one rule, used by the schema
 * generator (through the field_key tool) and by the live TDH decoder for
 * fields the manifest does not name.
 */
#ifndef WSTRACE_FIELD_KEY_H
#define WSTRACE_FIELD_KEY_H

#include <stddef.h>

/* snake_case, with acronyms as words: "AddressLen" -> "address_len",
 * "RIOState" -> "rio_state", "IPv4Address" -> "ipv4_address"; other
 * characters become one '_'. Cut to fit len (at least 2) bytes with the NUL. */
void wst_field_key(const char *name, char *out, size_t len);

#endif
