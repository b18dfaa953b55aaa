/*
 * lucid: parse the command line (emu/ui/options.c), build the machine, run
 * it, tear it down. Around the machine this file is the host side: where
 * serial and debugcon output go, host stdin as serial input (through the
 * input queue), the text display or the SDL window (emu/ui/display_sdl.c),
 * pacing against the wall clock, and signals.
 *
 * This file and options.c are the only places that may look at the host
 * clock: here for pacing and -stats (which never change what the guest sees),
 * there for -rtc base=utc|localtime, read once when asked for by name.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "debugger/dbg_machine.h"
#include "devices/uart.h"
#include "emu/lib/log.h"
#include "emu/lib/sha256.h"
#include "emu/machine/machine.h"
#include "emu/machine/screen.h"
#include "emu/machine/sound.h"
#include "emu/replay/replay.h"
#include "emu/replay/timetravel.h"
#include "emu/replay/vmstate.h"
#include "emu/ui/display_sdl.h"
#include "emu/ui/panels.h"
#include "emu/ui/console.h"
#include "emu/ui/trace.h"
#include "emu/ui/display_text.h"
#include "emu/ui/inscript.h"
#include "emu/ui/options.h"

/* A host output for a byte sink: a FILE, opened once the machine exists. */
struct host_out {
	const char *spec;	/* "stdio", "file:PATH", "none" */
	FILE *f;
	struct inscript *tap;	/* -input-script watching COM1's output, or NULL */
};

static void host_out_write(void *opaque, const void *buf, size_t len)
{
	struct host_out *o = opaque;
	if (o->tap)
		inscript_serial_out(o->tap, buf, len);
	if (o->f) {
		fwrite(buf, 1, len, o->f);
		if (o->f == stdout)
			fflush(o->f);
	}
}

static int host_out_open(const char *opt, struct host_out *o)
{
	if (!strcmp(o->spec, "stdio")) {
		o->f = stdout;
	} else if (!strncmp(o->spec, "file:", 5)) {
		o->f = fopen(o->spec + 5, "w");
		if (!o->f) {
			fprintf(stderr, "lucid: %s: cannot create '%s': %s\n", opt, o->spec + 5,
				strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Files are flushed after every slice of the run (10 ms of virtual time),
 * so a log being watched (tail -f, a test waiting for a shell's prompt,
 * which ends without a newline) is current. */
static void host_out_flush(struct host_out *o)
{
	if (o->f && o->f != stdout)
		fflush(o->f);
}

static void host_out_close(struct host_out *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
}

static struct machine *the_machine;
static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
	if (the_machine)
		machine_request_stop(the_machine);
}

static u64 wall_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void sleep_ns(long ns)
{
	struct timespec ts = { 0, ns };
	nanosleep(&ts, NULL);
}

/* Host stdin as COM1 input: bytes wait here until the UART's FIFO has room. When
 * stdin is a terminal it is put in raw mode for the run, so every key (Ctrl-C too)
 * goes to the guest, whose tty echoes; Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A
 * (QEMU's mux keys). */
struct serial_in {
	bool on, eof;
	bool raw, ctrl_a, quit;
	u8 buf[4096];
	size_t len;
};

static struct termios serial_saved;
static bool serial_raw_on;

static void serial_in_restore(void)
{
	if (serial_raw_on) {
		tcsetattr(0, TCSANOW, &serial_saved);
		serial_raw_on = false;
	}
}

static void serial_in_make_raw(struct serial_in *in)
{
	struct termios t;
	if (!isatty(0) || tcgetattr(0, &serial_saved) < 0)
		return;
	t = serial_saved;
	t.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	t.c_iflag &= ~(ICRNL | INLCR | IGNCR | IXON | BRKINT | ISTRIP);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &t) < 0)
		return;
	in->raw = serial_raw_on = true;
	atexit(serial_in_restore);
}

/* The mux keys in raw mode: drop Ctrl-A and what follows it, act on x. */
static size_t serial_in_filter(struct serial_in *in, u8 *b, size_t n)
{
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (in->ctrl_a) {
			in->ctrl_a = false;
			if (b[i] == 'x')
				in->quit = true;
			else if (b[i] == 0x01)
				b[out++] = 0x01;
			continue;
		}
		if (b[i] == 0x01) {
			in->ctrl_a = true;
			continue;
		}
		b[out++] = b[i];
	}
	return out;
}

