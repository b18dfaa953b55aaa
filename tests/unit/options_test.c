/*
 * lucid's command line (emu/ui/options.c): every option the help lists is
 * accepted by the parser (with an argument exactly when the help shows one),
 * unknown options and missing arguments get their one line, --opt works, and
 * values land where they should (-cpu 586 is a Pentium).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/lib/log.h"
#include "emu/ui/options.h"

/* options_parse on argv (NULL-terminated, without argv[0]); what it wrote to
 * stderr goes to err. */
static int parse(struct lucid_options *o, char *err, size_t errlen, const char **args)
{
	char *argv[64] = { "lucid" };
	int argc = 1;
	while (args[argc - 1])
		argv[argc] = (char *)args[argc - 1], argc++;
	fflush(stderr);
	fflush(stdout);
	int saved_err = dup(2), saved_out = dup(1);
	FILE *tmp = tmpfile();
	dup2(fileno(tmp), 2);
	FILE *null = fopen("/dev/null", "w");
	dup2(fileno(null), 1);	/* -h's help */
	int st = options_parse(o, argc, argv);
	fflush(stderr);
	fflush(stdout);
	dup2(saved_err, 2);
	dup2(saved_out, 1);
	close(saved_err);
	close(saved_out);
	fclose(null);
	rewind(tmp);
	size_t n = fread(err, 1, errlen - 1, tmp);
	err[n] = 0;
	fclose(tmp);
	return st;
}

#define PARSE(o, err, ...) parse(o, err, sizeof(err), (const char *[]){ __VA_ARGS__, NULL })

Test(options, every_listed_option_is_accepted)
{
	char *help = NULL;
	size_t helplen = 0;
	FILE *f = open_memstream(&help, &helplen);
	options_usage(f, "lucid");
	fclose(f);
	int rows = 0;
	for (char *line = strtok(help, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "  -", 3))
			continue;
		/* "  -name[, -alias][ ARG]   help" */
		char head[64];
		sscanf(line, "%63[^\n]", head);
		char *end = strstr(head + 2, "  ");
		if (end)
			*end = 0;
		char *names[2] = { NULL, NULL }, *arg = NULL;
		char *tok = strtok_r(head + 2, " ", &end);
		names[0] = tok;
		if (tok[strlen(tok) - 1] == ',') {
			tok[strlen(tok) - 1] = 0;
			names[1] = strtok_r(NULL, " ", &end);
		}
		arg = strtok_r(NULL, " ", &end);
		for (int k = 0; k < 2 && names[k]; k++) {
			struct lucid_options o;
			char err[512];
			int st = PARSE(&o, err, names[k]);
			if (arg) {
				cr_assert_eq(st, 2, "%s without its %s", names[k], arg);
				char want[128];
				snprintf(want, sizeof(want), "lucid: option %s needs an argument\n", names[k]);
				cr_assert_str_eq(err, want);
			} else {
				cr_assert(st == -1 || (st == 0 && !strcmp(names[0], "-h")),
					  "%s: status %d: %s", names[k], st, err);
				cr_assert_str_eq(err, "", "%s", names[k]);
			}
			rows++;
		}
	}
	log_level = LOG_INFO;	/* -v */
	free(help);
	cr_assert_geq(rows, 39, "only %d options listed", rows);
}

Test(options, unknown_option_and_double_dash)
{
	struct lucid_options o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "-frobnicate"), 2);
	cr_assert_str_eq(err, "lucid: unknown option '-frobnicate' (try -h)\n");
	cr_assert_eq(PARSE(&o, err, "--frobnicate"), 2);
	cr_assert_str_eq(err, "lucid: unknown option '--frobnicate' (try -h)\n");
	cr_assert_eq(PARSE(&o, err, "--m", "128", "--snapshot", "disk.img"), -1, "%s", err);
	cr_assert_eq(o.cfg.ram_size, 128u << 20);
	cr_assert(o.cfg.snapshot);
	cr_assert_str_eq(o.cfg.disk, "disk.img");
	cr_assert_eq(PARSE(&o, err, "a.img", "b.img"), 2);
	cr_assert_str_eq(err, "lucid: more than one disk image given ('b.img')\n");
	cr_assert_eq(PARSE(&o, err, "-hda", "a.img", "-hda", "b.img"), 2);
	cr_assert_str_eq(err, "lucid: more than one disk image given\n");
}

