#include "wstrace/process_event.h"

#include "wstrace/cursor.h"
#include "wstrace/schema.h"

enum { ID_START = 1, ID_STOP = 2, ID_RUNDOWN = 15 };

bool wst_process_event_read(const struct wst_event *ev, struct wst_process_event *out)
{
	static const uint8_t none;
	struct wst_cursor c = ev->user_data ? wst_cursor_make(ev->user_data, ev->user_len)
	                                    : wst_cursor_make(&none, 0);
	bool sequence;   /* a ProcessSequenceNumber follows the ProcessID */
	uint64_t ignored;

	*out = (struct wst_process_event){ WST_PROCESS_NONE, false, 0, 0, 0 };
	if (wst_provider_of(&ev->provider) != WST_PROVIDER_KERNEL_PROCESS)
		return false;
	switch (ev->id) {
	case ID_START:
		if (ev->version > 3)
			return false;
		sequence = ev->version == 3;
		out->change = WST_PROCESS_START;
		break;
	case ID_RUNDOWN:
		if (ev->version > 1)
			return false;
		sequence = ev->version == 1;
		out->change = WST_PROCESS_START;
		out->rundown = true;
		break;
	case ID_STOP:
		if (ev->version > 2)
			return false;
		sequence = ev->version == 2;
		out->change = WST_PROCESS_STOP;
		break;
	default:
		return false;
	}
	wst_get_le32(&c, &out->pid);
	if (sequence)
		wst_get_le64(&c, &ignored);
	wst_get_le64(&c, &out->create_time);
	if (out->change == WST_PROCESS_START) {
		wst_get_le32(&c, &out->parent_pid);
		if (sequence)
			wst_get_le64(&c, &ignored);  /* ParentProcessSequenceNumber: the head ends here */
	}
	if (c.short_read) {
		out->change = WST_PROCESS_NONE;
		return false;
	}
	return true;
}
