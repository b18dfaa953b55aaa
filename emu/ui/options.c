/*
 * The command line: the option table, the parser and the help made from it
 * (see options.h).
 *
 * -rtc base=utc|localtime reads the host clock, once, while parsing: the only
 * host time the guest can ever see, and only when asked for by name.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/cmos.h"
#include "emu/lib/log.h"
#include "emu/replay/replay.h"
#include "emu/ui/datadir.h"
#include "emu/ui/display_sdl.h"
#include "emu/ui/options.h"
#include "emu/ui/trace.h"

/* How a row stores its value. */
enum opt_kind {
	OPT_STR,	/* the argument, as a const char * at off */
	OPT_TRUE,	/* no argument: true into the bool at off */
	OPT_FN,		/* fn parses (arg is NULL for a row without one) */
};

struct option {
	const char *name;	/* "-m"; "--m" is accepted too, as by QEMU */
	const char *alias;	/* a second spelling, or NULL */
	const char *arg;	/* the argument's name in the help; NULL: takes none */
	const char *help;	/* '\n' continues on the next line; may hold one %s ... */
	const char *(*fill)(const char *argv0);	/* ... which this fills in */
	enum opt_kind kind;
	size_t off;
	/* 0, or -1 after one line on stderr naming the option and the value;
	 * 1 when it printed what was asked and the run should end (-d help) */
	int (*fn)(struct lucid_options *o, const char *name, const char *arg);
};

#define STR(field) OPT_STR, offsetof(struct lucid_options, field), NULL
#define SET(field) OPT_TRUE, offsetof(struct lucid_options, field), NULL
#define FN(f) OPT_FN, 0, f

/* ---- argument parsers, one per option that needs more than a string ---- */

static int bad(const char *name, const char *arg, const char *expected)
{
	fprintf(stderr, "lucid: %s '%s': expected %s\n", name, arg, expected);
	return -1;
}

/* -d ITEM,...: the diagnostic log's items (emu/ui/trace.c); -d help lists them. */
static int set_trace(struct lucid_options *o, const char *name, const char *arg)
{
	char err[256];
	if (!strcmp(arg, "help")) {
		trace_help(stdout);
		return 1;
	}
	if (trace_parse(arg, &o->trace_mask, err, sizeof(err))) {
		fprintf(stderr, "lucid: %s: %s\n", name, err);
		return -1;
	}
	return 0;
}

/* Put a disk image (or a CD-ROM's ISO image) at ATA position idx (0-3);
 * each position takes one. */
static int put_drive(struct lucid_options *o, int idx, const char *path, int snapshot,
		     bool readonly, bool cdrom)
{
	struct machine_drive *d = &o->cfg.drive[idx];
	if (d->path) {
		fprintf(stderr, "lucid: more than one disk image given for drive %d ('%s')\n",
			idx, path);
		return -1;
	}
	*d = (struct machine_drive){ .path = path, .snapshot = snapshot, .readonly = readonly,
				     .cdrom = cdrom };
	if (idx == 0)
		o->cfg.disk = path;
	return 0;
}

/* -hda, -hdb, -hdc, -hdd, or an image given bare (the primary master). */
static int set_disk(struct lucid_options *o, const char *name, const char *arg)
{
	int idx = name ? name[3] - 'a' : 0;
	if (idx == 0 && o->cfg.drive[0].path) {
		if (name)
			fprintf(stderr, "lucid: more than one disk image given\n");
		else
			fprintf(stderr, "lucid: more than one disk image given ('%s')\n", arg);
		return -1;
	}
	return put_drive(o, idx, arg, -1, false, false);
}

/* -cdrom: an ATAPI CD-ROM as the secondary master, as QEMU places it. */
static int set_cdrom(struct lucid_options *o, const char *name, const char *arg)
{
	return put_drive(o, 2, arg, -1, true, true);
}

/*
 * -boot [order=]DRIVES: QEMU's letters, c the hard disk and d the CD-ROM (a,
 * the floppy, is accepted and skipped: there is none), at most three.
 */
