/*
 * Virtual terminals on the VGA text screen (Linux's drivers/tty/vt/vt.c,
 * reduced): six consoles tty1..tty6 (4:1..4:6; /dev/tty0, 4:0, is the one
 * in front), each an 80x25 VT102/ECMA-48 terminal as Linux's console is
 * ("TERM=linux"): control characters (BEL BS HT LF VT FF CR SO SI),
 * ESC 7/8 D E H M c ( ), CSI A B C D E F G H f d e a ` J K L M P @ X S T g r
 * s u m n c h l ] (with ? for DEC modes: 25 cursor, 7 autowrap, 1 cursor
 * keys; without, 4 insert mode). G0/G1 are Latin ('B') or DEC special
 * graphics ('0', the line drawing, shown with the CP437 font's glyphs).
 * Tab stops every 8 columns until ESC H or CSI g sets and CSI 3 g clears them.
 * SGR sets the attribute byte as Linux's vgacon does: ANSI colour n is VGA
 * colour {0,4,2,6,1,5,3,7}[n]; italic, underline and half-bright replace the
 * foreground with their colours (green, cyan, dark grey: a colour VGA has no
 * underline), reverse swaps the colours, blink sets bit 7 and bold bit 3.
 * The console in front draws in VGA memory at 0xB8000 and moves the hardware
 * cursor (CRTC 0x0E/0x0F); the others, and one in graphics mode or scrolled
 * back, draw in their own buffer. Lines scrolled off the top go to a
 * 200-line history that Shift-PageUp/PageDown show; output returns to the
 * live screen. Blanking (consoleblank=, ESC [ 9 ; n ], TIOCLINUX) turns the
 * screen off with the sequencer; a key or a kernel message turns it on.
 * printk's console (vgacon.c) writes to the front console through here.
 */
#include <linux/kernel.h>
#include <linux/devtmpfs.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/tty.h>
#include <linux/ioport.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/irqflags.h>
#include "vt.h"

#define VGA_MEM ((u16 *)__va(0xb8000))

enum { ESnormal, ESesc, ESsquare, ESgetpars, ESsetG0, ESsetG1, ESpercent };

struct vc_data vcs[NR_VCS];
int fg_console;
static bool vt_ready;			/* the ttys exist (tty input for replies) */

