/*
 * vttests: the virtual-console suite (group 90), run as init with the
 * serial line as /dev/console and the VGA consoles beside it. It writes
 * escape sequences to /dev/tty1 and reads the cells back from VGA memory
 * (/dev/mem at 0xB8000): G0/G1 and the DEC line-drawing set, insert mode,
 * tab stops, the attributes (underline, half-bright, italic, blink, reverse,
 * bold) as the VGA shows them, the erase colour, setterm's underline colour;
 * the scrollback through TIOCLINUX; blanking (TIOCLINUX, consoleblank= and
 * ESC [ 9 ; n ], seen in the sequencer's screen-off bit through /dev/port);
 * the KD and VT ioctls (modes, key maps, keyboard modes, console switching
 * with VT_PROCESS, VT_OPENQRY, VT_GETSTATE, VT_DISALLOCATE); hangup
 * (vhangup(2), TIOCVHANGUP: reads 0, writes and ioctls EIO, a new open
 * works); and busybox's console applets (chvt, deallocvt, dumpkmap/loadkmap,
 * setkeycodes, openvt; Debian's busybox has no fgconsole, kbd_mode or showkey).
 * pid 1 prints "vttests: N passed, M failed" and powers off.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "check.h"

#define KDGETMODE 0x4B3B
#define KDSETMODE 0x4B3A
#define KDGKBTYPE 0x4B33
#define KDGKBMODE 0x4B44
#define KDSKBMODE 0x4B45
#define KDGKBENT 0x4B46
#define KDSKBENT 0x4B47
#define KDGETKEYCODE 0x4B4C
#define KDGKBLED 0x4B64
#define VT_OPENQRY 0x5600
#define VT_GETMODE 0x5601
#define VT_SETMODE 0x5602
#define VT_GETSTATE 0x5603
#define VT_RELDISP 0x5605
#define VT_ACTIVATE 0x5606
#define VT_WAITACTIVE 0x5607
#define VT_DISALLOCATE 0x5608

struct kbentry { unsigned char kb_table, kb_index; unsigned short kb_value; };
struct kbkeycode { unsigned int scancode, keycode; };
struct vt_stat { unsigned short v_active, v_signal, v_state; };
struct vt_mode { char mode, waitv; short relsig, acqsig, frsig; };

static volatile unsigned short *vga;
static int tty1, port;
static volatile int got_sig[65];

static void on_sig(int sig)
{
	got_sig[sig]++;
}

static void out(int fd, const char *s)
{
	write(fd, s, strlen(s));
}

static int cell(int row, int col)
{
	return vga[row * 80 + col];
}

/* Text of a screen row, trailing blanks dropped. */
static const char *row_text(int row)
{
	static char s[81];
	int i;

	for (i = 0; i < 80; i++)
		s[i] = cell(row, i) & 0xff;
	for (s[80] = 0, i = 79; i >= 0 && s[i] == ' '; i--)
		s[i] = 0;
	return s;
}

static int sr1(void)
{
	unsigned char b = 1;

	pwrite(port, &b, 1, 0x3c4);
	pread(port, &b, 1, 0x3c5);
	return b;
}

static int kbent(int fd, int table, int index)
{
	struct kbentry ke = { table, index, 0xdead };

	if (ioctl(fd, KDGKBENT, &ke) < 0)
		return -errno;
	return ke.kb_value;
}

static int linux_sub(int fd, int sub)
{
	char c = sub;

	return ioctl(fd, TIOCLINUX, &c);
}