Test(options, cpu_models)
{
	struct lucid_options o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "-h"), 0);
	cr_assert_eq(o.cfg.cpu_model, CPU_P6, "the default");
	cr_assert_eq(PARSE(&o, err, "-cpu", "586"), -1, "%s", err);
	cr_assert_eq(o.cfg.cpu_model, CPU_PENTIUM);
	cr_assert_eq(PARSE(&o, err, "-cpu", "686"), -1, "%s", err);
	cr_assert_eq(o.cfg.cpu_model, CPU_P6);
	cr_assert_eq(PARSE(&o, err, "-cpu", "386"), -1, "%s", err);
	cr_assert_eq(o.cfg.cpu_model, CPU_386);
	cr_assert_eq(PARSE(&o, err, "-cpu", "z80"), 2);
	cr_assert_str_eq(err, "lucid: -cpu 'z80': expected 386, 486, pentium (586) or p6 (686)\n");
}

Test(options, values)
{
	struct lucid_options o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "-m", "size=1G", "-ips", "5000", "-rtc",
			   "base=2031-06-01T12:00:00,clock=vm", "-gdb", "tcp::4321", "-x", "s.txt",
			   "-symbols", "a.elf", "-symbols", "b.elf", "-serial", "file:/x",
			   "-no-pace"), -1, "%s", err);
	cr_assert_eq(o.cfg.ram_size, 1u << 30);
	cr_assert_eq(o.cfg.ips, 5000);
	cr_assert_neq(o.cfg.rtc_base, 1767225600ll);
	cr_assert_eq(o.dopt.gdb_port, 4321);
	cr_assert_str_eq(o.dopt.script, "s.txt");
	cr_assert_eq(o.dopt.nsymbols, 2);
	cr_assert_str_eq(o.serial, "file:/x");
	cr_assert(!o.pace && o.pace_given);
	cr_assert_eq(PARSE(&o, err, "-m", "lots"), 2);
	cr_assert_str_eq(err, "lucid: -m 'lots': expected a size like 64, 512M or 1G\n");
	cr_assert_eq(PARSE(&o, err, "-m", "5G"), 2);
	cr_assert_eq(PARSE(&o, err, "-ips", "999"), 2);
	cr_assert_eq(PARSE(&o, err, "-serial", "tcp:1234"), 2);
	cr_assert_str_eq(err, "lucid: -serial 'tcp:1234': expected stdio, file:PATH or none\n");
	cr_assert_eq(PARSE(&o, err, "-nographic"), -1);
	cr_assert_str_eq(o.display, "none");
	cr_assert_str_eq(o.serial, "stdio");
	cr_assert_eq(PARSE(&o, err, "-serial", "none", "-nographic"), -1);
	cr_assert_str_eq(o.serial, "none");
}

/* The gdb stub's address: 127.0.0.1 unless -gdb names an IPv4 address. */
Test(options, gdb_listen_address)
{
	struct lucid_options o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp::4321"), -1, "%s", err);
	cr_assert_str_eq(o.dopt.gdb_host, "");
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp:localhost:4321"), -1, "%s", err);
	cr_assert_str_eq(o.dopt.gdb_host, "");
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp:0.0.0.0:1234"), -1, "%s", err);
	cr_assert_str_eq(o.dopt.gdb_host, "0.0.0.0");
	cr_assert_eq(o.dopt.gdb_port, 1234);
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp:192.168.1.10:99"), -1, "%s", err);
	cr_assert_str_eq(o.dopt.gdb_host, "192.168.1.10");
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp:example.com:1234"), 2);
	cr_assert_str_eq(err, "lucid: -gdb 'tcp:example.com:1234': expected tcp:HOST:PORT with "
			      "HOST an IPv4 address\n");
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp:1.2.3.4.5.6.7.8.9:1"), 2);
	cr_assert_eq(PARSE(&o, err, "-gdb", "tcp:1.2.3.4:0"), 2);
}