static int set_boot(struct lucid_options *o, const char *name, const char *arg)
{
	const char *v = strncmp(arg, "order=", 6) ? arg : arg + 6;
	size_t n = strlen(v);
	if (!n || n > 3 || strspn(v, "acd") != n)
		return bad(name, arg, "[order=]DRIVES: up to three of c (hard disk), d (CD-ROM), a");
	o->cfg.boot_order = v;
	return 0;
}

/* on|off for a -drive key; -1 if neither. */
static int on_off(const char *v)
{
	return !strcmp(v, "on") ? 1 : !strcmp(v, "off") ? 0 : -1;
}

/*
 * -drive file=F[,index=N][,if=ide][,media=disk][,format=raw][,snapshot=on|off]
 * [,readonly=on|off], QEMU's spelling: "," inside a value is written ",,".
 * Without index, the first free position. Other keys and values are refused.
 */
static int set_drive(struct lucid_options *o, const char *name, const char *arg)
{
	char *file = NULL, key[32], val[4096];
	int index = -1, snapshot = -1, readonly = 0;
	bool cdrom = false;
	const char *p = arg;
	while (*p) {
		size_t k = 0, v = 0;
		while (*p && *p != '=' && *p != ',' && k < sizeof(key) - 1)
			key[k++] = *p++;
		key[k] = 0;
		if (*p != '=') {
			free(file);
			return bad(name, arg, "KEY=VALUE pairs separated by commas");
		}
		p++;
		while (*p && v < sizeof(val) - 1) {
			if (*p == ',' && p[1] != ',')
				break;
			if (*p == ',')
				p++;	/* ",," */
			val[v++] = *p++;
		}
		val[v] = 0;
		if (*p == ',')
			p++;
		const char *why = NULL;
		if (!strcmp(key, "file")) {
			free(file);
			file = strdup(val);
		} else if (!strcmp(key, "index")) {
			char *end;
			long n = strtol(val, &end, 10);
			if (!*val || *end || n < 0 || n > 3)
				why = "index=0..3";
			index = (int)n;
		} else if (!strcmp(key, "if")) {
			if (strcmp(val, "ide"))
				why = "if=ide (the only interface)";
		} else if (!strcmp(key, "media")) {
			if (strcmp(val, "disk") && strcmp(val, "cdrom"))
				why = "media=disk|cdrom";
			cdrom = !strcmp(val, "cdrom");
		} else if (!strcmp(key, "format")) {
			if (strcmp(val, "raw"))
				why = "format=raw (the only image format)";
		} else if (!strcmp(key, "snapshot")) {
			if ((snapshot = on_off(val)) < 0)
				why = "snapshot=on|off";
		} else if (!strcmp(key, "readonly")) {
			if ((readonly = on_off(val)) < 0)
				why = "readonly=on|off";
		} else {
			fprintf(stderr, "lucid: %s: unknown key '%s' (known: file, index, if, media, "
				"format, snapshot, readonly)\n", name, key);
			free(file);
			return -1;
		}
		if (why) {
			free(file);
			return bad(name, arg, why);
		}
	}
	if (!file || !*file) {
		free(file);
		return bad(name, arg, "file=IMAGE");
	}
	for (int i = 0; index < 0 && i < 4; i++)
		if (!o->cfg.drive[i].path)
			index = i;
	if (index < 0) {
		fprintf(stderr, "lucid: %s '%s': all four drive positions are taken\n", name, arg);
		free(file);
		return -1;
	}
	if (put_drive(o, index, file, snapshot, readonly || cdrom, cdrom)) {
		free(file);
		return -1;
	}
	free(o->drive_file[index]);
	o->drive_file[index] = file;
	return 0;
}

/* -m [size=]N[K|M|G][B]: MiB without a suffix, at most 4 GiB. */
static int set_memory(struct lucid_options *o, const char *name, const char *arg)
{
	const char *s = strncmp(arg, "size=", 5) ? arg : arg + 5;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned long long mul = 1 << 20;

	if (end != s) {
		if (*end == 'K' || *end == 'k')
			mul = 1 << 10, end++;
		else if (*end == 'M' || *end == 'm')
			mul = 1 << 20, end++;
		else if (*end == 'G' || *end == 'g')
			mul = 1 << 30, end++;
		if (*end == 'B' || *end == 'b')
			end++;
	}
	if (end == s || *end || v == 0 || v > (4ull << 30) / mul)
		return bad(name, arg, "a size like 64, 512M or 1G");
	o->cfg.ram_size = (u32)(v * mul > 0xFFFFFFFFull ? 0xFFFFFFFFull : v * mul);
	return 0;
}

