/*
 * cpu_run: run one raw tests/cpu program on a bare Lucid CPU and bus
 * (liblucid.a) the way QEMU runs it with -bios: a 64 KiB ROM at the top of
 * 1 MiB and of 4 GiB, RAM below, the CPU from reset at F000:FFF0, and only
 * the two test ports: debugcon at 0xE9 (bytes to stdout) and isa-debug-exit
 * at 0xF4 (exit status (value << 1) | 1). No PIC, no timer: the programs
 * use none. This stands in for `lucid -bios` until the machine can run a
 * ROM alone, and keeps these tests independent of the devices.
 *
 *   cpu_run [-cpu MODEL] [-m MIB] [-limit N] [-no-reboot] [-stats] prog.bin
 *
 * -stats prints the instruction count and the TLB statistics on stderr.
 *
 * Exits with the program's exit status; 124 when the instruction limit
 * passes, 125 when the CPU halts with interrupts off, 126 on a triple fault
 * with -no-reboot (after printing the exceptions to stderr), 2 on bad
 * arguments or a bad image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"

static int exit_status = -1;

static u32 port_read(void *dev, u32 off, int size)
{
	(void)dev;
	(void)off;
	(void)size;
	return 0xFFFFFFFFu;
}

static void debugcon_write(void *dev, u32 off, u32 val, int size)
{
	(void)dev;
	(void)off;
	(void)size;
	putchar(val & 0xFF);
}

static void exit_write(void *dev, u32 off, u32 val, int size)
{
	struct cpu *cpu = dev;
	(void)off;
	(void)size;
	exit_status = ((val & 0xFF) << 1) | 1;
	cpu_request_exit(cpu);
}

static const struct io_ops debugcon_ops = { port_read, debugcon_write, 1 };
static const struct io_ops exit_ops = { port_read, exit_write, 1 | 2 | 4 };

static int usage(void)
{
	fprintf(stderr, "usage: cpu_run [-cpu MODEL] [-m MIB] [-limit N] [-no-reboot] [-stats] "
			"prog.bin\n");
	return 2;
}

int main(int argc, char **argv)
{
	enum cpu_model model = CPU_P6;
	u32 mib = 4;
	u64 limit = 50000000;
	bool reboot = true, stats = false;
	const char *path = NULL;
	for (int k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "-cpu") && k + 1 < argc) {
			if (cpu_model_parse(argv[++k], &model)) {
				fprintf(stderr, "cpu_run: unknown CPU model '%s'\n", argv[k]);
				return 2;
			}
		} else if (!strcmp(argv[k], "-m") && k + 1 < argc) {
			mib = strtoul(argv[++k], NULL, 0);
			if (mib < 1 || mib > 256) {
				fprintf(stderr, "cpu_run: -m takes 1 to 256 (MiB)\n");
				return 2;
			}
		} else if (!strcmp(argv[k], "-limit") && k + 1 < argc) {
			limit = strtoull(argv[++k], NULL, 0);
		} else if (!strcmp(argv[k], "-no-reboot")) {
			reboot = false;
		} else if (!strcmp(argv[k], "-stats")) {
			stats = true;
		} else if (argv[k][0] != '-' && !path) {
			path = argv[k];
		} else {
			return usage();
		}
	}
	if (!path)
		return usage();
	static u8 rom[64 * 1024];
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "cpu_run: %s: cannot open\n", path);
		return 2;
	}
	size_t n = fread(rom, 1, sizeof(rom), f);
	int extra = fgetc(f);
	fclose(f);
	if (n != sizeof(rom) || extra != EOF) {
		fprintf(stderr, "cpu_run: %s: a ROM image must be exactly 64 KiB\n", path);
		return 2;
	}

	static struct bus bus;
	static struct clock clk;
	if (bus_init(&bus, mib << 20) || bus_set_rom(&bus, rom, sizeof(rom))) {
		fprintf(stderr, "cpu_run: cannot set up %u MiB of RAM\n", mib);
		return 2;
	}
	clock_init(&clk, 0);
	struct cpu *cpu = cpu_create(&bus, &clk, model);
	if (!cpu) {
		fprintf(stderr, "cpu_run: out of memory\n");
		return 2;
	}
	cpu->reset_on_triple = reboot;
	bus_add_io(&bus, 0xE9, 1, &debugcon_ops, NULL, "debugcon");
	bus_add_io(&bus, 0xF4, 4, &exit_ops, cpu, "isa-debug-exit");

	int rc;
	for (;;) {
		enum cpu_stop why = cpu_run(cpu, limit);
		if (exit_status >= 0) {
			rc = exit_status;
			break;
		}
		if (why == CPU_STOP_LIMIT) {
			fprintf(stderr, "cpu_run: instruction limit reached at %04x:%08x\n",
				cpu->seg[SEG_CS].sel, cpu->eip);
			rc = 124;
			break;
		}
		if (why == CPU_STOP_HALT) {
			fprintf(stderr, "cpu_run: halted at %04x:%08x\n", cpu->seg[SEG_CS].sel,
				cpu->eip);
			rc = 125;
			break;
		}
		if (why == CPU_STOP_SHUTDOWN) {
			char rep[200];
			cpu_triple_report(cpu, rep, sizeof(rep));
			fprintf(stderr, "cpu_run: %s\n", rep);
			rc = 126;
			break;
		}
	}
	fflush(stdout);
	if (stats) {
		const struct tlb_stats *t = &cpu->tlb_stats;
		fprintf(stderr, "icount %llu tlb hits %llu misses %llu flushes %llu "
			"page_flushes %llu cr3_loads %llu faults %llu\n",
			(unsigned long long)clk.icount, (unsigned long long)t->hits,
			(unsigned long long)t->misses, (unsigned long long)t->flushes,
			(unsigned long long)t->page_flushes, (unsigned long long)t->cr3_loads,
			(unsigned long long)t->faults);
	}
	cpu_destroy(cpu);
	bus_free(&bus);
	return rc;
}
