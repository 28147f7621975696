/* Several readers merged by time; see wstrace/etl_timeline.h. Inputs are
 * few (the files on a command line), so a scan finds the earliest. */
#include <string.h>

#include "wstrace/etl_timeline.h"

enum { NOT_READ, PENDING, HANDED_OUT, DONE };

void wst_etl_timeline_init(struct wst_etl_timeline *t, struct wst_etl_timeline_input *inputs,
                           size_t count)
{
	t->inputs = inputs;
	t->count = count;
	t->error = 0;
	for (size_t i = 0; i < count; i++) {
		inputs[i].state = NOT_READ;
		inputs[i].key = 0;
	}
}

static void refill(struct wst_etl_timeline *t, struct wst_etl_timeline_input *in)
{
	int rc = wst_etl_next(in->reader, &in->rec);
	if (rc == 1) {
		in->state = PENDING;
		if (in->rec.timestamp)
			in->key = in->rec.timestamp;
		return;
	}
	if (rc < 0)
		t->error++;
	in->state = DONE;
}

int wst_etl_timeline_next(struct wst_etl_timeline *t, const struct wst_etl_record **rec,
                          size_t *which)
{
	size_t best = t->count;

	for (size_t i = 0; i < t->count; i++) {
		struct wst_etl_timeline_input *in = &t->inputs[i];
		if (in->state == NOT_READ || in->state == HANDED_OUT)
			refill(t, in);
		if (in->state == PENDING && (best == t->count || in->key < t->inputs[best].key))
			best = i;
	}
	if (best == t->count)
		return 0;
	t->inputs[best].state = HANDED_OUT;
	*rec = &t->inputs[best].rec;
	*which = best;
	return 1;
}
