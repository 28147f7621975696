/* Command-line words: "--name", "--name=value", "--name value". Own code
 * rather than getopt_long, which MSVC lacks. */
#ifndef WSTRACE_CLI_ARGS_H
#define WSTRACE_CLI_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/format.h"

struct wst_arg {
	char name[32];        /* without the dashes */
	const char *value;    /* from "--name=value", else NULL until taken */
};

/* True when argv[i] is an option; fills *a. "-h" counts as "help". */
bool wst_arg_parse(const char *word, struct wst_arg *a);

/* The option's value: inline, or the next word (advancing *i). Returns
 * false, after a usage message, when there is none. */
bool wst_arg_value(struct wst_arg *a, int argc, char **argv, int *i);

/* Rejects an inline value on an option that takes none. */
bool wst_arg_no_value(const struct wst_arg *a);

/* The value of --format: "text" or "json". Returns false, after a usage
 * message, when it is missing or another word. */
bool wst_arg_format(struct wst_arg *a, int argc, char **argv, int *i, enum wst_format *format);

/* A whole number in [1, max], decimal digits only: 0, or -1 if it is not. */
int wst_arg_count(const char *text, uint32_t max, uint32_t *out);

#endif
