/*
 * A bare CPU on a bus for the cpu_*_test.c suites: 2 MiB of RAM, no
 * devices. Code is placed with rig_code() (which drops decoded blocks, as
 * the bytes are written behind the CPU's back) and run to its HLT.
 */
#ifndef LUCID_TEST_CPU_RIG_H
#define LUCID_TEST_CPU_RIG_H

#include <criterion/criterion.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"

static struct bus rig_bus;
static struct clock rig_clk;
static struct cpu *rig;

static void rig_setup(void)
{
	cr_assert_eq(bus_init(&rig_bus, 2 << 20), 0);
	clock_init(&rig_clk, 0);
	rig = cpu_create(&rig_bus, &rig_clk, CPU_P6);
	cr_assert_not_null(rig);
}

static void rig_teardown(void)
{
	cpu_destroy(rig);
	bus_free(&rig_bus);
}

/* Copy code to physical addr and forget decoded blocks. */
static void rig_code(u32 addr, const void *code, size_t len)
{
	memcpy(rig_bus.ram + addr, code, len);
	cpu_flush_caches(rig);
}

/* Flat 32-bit protected mode at eip, stack at 0x80000. */
static void rig_flat32(u32 eip)
{
	cpu_reset(rig);
	cpu_setup_flat32(rig);
	rig->eip = eip;
	rig->regs[R_ESP] = 0x80000;
}

/* Real mode at cs:ip, stack at 0000:F000. */
static void rig_real(u16 cs, u16 ip)
{
	cpu_reset(rig);
	cpu_set_seg_real(rig, SEG_CS, cs);
	cpu_set_seg_real(rig, SEG_SS, 0);
	rig->eip = ip;
	rig->regs[R_ESP] = 0xF000;
}

/* Real-mode interrupt vector v -> 0000:addr. */
static void rig_ivt(int v, u16 addr)
{
	st16(rig_bus.ram + v * 4, addr);
	st16(rig_bus.ram + v * 4 + 2, 0);
}

/* Run until HLT (or max instructions); returns the stop reason. */
static enum cpu_stop rig_run(u64 max)
{
	return cpu_run(rig, rig_clk.icount + max);
}

#endif
