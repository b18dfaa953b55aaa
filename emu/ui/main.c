/*
 * lucid: the command line (issue 5), with QEMU's spellings where QEMU has the
 * same option, and the host side of the machine: where serial and debugcon
 * output go, host stdin as serial input (through the input queue), the text
 * display or the SDL window (emu/ui/display_sdl.c), pacing against the wall
 * clock, and signals.
 *
 * This file is the only place that may look at the host clock: for pacing
 * (which never changes what the guest sees) and for -rtc base=utc|localtime,
 * read once at start-up when asked for explicitly.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "debugger/dbg_machine.h"
#include "devices/cmos.h"
#include "devices/uart.h"
#include "emu/ui/display_sdl.h"
#include "emu/ui/display_text.h"
#include "emu/lib/log.h"
#include "emu/machine/machine.h"
#include "emu/ui/inscript.h"
#include "emu/replay/replay.h"
#include "emu/lib/sha256.h"
#include "emu/replay/timetravel.h"
#include "emu/replay/vmstate.h"
#include "emu/machine/screen.h"
#include "emu/machine/sound.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lucid [options] [disk.img]\n"
		"  -hda FILE           disk image for the primary IDE master (same as disk.img)\n"
		"  -snapshot           keep disk writes in memory; the image is never modified\n"
		"  -m SIZE             RAM size, in MiB or with a K/M/G suffix (default 64M)\n"
		"  -bios FILE          BIOS ROM image, 64/128/256 KiB (default %s)\n"
		"  -cpu MODEL[,fpu=off] 386, 486, pentium or p6 (default p6, like QEMU's qemu32);\n"
		"                      386,fpu=off: a 386 without its 387\n"
		"  -ips N              virtual instructions per second (default 100000000)\n"
		"  -serial DEV         COM1: stdio, file:PATH or none\n"
		"  -debugcon DEV       port 0xE9: stdio (default), file:PATH or none\n"
		"  -display TYPE       sdl (a window; the default with a display), text or none\n"
		"  -screenshot FILE    save the screen as PNG when the run ends (also after the\n"
		"                      debugger; and for the window's Ctrl-Alt-S)\n"
		"  -pace on|off        pace virtual time to wall time (default on in a window\n"
		"                      or on an interactive terminal, off headless)\n"
		"  -rtc base=WHEN      RTC start: YYYY-MM-DDTHH:MM:SS (default 2026-01-01T00:00:00),\n"
		"                      utc or localtime (the host clock, read once)\n"
		"  -no-reboot          exit instead of resetting (reset, triple fault)\n"
		"  -kernel FILE        boot a Linux boot protocol kernel directly\n"
		"  -append CMDLINE     its command line\n"
		"  -initrd FILE        its initial ramdisk\n"
		"  -audio-out FILE.wav sound output (Sound Blaster 16, PC speaker)\n"
		"  -audio-in FILE.wav  sound input for recording\n"
		"  -debugexit          accepted for QEMU scripts: isa-debug-exit at 0xF4 is always on\n"
		"  -no-pace            run as fast as possible even when interactive\n"
		"  -stats              at exit, print instructions run, MIPS and virtual time\n"
		"  -debug              stop at the reset vector with the debugger's prompt\n"
		"  -debug-script FILE  run debugger commands from FILE (batch mode; also -x)\n"
		"  -s                  gdb stub on 127.0.0.1:1234 (-gdb tcp::PORT for another port)\n"
		"  -S                  wait for gdb before the first instruction\n"
		"  -kernel-symbols ELF kernel symbols and DWARF for the debugger\n"
		"                      (default build/guest/lucix.elf when it exists)\n"
		"  -symbols ELF        more symbols for the debugger (BIOS, boot sector; repeatable)\n"
		"  -record FILE        record the run (input events, state digests) to FILE\n"
		"  -replay FILE        replay a recorded run exactly, checking every digest\n"
		"                      (both imply -snapshot; give the same options as the recording)\n"
		"  -rr-interval N      instructions between state digests (default 10000000)\n"
		"  -loadvm FILE        start from a snapshot saved by the debugger's savevm\n"
		"  -input-script FILE  scripted keys, mouse and COM1 text (at ICOUNT ..., when-serial ...)\n"
		"  -screen-dump FILE   at exit, write the VGA text screen to FILE and its SHA-256\n"
		"  -v                  verbose emulator diagnostics\n"
		"  -h                  this help\n"
		"The guest can end the run through isa-debug-exit: writing V to port 0xF4 exits\n"
		"with status (V << 1) | 1.\n",
		MACHINE_DEFAULT_BIOS);
}

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

static int host_out_check(const char *opt, const char *spec)
{
	if (!strcmp(spec, "stdio") || !strcmp(spec, "none") || !strcmp(spec, "null") ||
	    (!strncmp(spec, "file:", 5) && spec[5]))
		return 0;
	fprintf(stderr, "lucid: %s '%s': expected stdio, file:PATH or none\n", opt, spec);
	return -1;
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

static int parse_size(const char *s, u32 *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned long long mul = 1 << 20;

	if (end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		mul = 1 << 10, end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1 << 20, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1 << 30, end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v == 0 || v > (4ull << 30) / mul)
		return -1;
	*out = (u32)(v * mul > 0xFFFFFFFFull ? 0xFFFFFFFFull : v * mul);
	return 0;
}

/* -cpu MODEL[,fpu=on|off]: only the 386 can lack its coprocessor. */
static int parse_cpu(const char *s, enum cpu_model *out, bool *no_fpu)
{
	static const struct { const char *name; enum cpu_model m; } models[] = {
		{ "386", CPU_386 }, { "486", CPU_486 }, { "pentium", CPU_PENTIUM }, { "p6", CPU_P6 },
	};
	const char *comma = strchr(s, ',');
	size_t n = comma ? (size_t)(comma - s) : strlen(s);
	*no_fpu = false;
	if (comma) {
		if (!strcmp(comma + 1, "fpu=off"))
			*no_fpu = true;
		else if (strcmp(comma + 1, "fpu=on"))
			return -1;
	}
	for (size_t i = 0; i < ARRAY_SIZE(models); i++) {
		if (strlen(models[i].name) == n && !strncmp(s, models[i].name, n)) {
			*out = models[i].m;
			return *no_fpu && *out != CPU_386 ? -1 : 0;
		}
	}
	return -1;
}

