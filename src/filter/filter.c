#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wstrace/diag.h"
#include "wstrace/filter.h"
#include "wstrace/name_table.h"
#include "wstrace/string_values.h"
#include "wstrace/number.h"
#include "wstrace/sockaddr.h"

void wst_filter_init(struct wst_filter *f)
{
	memset(f, 0, sizeof *f);
}

static int WST_PRINTF(3, 4) fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int wst_filter_event(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;
	char why[64];
	uint64_t id;

	f->any_event = true;
	if (wst_number_parse(value, 0, 65535, 0, &id, why, sizeof why)) {
		if (f->id_count == WST_FILTER_MAX_IDS)
			return fail(err, errlen, "too many event ids (at most %d)", WST_FILTER_MAX_IDS);
		f->ids[f->id_count++] = (uint16_t)id;
		return 0;
	}
	if (strcmp(value, "unknown") == 0) {
		f->kinds[WST_EV_UNKNOWN] = true;
		return 0;
	}
	for (size_t i = 0; i < wst_event_count; i++) {
		if (strcmp(wst_events[i].name, value) == 0) {
			f->kinds[wst_events[i].kind] = true;
			return 0;
		}
	}
	return fail(err, errlen, "unknown event '%s' (see 'wstrace events')", value);
}

int wst_filter_addr(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;
	char why[64], text[WST_ADDR_TEXT_LEN];
	const char *slash = strchr(value, '/');
	size_t len = slash ? (size_t)(slash - value) : strlen(value);
	uint64_t bits;

	if (len >= sizeof text)
		return fail(err, errlen, "invalid address '%s'", value);
	memcpy(text, value, len);
	text[len] = '\0';
	if (!wst_addr_parse_text(text, &f->addr))
		return fail(err, errlen, "invalid address '%s'", value);
	unsigned max = f->addr.family == WST_FAMILY_IPV4 ? 32 : 128;
	if (!slash)
		bits = max;
	else if (!wst_number_parse(slash + 1, 0, max, 0, &bits, why, sizeof why))
		return fail(err, errlen, "invalid prefix length in '%s': %s", value, why);
	f->has_addr = true;
	f->prefix_bits = (unsigned)bits;
	return 0;
}

int wst_filter_errors(void *filter, const char *value, char *err, size_t errlen)
{
	(void)value, (void)err, (void)errlen;
	((struct wst_filter *)filter)->errors_only = true;
	return 0;
}

/* value as a number in [min, max], or -1 with "invalid WHAT 'value': why". */
static int take_number(const char *value, uint64_t min, uint64_t max, const char *what,
                       uint64_t *out, char *err, size_t errlen)
{
	char why[64];

	if (!wst_number_parse(value, min, max, 0, out, why, sizeof why))
		return fail(err, errlen, "invalid %s '%s': %s", what, value, why);
	return 0;
}

int wst_filter_pid(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;
	uint64_t v;

	if (take_number(value, 0, UINT32_MAX, "process id", &v, err, errlen) < 0)
		return -1;
	if (f->pid_count == WST_FILTER_MAX_PIDS)
		return fail(err, errlen, "too many --pid options (at most %d)", WST_FILTER_MAX_PIDS);
	f->pids[f->pid_count++] = (uint32_t)v;
	return 0;
}

int wst_filter_port(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;
	uint64_t v;

	if (take_number(value, 0, 65535, "port", &v, err, errlen) < 0)
		return -1;
	f->has_port = true;
	f->port = (uint16_t)v;
	return 0;
}

int wst_filter_level(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;
	uint64_t v;

	if (take_number(value, 1, 5, "level", &v, err, errlen) < 0)
		return -1;
	f->max_level = (unsigned)v;
	return 0;
}

int wst_filter_image(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;

	if (!*value)
		return fail(err, errlen, "empty --image");
	if (f->image_count == WST_FILTER_MAX_IMAGES)
		return fail(err, errlen, "too many --image options (at most %d)", WST_FILTER_MAX_IMAGES);
	f->images[f->image_count++] = value;
	return 0;
}

int wst_filter_name(void *filter, const char *value, char *err, size_t errlen)
{
	struct wst_filter *f = filter;

	if (!*value)
		return fail(err, errlen, "empty --name pattern");
	f->name_pattern = value;
	return 0;
}

