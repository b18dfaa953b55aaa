/*
 * The panels' pictures, drawn on any struct panel_canvas, PANEL_W pixels
 * wide: the CPU state as text; the memory map (one pixel per 4 KiB frame,
 * 256 frames = 1 MiB per row, zone boundaries marked on the left, a legend
 * with the count of each colour); the buddy free lists of each zone as
 * stacked bars over time (free pages per order); the scheduler's timeline
 * (one row per task, each column the share of that sample interval the task
 * ran, from se.sum_exec_runtime, coloured by policy) with each CFS task's
 * vruntime as a line; counters per virtual second as sparklines. Integer
 * arithmetic only, so a picture is a function of its data.
 */
#include <stdio.h>
#include <string.h>

#include "debugger/dbg_panel.h"

#define BG 0x101418u
#define TITLE_BG 0x283040u
#define FG 0xe0e0e0u
#define DIM 0x8890a0u
#define MAP_X 32		/* the memory map's left edge (zone labels before it) */
#define MAP_W 256		/* pixels per row: 1 MiB at one frame a pixel */
#define MAP_MAX_ROWS 128	/* more memory than 128 MiB: several frames a pixel */
#define SCHED_ROWS 10
#define SCHED_LABEL 15		/* characters */
#define CHART_H 48

const char *const panel_kind_names[PK_N] = {
	[PK_CPU] = "cpu", [PK_MEMORY] = "memory", [PK_BUDDY] = "buddy",
	[PK_SCHEDULE] = "schedule", [PK_COUNTERS] = "counters",
};

static const u32 policy_rgb[PP_N] = {
	[PP_CFS] = 0x4c9be8, [PP_RT] = 0xe85c4c, [PP_DEADLINE] = 0xe8c84c, [PP_IDLE] = 0x505860,
};
static const char *const policy_names[PP_N] = {
	[PP_CFS] = "CFS", [PP_RT] = "RT", [PP_DEADLINE] = "deadline", [PP_IDLE] = "idle",
};
/* Line colours for the vruntime chart, one per task row. */
static const u32 line_rgb[SCHED_ROWS] = {
	0x4c9be8, 0xe8a030, 0x60d060, 0xe85c4c, 0xb070e0,
	0x40c8c8, 0xe0e060, 0xf080b0, 0xa0a0a0, 0x80a0ff,
};

static void title(struct panel_canvas *c, int x, int y, int h, const char *t)
{
	c->rect(c, x, y, PANEL_W, h, BG);
	c->rect(c, x, y, PANEL_W, PANEL_FONT_H, TITLE_BG);
	c->text(c, x + 4, y, t, FG);
}

u32 panel_map_scale(const struct panel_memmap *mm)
{
	u32 cap = MAP_W * MAP_MAX_ROWS;
	return mm && mm->npfn > cap ? (mm->npfn + cap - 1) / cap : 1;
}

static int map_rows(const struct panel_memmap *mm)
{
	u32 px = mm && mm->npfn ? (mm->npfn + panel_map_scale(mm) - 1) / panel_map_scale(mm) : 0;
	return (int)((px + MAP_W - 1) / MAP_W);
}

/* One pixel's colour: its frame's, or at a scale of several frames a pixel
 * the colour most of them have (the first such, on a tie). */
static u32 pixel_colour(const struct panel_memmap *mm, u32 px, u32 scale)
{
	u32 f0 = px * scale, n = mm->npfn - f0 < scale ? mm->npfn - f0 : scale;
	u32 best = panel_frame_colour(mm, f0), best_n = 0;
	for (u32 i = 0; i < n && best_n <= (n - i); i++) {
		u32 c = panel_frame_colour(mm, f0 + i), k = 0;
		for (u32 j = i; j < n; j++)
			k += panel_frame_colour(mm, f0 + j) == c;
		if (k > best_n) {
			best = c;
			best_n = k;
		}
	}
	return best;
}

