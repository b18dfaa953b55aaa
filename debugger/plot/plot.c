/*
 * plot KIND FILE [from ICOUNT] [to ICOUNT] [every N]: a panel's picture
 * written as SVG (FILE.svg) or PNG (FILE.png), in batch mode as at the
 * prompt. cpu and memory show the machine at one point (the end of the
 * interval); buddy, schedule and counters sample the interval at every
 * multiple of N instructions (default: the panels' period, 10 ms of virtual
 * time), running the machine there (going back first with time travel when
 * from is in the past). The numbers behind the picture are printed too, so
 * scripts and tests can read them.
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_panel.h"
#include "debugger/plot/plot.h"
#include "emu/machine/screen.h"

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

struct plot_args {
	enum panel_kind kind;
	char path[1024];
	bool has_from, has_to;
	u64 from, to, every;
};

static int parse(struct dbg *d, const char *args, struct plot_args *a)
{
	char kind[32];
	int n = 0;
	memset(a, 0, sizeof(*a));
	if (sscanf(args, " %31s %1023s %n", kind, a->path, &n) < 2) {
		dbg_err(d, "usage: plot cpu|memory|buddy|schedule|counters FILE.svg|FILE.png "
			   "[from ICOUNT] [to ICOUNT] [every N]");
		return -1;
	}
	a->kind = PK_N;
	for (int k = 0; k < PK_N; k++)
		if (!strcmp(kind, panel_kind_names[k]))
			a->kind = k;
	if (a->kind == PK_N) {
		dbg_err(d, "plot: no picture called '%s' (cpu, memory, buddy, schedule, counters)", kind);
		return -1;
	}
	size_t pl = strlen(a->path);
	if (pl < 5 || (strcmp(a->path + pl - 4, ".svg") && strcmp(a->path + pl - 4, ".png"))) {
		dbg_err(d, "plot: '%s': the file name must end in .svg or .png", a->path);
		return -1;
	}
	const char *s = args + n;
	char word[16], val[128];
	int m;
	while (sscanf(s, " %15s %127s %n", word, val, &m) == 2) {
		u64 v;
		if (expr_eval_u64(&d->ex, val, &v) != 0) {
			dbg_err(d, "plot: %s %s: %s", word, val, d->ex.err);
			return -1;
		}
		if (!strcmp(word, "from")) {
			a->has_from = true;
			a->from = v;
		} else if (!strcmp(word, "to")) {
			a->has_to = true;
			a->to = v;
		} else if (!strcmp(word, "every") && v) {
			a->every = v;
		} else {
			dbg_err(d, "plot: '%s %s' is not from/to/every", word, val);
			return -1;
		}
		s += m;
	}
	if (*skip_ws(s)) {
		dbg_err(d, "plot: cannot read '%s'", skip_ws(s));
		return -1;
	}
	return 0;
}

static u64 now(struct dbg *d)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	return r.icount;
}

/* Bring the machine to icount ic: back by time travel, forward by running.
 * 0, or -1 with a message (something stopped the run first). */
static int go_to(struct dbg *d, u64 ic)
{
	char err[256];
	u64 cur = now(d);
	if (ic < cur) {
		if (!d->t->seek || d->t->seek(d->t->opaque, ic, err, sizeof(err))) {
			dbg_err(d, "plot: cannot go back to icount %llu: %s", (unsigned long long)ic,
				d->t->seek ? err : "time travel is not available here");
			return -1;
		}
		return 0;
	}
	if (ic == cur)
		return 0;
	if (!d->t->run) {
		dbg_err(d, "plot: this target does not run");
		return -1;
	}
	enum dbg_stop_reason why = d->t->run(d->t->opaque, ic);
	if (now(d) != ic) {
		dbg_err(d, "plot: the run stopped at icount %llu before %llu", (unsigned long long)now(d),
			(unsigned long long)ic);
		dbg_report_stop(d, why);
		return -1;
	}
	return 0;
}