static void serial_in_poll(struct serial_in *in, struct machine *m, int timeout_ms)
{
	if (!in->on)
		return;
	if (!in->eof && in->len < sizeof(in->buf)) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		if (poll(&p, 1, timeout_ms) > 0) {
			ssize_t n = read(0, in->buf + in->len, sizeof(in->buf) - in->len);
			if (n > 0 && in->raw)
				n = (ssize_t)serial_in_filter(in, in->buf + in->len, (size_t)n);
			if (n > 0)
				in->len += n;
			else if (n == 0 || (errno != EAGAIN && errno != EINTR))
				in->eof = true;
		}
	}
	int room = uart_rx_space(m->com1) - (int)m->input.count;
	size_t n = 0;
	for (; n < in->len && (int)n < room; n++)
		machine_serial_input(m, in->buf[n]);
	memmove(in->buf, in->buf + n, in->len - n);
	in->len -= n;
}

/* One run of lucid: the machine and everything around it on the host. */
struct session {
	struct lucid_options *o;
	struct machine *m;
	struct rr *rr;			/* -record or -replay */
	struct inscript *is;		/* -input-script */
	struct host_out serial, debugcon, bios_log;
	struct display_text *dt;
	struct display_sdl *ds;
	struct panels *panels;		/* shown beside the screen, or NULL */
	struct console *console;	/* the debugger's console in the window, or NULL */
	struct serial_in sin;
	bool pace;
	u64 wall0, virt0;		/* pacing reference */
	u64 title_wall, title_icount;	/* the window title's MIPS */
	bool enter_debugger;		/* the window's Ctrl-Alt-D ended the loop */
	struct trace *trace;		/* -d, or NULL */
};

/* The machine and its inputs and outputs, in the order that creates no file
 * before every input checked out. 0, or -1 after one line on stderr. */
static int session_build(struct session *s)
{
	struct lucid_options *o = s->o;
	char err[512];

	if (o->input_script && !(s->is = inscript_load(o->input_script, err, sizeof(err)))) {
		fprintf(stderr, "lucid: %s\n", err);
		return -1;
	}
	s->serial = (struct host_out){ o->serial, NULL, s->is };
	s->debugcon = (struct host_out){ o->debugcon, NULL, NULL };
	o->cfg.serial = (struct byte_sink){ host_out_write, &s->serial };
	o->cfg.debugcon = (struct byte_sink){ host_out_write, &s->debugcon };
	s->bios_log = (struct host_out){ o->bios_log, NULL, NULL };
	o->cfg.bios_log_port = strcmp(o->bios_log, "none") != 0;
	o->cfg.bios_log = (struct byte_sink){ host_out_write, &s->bios_log };
	s->m = machine_create(&o->cfg, err, sizeof(err));
	if (!s->m) {
		fprintf(stderr, "lucid: %s\n", err);
		return -1;
	}
	if (o->loadvm && vm_load_file(s->m, o->loadvm, err, sizeof(err))) {
		fprintf(stderr, "lucid: -loadvm: %s\n", err);
		return -1;
	}
	if (o->replay && !(s->rr = rr_replay_start(s->m, o->replay, err, sizeof(err)))) {
		fprintf(stderr, "lucid: %s\n", err);
		return -1;
	}
	/* Output files are created only now that every input checked out. */
	if (host_out_open("-serial", &s->serial) || host_out_open("-debugcon", &s->debugcon) ||
	    host_out_open("-bios-log", &s->bios_log))
		return -1;
	if (o->record) {
		/* The start time is a note for people; the guest never sees it. */
		char when[64];
		time_t now = time(NULL);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
		s->rr = rr_record_start(s->m, o->record, o->rr_interval, when, err, sizeof(err));
		if (!s->rr) {
			fprintf(stderr, "lucid: -record: %s\n", err);
			return -1;
		}
	}
	/* A replay or a recording under the debugger keeps checkpoints for going back. */
	if ((o->replay || o->record) && options_debugging(o) &&
	    tt_enable(s->m, 0, 0, err, sizeof(err)))
		fprintf(stderr, "lucid: time travel is off: %s\n", err);
	/* Last: nothing after it can fail (main destroys the machine first). */
	if (o->trace_mask &&
	    !(s->trace = trace_open(s->m, o->trace_mask, o->trace_file, err, sizeof(err)))) {
		fprintf(stderr, "lucid: %s\n", err);
		return -1;
	}
	return 0;
}

