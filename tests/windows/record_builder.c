#include <stdlib.h>
#include <string.h>

#include "record_builder.h"
#include "wstrace/etl_reader.h"

int load_capture(const char *path, struct loaded_capture *c)
{
	char err[256];
	uint64_t offset;
	struct wst_etl_reader *r = wst_etl_open(path, NULL, err, sizeof err, &offset);
	struct wst_etl_record rec;
	size_t cap = 0;

	memset(c, 0, sizeof *c);
	if (!r)
		return -1;
	while (wst_etl_next(r, &rec) == 1) {
		if (rec.kind != WST_ETL_EVENT_HEADER)
			continue;
		if (c->count == cap) {
			cap = cap ? cap * 2 : 64;
			c->events = realloc(c->events, cap * sizeof *c->events);
		}
		struct wst_event *ev = &c->events[c->count++];
		*ev = rec.event;
		uint8_t *copy = malloc(ev->user_len ? ev->user_len : 1);
		memcpy(copy, rec.event.user_data, ev->user_len);
		ev->user_data = copy;
	}
	wst_etl_close(r);
	return 0;
}

void free_capture(struct loaded_capture *c)
{
	for (size_t i = 0; i < c->count; i++)
		free((void *)c->events[i].user_data);
	free(c->events);
	memset(c, 0, sizeof *c);
}

void record_from_event(const struct wst_event *ev, EVENT_RECORD *r, void *user_context)
{
	EVENT_HEADER *h = &r->EventHeader;

	memset(r, 0, sizeof *r);
	h->Size = sizeof *h;
	/* ProcessorIndex is valid: Windows 8 and later say so for every event. */
	h->Flags = (ev->pointer_size == 4 ? EVENT_HEADER_FLAG_32_BIT_HEADER
	                                  : EVENT_HEADER_FLAG_64_BIT_HEADER) |
	           EVENT_HEADER_FLAG_PROCESSOR_INDEX;
	h->ThreadId = ev->tid;
	h->ProcessId = ev->pid;
	h->TimeStamp.QuadPart = (LONGLONG)ev->timestamp;
	h->ProviderId.Data1 = ev->provider.data1;
	h->ProviderId.Data2 = ev->provider.data2;
	h->ProviderId.Data3 = ev->provider.data3;
	memcpy(h->ProviderId.Data4, ev->provider.data4, 8);
	h->EventDescriptor.Id = ev->id;
	h->EventDescriptor.Version = ev->version;
	h->EventDescriptor.Channel = ev->channel;
	h->EventDescriptor.Level = ev->level;
	h->EventDescriptor.Opcode = ev->opcode;
	h->EventDescriptor.Task = ev->task;
	h->EventDescriptor.Keyword = ev->keyword;
	r->BufferContext.ProcessorIndex = ev->cpu;
	r->UserDataLength = (USHORT)ev->user_len;
	r->UserData = (PVOID)ev->user_data;
	r->UserContext = user_context;
}

void lost_notice(EVENT_RECORD *r, UCHAR opcode, void *user_context)
{
	static const GUID rt_lost = {
		0x6a399ae0, 0x4bc6, 0x4de9, { 0x87, 0x0b, 0x36, 0x57, 0xf8, 0x94, 0x7e, 0x7e }
	};

	memset(r, 0, sizeof *r);
	r->EventHeader.Size = sizeof r->EventHeader;
	r->EventHeader.ProviderId = rt_lost;
	r->EventHeader.EventDescriptor.Opcode = opcode;
	r->UserContext = user_context;
}