/* Sample [from, to] at every multiple of every (and at both ends). */
static int sample_interval(struct dbg *d, struct panel_ctx *p, const struct plot_args *a,
			   struct panel_history *h)
{
	u64 from = a->has_from ? a->from : now(d);
	u64 to = a->to;
	if (to <= from) {
		dbg_err(d, "plot: the interval %llu..%llu is empty", (unsigned long long)from,
			(unsigned long long)to);
		return -1;
	}
	u64 n = (to - from) / a->every + 2;
	if (n > 100000) {
		dbg_err(d, "plot: %llu samples is too many (make 'every' larger)", (unsigned long long)n);
		return -1;
	}
	if (panel_history_init(h, (int)n + 1))
		return -1;
	struct panel_sample *s = malloc(sizeof(*s));
	if (!s)
		return -1;
	int rc = 0;
	for (u64 ic = from; rc == 0;) {
		if ((rc = go_to(d, ic)) != 0)
			break;
		panel_sample(p, s);
		panel_history_push(h, s);
		if (ic == to)
			break;
		u64 next = (ic / a->every + 1) * a->every;
		ic = next < to ? next : to;
	}
	free(s);
	return rc;
}

static void print_memory(struct dbg *d, const struct panel_memmap *mm)
{
	dbg_printf(d, "memory map at icount %llu: %u frames\n", (unsigned long long)mm->icount, mm->npfn);
	for (int k = 0; k < PF_N; k++)
		dbg_printf(d, "  %-12s %6u\n", panel_frame_names[k], mm->count[k]);
	for (int i = 0; i < mm->ncaches; i++)
		if (mm->cache_pages[i])
			dbg_printf(d, "    slab cache %-18s %6u\n", mm->cache_name[i], mm->cache_pages[i]);
	for (int z = 0; z < mm->nzones; z++)
		dbg_printf(d, "  zone %-8s pfn %u-%u\n", mm->zone_name[z], mm->zone_start[z], mm->zone_end[z]);
}

static void print_history(struct dbg *d, enum panel_kind k, const struct panel_history *h)
{
	const struct panel_sample *a = panel_history_at(h, 0), *b = panel_history_at(h, h->n - 1);
	dbg_printf(d, "%d samples from icount %llu to %llu\n", h->n, (unsigned long long)a->icount,
		   (unsigned long long)b->icount);
	if (k == PK_SCHEDULE) {
		for (int i = 0; i < b->ntasks; i++) {
			u64 r = b->task[i].runtime - panel_task_runtime(a, b->task[i].pid);
			if (b->task[i].runtime < panel_task_runtime(a, b->task[i].pid))
				r = b->task[i].runtime;
			dbg_printf(d, "  pid %3u %-15s nice %3d ran %10llu us, vruntime %llu\n",
				   b->task[i].pid, b->task[i].comm, b->task[i].nice,
				   (unsigned long long)(r / 1000), (unsigned long long)b->task[i].vruntime);
		}
	} else if (k == PK_BUDDY) {
		for (int z = 0; z < b->nzones; z++) {
			dbg_printf(d, "  %-8s", b->zone_name[z]);
			for (int o = 0; o < b->norders; o++)
				dbg_printf(d, " %6u", b->nr_free[z][o]);
			dbg_printf(d, "\n");
		}
	} else if (k == PK_COUNTERS) {
		static const char *const names[PC_IRQ0] = {
			[PC_SWITCHES] = "context switches", [PC_PGFAULT] = "page faults",
			[PC_TLB_FLUSH] = "TLB flushes", [PC_TLB_HIT] = "TLB hits*",
			[PC_TLB_MISS] = "TLB misses*", [PC_SYSCALL] = "system calls",
		};
		for (int c = 0; c < PC_N; c++) {
			u64 v = b->counter[c] - a->counter[c];
			if (c < PC_IRQ0)
				dbg_printf(d, "  %-16s %llu\n", names[c], (unsigned long long)v);
			else if (v)
				dbg_printf(d, "  IRQ%-13d %llu\n", c - PC_IRQ0, (unsigned long long)v);
		}
		dbg_printf(d, "  (* the emulator's own statistics, left out of the picture)\n");
	}
}