/* Show the panels beside the screen, or hide them (Ctrl-Alt-I). */
static void toggle_panels(struct session *s)
{
	char err[256];
	if (s->panels) {
		display_sdl_set_panels(s->ds, NULL);
		panels_destroy(s->panels);
		s->panels = NULL;
		return;
	}
	s->panels = panels_create(s->m, &s->o->dopt, 0, err, sizeof(err));
	if (!s->panels) {
		fprintf(stderr, "lucid: %s\n", err);
		return;
	}
	display_sdl_set_panels(s->ds, s->panels);
}

/* Open or close the debugger's console in the window (Ctrl-Alt-C). */
static void toggle_console(struct session *s)
{
	char err[256];
	if (s->console) {
		display_sdl_set_console(s->ds, NULL);
		console_destroy(s->console);
		s->console = NULL;
		return;
	}
	s->console = console_create(s->m, &s->o->dopt, err, sizeof(err));
	if (!s->console) {
		fprintf(stderr, "lucid: %s\n", err);
		return;
	}
	display_sdl_set_console(s->ds, s->console);
}

/* The window (with sound) or the terminal's text display, as -display says. */
static void open_display(struct session *s)
{
	struct lucid_options *o = s->o;
	struct machine *m = s->m;
	char err[512];
	const char *display = o->display;

	if (!strcmp(display, "sdl")) {
		const char *name = o->cfg.disk ? strrchr(o->cfg.disk, '/') : NULL;
		name = name ? name + 1 : o->cfg.disk ? o->cfg.disk : o->cfg.kernel;
		s->ds = display_sdl_create(m, name, o->screenshot, err, sizeof(err));
		if (!s->ds) {
			display = isatty(1) ? "text" : "none";
			fprintf(stderr, "lucid: %s; using -display %s\n", err, display);
		} else {
			/* Sound to the host device, and to -audio-out's file as before. */
			struct audio_mixer *mx = &m->sound->mixer;
			struct audio_sink *as = sdl_audio_sink_open(mx->sink, err, sizeof(err));
			if (as) {
				mx->sink = NULL;	/* now inside as: not closed */
				audio_set_sink(mx, as);
			} else {
				log_debug("lucid: %s", err);
			}
			display_sdl_restrict(s->ds, o->replay != NULL, o->record || o->replay);
			if (o->panels)
				toggle_panels(s);
			display_sdl_title(s->ds, o->replay ? "replaying" :
					  o->record ? "recording" : "running", 0);
		}
	}
	if (!strcmp(display, "text")) {
		s->dt = display_text_create(m->vga, stdout);
		/* Typing on the terminal goes to the PS/2 keyboard, unless stdin is COM1's;
		 * a replay takes no live input at all. */
		if (s->dt && strcmp(s->serial.spec, "stdio") && isatty(0) && !o->replay)
			display_text_take_keyboard(s->dt, 0);
	}
}

/* Host input and the window, before each slice. Returns false when the
 * window asks to quit or to enter the debugger; sets *paused while the
 * window's pause holds virtual time still. */
