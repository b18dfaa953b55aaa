/*
 * The translation tier (emu/cpu/jit/): a loop of inline forms (ADD, XOR,
 * MOV) and calls (DEC, JNZ, HLT) gives the interpreter's registers, flags
 * and icount, translated blocks did run, switching tiers on a live CPU is
 * harmless, a full code cache is flushed whole and translation goes on,
 * and no mapping of the process is writable and executable at once (W^X). On a host without the translator, -accel jit is refused.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"

#define RAM (1u << 20)
#define CODE 0x1000u

static struct bus bus;
static struct clock clk;
static struct cpu *cpu;

static const u8 loop[] = {
	0xB9, 0xE8, 0x03, 0x00, 0x00,	/* mov ecx, 1000 */
	0x31, 0xC0,			/* xor eax, eax */
	0x89, 0xC3,			/* l: mov ebx, eax */
	0x01, 0xC8,			/* add eax, ecx */
	0x83, 0xC0, 0x07,		/* add eax, 7 */
	0x49,				/* dec ecx */
	0x75, 0xF6,			/* jnz l */
	0xF4,				/* hlt */
};

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, RAM), 0);
	clock_init(&clk, 0);
	cpu = cpu_create(&bus, &clk, CPU_P6);
	cr_assert_not_null(cpu);
	memcpy(bus.ram + CODE, loop, sizeof(loop));
}

static void teardown(void)
{
	cpu_destroy(cpu);
	bus_free(&bus);
}

TestSuite(cpu_jit, .init = setup, .fini = teardown);

struct outcome {
	u32 eax, ebx, ecx, eip, eflags;
	u64 icount;
	enum cpu_stop stop;
};

static struct outcome run_loop(void)
{
	cpu_reset(cpu);
	cpu_setup_flat32(cpu);
	cpu->eip = CODE;
	u64 start = clk.icount;
	struct outcome o;
	o.stop = cpu_run(cpu, start + 100000);
	o.eax = cpu->regs[R_EAX];
	o.ebx = cpu->regs[R_EBX];
	o.ecx = cpu->regs[R_ECX];
	o.eip = cpu->eip;
	o.eflags = cpu_get_eflags(cpu);
	o.icount = clk.icount - start;
	return o;
}

/* No mapping both writable and executable in /proc/self/maps. */
static int wx_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	cr_assert_not_null(f);
	char line[512], perms[8];
	int n = 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %7s", perms) == 1 && perms[1] == 'w' && perms[2] == 'x')
			n++;
	fclose(f);
	return n;
}

Test(cpu_jit, same_outcome_as_the_interpreter)
{
	if (!cpu_accel_supported(CPU_ACCEL_JIT)) {
		cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_JIT), -1);
		return;
	}
	cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_INTERP), 0);
	struct outcome i = run_loop();
	cr_assert_eq(i.stop, CPU_STOP_HALT);
	cr_assert_eq(i.eax, 500500u + 7000u);
	cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_JIT), 0);
	cr_assert_eq(cpu_get_accel(cpu), CPU_ACCEL_JIT);
	struct outcome j = run_loop();
	cr_assert_eq(j.stop, i.stop);
	cr_assert_eq(j.eax, i.eax);
	cr_assert_eq(j.ebx, i.ebx);
	cr_assert_eq(j.ecx, i.ecx);
	cr_assert_eq(j.eip, i.eip);
	cr_assert_eq(j.eflags, i.eflags, "eflags %x, interpreter %x", j.eflags, i.eflags);
	cr_assert_eq(j.icount, i.icount, "icount %llu, interpreter %llu",
		     (unsigned long long)j.icount, (unsigned long long)i.icount);
	struct cpu_jit_info ji;
	cpu_get_jit_info(cpu, &ji);
	cr_assert_gt(ji.translations, 0);
	cr_assert_gt(ji.blocks, 900);		/* the loop body, translated */
	cr_assert_gt(ji.inlined, 0);
	cr_assert_eq(wx_mappings(), 0);
	/* Back to the interpreter and again: nothing stale survives. */
	cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_INTERP), 0);
	struct outcome k = run_loop();
	cr_assert_eq(k.eax, i.eax);
	cr_assert_eq(k.icount, i.icount);
	cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_JIT), 0);
	k = run_loop();
	cr_assert_eq(k.eax, i.eax);
	cr_assert_eq(k.icount, i.icount);
}

