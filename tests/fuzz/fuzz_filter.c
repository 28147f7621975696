/*
 * libFuzzer harness for the option and filter parser. The input is a list
 * of options, each a selector byte and a NUL-terminated value; selector
 * 0xFF ends the list and the rest is an event (as in fuzz_payload.c) that
 * the filter is matched against after decoding and enrichment.
 *
 * Invariants: every option either applies or fails with a message;
 * every address that parses prints back to text that parses to the same
 * address and prints the same again; an empty filter matches everything,
 * a match honours --errors and --port; socket summaries are matched too.
 */
#include <string.h>

#include "fuzz_check.h"
#include "wstrace/decoder.h"
#include "wstrace/endpoint_table.h"
#include "wstrace/filter.h"
#include "wstrace/sockaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPTIONS 80
#define MAX_VALUE 256

/* The filter's options by selector byte; "bogus" is one the filter does
 * not have, which the command line refuses before the filter sees it. */
static const struct {
	const char *name;
	int (*set)(void *filter, const char *value, char *err, size_t errlen);
	bool takes_value;
} options[] = {
	{ "pid", wst_filter_pid, true },
	{ "port", wst_filter_port, true },
	{ "addr", wst_filter_addr, true },
	{ "event", wst_filter_event, true },
	{ "errors", wst_filter_errors, false },
	{ "level", wst_filter_level, true },
	{ "image", wst_filter_image, true },
	{ "name", wst_filter_name, true },
	{ "bogus", NULL, false },
};

static void check_address_text(const char *value)
{
	struct wst_sockaddr a, b;
	char text[WST_ADDR_TEXT_LEN], again[WST_ADDR_TEXT_LEN];

	if (!wst_addr_parse_text(value, &a))
		return;
	FUZZ_CHECK(a.family == WST_FAMILY_IPV4 || a.family == WST_FAMILY_IPV6, "family %u", a.family);
	size_t n = wst_addr_format(&a, text);
	FUZZ_CHECK(n > 0 && n == strlen(text) && n < WST_ADDR_TEXT_LEN, "'%s' prints as '%s'", value,
	           text);
	FUZZ_CHECK(wst_addr_parse_text(text, &b), "'%s' prints as '%s', which does not parse", value,
	           text);
	FUZZ_CHECK(a.family == b.family && memcmp(a.addr, b.addr, 16) == 0,
	           "'%s' prints as '%s', another address", value, text);
	wst_addr_format(&b, again);
	FUZZ_CHECK(strcmp(text, again) == 0, "'%s' prints as '%s' then '%s'", value, text, again);
	a.port = 65535;
	n = wst_sockaddr_format(&a, text);
	FUZZ_CHECK(n == strlen(text) && n < WST_ADDR_TEXT_LEN, "sockaddr text '%s'", text);
}

/* Socket summaries are filtered too: on the socket's addresses and errors. */
static void on_socket_end(void *ctx, const struct wst_endpoint_info *info,
                          enum wst_endpoint_end how)
{
	const struct wst_filter *f = ctx;
	(void)how;

	struct wst_names unnamed = { NULL, NULL };
	if (wst_filter_match_socket(f, info, &unnamed)) {
		FUZZ_CHECK(!f->errors_only || info->errors > 0, "--errors lets a clean socket through");
		FUZZ_CHECK(!f->image_count && !f->name_pattern, "--image or --name lets a nameless socket through");
	}
}

static void check_match(const struct wst_filter *f, const uint8_t *data, size_t size)
{
	struct wst_event ev;
	struct wst_record rec;
	struct wst_filter none;

	if (!fuzz_event_from_bytes(data, size, &ev))
		return;
	wst_decode(&ev, &rec);
	struct wst_endpoint_table *t = wst_endpoint_table_new(2, 2);
	if (!t)
		return;
	wst_endpoint_table_apply(t, &rec);
	wst_filter_init(&none);
	FUZZ_CHECK(wst_filter_match(&none, &rec), "an empty filter drops a record");
	FUZZ_CHECK(wst_filter_match_generic(&none, &ev), "an empty filter drops an event");
	if (wst_filter_match(f, &rec)) {
		FUZZ_CHECK(!f->errors_only || rec.failed, "--errors lets a success through");
		if (f->has_port) {
			const struct wst_sockaddr *a[3] = { &rec.addr, &rec.local, &rec.remote };
			bool hit = false;
			for (int i = 0; i < 3; i++)
				hit |= a[i]->family != WST_FAMILY_NONE && a[i]->port == f->port;
			FUZZ_CHECK(hit, "--port %u lets another port through", (unsigned)f->port);
		}
	}
	wst_filter_match_generic(f, &ev);
	wst_endpoint_table_on_end(t, on_socket_end, (void *)f);
	wst_endpoint_table_finish(t);
	wst_endpoint_table_free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wst_filter f;
	char value[MAX_VALUE + 1], err[160];
	size_t pos = 0;

	wst_filter_init(&f);
	for (int n = 0; n < MAX_OPTIONS && pos < size && data[pos] != 0xFF; n++) {
		unsigned which = data[pos++] % (sizeof options / sizeof options[0]);
		size_t len = 0;
		while (pos < size && data[pos] != 0 && len < MAX_VALUE)
			value[len++] = (char)data[pos++];
		value[len] = '\0';
		if (pos < size && data[pos] == 0)
			pos++;

		check_address_text(value);
		if (!options[which].set)
			return 0;
		err[0] = '\0';
		int rc = options[which].set(&f, options[which].takes_value ? value : NULL, err, sizeof err);
		FUZZ_CHECK(rc == 0 || rc == -1, "option returns %d", rc);
		if (rc < 0) {
			FUZZ_CHECK(err[0] != '\0' && memchr(err, 0, sizeof err), "failure without a message");
			/* The command line stops at the first bad option; so do we,
			 * since a failed option may leave the filter half set. */
			return 0;
		}
		FUZZ_CHECK(f.pid_count <= WST_FILTER_MAX_PIDS && f.id_count <= WST_FILTER_MAX_IDS,
		           "list overflow");
		FUZZ_CHECK(!f.has_addr || f.prefix_bits <= (f.addr.family == WST_FAMILY_IPV4 ? 32u : 128u),
		           "prefix /%u", f.prefix_bits);
	}
	if (pos < size && data[pos] == 0xFF)
		pos++;
	check_match(&f, data + pos, size - pos);
	return 0;
}