static void test_sequences(void)
{
	cur = "seq";
	out(tty1, "\033%@\033[H\033[2J");	/* ISO 2022 mode: Linux starts in UTF-8 */
	out(tty1, "\033(0lqkx\033(B-\016jmn\017.");
	CHECK_EQ(cell(0, 0) & 0xff, 0xda, "ESC ( 0: l is the corner glyph 0xDA");
	CHECK_EQ(cell(0, 1) & 0xff, 0xc4, "q: horizontal line 0xC4");
	CHECK_EQ(cell(0, 2) & 0xff, 0xbf, "k: 0xBF");
	CHECK_EQ(cell(0, 3) & 0xff, 0xb3, "x: vertical line 0xB3");
	CHECK_EQ(cell(0, 4) & 0xff, '-', "ESC ( B: Latin again");
	CHECK_EQ(cell(0, 5) & 0xff, 0xd9, "SO: G1 (graphics by default): j is 0xD9");
	CHECK_EQ(cell(0, 7) & 0xff, 0xc5, "n: crossing 0xC5");
	CHECK_EQ(cell(0, 8) & 0xff, '.', "SI: back to G0");
	out(tty1, "\033[2;1Habcdef\r\033[4hXY\033[4lZ");
	CHECK(!strcmp(row_text(1), "XYZbcdef"), "insert mode: XY inserted, Z overwrites");
	out(tty1, "\033[3;1H\033[3g\033[11G\033H\r\tT\tU");
	CHECK_EQ(cell(2, 10) & 0xff, 'T', "ESC H sets a stop at column 10 after CSI 3 g cleared all");
	CHECK_EQ(cell(2, 79) & 0xff, 'U', "no further stop: HT goes to the last column");
	out(tty1, "\033[4;1H\033[3g\033[21G\033[g\r\tV");
	check((cell(3, 20) & 0xff) == 'V', "CSI g sets a stop (as Linux; ECMA-48 would clear it)",
	      "row 3 is '%s'", row_text(3));
	out(tty1, "\033c\033[5;1H\tW");
	CHECK_EQ(cell(4, 8) & 0xff, 'W', "ESC c: stops every 8 columns again");
	out(tty1, "\033[6;1H\033[4mU\033[0m\033[1;4mV\033[0m\033[7;4mW\033[0m\033[5mB\033[0m"
		  "\033[2mH\033[0m\033[3mI\033[0m\033[1;34;47mC\033[0m\033[7mR\033[0m");
	CHECK_EQ(cell(5, 0) >> 8, 0x03, "underline: cyan (Linux's default underline colour)");
	CHECK_EQ(cell(5, 1) >> 8, 0x0b, "bold underline: bright cyan");
	CHECK_EQ(cell(5, 2) >> 8, 0x30, "reverse underline: black on cyan");
	CHECK_EQ(cell(5, 3) >> 8, 0x87, "blink: bit 7");
	CHECK_EQ(cell(5, 4) >> 8, 0x08, "half-bright: dark grey");
	CHECK_EQ(cell(5, 5) >> 8, 0x02, "italic: green");
	CHECK_EQ(cell(5, 6) >> 8, 0x79, "1;34;47: bright blue on light grey");
	CHECK_EQ(cell(5, 7) >> 8, 0x70, "reverse: black on light grey");
	out(tty1, "\033[1;4]\033[4mu\033[0m\033[1;3]");
	CHECK_EQ(cell(5, 8) >> 8, 0x01, "ESC [ 1 ; 4 ]: the underline colour becomes blue");
	out(tty1, "\033[7;1H\033[5;41m\033[K\033[0m\033[8;1H\033[7;44m\033[K\033[0m");
	CHECK_EQ(cell(6, 40), 0xc720, "erase: the colour with blink");
	CHECK_EQ(cell(7, 40), 0x1720, "erase: the colour without reverse (as Linux)");
	out(tty1, "\033c");
}

static void test_scrollback(void)
{
	char line[32];
	int i, lines[2] = { 13, -10 };

	cur = "scrollback";
	for (i = 0; i < 60; i++) {
		snprintf(line, sizeof(line), "line %02d\n", i);
		out(tty1, line);
	}
	/* 60 lines and the empty last row: rows 0..23 show lines 36..59 */
	CHECK(!strcmp(row_text(0), "line 36"), "the live screen's top row");
	CHECK_EQ(ioctl(tty1, TIOCLINUX, lines), 0, "TIOCLINUX 13 (scroll the console) -10");
	CHECK(!strcmp(row_text(0), "line 26"), "ten lines back: line 26 on top");
	CHECK(!strcmp(row_text(10), "line 36"), "... the live top row ten rows down");
	lines[1] = 0;
	CHECK_EQ(ioctl(tty1, TIOCLINUX, lines), 0, "TIOCLINUX 13 with 0: half a screen forward");
	CHECK(!strcmp(row_text(0), "line 36"), "back at the live screen");
	lines[1] = -1000;
	ioctl(tty1, TIOCLINUX, lines);
	CHECK(!strcmp(row_text(0), "line 00"), "at most the history: line 00 on top");
	out(tty1, "X");
	CHECK(!strcmp(row_text(0), "line 36") && !strcmp(row_text(24), "X"),
	      "output returns to the live screen");
	out(tty1, "\033c");
}

