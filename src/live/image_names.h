/*
 * Process image names for the PID column: "chrome.exe" for 6120. Looked
 * up with OpenProcess + QueryFullProcessImageNameW and cached, so that the
 * event callback makes at most one cheap check per process per second.
 *
 * PID reuse: an entry remembers the process's creation time and is
 * checked again (GetProcessTimes) when it is older than a second; a new
 * creation time means a new process and a new lookup. Limits: an event
 * within that second after a PID was reused can show the old name; a
 * process that ended before its first event was printed has no name
 * (NULL); protected processes may refuse the query (NULL).
 */
#ifndef WSTRACE_LIVE_IMAGE_NAMES_H
#define WSTRACE_LIVE_IMAGE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WST_IMAGE_NAME_MAX 128     /* bytes of UTF-8 with the NUL; longer names are cut */
#define WST_IMAGE_SLOTS 1024       /* processes remembered */
#define WST_IMAGE_RECHECK_MS 1000

/* Where names come from: Windows, or a test's stand-in. */
struct wst_image_source {
	/* Creation time (any clock that differs between two processes of one
	 * PID) and, when name is not NULL, the image's base name. False when
	 * the process cannot be opened. */
	bool (*query)(void *ctx, uint32_t pid, uint64_t *created, char *name, size_t len);
	uint64_t (*now_ms)(void *ctx);
	void *ctx;
};

extern const struct wst_image_source wst_image_windows;

struct wst_image_cache;

/* src NULL: Windows. NULL when out of memory. */
struct wst_image_cache *wst_image_cache_new(const struct wst_image_source *src);
void wst_image_cache_free(struct wst_image_cache *c);

/* The pipeline's image callback (ctx: the cache): the name of pid, or
 * NULL. The string stays valid until the next call. */
const char *wst_image_name(void *ctx, uint32_t pid);

#endif
