/* field_key: a field name a line on stdin, its JSON key a line on stdout.
 * gen_events.py runs it, so that the generated keys and the live
 * decoder's come from the same C rule (field_key.c). */
#include <stdio.h>
#include <string.h>

#include "wstrace/field_key.h"

int main(void)
{
	char name[1024], key[256];

	while (fgets(name, sizeof name, stdin)) {
		size_t n = strcspn(name, "\r\n");
		if (name[n] == '\0' && !feof(stdin)) {
			fprintf(stderr, "field_key: a name longer than %zu bytes\n", sizeof name - 2);
			return 1;
		}
		name[n] = '\0';
		wst_field_key(name, key, sizeof key);
		puts(key);
	}
	return ferror(stdin) || fflush(stdout) ? 1 : 0;
}