static bool poll_host(struct session *s, bool *paused)
{
	struct machine *m = s->m;
	*paused = false;
	if (s->sin.on)
		serial_in_poll(&s->sin, m, 0);
	if (s->sin.quit) {
		fprintf(stderr, "\r\nlucid: Ctrl-A x: quitting\r\n");
		return false;
	}
	if (s->is)
		inscript_poll(s->is, m);
	if (s->dt && !s->o->replay)
		display_text_poll_keyboard(s->dt, &m->input, &m->clock);
	if (!s->ds)
		return true;
	enum display_sdl_action act = display_sdl_poll(s->ds);
	if (act == DSDL_QUIT)
		return false;
	if (act == DSDL_DEBUG) {
		s->enter_debugger = true;
		return false;
	}
	if (act == DSDL_PANELS)
		toggle_panels(s);
	if (act == DSDL_CONSOLE || (s->console && console_done(s->console)))
		toggle_console(s);
	u64 now = wall_ns();
	if (now - s->title_wall >= 500000000u) {
		u64 ran = m->clock.icount - s->title_icount;
		display_sdl_title(s->ds, NULL, ran / ((now - s->title_wall) / 1e9) / 1e6);
		s->title_wall = now;
		s->title_icount = m->clock.icount;
	}
	/* Paused, or the console open: the machine holds still for it. */
	if (display_sdl_paused(s->ds) || s->console) {
		display_sdl_refresh(s->ds);	/* exposes, resizes */
		sleep_ns(16000000);
		/* Virtual time stands still: restart the pacing reference. */
		s->wall0 = wall_ns();
		s->virt0 = clock_ns(&m->clock);
		*paused = true;
	}
	return true;
}

/* Sleep while virtual time is ahead of the wall clock (at most 50 ms). */
static void pace(struct session *s)
{
	u64 virt = clock_ns(&s->m->clock) - s->virt0, wall = wall_ns() - s->wall0;
	if (virt > wall + 1000000) {
		u64 ahead = virt - wall;
		sleep_ns((long)(ahead > 50000000 ? 50000000 : ahead));
	}
}

/* What to do after machine_run stopped for reason stop: true to run on,
 * false to end the run (*status set when the guest chose it). */
static bool handle_stop(struct session *s, enum machine_stop stop, int *status)
{
	struct machine *m = s->m;
	switch (stop) {
	case MACHINE_LIMIT:
		if (s->pace)
			pace(s);
		return true;
	case MACHINE_IDLE:
		/* Only host input can wake the guest: wait for some. */
		if (s->is) {
			inscript_poll(s->is, m);
			if (m->input.count)
				return true;
		}
		if (s->sin.on && !s->sin.eof) {
			serial_in_poll(&s->sin, m, 100);
			return true;
		}
		if ((s->dt || s->ds) && !got_signal) {
			sleep_ns(50000000);
			return true;
		}
		fprintf(stderr, "lucid: the guest halted waiting for an interrupt nothing will send "
				"(icount %llu); stopping\n", (unsigned long long)m->clock.icount);
		return false;
	case MACHINE_EXIT:
		*status = m->exit_status;
		return false;
	case MACHINE_HALTED:
		fprintf(stderr, "lucid: the CPU halted with interrupts disabled at %04x:%08x "
				"(icount %llu); nothing can wake it\n", m->cpu->seg[SEG_CS].sel,
			m->cpu->eip, (unsigned long long)m->clock.icount);
		return false;
	case MACHINE_LOCKUP: {
		char why[200];
		lockup_describe(m, why, sizeof(why));
		fprintf(stderr, "lucid: hard lockup: %s; the CPU is at %04x:%08x (icount %llu); "
				"stopping\n", why, m->cpu->seg[SEG_CS].sel, m->cpu->eip,
			(unsigned long long)m->clock.icount);
		*status = 4;
		return false;
	}
	case MACHINE_RESET:
		fprintf(stderr, "lucid: %s with -no-reboot; exiting\n",
			m->reset_reason ? m->reset_reason : "reset");
		return false;
	case MACHINE_STOPPED:
		if (!(s->rr && rr_diverged(s->rr)))
			fprintf(stderr, "lucid: terminating on signal %d\n", (int)got_signal);
		return false;
	default:
		return true;	/* MACHINE_DEBUG: no debugger attached here; carry on */
	}
}

/* The machine in slices of 10 ms of virtual time, with the host looked at
 * between them, until the guest or the host ends the run. The exit status. */
