#include <string.h>

#include "options.h"
#include "wstrace/diag.h"

const char *const wst_format_choices[] = { "text", "json", NULL };
const char *const wst_format_choices_csv[] = { "text", "json", "csv", NULL };

/* Help lines start their text in this column, unless an option's words
 * are wider: then its text starts on the next line. */
#define HELP_COLUMN_MAX 24

static bool takes_value(const struct wst_option *o)
{
	if (o->kind == WST_OPT_KIND_FLAG)
		return false;
	return !(o->kind == WST_OPT_KIND_CALLBACK && (o->flags & WST_OPT_NO_VALUE));
}

/* "text|json" for a choice, else the metavar. */
static void value_words(const struct wst_option *o, char *buf, size_t len)
{
	buf[0] = '\0';
	if (!takes_value(o))
		return;
	if (o->kind != WST_OPT_KIND_CHOICE) {
		snprintf(buf, len, "%s", o->metavar ? o->metavar : "VALUE");
		return;
	}
	size_t used = 0;
	for (size_t i = 0; o->choices[i] && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "|" : "", o->choices[i]);
}

/* "text or json", "a, b or c". */
static const char *choice_list(const struct wst_option *o, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; o->choices[i] && used < len; i++) {
		const char *sep = i == 0 ? "" : o->choices[i + 1] ? ", " : " or ";
		used += (size_t)snprintf(buf + used, len - used, "%s%s", sep, o->choices[i]);
	}
	return buf;
}

/* "-c, --count N" or "--count N". */
static int label(const struct wst_option *o, char *buf, size_t len)
{
	char value[96];

	value_words(o, value, sizeof value);
	int n;
	if (o->short_name)
		n = snprintf(buf, len, "-%c, --%s%s%s", o->short_name, o->name, *value ? " " : "", value);
	else
		n = snprintf(buf, len, "--%s%s%s", o->name, *value ? " " : "", value);
	return n < 0 ? 0 : n;
}

static void print_help_text(FILE *out, const char *help, int column)
{
	const char *nl;

	while ((nl = strchr(help, '\n')) && nl[1]) {
		fprintf(out, "%.*s\n%*s", (int)(nl - help), help, column, "");
		help = nl + 1;
	}
	fprintf(out, "%.*s", (int)strcspn(help, "\n"), help);
}

void wst_options_print_help(const struct wst_command *cmd, FILE *out)
{
	static const struct wst_option help = WST_OPT_FLAG("help", 'h', NULL, "this help");
	char text[160];
	int width = label(&help, text, sizeof text);

	for (const struct wst_option *o = cmd->options; o->kind != WST_OPT_KIND_END; o++) {
		int n = label(o, text, sizeof text);
		if (n <= HELP_COLUMN_MAX && n > width)
			width = n;
	}
	int column = 2 + width + 2;
	fprintf(out, "usage: %s\n\n%s\n", cmd->synopsis, cmd->about);
	for (const struct wst_option *o = cmd->options;; o++) {
		const struct wst_option *shown = o->kind == WST_OPT_KIND_END ? &help : o;
		int n = label(shown, text, sizeof text);
		if (n > width)
			fprintf(out, "  %s\n%*s", text, column, "");
		else
			fprintf(out, "  %-*s  ", width, text);
		print_help_text(out, shown->help, column);
		fputs(shown->flags & WST_OPT_REPEAT ? " (repeatable)\n" : "\n", out);
		if (shown == &help)
			break;
	}
	if (cmd->footer)
		fprintf(out, "\n%s", cmd->footer);
}

static const struct wst_option *find_long(const struct wst_option *opts, const char *name,
                                          size_t len)
{
	for (const struct wst_option *o = opts; o->kind != WST_OPT_KIND_END; o++)
		if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
			return o;
	return NULL;
}

static const struct wst_option *find_short(const struct wst_option *opts, char c)
{
	for (const struct wst_option *o = opts; o->kind != WST_OPT_KIND_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

static int apply(const struct wst_option *o, const char *value)
{
	char why[160];
	uint64_t n;

	switch (o->kind) {
	case WST_OPT_KIND_FLAG:
		*(bool *)o->target = true;
		return 0;
	case WST_OPT_KIND_UINT:
		if (!wst_number_parse(value, o->min, o->max, (o->flags & WST_OPT_HEX) ? WST_NUMBER_HEX : 0,
		                      &n, why, sizeof why))
			return wst_usage_error("invalid --%s '%s': %s", o->name, value, why);
		*(uint64_t *)o->target = n;
		return 0;
	case WST_OPT_KIND_STRING:
		*(const char **)o->target = value;
		return 0;
	case WST_OPT_KIND_CHOICE:
		for (int i = 0; o->choices[i]; i++) {
			if (strcmp(o->choices[i], value) == 0) {
				*(int *)o->target = i;
				return 0;
			}
		}
		return wst_usage_error("unknown %s '%s' (%s)", o->name, value, choice_list(o, why, sizeof why));
	case WST_OPT_KIND_CALLBACK:
		if (o->callback(o->target, value, why, sizeof why) < 0)
			return wst_usage_error("%s", why);
		return 0;
	case WST_OPT_KIND_END:
		break;
	}
	return wst_usage_error("option '--%s' has no kind", o->name);
}

/* One option word at argv[*i]; a value in the next word advances *i. */
static int take_option(const struct wst_option *opts, int argc, char **argv, int *i)
{
	const char *word = argv[*i], *inline_value = NULL;
	const struct wst_option *o;
	char shown[64];

	if (word[1] == '-') {
		const char *name = word + 2, *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		o = find_long(opts, name, len);
		if (eq)
			inline_value = eq + 1;
		snprintf(shown, sizeof shown, "--%.*s", (int)len, name);
	} else {
		o = find_short(opts, word[1]);
		if (word[2])
			inline_value = word + 2;
		snprintf(shown, sizeof shown, "-%c", word[1]);
	}
	if (!o)
		return wst_usage_error("unknown option '%s'", word);
	if (!takes_value(o)) {
		if (inline_value)
			return wst_usage_error("option '%s' takes no value", shown);
		return apply(o, NULL);
	}
	if (!inline_value) {
		if (*i + 1 >= argc)
			return wst_usage_error("option '%s' needs a value", shown);
		inline_value = argv[++*i];
	}
	return apply(o, inline_value);
}

static bool is_help(const struct wst_option *opts, const char *word)
{
	if (strcmp(word, "--help") == 0)
		return !find_long(opts, "help", 4);
	return strcmp(word, "-h") == 0 && !find_short(opts, 'h');
}

int wst_options_parse(const struct wst_command *cmd, int argc, char **argv,
                      struct wst_words *words)
{
	int count = 0, before = -1;

	for (int i = 0; i < argc; i++) {
		char *word = argv[i];
		if (before >= 0) {
			argv[count++] = word;
		} else if (strcmp(word, "--") == 0) {
			before = count;
		} else if (word[0] != '-' || word[1] == '\0') {
			if (cmd->stop_at_word)
				before = count;
			argv[count++] = word;
		} else if (is_help(cmd->options, word)) {
			wst_options_print_help(cmd, stdout);
			return WST_OPTIONS_HELP;
		} else {
			int rc = take_option(cmd->options, argc, argv, &i);
			if (rc)
				return rc;
		}
	}
	words->word = argv;
	words->count = count;
	words->before_dashdash = before >= 0 ? before : count;
	return 0;
}

int wst_options_no_words(const struct wst_words *words, const char *command)
{
	if (words->count == 0)
		return 0;
	return wst_usage_error("%s takes no arguments; '%s' is not an option", command, words->word[0]);
}
