/*
 * The panels beside the guest screen: CPU state and the memory map (left
 * column), the buddy free lists and the scheduler's timeline (right column),
 * counters under the memory map. The data and the drawing are the
 * debugger's (debugger/dbg_panel.h); this file decides when to sample and
 * keeps the pixels the window shows.
 *
 * Sampling happens at whole multiples of the period in instructions (the
 * main loop ends a slice there, which does not change the run: slicing never
 * does), so a replay samples at the same points and draws the same
 * pictures. Every read goes through the debugger's own page walk over a copy
 * of guest RAM: no accessed/dirty bit, TLB entry or instruction is added.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debugger/dbg_panel.h"
#include "emu/machine/machine.h"
#include "emu/ui/panels.h"

#define HISTORY 200		/* samples shown: 2 s at the default period */
#define MEMMAP_EVERY 10		/* the memory map is rebuilt every 10th sample */

struct panels {
	struct machine *m;
	struct dbg *d;
	struct panel_ctx *ctx;
	u64 period, next, samples;
	struct panel_history h;
	struct panel_sample *s;
	struct panel_memmap mm;
	bool have_mm, drawn_mm;	/* drawn_mm: the layout of the last drawing */
	u32 *pix;
	s64 hover;		/* the frame under the pointer, or -1 */
	u64 host_ns;		/* host time spent sampling and drawing (for -stats) */
};

/* Host time, only to say what the panels cost; never reaches the machine. */
static u64 host_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}

u64 panels_host_ns(const struct panels *p)
{
	return p->host_ns;
}

struct panels *panels_create(struct machine *m, const struct dbg_options *o, u64 period,
			     char *err, size_t errlen)
{
	struct panels *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "panels: out of memory");
		return NULL;
	}
	p->m = m;
	p->period = period ? period : m->clock.ips / 100;
	if (!p->period)
		p->period = 1;
	p->d = dbg_machine_attach(m, o);
	if (p->d)
		p->ctx = panel_create(p->d);
	p->s = malloc(sizeof(*p->s));
	p->pix = calloc((size_t)PANELS_W * PANELS_H, 4);
	if (!p->d || !p->ctx || !p->s || !p->pix || panel_history_init(&p->h, HISTORY)) {
		snprintf(err, errlen, "panels: cannot watch the machine (symbols or memory)");
		panels_destroy(p);
		return NULL;
	}
	p->hover = -1;
	panels_restart(p);
	return p;
}

void panels_destroy(struct panels *p)
{
	if (!p)
		return;
	panel_memmap_free(&p->mm);
	panel_history_free(&p->h);
	panel_destroy(p->ctx);
	if (p->d)
		dbg_machine_detach(p->d);
	free(p->s);
	free(p->pix);
	free(p);
}

void panels_restart(struct panels *p)
{
	p->h.n = p->h.head = 0;
	p->next = (p->m->clock.icount / p->period + 1) * p->period;
}

bool panels_hover(struct panels *p, int x, int y)
{
	s64 pfn = -1;
	if (p->have_mm) {
		int mx, my, mw, mh;
		panel_memory_map_rect(&p->mm, &mx, &my, &mw, &mh);
		my += panel_height(PK_CPU, NULL) + 2;	/* the memory panel's top */
		if (x >= mx && x < mx + mw && y >= my && y < my + mh)
			pfn = ((s64)(y - my) * mw + (x - mx)) * panel_map_scale(&p->mm);
		if (pfn >= p->mm.npfn)
			pfn = -1;
	}
	if (pfn == p->hover)
		return false;
	p->hover = pfn;
	return true;
}

s64 panels_hovered(const struct panels *p)
{
	return p->hover;
}

u64 panels_next_icount(const struct panels *p)
{
	return p->next;
}

u64 panels_samples(const struct panels *p)
{
	return p->samples;
}

bool panels_tick(struct panels *p)
{
	u64 ic = p->m->clock.icount;
	if (ic < p->next)
		return false;
	if (ic != p->next) {
		/* Something ran past the point (the debugger, a paused window's
		 * resume): keep to the grid from here. */
		p->next = (ic / p->period + 1) * p->period;
		return false;
	}
	u64 t0 = host_now();
	panel_sample(p->ctx, p->s);
	panel_history_push(&p->h, p->s);
	if (p->samples++ % MEMMAP_EVERY == 0) {
		panel_memmap_free(&p->mm);
		p->have_mm = panel_memmap(p->ctx, &p->mm) == 0;
	}
	p->next += p->period;
	p->host_ns += host_now() - t0;
	return true;
}

const u32 *panels_draw(struct panels *p)
{
	struct panel_pixels px;
	struct panel_cpu cpu;
	u64 t0 = host_now();
	panel_pixels_init(&px, p->pix, PANELS_W, PANELS_H, PANELS_W);
	/* Every panel paints its own background; the gaps only change when
	 * the memory map appears and moves the counters down. */
	if (p->drawn_mm != p->have_mm)
		px.c.rect(&px.c, 0, 0, PANELS_W, PANELS_H, 0x000000);
	p->drawn_mm = p->have_mm;
	panel_cpu(p->ctx, &cpu);
	int y = 0;
	panel_draw_cpu(&px.c, 0, y, &cpu);
	y += panel_height(PK_CPU, NULL) + 2;
	if (p->have_mm) {
		p->mm.hover = p->hover;
		panel_draw_memory(&px.c, 0, y, &p->mm);
		y += panel_height(PK_MEMORY, &p->mm) + 2;
	}
	u64 ips = p->m->clock.ips;
	panel_draw_counters(&px.c, 0, y, &p->h, 0, p->h.n, ips, false);
	y = 0;
	panel_draw_buddy(&px.c, PANEL_W, y, &p->h, 0, p->h.n);
	y += panel_height(PK_BUDDY, NULL) + 2;
	panel_draw_schedule(&px.c, PANEL_W, y, &p->h, 0, p->h.n);
	p->host_ns += host_now() - t0;
	return p->pix;
}
