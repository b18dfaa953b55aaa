/* The input queue (see input.h): a FIFO, delivered in order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/board/clock.h"
#include "emu/board/input.h"

int input_init(struct input_queue *q)
{
	memset(q, 0, sizeof(*q));
	q->cap = 256;
	q->ev = calloc(q->cap, sizeof(*q->ev));
	return q->ev ? 0 : -ENOMEM;
}

void input_free(struct input_queue *q)
{
	free(q->ev);
	q->ev = NULL;
}

void input_set_handler(struct input_queue *q, enum input_type t, input_handler_fn *fn,
		       void *opaque)
{
	q->handler[t] = fn;
	q->opaque[t] = opaque;
}

int input_push(struct input_queue *q, const struct input_event *ev)
{
	if (ev->type >= INPUT_NTYPES)
		return -EINVAL;
	if (q->live_closed && ev->icount == INPUT_ASAP)
		return 0;
	if (q->count == q->cap) {
		struct input_event *n = calloc(q->cap * 2, sizeof(*n));
		if (!n)
			return -ENOMEM;
		for (u32 i = 0; i < q->count; i++)
			n[i] = q->ev[(q->head + i) % q->cap];
		free(q->ev);
		q->ev = n;
		q->head = 0;
		q->cap *= 2;
	}
	q->ev[(q->head + q->count) % q->cap] = *ev;
	q->count++;
	return 0;
}

u64 input_next_deadline(const struct input_queue *q)
{
	return q->count ? q->ev[q->head].icount : CLOCK_NEVER;
}

int input_deliver(struct input_queue *q, u64 now)
{
	int n = 0;
	while (q->count && q->ev[q->head].icount <= now) {
		struct input_event ev = q->ev[q->head];
		q->head = (q->head + 1) % q->cap;
		q->count--;
		ev.icount = now;
		if (q->observer)
			q->observer(q->observer_opaque, &ev);
		if (q->handler[ev.type])
			q->handler[ev.type](q->opaque[ev.type], &ev);
		n++;
	}
	return n;
}
