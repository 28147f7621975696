/* RFC 4180 fields (wstrace/csv.h). */
#include <string.h>

#include "wstrace/csv.h"

void wst_csv_field(struct wst_out *o, const char *s, bool last)
{
	if (s && s[strcspn(s, ",\"\r\n")]) {
		wst_out_char(o, '"');
		for (; *s; s++) {
			if (*s == '"')
				wst_out_char(o, '"');
			wst_out_char(o, *s);
		}
		wst_out_char(o, '"');
	} else if (s) {
		wst_out_str(o, s);
	}
	if (!last)
		wst_out_char(o, ',');
}

void wst_csv_end_row(struct wst_out *o)
{
	wst_out_char(o, '\r');
	wst_out_end_line(o);
}