static void test_blank(void)
{
	cur = "blank";
	CHECK_EQ(linux_sub(tty1, 15), 0, "not blanked at first");
	CHECK_EQ(sr1() & 0x20, 0, "screen on (SR01 bit 5 clear)");
	CHECK_EQ(linux_sub(tty1, 14), 0, "TIOCL_BLANKSCREEN");
	CHECK_EQ(linux_sub(tty1, 15), 1, "TIOCL_BLANKEDSCREEN: console 1");
	CHECK_EQ(sr1() & 0x20, 0x20, "screen off");
	CHECK_EQ(linux_sub(tty1, 4), 0, "TIOCL_UNBLANKSCREEN");
	CHECK_EQ(linux_sub(tty1, 15), 0, "... not blanked");
	CHECK_EQ(sr1() & 0x20, 0, "screen on again");
	/* consoleblank=2 on the command line: 3 s of quiet blank it */
	sleep(3);
	CHECK_EQ(linux_sub(tty1, 15), 1, "consoleblank=2: blanked after 3 s");
	out(tty1, "\033[9;0]\033[13]");
	CHECK_EQ(linux_sub(tty1, 15), 0, "ESC [ 13 ]: unblanked");
	sleep(3);
	CHECK_EQ(linux_sub(tty1, 15), 0, "ESC [ 9 ; 0 ]: no blanking");
	CHECK_EQ(linux_sub(0, 14), -1, "TIOCLINUX on the serial line ...");
	CHECK_EQ(errno, ENOTTY, "... ENOTTY");
}