#define LEGEND_ROWS (1 + (PF_N - PF_SLAB + 1) / 2 + PANEL_SLAB_SHADES / 2)

int panel_height(enum panel_kind k, const struct panel_memmap *mm)
{
	switch (k) {
	case PK_CPU: return PANEL_FONT_H * 6;
	case PK_MEMORY: return PANEL_FONT_H + 4 + map_rows(mm) + 4 + LEGEND_ROWS * PANEL_FONT_H + 4;
	case PK_BUDDY: return PANEL_FONT_H + PANEL_MAX_ZONES * (PANEL_FONT_H + CHART_H) / 1 - 0;
	case PK_SCHEDULE: return PANEL_FONT_H * (2 + SCHED_ROWS) + CHART_H + 4;
	case PK_COUNTERS: return PANEL_FONT_H * (1 + 5 + 8);
	default: return 0;
	}
}

void panel_draw_cpu(struct panel_canvas *c, int x, int y, const struct panel_cpu *cpu)
{
	char t[64];
	title(c, x, y, panel_height(PK_CPU, NULL), "CPU");
	y += PANEL_FONT_H;
	snprintf(t, sizeof(t), "%s, CPL %d, EFLAGS %08x", cpu->mode, cpu->cpl, cpu->eflags);
	c->text(c, x + 4, y, t, FG);
	snprintf(t, sizeof(t), "CR0 %08x CR3 %08x CR4 %08x", cpu->cr0, cpu->cr3, cpu->cr4);
	c->text(c, x + 4, y + PANEL_FONT_H, t, FG);
	snprintf(t, sizeof(t), "EIP %08x %.26s", cpu->eip, cpu->where);
	c->text(c, x + 4, y + 2 * PANEL_FONT_H, t, FG);
	if (cpu->kernel)
		snprintf(t, sizeof(t), "current: pid %u %.15s", cpu->pid, cpu->comm);
	else
		snprintf(t, sizeof(t), "current: (no kernel yet)");
	c->text(c, x + 4, y + 3 * PANEL_FONT_H, t, FG);
	snprintf(t, sizeof(t), "icount %llu", (unsigned long long)cpu->icount);
	c->text(c, x + 4, y + 4 * PANEL_FONT_H, t, DIM);
}

void panel_memory_map_rect(const struct panel_memmap *mm, int *x, int *y, int *w, int *h)
{
	*x = MAP_X;
	*y = PANEL_FONT_H + 4;
	*w = MAP_W;
	*h = map_rows(mm);
}

static void legend_entry(struct panel_canvas *c, int x, int y, u32 rgb, const char *name, u32 n)
{
	char t[48];
	c->rect(c, x, y + 3, 10, 10, rgb);
	snprintf(t, sizeof(t), "%s %u", name, n);
	c->text(c, x + 14, y, t, FG);
}

/* Slab frames not in a shaded cache. */
static u32 other_slab(const struct panel_memmap *mm)
{
	u32 n = mm->count[PF_SLAB];
	for (int i = 0; i < mm->ncaches; i++)
		if (mm->cache_shade[i] >= 0)
			n -= mm->cache_pages[i];
	return n;
}

