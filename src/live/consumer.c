#include <string.h>

#include "consumer.h"
#include "image_names.h"
#include "tdh_decoder.h"

/* {6a399ae0-4bc6-4de9-870b-3657f8947e7e}: RT_LostEvent. */
static const GUID rt_lost_event_guid = {
	0x6a399ae0, 0x4bc6, 0x4de9, { 0x87, 0x0b, 0x36, 0x57, 0xf8, 0x94, 0x7e, 0x7e }
};

int wst_consumer_init(struct wst_consumer *c, const struct wst_pipeline_options *opt,
                      struct wst_out *out, struct wst_tdh_decoder *tdh,
                      struct wst_image_cache *images, HANDLE wake)
{
	struct wst_pipeline_options o = *opt;

	memset(c, 0, sizeof *c);
	c->out = out;
	c->tdh = tdh;
	c->wake = wake;
	InitializeSRWLock(&c->lock);
	if (tdh) {
		o.resolve = wst_tdh_resolve;
		o.resolve_ctx = tdh;
	}
	if (images) {
		o.image = wst_image_name;
		o.image_ctx = images;
	}
	return wst_pipeline_init(&c->pipeline, &o, out);
}

void wst_consumer_free(struct wst_consumer *c)
{
	wst_pipeline_free(&c->pipeline);
}

void wst_consumer_stop(struct wst_consumer *c, enum wst_stop_reason reason)
{
	InterlockedCompareExchange(&c->reason, (LONG)reason, WST_STOP_NONE);
	if (c->wake)
		SetEvent(c->wake);
}

void wst_event_from_record(const EVENT_RECORD *r, struct wst_event *ev)
{
	const EVENT_HEADER *h = &r->EventHeader;

	memset(ev, 0, sizeof *ev);
	/* GUID and wst_guid share Windows' layout, member by member. */
	ev->provider.data1 = (uint32_t)h->ProviderId.Data1;
	ev->provider.data2 = h->ProviderId.Data2;
	ev->provider.data3 = h->ProviderId.Data3;
	memcpy(ev->provider.data4, h->ProviderId.Data4, sizeof ev->provider.data4);
	ev->id = h->EventDescriptor.Id;
	ev->version = h->EventDescriptor.Version;
	ev->channel = h->EventDescriptor.Channel;
	ev->level = h->EventDescriptor.Level;
	ev->opcode = h->EventDescriptor.Opcode;
	ev->task = h->EventDescriptor.Task;
	ev->keyword = h->EventDescriptor.Keyword;
	ev->pid = h->ProcessId;
	ev->tid = h->ThreadId;
	/* ProcessorIndex only when the header says so, else ProcessorNumber
	 * (its low byte; the other is padding): GetEventProcessorIndex,
	 * learn.microsoft.com/windows/win32/api/evntcons/nf-evntcons-geteventprocessorindex. */
	ev->cpu = (uint16_t)GetEventProcessorIndex(r);
	/* Pointer fields are as wide as the logging kernel's pointers. */
	if (h->Flags & EVENT_HEADER_FLAG_32_BIT_HEADER)
		ev->pointer_size = 4;
	else
		ev->pointer_size = 8;
	/* Without PROCESS_TRACE_MODE_RAW_TIMESTAMP, ProcessTrace has made
	 * the timestamp a FILETIME. */
	ev->timestamp = (uint64_t)h->TimeStamp.QuadPart;
	ev->user_data = r->UserData;
	ev->user_len = r->UserDataLength;
	ev->file_offset = 0;
	ev->origin = r;
}

static bool is_lost_notice(struct wst_consumer *c, const EVENT_RECORD *r)
{
	if (!IsEqualGUID(&r->EventHeader.ProviderId, &rt_lost_event_guid))
		return false;
	switch (r->EventHeader.EventDescriptor.Opcode) {
	case WST_RT_LOST_EVENT_OPCODE:
		InterlockedIncrement64(&c->lost_event_notices);
		break;
	case WST_RT_LOST_BUFFER_OPCODE:
		InterlockedIncrement64(&c->lost_buffer_notices);
		break;
	case WST_RT_LOST_FILE_OPCODE:
		InterlockedIncrement64(&c->lost_file_notices);
		break;
	}
	return true;
}

void WINAPI wst_consumer_on_event(PEVENT_RECORD record)
{
	struct wst_consumer *c = record->UserContext;
	struct wst_event ev;

	if (is_lost_notice(c, record))
		return;
	/* After a stop was asked for, ProcessTrace still hands over what its
	 * buffers hold; --count and a failed output want none of it. */
	LONG reason = c->reason;
	if (reason == WST_STOP_COUNT || reason == WST_STOP_OUTPUT)
		return;
	wst_event_from_record(record, &ev);
	AcquireSRWLockExclusive(&c->lock);
	wst_pipeline_event(&c->pipeline, &ev);
	int error = c->out->error;
	uint64_t printed = c->pipeline.counts.printed;
	ReleaseSRWLockExclusive(&c->lock);
	if (error)
		wst_consumer_stop(c, WST_STOP_OUTPUT);
	else if (c->limit && printed >= c->limit)
		wst_consumer_stop(c, WST_STOP_COUNT);
}

ULONG WINAPI wst_consumer_on_buffer(PEVENT_TRACE_LOGFILEW logfile)
{
	struct wst_consumer *c = logfile->Context;

	AcquireSRWLockExclusive(&c->lock);
	wst_out_flush(c->out);
	int error = c->out->error;
	ReleaseSRWLockExclusive(&c->lock);
	if (error)
		wst_consumer_stop(c, WST_STOP_OUTPUT);
	return TRUE;
}
