/*
 * The input queue: the only door through which the host changes the guest's
 * future. Keys, mouse motion, serial bytes, audio input and the debugger's
 * writes into guest state are all events here. Each is delivered at an
 * instruction boundary and stamped with the icount of delivery; recording
 * writes delivered events to a log and replay feeds them back at the same
 * icounts, which is what makes a run repeatable.
 */
#ifndef LUCID_INPUT_H
#define LUCID_INPUT_H

#include "emu/lib/types.h"

enum input_type {
	INPUT_KEY,		/* a = Linux KEY_* code, b = 1 pressed / 0 released */
	INPUT_MOUSE,		/* a = dx, b = dy (s32, +y is down), c = buttons | (s8)wheel << 8 */
	INPUT_SERIAL,		/* a = UART index, b = the byte received */
	INPUT_AUDIO,		/* a = sample frame (reserved for recording input) */
	INPUT_DEBUG_WRITE,	/* debugger pokes into memory or a register: see below */
	INPUT_NTYPES
};

/*
 * INPUT_DEBUG_WRITE: c = 1, 2 or 4 writes b (c bytes) to physical address
 * a; c = INPUT_WRITE_REG writes b to register a (enum input_reg). The
 * numbers are in recorded logs: never renumber them.
 */
#define INPUT_WRITE_REG 0x80000000u
enum input_reg {
	INPUT_REG_EAX, INPUT_REG_ECX, INPUT_REG_EDX, INPUT_REG_EBX,
	INPUT_REG_ESP, INPUT_REG_EBP, INPUT_REG_ESI, INPUT_REG_EDI,
	INPUT_REG_EIP, INPUT_REG_EFLAGS,
	INPUT_REG_CS, INPUT_REG_SS, INPUT_REG_DS, INPUT_REG_ES, INPUT_REG_FS, INPUT_REG_GS,
};

/* Mouse buttons in INPUT_MOUSE's c (the wheel, +1 = away from the user, is bits 8-15). */
#define MOUSE_BTN_LEFT 0x01
#define MOUSE_BTN_RIGHT 0x02
#define MOUSE_BTN_MIDDLE 0x04
#define MOUSE_BTN_SIDE 0x08
#define MOUSE_BTN_EXTRA 0x10

#define INPUT_ASAP 0		/* icount of a live event: deliver at the next boundary */

struct input_event {
	u64 icount;		/* when it was (or is to be) delivered */
	u32 type;
	u32 a, b, c;
};

typedef void input_handler_fn(void *opaque, const struct input_event *ev);

struct input_queue {
	struct input_event *ev;	/* ring buffer */
	u32 cap, head, count;
	input_handler_fn *handler[INPUT_NTYPES];
	void *opaque[INPUT_NTYPES];
	/* Called for every delivered event (record/replay hooks here). */
	input_handler_fn *observer;
	void *observer_opaque;
	/* Set during a replay: live events (icount INPUT_ASAP) are dropped, so
	 * host input, and debugger writes, cannot change a replayed run. */
	bool live_closed;
};

int input_init(struct input_queue *q);
void input_free(struct input_queue *q);
void input_set_handler(struct input_queue *q, enum input_type t, input_handler_fn *fn,
		       void *opaque);
/* Queue an event (icount INPUT_ASAP, or a future icount for replay). 0 or -ENOMEM. */
int input_push(struct input_queue *q, const struct input_event *ev);
/* The icount of the earliest pending event, or CLOCK_NEVER. */
u64 input_next_deadline(const struct input_queue *q);
/* Deliver every event due at or before now; returns how many were delivered. */
int input_deliver(struct input_queue *q, u64 now);

#endif
