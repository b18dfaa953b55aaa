/*
 * lucid_boot: boot one disk image on the Lucid machine (liblucid.a) for the
 * BIOS tests and the boot-speed benchmark, with what the command line does
 * not offer: keys typed when the guest prints "ready" on debugcon (letters;
 * upper case with Shift; '^' is Ctrl+Alt+Del), the text
 * screen dumped at the end, and the instruction count at the guest's first
 * debugcon byte (the test programs' first output, a few instructions after
 * the boot sector starts).
 *
 *   lucid_boot [-m MIB] [-rtc YYYY-MM-DDTHH:MM:SS] [-keys a,B,...]
 *              [-serial FILE] [-screen FILE] [-limit N] [-bios FILE] [-reboot]
 *              [-kernel F [-initrd F] [-append S]] [disk.img | -]
 *
 * Debugcon output goes to stdout. Exits with the guest's isa-debug-exit
 * status, 124 when the instruction limit passes, 125 when the machine
 * halts for good (or resets, unless -reboot), 2 on bad arguments. On stderr: "first-debugcon-icount N",
 * "icount N" and the stop reason.
 */
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices/vga.h"
#include "emu/machine/machine.h"

static char dbg[1 << 16];
static size_t dbg_len;
static struct machine *mach;
static u64 first_icount;

static void debugcon_write(void *opaque, const void *buf, size_t len)
{
	if (!dbg_len && len && mach)
		first_icount = mach->clock.icount;
	fwrite(buf, 1, len, stdout);
	if (len > sizeof(dbg) - 1 - dbg_len)
		len = sizeof(dbg) - 1 - dbg_len;
	memcpy(dbg + dbg_len, buf, len);
	dbg_len += len;
	dbg[dbg_len] = 0;
}

static void file_write(void *opaque, const void *buf, size_t len)
{
	fwrite(buf, 1, len, opaque);
	fflush(opaque);
}

/* One key of the -keys list: a letter (upper case = with Shift) or digit. */
static int key_code(char c, int *shift)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
	static const int codes[] = {
		KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G, KEY_H, KEY_I, KEY_J,
		KEY_K, KEY_L, KEY_M, KEY_N, KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T,
		KEY_U, KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z,
	};
	*shift = c >= 'A' && c <= 'Z';
	if (*shift)
		c += 'a' - 'A';
	const char *p = strchr(letters, c);
	return p && c ? codes[p - letters] : -1;
}

static void push_key(int code, int down)
{
	struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_KEY, .a = code, .b = down };
	input_push(&mach->input, &ev);
}

static int usage(const char *why)
{
	fprintf(stderr, "lucid_boot: %s\n", why);
	return 2;
}

int main(int argc, char **argv)
{
	/* CPU_P6 as build/lucid defaults to: a zero cpu_model would be a 386, which
	 * lacks the CPUID and PAE the kernel asks for. */
	struct machine_config cfg = { .ram_size = 32u << 20, .snapshot = true, .no_reboot = true,
				      .cpu_model = CPU_P6 };
	const char *keys = NULL, *serial = NULL, *screen = NULL;
	u64 limit = 2000000000ull;
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (o[0] != '-' || !strcmp(o, "-")) {
			cfg.disk = strcmp(o, "-") ? o : NULL;
			continue;
		}
		if (!strcmp(o, "-reboot")) {	/* a reset restarts the machine */
			cfg.no_reboot = false;
			continue;
		}
		if (!v)
			return usage("an option needs a value");
		i++;
		if (!strcmp(o, "-m"))
			cfg.ram_size = strtoul(v, NULL, 0) << 20;
		else if (!strcmp(o, "-rtc")) {
			struct tm tm = { 0 };
			if (!strptime(v, "%Y-%m-%dT%H:%M:%S", &tm))
				return usage("-rtc wants YYYY-MM-DDTHH:MM:SS");
			cfg.rtc_base = timegm(&tm);
		} else if (!strcmp(o, "-keys"))
			keys = v;
		else if (!strcmp(o, "-serial"))
			serial = v;
		else if (!strcmp(o, "-screen"))
			screen = v;
		else if (!strcmp(o, "-limit"))
			limit = strtoull(v, NULL, 0);
		else if (!strcmp(o, "-bios"))
			cfg.bios = v;
		else if (!strcmp(o, "-hdb") || !strcmp(o, "-hdc") || !strcmp(o, "-hdd"))
			cfg.drive[o[3] - 'a'] = (struct machine_drive){ .path = v, .snapshot = -1 };
		else if (!strcmp(o, "-kernel"))
			cfg.kernel = v;
		else if (!strcmp(o, "-initrd"))
			cfg.initrd = v;
		else if (!strcmp(o, "-append"))
			cfg.append = v;
		else
			return usage("unknown option");
	}
	FILE *sf = NULL;
	if (serial) {
		sf = fopen(serial, "w");
		if (!sf)
			return usage("cannot write the serial file");
		cfg.serial = (struct byte_sink){ file_write, sf };
	}
	cfg.debugcon = (struct byte_sink){ debugcon_write, NULL };
	char err[256];
	mach = machine_create(&cfg, err, sizeof(err));
	if (!mach) {
		fprintf(stderr, "lucid_boot: %s\n", err);
		return 2;
	}
	enum machine_stop stop;
	int typed = 0;
	for (;;) {
		u64 step = 1000000;
		if (mach->clock.icount + step > limit)
			step = limit > mach->clock.icount ? limit - mach->clock.icount : 0;
		stop = machine_run_for(mach, step);
		if (keys && !typed && strstr(dbg, "ready")) {
			typed = 1;
			for (const char *k = keys; *k; k++) {
				if (*k == '^') {	/* Ctrl+Alt+Del */
					push_key(KEY_LEFTCTRL, 1);
					push_key(KEY_LEFTALT, 1);
					push_key(KEY_DELETE, 1);
					push_key(KEY_DELETE, 0);
					push_key(KEY_LEFTALT, 0);
					push_key(KEY_LEFTCTRL, 0);
					continue;
				}
				int shift, code = key_code(*k, &shift);
				if (code < 0)
					continue;
				if (shift)
					push_key(KEY_LEFTSHIFT, 1);
				push_key(code, 1);
				push_key(code, 0);
				if (shift)
					push_key(KEY_LEFTSHIFT, 0);
			}
		}
		if (stop != MACHINE_LIMIT || mach->clock.icount >= limit)
			break;
	}
	fflush(stdout);
	fprintf(stderr, "first-debugcon-icount %llu\nicount %llu\nstop %s\n",
		(unsigned long long)first_icount, (unsigned long long)mach->clock.icount,
		machine_stop_name(stop));
	if (screen) {
		FILE *f = fopen(screen, "w");
		if (f) {
			struct vga_text t;
			vga_get_text(mach->vga, &t);
			for (int r = 0; r < t.rows; r++) {
				for (int c = 0; c < t.cols; c++)
					fputc(t.ch[r * t.cols + c], f);
				fputc('\n', f);
			}
			fclose(f);
		}
	}
	int rc = stop == MACHINE_EXIT ? mach->exit_status : stop == MACHINE_LIMIT ? 124 : 125;
	machine_destroy(mach);
	if (sf)
		fclose(sf);
	return rc;
}
