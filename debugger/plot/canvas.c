/*
 * The two surfaces the panels are drawn on: pixels (0x00RRGGBB, the SDL
 * window's texture and PNG files; text in the VGA 8x16 font the VGA model
 * loads at reset) and SVG (rectangles, lines and monospace text; runs of
 * equal pixels become one rectangle). Only integers reach either, so the
 * same data always gives the same bytes.
 */
#include <stdlib.h>

#include "debugger/dbg_panel.h"
#include "devices/vga.h"

/* ---- pixels ---- */

static void px_rect(struct panel_canvas *c, int x, int y, int w, int h, u32 rgb)
{
	struct panel_pixels *p = (struct panel_pixels *)c;
	int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int x1 = x + w > p->w ? p->w : x + w, y1 = y + h > p->h ? p->h : y + h;
	for (int j = y0; j < y1; j++) {
		u32 *row = p->pix + (size_t)j * p->pitch;
		for (int i = x0; i < x1; i++)
			row[i] = rgb;
	}
}

static void px_put(struct panel_pixels *p, int x, int y, u32 rgb)
{
	if (x >= 0 && y >= 0 && x < p->w && y < p->h)
		p->pix[(size_t)y * p->pitch + x] = rgb;
}

/* Bresenham's line. */
static void px_line(struct panel_canvas *c, int x0, int y0, int x1, int y1, u32 rgb)
{
	struct panel_pixels *p = (struct panel_pixels *)c;
	int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
	int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
	int err = dx + dy;
	for (;;) {
		px_put(p, x0, y0, rgb);
		if (x0 == x1 && y0 == y1)
			break;
		int e2 = 2 * err;
		if (e2 >= dy) {
			err += dy;
			x0 += sx;
		}
		if (e2 <= dx) {
			err += dx;
			y0 += sy;
		}
	}
}

/* Text with its top-left corner at (x, y); the background is left alone. */
static void px_text(struct panel_canvas *c, int x, int y, const char *s, u32 rgb)
{
	struct panel_pixels *p = (struct panel_pixels *)c;
	for (; *s; s++, x += PANEL_FONT_W) {
		const u8 *g = &vga_font_8x16[(u8)*s * 16];
		for (int j = 0; j < PANEL_FONT_H; j++)
			for (int i = 0; i < PANEL_FONT_W; i++)
				if (g[j] & (0x80 >> i))
					px_put(p, x + i, y + j, rgb);
	}
}

static void px_pixels(struct panel_canvas *c, int x, int y, const u32 *rgb, int n)
{
	struct panel_pixels *p = (struct panel_pixels *)c;
	for (int i = 0; i < n; i++)
		px_put(p, x + i, y, rgb[i]);
}

void panel_pixels_init(struct panel_pixels *p, u32 *pix, int w, int h, int pitch)
{
	*p = (struct panel_pixels){
		.c = { .rect = px_rect, .line = px_line, .text = px_text, .pixels = px_pixels },
		.pix = pix, .w = w, .h = h, .pitch = pitch,
	};
}

/* ---- SVG ---- */

static void svg_rect(struct panel_canvas *c, int x, int y, int w, int h, u32 rgb)
{
	struct panel_svg *s = (struct panel_svg *)c;
	if (w > 0 && h > 0)
		fprintf(s->f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\"/>\n",
			x, y, w, h, rgb);
}

static void svg_line(struct panel_canvas *c, int x0, int y0, int x1, int y1, u32 rgb)
{
	struct panel_svg *s = (struct panel_svg *)c;
	fprintf(s->f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#%06x\"/>\n",
		x0, y0, x1, y1, rgb);
}

static void svg_text(struct panel_canvas *c, int x, int y, const char *t, u32 rgb)
{
	struct panel_svg *s = (struct panel_svg *)c;
	/* The baseline sits 12 of the 16 rows down, as in the VGA font. */
	fprintf(s->f, "<text x=\"%d\" y=\"%d\" fill=\"#%06x\">", x, y + 12, rgb);
	for (; *t; t++) {
		switch (*t) {
		case '<': fputs("&lt;", s->f); break;
		case '>': fputs("&gt;", s->f); break;
		case '&': fputs("&amp;", s->f); break;
		default:
			fputc(*t >= 0x20 && *t < 0x7f ? *t : '?', s->f);
		}
	}
	fputs("</text>\n", s->f);
}

static void svg_pixels(struct panel_canvas *c, int x, int y, const u32 *rgb, int n)
{
	for (int i = 0; i < n;) {
		int j = i + 1;
		while (j < n && rgb[j] == rgb[i])
			j++;
		svg_rect(c, x + i, y, j - i, 1, rgb[i]);
		i = j;
	}
}

void panel_svg_begin(struct panel_svg *s, FILE *f, int w, int h)
{
	*s = (struct panel_svg){
		.c = { .rect = svg_rect, .line = svg_line, .text = svg_text, .pixels = svg_pixels },
		.f = f,
	};
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		   "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"13\" "
		   "shape-rendering=\"crispEdges\">\n", w, h, w, h);
}

void panel_svg_end(struct panel_svg *s)
{
	fputs("</svg>\n", s->f);
}
