/*
 * Host harness for the CPU benchmark (tests/bench/cpubench.S): loads the
 * boot sector at 0x7C00 into a bus with 8 MiB of RAM, starts the CPU in real
 * mode at 0000:7C00 as a BIOS would leave it, and runs it until the image
 * writes port 0xF4 (QEMU's isa-debug-exit). It needs no BIOS and no machine,
 * so it measures the CPU alone.
 *
 * Prints "icount N", "seconds S" (wall time of cpu_run only, read from the
 * host clock here in the harness, never in emu/), "cpu_seconds C" (the
 * process's CPU time over the same span), "mips M" (N / S), and the tier
 * (LUCID_ACCEL) with its translator statistics.
 *
 * usage: cpubench image.bin
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/cpu/cpu.h"

struct exit_port {
	struct cpu *cpu;
	bool done;
	u32 value;
};

static u32 exit_read(void *dev, u32 offset, int size)
{
	return 0xFFFFFFFFu;
}

/* A write to 0xF4 ends the run. */
static void exit_write(void *dev, u32 offset, u32 val, int size)
{
	struct exit_port *e = dev;
	e->done = true;
	e->value = val;
	cpu_request_exit(e->cpu);
}

static const struct io_ops exit_ops = { exit_read, exit_write, 1 };

static double now(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: cpubench image.bin\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		fprintf(stderr, "cpubench: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	u8 sector[512];
	size_t n = fread(sector, 1, sizeof(sector), f);
	fclose(f);
	if (n != sizeof(sector) || sector[510] != 0x55 || sector[511] != 0xAA) {
		fprintf(stderr, "cpubench: %s: not a boot sector\n", argv[1]);
		return 2;
	}

	static struct bus bus;
	static struct clock clk;
	static struct exit_port ep;
	if (bus_init(&bus, 8u << 20)) {
		fprintf(stderr, "cpubench: out of memory\n");
		return 1;
	}
	clock_init(&clk, 0);
	struct cpu *cpu = cpu_create(&bus, &clk, CPU_P6);
	if (!cpu) {
		fprintf(stderr, "cpubench: cannot create the CPU\n");
		return 1;
	}
	ep.cpu = cpu;
	bus_add_io(&bus, 0xF4, 1, &exit_ops, &ep, "isa-debug-exit");
	memcpy(bus.ram + 0x7C00, sector, sizeof(sector));
	cpu_reset(cpu);
	cpu_set_seg_real(cpu, SEG_CS, 0);
	cpu->eip = 0x7C00;

	double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	u64 limit = 1ull << 40;		/* a runaway image still ends */
	while (!ep.done && clk.icount < limit) {
		enum cpu_stop st = cpu_run(cpu, clk.icount + (1u << 30));
		if (st == CPU_STOP_HALT || st == CPU_STOP_SHUTDOWN) {
			fprintf(stderr, "cpubench: the CPU stopped (%d) at icount %llu\n", st,
				(unsigned long long)clk.icount);
			return 1;
		}
	}
	double t = now(CLOCK_MONOTONIC) - t0, c = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
	printf("icount %llu\n", (unsigned long long)clk.icount);
	printf("seconds %.6f\n", t);
	printf("cpu_seconds %.6f\n", c);
	printf("mips %.1f\n", clk.icount / t / 1e6);
	struct cpu_jit_info ji;
	cpu_get_jit_info(cpu, &ji);
	printf("accel %s\n", cpu_get_accel(cpu) == CPU_ACCEL_JIT ? "jit" : "interp");
	printf("jit_blocks %llu\njit_translations %llu\njit_inlined %llu\njit_flushes %llu\n",
	       (unsigned long long)ji.blocks, (unsigned long long)ji.translations,
	       (unsigned long long)ji.inlined, (unsigned long long)ji.flushes);
	printf("jit_dual %d\njit_links %llu\njit_inlined_mem %llu\n", ji.dual,
	       (unsigned long long)ji.links, (unsigned long long)ji.inlined_mem);
	cpu_destroy(cpu);
	bus_free(&bus);
	return 0;
}
