/*
 * ttytests: the terminal test suite (group 80), run as init on the serial
 * console. A child starts a session and takes /dev/console as its
 * controlling terminal, then checks termios (defaults, canonical editing,
 * ^D, ICRNL, VEOL, VLNEXT, flushing), the VMIN/VTIME cases of raw reads with
 * their timings in virtual time, FIONREAD, poll and select, the signal
 * characters, window size changes (SIGWINCH), job control (^Z stops, SIGCONT
 * continues, background reads and TOSTOP writes stop with SIGTTIN/SIGTTOU or
 * fail with EIO) and the session rules (TIOCSCTTY, tcsetpgrp, /dev/tty, a
 * session leader's exit hanging up its terminal), and pseudo-terminals (a
 * /dev/ptmx pair: both directions, echo, editing, window size, ^C into the
 * slave's session, EIO and the node's removal). Input is typed with TIOCSTI
 * (the byte goes through the line discipline as if it had arrived).
 * pid 1 prints "ttytests: N passed, M failed" and powers off if all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static int tty;				/* /dev/console, our controlling terminal */
static volatile int got_sig[65];

static void on_sig(int sig)
{
	got_sig[sig]++;
}

static void type(int fd, const char *s)
{
	while (*s)
		ioctl(fd, TIOCSTI, s++);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int pending(int fd)
{
	int n = -1;

	return ioctl(fd, FIONREAD, &n) < 0 ? -1 : n;
}

/* Raw mode with VMIN/VTIME, echo off (so the test output stays readable). */
static void raw(int fd, int vmin, int vtime)
{
	struct termios t;

	tcgetattr(fd, &t);
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	tcsetattr(fd, TCSANOW, &t);
}

static struct termios saved, orig;	/* -echo for the tests; as it was */

static void test_defaults(void)
{
	struct termios t;

	cur = "termios";
	CHECK_EQ(tcgetattr(tty, &t), 0, "tcgetattr");
	CHECK((t.c_lflag & (ICANON | ECHO | ISIG | IEXTEN)) == (ICANON | ECHO | ISIG | IEXTEN),
	      "default lflag: icanon echo isig iexten");
	CHECK((t.c_iflag & ICRNL) && (t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR),
	      "default iflag icrnl, oflag opost onlcr");
	CHECK(t.c_cc[VINTR] == 3 && t.c_cc[VQUIT] == 28 && t.c_cc[VERASE] == 127 &&
	      t.c_cc[VKILL] == 21 && t.c_cc[VEOF] == 4 && t.c_cc[VSUSP] == 26 &&
	      t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0, "default control characters (Linux's)");
	/* lucix's ttyS0 runs at 115200; Linux's console=ttyS0 without options says 9600. */
	CHECK(cfgetospeed(&t) == B115200 || cfgetospeed(&t) == B9600, "ttyS0's speed: 115200 (or 9600)");
	orig = t;
	t.c_lflag &= ~ECHO;
	CHECK_EQ(tcsetattr(tty, TCSANOW, &t), 0, "tcsetattr -echo");
	saved = t;
	CHECK_EQ(isatty(tty), 1, "isatty");
	CHECK_EQ(isatty(open("/bin/ttytests", O_RDONLY)), 0, "a file is not a tty");
	CHECK_EQ(ioctl(open("/bin/ttytests", O_RDONLY), TCGETS, &t), -1, "TCGETS on a file fails");
	CHECK_EQ(errno, ENOTTY, "... with ENOTTY");
}

static void test_canon(void)
{
	char buf[64];
	struct termios t;

	cur = "canon";
	type(tty, "ab\177c\n");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(tty, buf, sizeof(buf)), 3, "erase: read one line");
	CHECK(!strcmp(buf, "ac\n"), "erase: 'ac\\n'");
	type(tty, "one two\027three\n");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(tty, buf, sizeof(buf)), 10, "word erase");
	CHECK(!strcmp(buf, "one three\n"), "word erase: 'one three\\n'");
	type(tty, "junk\025ok\n");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(tty, buf, sizeof(buf)), 3, "kill: 'ok\\n'");
	type(tty, "l1\nl2\n");
	CHECK_EQ(pending(tty), 6, "FIONREAD counts complete lines");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 3, "one line per read");
	CHECK_EQ(read(tty, buf, 1), 1, "a short read takes part of a line");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 2, "... the rest comes next");
	type(tty, "part");
	CHECK_EQ(pending(tty), 0, "a line being typed is not readable");
	type(tty, "\004");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 4, "^D after text ends the line without a newline");
	type(tty, "\004");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 0, "^D at a line start reads as end of file");
	type(tty, "cr\r");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(tty, buf, sizeof(buf)), 3, "ICRNL: CR ends a line");
	CHECK(!strcmp(buf, "cr\n"), "ICRNL: ... as a newline");
	tcgetattr(tty, &t);
	t.c_cc[VEOL] = ';';
	tcsetattr(tty, TCSANOW, &t);
	type(tty, "a;b\n");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 2, "VEOL ends a line too");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 2, "... then the rest");
	t.c_cc[VEOL] = 0;
	tcsetattr(tty, TCSANOW, &t);
	type(tty, "\026\003\n");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read(tty, buf, sizeof(buf)), 2, "VLNEXT: ^V^C is a literal ^C");
	CHECK(buf[0] == 3 && got_sig[SIGINT] == 0, "... and sends no SIGINT");
	type(tty, "gone");
	CHECK_EQ(tcflush(tty, TCIFLUSH), 0, "tcflush TCIFLUSH");
	type(tty, "\n");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 1, "... dropped what was typed");
}