void panel_draw_memory(struct panel_canvas *c, int x, int y, const struct panel_memmap *mm)
{
	char t[64];
	int rows = map_rows(mm);
	if (mm->hover >= 0 && mm->hover < mm->npfn && mm->cache && mm->cache[mm->hover])
		snprintf(t, sizeof(t), "pfn %#llx: slab %.16s, flags %08x", (unsigned long long)mm->hover,
			 mm->cache_name[mm->cache[mm->hover] - 1], mm->flags ? mm->flags[mm->hover] : 0);
	else if (mm->hover >= 0 && mm->hover < mm->npfn)
		snprintf(t, sizeof(t), "pfn %#llx: %s, flags %08x", (unsigned long long)mm->hover,
			 panel_frame_names[mm->kind[mm->hover]], mm->flags ? mm->flags[mm->hover] : 0);
	else
		snprintf(t, sizeof(t), "memory: %u frames, 1 px = %u KiB", mm->npfn,
			 4 * panel_map_scale(mm));
	title(c, x, y, panel_height(PK_MEMORY, mm), t);
	int my = y + PANEL_FONT_H + 4;
	u32 row[MAP_W], scale = panel_map_scale(mm), npx = (mm->npfn + scale - 1) / scale;
	for (int r = 0; r < rows; r++) {
		int n = 0;
		for (; n < MAP_W && (u32)(r * MAP_W + n) < npx; n++)
			row[n] = scale == 1 ? panel_frame_colour(mm, (u32)(r * MAP_W + n)) :
					      pixel_colour(mm, (u32)(r * MAP_W + n), scale);
		c->pixels(c, x + MAP_X, my + r, row, n);
	}
	/* Zone boundaries: a tick at the zone's first row and its name. */
	for (int z = 0; z < mm->nzones; z++) {
		if (mm->zone_end[z] <= mm->zone_start[z] || mm->zone_start[z] >= mm->npfn)
			continue;
		int zr = (int)(mm->zone_start[z] / scale / MAP_W);
		c->line(c, x + 2, my + zr, x + MAP_X - 2, my + zr, FG);
		char zn[4];
		snprintf(zn, sizeof(zn), "%.3s", mm->zone_name[z]);
		c->text(c, x + 2, my + zr + 1, zn, DIM);
	}
	int ly = my + rows + 4;
	u32 nfree = 0;
	for (int o = 0; o < PANEL_MAX_ORDER; o++) {
		c->rect(c, x + 4 + o * 8, ly + 3, 8, 10, panel_frame_rgb[PF_FREE0 + o]);
		nfree += mm->count[PF_FREE0 + o];
	}
	snprintf(t, sizeof(t), "free o0..o10 %u", nfree);
	c->text(c, x + 4 + PANEL_MAX_ORDER * 8 + 4, ly, t, FG);
	for (int k = PF_SLAB; k < PF_N; k++) {
		int i = k - PF_SLAB;
		legend_entry(c, x + 4 + (i % 2) * 158, ly + PANEL_FONT_H * (1 + i / 2),
			     panel_frame_rgb[k], k == PF_SLAB && mm->ncaches ? "slab, other" :
			     panel_frame_names[k], k == PF_SLAB ? other_slab(mm) : mm->count[k]);
	}
	/* The shaded caches, biggest first. */
	int sy = ly + PANEL_FONT_H * (1 + (PF_N - PF_SLAB + 1) / 2);
	for (int sh = 0; sh < PANEL_SLAB_SHADES; sh++)
		for (int i = 0; i < mm->ncaches; i++)
			if (mm->cache_shade[i] == sh) {
				char n[24];
				snprintf(n, sizeof(n), "%.14s", mm->cache_name[i]);
				legend_entry(c, x + 4 + (sh % 2) * 158, sy + PANEL_FONT_H * (sh / 2),
					     panel_slab_rgb[sh], n, mm->cache_pages[i]);
			}
}

/* The samples' time span in ms of virtual time. */
static u64 span_ms(const struct panel_history *h, int from, int to, u64 ips)
{
	if (to - from < 2 || !ips)
		return 0;
	u64 di = panel_history_at(h, to - 1)->icount - panel_history_at(h, from)->icount;
	return (u64)((unsigned __int128)di * 1000 / ips);
}

/* The column of sample i (from <= i < to) in a chart w pixels wide. */
static int col_x(int i, int from, int to, int w)
{
	int n = to - from;
	return n <= 1 ? 0 : (int)((long)(i - from) * w / n);
}