static int set_bios(struct lucid_options *o, const char *name, const char *arg)
{
	o->cfg.bios = arg;
	o->bios_given = true;
	return 0;
}

static int set_vga_rom(struct lucid_options *o, const char *name, const char *arg)
{
	o->cfg.vga_rom = arg;
	return 0;
}

/* -cpu MODEL[,fpu=on|off]: only the 386 can lack its coprocessor (a 387). */
static int set_cpu(struct lucid_options *o, const char *name, const char *arg)
{
	char model[32];
	const char *comma = strchr(arg, ',');
	size_t n = comma ? (size_t)(comma - arg) : strlen(arg);

	if (n >= sizeof(model))
		return bad(name, arg, cpu_model_choices());
	memcpy(model, arg, n);
	model[n] = 0;
	if (cpu_model_parse(model, &o->cfg.cpu_model))
		return bad(name, arg, cpu_model_choices());
	o->cfg.no_fpu = false;
	o->cfg.nx = false;
	o->cfg.mmx = false;
	if (!comma)
		return 0;
	if (!strcmp(comma + 1, "fpu=off"))
		o->cfg.no_fpu = true;
	else if (!strcmp(comma + 1, "nx=on"))
		o->cfg.nx = true;
	else if (!strcmp(comma + 1, "mmx=on"))
		o->cfg.mmx = true;
	else if (strcmp(comma + 1, "fpu=on") && strcmp(comma + 1, "nx=off") &&
		 strcmp(comma + 1, "mmx=off"))
		return bad(name, arg, "MODEL, MODEL,fpu=on, 386,fpu=off, pentium,mmx=on or p6,nx=on");
	if (o->cfg.mmx && o->cfg.cpu_model != CPU_PENTIUM)
		return bad(name, arg, "pentium for mmx=on (the P6 always has MMX, the 486 never)");
	if (o->cfg.nx && o->cfg.cpu_model != CPU_P6)
		return bad(name, arg, "p6 for nx=on (the only model with PAE and EFER)");
	if (o->cfg.no_fpu && o->cfg.cpu_model != CPU_386)
		return bad(name, arg, "386 for fpu=off (every later model has its FPU)");
	return 0;
}

/* -accel interp|jit: how guest code runs (the same guest either way). */
static int set_accel(struct lucid_options *o, const char *name, const char *arg)
{
	if (cpu_accel_parse(arg, &o->cfg.accel))
		return bad(name, arg, "interp or jit");
	if (!cpu_accel_supported(o->cfg.accel))
		return bad(name, arg, "interp (this host has no translator)");
	o->cfg.accel_set = true;
	return 0;
}

/* A decimal count in [lo, hi]. */
static int parse_count(const char *s, u64 lo, u64 hi, u64 *out)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	if (end == s || *end || n < lo || n > hi)
		return -1;
	*out = n;
	return 0;
}

static int set_ips(struct lucid_options *o, const char *name, const char *arg)
{
	if (parse_count(arg, 1000, 100000000000ull, &o->cfg.ips))
		return bad(name, arg, "a number from 1000 to 1e11");
	return 0;
}

static int set_hardlockup(struct lucid_options *o, const char *name, const char *arg)
{
	u64 secs;

	if (parse_count(arg, 0, 3600, &secs))
		return bad(name, arg, "a number of virtual seconds from 0 (off) to 3600");
	o->cfg.hardlockup = (u32)secs;
	return 0;
}

static int set_rr_interval(struct lucid_options *o, const char *name, const char *arg)
{
	if (parse_count(arg, 1000, 1000000000000ull, &o->rr_interval))
		return bad(name, arg, "a number from 1000 to 1e12");
	return 0;
}

/* A host output: stdio, file:PATH or none (QEMU's "null" too). */
static int host_out_check(const char *name, const char *arg)
{
	if (!strcmp(arg, "stdio") || !strcmp(arg, "none") || !strcmp(arg, "null") ||
	    (!strncmp(arg, "file:", 5) && arg[5]))
		return 0;
	return bad(name, arg, "stdio, file:PATH or none");
}

