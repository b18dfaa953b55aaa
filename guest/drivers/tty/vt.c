/*
 * Virtual terminals on the VGA text screen (Linux's drivers/tty/vt/vt.c,
 * reduced): six consoles tty1..tty6 (4:1..4:6; /dev/tty0, 4:0, is the one
 * in front), each an 80x25 VT102/ECMA-48 terminal as Linux's console is
 * ("TERM=linux"): control characters (BEL BS HT LF VT FF CR, SO/SI ignored),
 * ESC 7/8 D E M c, CSI A B C D E F G H f d e a ` J K L M P @ X S T r s u m n c
 * h l (with ? for DEC modes: 25 cursor, 7 autowrap, 1 cursor keys).
 * SGR sets the attribute byte as Linux does: ANSI colour n is VGA colour
 * {0,4,2,6,1,5,3,7}[n], bold sets the foreground's intensity bit and blink the
 * background's (bit 7), reverse swaps the two. The console in front draws in
 * VGA memory at 0xB8000 and moves the hardware cursor (CRTC 0x0E/0x0F);
 * the others draw in their own buffer, copied in when switched to (Alt-F1..F6).
 * printk's console (vgacon.c) writes to the front console through here.
 */
#include <linux/kernel.h>
#include <linux/devtmpfs.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/tty.h>
#include <linux/ioport.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/irqflags.h>

#define COLS 80
#define ROWS 25
#define NR_VCS 6
#define VGA_MEM ((u16 *)__va(0xb8000))

enum { ESnormal, ESesc, ESsquare, ESgetpars };

struct vc_data {
	int num;			/* 0: tty1 */
	u16 *screen;			/* VGA memory in front, else buf */
	u16 buf[COLS * ROWS];
	int x, y;
	bool need_wrap;			/* the last column was written: wrap before the next */
	int top, bottom;		/* scroll region: rows top..bottom-1 */
	u8 fg, bg;			/* VGA colours 0-7 */
	bool bold, blink, reverse, underline;
	u8 attr;
	struct { int x, y; u8 fg, bg; bool bold, blink, reverse, underline; } saved;
	int state;
	int par[16], npar;
	bool ques;
	bool cursor_on, autowrap, app_cursor;
	struct tty_struct tty;
};

static struct vc_data vcs[NR_VCS];
static int fg_console;
static bool vt_ready;			/* the ttys exist (tty input for replies) */

