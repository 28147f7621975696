#include <stdbool.h>

#include "wstrace/field_key.h"

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

void wst_field_key(const char *name, char *out, size_t len)
{
	size_t n = 0, upper_run = 0;

	for (size_t i = 0; name[i] && n + 2 < len; i++) {
		char c = name[i], prev = i ? name[i - 1] : '\0', next = name[i + 1];
		if (is_upper(c)) {
			/* A word starts after a lower case letter or a digit, and at
			 * the last capital of an acronym: "TCPState" -> tcp_state;
			 * a single capital before lower case is not an acronym:
			 * "IPv4" -> ipv4. */
			bool word = is_lower(prev) || is_digit(prev) ||
			            (is_upper(prev) && is_lower(next) && upper_run >= 2);
			if (word && n && out[n - 1] != '_')
				out[n++] = '_';
			out[n++] = (char)(c - 'A' + 'a');
			upper_run++;
			continue;
		}
		upper_run = 0;
		if (is_lower(c) || is_digit(c))
			out[n++] = c;
		else if (n && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n && out[n - 1] == '_')
		n--;
	out[n] = '\0';
}