static bool prefix_match(const struct wst_filter *f, const struct wst_sockaddr *a)
{
	if (a->family != f->addr.family)
		return false;
	unsigned full = f->prefix_bits / 8, rest = f->prefix_bits % 8;
	if (memcmp(a->addr, f->addr.addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a->addr[full] & mask) == (f->addr.addr[full] & mask);
}

static bool pid_match(const struct wst_filter *f, uint32_t pid)
{
	if (f->pid_count == 0)
		return true;
	for (size_t i = 0; i < f->pid_count; i++)
		if (f->pids[i] == pid)
			return true;
	return false;
}

static bool id_listed(const struct wst_filter *f, uint16_t id)
{
	for (size_t i = 0; i < f->id_count; i++)
		if (f->ids[i] == id)
			return true;
	return false;
}

static bool addresses_match(const struct wst_filter *f, const struct wst_sockaddr *const *addrs,
                            int count)
{
	if (f->has_port) {
		bool hit = false;
		for (int i = 0; i < count && !hit; i++)
			hit = (addrs[i]->family == WST_FAMILY_IPV4 || addrs[i]->family == WST_FAMILY_IPV6) &&
			      addrs[i]->port == f->port;
		if (!hit)
			return false;
	}
	if (f->has_addr) {
		bool hit = false;
		for (int i = 0; i < count && !hit; i++)
			hit = prefix_match(f, addrs[i]);
		if (!hit)
			return false;
	}
	return true;
}

bool wst_filter_match_socket(const struct wst_filter *f, const struct wst_endpoint_info *info,
                             const struct wst_names *names)
{
	const struct wst_sockaddr *addrs[2] = { &info->local, &info->remote };

	if (f->errors_only && info->errors == 0)
		return false;
	return pid_match(f, info->pid) && addresses_match(f, addrs, 2) &&
	       wst_filter_match_names(f, names);
}

bool wst_filter_match(const struct wst_filter *f, const struct wst_record *rec)
{
	const struct wst_sockaddr *addrs[3] = { &rec->addr, &rec->local, &rec->remote };

	if (f->max_level && rec->ev->level > f->max_level)
		return false;
	if (f->errors_only && !rec->failed)
		return false;
	if (!pid_match(f, rec->pid))
		return false;
	if (f->any_event && !f->kinds[rec->desc ? rec->desc->kind : WST_EV_UNKNOWN] &&
	    !id_listed(f, rec->ev->id))
		return false;
	if (!addresses_match(f, addrs, 3))
		return false;
	if (!f->image_count && !f->name_pattern)
		return true;
	/* A lookup's host is the name it asks; a socket's, its remote's. */
	struct wst_names names = { rec->image, rec->remote_name };
	char asked[WST_HOST_NAME_LEN];
	if (rec->name_field != WST_NO_FIELD) {
		wst_value_utf8(rec->desc->fields[rec->name_field].type, &rec->values[rec->name_field],
		               asked, sizeof asked);
		names.host = asked;
	}
	return wst_filter_match_names(f, &names);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool wst_glob_match(const char *pattern, const char *text)
{
	const char *star = NULL, *resume = NULL;

	/* The classic backtracking walk: on a mismatch, let the last '*'
	 * take one more character. Linear in practice, never recursive. */
	while (*text) {
		if (*pattern == '*') {
			star = pattern++;
			resume = text;
		} else if (*pattern && (*pattern == '?' || lower(*pattern) == lower(*text))) {
			pattern++;
			text++;
		} else if (star) {
			pattern = star + 1;
			text = ++resume;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return *pattern == '\0';
}

/* "curl" and "curl.exe" both name curl.exe; case does not matter. */
static bool image_is(const char *wanted, const char *image)
{
	size_t n = 0;

	while (wanted[n] && image[n] && lower(wanted[n]) == lower(image[n]))
		n++;
	if (!wanted[n] && !image[n])
		return true;
	return !wanted[n] && image[n] == '.' && wst_glob_match("exe", image + n + 1);
}

bool wst_filter_match_names(const struct wst_filter *f, const struct wst_names *names)
{
	if (f->image_count) {
		bool hit = false;
		for (size_t i = 0; i < f->image_count && !hit; i++)
			hit = names->image && image_is(f->images[i], names->image);
		if (!hit)
			return false;
	}
	return !f->name_pattern || (names->host && wst_glob_match(f->name_pattern, names->host));
}

bool wst_filter_match_generic(const struct wst_filter *f, const struct wst_event *ev)
{
	if (f->errors_only || f->has_port || f->has_addr || f->image_count || f->name_pattern)
		return false;
	if (f->max_level && ev->level > f->max_level)
		return false;
	if (f->any_event && !id_listed(f, ev->id))
		return false;
	return pid_match(f, ev->pid);
}

bool wst_filter_match_flow(const struct wst_filter *f, bool owned, uint32_t pid,
                           const struct wst_names *names, const struct wst_sockaddr *src,
                           const struct wst_sockaddr *dst)
{
	const struct wst_sockaddr *addrs[2] = { src, dst };

	if (f->pid_count && (!owned || !pid_match(f, pid)))
		return false;
	if ((f->image_count || f->name_pattern) && (!owned || !wst_filter_match_names(f, names)))
		return false;
	return addresses_match(f, addrs, 2);
}