static int set_serial(struct lucid_options *o, const char *name, const char *arg)
{
	if (host_out_check(name, arg))
		return -1;
	o->serial = arg;
	return 0;
}

static int set_debugcon(struct lucid_options *o, const char *name, const char *arg)
{
	if (host_out_check(name, arg))
		return -1;
	o->debugcon = arg;
	return 0;
}

static int set_bios_log(struct lucid_options *o, const char *name, const char *arg)
{
	if (host_out_check(name, arg))
		return -1;
	o->bios_log = arg;
	return 0;
}

static int set_display(struct lucid_options *o, const char *name, const char *arg)
{
	/* sdl takes one suboption: panels=on|off (the panels beside the screen). */
	if (!strncmp(arg, "sdl,", 4)) {
		if (strcmp(arg + 4, "panels=on") && strcmp(arg + 4, "panels=off"))
			return bad(name, arg, "sdl, sdl,panels=on, sdl,panels=off, text or none");
		o->panels = !strcmp(arg + 4, "panels=on");
		o->display = "sdl";
		return 0;
	}
	if (strcmp(arg, "sdl") && strcmp(arg, "text") && strcmp(arg, "none"))
		return bad(name, arg, "sdl, sdl,panels=on, sdl,panels=off, text or none");
	o->display = arg;
	return 0;
}

static int set_nographic(struct lucid_options *o, const char *name, const char *arg)
{
	o->display = "none";
	if (!o->serial)
		o->serial = "stdio";
	return 0;
}

/* -rtc base=...[,clock=vm]: the RTC always runs on virtual time. */
static int set_rtc(struct lucid_options *o, const char *name, const char *arg)
{
	char buf[128];
	char *save = NULL;
	s64 *base = &o->cfg.rtc_base;
	const char *expected = "base=YYYY-MM-DDTHH:MM:SS, base=utc or base=localtime";

	if (strlen(arg) >= sizeof(buf))
		return bad(name, arg, expected);
	strcpy(buf, arg);
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
				return bad(name, arg, expected);
			}
		} else if (strcmp(tok, "clock=vm")) {
			return bad(name, arg, expected);
		}
	}
	return 0;
}

static int set_no_pace(struct lucid_options *o, const char *name, const char *arg)
{
	o->pace = false;
	o->pace_given = true;
	return 0;
}

static int set_pace(struct lucid_options *o, const char *name, const char *arg)
{
	if (strcmp(arg, "on") && strcmp(arg, "off"))
		return bad(name, arg, "on or off");
	o->pace = !strcmp(arg, "on");
	o->pace_given = true;
	return 0;
}

static int set_verbose(struct lucid_options *o, const char *name, const char *arg)
{
	log_level = LOG_DEBUG;
	return 0;
}

static int set_nothing(struct lucid_options *o, const char *name, const char *arg)
{
	return 0;
}

static int set_gdb_default(struct lucid_options *o, const char *name, const char *arg)
{
	if (!o->dopt.gdb_port)
		o->dopt.gdb_port = 1234;
	return 0;
}

/* -gdb tcp::PORT, QEMU's spelling, on 127.0.0.1; or tcp:HOST:PORT with HOST
 * an IPv4 address to listen elsewhere ("0.0.0.0": every interface). Unlike
 * QEMU, an empty host means 127.0.0.1: the stub controls the whole machine. */
static int set_gdb(struct lucid_options *o, const char *name, const char *arg)
{
	const char *c = strrchr(arg, ':');
	char *end;
	long port = strtol(c ? c + 1 : arg, &end, 10);
	if (*end || port < 1 || port > 65535)
		return bad(name, arg, "tcp::PORT or tcp:HOST:PORT");
	const char *h = !strncmp(arg, "tcp:", 4) ? arg + 4 : arg;
	size_t hl = c && c > h ? (size_t)(c - h) : 0;
	char host[16] = "";
	struct in_addr a;
	if (hl >= sizeof(host))
		return bad(name, arg, "tcp:HOST:PORT with HOST an IPv4 address");
	memcpy(host, h, hl);
	host[hl] = 0;
	if (!strcmp(host, "localhost"))
		host[0] = 0;
	if (host[0] && inet_pton(AF_INET, host, &a) != 1)
		return bad(name, arg, "tcp:HOST:PORT with HOST an IPv4 address");
	memcpy(o->dopt.gdb_host, host, sizeof(host));
	o->dopt.gdb_port = (int)port;
	return 0;
}

