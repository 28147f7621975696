/*
 * --report for a live capture (`wstrace start`, `wstrace run`): the report
 * engine watches the capture's pipeline (what it keeps: run's tree only)
 * and speaks once the capture has ended (docs/report.md).
 */
#ifndef WSTRACE_LIVE_CAPTURE_REPORT_H
#define WSTRACE_LIVE_CAPTURE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "capture.h"
#include "wstrace/report.h"

/* The option row, start's and run's. */
#define WST_CAPTURE_REPORT_OPTION(flag) \
	WST_OPT_FLAG("report", 0, flag, "at the end, what went wrong, as 'wstrace report' says it")

struct wst_capture_report {
	struct wst_report *report;           /* NULL: no --report */
	struct wst_pipeline_observer observer;
};

/* With want, makes the report and points o's pipeline at it. Returns false
 * (said) when out of memory. */
bool wst_capture_report_attach(struct wst_capture_report *r, bool want,
                               struct wst_capture_options *o);

/* After the capture, whose own status is capture_status: the report in text
 * to to, when the capture ran (a session that never started has nothing to
 * report), then freed. Returns 0, or the write's errno (wst_output_status). */
int wst_capture_report_print(struct wst_capture_report *r, int capture_status, FILE *to);

#endif
