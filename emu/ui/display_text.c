/*
 * -display text: repaint the VGA's text screen on the host terminal with
 * ANSI (ECMA-48) escapes, only when the VGA says something changed, and the
 * plain-text dump the tests and the debugger compare screens with. This is
 * an observer: it reads the VGA and never changes the guest.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "emu/ui/display_text.h"
#include "emu/ui/termkeys.h"

struct display_text {
	struct vga *vga;
	FILE *out;
	bool drawn;			/* the first frame clears the terminal */
	int kbd_fd;			/* terminal we read keys from, or -1 */
	struct termios saved;		/* its mode before we made it raw */
	u8 pending[16];			/* the start of an escape sequence */
	size_t n_pending;
	u64 next_key;			/* icount for the next queued key */
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
	d->kbd_fd = -1;
	return d;
}

int display_text_take_keyboard(struct display_text *d, int fd)
{
	struct termios raw;
	if (tcgetattr(fd, &d->saved) < 0)
		return -errno;
	raw = d->saved;
	/* No echo or line editing, bytes as typed; ISIG stays so Ctrl-C stops lucid. */
	raw.c_lflag &= ~(ICANON | ECHO | IEXTEN);
	raw.c_iflag &= ~(ICRNL | IXON | INLCR);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &raw) < 0)
		return -errno;
	d->kbd_fd = fd;
	return 0;
}

int display_text_poll_keyboard(struct display_text *d, struct input_queue *q,
			       const struct clock *clock)
{
	if (d->kbd_fd < 0)
		return 0;
	u8 buf[256];
	size_t n = d->n_pending;
	memcpy(buf, d->pending, n);
	struct pollfd p = { .fd = d->kbd_fd, .events = POLLIN };
	ssize_t got = 0;
	if (poll(&p, 1, 0) > 0 && (got = read(d->kbd_fd, buf + n, sizeof(buf) - n)) > 0)
		n += (size_t)got;
	/* A lone ESC with nothing following by the next poll is the Escape key. */
	bool final = got <= 0;
	int keys = 0;
	size_t pos = 0;
	while (pos < n) {
		struct input_event ev[TERMKEYS_MAX_EVENTS];
		int nev;
		size_t used = termkeys_decode(buf + pos, n - pos, final, ev, &nev);
		if (!used)
			break;
		pos += used;
		if (!nev)
			continue;
		u64 t = clock->icount > d->next_key ? clock->icount : d->next_key;
		for (int i = 0; i < nev; i++) {
			ev[i].icount = t;
			input_push(q, &ev[i]);
		}
		d->next_key = t + clock_ns_to_icount(clock, DISPLAY_TEXT_KEY_NS);
		keys++;
	}
	d->n_pending = n - pos < sizeof(d->pending) ? n - pos : 0;
	memcpy(d->pending, buf + pos, d->n_pending);
	return keys;
}

void display_text_destroy(struct display_text *d)
{
	if (d && d->kbd_fd >= 0)
		tcsetattr(d->kbd_fd, TCSANOW, &d->saved);
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
