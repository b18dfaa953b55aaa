/*
 * The PC's small ports: 0x92 (system control port A: fast A20 and reset),
 * 0x80 (POST codes, kept with their icount for the debugger), and QEMU's test
 * ports isa-debug-exit (0xF4) and debugcon (0xE9).
 */
#ifndef LUCID_MISC_H
#define LUCID_MISC_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/irq.h"
#include "emu/lib/sink.h"

#define POST_HISTORY 256

struct post_code {
	u64 icount;		/* when it was written */
	u8 code;
};

/* Plain data, saved as is. */
struct misc_state {
	struct post_code post[POST_HISTORY];	/* ring, oldest overwritten */
	u32 post_head, post_count;
	u8 port92;		/* bit 1: fast A20 */
	u8 last_post;
};

struct misc {
	struct misc_state s;
	struct bus *bus;
	struct clock *clock;
	struct byte_sink debugcon;	/* port 0xE9 output */
	/* The machine's hooks: a reset pulse, and an isa-debug-exit write. */
	void (*reset_request)(void *opaque);
	void (*exit_request)(void *opaque, int status);
	void *machine;
	struct device device;
};

struct misc *misc_create(struct bus *bus, struct clock *clock);
void misc_destroy(struct misc *misc);
/* The i-th most recent POST code (0 = the latest); false if there are fewer. */
bool misc_post_code(const struct misc *misc, u32 i, struct post_code *out);

#endif