Test(options, combinations)
{
	struct lucid_options o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "-append", "x"), -1);
	cr_assert_eq(options_finish(&o), -1);
	cr_assert_eq(PARSE(&o, err, "-record", "a", "-replay", "b"), -1);
	cr_assert_eq(options_finish(&o), -1);
	/* The defaults come from the data directory next to the executable. */
	cr_assert_eq(PARSE(&o, err, "-display", "none"), -1);
	cr_assert_eq(options_finish(&o), 0);
	cr_assert_not_null(o.cfg.bios);
	cr_assert(strstr(o.cfg.bios, "bios/bios.bin"), "%s", o.cfg.bios);
	cr_assert(strstr(o.dopt.default_kernel, "guest/lucix.elf"), "%s", o.dopt.default_kernel);
	cr_assert_not_null(o.dopt.default_bios_elf);
	options_free(&o);
	cr_assert_eq(PARSE(&o, err, "-display", "none", "-bios", "other.rom"), -1);
	cr_assert_eq(options_finish(&o), 0);
	cr_assert_str_eq(o.cfg.bios, "other.rom");
	cr_assert_null(o.dopt.default_bios_elf, "another BIOS gets no default symbols");
	options_free(&o);
}

Test(options, disks_and_qemu_drive_syntax)
{
	struct lucid_options o;
	char err[512];
	cr_assert_eq(PARSE(&o, err, "-hda", "a.img", "-hdb", "b.img", "-hdd", "d.img"), -1, "%s",
		     err);
	cr_assert_str_eq(o.cfg.disk, "a.img");
	cr_assert_str_eq(o.cfg.drive[1].path, "b.img");
	cr_assert_null(o.cfg.drive[2].path);
	cr_assert_str_eq(o.cfg.drive[3].path, "d.img");
	cr_assert_eq(o.cfg.drive[3].snapshot, -1);

	cr_assert_eq(PARSE(&o, err, "-drive", "file=x,,y.img,index=2,if=ide,media=disk,"
			   "format=raw,snapshot=off,readonly=on", "-drive", "file=z.img"), -1, "%s", err);
	cr_assert_str_eq(o.cfg.drive[2].path, "x,y.img", "',,' is a comma");
	cr_assert_eq(o.cfg.drive[2].snapshot, 0);
	cr_assert(o.cfg.drive[2].readonly);
	cr_assert_str_eq(o.cfg.drive[0].path, "z.img", "no index: the first free position");
	cr_assert_str_eq(o.cfg.disk, "z.img");
	options_free(&o);

	cr_assert_eq(PARSE(&o, err, "-drive", "file=a.img,cache=none"), 2);
	cr_assert_str_eq(err, "lucid: -drive: unknown key 'cache' (known: file, index, if, media, "
			 "format, snapshot, readonly)\n");
	cr_assert_eq(PARSE(&o, err, "-drive", "file=a.img,if=scsi"), 2);
	cr_assert(strstr(err, "if=ide"), "%s", err);
	cr_assert_eq(PARSE(&o, err, "-drive", "file=a.img,index=4"), 2);
	cr_assert_eq(PARSE(&o, err, "-drive", "file=a.img,format=qcow2"), 2);
	cr_assert_eq(PARSE(&o, err, "-drive", "index=1"), 2);
	cr_assert(strstr(err, "file=IMAGE"), "%s", err);
	cr_assert_eq(PARSE(&o, err, "-hdb", "a.img", "-drive", "file=b.img,index=1"), 2);
	cr_assert_str_eq(err, "lucid: more than one disk image given for drive 1 ('b.img')\n");
}