static void test_raw(void)
{
	char buf[64];
	double t0, dt;
	pid_t pid;

	cur = "raw";
	raw(tty, 0, 0);
	t0 = now();
	CHECK_EQ(read(tty, buf, sizeof(buf)), 0, "MIN 0 TIME 0, nothing typed: 0 at once");
	type(tty, "xyz");
	CHECK_EQ(pending(tty), 3, "raw: FIONREAD counts bytes");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 3, "MIN 0 TIME 0: what there is");
	raw(tty, 0, 3);
	t0 = now();
	CHECK_EQ(read(tty, buf, sizeof(buf)), 0, "MIN 0 TIME 3, nothing typed: 0");
	dt = now() - t0;
	check(dt >= 0.29 && dt < 0.5, "... after 0.3 s", "waited %.3f s", dt);
	raw(tty, 3, 0);
	type(tty, "ab");
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		type(tty, "cde");
		_exit(0);
	}
	t0 = now();
	CHECK_EQ(read(tty, buf, 2), 2, "MIN 3 TIME 0, count 2: returns 2 at once");
	CHECK_EQ(read(tty, buf, sizeof(buf)), 3, "MIN 3 TIME 0: waits for three bytes");
	dt = now() - t0;
	check(dt >= 0.049, "... which came 50 ms later", "waited %.3f s", dt);
	(void)t0;
	waitpid(pid, NULL, 0);
	raw(tty, 5, 2);
	type(tty, "q");
	t0 = now();
	CHECK_EQ(read(tty, buf, sizeof(buf)), 1, "MIN 5 TIME 2: one byte, then the inter-byte timer");
	dt = now() - t0;
	check(dt >= 0.19 && dt < 0.4, "... of 0.2 s", "waited %.3f s", dt);
	raw(tty, 1, 0);
	fcntl(tty, F_SETFL, O_NONBLOCK);
	CHECK_EQ(read(tty, buf, sizeof(buf)), -1, "O_NONBLOCK, nothing typed: -1");
	CHECK_EQ(errno, EAGAIN, "... EAGAIN");
	fcntl(tty, F_SETFL, 0);
	type(tty, "zz");
	CHECK_EQ(tcsetattr(tty, TCSAFLUSH, &saved) == 0 && pending(tty) == 0, 1,
		 "TCSAFLUSH drops unread input");
	raw(tty, 1, 0);
	type(tty, "\r");
	CHECK_EQ(read(tty, buf, 1) == 1 && buf[0] == '\n', 1, "raw with ICRNL: CR reads as LF");
}