/* Draw the picture and write it; 0 or -1. */
static int write_picture(struct dbg *d, const struct plot_args *a, const struct panel_cpu *cpu,
			 const struct panel_memmap *mm, const struct panel_history *h)
{
	int w = PANEL_W, ht = panel_height(a->kind, mm);
	bool png = !strcmp(a->path + strlen(a->path) - 4, ".png");
	struct panel_pixels px;
	struct panel_svg svg;
	struct panel_canvas *c;
	u32 *pix = NULL;
	FILE *f = NULL;
	if (png) {
		pix = calloc((size_t)w * ht, 4);
		if (!pix)
			return -1;
		panel_pixels_init(&px, pix, w, ht, w);
		c = &px.c;
	} else {
		/* Written whole to FILE.tmp, then renamed: no half file on failure. */
		char tmp[1100];
		snprintf(tmp, sizeof(tmp), "%s.tmp", a->path);
		if (!(f = fopen(tmp, "w"))) {
			dbg_err(d, "plot: cannot create '%s'", tmp);
			return -1;
		}
		panel_svg_begin(&svg, f, w, ht);
		c = &svg.c;
	}
	switch (a->kind) {
	case PK_CPU: panel_draw_cpu(c, 0, 0, cpu); break;
	case PK_MEMORY: panel_draw_memory(c, 0, 0, mm); break;
	case PK_BUDDY: panel_draw_buddy(c, 0, 0, h, 0, h->n); break;
	case PK_SCHEDULE: panel_draw_schedule(c, 0, 0, h, 0, h->n); break;
	case PK_COUNTERS: panel_draw_counters(c, 0, 0, h, 0, h->n, d->t->ips ? d->t->ips : 1, true); break;
	default: break;
	}
	int rc = 0;
	if (png) {
		char err[256];
		if (screen_write_png(a->path, pix, w, w, ht, err, sizeof(err))) {
			dbg_err(d, "plot: %s", err);
			rc = -1;
		}
		free(pix);
	} else {
		panel_svg_end(&svg);
		char tmp[1100];
		snprintf(tmp, sizeof(tmp), "%s.tmp", a->path);
		if (fclose(f) != 0 || rename(tmp, a->path) != 0) {
			dbg_err(d, "plot: cannot write '%s'", a->path);
			remove(tmp);
			rc = -1;
		}
	}
	return rc;
}

static int cmd_plot(struct dbg *d, const char *args)
{
	struct plot_args a;
	if (parse(d, args, &a))
		return -1;
	if (!a.every)
		a.every = (d->t->ips ? d->t->ips : 100000000ull) / 100;
	bool history = a.kind == PK_BUDDY || a.kind == PK_SCHEDULE || a.kind == PK_COUNTERS;
	if (history && !a.has_to) {
		dbg_err(d, "plot %s: the interval is needed: [from ICOUNT] to ICOUNT", panel_kind_names[a.kind]);
		return -1;
	}
	struct panel_ctx *p = panel_create(d);
	struct panel_history h = { 0 };
	struct panel_memmap mm = { 0 };
	struct panel_cpu cpu;
	int rc = -1;
	if (!p)
		return -1;
	if (history) {
		if (sample_interval(d, p, &a, &h))
			goto out;
		if (!panel_history_at(&h, h.n - 1)->kernel && a.kind != PK_COUNTERS) {
			dbg_err(d, "plot: the kernel's structures cannot be read (no paging or no DWARF)");
			goto out;
		}
	} else if (a.has_to && go_to(d, a.to)) {
		goto out;
	}
	if (a.kind == PK_MEMORY && panel_memmap(p, &mm)) {
		dbg_err(d, "plot memory: the kernel's mem_map cannot be read (no paging or no DWARF)");
		goto out;
	}
	panel_cpu(p, &cpu);
	if (write_picture(d, &a, &cpu, &mm, &h))
		goto out;
	dbg_printf(d, "plot %s saved to %s\n", panel_kind_names[a.kind], a.path);
	if (a.kind == PK_MEMORY)
		print_memory(d, &mm);
	else if (history)
		print_history(d, a.kind, &h);
	rc = 0;
out:
	panel_memmap_free(&mm);
	panel_history_free(&h);
	panel_destroy(p);
	return rc;
}

const struct dbg_command plot_commands[] = {
	{ "plot", NULL, cmd_plot, "plot cpu|memory|buddy|schedule|counters FILE.svg|FILE.png "
				  "[from ICOUNT] [to ICOUNT] [every N]: a panel's picture" },
	{ NULL, NULL, NULL, NULL },
};
