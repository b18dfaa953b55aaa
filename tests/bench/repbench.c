/*
 * String benchmark: how fast REP string instructions run on the CPU alone
 * (flat 32-bit mode, 8 MiB of RAM, no machine), cut into cpu_run slices as
 * the machine loop cuts them at device deadlines. Each workload is a loop
 * of REP MOVS/STOS over buffers in RAM (the memcpy/memset fast paths of
 * emu/cpu/ops_data.c) or, for the last, many small copies (the cost of
 * starting an execution). Prints one line per workload: host MB/s of guest
 * data moved and the guest instructions counted (icount), which since REP
 * strings count per iteration is one per element.
 *
 * The host clock is read here, in the harness, never in emu/.
 *
 * usage: repbench [SLICE]   (instructions per cpu_run; default 100000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/cpu/cpu.h"

#define RAM (8u << 20)
#define CODE 0x1000u
#define SRC 0x100000u
#define DST 0x300000u

struct workload {
	const char *name;
	u8 insn[4];		/* the string instruction */
	int len;
	u32 count;		/* ECX */
	u32 bytes;		/* guest bytes moved per execution */
	u32 eax;
	u32 reps;		/* times round the loop */
};

static const struct workload loads[] = {
	{ "rep movsd 1 MiB", { 0xF3, 0xA5 }, 2, 0x40000, 0x100000, 0, 1000 },
	{ "rep movsb 1 MiB", { 0xF3, 0xA4 }, 2, 0x100000, 0x100000, 0, 1000 },
	{ "rep stosd 1 MiB (zero)", { 0xF3, 0xAB }, 2, 0x40000, 0x100000, 0, 1000 },
	{ "rep stosd 1 MiB (pattern)", { 0xF3, 0xAB }, 2, 0x40000, 0x100000, 0x12345678, 1000 },
	{ "rep movsd 64 B x 4M", { 0xF3, 0xA5 }, 2, 16, 64, 0, 4000000 },
};

static double now(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* mov ebp, reps; loop: mov esi/edi/ecx/eax; cld; string; dec ebp; jnz loop; hlt */
static void build(u8 *p, const struct workload *w)
{
	int k = 0;
	p[k++] = 0xBD; memcpy(p + k, &w->reps, 4); k += 4;
	int loop = k;
	u32 v[4] = { SRC, DST, w->count, w->eax };
	for (int r = 0; r < 4; r++) {
		p[k++] = (u8[]){ 0xBE, 0xBF, 0xB9, 0xB8 }[r];
		memcpy(p + k, &v[r], 4);
		k += 4;
	}
	p[k++] = 0xFC;
	memcpy(p + k, w->insn, w->len);
	k += w->len;
	p[k++] = 0x4D;
	p[k++] = 0x75;
	p[k] = (u8)(loop - (k + 1));
	k++;
	p[k++] = 0xF4;
}

int main(int argc, char **argv)
{
	u64 slice = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000;
	if (!slice) {
		fprintf(stderr, "repbench: bad slice\n");
		return 2;
	}
	static struct bus bus;
	static struct clock clk;
	if (bus_init(&bus, RAM)) {
		fprintf(stderr, "repbench: out of memory\n");
		return 2;
	}
	clock_init(&clk, 0);
	struct cpu *cpu = cpu_create(&bus, &clk, CPU_P6);
	if (!cpu) {
		fprintf(stderr, "repbench: out of memory\n");
		return 2;
	}
	for (u32 k = 0; k < 0x100000; k++)
		bus.ram[SRC + k] = (u8)(k * 13);
	for (size_t n = 0; n < sizeof(loads) / sizeof(loads[0]); n++) {
		const struct workload *w = &loads[n];
		cpu_reset(cpu);
		build(bus.ram + CODE, w);
		cpu_flush_caches(cpu);
		cpu_setup_flat32(cpu);
		cpu_set_eflags(cpu, 2);
		cpu->eip = CODE;
		u64 i0 = clk.icount;
		double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
		enum cpu_stop st;
		do
			st = cpu_run(cpu, clk.icount + slice);
		while (st == CPU_STOP_LIMIT);
		double wall = now(CLOCK_MONOTONIC) - t0, cpus = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
		double mb = (double)w->bytes * w->reps / 1e6;
		printf("rep: %-26s %8.0f MB/s wall, %8.0f MB/s cpu time, icount %llu%s\n", w->name,
		       mb / wall, mb / cpus, (unsigned long long)(clk.icount - i0),
		       st == CPU_STOP_HALT ? "" : " (did not finish)");
	}
	cpu_destroy(cpu);
	bus_free(&bus);
	return 0;
}