static void test_poll(void)
{
	struct pollfd p = { .fd = tty, .events = POLLIN };
	struct timeval tv = { 0, 100000 };
	fd_set rd;
	double t0, dt;
	char c;

	cur = "poll";
	raw(tty, 1, 0);
	t0 = now();
	CHECK_EQ(poll(&p, 1, 200), 0, "poll: nothing typed, times out");
	dt = now() - t0;
	check(dt >= 0.19 && dt < 0.4, "... after 200 ms", "waited %.3f s", dt);
	p.events = POLLOUT;
	CHECK_EQ(poll(&p, 1, 0), 1, "poll: writable");
	p.events = POLLIN;
	type(tty, "k");
	CHECK_EQ(poll(&p, 1, -1), 1, "poll: a typed byte makes it readable");
	CHECK(p.revents & POLLIN, "... POLLIN");
	read(tty, &c, 1);
	FD_ZERO(&rd);
	FD_SET(tty, &rd);
	CHECK_EQ(select(tty + 1, &rd, NULL, NULL, &tv), 0, "select: times out");
	type(tty, "m");
	FD_ZERO(&rd);
	FD_SET(tty, &rd);
	CHECK_EQ(select(tty + 1, &rd, NULL, NULL, NULL), 1, "select: readable");
	read(tty, &c, 1);
	tcsetattr(tty, TCSANOW, &saved);
	type(tty, "half");
	CHECK_EQ(poll(&p, 1, 0), 0, "canonical: a partial line is not readable");
	type(tty, "\n");
	CHECK_EQ(poll(&p, 1, 0), 1, "... the newline makes it so");
	tcflush(tty, TCIFLUSH);
}

static void test_signals(void)
{
	struct winsize ws = { 0 }, ws2;
	struct termios t;

	cur = "signals";
	signal(SIGINT, on_sig);
	signal(SIGQUIT, on_sig);
	signal(SIGWINCH, on_sig);
	type(tty, "lost\n");
	type(tty, "\003");
	CHECK_EQ(got_sig[SIGINT], 1, "^C sends SIGINT to the foreground group");
	CHECK_EQ(pending(tty), 0, "... and flushes the line being typed");
	type(tty, "\034");
	CHECK_EQ(got_sig[SIGQUIT], 1, "^\\ sends SIGQUIT");
	tcgetattr(tty, &t);
	t.c_lflag &= ~ISIG;
	tcsetattr(tty, TCSANOW, &t);
	type(tty, "\003\n");
	CHECK_EQ(got_sig[SIGINT], 1, "-isig: ^C is data");
	tcflush(tty, TCIFLUSH);
	tcsetattr(tty, TCSANOW, &saved);
	CHECK_EQ(ioctl(tty, TIOCGWINSZ, &ws), 0, "TIOCGWINSZ");
	ws2 = ws;
	ws2.ws_row = 50;
	ws2.ws_col = 132;
	CHECK_EQ(ioctl(tty, TIOCSWINSZ, &ws2), 0, "TIOCSWINSZ 132x50");
	CHECK_EQ(got_sig[SIGWINCH], 1, "a new size sends SIGWINCH");
	ioctl(tty, TIOCSWINSZ, &ws2);
	CHECK_EQ(got_sig[SIGWINCH], 1, "the same size again does not");
	memset(&ws, 0, sizeof(ws));
	ioctl(tty, TIOCGWINSZ, &ws);
	CHECK(ws.ws_row == 50 && ws.ws_col == 132, "TIOCGWINSZ reads it back");
	ws.ws_row = 25;
	ws.ws_col = 80;
	ioctl(tty, TIOCSWINSZ, &ws);
}

/* A child in a new process group, stopped or not: its wait status. */
static int child_status(pid_t pid, int opts)
{
	int st = -1;

	if (waitpid(pid, &st, opts) != pid)
		return -1;
	return st;
}

