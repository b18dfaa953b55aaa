/*
 * The panels' drawing without a machine (debugger/plot/draw.c, canvas.c,
 * the history ring of panel_data.c): synthetic data drawn on the pixel
 * canvas and as SVG. The memory map puts exactly count[k] pixels of colour
 * k in its rectangle; the owners' colours are all different (the window
 * test counts pixels by colour); the schedule's shares and the counters'
 * rates come out of the numbers; SVG text is escaped, runs of equal pixels
 * are merged, and the same data gives the same bytes.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_panel.h"

Test(panel, history_ring_keeps_the_latest)
{
	struct panel_history h;
	cr_assert_eq(panel_history_init(&h, 3), 0);
	struct panel_sample s = { 0 };
	for (u64 i = 1; i <= 5; i++) {
		s.icount = i;
		panel_history_push(&h, &s);
	}
	cr_assert_eq(h.n, 3);
	cr_assert_eq(panel_history_at(&h, 0)->icount, 3);
	cr_assert_eq(panel_history_at(&h, 2)->icount, 5);
	panel_history_free(&h);
}

Test(panel, owner_colours_differ)
{
	for (int a = 0; a < PF_N; a++) {
		cr_assert(panel_frame_names[a] != NULL);
		for (int b = a + 1; b < PF_N; b++)
			cr_assert_neq(panel_frame_rgb[a], panel_frame_rgb[b], "%d and %d", a, b);
		for (int s = 0; s < PANEL_SLAB_SHADES; s++)
			cr_assert_neq(panel_frame_rgb[a], panel_slab_rgb[s], "%d and shade %d", a, s);
	}
	for (int s = 0; s < PANEL_SLAB_SHADES; s++)
		for (int t = s + 1; t < PANEL_SLAB_SHADES; t++)
			cr_assert_neq(panel_slab_rgb[s], panel_slab_rgb[t], "shades %d and %d", s, t);
}

/* Slab frames take their cache's shade (the biggest caches get one each)
 * and still count as slab; the other caches share the slab colour. */
Test(panel, slab_frames_shaded_by_cache)
{
	struct panel_memmap mm = { .npfn = 256, .hover = -1, .ncaches = 8 };
	mm.kind = calloc(mm.npfn, 1);
	mm.cache = calloc(mm.npfn, 1);
	for (int i = 0; i < mm.ncaches; i++) {
		snprintf(mm.cache_name[i], sizeof(mm.cache_name[i]), "cache-%d", i);
		mm.cache_shade[i] = i < PANEL_SLAB_SHADES ? (s8)i : -1;
	}
	for (u32 f = 0; f < mm.npfn; f++) {
		mm.kind[f] = f % 3 ? PF_SLAB : PF_PAGECACHE;
		if (mm.kind[f] == PF_SLAB) {
			mm.cache[f] = (u8)(f % mm.ncaches + 1);
			mm.cache_pages[f % mm.ncaches]++;
		}
		mm.count[mm.kind[f]]++;
	}
	for (u32 f = 0; f < mm.npfn; f++) {
		u32 c = panel_frame_colour(&mm, f);
		cr_assert_eq(panel_colour_kind(c), mm.kind[f], "frame %u", f);
		if (mm.kind[f] == PF_SLAB && mm.cache[f] - 1 < PANEL_SLAB_SHADES)
			cr_assert_eq(c, panel_slab_rgb[mm.cache[f] - 1], "frame %u", f);
		else if (mm.kind[f] == PF_SLAB)
			cr_assert_eq(c, panel_frame_rgb[PF_SLAB], "frame %u", f);
	}
	free(mm.kind);
	free(mm.cache);
}

Test(panel, memory_map_one_pixel_per_frame)
{
	struct panel_memmap mm = { .npfn = 3000, .hover = -1, .nzones = 2,
				   .zone_start = { 0, 1024 }, .zone_end = { 1024, 3000 } };
	strcpy(mm.zone_name[0], "DMA");
	strcpy(mm.zone_name[1], "Normal");
	mm.kind = malloc(mm.npfn);
	for (u32 f = 0; f < mm.npfn; f++) {
		mm.kind[f] = (u8)((f * 7) % PF_N);
		mm.count[mm.kind[f]]++;
	}
	int w = PANEL_W, h = panel_height(PK_MEMORY, &mm);
	u32 *pix = calloc((size_t)w * h, 4);
	struct panel_pixels px;
	panel_pixels_init(&px, pix, w, h, w);
	panel_draw_memory(&px.c, 0, 0, &mm);
	int mx, my, mw, mh;
	panel_memory_map_rect(&mm, &mx, &my, &mw, &mh);
	cr_assert_eq(mh, (3000 + 255) / 256);
	u32 seen[PF_N] = { 0 };
	for (u32 f = 0; f < mm.npfn; f++) {
		u32 c = pix[(size_t)(my + f / mw) * w + mx + f % mw];
		int k = 0;
		while (k < PF_N && panel_frame_rgb[k] != c)
			k++;
		cr_assert_lt(k, PF_N, "frame %u has colour %06x", f, c);
		cr_assert_eq(k, mm.kind[f], "frame %u", f);
		seen[k]++;
	}
	for (int k = 0; k < PF_N; k++)
		cr_assert_eq(seen[k], mm.count[k]);
	free(pix);
	free(mm.kind);
}

