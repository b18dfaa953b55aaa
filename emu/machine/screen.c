/*
 * The VGA text screen as pixels (see screen.h), following the VGA's text
 * mode pipeline (IBM VGA Technical Reference, "Alphanumeric Modes" and the
 * attribute controller's mode control register): each cell's character code
 * picks a glyph in plane 2 through the sequencer's character map select (attr
 * bit 3 chooses map A or B); the attribute byte's low nibble is the
 * foreground palette index, bits 4-6 (or 4-7 with blink off) the background;
 * with blink on, bit 7 hides the foreground in the off phase. In 9-dot mode
 * the ninth column is background, except for the line-drawing characters
 * C0h-DFh when line graphics is on, which repeat their eighth dot. The
 * cursor fills scan lines start..end of its cell in the cell's foreground.
 * The PNG writer uses libpng.
 */
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/machine/screen.h"

bool screen_render(struct vga *vga, u64 vtime_ns, u32 *pix, int pitch, int *w, int *h)
{
	struct vga_text *t = malloc(sizeof(*t));
	u8 rgb[16][3];
	u32 pal[16];
	bool blinks = false;

	if (!t) {
		*w = *h = 0;
		return false;
	}
	vga_get_text(vga, t);
	vga_get_palette(vga, rgb);
	for (int i = 0; i < 16; i++)
		pal[i] = (u32)rgb[i][0] << 16 | (u32)rgb[i][1] << 8 | rgb[i][2];
	int cw = t->char_width, chh = t->char_height;
	if (chh > 32)
		chh = 32;
	*w = t->cols * cw;
	*h = t->rows * chh;
	if (!t->display_on) {
		for (int y = 0; y < *h; y++)
			memset(pix + (size_t)y * pitch, 0, (size_t)*w * 4);
		free(t);
		return false;
	}
	bool blink_on = screen_blink_on(vtime_ns);
	for (int r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->cols; c++) {
			u8 ch = t->ch[r * t->cols + c], a = t->attr[r * t->cols + c];
			u32 fg = pal[a & 0x0F];
			u32 bg = pal[t->blink ? (a >> 4) & 7 : a >> 4];
			bool hide = false;
			if (t->blink && (a & 0x80)) {
				blinks = true;
				hide = !blink_on;
			}
			const u8 *g = vga_glyph(vga, ch, a & 0x08);
			bool dup = cw == 9 && t->line_graphics && ch >= 0xC0 && ch <= 0xDF;
			for (int y = 0; y < chh; y++) {
				u32 *p = pix + (size_t)(r * chh + y) * pitch + c * cw;
				u8 bits = hide ? 0 : g[y];
				for (int x = 0; x < 8; x++)
					p[x] = bits & (0x80 >> x) ? fg : bg;
				if (cw == 9)
					p[8] = dup && (bits & 1) ? fg : bg;
			}
		}
	}
	if (t->cursor_visible) {
		blinks = true;
		if (screen_cursor_on(vtime_ns)) {
			u32 fg = pal[t->attr[t->cursor_y * t->cols + t->cursor_x] & 0x0F];
			int end = t->cursor_end < chh ? t->cursor_end : chh - 1;
			for (int y = t->cursor_start; y <= end; y++) {
				u32 *p = pix + (size_t)(t->cursor_y * chh + y) * pitch + t->cursor_x * cw;
				for (int x = 0; x < cw; x++)
					p[x] = fg;
			}
		}
	}
	free(t);
	return blinks;
}

int screen_write_png(const char *path, const u32 *pix, int pitch, int w, int h, char *err,
		     size_t errlen)
{
	if (w <= 0 || h <= 0) {
		snprintf(err, errlen, "screenshot: the screen is empty");
		return -1;
	}
	/* Write next to the target and rename, so a failure never leaves half a file. */
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		snprintf(err, errlen, "screenshot: path too long");
		return -1;
	}
	FILE *f = fopen(tmp, "wb");
	if (!f) {
		snprintf(err, errlen, "screenshot: cannot create '%s': %s", path, strerror(errno));
		return -1;
	}
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	u8 *row = malloc((size_t)w * 3);
	if (!png || !info || !row || setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		free(row);
		fclose(f);
		remove(tmp);
		snprintf(err, errlen, "screenshot: writing '%s' failed", path);
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const u32 *p = pix + (size_t)y * pitch;
		for (int x = 0; x < w; x++) {
			row[3 * x] = (u8)(p[x] >> 16);
			row[3 * x + 1] = (u8)(p[x] >> 8);
			row[3 * x + 2] = (u8)p[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(f) || rename(tmp, path)) {
		snprintf(err, errlen, "screenshot: writing '%s' failed: %s", path, strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

int screen_save_png(struct vga *vga, u64 vtime_ns, const char *path, char *err, size_t errlen)
{
	u32 *pix = malloc((size_t)SCREEN_MAX_W * SCREEN_MAX_H * 4);
	int w, h;
	if (!pix) {
		snprintf(err, errlen, "screenshot: out of memory");
		return -1;
	}
	screen_render(vga, vtime_ns, pix, SCREEN_MAX_W, &w, &h);
	int r = screen_write_png(path, pix, SCREEN_MAX_W, w, h, err, errlen);
	free(pix);
	return r;
}
