/*
 * The virtual consoles' private state (Linux's include/linux/console_struct.h
 * and kbd_kern.h, reduced), shared by vt.c (the terminal), vt_ioctl.c (the KD
 * and VT ioctls) and keyboard.c (the key maps and keyboard modes).
 */
#ifndef _DRIVERS_TTY_VT_H
#define _DRIVERS_TTY_VT_H

#include <linux/types.h>
#include <linux/tty.h>
#include <linux/wait.h>

#define COLS 80
#define ROWS 25
#define NR_VCS 6
#define SB_LINES 200			/* scrollback lines kept per console */

/* KDSETMODE */
#define KD_TEXT		0
#define KD_GRAPHICS	1
/* KDSKBMODE */
#define K_RAW		0
#define K_XLATE		1
#define K_MEDIUMRAW	2
#define K_UNICODE	3
#define K_OFF		4
/* VT_SETMODE */
#define VT_AUTO		0
#define VT_PROCESS	1
#define VT_ACKACQ	2

struct vt_mode {			/* <linux/vt.h> */
	char mode, waitv;
	short relsig, acqsig, frsig;
};

struct vc_data {
	int num;			/* 0: tty1 */
	u16 *screen;			/* VGA memory while shown, else buf */
	u16 buf[COLS * ROWS];
	int x, y;
	bool need_wrap;			/* the last column was written: wrap before the next */
	int top, bottom;		/* scroll region: rows top..bottom-1 */
	u8 color;			/* VGA background << 4 | foreground */
	u8 intensity;			/* 0 half-bright, 1 normal, 2 bold */
	bool blink, reverse, underline, italic;
	u8 attr;			/* the cell attribute of new glyphs */
	u8 ulcolor, halfcolor, itcolor;	/* what underline, half-bright, italic show as */
	u8 def_color;			/* SGR 0's colour (ESC [ 8 ] sets it) */
	struct {
		int x, y;
		u8 color, intensity;
		bool blink, reverse, underline, italic;
		int charset;
		u8 g[2];
	} saved;
	int state;
	int par[16], npar;
	bool ques;
	bool cursor_on, autowrap, app_cursor, insert_mode;
	int charset;			/* 0: G0, 1: G1 (SI and SO choose) */
	u8 g[2];			/* 'B' Latin, '0' DEC graphics, 'U' the font's own, 'K' user */
	bool tab_stop[COLS];
	/* scrollback: lines that scrolled off the top, oldest first in the ring */
	u16 hist[SB_LINES][COLS];
	int hist_head, hist_count;
	int scroll_off;			/* lines shown from the history (0: the live screen) */
	/* vt_ioctl.c and keyboard.c */
	int kd_mode;			/* KD_TEXT or KD_GRAPHICS */
	int kbd_mode;			/* K_XLATE, K_RAW, ... */
	struct vt_mode vt_mode;
	pid_t vt_pid;			/* VT_PROCESS: who is told of switches */
	int vt_newvt;			/* a switch away waiting for VT_RELDISP, else -1 */
	struct tty_struct tty;
};

extern struct vc_data vcs[NR_VCS];
extern int fg_console;

/* vt.c */
void vc_show(struct vc_data *vc);	/* bring to the front (the screen part of a switch) */
void vc_refresh(struct vc_data *vc);	/* draw direct or into buf, by mode and scrollback */
void vc_reset(struct vc_data *vc);	/* ESC c: the terminal's state and a clear screen */
void vt_scrollback(int lines);		/* + back into history, - towards the live screen */
void vt_poke_blank(void);		/* a key or printk: unblank, restart the timer */
void vt_do_blank(bool on);
bool vt_blanked(void);
extern int blankinterval;
extern bool vt_ignore_poke;		/* a forced blank: only an unblank request ends it */		/* jiffies, 0: never */
/* vt_ioctl.c */
void vt_switch(int n);			/* Alt-Fn, VT_ACTIVATE: by the consoles' VT modes */
long vt_ioctl(struct tty_struct *tty, struct file *f, unsigned int cmd, unsigned long arg);
/* keyboard.c */
long kbd_ioctl(struct vc_data *vc, unsigned int cmd, unsigned long arg);

#endif