void panel_draw_buddy(struct panel_canvas *c, int x, int y, const struct panel_history *h,
		      int from, int to)
{
	title(c, x, y, panel_height(PK_BUDDY, NULL), "buddy: free pages per zone and order");
	if (to <= from)
		return;
	const struct panel_sample *last = panel_history_at(h, to - 1);
	int cw = PANEL_W - 8;
	for (int z = 0; z < last->nzones && z < PANEL_MAX_ZONES; z++) {
		int zy = y + PANEL_FONT_H + z * (PANEL_FONT_H + CHART_H);
		u64 maxp = 1, cur = 0;
		for (int i = from; i < to; i++) {
			const struct panel_sample *s = panel_history_at(h, i);
			u64 t = 0;
			for (int o = 0; o < s->norders; o++)
				t += (u64)s->nr_free[z][o] << o;
			if (t > maxp)
				maxp = t;
		}
		for (int o = 0; o < last->norders; o++)
			cur += (u64)last->nr_free[z][o] << o;
		char t[64];
		snprintf(t, sizeof(t), "%.8s: %llu free pages", last->zone_name[z], (unsigned long long)cur);
		c->text(c, x + 4, zy, t, FG);
		int by = zy + PANEL_FONT_H + CHART_H;	/* the charts' baseline */
		c->line(c, x + 4, by - 1, x + 4 + cw - 1, by - 1, DIM);
		for (int i = from; i < to; i++) {
			const struct panel_sample *s = panel_history_at(h, i);
			int x0 = col_x(i, from, to, cw), x1 = col_x(i + 1, from, to, cw);
			if (x1 <= x0)
				x1 = x0 + 1;
			u64 acc = 0;
			int prev = 0;
			/* Stacked: order 0 at the bottom. */
			for (int o = 0; o < s->norders && o < PANEL_MAX_ORDER; o++) {
				acc += (u64)s->nr_free[z][o] << o;
				int top = (int)(acc * (CHART_H - 2) / maxp);
				if (top > prev)
					c->rect(c, x + 4 + x0, by - 1 - top, x1 - x0, top - prev,
						panel_frame_rgb[PF_FREE0 + o]);
				prev = top;
			}
		}
	}
}

/* The tasks that ran most in the samples [from, to), by runtime, at most max. */
static int busiest(const struct panel_history *h, int from, int to, u32 *pid, u64 *ran,
		   int max)
{
	const struct panel_sample *a = panel_history_at(h, from), *b = panel_history_at(h, to - 1);
	int n = 0;
	for (int i = 0; i < b->ntasks; i++) {
		u64 r = b->task[i].runtime - panel_task_runtime(a, b->task[i].pid);
		if (b->task[i].runtime < panel_task_runtime(a, b->task[i].pid))
			r = b->task[i].runtime;
		/* Insertion by runtime, ties by pid: a stable order. */
		int k = n < max ? n++ : max;
		if (k == max && (r < ran[max - 1] || (r == ran[max - 1] && b->task[i].pid > pid[max - 1])))
			continue;
		if (k == max)
			k = max - 1;
		while (k > 0 && (ran[k - 1] < r || (ran[k - 1] == r && pid[k - 1] > b->task[i].pid))) {
			ran[k] = ran[k - 1];
			pid[k] = pid[k - 1];
			k--;
		}
		ran[k] = r;
		pid[k] = b->task[i].pid;
	}
	return n;
}

static const struct panel_task *find_task(const struct panel_sample *s, u32 pid)
{
	for (int i = 0; i < s->ntasks; i++)
		if (s->task[i].pid == pid)
			return &s->task[i];
	return NULL;
}

