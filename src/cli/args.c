#include <string.h>

#include "args.h"
#include "wstrace/diag.h"

bool wst_arg_parse(const char *word, struct wst_arg *a)
{
	a->value = NULL;
	if (strcmp(word, "-h") == 0) {
		strcpy(a->name, "help");
		return true;
	}
	if (strncmp(word, "--", 2) != 0 || word[2] == '\0')
		return false;
	const char *name = word + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	if (len >= sizeof a->name)
		len = sizeof a->name - 1;  /* too long to be ours: still unknown */
	memcpy(a->name, name, len);
	a->name[len] = '\0';
	if (eq)
		a->value = eq + 1;
	return true;
}

bool wst_arg_value(struct wst_arg *a, int argc, char **argv, int *i)
{
	if (a->value)
		return true;
	if (*i + 1 >= argc) {
		wst_usage_error("option '--%s' needs a value", a->name);
		return false;
	}
	a->value = argv[++*i];
	return true;
}

bool wst_arg_no_value(const struct wst_arg *a)
{
	if (!a->value)
		return true;
	wst_usage_error("option '--%s' takes no value", a->name);
	return false;
}

bool wst_arg_format(struct wst_arg *a, int argc, char **argv, int *i, enum wst_format *format)
{
	if (!wst_arg_value(a, argc, argv, i))
		return false;
	if (strcmp(a->value, "json") == 0)
		*format = WST_FORMAT_JSON;
	else if (strcmp(a->value, "text") == 0)
		*format = WST_FORMAT_TEXT;
	else {
		wst_usage_error("unknown format '%s' (text or json)", a->value);
		return false;
	}
	return true;
}

int wst_arg_count(const char *text, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!*text)
		return -1;
	for (; *text; text++) {
		if (*text < '0' || *text > '9')
			return -1;
		v = v * 10 + (uint64_t)(*text - '0');
		if (v > max)
			return -1;
	}
	if (v == 0)
		return -1;
	*out = (uint32_t)v;
	return 0;
}