/* -rtc base=...[,clock=vm]; the host clock only when asked by name. */
static int parse_rtc(const char *s, s64 *base)
{
	char buf[128];
	char *save = NULL;

	if (strlen(s) >= sizeof(buf))
		return -1;
	strcpy(buf, s);
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "base=", 5)) {
			const char *v = tok + 5;
			if (!strcmp(v, "utc")) {
				*base = time(NULL);
			} else if (!strcmp(v, "localtime")) {
				time_t now = time(NULL);
				struct tm tm;
				localtime_r(&now, &tm);
				*base = now + tm.tm_gmtoff;
			} else if (cmos_parse_time(v, base)) {
				return -1;
			}
		} else if (strcmp(tok, "clock=vm")) {
			return -1;	/* the RTC always runs on virtual time */
		}
	}
	return 0;
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

/* Host stdin as COM1 input: bytes wait here until the UART's FIFO has room. */
struct serial_in {
	bool on, eof;
	u8 buf[4096];
	size_t len;
};

static void serial_in_poll(struct serial_in *in, struct machine *m, int timeout_ms)
{
	if (!in->on)
		return;
	if (!in->eof && in->len < sizeof(in->buf)) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		if (poll(&p, 1, timeout_ms) > 0) {
			ssize_t n = read(0, in->buf + in->len, sizeof(in->buf) - in->len);
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

static int report_and_exit(struct machine *m, int status)
{
	fflush(stdout);
	if (machine_flush(m))
		fprintf(stderr, "lucid: flushing the disk image failed\n");
	machine_destroy(m);
	return status;
}

int main(int argc, char **argv)
{
	struct machine_config cfg = { .cpu_model = CPU_P6, .rtc_base = CMOS_DEFAULT_BASE };
	struct host_out serial = { NULL, NULL, NULL }, debugcon = { "stdio", NULL, NULL };
	const char *display = NULL, *audio_out = NULL, *audio_in = NULL, *shot = NULL;
	bool pace = true, pace_given = false, stats = false;
	char err[512];
	struct dbg_options dopt = { 0 };
	const char *record = NULL, *replay = NULL, *loadvm = NULL;
	const char *input_script = NULL, *screen_dump = NULL;
	u64 rr_interval = RR_DEFAULT_INTERVAL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		/* QEMU accepts --opt for -opt. */
		if (a[0] == '-' && a[1] == '-' && a[2])
			a++;
#define ARG()                                                                     \
	do {                                                                      \
		if (!v) {                                                         \
			fprintf(stderr, "lucid: option %s needs an argument\n", a); \
			return 2;                                                 \
		}                                                                 \
		i++;                                                              \
	} while (0)
		if (!strcmp(a, "-h") || !strcmp(a, "-help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-hda")) {
			ARG();
			if (cfg.disk) {
				fprintf(stderr, "lucid: more than one disk image given\n");
				return 2;
			}
			cfg.disk = v;
		} else if (!strcmp(a, "-m")) {
			ARG();
			const char *s = strncmp(v, "size=", 5) ? v : v + 5;
			if (parse_size(s, &cfg.ram_size)) {
				fprintf(stderr, "lucid: -m '%s': expected a size like 64, 512M or 1G\n", v);
				return 2;
			}
		} else if (!strcmp(a, "-bios")) {
			ARG();
			cfg.bios = v;
		} else if (!strcmp(a, "-cpu")) {
			ARG();
			if (parse_cpu(v, &cfg.cpu_model, &cfg.no_fpu)) {
				fprintf(stderr, "lucid: -cpu '%s': expected 386, 486, pentium or p6 "
					"(386,fpu=off: no 387)\n", v);
				return 2;
			}
		} else if (!strcmp(a, "-ips")) {
			ARG();
			char *end;
			unsigned long long n = strtoull(v, &end, 10);
			if (*end || n < 1000 || n > 100000000000ull) {
				fprintf(stderr, "lucid: -ips '%s': expected a number from 1000 to 1e11\n", v);
				return 2;
			}
			cfg.ips = n;
		} else if (!strcmp(a, "-serial")) {
			ARG();
			if (host_out_check(a, v))
				return 2;
			serial.spec = v;
		} else if (!strcmp(a, "-debugcon")) {
			ARG();
			if (host_out_check(a, v))
				return 2;
			debugcon.spec = v;
		} else if (!strcmp(a, "-display")) {
			ARG();
			if (strcmp(v, "sdl") && strcmp(v, "text") && strcmp(v, "none")) {
				fprintf(stderr, "lucid: -display '%s': expected sdl, text or none\n", v);
				return 2;
			}
			display = v;
		} else if (!strcmp(a, "-nographic")) {
			display = "none";
			if (!serial.spec)
				serial.spec = "stdio";
		} else if (!strcmp(a, "-rtc")) {
			ARG();
			if (parse_rtc(v, &cfg.rtc_base)) {
				fprintf(stderr, "lucid: -rtc '%s': expected base=YYYY-MM-DDTHH:MM:SS, "
						"base=utc or base=localtime\n", v);
				return 2;
			}
		} else if (!strcmp(a, "-snapshot")) {
			cfg.snapshot = true;
		} else if (!strcmp(a, "-no-reboot")) {
			cfg.no_reboot = true;
		} else if (!strcmp(a, "-kernel")) {
			ARG();
			cfg.kernel = v;
		} else if (!strcmp(a, "-append")) {
			ARG();
			cfg.append = v;
		} else if (!strcmp(a, "-initrd")) {
			ARG();
			cfg.initrd = v;
		} else if (!strcmp(a, "-audio-out")) {
			ARG();
			audio_out = v;
		} else if (!strcmp(a, "-audio-in")) {
			ARG();
			audio_in = v;
		} else if (!strcmp(a, "-debugexit")) {
			/* always present */
		} else if (!strcmp(a, "-no-pace")) {
			pace = false;
			pace_given = true;
		} else if (!strcmp(a, "-pace")) {
			ARG();
			if (strcmp(v, "on") && strcmp(v, "off")) {
				fprintf(stderr, "lucid: -pace '%s': expected on or off\n", v);
				return 2;
			}
			pace = !strcmp(v, "on");
			pace_given = true;
		} else if (!strcmp(a, "-screenshot")) {
			ARG();
			shot = v;
		} else if (!strcmp(a, "-record")) {
			ARG();
			record = v;
		} else if (!strcmp(a, "-replay")) {
			ARG();
			replay = v;
		} else if (!strcmp(a, "-input-script")) {
			ARG();
			input_script = v;
		} else if (!strcmp(a, "-screen-dump")) {
			ARG();
			screen_dump = v;
		} else if (!strcmp(a, "-loadvm")) {
			ARG();
			loadvm = v;
		} else if (!strcmp(a, "-rr-interval")) {
			ARG();
			char *end;
			rr_interval = strtoull(v, &end, 10);
			if (*end || rr_interval < 1000 || rr_interval > 1000000000000ull) {
				fprintf(stderr, "lucid: -rr-interval '%s': expected a number from 1000 "
						"to 1e12\n", v);
				return 2;
			}
		} else if (!strcmp(a, "-v")) {
			log_level = LOG_DEBUG;
		} else if (!strcmp(a, "-stats")) {
			stats = true;
		} else if (!strcmp(a, "-debug")) {
			dopt.debug = true;
		} else if (!strcmp(a, "-debug-script") || !strcmp(a, "-x")) {
			ARG();
			dopt.script = v;
		} else if (!strcmp(a, "-s")) {
			if (!dopt.gdb_port)
				dopt.gdb_port = 1234;
		} else if (!strcmp(a, "-S")) {
			dopt.gdb_wait = true;
		} else if (!strcmp(a, "-gdb")) {
			ARG();
			/* QEMU's spelling: tcp::PORT (the stub only ever binds 127.0.0.1). */
			const char *c = strrchr(v, ':');
			char *end;
			long port = strtol(c ? c + 1 : v, &end, 10);
			if (*end || port < 1 || port > 65535) {
				fprintf(stderr, "lucid: -gdb '%s': expected tcp::PORT\n", v);
				return 2;
			}
			dopt.gdb_port = (int)port;
		} else if (!strcmp(a, "-kernel-symbols")) {
			ARG();
			dopt.kernel_symbols = v;
		} else if (!strcmp(a, "-symbols")) {
			ARG();
			if (dopt.nsymbols == (int)ARRAY_SIZE(dopt.symbols)) {
				fprintf(stderr, "lucid: too many -symbols files\n");
				return 2;
			}
			dopt.symbols[dopt.nsymbols++] = v;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "lucid: unknown option '%s' (try -h)\n", argv[i]);
			return 2;
		} else {
			if (cfg.disk) {
				fprintf(stderr, "lucid: more than one disk image given ('%s')\n", a);
				return 2;
			}
			cfg.disk = a;
		}
#undef ARG
	}
	if ((cfg.append || cfg.initrd) && !cfg.kernel) {
		fprintf(stderr, "lucid: -append and -initrd need -kernel\n");
		return 2;
	}
	struct inscript *is = NULL;
	if (input_script && !(is = inscript_load(input_script, err, sizeof(err)))) {
		fprintf(stderr, "lucid: %s\n", err);
		return 2;
	}
	serial.tap = is;
	if (record && replay) {
		fprintf(stderr, "lucid: -record and -replay cannot be used together\n");
		return 2;
	}
	if (loadvm && (record || replay)) {
		fprintf(stderr, "lucid: -loadvm cannot be combined with -record or -replay\n");
		return 2;
	}
	/* A recorded run must start from the image the log's hash names, and a
	 * replay must not change the image either: disk writes stay in memory. */
	if (record || replay)
		cfg.snapshot = true;
	bool debugging = dopt.debug || dopt.script || dopt.gdb_port || dopt.gdb_wait;
	/* The debugger's files: refuse unreadable ones before anything starts. */
	const char *dfiles[2 + ARRAY_SIZE(dopt.symbols)] = { dopt.script, dopt.kernel_symbols };
	for (int k = 0; k < dopt.nsymbols; k++)
		dfiles[2 + k] = dopt.symbols[k];
	for (size_t k = 0; k < ARRAY_SIZE(dfiles); k++) {
		if (dfiles[k] && access(dfiles[k], R_OK) != 0) {
			fprintf(stderr, "lucid: %s '%s': %s\n", k == 0 ? "-debug-script" :
				k == 1 ? "-kernel-symbols" : "-symbols", dfiles[k], strerror(errno));
			return 2;
		}
	}
	if (dopt.gdb_wait && !dopt.gdb_port)
		dopt.gdb_port = 1234;
	/* The terminal belongs to the debugger's prompt. */
	if (!display && debugging)
		display = "none";
	bool sdl_asked = display && !strcmp(display, "sdl");
	if (!display)
		display = isatty(1) ? "sdl" : "none";	/* scripts never get a window unasked */
	if (!strcmp(display, "sdl") && !display_sdl_available()) {
		/* No display: nothing opens and nothing fails. */
		display = isatty(1) ? "text" : "none";
		if (sdl_asked)
			fprintf(stderr, "lucid: no display (DISPLAY/WAYLAND_DISPLAY unset); "
					"using -display %s\n", display);
	}
	if (!serial.spec)
		serial.spec = strcmp(display, "text") ? "stdio" : "none";
	cfg.audio_out = audio_out;
	cfg.audio_in = audio_in;

	cfg.serial = (struct byte_sink){ host_out_write, &serial };
	cfg.debugcon = (struct byte_sink){ host_out_write, &debugcon };
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "lucid: %s\n", err);
		return 2;
	}
	if (loadvm && vm_load_file(m, loadvm, err, sizeof(err))) {
		fprintf(stderr, "lucid: -loadvm: %s\n", err);
		machine_destroy(m);
		return 2;
	}
	struct rr *rr = NULL;
	if (replay && !(rr = rr_replay_start(m, replay, err, sizeof(err)))) {
		fprintf(stderr, "lucid: %s\n", err);
		machine_destroy(m);
		return 2;
	}
	/* Output files are created only now that every input checked out. */
	if (host_out_open("-serial", &serial) || host_out_open("-debugcon", &debugcon)) {
		machine_destroy(m);
		return 2;
	}
	if (record) {
		/* The start time is a note for people; the guest never sees it. */
		char when[64];
		time_t now = time(NULL);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
		rr = rr_record_start(m, record, rr_interval, when, err, sizeof(err));
		if (!rr) {
			fprintf(stderr, "lucid: -record: %s\n", err);
			machine_destroy(m);
			return 2;
		}
	}

	/* A replay or a recording under the debugger keeps checkpoints for going back. */
	if ((replay || record) && debugging && tt_enable(m, 0, 0, err, sizeof(err)))
		fprintf(stderr, "lucid: time travel is off: %s\n", err);
	if (debugging) {
		/* The debugger runs the machine: prompt, script or gdb. */
		int st = dbg_main(m, &dopt);
		if (shot && screen_save_png(m->vga, clock_ns(&m->clock), shot, err, sizeof(err)))
			fprintf(stderr, "lucid: %s\n", err);
		if (m->rr && rr_finish(m->rr, st, err, sizeof(err))) {
			fprintf(stderr, "lucid: %s\n", err);
			st = 3;
		}
		st = report_and_exit(m, st);
		if (serial.f && serial.f != stdout)
			fclose(serial.f);
		if (debugcon.f && debugcon.f != stdout)
			fclose(debugcon.f);
		return st;
	}

	the_machine = m;
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	struct display_text *dt = NULL;
	struct display_sdl *ds = NULL;
	if (!strcmp(display, "sdl")) {
		const char *name = cfg.disk ? strrchr(cfg.disk, '/') : NULL;
		name = name ? name + 1 : cfg.disk ? cfg.disk : cfg.kernel;
		ds = display_sdl_create(m, name, shot, err, sizeof(err));
		if (!ds) {
			display = isatty(1) ? "text" : "none";
			fprintf(stderr, "lucid: %s; using -display %s\n", err, display);
		} else {
			/* Sound to the host device, and to -audio-out's file as before. */
			struct audio_mixer *mx = &m->sound->mixer;
			struct audio_sink *old = mx->sink;
			struct audio_sink *as = sdl_audio_sink_open(old, err, sizeof(err));
			if (as) {
				mx->sink = NULL;	/* now inside as: not closed */
				audio_set_sink(mx, as);
			} else {
				log_debug("lucid: %s", err);
			}
			display_sdl_restrict(ds, replay != NULL, record || replay);
			display_sdl_title(ds, replay ? "replaying" : record ? "recording" : "running",
					  0);
		}
	}
	if (!strcmp(display, "text")) {
		dt = display_text_create(m->vga, stdout);
		/* Typing on the terminal goes to the PS/2 keyboard, unless stdin is COM1's;
		 * a replay takes no live input at all. */
		if (dt && strcmp(serial.spec, "stdio") && isatty(0) && !replay)
			display_text_take_keyboard(dt, 0);
	}
	struct serial_in sin = { .on = !strcmp(serial.spec, "stdio") && !replay };
	bool interactive = ds || dt || (sin.on && isatty(0));
	if (!interactive && !pace_given)
		pace = false;

	u64 slice = m->clock.ips / 100;	/* 10 ms of virtual time between host looks */
	u64 wall0 = wall_ns(), virt0 = clock_ns(&m->clock);
	int status = 0;

	u64 end = rr ? rr_end_icount(rr) : CLOCK_NEVER;
	u64 title_wall = wall0, title_icount = 0;
	bool enter_debugger = false;

	for (;;) {
		if (m->clock.icount >= end)
			break;	/* where the recording stopped */
		if (sin.on)
			serial_in_poll(&sin, m, 0);
		if (is)
			inscript_poll(is, m);
		if (dt && !replay)
			display_text_poll_keyboard(dt, &m->input, &m->clock);
		if (ds) {
			enum display_sdl_action act = display_sdl_poll(ds);
			if (act == DSDL_QUIT)
				break;
			if (act == DSDL_DEBUG) {
				enter_debugger = true;
				break;
			}
			u64 now = wall_ns();
			if (now - title_wall >= 500000000u) {
				u64 ran = m->clock.icount - title_icount;
				display_sdl_title(ds, NULL, ran / ((now - title_wall) / 1e9) / 1e6);
				title_wall = now;
				title_icount = m->clock.icount;
			}
			if (display_sdl_paused(ds)) {
				display_sdl_refresh(ds);	/* exposes, resizes */
				struct timespec ts = { 0, 16000000 };
				nanosleep(&ts, NULL);
				/* Virtual time stands still: restart the pacing reference. */
				wall0 = wall_ns();
				virt0 = clock_ns(&m->clock);
				continue;
			}
		}
		u64 limit = m->clock.icount + slice;
		if (is && inscript_next_icount(is) > m->clock.icount && inscript_next_icount(is) < limit)
			limit = inscript_next_icount(is);	/* scripted input lands on time */
		enum machine_stop stop = machine_run(m, limit < end ? limit : end);
		if (dt)
			display_text_refresh(dt);
		if (ds)
			display_sdl_refresh(ds);
		if (stop == MACHINE_LIMIT) {
			if (pace) {
				u64 virt = clock_ns(&m->clock) - virt0, wall = wall_ns() - wall0;
				if (virt > wall + 1000000) {
					u64 ahead = virt - wall;
					struct timespec ts = { 0, (long)(ahead > 50000000 ? 50000000 : ahead) };
					nanosleep(&ts, NULL);
				}
			}
			continue;
		}
		if (stop == MACHINE_IDLE) {
			/* Only host input can wake the guest: wait for some. */
			if (is) {
				inscript_poll(is, m);
				if (m->input.count)
					continue;
			}
			if (sin.on && !sin.eof) {
				serial_in_poll(&sin, m, 100);
				continue;
			}
			if ((dt || ds) && !got_signal) {
				struct timespec ts = { 0, 50000000 };
				nanosleep(&ts, NULL);
				continue;
			}
			fprintf(stderr, "lucid: the guest halted waiting for an interrupt nothing will send "
					"(icount %llu); stopping\n",
				(unsigned long long)m->clock.icount);
			break;
		}
		if (stop == MACHINE_EXIT) {
			status = m->exit_status;
			break;
		}
		if (stop == MACHINE_HALTED) {
			fprintf(stderr, "lucid: the CPU halted with interrupts disabled at %04x:%08x "
					"(icount %llu); nothing can wake it\n",
				m->cpu->seg[SEG_CS].sel, m->cpu->eip,
				(unsigned long long)m->clock.icount);
			break;
		}
		if (stop == MACHINE_RESET) {
			fprintf(stderr, "lucid: %s with -no-reboot; exiting\n",
				m->reset_reason ? m->reset_reason : "reset");
			break;
		}
		if (stop == MACHINE_STOPPED) {
			if (rr && rr_diverged(rr))
				break;
			fprintf(stderr, "lucid: terminating on signal %d\n", (int)got_signal);
			break;
		}
		/* MACHINE_DEBUG: no debugger attached here; carry on. */
	}
	if (dt)
		display_text_destroy(dt);
	if (screen_dump) {
		/* The screen as text, and a checksum that is stable across runs. */
		static char text[64 * 1024];
		size_t n = display_text_dump(m->vga, text, sizeof(text));
		char hex[65];
		sha256_hex(text, n, hex);
		FILE *f = fopen(screen_dump, "w");
		if (!f || fwrite(text, 1, n, f) != n || fclose(f))
			fprintf(stderr, "lucid: -screen-dump '%s': %s\n", screen_dump, strerror(errno));
		else
			fprintf(stderr, "lucid: screen sha256 %s\n", hex);
	}
	if (enter_debugger) {
		/* Ctrl-Alt-D: the debugger's prompt on the terminal takes over the run. */
		fprintf(stderr, "lucid: entering the debugger (the window is not updated while it runs)\n");
		dopt.debug = true;
		if (ds)
			display_sdl_title(ds, "in the debugger", 0);
		status = dbg_main(m, &dopt);
	}
	if (shot) {
		if (screen_save_png(m->vga, clock_ns(&m->clock), shot, err, sizeof(err))) {
			fprintf(stderr, "lucid: %s\n", err);
			if (!status)
				status = 1;
		}
	}
	if (ds)
		display_sdl_destroy(ds);
	if (stats) {
		double host = (wall_ns() - wall0) / 1e9;
		u64 ran = m->clock.icount - m->halt_skipped;
		fprintf(stderr, "lucid: %llu instructions executed in %.3f s host (%.1f MIPS), "
				"%.3f s virtual, %.3f s of it halted\n",
			(unsigned long long)ran, host, host > 0 ? ran / host / 1e6 : 0.0,
			clock_ns(&m->clock) / 1e9,
			clock_icount_to_ns(&m->clock, m->halt_skipped) / 1e9);
	}
	if (rr) {
		bool was_replay = rr_is_replay(rr);
		u64 nd = rr_digests(rr), ne = rr_events(rr);
		if (rr_finish(rr, status, err, sizeof(err))) {
			fprintf(stderr, "lucid: %s\n", err);
			status = 3;
		} else if (was_replay) {
			fprintf(stderr, "lucid: replay identical to the recording: %llu digests and "
					"%llu input events checked, ended at icount %llu\n",
				(unsigned long long)nd + 1, (unsigned long long)ne,
				(unsigned long long)m->clock.icount);
		} else if (stats) {
			fprintf(stderr, "lucid: recorded %llu digests and %llu input events\n",
				(unsigned long long)nd + 1, (unsigned long long)ne);
		}
	}
	status = report_and_exit(m, status);
	inscript_free(is);
	if (serial.f && serial.f != stdout)
		fclose(serial.f);
	if (debugcon.f && debugcon.f != stdout)
		fclose(debugcon.f);
	return status;
}
