#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "live_output.h"
#include "wstrace/outbuf.h"

/* 32 blocks of 64 KB: 2 MB of lines between the callback and stdout. */
#define QUEUE_BLOCKS 32
#define WAIT_STEP_MS 100

struct block {
	size_t len;
	char *data;
};

struct wst_live_output {
	struct wst_live_sink sink;
	HANDLE thread;
	SRWLOCK lock;
	CONDITION_VARIABLE work, room, idle;
	struct block blocks[QUEUE_BLOCKS];
	unsigned head, count;
	bool closing;              /* no more blocks: the writer ends when the queue is empty */
	bool ending;               /* the capture ends: give up a stalled output */
	bool given_up;
	bool writing;              /* the writer is in sink.write */
	bool writer_done;
	ULONGLONG write_started;   /* tick of the current write */
	int error;
	uint64_t dropped;          /* bytes never written */
};

/* Whether the output is stuck in one write for too long (the lock held). */
static bool stalled(const struct wst_live_output *o)
{
	return o->writing && GetTickCount64() - o->write_started >= WST_OUTPUT_STALL_MS;
}

static bool gives_up(struct wst_live_output *o)
{
	if (o->error || o->given_up)
		return true;
	if (o->ending && stalled(o))
		o->given_up = true;
	return o->given_up;
}

static DWORD WINAPI writer(LPVOID arg)
{
	struct wst_live_output *o = arg;

	AcquireSRWLockExclusive(&o->lock);
	for (;;) {
		while (o->count == 0 && !o->closing)
			SleepConditionVariableSRW(&o->work, &o->lock, INFINITE, 0);
		if (o->count == 0)
			break;
		struct block *b = &o->blocks[o->head];
		o->writing = true;
		o->write_started = GetTickCount64();
		ReleaseSRWLockExclusive(&o->lock);
		int rc = o->error ? o->error : o->sink.write(o->sink.ctx, b->data, b->len);
		AcquireSRWLockExclusive(&o->lock);
		o->writing = false;
		if (rc) {
			if (!o->error)
				o->error = rc;
			o->dropped += b->len;
		}
		o->head = (o->head + 1) % QUEUE_BLOCKS;
		o->count--;
		WakeAllConditionVariable(&o->room);
		WakeAllConditionVariable(&o->idle);
	}
	o->writer_done = true;
	WakeAllConditionVariable(&o->idle);
	ReleaseSRWLockExclusive(&o->lock);
	return 0;
}

struct wst_live_output *wst_live_output_start(const struct wst_live_sink *sink)
{
	struct wst_live_output *o = calloc(1, sizeof *o);

	if (!o)
		return NULL;
	o->sink = *sink;
	InitializeSRWLock(&o->lock);
	InitializeConditionVariable(&o->work);
	InitializeConditionVariable(&o->room);
	InitializeConditionVariable(&o->idle);
	for (unsigned i = 0; i < QUEUE_BLOCKS; i++) {
		o->blocks[i].data = malloc(WST_OUT_CAPACITY);
		if (!o->blocks[i].data)
			goto fail;
	}
	o->thread = CreateThread(NULL, 0, writer, o, 0, NULL);
	if (o->thread)
		return o;
fail:
	for (unsigned i = 0; i < QUEUE_BLOCKS; i++)
		free(o->blocks[i].data);
	free(o);
	return NULL;
}

/* Queues the block (the lock held, room checked). */
static void enqueue(struct wst_live_output *o, const char *p, size_t n)
{
	struct block *b = &o->blocks[(o->head + o->count) % QUEUE_BLOCKS];

	memcpy(b->data, p, n);
	b->len = n;
	o->count++;
	WakeConditionVariable(&o->work);
}

int wst_live_output_push(void *ctx, const char *p, size_t n)
{
	struct wst_live_output *o = ctx;
	int rc;

	if (n > WST_OUT_CAPACITY)
		return EINVAL;
	AcquireSRWLockExclusive(&o->lock);
	while (o->count == QUEUE_BLOCKS && !gives_up(o))
		SleepConditionVariableSRW(&o->room, &o->lock, WAIT_STEP_MS, 0);
	if (o->error || o->given_up || o->closing)
		o->dropped += n;
	else
		enqueue(o, p, n);
	rc = o->error;
	ReleaseSRWLockExclusive(&o->lock);
	return rc;
}

bool wst_live_output_try_push(struct wst_live_output *o, const char *p, size_t n)
{
	bool queued = false;

	if (n > WST_OUT_CAPACITY)
		return false;
	AcquireSRWLockExclusive(&o->lock);
	if (o->error || o->given_up || o->closing) {
		o->dropped += n;
		queued = true;   /* taken: it will never be written, and is counted */
	} else if (o->count < QUEUE_BLOCKS) {
		enqueue(o, p, n);
		queued = true;
	}
	ReleaseSRWLockExclusive(&o->lock);
	return queued;
}

void wst_live_output_ending(struct wst_live_output *o)
{
	AcquireSRWLockExclusive(&o->lock);
	o->ending = true;
	WakeAllConditionVariable(&o->room);
	ReleaseSRWLockExclusive(&o->lock);
}

