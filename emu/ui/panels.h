/* The panels beside the guest screen in the SDL window (see panels.c). */
#ifndef LUCID_PANELS_H
#define LUCID_PANELS_H

#include <stddef.h>

#include "debugger/dbg_machine.h"
#include "emu/lib/types.h"

struct machine;
struct panels;

/* The panel area's size in pixels (two columns). */
#define PANELS_W (2 * 320)
#define PANELS_H 528

/*
 * Watch m through a debugger session of its own (symbols per o) that only
 * reads. period: instructions between samples (0: 10 ms of virtual time).
 * NULL with a reason in err.
 */
struct panels *panels_create(struct machine *m, const struct dbg_options *o, u64 period,
			     char *err, size_t errlen);
void panels_destroy(struct panels *p);
/* The next icount at which a sample is due (a multiple of the period). */
u64 panels_next_icount(const struct panels *p);
/* After a slice: sample if the machine is at the due icount. True if the
 * pictures changed. */
bool panels_tick(struct panels *p);
/* Start again (history cleared), e.g. when the panels are shown again. */
void panels_restart(struct panels *p);
/* Draw into the panels' own PANELS_W x PANELS_H pixels and return them. */
const u32 *panels_draw(struct panels *p);
/*
 * The pointer is at (x, y) in the panel area (or outside: -1, -1): over the
 * memory map, its title names the frame's PFN, owner and flags. True if the
 * pictures changed.
 */
bool panels_hover(struct panels *p, int x, int y);
/* The frame named by the hover, or -1. */
s64 panels_hovered(const struct panels *p);
/* Samples taken so far (for tests and -stats). */
u64 panels_samples(const struct panels *p);
/* Host time spent sampling and drawing so far, in ns (what -stats reports). */
u64 panels_host_ns(const struct panels *p);

#endif