void panel_draw_schedule(struct panel_canvas *c, int x, int y, const struct panel_history *h,
			 int from, int to)
{
	char t[64];
	snprintf(t, sizeof(t), "schedule: %d samples", to - from);
	title(c, x, y, panel_height(PK_SCHEDULE, NULL), t);
	if (to - from < 2)
		return;
	u32 pid[SCHED_ROWS];
	u64 ran[SCHED_ROWS], total = 0;
	int n = busiest(h, from, to, pid, ran, SCHED_ROWS);
	for (int r = 0; r < n; r++)
		total += ran[r];
	int lx = x + 4 + SCHED_LABEL * PANEL_FONT_W, cw = PANEL_W - 8 - SCHED_LABEL * PANEL_FONT_W;
	const struct panel_sample *last = panel_history_at(h, to - 1);
	for (int r = 0; r < n; r++) {
		const struct panel_task *lt = find_task(last, pid[r]);
		snprintf(t, sizeof(t), "%-10.10s%3llu%%", lt ? lt->comm : "?",
			 (unsigned long long)(total ? ran[r] * 100 / total : 0));
		c->text(c, x + 4, y + PANEL_FONT_H * (1 + r), t, line_rgb[r]);
	}
	/* Each column: the share of the interval's CPU time each row's task had. */
	for (int i = from + 1; i < to; i++) {
		const struct panel_sample *a = panel_history_at(h, i - 1), *b = panel_history_at(h, i);
		u64 all = 0;
		for (int k = 0; k < b->ntasks; k++)
			all += b->task[k].runtime - panel_task_runtime(a, b->task[k].pid);
		int x0 = col_x(i - 1, from, to - 1, cw), x1 = col_x(i, from, to - 1, cw);
		if (x1 <= x0)
			x1 = x0 + 1;
		for (int r = 0; r < n && all; r++) {
			const struct panel_task *tb = find_task(b, pid[r]);
			if (!tb)
				continue;
			u64 dr = tb->runtime - panel_task_runtime(a, pid[r]);
			int hgt = (int)(dr * (PANEL_FONT_H - 2) / all);
			int ry = y + PANEL_FONT_H * (1 + r);
			if (hgt > 0)
				c->rect(c, lx + x0, ry + PANEL_FONT_H - 1 - hgt, x1 - x0, hgt,
					policy_rgb[tb->policy]);
		}
	}
	/* vruntime of the CFS rows, each relative to the window's smallest. */
	int vy = y + PANEL_FONT_H * (1 + SCHED_ROWS) + 2;
	u64 vmin = ~0ull, vmax = 0;
	for (int i = from; i < to; i++)
		for (int r = 0; r < n; r++) {
			const struct panel_task *tk = find_task(panel_history_at(h, i), pid[r]);
			if (tk && tk->policy == PP_CFS) {
				vmin = tk->vruntime < vmin ? tk->vruntime : vmin;
				vmax = tk->vruntime > vmax ? tk->vruntime : vmax;
			}
		}
	c->text(c, x + 4, vy, "vruntime", DIM);
	c->line(c, lx, vy + CHART_H - 1, lx + cw - 1, vy + CHART_H - 1, DIM);
	for (int r = 0; r < n && vmax > vmin; r++) {
		int px = -1, py = 0;
		for (int i = from; i < to; i++) {
			const struct panel_task *tk = find_task(panel_history_at(h, i), pid[r]);
			if (!tk || tk->policy != PP_CFS) {
				px = -1;
				continue;
			}
			int cx = lx + col_x(i, from, to - 1, cw);
			int cy = vy + CHART_H - 1 - (int)((tk->vruntime - vmin) * (CHART_H - 2) / (vmax - vmin));
			if (px >= 0)
				c->line(c, px, py, cx, cy, line_rgb[r]);
			px = cx;
			py = cy;
		}
	}
	/* The policy legend. */
	int gx = x + 4;
	for (int p = 0; p < PP_N; p++) {
		c->rect(c, gx, vy + PANEL_FONT_H + 3, 8, 8, policy_rgb[p]);
		c->text(c, gx + 10, vy + PANEL_FONT_H, policy_names[p], DIM);
		gx += 10 + PANEL_FONT_W * ((int)strlen(policy_names[p]) + 1);
		if (p == 1) {
			gx = x + 4;
			vy += PANEL_FONT_H;
		}
	}
}