static int run_loop(struct session *s)
{
	struct machine *m = s->m;
	u64 slice = m->clock.ips / 100;
	u64 end = s->rr ? rr_end_icount(s->rr) : CLOCK_NEVER;
	int status = 0;

	s->sin.on = !strcmp(s->serial.spec, "stdio") && !s->o->replay;
	bool interactive = s->ds || s->dt || (s->sin.on && isatty(0));
	if (s->sin.on)
		serial_in_make_raw(&s->sin);
	s->pace = s->o->pace && (interactive || s->o->pace_given);
	s->wall0 = s->title_wall = wall_ns();
	s->virt0 = clock_ns(&m->clock);
	while (m->clock.icount < end) {	/* a replay stops where the recording did */
		bool paused;
		if (!poll_host(s, &paused))
			break;
		if (paused)
			continue;
		u64 limit = m->clock.icount + slice;
		u64 next = s->is ? inscript_next_icount(s->is) : CLOCK_NEVER;
		if (next > m->clock.icount && next < limit)
			limit = next;	/* scripted input lands on time */
		next = s->panels ? panels_next_icount(s->panels) : CLOCK_NEVER;
		if (next > m->clock.icount && next < limit)
			limit = next;	/* the panels sample on their grid of virtual time */
		enum machine_stop stop = machine_run(m, limit < end ? limit : end);
		host_out_flush(&s->serial);
		host_out_flush(&s->debugcon);
		host_out_flush(&s->bios_log);
		if (s->dt)
			display_text_refresh(s->dt);
		if (s->panels && panels_tick(s->panels))
			display_sdl_panels_changed(s->ds);
		if (s->ds)
			display_sdl_refresh(s->ds);
		if (!handle_stop(s, stop, &status))
			break;
	}
	serial_in_restore();
	return status;
}

/* -screen-dump: the screen as text, and a checksum that is stable across runs. */
static void screen_dump(struct machine *m, const char *path)
{
	static char text[64 * 1024];
	size_t n = display_text_dump(m->vga, text, sizeof(text));
	char hex[65];
	sha256_hex(text, n, hex);
	FILE *f = fopen(path, "w");
	if (!f || fwrite(text, 1, n, f) != n || fclose(f))
		fprintf(stderr, "lucid: -screen-dump '%s': %s\n", path, strerror(errno));
	else
		fprintf(stderr, "lucid: screen sha256 %s\n", hex);
}

/* -stats: instructions, host time and virtual time of the run. */
static void print_stats(struct session *s)
{
	struct machine *m = s->m;
	double host = (wall_ns() - s->wall0) / 1e9;
	u64 ran = m->clock.icount - m->halt_skipped;
	fprintf(stderr, "lucid: %llu instructions executed in %.3f s host (%.1f MIPS), "
			"%.3f s virtual, %.3f s of it halted\n",
		(unsigned long long)ran, host, host > 0 ? ran / host / 1e6 : 0.0,
		clock_ns(&m->clock) / 1e9, clock_icount_to_ns(&m->clock, m->halt_skipped) / 1e9);
}

/* Close the recording or check the replay's end; the status to exit with. */
static int finish_rr(struct session *s, int status)
{
	struct rr *rr = s->rr;
	bool was_replay = rr_is_replay(rr);
	u64 nd = rr_digests(rr), ne = rr_events(rr);
	char err[512];

	if (rr_finish(rr, status, err, sizeof(err))) {
		fprintf(stderr, "lucid: %s\n", err);
		return 3;
	}
	if (was_replay)
		fprintf(stderr, "lucid: replay identical to the recording: %llu digests and "
				"%llu input events checked, ended at icount %llu\n",
			(unsigned long long)nd + 1, (unsigned long long)ne,
			(unsigned long long)s->m->clock.icount);
	else if (s->o->stats)
		fprintf(stderr, "lucid: recorded %llu digests and %llu input events\n",
			(unsigned long long)nd + 1, (unsigned long long)ne);
	return status;
}

/* After the loop: the dumps, the debugger if the window asked for it, the
 * screenshot, the figures and the recording's end. The exit status. */
