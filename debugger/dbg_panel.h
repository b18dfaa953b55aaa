/*
 * Panels: pictures of the machine's inside (CPU state, the physical memory
 * map, the buddy free lists over time, the scheduler's timeline, counters)
 * computed as plain structs from guest memory through the debugger's own
 * page walk (debugger/plot/), so they never change the guest or its
 * instruction count, and drawn on a canvas that is either pixels (the SDL
 * window, PNG) or an SVG file. The data is testable without a window; the
 * window (emu/ui/panels.c) and the debugger's plot command draw the same
 * pictures with the same code.
 *
 * Time: samples are taken at whole multiples of a period in instructions,
 * so a replay of the same run samples at the same icounts and draws the
 * same pictures.
 */
#ifndef LUCID_DBG_PANEL_H
#define LUCID_DBG_PANEL_H

#include <stdio.h>

#include "debugger/dbg.h"

#define PANEL_MAX_TASKS 48
#define PANEL_MAX_ZONES 4
#define PANEL_MAX_ORDER 11
#define PANEL_NIRQ 16

/* ---- the data (debugger/plot/panel_data.c) ---- */

/* Counters, cumulative since boot; the pictures show them per virtual second. */
enum panel_counter {
	PC_SWITCHES,		/* the run queue's nr_switches */
	PC_PGFAULT,		/* #PF raised by the CPU's page walker */
	PC_TLB_FLUSH,		/* TLB flushes the guest asked for: CR3 loads, INVLPG */
	PC_TLB_HIT,		/* slow-path lookups served by the TLB (emulator statistic) */
	PC_TLB_MISS,		/* page walks (emulator statistic) */
	PC_SYSCALL,		/* system calls: INT 80h and SYSENTER from CPL 3 */
	PC_IRQ0,		/* irq_desc[n].kstat_irqs for n = 0..15 */
	PC_N = PC_IRQ0 + PANEL_NIRQ
};

/* Scheduling class colours: Linux's policies, plus idle (pid 0). */
enum panel_policy { PP_CFS, PP_RT, PP_DEADLINE, PP_IDLE, PP_N };

struct panel_task {
	u32 pid;
	char comm[16];
	u8 policy;		/* enum panel_policy */
	s8 nice;
	u64 runtime;		/* se.sum_exec_runtime, ns */
	u64 vruntime;		/* se.vruntime, ns */
};

/* What the machine looked like at one icount. */
struct panel_sample {
	u64 icount;
	bool kernel;		/* the kernel's structures could be read */
	u32 cur_pid;
	int ntasks;
	struct panel_task task[PANEL_MAX_TASKS];
	int nzones, norders;
	char zone_name[PANEL_MAX_ZONES][12];
	u32 nr_free[PANEL_MAX_ZONES][PANEL_MAX_ORDER];
	u64 counter[PC_N];
};

/* What owns a physical frame (the memory map's colours). */
enum panel_frame {
	PF_FREE0,		/* free in the buddy allocator, block of order 0 .. 10 */
	PF_SLAB = PF_FREE0 + PANEL_MAX_ORDER,	/* slab pages (PG_slab) */
	PF_KMALLOC,		/* kmalloc too big for the size classes */
	PF_PAGECACHE,		/* the page cache: page->mapping names a file */
	PF_ANON,		/* anonymous user memory: mapped by a user PTE, no file */
	PF_PGTABLE,		/* page directory / PMD / PTE tables of the live address spaces */
	PF_KTEXT,		/* the kernel image: _text .. _etext */
	PF_KDATA,		/* the kernel image: _etext .. _end */
	PF_MEMMAP,		/* the struct page array itself */
	PF_RESERVED,		/* PG_reserved otherwise (BIOS, holes, boot data) */
	PF_USED,		/* allocated (refcount > 0), none of the above */
	PF_OTHER,		/* refcount 0 and not on a free list */
	PF_N
};
extern const char *const panel_frame_names[PF_N];
extern const u32 panel_frame_rgb[PF_N];

/* Slab frames are shaded by cache: the PANEL_SLAB_SHADES caches with the
 * most pages get a shade each, the rest share panel_frame_rgb[PF_SLAB]. */
#define PANEL_MAX_CACHES 96
#define PANEL_SLAB_SHADES 6
extern const u32 panel_slab_rgb[PANEL_SLAB_SHADES];

struct panel_memmap {
	u64 icount;
	u32 npfn;		/* frames described (max_pfn) */
	u8 *kind;		/* npfn entries, enum panel_frame */
	u32 *flags;		/* npfn entries: struct page.flags */
	u8 *cache;		/* npfn entries: a slab frame's cache + 1 (index into cache_*), else 0 */
	int ncaches;		/* the kernel's slab caches, in slab_caches order */
	char cache_name[PANEL_MAX_CACHES][24];
	u32 cache_pages[PANEL_MAX_CACHES];	/* frames of each cache */
	s8 cache_shade[PANEL_MAX_CACHES];	/* index into panel_slab_rgb, or -1 */
	s64 hover;		/* the frame the pointer is on (named in the title), or -1 */
	u32 count[PF_N];
	int nzones;
	char zone_name[PANEL_MAX_ZONES][12];
	u32 zone_start[PANEL_MAX_ZONES], zone_end[PANEL_MAX_ZONES];	/* pfns */
};