static const char *const counter_names[PC_N] = {
	[PC_SWITCHES] = "ctxsw", [PC_PGFAULT] = "#PF", [PC_TLB_FLUSH] = "TLB flush",
	[PC_TLB_HIT] = "TLB hit",
	[PC_TLB_MISS] = "TLB miss", [PC_SYSCALL] = "syscalls",
	[PC_IRQ0] = "IRQ0", [PC_IRQ0 + 1] = "IRQ1", [PC_IRQ0 + 2] = "IRQ2", [PC_IRQ0 + 3] = "IRQ3",
	[PC_IRQ0 + 4] = "IRQ4", [PC_IRQ0 + 5] = "IRQ5", [PC_IRQ0 + 6] = "IRQ6", [PC_IRQ0 + 7] = "IRQ7",
	[PC_IRQ0 + 8] = "IRQ8", [PC_IRQ0 + 9] = "IRQ9", [PC_IRQ0 + 10] = "IRQ10",
	[PC_IRQ0 + 11] = "IRQ11", [PC_IRQ0 + 12] = "IRQ12", [PC_IRQ0 + 13] = "IRQ13",
	[PC_IRQ0 + 14] = "IRQ14", [PC_IRQ0 + 15] = "IRQ15",
};

#define RATE_SPAN 10	/* samples a rate is averaged over: 100 ms at the default period */

/* Per virtual second over the RATE_SPAN samples up to sample i (fewer at the
 * start), so that a once-per-tick event does not alias into 0, 1, 0, 1. */
static u64 rate(const struct panel_history *h, int i, int k, u64 ips, int from)
{
	int j = i - RATE_SPAN < from ? from : i - RATE_SPAN;
	const struct panel_sample *a = panel_history_at(h, j), *b = panel_history_at(h, i);
	u64 di = b->icount - a->icount;
	if (!di || b->counter[k] < a->counter[k])
		return 0;
	return (u64)((unsigned __int128)(b->counter[k] - a->counter[k]) * ips / di);
}

void panel_draw_counters(struct panel_canvas *c, int x, int y, const struct panel_history *h,
			 int from, int to, u64 ips, bool guest_only)
{
	char t[64];
	snprintf(t, sizeof(t), "per virtual second, last %llu ms", (unsigned long long)span_ms(h, from, to, ips));
	title(c, x, y, panel_height(PK_COUNTERS, NULL), t);
	if (to - from < 2)
		return;
	const struct panel_sample *a = panel_history_at(h, from), *b = panel_history_at(h, to - 1);
	int row = 0, maxrows = panel_height(PK_COUNTERS, NULL) / PANEL_FONT_H - 1;
	int sx = x + 4 + 9 * PANEL_FONT_W, sw = PANEL_W - 8 - 9 * PANEL_FONT_W - 10 * PANEL_FONT_W;
	for (int k = 0; k < PC_N && row < maxrows; k++) {
		/* IRQ lines that never fired in the window are left out. */
		if (k >= PC_IRQ0 && b->counter[k] == a->counter[k])
			continue;
		if (guest_only && (k == PC_TLB_HIT || k == PC_TLB_MISS))
			continue;
		int ry = y + PANEL_FONT_H * (1 + row++);
		u64 mx = 1;
		for (int i = from + 1; i < to; i++) {
			u64 v = rate(h, i, k, ips, from);
			mx = v > mx ? v : mx;
		}
		c->text(c, x + 4, ry, counter_names[k], FG);
		int px = -1, py = 0;
		for (int i = from + 1; i < to; i++) {
			int cx = sx + col_x(i - 1, from, to - 1, sw);
			int cy = ry + PANEL_FONT_H - 2 - (int)(rate(h, i, k, ips, from) * (PANEL_FONT_H - 3) / mx);
			if (px >= 0)
				c->line(c, px, py, cx, cy, line_rgb[k % SCHED_ROWS]);
			px = cx;
			py = cy;
		}
		snprintf(t, sizeof(t), "%9llu", (unsigned long long)rate(h, to - 1, k, ips, from));
		c->text(c, sx + sw + 4, ry, t, FG);
	}
}