static const u8 color_table[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

/*
 * DEC special graphics (ESC ( 0) for 0x2b-0x7e, as glyphs of the VGA's
 * CP437 font: the Unicode characters of Linux's GRAF_MAP, each drawn with
 * the font's glyph for it, 0xFE (Linux's replacement) where the font has none.
 */
static u8 graf_glyph(u8 c)
{
	static const u8 low[] = { ['+' - '+'] = 0x1a, [',' - '+'] = 0x1b, ['-' - '+'] = 0x18,
				  ['.' - '+'] = 0x19, ['0' - '+'] = 0xdb };
	static const u8 high[32] = {
		0xff, 0x04, 0xb1, 0xfe, 0xfe, 0xfe, 0xfe, 0xf8,	/* _ ` a b c d e f */
		0xf1, 0xb0, 0xfe, 0xd9, 0xbf, 0xda, 0xc0, 0xc5,	/* g h i j k l m n */
		0xfe, 0xfe, 0xc4, 0xfe, 0xfe, 0xc3, 0xb4, 0xc1,	/* o p q r s t u v */
		0xc2, 0xb3, 0xf3, 0xf2, 0xe3, 0xfe, 0x9c, 0xfa,	/* w x y z { | } ~ */
	};

	if (c >= 0x5f && c <= 0x7e)
		return high[c - 0x5f];
	if (c >= '+' && c <= '0' && low[c - '+'])
		return low[c - '+'];
	return c;
}

/* Linux's vgacon_build_attr on a colour VGA. */
static u8 build_attr(struct vc_data *vc, u8 color, int intensity, bool blink, bool underline,
		     bool reverse, bool italic)
{
	u8 a = color;

	if (italic)
		a = (a & 0xf0) | vc->itcolor;
	else if (underline)
		a = (a & 0xf0) | vc->ulcolor;
	else if (intensity == 0)
		a = (a & 0xf0) | vc->halfcolor;
	if (reverse)
		a = (a & 0x88) | (((a >> 4) | (a << 4)) & 0x77);
	if (blink)
		a ^= 0x80;
	if (intensity == 2)
		a ^= 0x08;
	return a;
}

static void update_attr(struct vc_data *vc)
{
	vc->attr = build_attr(vc, vc->color, vc->intensity, vc->blink, vc->underline,
			      vc->reverse, vc->italic);
}

/* Erased cells: a space in the colour with blink, without the other attributes (Linux's
 * vc_video_erase_char). */
static u16 blank(struct vc_data *vc)
{
	return build_attr(vc, vc->color, 1, vc->blink, false, false, false) << 8 | ' ';
}

static void set_cursor(struct vc_data *vc)
{
	unsigned int pos = vc->y * COLS + vc->x;
	bool show = vc->cursor_on && !vc->scroll_off;

	if (vc->screen != VGA_MEM)
		return;
	outb(0x0e, 0x3d4);
	outb(pos >> 8, 0x3d5);
	outb(0x0f, 0x3d4);
	outb(pos & 0xff, 0x3d5);
	outb(0x0a, 0x3d4);		/* cursor start: bit 5 hides it */
	outb(show ? 0x0e : 0x20, 0x3d5);
}

static void fill(struct vc_data *vc, int from, int n, u16 cell)
{
	while (n-- > 0)
		vc->screen[from++] = cell;
}

/* ---- scrollback ---- */

static void hist_push(struct vc_data *vc, const u16 *line)
{
	memcpy(vc->hist[vc->hist_head], line, COLS * 2);
	vc->hist_head = (vc->hist_head + 1) % SB_LINES;
	if (vc->hist_count < SB_LINES)
		vc->hist_count++;
}

/* Line k of the history, 0 the oldest. */
static const u16 *hist_line(struct vc_data *vc, int k)
{
	return vc->hist[(vc->hist_head - vc->hist_count + k + SB_LINES) % SB_LINES];
}

/* What VGA memory shows while scrolled back: history lines, then the top of the screen. */
static void draw_scrolled(struct vc_data *vc)
{
	int r;

	for (r = 0; r < ROWS; r++) {
		int l = r - vc->scroll_off;

		memcpy(VGA_MEM + r * COLS, l < 0 ? hist_line(vc, vc->hist_count + l) :
		       vc->buf + l * COLS, COLS * 2);
	}
}

/*
 * Where the console draws: straight into VGA memory when it is in front, in
 * text mode and not scrolled back; else into its buffer (a graphics-mode
 * program owns VGA memory; a scrolled view is drawn from the buffer).
 */
void vc_refresh(struct vc_data *vc)
{
	bool front = vc->num == fg_console;
	bool direct = front && vc->kd_mode == KD_TEXT && !vc->scroll_off;

	if (direct && vc->screen != VGA_MEM) {
		memcpy(VGA_MEM, vc->buf, sizeof(vc->buf));
		vc->screen = VGA_MEM;
	} else if (!direct && vc->screen == VGA_MEM) {
		memcpy(vc->buf, VGA_MEM, sizeof(vc->buf));
		vc->screen = vc->buf;
	}
	if (front && vc->kd_mode == KD_TEXT && vc->scroll_off)
		draw_scrolled(vc);
	if (front && vc->kd_mode == KD_TEXT) {
		u16 *save = vc->screen;

		vc->screen = VGA_MEM;	/* set_cursor writes the CRTC only for the VGA */
		set_cursor(vc);
		vc->screen = save;
	}
}

/* Shift-PageUp/PageDown: half a screen at a time, as Linux's scrollback(0). */
void vt_scrollback(int lines)
{
	struct vc_data *vc = &vcs[fg_console];
	int off = vc->scroll_off + lines;

	if (vc->kd_mode != KD_TEXT)
		return;
	if (off > vc->hist_count)
		off = vc->hist_count;
	if (off < 0)
		off = 0;
	if (off == vc->scroll_off)
		return;
	vc->scroll_off = off;
	vc_refresh(vc);
}

static void scroll_reset(struct vc_data *vc)
{
	if (vc->scroll_off) {
		vc->scroll_off = 0;
		vc_refresh(vc);
	}
}

/* ---- blanking (setterm -blank, TIOCLINUX, consoleblank=) ---- */

int blankinterval;			/* jiffies; 0: never (Linux's default) */
static bool blanked;
static struct timer_list blank_timer;

/* The screen goes dark with the sequencer's screen-off bit (SR01 bit 5). */
void vt_do_blank(bool on)
{
	u8 sr1;

	if (on == blanked)
		return;
	blanked = on;
	outb(0x01, 0x3c4);
	sr1 = inb(0x3c5);
	outb(on ? sr1 | 0x20 : sr1 & ~0x20, 0x3c5);
}

bool vt_blanked(void)
{
	return blanked;
}

static void blank_timer_fn(struct timer_list *t)
{
	vt_do_blank(true);
}

void vt_poke_blank(void)
{
	if (vt_ignore_poke || vcs[fg_console].kd_mode != KD_TEXT)
		return;
	vt_do_blank(false);
	if (blankinterval)
		mod_timer(&blank_timer, jiffies + blankinterval);
	else
		del_timer(&blank_timer);
}

static int __init consoleblank_setup(char *s)
{
	unsigned long secs = 0;

	while (*s >= '0' && *s <= '9')
		secs = secs * 10 + (*s++ - '0');
	blankinterval = secs * HZ;
	return 1;
}
__setup("consoleblank=", consoleblank_setup);

/* ---- the terminal ---- */

/* Move rows [t, b) up by n within them; the n rows at the bottom become blank. */
static void scroll_up(struct vc_data *vc, int t, int b, int n)
{
	int i;

	if (n > b - t)
		n = b - t;
	if (t == 0 && b == ROWS)	/* the whole screen: the top lines go to the history */
		for (i = 0; i < n; i++)
			hist_push(vc, vc->screen + i * COLS);
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

static void put_glyph(struct vc_data *vc, u8 c, u8 attr)
{
	if (vc->need_wrap && vc->autowrap) {
		vc->x = 0;
		lf(vc);
	}
	if (vc->insert_mode)
		insert_chars(vc, 1);
	vc->screen[vc->y * COLS + vc->x] = (attr << 8) | c;
	if (vc->x == COLS - 1)
		vc->need_wrap = vc->autowrap;
	else
		vc->x++;
}

static void reset_tabs(struct vc_data *vc)
{
	int i;

	for (i = 0; i < COLS; i++)
		vc->tab_stop[i] = !(i % 8);
}

static void default_attr(struct vc_data *vc)
{
	vc->color = vc->def_color;
	vc->intensity = 1;
	vc->blink = vc->reverse = vc->underline = vc->italic = false;
}

static void reset_terminal(struct vc_data *vc)
{
	vc->top = 0;
	vc->bottom = ROWS;
	vc->def_color = 0x07;
	vc->ulcolor = 3;		/* Linux's defaults: cyan, dark grey, green */
	vc->halfcolor = 0x08;
	vc->itcolor = 2;
	default_attr(vc);
	update_attr(vc);
	vc->state = ESnormal;
	vc->cursor_on = vc->autowrap = true;
	vc->app_cursor = vc->insert_mode = false;
	vc->need_wrap = false;
	vc->charset = 0;
	vc->g[0] = 'B';
	vc->g[1] = '0';
	reset_tabs(vc);
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
	if (p == 3)
		vc->hist_count = 0;	/* ESC [ 3 J: the scrollback too */
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

		if (p >= 90 && p <= 107) {	/* bright colours: bold for the foreground */
			if (p < 100)
				vc->intensity = 2;
			p -= 60;
		}
		switch (p) {
		case 0: default_attr(vc); break;
		case 1: vc->intensity = 2; break;
		case 2: vc->intensity = 0; break;
		case 3: vc->italic = true; break;
		case 4: case 21: vc->underline = true; break;	/* no double underline: single */
		case 5: vc->blink = true; break;
		case 7: vc->reverse = true; break;
		case 22: vc->intensity = 1; break;
		case 23: vc->italic = false; break;
		case 24: vc->underline = false; break;
		case 25: vc->blink = false; break;
		case 27: vc->reverse = false; break;
		case 39: vc->color = (vc->def_color & 0x0f) | (vc->color & 0xf0); break;
		case 49: vc->color = (vc->def_color & 0xf0) | (vc->color & 0x0f); break;
		default:
			if (p >= 30 && p <= 37)
				vc->color = color_table[p - 30] | (vc->color & 0xf0);
			else if (p >= 40 && p <= 47)
				vc->color = color_table[p - 40] << 4 | (vc->color & 0x0f);
		}
	}
	update_attr(vc);
}

static void set_mode(struct vc_data *vc, bool on)
{
	int i;

	for (i = 0; i < vc->npar; i++) {
		if (!vc->ques) {
			if (vc->par[i] == 4)
				vc->insert_mode = on;	/* IRM */
			continue;
		}
		switch (vc->par[i]) {
		case 1: vc->app_cursor = on; break;
		case 7: vc->autowrap = on; break;
		case 25: vc->cursor_on = on; break;
		}
	}
}

/* Linux's private ESC [ n ] sequences (setterm's). */
static void setterm_command(struct vc_data *vc)
{
	int p1 = vc->par[1];

	switch (vc->par[0]) {
	case 1:				/* underline colour */
		if (p1 < 16)
			vc->ulcolor = color_table[p1 & 7] | (p1 & 8);
		break;
	case 2:				/* half-bright colour */
		if (p1 < 16)
			vc->halfcolor = color_table[p1 & 7] | (p1 & 8);
		break;
	case 8:				/* the current colours become the default */
		vc->def_color = vc->color;
		break;
	case 9:				/* blank after p1 minutes (0: never) */
		blankinterval = (p1 < 60 ? p1 : 60) * 60 * HZ;
		vt_poke_blank();
		break;
	case 12:			/* bring console p1 to the front */
		if (p1 >= 1 && p1 <= NR_VCS)
			vt_switch(p1 - 1);
		break;
	case 13:			/* unblank */
		vt_ignore_poke = false;
		vt_poke_blank();
		break;
	}
	update_attr(vc);
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
	case 'g':			/* 3: clear every tab stop; 0 sets one here, as Linux does */
		if (p0 == 0)
			vc->tab_stop[vc->x] = true;
		else if (p0 == 3)
			memset(vc->tab_stop, 0, sizeof(vc->tab_stop));
		break;
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
	case ']': setterm_command(vc); break;
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
	vc->saved.color = vc->color;
	vc->saved.intensity = vc->intensity;
	vc->saved.blink = vc->blink;
	vc->saved.reverse = vc->reverse;
	vc->saved.underline = vc->underline;
	vc->saved.italic = vc->italic;
	vc->saved.charset = vc->charset;
	vc->saved.g[0] = vc->g[0];
	vc->saved.g[1] = vc->g[1];
}

static void restore_cursor(struct vc_data *vc)
{
	gotoxy(vc, vc->saved.x, vc->saved.y);
	vc->color = vc->saved.color;
	vc->intensity = vc->saved.intensity;
	vc->blink = vc->saved.blink;
	vc->reverse = vc->saved.reverse;
	vc->underline = vc->saved.underline;
	vc->italic = vc->saved.italic;
	vc->charset = vc->saved.charset;
	vc->g[0] = vc->saved.g[0] ? vc->saved.g[0] : 'B';
	vc->g[1] = vc->saved.g[1] ? vc->saved.g[1] : '0';
	update_attr(vc);
}

void vc_reset(struct vc_data *vc)
{
	reset_terminal(vc);
	csi_J(vc, 2);
	gotoxy(vc, 0, 0);
}

/* The glyph for byte c in the active character set. */
static u8 translate(struct vc_data *vc, u8 c)
{
	return vc->g[vc->charset] == '0' ? graf_glyph(c) : c;
}

/* One byte of terminal output (Linux's do_con_trol and the glyph path). */
static void vt_putc(struct vc_data *vc, u8 c)
{
	switch (c) {			/* control characters act in every state */
	case 0: case 7: case 127:
		return;			/* NUL, BEL (no speaker here), DEL */
	case 8:
		if (vc->x)
			vc->x--;
		vc->need_wrap = false;
		return;
	case 9:				/* to the next tab stop, else the last column */
		while (++vc->x < COLS - 1 && !vc->tab_stop[vc->x])
			;
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
	case 14:			/* SO: G1 */
		vc->charset = 1;
		return;
	case 15:			/* SI: G0 */
		vc->charset = 0;
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
		put_glyph(vc, translate(vc, c), vc->attr);
		return;
	case ESpercent:			/* ESC % @ / G: ISO 2022 or UTF-8; always 8-bit here */
		vc->state = ESnormal;
		return;
	case ESsetG0:
	case ESsetG1:
		if (c == '0' || c == 'B' || c == 'U' || c == 'K')
			vc->g[vc->state == ESsetG1] = c;
		vc->state = ESnormal;
		return;
	case ESesc:
		vc->state = ESnormal;
		switch (c) {
		case '[': vc->state = ESsquare; break;
		case '(': vc->state = ESsetG0; break;
		case ')': vc->state = ESsetG1; break;
		case '%': vc->state = ESpercent; break;
		case '7': save_cursor(vc); break;
		case '8': restore_cursor(vc); break;
		case 'D': lf(vc); break;
		case 'E': vc->x = 0; lf(vc); break;
		case 'H': vc->tab_stop[vc->x] = true; break;	/* HTS */
		case 'M': ri(vc); break;
		case 'c': vc_reset(vc); break;
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

	scroll_reset(vc);
	for (i = 0; i < n; i++)
		vt_putc(vc, buf[i]);
	set_cursor(vc);
	return n;
}

static const struct tty_operations vt_tty_ops = { .write = vt_tty_write, .ioctl = vt_ioctl };

/* printk (vgacon.c): the front console, in the record's colour, not through the parser. */
void vt_console_print(const char *s, unsigned int n, u8 attr)
{
	struct vc_data *vc = &vcs[fg_console];

	scroll_reset(vc);
	vt_poke_blank();
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
		vc->kbd_mode = K_XLATE;
		vc->vt_newvt = -1;
		reset_terminal(vc);
		if (i != fg_console)
			fill(vc, 0, COLS * ROWS, 0x0720);
	}
	gotoxy(&vcs[fg_console], x, y);
}

/* The screen side of a console switch: console n comes to the front. */
void vc_show(struct vc_data *new)
{
	unsigned long flags;
	struct vc_data *old;

	local_irq_save(flags);
	old = &vcs[fg_console];
	old->scroll_off = 0;
	new->scroll_off = 0;
	fg_console = new->num;
	vc_refresh(old);		/* takes its screen from VGA memory into its buffer */
	vc_refresh(new);		/* and this one's into VGA memory */
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
	timer_setup(&blank_timer, blank_timer_fn, 0);
	for (i = 0; i < NR_VCS; i++) {
		snprintf(name, sizeof(name), "tty%d", i + 1);
		tty_init_struct(&vcs[i].tty, name, MKDEV(4, i + 1), &vt_tty_ops);
		vcs[i].tty.driver_data = &vcs[i];
		tty_register(&vcs[i].tty);
	}
	devtmpfs_create_node("tty0", S_IFCHR | 0620, MKDEV(4, 0));
	request_region(0x3c0, 32, "vga+");	/* the VGA's registers, as vgacon claims them */
	vt_ready = true;
	if (blankinterval)
		vt_poke_blank();
	return 0;
}
device_initcall(vt_init);
