/*
 * The one reader of numbers typed by a person (command-line options and
 * the filter values): a whole number in a stated range, written in
 * decimal, or in hexadecimal after "0x" where the option says so.
 * Nothing else is a number: no sign, no spaces, no leading zero ("010"
 * would read as 8 to strtoul's base 0 and as 10 to a person), no trailing
 * text, nothing past the range.
 */
#ifndef WSTRACE_NUMBER_H
#define WSTRACE_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Flags for wst_number_parse. */
#define WST_NUMBER_HEX 1u   /* "0x..." (or "0X...") is accepted too */

/* Parses text as a number in [min, max]. Returns true with *out set, or
 * false with a short reason in why (for "invalid --count 'x': <why>"),
 * such as "not a decimal number" or "more than 5". */
bool wst_number_parse(const char *text, uint64_t min, uint64_t max, unsigned flags,
                      uint64_t *out, char *why, size_t whylen);

#endif