static int set_symbols(struct lucid_options *o, const char *name, const char *arg)
{
	if (o->dopt.nsymbols == (int)ARRAY_SIZE(o->dopt.symbols)) {
		fprintf(stderr, "lucid: too many -symbols files\n");
		return -1;
	}
	o->dopt.symbols[o->dopt.nsymbols++] = arg;
	return 0;
}

static const char *default_bios(const char *argv0)
{
	static char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", datadir(argv0), DATADIR_MARK);
	return path;
}

static const char *default_kernel_symbols(const char *argv0)
{
	static char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/guest/lucix.elf", datadir(argv0));
	return path;
}

static const char *cpu_choices(const char *argv0)
{
	return cpu_model_choices();
}

/* -h is handled by the parser itself: it needs the table. */
#define HELP_ROW "-h"

static const struct option options[] = {
	{ "-hda", NULL, "FILE", "disk image for the primary IDE master (same as disk.img)",
	  NULL, FN(set_disk) },
	{ "-hdb", NULL, "FILE", "disk image for the primary IDE slave", NULL, FN(set_disk) },
	{ "-hdc", NULL, "FILE", "disk image for the secondary IDE master", NULL, FN(set_disk) },
	{ "-hdd", NULL, "FILE", "disk image for the secondary IDE slave", NULL, FN(set_disk) },
	{ "-drive", NULL, "OPTS", "a disk, QEMU's way: file=FILE[,index=0-3][,if=ide]"
	  "[,media=disk|cdrom]\n[,format=raw][,snapshot=on|off][,readonly=on|off]",
	  NULL, FN(set_drive) },
	{ "-cdrom", NULL, "FILE", "ISO 9660 image in an ATAPI CD-ROM, the secondary master",
	  NULL, FN(set_cdrom) },
	{ "-boot", NULL, "ORDER", "boot order, QEMU's letters: c hard disk, d CD-ROM\n"
	  "(default cd: the hard disk, then the CD-ROM)", NULL, FN(set_boot) },
	{ "-snapshot", NULL, NULL, "keep disk writes in memory; the image is never modified",
	  NULL, SET(cfg.snapshot) },
	{ "-m", NULL, "SIZE", "RAM size, in MiB or with a K/M/G suffix (default 64M)",
	  NULL, FN(set_memory) },
	{ "-bios", NULL, "FILE", "BIOS ROM image, 64/128/256 KiB\n(default %s)",
	  default_bios, FN(set_bios) },
	{ "-vga-rom", NULL, "FILE", "a VGA BIOS for a -bios that has none (SeaBIOS):\ngiven to it through fw_cfg as vgaroms/vgabios.bin,\ne.g. /usr/share/seabios/vgabios-isavga.bin",
	  NULL, FN(set_vga_rom) },
	{ "-cpu", NULL, "MODEL", "%s\n(default p6, like QEMU's qemu32);\n386,fpu=off: a 386 without its 387;\n"
	  "p6,nx=on: a P6 with execute disable (EFER.NXE, PAE's XD bit);\n"
	  "pentium,mmx=on: a Pentium with MMX (a P55C)",
	  cpu_choices, FN(set_cpu) },
	{ "-accel", NULL, "TIER", "interp: the decoded-block interpreter; jit: the translator\n"
	  "(same guest, same icount; default jit on x86-64 hosts, else interp;\nLUCID_ACCEL from the environment sets the default)",
	  NULL, FN(set_accel) },
	{ "-ips", NULL, "N", "virtual instructions per second (default 100000000)",
	  NULL, FN(set_ips) },
	{ "-serial", NULL, "DEV", "COM1: stdio, file:PATH or none", NULL, FN(set_serial) },
	{ "-debugcon", NULL, "DEV", "port 0xE9: stdio (default), file:PATH or none",
	  NULL, FN(set_debugcon) },
	{ "-bios-log", NULL, "DEV", "port 0x402, SeaBIOS's log: stdio, file:PATH or none (default: no port)",
	  NULL, FN(set_bios_log) },
	{ "-display", NULL, "TYPE", "sdl (a window; the default with a display), text or none;\nsdl,panels=on: panels beside the screen (Ctrl-Alt-I)",
	  NULL, FN(set_display) },
	{ "-nographic", NULL, NULL, "-display none and, unless given, -serial stdio",
	  NULL, FN(set_nographic) },
	{ "-screenshot", NULL, "FILE", "save the screen as PNG when the run ends (also after the\n"
	  "debugger; and for the window's Ctrl-Alt-S)", NULL, STR(screenshot) },
	{ "-pace", NULL, "on|off", "pace virtual time to wall time (default on in a window\n"
	  "or on an interactive terminal, off headless)", NULL, FN(set_pace) },
	{ "-no-pace", NULL, NULL, "run as fast as possible even when interactive",
	  NULL, FN(set_no_pace) },
	{ "-rtc", NULL, "base=WHEN", "RTC start: YYYY-MM-DDTHH:MM:SS (default 2026-01-01T00:00:00),\n"
	  "utc or localtime (the host clock, read once)", NULL, FN(set_rtc) },
	{ "-no-reboot", NULL, NULL, "exit instead of resetting (reset, triple fault)",
	  NULL, SET(cfg.no_reboot) },
	{ "-hardlockup", NULL, "N", "stop (status 4) when the timer interrupt IRQ0 waits N virtual\n"
	  "seconds untaken: the guest kept interrupts off (default 0, off)", NULL, FN(set_hardlockup) },
	{ "-kernel", NULL, "FILE", "boot a Linux boot protocol kernel directly",
	  NULL, STR(cfg.kernel) },
	{ "-append", NULL, "CMDLINE", "its command line", NULL, STR(cfg.append) },
	{ "-initrd", NULL, "FILE", "its initial ramdisk", NULL, STR(cfg.initrd) },
	{ "-audio-out", NULL, "FILE.wav", "sound output (Sound Blaster 16, PC speaker)",
	  NULL, STR(cfg.audio_out) },
	{ "-audio-in", NULL, "FILE.wav", "sound input for recording", NULL, STR(cfg.audio_in) },
	{ "-debugexit", NULL, NULL, "accepted for QEMU scripts: isa-debug-exit at 0xF4 is always on",
	  NULL, FN(set_nothing) },
	{ "-stats", NULL, NULL, "at exit, print instructions run, MIPS and virtual time",
	  NULL, SET(stats) },
	{ "-debug", NULL, NULL, "stop at the reset vector with the debugger's prompt",
	  NULL, SET(dopt.debug) },
	{ "-debug-script", "-x", "FILE", "run debugger commands from FILE (batch mode)",
	  NULL, STR(dopt.script) },
	{ "-s", NULL, NULL, "gdb stub on 127.0.0.1:1234", NULL, FN(set_gdb_default) },
	{ "-gdb", NULL, "tcp:[HOST]:PORT", "gdb stub on HOST:PORT (HOST: 127.0.0.1 unless given)", NULL, FN(set_gdb) },
	{ "-S", NULL, NULL, "wait for gdb before the first instruction", NULL, SET(dopt.gdb_wait) },
	{ "-kernel-symbols", NULL, "ELF", "kernel symbols and DWARF for the debugger\n"
	  "(default %s when it exists)", default_kernel_symbols, STR(dopt.kernel_symbols) },
	{ "-symbols", NULL, "ELF", "more symbols for the debugger (BIOS, boot sector; repeatable)",
	  NULL, FN(set_symbols) },
	{ "-record", NULL, "FILE", "record the run (input events, state digests) to FILE",
	  NULL, STR(record) },
	{ "-replay", NULL, "FILE", "replay a recorded run exactly, checking every digest\n"
	  "(both imply -snapshot; give the same options as the recording)", NULL, STR(replay) },
	{ "-rr-interval", NULL, "N", "instructions between state digests (default 10000000)",
	  NULL, FN(set_rr_interval) },
	{ "-loadvm", NULL, "FILE", "start from a snapshot saved by the debugger's savevm",
	  NULL, STR(loadvm) },
	{ "-input-script", NULL, "FILE", "scripted keys, mouse and COM1 text (at ICOUNT ..., "
	  "when-serial ...)", NULL, STR(input_script) },
	{ "-screen-dump", NULL, "FILE", "at exit, write the VGA text screen to FILE and its SHA-256",
	  NULL, STR(screen_dump) },
	{ "-d", NULL, "ITEM,...", "log int, cpu_reset, unimp, guest_errors, in_asm as QEMU's -d\n"
		"(-d help lists them)", NULL, FN(set_trace) },
	{ "-D", NULL, "FILE", "write the -d log to FILE instead of stderr", NULL, STR(trace_file) },
	{ "-v", NULL, NULL, "verbose emulator diagnostics", NULL, FN(set_verbose) },
	{ HELP_ROW, "-help", NULL, "this help", NULL, FN(set_nothing) },
};

