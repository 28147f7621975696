/*
 * CSV as RFC 4180 has it, for parse's and report's CSV: CRLF line ends,
 * a field holding a comma, a quote, CR or LF enclosed in quotes with its
 * quotes doubled, every other field as it is.
 */
#ifndef WSTRACE_CSV_H
#define WSTRACE_CSV_H

#include <stdbool.h>

#include "wstrace/outbuf.h"

/* s (NULL: an empty field), then a comma unless it is the row's last. */
void wst_csv_field(struct wst_out *o, const char *s, bool last);
/* CR LF. */
void wst_csv_end_row(struct wst_out *o);

#endif