/* Draw into an SVG in memory; the caller frees the text. */
static char *svg_of(void (*draw)(struct panel_canvas *c, const void *arg), const void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct panel_svg s;
	panel_svg_begin(&s, f, PANEL_W, 400);
	draw(&s.c, arg);
	panel_svg_end(&s);
	fclose(f);
	return buf;
}

static void draw_text(struct panel_canvas *c, const void *arg)
{
	c->text(c, 1, 2, arg, 0x123456);
	u32 row[5] = { 1, 1, 2, 2, 2 };
	c->pixels(c, 10, 20, row, 5);
}

Test(panel, svg_escapes_text_and_merges_runs)
{
	char *s = svg_of(draw_text, "<a&b>");
	cr_assert(strstr(s, "<text x=\"1\" y=\"14\" fill=\"#123456\">&lt;a&amp;b&gt;</text>"), "%s", s);
	cr_assert(strstr(s, "<rect x=\"10\" y=\"20\" width=\"2\" height=\"1\" fill=\"#000001\"/>"), "%s", s);
	cr_assert(strstr(s, "<rect x=\"12\" y=\"20\" width=\"3\" height=\"1\" fill=\"#000002\"/>"), "%s", s);
	cr_assert(strstr(s, "</svg>\n"));
	free(s);
}

/* Two CFS hogs sharing 3:1 over 3 intervals of 1,000,000 instructions
 * (10 ms at 100 MIPS); 100 IRQ0s per interval. */
static void hogs(struct panel_history *h)
{
	panel_history_init(h, 8);
	for (int i = 0; i < 4; i++) {
		struct panel_sample s = { .icount = 1000000ull * i, .kernel = true, .ntasks = 2,
					  .nzones = 1, .norders = 11 };
		s.task[0] = (struct panel_task){ .pid = 5, .comm = "hog-nice0",
						 .runtime = 7500000ull * i, .vruntime = 1000 + 10 * i };
		s.task[1] = (struct panel_task){ .pid = 6, .comm = "hog-nice5", .nice = 5,
						 .runtime = 2500000ull * i, .vruntime = 1000 + 9 * i };
		s.counter[PC_IRQ0] = 100ull * i;
		s.nr_free[0][0] = (u32)i;
		panel_history_push(h, &s);
	}
}

static void draw_sched(struct panel_canvas *c, const void *arg)
{
	const struct panel_history *h = arg;
	panel_draw_schedule(c, 0, 0, h, 0, h->n);
	panel_draw_counters(c, 0, 300, h, 0, h->n, 100000000ull, false);
}

Test(panel, schedule_shares_and_counter_rates)
{
	struct panel_history h;
	hogs(&h);
	char *a = svg_of(draw_sched, &h), *b = svg_of(draw_sched, &h);
	cr_assert_str_eq(a, b, "the same data drew different SVG");
	cr_assert(strstr(a, ">hog-nice0  75%<"), "%s", a);
	cr_assert(strstr(a, ">hog-nice5  25%<"), "%s", a);
	/* 100 per 1,000,000 instructions at 100 MIPS: 10000 per virtual second. */
	cr_assert(strstr(a, ">IRQ0<"), "%s", a);
	cr_assert(strstr(a, ">    10000<"), "%s", a);
	cr_assert_eq(panel_task_runtime(panel_history_at(&h, 3), 6), 7500000ull);
	free(a);
	free(b);
	panel_history_free(&h);
}

/* Past 128 MiB the map keeps 128 rows: a pixel stands for several frames
 * and takes the colour most of them have. */
Test(panel, big_memory_map_scales)
{
	struct panel_memmap mm = { .npfn = 256 * 128 * 4 + 5, .hover = -1 };
	mm.kind = calloc(mm.npfn, 1);
	for (u32 f = 0; f < mm.npfn; f++)
		mm.kind[f] = (f / 4) % 2 ? PF_ANON : (f % 4 == 3 ? PF_SLAB : PF_PAGECACHE);
	cr_assert_eq(panel_map_scale(&mm), 5);
	mm.npfn = 256 * 128 * 4;
	cr_assert_eq(panel_map_scale(&mm), 4);
	int mx, my, mw, mh;
	panel_memory_map_rect(&mm, &mx, &my, &mw, &mh);
	cr_assert_eq(mh, 128);
	int w = PANEL_W, h = panel_height(PK_MEMORY, &mm);
	u32 *pix = calloc((size_t)w * h, 4);
	struct panel_pixels px;
	panel_pixels_init(&px, pix, w, h, w);
	panel_draw_memory(&px.c, 0, 0, &mm);
	for (u32 i = 0; i < mm.npfn / 4; i++) {
		u32 c = pix[(size_t)(my + i / mw) * w + mx + i % mw];
		cr_assert_eq(c, panel_frame_rgb[i % 2 ? PF_ANON : PF_PAGECACHE], "pixel %u", i);
	}
	free(pix);
	free(mm.kind);
}
