/* Result strings of name lookups -> addresses and aliases. */
#include <string.h>

#include "wstrace/lookup_results.h"
#include "wstrace/sockaddr.h"
#include "wstrace/utf16.h"

#define DNS_TYPE_CNAME 5

void wst_results_begin(struct wst_results *r, const uint8_t *utf16, size_t bytes)
{
	r->c = wst_cursor_make(utf16, bytes - bytes % 2);
	r->cut = bytes / 2 >= WST_RESULTS_CUT_CHARS;
}

/* One entry's characters, as UTF-8, up to ';' or the end. Returns false at
 * the end of the string; *fits is false when the entry was too long, and
 * *last true when no ';' ended it. */
static bool read_entry(struct wst_results *r, char *out, size_t *len, bool *fits, bool *last)
{
	size_t n = 0;
	char buf[4];

	if (wst_cursor_left(&r->c) == 0)
		return false;
	*fits = true;
	*last = true;
	for (;;) {
		if (*fits)
			n += wst_utf16_ascii_run(&r->c, out + n, WST_RESULT_TEXT_LEN - 1 - n, ';');
		uint32_t cp = wst_utf16_next(&r->c);
		if (cp == 0)
			break;
		if (cp == ';') {
			*last = false;
			break;
		}
		size_t k = wst_utf8_encode(cp, buf);
		if (n + k >= WST_RESULT_TEXT_LEN) {
			*fits = false;
			continue;
		}
		memcpy(out + n, buf, k);
		n += k;
	}
	/* Spaces around an entry are not part of it. */
	size_t start = 0;
	while (start < n && out[start] == ' ')
		start++;
	while (n > start && out[n - 1] == ' ')
		n--;
	memmove(out, out + start, n - start);
	*len = n - start;
	out[*len] = '\0';
	return true;
}

/* "type: 5 foo.bar.com": the alias of a CNAME; false for other types. */
static bool parse_alias(struct wst_result *e)
{
	const char *p = e->text + 5;  /* past "type:" */
	unsigned type = 0;

	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && type < 65536)
		type = type * 10 + (unsigned)(*p++ - '0');
	while (*p == ' ')
		p++;
	if (type != DNS_TYPE_CNAME || !*p)
		return false;
	e->len = strlen(p);
	memmove(e->text, p, e->len + 1);
	e->kind = WST_RESULT_ALIAS;
	return true;
}

static bool starts_with_mapped_prefix(const char *s)
{
	static const char prefix[] = "::ffff:";

	for (size_t i = 0; i < sizeof prefix - 1; i++)
		if ((s[i] | 0x20) != prefix[i] && s[i] != prefix[i])
			return false;
	return true;
}

/* The address alone, in place: brackets and ports off, a v4-mapped IPv4
 * as a.b.c.d, the zone kept. False when it is no address. */
static bool parse_address(struct wst_result *e)
{
	char *s = e->text;
	size_t n = e->len;
	char *colon = strchr(s, ':');

	if (s[0] == '[') {
		char *close = strchr(s, ']');
		if (!close)
			return false;
		n = (size_t)(close - s - 1);
		memmove(s, s + 1, n);
		s[n] = '\0';
	} else if (colon && !strchr(colon + 1, ':')) {
		n = (size_t)(colon - s);  /* a.b.c.d:port */
		s[n] = '\0';
	}
	if (starts_with_mapped_prefix(s) && strchr(s + 7, '.')) {
		n -= 7;
		memmove(s, s + 7, n + 1);
	}
	e->len = n;
	/* The zone names an interface: kept in the text, not in the address. */
	char address[WST_RESULT_TEXT_LEN];
	char *zone = strchr(s, '%');
	size_t alen = zone ? (size_t)(zone - s) : n;
	memcpy(address, s, alen);
	address[alen] = '\0';
	if (!wst_addr_parse_text(address, &e->addr))
		return false;
	e->kind = WST_RESULT_ADDRESS;
	return true;
}

bool wst_results_next(struct wst_results *r, struct wst_result *out)
{
	bool fits, last;

	while (read_entry(r, out->text, &out->len, &fits, &last)) {
		if (!fits || out->len == 0 || (last && r->cut))
			continue;  /* too long, empty, or cut off by ETW */
		if (strncmp(out->text, "type:", 5) == 0 ? parse_alias(out) : parse_address(out))
			return true;
	}
	return false;
}

bool wst_results_next_of(struct wst_results *r, enum wst_result_kind kind, struct wst_result *out)
{
	while (wst_results_next(r, out))
		if (out->kind == kind)
			return true;
	return false;
}