static void test_kd(void)
{
	struct kbentry ke;
	char kbtype = 0;
	int m = -1;

	cur = "kd";
	CHECK_EQ(ioctl(tty1, KDGKBTYPE, &kbtype), 0, "KDGKBTYPE");
	CHECK_EQ(kbtype, 2, "KB_101");
	CHECK(ioctl(0, KDGKBTYPE, &kbtype) < 0 && errno == ENOTTY, "KDGKBTYPE on ttyS0: ENOTTY");
	CHECK_EQ(ioctl(tty1, KDGETMODE, &m), 0, "KDGETMODE");
	CHECK_EQ(m, 0, "KD_TEXT");
	out(tty1, "\033[H\033[2Jbefore");
	CHECK_EQ(ioctl(tty1, KDSETMODE, 1), 0, "KDSETMODE KD_GRAPHICS");
	vga[0] = 0x1e47;			/* the program owns VGA memory */
	out(tty1, "\r\033[Kafter");
	CHECK_EQ(cell(0, 0), 0x1e47, "graphics mode: console output leaves VGA memory alone");
	CHECK_EQ(ioctl(tty1, KDSETMODE, 0), 0, "KDSETMODE KD_TEXT");
	CHECK(!strcmp(row_text(0), "after"), "text mode: the console redrawn with its output");
	CHECK(ioctl(tty1, KDSETMODE, 9) < 0 && errno == EINVAL, "KDSETMODE 9: EINVAL");
	m = -1;
	CHECK(ioctl(tty1, KDGKBMODE, &m) == 0 && m == 1, "KDGKBMODE: K_XLATE");
	CHECK_EQ(ioctl(tty1, KDSKBMODE, 2), 0, "KDSKBMODE K_MEDIUMRAW");
	CHECK(ioctl(tty1, KDGKBMODE, &m) == 0 && m == 2, "KDGKBMODE: K_MEDIUMRAW");
	CHECK(ioctl(tty1, KDSKBMODE, 5) < 0 && errno == EINVAL, "KDSKBMODE 5: EINVAL");
	ioctl(tty1, KDSKBMODE, 1);
	/* Linux's US defkeymap, as KDGKBENT shows it */
	CHECK_EQ(kbent(tty1, 0, 30), 0x0b61, "plain a: KT_LETTER 'a'");
	CHECK_EQ(kbent(tty1, 1, 30), 0x0b41, "shift a: 'A'");
	CHECK_EQ(kbent(tty1, 4, 30), 0x0001, "ctrl a: ^A");
	CHECK_EQ(kbent(tty1, 8, 30), 0x0861, "alt a: Meta_a");
	CHECK_EQ(kbent(tty1, 0, 2), 0x0031, "plain 1: '1'");
	CHECK_EQ(kbent(tty1, 0, 28), 0x0201, "Enter: K_ENTER");
	CHECK_EQ(kbent(tty1, 0, 14), 0x007f, "Backspace: DEL");
	CHECK_EQ(kbent(tty1, 0, 42), 0x0700, "Left Shift: KT_SHIFT 0");
	CHECK_EQ(kbent(tty1, 0, 29), 0x0702, "Left Ctrl");
	CHECK_EQ(kbent(tty1, 0, 100), 0x0701, "Right Alt: AltGr");
	CHECK_EQ(kbent(tty1, 0, 58), 0x0207, "Caps Lock");
	CHECK_EQ(kbent(tty1, 0, 59), 0x0100, "F1");
	CHECK_EQ(kbent(tty1, 8, 59), 0x0500, "Alt-F1: Console_1");
	CHECK_EQ(kbent(tty1, 0, 103), 0x0603, "Up: KT_CUR 3");
	CHECK_EQ(kbent(tty1, 0, 102), 0x0114, "Home: Find");
	CHECK_EQ(kbent(tty1, 1, 104), 0x020b, "Shift-PageUp: Scroll_Backward");
	CHECK_EQ(kbent(tty1, 1, 109), 0x020a, "Shift-PageDown: Scroll_Forward");
	CHECK_EQ(kbent(tty1, 12, 111), 0x020c, "Ctrl-Alt-Del: Boot");
	CHECK_EQ(kbent(tty1, 0, 71), 0x0307, "KP7: KP_7");
	CHECK_EQ(kbent(tty1, 3, 0), 0x027f, "map 3 (shift+altgr): K_NOSUCHMAP");
	CHECK_EQ(kbent(tty1, 3, 5), 0x0200, "... its keys: K_HOLE");
	ke = (struct kbentry){ 3, 30, 0x0078 };
	CHECK_EQ(ioctl(tty1, KDSKBENT, &ke), 0, "KDSKBENT into map 3 allocates it");
	CHECK_EQ(kbent(tty1, 3, 30), 0x0078, "... and holds the value");
	CHECK_EQ(kbent(tty1, 3, 0), 0x027e, "... index 0 of a new map: K_ALLOCATED");
	ke = (struct kbentry){ 3, 0, 0x027f };
	CHECK_EQ(ioctl(tty1, KDSKBENT, &ke), 0, "K_NOSUCHMAP at index 0 frees it");
	CHECK_EQ(kbent(tty1, 3, 0), 0x027f, "... gone");
	ke = (struct kbentry){ 0, 30, 0x0605 };
	CHECK(ioctl(tty1, KDSKBENT, &ke) < 0 && errno == EINVAL, "KT_CUR 5: EINVAL");
	ke = (struct kbentry){ 0, 30, 0x2061 };
	CHECK(ioctl(tty1, KDSKBENT, &ke) < 0 && errno == EINVAL, "type 0x20 outside K_UNICODE: EINVAL");
	CHECK_EQ(kbent(tty1, 0, 30), 0x0b61, "the map unchanged");
	CHECK_EQ(ioctl(tty1, KDGKBLED, &kbtype), 0, "KDGKBLED");
	CHECK_EQ(kbtype, 0, "no lock on");
}