/* A limit inside the translated loop stops at exactly that icount. */
Test(cpu_jit, limit_inside_a_block)
{
	if (!cpu_accel_supported(CPU_ACCEL_JIT))
		return;
	struct outcome at[2];
	for (int t = 0; t < 2; t++) {
		cr_assert_eq(cpu_set_accel(cpu, t ? CPU_ACCEL_JIT : CPU_ACCEL_INTERP), 0);
		cpu_reset(cpu);
		cpu_setup_flat32(cpu);
		cpu->eip = CODE;
		u64 start = clk.icount;
		cr_assert_eq(cpu_run(cpu, start + 2001), CPU_STOP_LIMIT);
		at[t].icount = clk.icount - start;
		at[t].eax = cpu->regs[R_EAX];
		at[t].ecx = cpu->regs[R_ECX];
		at[t].eip = cpu->eip;
	}
	cr_assert_eq(at[0].icount, 2001);
	cr_assert_eq(at[1].icount, 2001);
	cr_assert_eq(at[1].eax, at[0].eax);
	cr_assert_eq(at[1].ecx, at[0].ecx);
	cr_assert_eq(at[1].eip, at[0].eip);
}

/* 3,000 blocks of "inc eax; jmp $+2", run twice, through an 8 KiB cache. */
#define CHAIN 0x10000u
#define CHAIN_BLOCKS 3000

static struct outcome run_chain(void)
{
	u8 *p = bus.ram + CHAIN;
	for (int k = 0; k < CHAIN_BLOCKS; k++) {
		*p++ = 0x40;			/* inc eax */
		*p++ = 0xEB;			/* jmp $+2 */
		*p++ = 0x00;
	}
	u32 at = CHAIN + 3 * CHAIN_BLOCKS;
	*p++ = 0x49;				/* dec ecx */
	*p++ = 0x0F;				/* jnz CHAIN */
	*p++ = 0x85;
	st32(p, CHAIN - (at + 7));
	p += 4;
	*p++ = 0xF4;				/* hlt */
	cpu_reset(cpu);
	cpu_setup_flat32(cpu);
	cpu->eip = CHAIN;
	cpu->regs[R_ECX] = 2;
	u64 start = clk.icount;
	struct outcome o;
	o.stop = cpu_run(cpu, start + 100000);
	o.eax = cpu->regs[R_EAX];
	o.ecx = cpu->regs[R_ECX];
	o.eip = cpu->eip;
	o.icount = clk.icount - start;
	return o;
}

Test(cpu_jit, full_cache_flushes_whole)
{
	if (!cpu_accel_supported(CPU_ACCEL_JIT))
		return;
	cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_INTERP), 0);
	struct outcome i = run_chain();
	cr_assert_eq(i.stop, CPU_STOP_HALT);
	cr_assert_eq(i.eax, 2 * CHAIN_BLOCKS);
	setenv("LUCID_JIT_CACHE_KB", "8", 1);
	setenv("LUCID_JIT_HOT", "1", 1);
	cpu_destroy(cpu);
	cpu = cpu_create(&bus, &clk, CPU_P6);
	unsetenv("LUCID_JIT_CACHE_KB");
	unsetenv("LUCID_JIT_HOT");
	cr_assert_not_null(cpu);
	cr_assert_eq(cpu_set_accel(cpu, CPU_ACCEL_JIT), 0);
	struct cpu_jit_info before, after;
	cpu_get_jit_info(cpu, &before);
	struct outcome j = run_chain();
	cpu_get_jit_info(cpu, &after);
	cr_assert_eq(j.stop, i.stop);
	cr_assert_eq(j.eax, i.eax);
	cr_assert_eq(j.ecx, i.ecx);
	cr_assert_eq(j.eip, i.eip);
	cr_assert_eq(j.icount, i.icount);
	cr_assert_gt(after.flushes - before.flushes, 10, "%llu flushes",
		     (unsigned long long)(after.flushes - before.flushes));
	cr_assert_gt(after.blocks, 2 * CHAIN_BLOCKS - 100);
	cr_assert_eq(wx_mappings(), 0);
}