static void test_jobs(void)
{
	pid_t pid, me = getpgrp();
	struct termios t;
	int st;

	cur = "jobs";
	CHECK_EQ(tcgetpgrp(tty), me, "tcgetpgrp: our group is in the foreground");
	CHECK_EQ(tcgetsid(tty), getsid(0), "tcgetsid: our session");
	/* ^Z stops the foreground group: a child that puts itself there. */
	signal(SIGTTOU, SIG_IGN);	/* tcsetpgrp from the background: let it through */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		tcsetpgrp(tty, getpid());
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	usleep(20000);
	CHECK_EQ(tcgetpgrp(tty), pid, "the child's group is in the foreground");
	type(tty, "\032");
	st = child_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "^Z stops it: WIFSTOPPED, SIGTSTP");
	CHECK_EQ(kill(pid, SIGCONT), 0, "SIGCONT");
	st = child_status(pid, WCONTINUED);
	CHECK(WIFCONTINUED(st), "WCONTINUED reports it continued");
	CHECK_EQ(waitpid(pid, &st, WNOHANG | WUNTRACED | WCONTINUED), 0, "... once");
	kill(pid, SIGKILL);
	st = child_status(pid, 0);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "SIGKILL ends it");
	CHECK_EQ(tcsetpgrp(tty, me), 0, "tcsetpgrp back to our group");
	signal(SIGTTOU, SIG_DFL);

	/* A background read stops with SIGTTIN; ignored, it fails with EIO. */
	pid = fork();
	if (pid == 0) {
		char c;

		setpgid(0, 0);
		read(tty, &c, 1);
		_exit(1);
	}
	setpgid(pid, pid);
	st = child_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "background read: stopped by SIGTTIN");
	kill(pid, SIGKILL);
	child_status(pid, 0);
	pid = fork();
	if (pid == 0) {
		char c;

		setpgid(0, 0);
		signal(SIGTTIN, SIG_IGN);
		_exit(read(tty, &c, 1) == -1 && errno == EIO ? 7 : 1);
	}
	st = child_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "background read, SIGTTIN ignored: EIO");

	/* TOSTOP: a background write stops with SIGTTOU; without it, it goes through. */
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		_exit(write(tty, "", 0) == 0 ? 7 : 1);
	}
	st = child_status(pid, WUNTRACED);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "background write, -tostop: allowed");
	tcgetattr(tty, &t);
	t.c_lflag |= TOSTOP;
	tcsetattr(tty, TCSANOW, &t);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		write(tty, "x", 1);
		_exit(1);
	}
	setpgid(pid, pid);
	st = child_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU, "background write, tostop: SIGTTOU");
	kill(pid, SIGKILL);
	child_status(pid, 0);
	tcsetattr(tty, TCSANOW, &saved);
	pid = fork();
	if (pid == 0) {
		struct termios t2;

		setpgid(0, 0);
		tcgetattr(tty, &t2);
		tcsetattr(tty, TCSANOW, &t2);
		_exit(1);
	}
	setpgid(pid, pid);
	st = child_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTOU, "background tcsetattr: SIGTTOU");
	kill(pid, SIGKILL);
	child_status(pid, 0);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGTSTP, SIG_DFL);
		raise(SIGSTOP);
		_exit(5);
	}
	st = child_status(pid, WUNTRACED);
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "SIGSTOP stops");
	kill(pid, SIGCONT);
	st = child_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "SIGCONT: it runs on and exits");
}

