/*
 * The few facts `wstrace run` needs from Microsoft-Windows-Kernel-Process
 * events to follow a process tree: which process started (or stopped),
 * when it was created, and its parent. Only the fixed head of each
 * template is read (docs/events.md, the provider's manifest):
 *   ProcessStart (id 1) v0-v2: ProcessID u32, CreateTime FILETIME, ParentProcessID u32
 *                       v3:    ProcessID u32, ProcessSequenceNumber u64, CreateTime,
 *                              ParentProcessID (the rundown V1 layout)
 *   ProcessRundown (id 15): v0 as start v0, v1 as start v3
 *   ProcessStop (id 2) v0-v1: ProcessID u32, CreateTime; v2: ProcessID, sequence, CreateTime
 */
#ifndef WSTRACE_PROCESS_EVENT_H
#define WSTRACE_PROCESS_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "wstrace/event.h"

enum wst_process_change { WST_PROCESS_NONE, WST_PROCESS_START, WST_PROCESS_STOP };

struct wst_process_event {
	enum wst_process_change change;
	bool rundown;             /* already running when the session began */
	uint32_t pid, parent_pid; /* parent_pid: starts and rundowns only */
	uint64_t create_time;     /* FILETIME */
};

/* Fills *out from ev. Returns false (change WST_PROCESS_NONE) for other
 * events, unknown versions and payloads too short for the head. */
bool wst_process_event_read(const struct wst_event *ev, struct wst_process_event *out);

#endif