/* The left column of a row: "-name, -alias ARG". */
static void row_head(const struct option *opt, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s%s", opt->name, opt->alias ? ", " : "",
		 opt->alias ? opt->alias : "", opt->arg ? " " : "", opt->arg ? opt->arg : "");
}

void options_usage(FILE *f, const char *argv0)
{
	enum { COL = 22 };	/* where help texts start */

	fprintf(f, "usage: lucid [options] [disk.img]\n");
	for (size_t k = 0; k < ARRAY_SIZE(options); k++) {
		const struct option *opt = &options[k];
		char head[64], help[512];
		row_head(opt, head, sizeof(head));
		snprintf(help, sizeof(help), opt->help, opt->fill ? opt->fill(argv0) : "");
		int w = fprintf(f, "  %s", head);
		for (const char *line = help; line; ) {
			const char *nl = strchr(line, '\n');
			int len = nl ? (int)(nl - line) : (int)strlen(line);
			if (w > COL - 1) {	/* a long head: the help starts below it */
				fputc('\n', f);
				w = 0;
			}
			fprintf(f, "%*s%.*s\n", COL - w, "", len, line);
			w = 0;
			line = nl ? nl + 1 : NULL;
		}
	}
	fprintf(f, "Options may also be written with two dashes (--m 128), as in QEMU.\n"
		   "The guest can end the run through isa-debug-exit: writing V to port 0xF4 exits\n"
		   "with status (V << 1) | 1.\n");
}