static const u8 color_table[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

static void update_attr(struct vc_data *vc)
{
	u8 f = vc->fg, b = vc->bg;

	if (vc->reverse) {
		u8 t = f;

		f = b;
		b = t;
	}
	if (vc->bold)
		f |= 8;
	if (vc->blink)
		b |= 8;
	vc->attr = (b << 4) | f;
}

/* Erased cells: a space in the current colours (not bold or blinking), as Linux. */
static u16 blank(struct vc_data *vc)
{
	u8 f = vc->reverse ? vc->bg : vc->fg, b = vc->reverse ? vc->fg : vc->bg;

	return ((b << 4 | f) << 8) | ' ';
}

static void set_cursor(struct vc_data *vc)
{
	unsigned int pos = vc->y * COLS + vc->x;

	if (vc->num != fg_console)
		return;
	outb(0x0e, 0x3d4);
	outb(pos >> 8, 0x3d5);
	outb(0x0f, 0x3d4);
	outb(pos & 0xff, 0x3d5);
	outb(0x0a, 0x3d4);		/* cursor start: bit 5 hides it */
	outb(vc->cursor_on ? 0x0e : 0x20, 0x3d5);
}

static void fill(struct vc_data *vc, int from, int n, u16 cell)
{
	while (n-- > 0)
		vc->screen[from++] = cell;
}

/* Move rows [t, b) up by n within them; the n rows at the bottom become blank. */
static void scroll_up(struct vc_data *vc, int t, int b, int n)
{
	if (n > b - t)
		n = b - t;
	memmove(vc->screen + t * COLS, vc->screen + (t + n) * COLS, (b - t - n) * COLS * 2);
	fill(vc, (b - n) * COLS, n * COLS, blank(vc));
}

static void scroll_down(struct vc_data *vc, int t, int b, int n)
{
	if (n > b - t)
		n = b - t;
	memmove(vc->screen + (t + n) * COLS, vc->screen + t * COLS, (b - t - n) * COLS * 2);
	fill(vc, t * COLS, n * COLS, blank(vc));
}

static void lf(struct vc_data *vc)
{
	if (vc->y + 1 == vc->bottom)
		scroll_up(vc, vc->top, vc->bottom, 1);
	else if (vc->y < ROWS - 1)
		vc->y++;
	vc->need_wrap = false;
}

static void ri(struct vc_data *vc)
{
	if (vc->y == vc->top)
		scroll_down(vc, vc->top, vc->bottom, 1);
	else if (vc->y > 0)
		vc->y--;
	vc->need_wrap = false;
}

static void gotoxy(struct vc_data *vc, int x, int y)
{
	vc->x = x < 0 ? 0 : x >= COLS ? COLS - 1 : x;
	vc->y = y < 0 ? 0 : y >= ROWS ? ROWS - 1 : y;
	vc->need_wrap = false;
}

static void put_glyph(struct vc_data *vc, u8 c, u8 attr)
{
	if (vc->need_wrap && vc->autowrap) {
		vc->x = 0;
		lf(vc);
	}
	vc->screen[vc->y * COLS + vc->x] = (attr << 8) | c;
	if (vc->x == COLS - 1)
		vc->need_wrap = vc->autowrap;
	else
		vc->x++;
}

static void reset_terminal(struct vc_data *vc)
{
	vc->top = 0;
	vc->bottom = ROWS;
	vc->fg = 7;
	vc->bg = 0;
	vc->bold = vc->blink = vc->reverse = vc->underline = false;
	update_attr(vc);
	vc->state = ESnormal;
	vc->cursor_on = vc->autowrap = true;
	vc->app_cursor = false;
	vc->need_wrap = false;
}

/* A reply to the host (DSR, DA) arrives as typed input. */
static void respond(struct vc_data *vc, const char *s)
{
	if (!vt_ready)
		return;
	while (*s)
		tty_insert_flip_char(&vc->tty, *s++);
	tty_flip_buffer_push(&vc->tty);
}

static void csi_J(struct vc_data *vc, int p)
{
	int pos = vc->y * COLS + vc->x;

	if (p == 0)
		fill(vc, pos, COLS * ROWS - pos, blank(vc));
	else if (p == 1)
		fill(vc, 0, pos + 1, blank(vc));
	else if (p == 2 || p == 3)
		fill(vc, 0, COLS * ROWS, blank(vc));
	vc->need_wrap = false;
}

static void csi_K(struct vc_data *vc, int p)
{
	int row = vc->y * COLS;

	if (p == 0)
		fill(vc, row + vc->x, COLS - vc->x, blank(vc));
	else if (p == 1)
		fill(vc, row, vc->x + 1, blank(vc));
	else if (p == 2)
		fill(vc, row, COLS, blank(vc));
	vc->need_wrap = false;
}

static void csi_m(struct vc_data *vc)
{
	int i;

	for (i = 0; i < vc->npar; i++) {
		int p = vc->par[i];

		if (p == 0) {
			vc->fg = 7;
			vc->bg = 0;
			vc->bold = vc->blink = vc->reverse = vc->underline = false;
		} else if (p == 1) {
			vc->bold = true;
		} else if (p == 4) {
			vc->underline = true;
		} else if (p == 5) {
			vc->blink = true;
		} else if (p == 7) {
			vc->reverse = true;
		} else if (p == 21 || p == 22) {
			vc->bold = false;
		} else if (p == 24) {
			vc->underline = false;
		} else if (p == 25) {
			vc->blink = false;
		} else if (p == 27) {
			vc->reverse = false;
		} else if (p >= 30 && p <= 37) {
			vc->fg = color_table[p - 30];
		} else if (p == 39) {
			vc->fg = 7;
		} else if (p >= 40 && p <= 47) {
			vc->bg = color_table[p - 40];
		} else if (p == 49) {
			vc->bg = 0;
		} else if (p >= 90 && p <= 97) {
			vc->fg = color_table[p - 90];
			vc->bold = true;
		} else if (p >= 100 && p <= 107) {
			vc->bg = color_table[p - 100];
			vc->blink = true;
		}
	}
	update_attr(vc);
}

static void set_mode(struct vc_data *vc, bool on)
{
	int i;

	for (i = 0; i < vc->npar; i++) {
		if (!vc->ques)
			continue;	/* ANSI modes (insert, ...) are not kept */
		switch (vc->par[i]) {
		case 1: vc->app_cursor = on; break;
		case 7: vc->autowrap = on; break;
		case 25: vc->cursor_on = on; break;
		}
	}
}

static void insert_chars(struct vc_data *vc, int n)
{
	u16 *p = vc->screen + vc->y * COLS;

	if (n > COLS - vc->x)
		n = COLS - vc->x;
	memmove(p + vc->x + n, p + vc->x, (COLS - vc->x - n) * 2);
	fill(vc, vc->y * COLS + vc->x, n, blank(vc));
	vc->need_wrap = false;
}

static void delete_chars(struct vc_data *vc, int n)
{
	u16 *p = vc->screen + vc->y * COLS;

	if (n > COLS - vc->x)
		n = COLS - vc->x;
	memmove(p + vc->x, p + vc->x + n, (COLS - vc->x - n) * 2);
	fill(vc, vc->y * COLS + COLS - n, n, blank(vc));
	vc->need_wrap = false;
}

static void do_csi(struct vc_data *vc, u8 c)
{
	int p0 = vc->par[0], n = p0 ? p0 : 1;
	char reply[24];

	switch (c) {
	case 'A': gotoxy(vc, vc->x, vc->y - n); break;
	case 'B': case 'e': gotoxy(vc, vc->x, vc->y + n); break;
	case 'C': case 'a': gotoxy(vc, vc->x + n, vc->y); break;
	case 'D': gotoxy(vc, vc->x - n, vc->y); break;
	case 'E': gotoxy(vc, 0, vc->y + n); break;
	case 'F': gotoxy(vc, 0, vc->y - n); break;
	case 'G': case '`': gotoxy(vc, n - 1, vc->y); break;
	case 'd': gotoxy(vc, vc->x, n - 1); break;
	case 'H': case 'f':
		gotoxy(vc, (vc->par[1] ? vc->par[1] : 1) - 1, n - 1);
		break;
	case 'J': csi_J(vc, p0); break;
	case 'K': csi_K(vc, p0); break;
	case 'L':
		if (vc->y >= vc->top && vc->y < vc->bottom)
			scroll_down(vc, vc->y, vc->bottom, n);
		vc->need_wrap = false;
		break;
	case 'M':
		if (vc->y >= vc->top && vc->y < vc->bottom)
			scroll_up(vc, vc->y, vc->bottom, n);
		vc->need_wrap = false;
		break;
	case 'P': delete_chars(vc, n); break;
	case '@': insert_chars(vc, n); break;
	case 'X':
		fill(vc, vc->y * COLS + vc->x, n > COLS - vc->x ? COLS - vc->x : n, blank(vc));
		vc->need_wrap = false;
		break;
	case 'S': scroll_up(vc, vc->top, vc->bottom, n); break;
	case 'T': scroll_down(vc, vc->top, vc->bottom, n); break;
	case 'r': {
		int t = n - 1, b = vc->npar > 1 && vc->par[1] ? vc->par[1] : ROWS;

		if (t < b && b <= ROWS) {
			vc->top = t;
			vc->bottom = b;
			gotoxy(vc, 0, 0);
		}
		break;
	}
	case 's':
		vc->saved.x = vc->x;
		vc->saved.y = vc->y;
		break;
	case 'u': gotoxy(vc, vc->saved.x, vc->saved.y); break;
	case 'm': csi_m(vc); break;
	case 'h': set_mode(vc, true); break;
	case 'l': set_mode(vc, false); break;
	case 'n':
		if (p0 == 6) {
			snprintf(reply, sizeof(reply), "\033[%d;%dR", vc->y + 1, vc->x + 1);
			respond(vc, reply);
		} else if (p0 == 5) {
			respond(vc, "\033[0n");
		}
		break;
	case 'c':
		if (!vc->ques)
			respond(vc, "\033[?6c");	/* VT102, as Linux answers */
		break;
	}
}

static void save_cursor(struct vc_data *vc)
{
	vc->saved.x = vc->x;
	vc->saved.y = vc->y;
	vc->saved.fg = vc->fg;
	vc->saved.bg = vc->bg;
	vc->saved.bold = vc->bold;
	vc->saved.blink = vc->blink;
	vc->saved.reverse = vc->reverse;
	vc->saved.underline = vc->underline;
}

static void restore_cursor(struct vc_data *vc)
{
	gotoxy(vc, vc->saved.x, vc->saved.y);
	vc->fg = vc->saved.fg;
	vc->bg = vc->saved.bg;
	vc->bold = vc->saved.bold;
	vc->blink = vc->saved.blink;
	vc->reverse = vc->saved.reverse;
	vc->underline = vc->saved.underline;
	update_attr(vc);
}

/* One byte of terminal output (Linux's do_con_trol and the glyph path). */
static void vt_putc(struct vc_data *vc, u8 c)
{
	switch (c) {			/* control characters act in every state */
	case 0: case 7: case 14: case 15:
		return;			/* NUL, BEL (no speaker here), SO, SI */
	case 8:
		if (vc->x)
			vc->x--;
		vc->need_wrap = false;
		return;
	case 9:
		vc->x = (vc->x | 7) + 1;
		if (vc->x >= COLS)
			vc->x = COLS - 1;
		vc->need_wrap = false;
		return;
	case 10: case 11: case 12:
		lf(vc);
		return;
	case 13:
		vc->x = 0;
		vc->need_wrap = false;
		return;
	case 24: case 26:
		vc->state = ESnormal;	/* CAN, SUB: abort a sequence */
		return;
	case 27:
		vc->state = ESesc;
		return;
	case 0x9b:
		vc->state = ESsquare;
		return;
	}
	switch (vc->state) {
	case ESnormal:
		put_glyph(vc, c, vc->attr);
		return;
	case ESesc:
		vc->state = ESnormal;
		switch (c) {
		case '[': vc->state = ESsquare; break;
		case '7': save_cursor(vc); break;
		case '8': restore_cursor(vc); break;
		case 'D': lf(vc); break;
		case 'E': vc->x = 0; lf(vc); break;
		case 'M': ri(vc); break;
		case 'c':
			reset_terminal(vc);
			csi_J(vc, 2);
			gotoxy(vc, 0, 0);
			break;
		}
		return;
	case ESsquare:
		memset(vc->par, 0, sizeof(vc->par));
		vc->npar = 0;
		vc->ques = false;
		vc->state = ESgetpars;
		if (c == '?') {
			vc->ques = true;
			return;
		}
		if (c == '[') {		/* ESC [ [ x: a function key echoed back; ignore it */
			vc->state = ESnormal;
			return;
		}
		/* fall through */
	case ESgetpars:
		if (c == ';' && vc->npar < 15) {
			vc->npar++;
			return;
		}
		if (c >= '0' && c <= '9') {
			vc->par[vc->npar] = vc->par[vc->npar] * 10 + (c - '0');
			if (vc->par[vc->npar] > 9999)
				vc->par[vc->npar] = 9999;
			return;
		}
		vc->npar++;
		vc->state = ESnormal;
		do_csi(vc, c);
		return;
	}
}

static int vt_tty_write(struct tty_struct *tty, const u8 *buf, int n)
{
	struct vc_data *vc = tty->driver_data;
	int i;

	for (i = 0; i < n; i++)
		vt_putc(vc, buf[i]);
	set_cursor(vc);
	return n;
}

static const struct tty_operations vt_tty_ops = { .write = vt_tty_write };

/* printk (vgacon.c): the front console, in the record's colour, not through the parser. */
void vt_console_print(const char *s, unsigned int n, u8 attr)
{
	struct vc_data *vc = &vcs[fg_console];

	while (n--) {
		u8 c = *s++;

		if (c == '\n') {
			vc->x = 0;
			lf(vc);
		} else if (c == '\r' || c == '\b' || c == '\t') {
			vt_putc(vc, c);
		} else {
			put_glyph(vc, c, attr);
		}
	}
	set_cursor(vc);
}

/* Where the boot left the cursor (vgacon's setup, before the log is replayed). */
void vt_console_setup(int x, int y)
{
	int i;

	for (i = 0; i < NR_VCS; i++) {
		struct vc_data *vc = &vcs[i];

		vc->num = i;
		vc->screen = i == fg_console ? VGA_MEM : vc->buf;
		reset_terminal(vc);
		if (i != fg_console)
			fill(vc, 0, COLS * ROWS, 0x0720);
	}
	gotoxy(&vcs[fg_console], x, y);
}

/* Alt-Fn: bring console N (0-based) to the front. */
void vt_switch(int n)
{
	unsigned long flags;
	struct vc_data *old, *new;

	if (n < 0 || n >= NR_VCS || n == fg_console)
		return;
	local_irq_save(flags);
	old = &vcs[fg_console];
	new = &vcs[n];
	memcpy(old->buf, VGA_MEM, sizeof(old->buf));
	old->screen = old->buf;
	memcpy(VGA_MEM, new->buf, sizeof(new->buf));
	new->screen = VGA_MEM;
	fg_console = n;
	set_cursor(new);
	local_irq_restore(flags);
}

/* The keyboard's target: the front console's tty, and its cursor-key mode. */
struct tty_struct *vt_fg_tty(bool *app_cursor)
{
	if (!vt_ready)
		return NULL;
	if (app_cursor)
		*app_cursor = vcs[fg_console].app_cursor;
	return &vcs[fg_console].tty;
}

static int __init vt_init(void)
{
	char name[8];
	int i;

	if (!vcs[0].screen)
		vt_console_setup(0, 0);	/* no VGA console on the command line */
	for (i = 0; i < NR_VCS; i++) {
		snprintf(name, sizeof(name), "tty%d", i + 1);
		tty_init_struct(&vcs[i].tty, name, MKDEV(4, i + 1), &vt_tty_ops);
		vcs[i].tty.driver_data = &vcs[i];
		tty_register(&vcs[i].tty);
	}
	devtmpfs_create_node("tty0", S_IFCHR | 0620, MKDEV(4, 0));
	request_region(0x3c0, 32, "vga+");	/* the VGA's registers, as vgacon claims them */
	vt_ready = true;
	return 0;
}
device_initcall(vt_init);