static void test_session(void)
{
	pid_t pid;
	int st, fd, p[2];

	cur = "session";
	CHECK_EQ(ioctl(tty, TIOCSCTTY, 0), 0, "TIOCSCTTY on our own terminal again: 0");
	CHECK_EQ(tcsetpgrp(tty, 99999), -1, "tcsetpgrp to no group");
	CHECK_EQ(errno, ESRCH, "... ESRCH");
	fd = open("/dev/tty", O_RDWR);
	CHECK(fd >= 0, "/dev/tty opens our terminal");
	CHECK_EQ(tcgetpgrp(fd), getpgrp(), "... the same terminal");
	close(fd);
	fd = open("/dev/tty1", O_RDWR | O_NOCTTY);
	CHECK(fd >= 0, "open /dev/tty1");
	CHECK_EQ(tcgetpgrp(fd), -1, "tcgetpgrp of another terminal");
	CHECK_EQ(errno, ENOTTY, "... ENOTTY");
	close(fd);
	pid = fork();
	if (pid == 0) {
		int ok = 1;

		setsid();
		ok &= open("/dev/tty", O_RDWR) == -1 && errno == ENXIO;
		ok &= ioctl(tty, TIOCSCTTY, 0) == -1 && errno == EPERM;	/* another session's */
		ok &= tcsetpgrp(tty, getpid()) == -1 && errno == ENOTTY;
		_exit(ok ? 7 : 1);
	}
	st = child_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "a new session: no /dev/tty (ENXIO), cannot take ours (EPERM), no tcsetpgrp (ENOTTY)");
	pid = fork();
	if (pid == 0)
		_exit(ioctl(tty, TIOCSCTTY, 0) == -1 && errno == EPERM ? 7 : 1);
	st = child_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "TIOCSCTTY by a non-leader: EPERM");
	/* A session leader's exit: its terminal's foreground group gets SIGHUP. */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		pid_t g;

		setsid();
		fd = open("/dev/tty2", O_RDWR);		/* a leader without one: it becomes ours */
		if (fd < 0 || tcgetpgrp(fd) != getpid())
			_exit(2);
		g = fork();
		if (g == 0) {
			char c = 'H';

			signal(SIGHUP, on_sig);
			while (!got_sig[SIGHUP])
				pause();
			write(p[1], &c, 1);
			_exit(0);
		}
		usleep(20000);
		_exit(0);
	}
	close(p[1]);
	st = child_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "open by a session leader makes it the ctty");
	{
		char c = 0;

		CHECK_EQ(read(p[0], &c, 1) == 1 && c == 'H', 1,
			 "the leader's exit sends SIGHUP to its foreground group");
	}
	close(p[0]);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}


/* Read what arrives within 1 s (poll first, so a missing byte fails instead of hanging). */
static int read_wait(int fd, char *buf, int n)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int got = 0, r;

	while (got < n && poll(&p, 1, 1000) == 1) {
		r = read(fd, buf + got, n - got);
		if (r <= 0)
			return got ? got : r;
		got += r;
		p.revents = 0;
		if (got && poll(&p, 1, 50) != 1)
			break;
	}
	return got;
}

