/*
 * Command-line options, declared once per command in a table that both
 * parses the words and prints the --help text (git's parse-options is the
 * model). Own code rather than getopt_long, which MSVC lacks; used by the
 * commands in src/cli and src/live alike.
 *
 *   static uint64_t count = 10;
 *   static const struct wst_option opts[] = {
 *       WST_OPT_UINT("count", 'c', &count, 1, 1000, 0, "N", "stop after N lines"),
 *       WST_OPT_END,
 *   };
 *   static const struct wst_command cmd = { "wstrace x [OPTION]...", "Does x.\n", opts, NULL };
 *   struct wst_words words;
 *   int rc = wst_options_parse(&cmd, argc, argv, &words);
 *   if (rc) return rc == WST_OPTIONS_HELP ? wst_finish_stdout() : rc;
 *
 * Words: "--name value", "--name=value", "-c value", "-cvalue"; "-h" and
 * "--help" print the help; "--" ends the options and every word after it
 * is left as it is for the command; "-" alone is a word. An unknown option
 * or a bad value is a usage error (one line, status 2). An option given
 * twice takes its last value; a callback sees every value it is given.
 */
#ifndef WSTRACE_CLI_OPTIONS_H
#define WSTRACE_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "wstrace/format.h"
#include "wstrace/number.h"

enum wst_opt_kind {
	WST_OPT_KIND_END,       /* ends a table */
	WST_OPT_KIND_FLAG,      /* no value; sets *(bool *)target */
	WST_OPT_KIND_UINT,      /* *(uint64_t *)target, through wst_number_parse */
	WST_OPT_KIND_STRING,    /* *(const char **)target = the word */
	WST_OPT_KIND_CHOICE,    /* *(int *)target = the index of the word in choices */
	WST_OPT_KIND_CALLBACK,  /* callback(target, value); value NULL for no-value ones */
};

/* Returns 0, or -1 with a one-line reason in err ("invalid port 'x': ..."). */
typedef int wst_opt_callback(void *target, const char *value, char *err, size_t errlen);

/* Option flags. */
#define WST_OPT_REPEAT 1u    /* may be given more than once: "[--pid N]..." */
#define WST_OPT_NO_VALUE 2u  /* a callback that takes no value */
#define WST_OPT_HEX 4u       /* a number that may be written 0x... */

struct wst_option {
	const char *name;         /* long name, without the dashes */
	char short_name;          /* '\0' for none */
	enum wst_opt_kind kind;
	void *target;
	const char *metavar;      /* the value in the help: "N", "FILE"; NULL for flags and choices */
	const char *help;         /* may hold '\n': further lines are indented */
	uint64_t min, max;        /* numbers */
	unsigned flags;
	const char *const *choices;  /* NULL-terminated, for choices */
	wst_opt_callback *callback;
};

#define WST_OPT_FLAG(name, s, target, help) \
	{ name, s, WST_OPT_KIND_FLAG, target, NULL, help, 0, 0, 0, NULL, NULL }
#define WST_OPT_UINT(name, s, target, min, max, flags, metavar, help) \
	{ name, s, WST_OPT_KIND_UINT, target, metavar, help, min, max, flags, NULL, NULL }
#define WST_OPT_STRING(name, s, target, metavar, help) \
	{ name, s, WST_OPT_KIND_STRING, target, metavar, help, 0, 0, 0, NULL, NULL }
#define WST_OPT_CHOICE(name, s, target, choices, help) \
	{ name, s, WST_OPT_KIND_CHOICE, target, NULL, help, 0, 0, 0, choices, NULL }
#define WST_OPT_CALLBACK(name, s, target, callback, flags, metavar, help) \
	{ name, s, WST_OPT_KIND_CALLBACK, target, metavar, help, 0, 0, flags, NULL, callback }
#define WST_OPT_END { NULL, 0, WST_OPT_KIND_END, NULL, NULL, NULL, 0, 0, 0, NULL, NULL }

/* A command's help, from which --help is printed:
 *   usage: <synopsis>
 *   <about>
 *   <the options, from the table>
 *   <footer> */
struct wst_command {
	const char *synopsis;     /* "wstrace parse FILE.etl [OPTION]..." */
	const char *about;        /* paragraphs, each line ending in '\n' */
	const struct wst_option *options;
	const char *footer;       /* NULL for none */
	bool stop_at_word;        /* the first word ends the options, as "--" does
	                             (for a command that runs PROGRAM ARGS...) */
};

/* The words that are not options, in their order; they point into argv. */
struct wst_words {
	char **word;
	int count;
	int before_dashdash;      /* how many came before "--" (or the stopping
	                             word); count when there was neither */
};

/* wst_options_parse's return after printing the help to stdout. */
#define WST_OPTIONS_HELP (-1)

/* Parses argv[0..argc) (the words after the command's name) into the
 * table's targets, moving the words that are not options to the front of
 * argv. Returns 0, WST_OPTIONS_HELP, or WST_EXIT_USAGE after a usage error. */
int wst_options_parse(const struct wst_command *cmd, int argc, char **argv,
                      struct wst_words *words);

/* For a command that takes no words: 0 when there are none, else a usage
 * error naming command and the first word. */
int wst_options_no_words(const struct wst_words *words, const char *command);

/* The --help text of cmd. */
void wst_options_print_help(const struct wst_command *cmd, FILE *out);

/* "--format text|json", shared by every command that prints. */
extern const char *const wst_format_choices[];   /* "text", "json": enum wst_format's order */
/* And "csv", for parse: the others print no CSV (report has its own). */
extern const char *const wst_format_choices_csv[];

#endif
