/*
 * -display text: repaint the VGA's text screen on the host terminal with
 * ANSI (ECMA-48) escapes, only when the VGA says something changed, and the
 * plain-text dump the tests and the debugger compare screens with. This is
 * an observer: it reads the VGA and never changes the guest.
 */
#include <stdlib.h>

#include "emu/display_text.h"

struct display_text {
	struct vga *vga;
	FILE *out;
	bool drawn;			/* the first frame clears the terminal */
	struct vga_text t;
};

char display_text_ascii(u8 c)
{
	if (c >= 0x20 && c < 0x7F)
		return (char)c;
	switch (c) {
	case 0x00: case 0xFF: return ' ';
	case 0xB3: case 0xBA: return '|';
	case 0xC4: case 0xCD: return '-';
	case 0xB0: case 0xB1: case 0xB2: case 0xDB: case 0xDC: case 0xDD: case 0xDE: case 0xDF:
	case 0xFE:
		return '#';
	case 0xF9: case 0xFA: return '.';
	}
	if (c >= 0xB4 && c <= 0xDA)	/* corners, tees and crosses of the box set */
		return '+';
	return '?';
}

size_t display_text_dump(struct vga *vga, char *buf, size_t len)
{
	struct vga_text *t = malloc(sizeof(*t));
	size_t n = 0;
	if (!t || !len) {
		free(t);
		if (len)
			buf[0] = 0;
		return 0;
	}
	vga_get_text(vga, t);
	for (int r = 0; r < t->rows; r++) {
		int end = t->cols;
		while (end > 0 && display_text_ascii(t->ch[r * t->cols + end - 1]) == ' ')
			end--;
		for (int c = 0; c < end && n + 1 < len; c++)
			buf[n++] = display_text_ascii(t->ch[r * t->cols + c]);
		if (n + 1 < len)
			buf[n++] = '\n';
	}
	buf[n] = 0;
	free(t);
	return n;
}

struct display_text *display_text_create(struct vga *vga, FILE *out)
{
	struct display_text *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->vga = vga;
	d->out = out;
	return d;
}

void display_text_destroy(struct display_text *d)
{
	if (d && d->drawn) {
		fputs("\x1b[0m\x1b[?25h\n", d->out);
		fflush(d->out);
	}
	free(d);
}

/* VGA colour numbers are BGR bit order; ANSI's are RGB. */
static const u8 vga_to_ansi[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

bool display_text_refresh(struct display_text *d)
{
	if (!vga_text_changed(d->vga) && d->drawn)
		return false;
	struct vga_text *t = &d->t;
	vga_get_text(d->vga, t);
	FILE *o = d->out;
	fputs(d->drawn ? "\x1b[?25l\x1b[H" : "\x1b[?25l\x1b[2J\x1b[H", o);
	d->drawn = true;
	for (int r = 0; r < t->rows; r++) {
		int last = -1;
		fprintf(o, "\x1b[%d;1H", r + 1);
		for (int c = 0; c < t->cols; c++) {
			u8 a = t->display_on ? t->attr[r * t->cols + c] : 0;
			if (a != last) {
				fprintf(o, "\x1b[0;%d;%dm", (a & 8 ? 90 : 30) + vga_to_ansi[a & 7],
					40 + vga_to_ansi[(a >> 4) & 7]);
				last = a;
			}
			fputc(t->display_on ? display_text_ascii(t->ch[r * t->cols + c]) : ' ', o);
		}
	}
	fputs("\x1b[0m", o);
	if (t->cursor_visible && t->display_on)
		fprintf(o, "\x1b[%d;%dH\x1b[?25h", t->cursor_y + 1, t->cursor_x + 1);
	fflush(o);
	return true;
}