static const struct option *find_option(const char *name)
{
	for (size_t k = 0; k < ARRAY_SIZE(options); k++) {
		const struct option *opt = &options[k];
		if (!strcmp(name, opt->name) || (opt->alias && !strcmp(name, opt->alias)))
			return opt;
	}
	return NULL;
}

/* Store or parse one option's value; 0, -1 (said why) or 1 (done: exit 0). */
static int apply(struct lucid_options *o, const struct option *opt, const char *arg)
{
	switch (opt->kind) {
	case OPT_STR:
		*(const char **)((char *)o + opt->off) = arg;
		return 0;
	case OPT_TRUE:
		*(bool *)((char *)o + opt->off) = true;
		return 0;
	default:
		return opt->fn(o, opt->name, arg);
	}
}

int options_parse(struct lucid_options *o, int argc, char **argv)
{
	*o = (struct lucid_options){
		.argv0 = argv[0], .cfg = { .cpu_model = CPU_P6, .rtc_base = CMOS_DEFAULT_BASE },
		.debugcon = "stdio", .bios_log = "none", .pace = true, .rr_interval = RR_DEFAULT_INTERVAL,
	};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || !a[1]) {
			if (set_disk(o, NULL, a))
				return 2;
			continue;
		}
		if (a[1] == '-' && a[2])
			a++;	/* --opt */
		const struct option *opt = find_option(a);
		if (!opt) {
			fprintf(stderr, "lucid: unknown option '%s' (try -h)\n", argv[i]);
			return 2;
		}
		if (!strcmp(opt->name, HELP_ROW)) {
			options_usage(stdout, argv[0]);
			return 0;
		}
		const char *arg = NULL;
		if (opt->arg) {
			if (i + 1 >= argc) {
				fprintf(stderr, "lucid: option %s needs an argument\n", a);
				return 2;
			}
			arg = argv[++i];
		}
		int r = apply(o, opt, arg);
		if (r > 0)
			return 0;	/* it printed what was asked (-d help) */
		if (r)
			return 2;
	}
	return -1;
}

