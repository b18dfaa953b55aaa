/*
 * The board's "misc" entry in the device list: port 0x92 and the POST port
 * (devices/port92.c, devices/post.c) reset, saved and shown together, as
 * one "MISC" state section. They were one device once, and the section's
 * layout is what snapshots and record logs from then hold (and digests
 * hash), so it stays; isa-debug-exit and debugcon have no state.
 */
#include <string.h>

#include "devices/port92.h"
#include "devices/post.h"
#include "emu/machine/machine.h"

#define MISC_SNAP_VERSION 1

/* The "MISC" section, byte for byte. */
struct misc_snap {
	struct post_code post[POST_HISTORY];	/* ring, oldest overwritten */
	u32 post_head, post_count;
	u8 port92;		/* bit 1: fast A20 */
	u8 last_post;
};

static void misc_reset(void *opaque)
{
	struct machine *m = opaque;
	/* The POST history survives a reset: it is what the debugger wants to see. */
	port92_reset(m->port92);
}

static void misc_save(void *opaque, struct snap_writer *w)
{
	struct machine *m = opaque;
	struct post_history h;
	struct misc_snap s;

	post_get_history(m->post, &h);
	memset(&s, 0, sizeof(s));	/* padding included: digests hash these bytes */
	for (u32 i = 0; i < POST_HISTORY; i++) {
		s.post[i].icount = h.code[i].icount;
		s.post[i].code = h.code[i].code;
	}
	s.post_head = h.head;
	s.post_count = h.count;
	s.port92 = port92_get(m->port92);
	s.last_post = h.last;
	snap_put_section(w, "MISC", MISC_SNAP_VERSION, &s, sizeof(s));
}

static int misc_load(void *opaque, struct snap_reader *r)
{
	struct machine *m = opaque;
	struct post_history h;
	struct misc_snap s;

	if (snap_get_section(r, "MISC", MISC_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	memset(&h, 0, sizeof(h));
	for (u32 i = 0; i < POST_HISTORY; i++)
		h.code[i] = (struct post_code){ s.post[i].icount, s.post[i].code };
	h.head = s.post_head;
	h.count = s.post_count;
	h.last = s.last_post;
	post_set_history(m->post, &h);
	port92_set(m->port92, s.port92);
	return 0;
}

static void misc_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct machine *m = opaque;
	struct post_code pc;

	print(ctx, "A20 %s (port 0x92 bit 1 %s)\n", bus_a20_enabled(&m->bus) ? "on" : "off",
	      (port92_get(m->port92) & 2) ? "set" : "clear");
	print(ctx, "POST codes, latest first:");
	for (u32 i = 0; i < 16 && post_code(m->post, i, &pc); i++)
		print(ctx, " %02x@%llu", pc.code, (unsigned long long)pc.icount);
	print(ctx, "\n");
}

void machine_misc_device(struct machine *m, struct device *d)
{
	*d = (struct device){
		.name = "misc", .dev = m, .reset = misc_reset, .save = misc_save,
		.load = misc_load, .info = misc_info,
	};
}