static void test_vt(void)
{
	struct vt_stat st;
	struct vt_mode vm;
	int n = -1, fd3;

	cur = "vt";
	CHECK_EQ(ioctl(tty1, VT_OPENQRY, &n), 0, "VT_OPENQRY");
	CHECK_EQ(n, 2, "tty1 is open: the first free console is 2");
	CHECK_EQ(ioctl(tty1, VT_GETSTATE, &st), 0, "VT_GETSTATE");
	CHECK_EQ(st.v_active, 1, "v_active 1");
	CHECK_EQ(st.v_state, 3, "v_state: bit 0 and tty1's bit 1");
	CHECK_EQ(ioctl(tty1, VT_ACTIVATE, 3), 0, "VT_ACTIVATE 3");
	CHECK_EQ(ioctl(tty1, VT_WAITACTIVE, 3), 0, "VT_WAITACTIVE 3");
	CHECK_EQ(linux_sub(tty1, 12), 2, "TIOCL_GETFGCONSOLE: 2 (0-based)");
	CHECK(ioctl(tty1, VT_ACTIVATE, 0) < 0 && errno == ENXIO, "VT_ACTIVATE 0: ENXIO");
	CHECK(ioctl(tty1, VT_DISALLOCATE, 3) < 0 && errno == EBUSY, "VT_DISALLOCATE the front one: EBUSY");
	CHECK(ioctl(tty1, VT_DISALLOCATE, 1) < 0 && errno == EBUSY, "VT_DISALLOCATE an open one: EBUSY");
	CHECK_EQ(ioctl(tty1, VT_DISALLOCATE, 4), 0, "VT_DISALLOCATE an unused one");
	fd3 = open("/dev/tty3", O_RDWR | O_NOCTTY);
	CHECK(fd3 >= 0, "open /dev/tty3");
	signal(SIGUSR1, on_sig);
	signal(SIGUSR2, on_sig);
	vm = (struct vt_mode){ 1, 0, SIGUSR1, SIGUSR2, 0 };
	CHECK_EQ(ioctl(fd3, VT_SETMODE, &vm), 0, "VT_SETMODE VT_PROCESS on tty3");
	memset(&vm, 0, sizeof(vm));
	CHECK(ioctl(fd3, VT_GETMODE, &vm) == 0 && vm.mode == 1 && vm.relsig == SIGUSR1, "VT_GETMODE");
	CHECK_EQ(ioctl(tty1, VT_ACTIVATE, 2), 0, "VT_ACTIVATE 2 away from a VT_PROCESS console");
	for (n = 0; n < 100 && !got_sig[SIGUSR1]; n++)
		usleep(10000);			/* Linux asks from a work queue */
	CHECK_EQ(got_sig[SIGUSR1], 1, "its owner got relsig");
	CHECK_EQ(linux_sub(tty1, 12), 2, "... and the switch waits");
	CHECK_EQ(ioctl(fd3, VT_RELDISP, 0), 0, "VT_RELDISP 0: refused");
	CHECK_EQ(linux_sub(tty1, 12), 2, "... still console 3");
	ioctl(tty1, VT_ACTIVATE, 2);
	for (n = 0; n < 100 && got_sig[SIGUSR1] < 2; n++)
		usleep(10000);
	CHECK_EQ(ioctl(fd3, VT_RELDISP, 1), 0, "VT_RELDISP 1: allowed");
	CHECK_EQ(linux_sub(tty1, 12), 1, "... console 2 in front");
	CHECK_EQ(ioctl(tty1, VT_ACTIVATE, 3), 0, "back to 3");
	ioctl(tty1, VT_WAITACTIVE, 3);		/* Linux switches from a work queue ... */
	for (n = 0; n < 100 && !got_sig[SIGUSR2]; n++)
		usleep(10000);			/* ... and signals after waking the waiters */
	CHECK_EQ(got_sig[SIGUSR2], 1, "its owner got acqsig");
	CHECK_EQ(ioctl(fd3, VT_RELDISP, 2), 0, "VT_RELDISP VT_ACKACQ");
	CHECK(ioctl(fd3, VT_RELDISP, 5) < 0 && errno == EINVAL, "VT_RELDISP 5 with no switch pending: EINVAL");
	vm = (struct vt_mode){ 0, 0, 0, 0, 0 };
	ioctl(fd3, VT_SETMODE, &vm);
	CHECK_EQ(ioctl(tty1, VT_ACTIVATE, 1), 0, "VT_AUTO again: the switch to 1 needs no answer");
	ioctl(tty1, VT_WAITACTIVE, 1);
	CHECK_EQ(linux_sub(tty1, 12), 0, "console 1 in front");
	close(fd3);
}

static int hup_child(const char *dev, bool self)
{
	int fd, fd2, r = 0;
	char c;
	struct termios t;
	struct pollfd p;

	setsid();
	signal(SIGHUP, on_sig);
	fd = open(dev, O_RDWR);
	if (fd < 0)
		return 1;
	if (self) {
		if (syscall(SYS_vhangup) != 0)
			return 2;
	} else if (ioctl(fd, TIOCVHANGUP) != 0) {
		return 2;
	}
	if (!got_sig[SIGHUP])
		r |= 4;			/* the session leader is told */
	if (read(fd, &c, 1) != 0)
		r |= 8;
	if (write(fd, "x", 1) != -1 || errno != EIO)
		r |= 16;
	if (tcgetattr(fd, &t) != -1 || errno != EIO)
		r |= 32;
	p.fd = fd;
	p.events = POLLIN;
	if (poll(&p, 1, 0) != 1 || !(p.revents & POLLHUP))
		r |= 64;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		r |= 128;		/* no controlling terminal any more */
	fd2 = open(dev, O_RDWR | O_NOCTTY);
	if (fd2 < 0 || write(fd2, "ok\r\n", 4) != 4 || tcgetattr(fd2, &t) != 0)
		r |= 256;		/* a new open works */
	return r;
}

