/*
 * The POST code port 0x80: BIOSes and Linux's outb_p write progress and
 * delay bytes here; a POST card would show them. We keep the last 256 with
 * the icount of each for the debugger; a read returns the last byte.
 */
#ifndef LUCID_POST_H
#define LUCID_POST_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"

#define POST_HISTORY 256

struct post_code {
	u64 icount;		/* when it was written */
	u8 code;
};

/* The history as plain data (the board's saved state). */
struct post_history {
	struct post_code code[POST_HISTORY];	/* ring, oldest overwritten */
	u32 head, count;
	u8 last;		/* what a read returns */
};

struct post;

/* Claims port 0x80; codes are stamped with clock's icount. */
struct post *post_create(struct bus *bus, struct clock *clock);
void post_destroy(struct post *p);
/* The i-th most recent code (0 = the latest); false if there are fewer. */
bool post_code(const struct post *p, u32 i, struct post_code *out);
/* The history survives a reset (it is what the debugger wants to see), so
 * there is no reset; these copy it out and back for snapshots. */
void post_get_history(const struct post *p, struct post_history *out);
void post_set_history(struct post *p, const struct post_history *in);

#endif