bool options_debugging(const struct lucid_options *o)
{
	return o->dopt.debug || o->dopt.script || o->dopt.gdb_port || o->dopt.gdb_wait;
}

/* The debugger's files: refuse unreadable ones before anything starts. */
static int check_debugger_files(const struct lucid_options *o)
{
	const struct dbg_options *d = &o->dopt;
	const char *files[2 + ARRAY_SIZE(d->symbols)] = { d->script, d->kernel_symbols };
	for (int k = 0; k < d->nsymbols; k++)
		files[2 + k] = d->symbols[k];
	for (size_t k = 0; k < ARRAY_SIZE(files); k++) {
		if (files[k] && access(files[k], R_OK) != 0) {
			fprintf(stderr, "lucid: %s '%s': %s\n", k == 0 ? "-debug-script" :
				k == 1 ? "-kernel-symbols" : "-symbols", files[k], strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Do two paths name the same existing file? */
static bool same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* The BIOS, and the symbols the debugger loads when present, from the data
 * directory next to the executable. */
static int default_files(struct lucid_options *o)
{
	char *bios = datadir_file(o->argv0, DATADIR_MARK);
	if (!bios)
		return -1;
	bool default_bios = !o->bios_given || same_file(o->cfg.bios, bios);
	if (!o->bios_given)
		o->cfg.bios = bios;
	else
		free(bios);
	o->dopt.default_kernel = datadir_file(o->argv0, "guest/lucix.elf");
	if (default_bios)
		o->dopt.default_bios_elf = datadir_file(o->argv0, "bios/bios.elf");
	return 0;
}

/* -display: asked for, or the window on a terminal with a display, or none. */
static void choose_display(struct lucid_options *o)
{
	/* The terminal belongs to the debugger's prompt. */
	if (!o->display && options_debugging(o))
		o->display = "none";
	bool sdl_asked = o->display && !strcmp(o->display, "sdl");
	if (!o->display)
		o->display = isatty(1) ? "sdl" : "none";	/* scripts never get a window unasked */
	if (!strcmp(o->display, "sdl") && !display_sdl_available()) {
		/* No display: nothing opens and nothing fails. */
		o->display = isatty(1) ? "text" : "none";
		if (sdl_asked)
			fprintf(stderr, "lucid: no display (DISPLAY/WAYLAND_DISPLAY unset); "
					"using -display %s\n", o->display);
	}
	if (!o->serial)
		o->serial = strcmp(o->display, "text") ? "stdio" : "none";
}

int options_finish(struct lucid_options *o)
{
	const char *why = NULL;
	if ((o->cfg.append || o->cfg.initrd) && !o->cfg.kernel)
		why = "-append and -initrd need -kernel";
	else if (o->record && o->replay)
		why = "-record and -replay cannot be used together";
	else if (o->loadvm && (o->record || o->replay))
		why = "-loadvm cannot be combined with -record or -replay";
	else if (o->trace_file && !o->trace_mask)
		why = "-D names the -d log's file: give -d ITEM,... too";
	if (why) {
		fprintf(stderr, "lucid: %s\n", why);
		return -1;
	}
	/* A recorded run must start from the image the log's hash names, and a
	 * replay must not change the image either: disk writes stay in memory. */
	if (o->record || o->replay) {
		o->cfg.snapshot = true;
		for (int i = 0; i < 4; i++)
			o->cfg.drive[i].snapshot = -1;
	}
	if (check_debugger_files(o))
		return -1;
	if (o->dopt.gdb_wait && !o->dopt.gdb_port)
		o->dopt.gdb_port = 1234;
	if (default_files(o)) {
		fprintf(stderr, "lucid: out of memory\n");
		return -1;
	}
	choose_display(o);
	return 0;
}

void options_free(struct lucid_options *o)
{
	if (!o->bios_given)
		free((char *)o->cfg.bios);
	free((char *)o->dopt.default_kernel);
	free((char *)o->dopt.default_bios_elf);
	for (int i = 0; i < 4; i++)
		free(o->drive_file[i]);
}