static void test_hangup(void)
{
	int st;
	pid_t pid;

	cur = "hangup";
	pid = fork();
	if (pid == 0)
		_exit(hup_child("/dev/tty5", true));
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st), "the child exited");
	CHECK_EQ(WEXITSTATUS(st), 0, "vhangup(2): SIGHUP, read 0, write/ioctl EIO, POLLHUP, no ctty, reopen works (bits of failures)");
	pid = fork();
	if (pid == 0)
		_exit(hup_child("/dev/tty6", false));
	waitpid(pid, &st, 0);
	CHECK_EQ(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0, "TIOCVHANGUP: the same");
	/* A session leader's exit hangs up its console (not a pty): the files its
	 * group keeps open go dead, and the foreground group gets SIGHUP. */
	pid = fork();
	if (pid == 0) {
		int fd;

		setsid();
		fd = open("/dev/tty4", O_RDWR);
		if (fd < 0)
			_exit(1);
		signal(SIGHUP, on_sig);		/* the child's handler from the start */
		if (fork() == 0) {
			char c;
			int r = 0;

			while (getppid() != 1)
				usleep(10000);		/* the leader is gone */
			if (!got_sig[SIGHUP])
				r |= 4;
			fcntl(fd, F_SETFL, O_NONBLOCK);	/* a live tty would say EAGAIN */
			if (read(fd, &c, 1) != 0)
				r |= 8;
			if (write(fd, "x", 1) != -1 || errno != EIO)
				r |= 16;
			_exit(r ? r : 9);
		}
		_exit(0);
	}
	{
		pid_t w;
		int gst = -1;

		while ((w = wait(&st)) > 0)
			if (w != pid)
				gst = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		CHECK_EQ(gst, 9, "a leader's exit: its group got SIGHUP, its tty4 file reads 0, writes EIO");
	}
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_busybox(void)
{
	struct kbkeycode kc = { 0xdb, 0 };
	struct stat s;

	cur = "busybox";
	CHECK_EQ(sh("busybox chvt 2"), 0, "chvt 2");
	CHECK_EQ(linux_sub(tty1, 12), 1, "console 2 in front");
	CHECK_EQ(sh("busybox chvt 1 && busybox deallocvt 4"), 0, "chvt 1, deallocvt 4");
	CHECK(sh("busybox deallocvt 1 2>/dev/null") != 0, "deallocvt 1 (open, in front) fails");
	CHECK_EQ(sh("busybox dumpkmap > /tmp/us.kmap"), 0, "dumpkmap");
	CHECK(stat("/tmp/us.kmap", &s) == 0 && s.st_size == 7 + 256 + 10 * 128 * 2,
	      "dumpkmap: bkeymap, 256 flags, 10 maps of 128 keys");
	/* a map with a and q swapped in the plain map (file offset 263 + 2*key) */
	CHECK_EQ(sh("busybox dd if=/tmp/us.kmap bs=1 count=295 2>/dev/null > /tmp/sw.kmap &&"
		    " busybox printf '\\141\\013' >> /tmp/sw.kmap &&"
		    " busybox dd if=/tmp/us.kmap bs=1 skip=297 count=26 2>/dev/null >> /tmp/sw.kmap &&"
		    " busybox printf '\\161\\013' >> /tmp/sw.kmap &&"
		    " busybox dd if=/tmp/us.kmap bs=1 skip=325 2>/dev/null >> /tmp/sw.kmap"), 0,
		 "a map with a and q swapped");
	CHECK_EQ(sh("busybox loadkmap < /tmp/sw.kmap"), 0, "loadkmap");
	CHECK_EQ(kbent(tty1, 0, 16), 0x0b61, "key q now types a");
	CHECK_EQ(kbent(tty1, 0, 30), 0x0b71, "key a now types q");
	/* loading allocates the maps the dump had as missing (index 0 K_ALLOCATED, as Linux):
	 * a second round trip is exact, and the plain maps are the file's */
	CHECK_EQ(sh("busybox dumpkmap > /tmp/sw2.kmap && busybox loadkmap < /tmp/sw2.kmap &&"
		    " busybox dumpkmap | busybox cmp -s - /tmp/sw2.kmap"), 0, "dumpkmap gives the loaded map back");
	CHECK_EQ(sh("busybox cmp -s -n 519 /tmp/sw.kmap /tmp/sw2.kmap"), 0, "... the plain map as loaded");
	CHECK_EQ(sh("busybox loadkmap < /tmp/us.kmap"), 0, "loadkmap of the US map");
	CHECK_EQ(kbent(tty1, 0, 16), 0x0b71, "... q types q again");
	CHECK_EQ(sh("busybox setkeycodes e05b 30"), 0, "setkeycodes e05b 30");
	CHECK(ioctl(tty1, KDGETKEYCODE, &kc) == 0 && kc.keycode == 30, "KDGETKEYCODE 0xDB (E0 5B): 30");
	sh("busybox setkeycodes e05b 125");
	CHECK_EQ(sh("busybox openvt -c 5 -w -- busybox sh -c 'echo openvt on $(busybox tty)'"), 0,
		 "openvt -c 5 -w runs a command on tty5");
	ioctl(tty1, VT_ACTIVATE, 5);
	ioctl(tty1, VT_WAITACTIVE, 5);
	{
		int r, found = 0;

		for (r = 0; r < 25; r++)
			found |= !strcmp(row_text(r), "openvt on /dev/tty5");
		CHECK(found, "its output on tty5's screen");
	}
	ioctl(tty1, VT_ACTIVATE, 1);
}