static void test_pty(void)
{
	char buf[64], *name;
	struct winsize ws = { 30, 100, 0, 0 }, ws2 = { 0 };
	struct termios t, cooked;
	int m, sl, st, p[2];
	pid_t pid;

	cur = "pty";
	m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0, "posix_openpt opens /dev/ptmx");
	CHECK_EQ(grantpt(m), 0, "grantpt");
	CHECK_EQ(unlockpt(m), 0, "unlockpt (TIOCSPTLCK)");
	name = ptsname(m);
	CHECK(name && !strncmp(name, "/dev/pts/", 9), "ptsname (TIOCGPTN): /dev/pts/N");
	sl = name ? open(name, O_RDWR | O_NOCTTY) : -1;
	CHECK(sl >= 0, "the slave opens");
	CHECK_EQ(isatty(sl) && isatty(m), 1, "both sides are terminals");
	CHECK_EQ(write(m, "hi\n", 3), 3, "write to the master");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read_wait(sl, buf, sizeof(buf)), 3, "the slave reads the line");
	CHECK(!strcmp(buf, "hi\n"), "... 'hi\\n'");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read_wait(m, buf, sizeof(buf)), 4, "the master reads the slave's echo");
	CHECK(!strcmp(buf, "hi\r\n"), "... 'hi\\r\\n' (ECHO, ONLCR)");
	CHECK_EQ(write(sl, "out\n", 4), 4, "write to the slave");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read_wait(m, buf, sizeof(buf)), 5, "the master reads it");
	CHECK(!strcmp(buf, "out\r\n"), "... post-processed: 'out\\r\\n'");
	write(m, "ab\177c\n", 5);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read_wait(sl, buf, sizeof(buf)) == 3 && !strcmp(buf, "ac\n"), 1,
		 "the slave's line editing: 'ab DEL c' reads 'ac'");
	read_wait(m, buf, sizeof(buf));
	tcgetattr(sl, &t);
	cooked = t;
	cfmakeraw(&t);
	tcsetattr(sl, TCSANOW, &t);
	write(m, "\003x", 2);
	CHECK_EQ(read_wait(sl, buf, sizeof(buf)) == 2 && buf[0] == 3, 1, "raw slave: ^C is data");
	tcsetattr(sl, TCSANOW, &cooked);
	CHECK_EQ(ioctl(m, TIOCSWINSZ, &ws), 0, "TIOCSWINSZ on the master");
	ioctl(sl, TIOCGWINSZ, &ws2);
	CHECK(ws2.ws_row == 30 && ws2.ws_col == 100, "... is the slave's size");
	close(sl);
	/* A session on the slave: ^C typed on the master reaches its foreground group. */
	pipe(p);
	pid = fork();
	if (pid == 0) {
		int fd;

		setsid();
		fd = open(name, O_RDWR);	/* a leader without a terminal: it becomes ours */
		signal(SIGINT, on_sig);
		write(p[1], "r", 1);
		while (!got_sig[SIGINT])
			pause();
		_exit(tcgetpgrp(fd) == getpid() ? 7 : 3);
	}
	close(p[1]);
	read(p[0], buf, 1);
	close(p[0]);
	write(m, "\003", 1);
	st = child_status(pid, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "^C on the master signals the slave's session");
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(read_wait(m, buf, 2) == 2 && !strcmp(buf, "^C"), 1, "... which echoed '^C'");
	CHECK_EQ(read_wait(m, buf, sizeof(buf)), -1, "every slave closed: the master reads EIO");
	CHECK_EQ(errno, EIO, "... EIO");
	close(m);
	CHECK_EQ(access(name, F_OK), -1, "the master closed: /dev/pts/N is gone");
	m = posix_openpt(O_RDWR | O_NOCTTY);
	CHECK(m >= 0 && ptsname(m) && !strcmp(ptsname(m), name), "the number is used again");
	close(m);
}

int main(void)
{
	pid_t pid;
	int st = 0, fd;

	if (getpid() != 1) {
		fprintf(stderr, "ttytests: run me as init\n");
		return 2;
	}
	/* Under Linux (rdinit=/bin/ttytests) the initramfs has no device nodes: make them. */
	mkdir("/dev", 0755);
	mknod("/dev/console", S_IFCHR | 0600, makedev(5, 1));
	mknod("/dev/tty", S_IFCHR | 0666, makedev(5, 0));
	mknod("/dev/tty1", S_IFCHR | 0620, makedev(4, 1));
	mknod("/dev/tty2", S_IFCHR | 0620, makedev(4, 2));
	if (fcntl(1, F_GETFD) < 0) {
		fd = open("/dev/console", O_RDWR | O_NOCTTY);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	pid = fork();
	if (pid == 0) {
		setsid();
		fd = open("/dev/console", O_RDWR);
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 0) < 0) {
			printf("FAIL startup.ctty: no /dev/console as the controlling tty (errno %d)\n",
			       errno);
			_exit(1);
		}
		tty = fd;
		setvbuf(stdout, NULL, _IONBF, 0);
		test_defaults();
		test_canon();
		test_raw();
		test_poll();
		test_signals();
		test_jobs();
		test_session();
		test_pty();
		tcsetattr(tty, TCSANOW, &orig);
		printf("ttytests: %d passed, %d failed\n", passed, failed);
		_exit(failed ? 1 : 0);
	}
	while (wait(&st) != pid)
		;
	while (wait(NULL) > 0)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		reboot(RB_POWER_OFF);
	printf("ttytests: the suite failed (status %#x)\n", st);
	return 1;
}