static int finish_run(struct session *s, int status)
{
	struct lucid_options *o = s->o;
	char err[512];

	if (s->dt)
		display_text_destroy(s->dt);
	s->dt = NULL;
	if (o->screen_dump)
		screen_dump(s->m, o->screen_dump);
	if (s->enter_debugger) {
		/* Ctrl-Alt-D: the debugger's prompt on the terminal takes over the run. */
		fprintf(stderr, "lucid: entering the debugger (the window is not updated while it runs)\n");
		o->dopt.debug = true;
		if (s->ds)
			display_sdl_title(s->ds, "in the debugger", 0);
		status = dbg_main(s->m, &o->dopt);
	}
	if (o->screenshot &&
	    screen_save_png(s->m->vga, clock_ns(&s->m->clock), o->screenshot, err, sizeof(err))) {
		fprintf(stderr, "lucid: %s\n", err);
		if (!status)
			status = 1;
	}
	if (s->console) {
		display_sdl_set_console(s->ds, NULL);
		console_destroy(s->console);
		s->console = NULL;
	}
	if (s->panels) {
		if (o->stats) {
			u64 host = wall_ns() - s->wall0, ns = panels_host_ns(s->panels);
			fprintf(stderr, "lucid: panels: %llu samples, %.3f s of host time (%.1f%% of the run)\n",
				(unsigned long long)panels_samples(s->panels), ns / 1e9,
				host ? ns * 100.0 / host : 0.0);
		}
		display_sdl_set_panels(s->ds, NULL);
		panels_destroy(s->panels);
		s->panels = NULL;
	}
	if (s->ds)
		display_sdl_destroy(s->ds);
	s->ds = NULL;
	if (o->stats)
		print_stats(s);
	if (s->rr)
		status = finish_rr(s, status);
	return status;
}

/* The run without a debugger: signals, the display, the loop, the end. */
static int run_free(struct session *s)
{
	the_machine = s->m;
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	open_display(s);
	return finish_run(s, run_loop(s));
}

/* The debugger runs the machine: a prompt, a script or gdb. The exit status. */
static void feed_input_script(void *ctx)
{
	struct session *s = ctx;
	inscript_poll(s->is, s->m);
}

static int run_debugger(struct session *s)
{
	char err[512];
	struct machine *m = s->m;
	if (s->is) {
		s->o->dopt.feed = feed_input_script;
		s->o->dopt.feed_ctx = s;
	}
	int st = dbg_main(m, &s->o->dopt);
	if (st == DBG_MAIN_RUN_ON)
		return run_free(s);	/* gdb detached: the guest runs on */
	if (s->o->screen_dump)
		screen_dump(m, s->o->screen_dump);
	if (s->o->screenshot &&
	    screen_save_png(m->vga, clock_ns(&m->clock), s->o->screenshot, err, sizeof(err)))
		fprintf(stderr, "lucid: %s\n", err);
	if (!m->rr)
		return st;
	struct rr *rr = m->rr;
	if (rr_is_replay(rr) && m->clock.icount < rr_end_icount(rr)) {
		/* Quitting part-way through a replay is not a divergence. */
		u64 nd = rr_digests(rr), ne = rr_events(rr), end = rr_end_icount(rr);
		if (rr_leave_replay(rr, err, sizeof(err))) {
			fprintf(stderr, "lucid: %s\n", err);
			return 3;
		}
		fprintf(stderr, "lucid: replay left at icount %llu of the recording's %llu: "
				"%llu digests and %llu input events up to there identical\n",
			(unsigned long long)m->clock.icount, (unsigned long long)end,
			(unsigned long long)nd, (unsigned long long)ne);
		return st;
	}
	s->rr = rr;	/* time travel may have replaced the one the session began with */
	return finish_rr(s, st);
}

/* Flush the disk, destroy the machine, close the outputs. */
static void teardown(struct session *s)
{
	trace_close(s->trace);
	if (s->m) {
		fflush(stdout);
		if (machine_flush(s->m))
			fprintf(stderr, "lucid: flushing the disk image failed\n");
		machine_destroy(s->m);
	}
	inscript_free(s->is);
	host_out_close(&s->serial);
	host_out_close(&s->debugcon);
	host_out_close(&s->bios_log);
	options_free(s->o);
}

int main(int argc, char **argv)
{
	struct lucid_options o;
	struct session s = { .o = &o };
	int status = options_parse(&o, argc, argv);

	if (status >= 0)
		return status;
	if (options_finish(&o) || session_build(&s)) {
		if (s.m)
			machine_destroy(s.m);
		s.m = NULL;
		teardown(&s);
		return 2;
	}
	if (options_debugging(&o)) {
		status = run_debugger(&s);
	} else {
		status = run_free(&s);
	}
	teardown(&s);
	return status;
}