/*
 * Helpers for the keyboard session of group 90 (one letter each, so that
 * typing them does not depend on the keys they remap):
 *   d TAG   print the screen's rows and the blank state ("TAG row NN: text")
 *   x K1 K2 exchange two keys in the plain map
 *   r MODE N  put the console in keyboard mode MODE, print N bytes read raw in hex
 */
static int helper(int argc, char **argv)
{
	int fd = open("/dev/mem", O_RDWR), r;

	tty1 = open("/dev/tty0", O_RDWR | O_NOCTTY);
	if (argv[1][0] == 'd' && argc == 3) {
		port = open("/dev/port", O_RDWR);
		vga = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0xB8000);
		if (vga == MAP_FAILED)
			return 1;
		for (r = 0; r < 25; r++)
			printf("%s row %02d: %s\n", argv[2], r, row_text(r));
		printf("%s blanked %d sr1 %02x\n", argv[2], linux_sub(tty1, 15), sr1());
		return 0;
	}
	if (argv[1][0] == 'x' && argc == 4) {
		struct kbentry a = { 0, atoi(argv[2]), 0 }, b = { 0, atoi(argv[3]), 0 };
		unsigned short t;

		if (ioctl(tty1, KDGKBENT, &a) || ioctl(tty1, KDGKBENT, &b))
			return 1;
		t = a.kb_value;
		a.kb_value = b.kb_value;
		b.kb_value = t;
		return ioctl(tty1, KDSKBENT, &a) || ioctl(tty1, KDSKBENT, &b);
	}
	if (argv[1][0] == 'r' && argc == 4) {
		struct termios t, raw;
		unsigned char c;
		int n = atoi(argv[3]), old = 1;

		tcgetattr(0, &t);
		raw = t;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
		ioctl(0, KDGKBMODE, &old);
		ioctl(0, KDSKBMODE, atoi(argv[2]));
		printf("mode %s:", argv[2]);
		while (n-- > 0 && read(0, &c, 1) == 1)
			printf(" %02x", c);
		ioctl(0, KDSKBMODE, old);
		tcsetattr(0, TCSANOW, &t);
		printf("\r\n");
		return 0;
	}
	return 2;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc > 1)
		return helper(argc, argv);

	setvbuf(stdout, NULL, _IONBF, 0);
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);	/* Linux's initramfs has no nodes */
	tty1 = open("/dev/tty1", O_RDWR | O_NOCTTY);
	fd = open("/dev/mem", O_RDWR);
	vga = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0xB8000);
	port = open("/dev/port", O_RDWR);
	cur = "setup";
	CHECK(tty1 >= 0 && vga != MAP_FAILED && port >= 0, "open /dev/tty1, map VGA memory, open /dev/port");
	if (tty1 >= 0 && vga != MAP_FAILED && port >= 0) {
		mkdir("/tmp", 01777);
		test_sequences();
		test_scrollback();
		test_blank();
		test_kd();
		test_vt();
		test_hangup();
		test_busybox();
	}
	printf("vttests: %d passed, %d failed\n", passed, failed);
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
	return failed != 0;
}