uint64_t wst_live_output_finish(struct wst_live_output *o)
{
	uint64_t unwritten;

	AcquireSRWLockExclusive(&o->lock);
	o->ending = true;
	o->closing = true;
	WakeAllConditionVariable(&o->work);
	WakeAllConditionVariable(&o->room);
	while (!o->writer_done && !gives_up(o))
		SleepConditionVariableSRW(&o->idle, &o->lock, WAIT_STEP_MS, 0);
	unwritten = o->dropped;
	for (unsigned i = 0; i < o->count; i++)
		unwritten += o->blocks[(o->head + i) % QUEUE_BLOCKS].len;
	bool done = o->writer_done;
	ReleaseSRWLockExclusive(&o->lock);
	if (done)
		WaitForSingleObject(o->thread, INFINITE);
	return unwritten;
}

int wst_live_output_error(struct wst_live_output *o)
{
	AcquireSRWLockShared(&o->lock);
	int rc = o->error;
	ReleaseSRWLockShared(&o->lock);
	return rc;
}

void wst_live_output_free(struct wst_live_output *o)
{
	if (!o)
		return;
	AcquireSRWLockShared(&o->lock);
	bool done = o->writer_done;
	ReleaseSRWLockShared(&o->lock);
	if (!done)
		return;   /* stuck in a write: its blocks stay until the process ends */
	CloseHandle(o->thread);
	for (unsigned i = 0; i < QUEUE_BLOCKS; i++)
		free(o->blocks[i].data);
	free(o);
}

/* A Win32 write error as the errno the C runtime would report. */
static int errno_of(DWORD err)
{
	switch (err) {
	case ERROR_BROKEN_PIPE:
	case ERROR_NO_DATA:        /* the reader closed its end */
		return EPIPE;
	case ERROR_DISK_FULL:
	case ERROR_HANDLE_DISK_FULL:
		return ENOSPC;
	default:
		return EIO;
	}
}

static int write_handle(void *ctx, const char *p, size_t n)
{
	HANDLE h = ctx;

	while (n) {
		DWORD chunk = n > 1u << 30 ? 1u << 30 : (DWORD)n, done = 0;
		if (!WriteFile(h, p, chunk, &done, NULL))
			return errno_of(GetLastError());
		p += done;
		n -= done;
	}
	return 0;
}

static int write_console(void *ctx, const WCHAR *w, size_t n)
{
	HANDLE h = ctx;

	while (n) {
		DWORD done = 0;
		if (!WriteConsoleW(h, w, (DWORD)n, &done, NULL) || done == 0)
			return errno_of(GetLastError());
		w += done;
		n -= done;
	}
	return 0;
}

/* How many of the n bytes form whole UTF-8 sequences: a lead byte near
 * the end whose sequence runs past n is held back. */
static size_t whole_sequences(const unsigned char *p, size_t n)
{
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned char c = p[n - back];
		if ((c & 0xc0) == 0x80)
			continue;   /* a continuation byte: look further back */
		size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
		return need > back ? n - back : n;
	}
	return n;
}

static int emit(struct wst_console_text *t, const WCHAR *w, int n)
{
	if (n <= 0)
		return 0;
	return t->write_wide ? t->write_wide(t->ctx, w, (size_t)n) : write_console(t->console, w, (size_t)n);
}

int wst_console_text_write(void *ctx, const char *text, size_t n)
{
	struct wst_console_text *t = ctx;
	const unsigned char *p = (const unsigned char *)text;
	unsigned char joined[8];
	WCHAR wide[4096];
	int rc;

	/* First the sequence the last block cut, completed from this one. */
	if (t->carry_len) {
		size_t need = t->carry[0] >= 0xf0 ? 4 : t->carry[0] >= 0xe0 ? 3 : 2, take = 0;
		while (t->carry_len + take < need && take < n && (p[take] & 0xc0) == 0x80)
			take++;
		memcpy(joined, t->carry, t->carry_len);
		memcpy(joined + t->carry_len, p, take);
		size_t len = t->carry_len + take;
		if (len < need && take == n) {
			memcpy(t->carry, joined, len);   /* still cut: wait for the next block */
			t->carry_len = len;
			return 0;
		}
		/* Whole, or broken by a byte that continues nothing (U+FFFD). */
		t->carry_len = 0;
		int w = MultiByteToWideChar(CP_UTF8, 0, (const char *)joined, (int)len, wide, 4);
		rc = emit(t, wide, w);
		if (rc)
			return rc;
		p += take;
		n -= take;
	}
	size_t whole = whole_sequences(p, n);
	memcpy(t->carry, p + whole, n - whole);
	t->carry_len = n - whole;
	while (whole) {
		/* A piece that ends on a sequence boundary and fits the buffer
		 * (at most one UTF-16 unit per byte). */
		size_t piece = whole < sizeof wide / sizeof wide[0] ? whole : sizeof wide / sizeof wide[0];
		piece = whole_sequences(p, piece);
		if (piece == 0)
			piece = whole;
		int w = MultiByteToWideChar(CP_UTF8, 0, (const char *)p, (int)piece, wide,
		                            (int)(sizeof wide / sizeof wide[0]));
		rc = emit(t, wide, w);
		if (rc)
			return rc;
		p += piece;
		whole -= piece;
	}
	return 0;
}

void wst_live_sink_for_handle(HANDLE h, struct wst_live_sink *sink, struct wst_console_text *text)
{
	DWORD mode;

	memset(text, 0, sizeof *text);
	if (GetConsoleMode(h, &mode)) {
		text->console = h;
		sink->write = wst_console_text_write;
		sink->ctx = text;
	} else {
		sink->write = write_handle;
		sink->ctx = h;
	}
}
