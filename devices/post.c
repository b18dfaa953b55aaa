/* The POST code port 0x80 (post.h). */
#include <stdlib.h>
#include <string.h>

#include "devices/post.h"

struct post {
	struct bus *bus;
	struct clock *clock;
	struct post_history h;
};

static u32 post_read(void *opaque, u32 offset, int size)
{
	struct post *p = opaque;
	return p->h.last;
}

static void post_write(void *opaque, u32 offset, u32 val, int size)
{
	struct post *p = opaque;
	u32 i = (p->h.head + p->h.count) % POST_HISTORY;

	if (p->h.count == POST_HISTORY)
		p->h.head = (p->h.head + 1) % POST_HISTORY;
	else
		p->h.count++;
	p->h.code[i] = (struct post_code){ p->clock->icount, val & 0xFF };
	p->h.last = val;
}

static const struct io_ops post_ops = { post_read, post_write, 0 };

struct post *post_create(struct bus *bus, struct clock *clock)
{
	struct post *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->bus = bus;
	p->clock = clock;
	if (bus_add_io(bus, 0x80, 1, &post_ops, p, "post")) {
		free(p);
		return NULL;
	}
	return p;
}

void post_destroy(struct post *p)
{
	if (!p)
		return;
	bus_remove_device(p->bus, p);
	free(p);
}

bool post_code(const struct post *p, u32 i, struct post_code *out)
{
	if (i >= p->h.count)
		return false;
	*out = p->h.code[(p->h.head + p->h.count - 1 - i) % POST_HISTORY];
	return true;
}

void post_get_history(const struct post *p, struct post_history *out)
{
	memcpy(out, &p->h, sizeof(*out));
}

void post_set_history(struct post *p, const struct post_history *in)
{
	memcpy(&p->h, in, sizeof(p->h));
	p->h.head %= POST_HISTORY;
	if (p->h.count > POST_HISTORY)
		p->h.count = POST_HISTORY;
}