struct panel_cpu {
	u64 icount;
	const char *mode;	/* "real", "protected", "paging", "PAE paging", "v8086" */
	int cpl;
	u32 cr0, cr3, cr4, eip, eflags;
	char where[64];		/* EIP's symbol+offset, or "" */
	u32 pid;		/* current task, when the kernel is up */
	char comm[16];
	bool kernel;
};

/* The cached layout of the kernel's structures (found once through DWARF). */
struct panel_ctx;
struct panel_ctx *panel_create(struct dbg *d);
void panel_destroy(struct panel_ctx *p);
/* Fill s at the machine's present icount. Never fails: s->kernel says
 * whether the kernel's structures were there to read. */
void panel_sample(struct panel_ctx *p, struct panel_sample *s);
/* The memory map now; 0, or -1 when the kernel's mem_map cannot be read.
 * panel_memmap_free releases m->kind. */
int panel_memmap(struct panel_ctx *p, struct panel_memmap *m);
void panel_memmap_free(struct panel_memmap *m);
/* The colour of frame f on the map, and the frame kind a map colour stands
 * for (PF_N for none: the pictures' other colours). */
u32 panel_frame_colour(const struct panel_memmap *m, u32 f);
int panel_colour_kind(u32 rgb);
void panel_cpu(struct panel_ctx *p, struct panel_cpu *c);

/* A ring of the latest samples. */
struct panel_history {
	struct panel_sample *s;
	int cap, n, head;	/* head: index of the oldest */
};
int panel_history_init(struct panel_history *h, int cap);
void panel_history_free(struct panel_history *h);
void panel_history_push(struct panel_history *h, const struct panel_sample *s);
/* The i-th oldest sample (0 <= i < h->n). */
const struct panel_sample *panel_history_at(const struct panel_history *h, int i);

/* CPU time per task between two samples (ns); shares for the timeline. */
u64 panel_task_runtime(const struct panel_sample *s, u32 pid);

/* ---- drawing (debugger/plot/draw.c, svg.c, pixels.c) ---- */

/* A surface the pictures are drawn on; coordinates in pixels, colours 0xRRGGBB. */
struct panel_canvas {
	void (*rect)(struct panel_canvas *c, int x, int y, int w, int h, u32 rgb);
	void (*line)(struct panel_canvas *c, int x0, int y0, int x1, int y1, u32 rgb);
	void (*text)(struct panel_canvas *c, int x, int y, const char *s, u32 rgb);
	/* A run of 1x1 pixels (the memory map), one colour each. */
	void (*pixels)(struct panel_canvas *c, int x, int y, const u32 *rgb, int n);
};
#define PANEL_FONT_W 8
#define PANEL_FONT_H 16
#define PANEL_W 320		/* one panel column */

enum panel_kind { PK_CPU, PK_MEMORY, PK_BUDDY, PK_SCHEDULE, PK_COUNTERS, PK_N };
extern const char *const panel_kind_names[PK_N];
/* The panel's height at width PANEL_W (the memory map's depends on npfn). */
int panel_height(enum panel_kind k, const struct panel_memmap *mm);
/* Draw one panel with its top-left corner at (x, y), PANEL_W wide. The
 * history pictures use the samples h[from..to) (indexes into the ring). */
void panel_draw_cpu(struct panel_canvas *c, int x, int y, const struct panel_cpu *cpu);
void panel_draw_memory(struct panel_canvas *c, int x, int y, const struct panel_memmap *mm);
void panel_draw_buddy(struct panel_canvas *c, int x, int y, const struct panel_history *h,
		      int from, int to);
void panel_draw_schedule(struct panel_canvas *c, int x, int y, const struct panel_history *h,
			 int from, int to);
/* guest_only leaves out the emulator's own TLB statistics (hits and page
 * walks depend on its caches, which time travel and snapshots rebuild), so
 * an exported picture is a function of the guest's run alone. */
void panel_draw_counters(struct panel_canvas *c, int x, int y, const struct panel_history *h,
			 int from, int to, u64 ips, bool guest_only);
/* Frames a pixel of the memory map stands for: 1 up to 128 MiB, more beyond
 * (the map stays at most 128 rows tall; a pixel takes its frames' commonest
 * colour). */
u32 panel_map_scale(const struct panel_memmap *mm);
/* Where the memory map's pixels are inside the memory panel (for tests). */
void panel_memory_map_rect(const struct panel_memmap *mm, int *x, int *y, int *w, int *h);

/* A canvas of pixels (0x00RRGGBB, pitch in words); text in the VGA 8x16 font. */
struct panel_pixels {
	struct panel_canvas c;
	u32 *pix;
	int w, h, pitch;
};
void panel_pixels_init(struct panel_pixels *p, u32 *pix, int w, int h, int pitch);

/* An SVG document written to f; panel_svg_end closes the root element. */
struct panel_svg {
	struct panel_canvas c;
	FILE *f;
};
void panel_svg_begin(struct panel_svg *s, FILE *f, int w, int h);
void panel_svg_end(struct panel_svg *s);

#endif
