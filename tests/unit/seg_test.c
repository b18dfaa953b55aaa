/*
 * Segment loads and the selector probes alone (emu/cpu/seg.c, SDM 3A ch. 3 and
 * 5): a GDT written into RAM, the CPU put at CPL 0 or 3 by hand, and the
 * fault (vector and error code) or the loaded cache checked: granularity,
 * expand-down with B clear (16-bit top) and set, the accessed bit, the
 * privilege rules for data and stack loads, LSL with G, VERR/VERW.
 */
#include <criterion/criterion.h>
#include <setjmp.h>

#include "emu/cpu/cpu_internal.h"

static struct bus sbus;
static struct clock sclk;
static struct cpu *cpu;

#define GDT 0x1000u

static void gdt_set(u16 sel, u64 d) { st64(sbus.ram + GDT + (sel & ~7u), d); }

static void setup(void)
{
	cr_assert_eq(bus_init(&sbus, 1 << 20), 0);
	clock_init(&sclk, 0);
	cpu = cpu_create(&sbus, &sclk, CPU_P6);
	cr_assert_not_null(cpu);
	cpu_setup_flat32(cpu);
	cpu->gdtr = (struct dtr){ GDT, 0x7F };
	gdt_set(0x08, 0x00CF9A000000FFFFull);	/* code 0 */
	gdt_set(0x10, 0x00CF92000000FFFFull);	/* data 0 */
	gdt_set(0x18, 0x00CFFA000000FFFFull);	/* code 3 */
	gdt_set(0x20, 0x00CFF2000000FFFFull);	/* data 3 */
	gdt_set(0x28, 0x0000960000000FFFull);	/* data, expand-down, B=0, limit 0xFFF */
	gdt_set(0x30, 0x0040960000000FFFull);	/* data, expand-down, B=1 */
	gdt_set(0x38, 0x0080900000000002ull);	/* data, read-only, G: limit 0x2FFF */
	gdt_set(0x40, 0x00CF98000000FFFFull);	/* code 0, execute-only */
}

static void teardown(void)
{
	cpu_destroy(cpu);
	bus_free(&sbus);
}

TestSuite(seg, .init = setup, .fini = teardown);

static void at_cpl3(void)
{
	cpu->cpl = 3;
	seg_set_cache(cpu, SEG_CS, 0x1B, 0, 0xFFFFFFFFu, 0xC0FB);
	seg_set_cache(cpu, SEG_SS, 0x23, 0, 0xFFFFFFFFu, 0xC0F3);
}

/* Load sel into seg; returns -1 and the vector/error on a fault. */
static int load(int seg, u16 sel, int *vec, u32 *err)
{
	if (setjmp(cpu->jmp)) {
		*vec = cpu->exc_vector;
		*err = cpu->exc_error;
		return -1;
	}
	seg_load(cpu, seg, sel);
	return 0;
}

static void expect_fault(int seg, u16 sel, int vec, u32 err)
{
	int v;
	u32 e;
	cr_assert_eq(load(seg, sel, &v, &e), -1, "sel %04x loaded", sel);
	cr_assert_eq(v, vec, "sel %04x: vector %d, expected %d", sel, v, vec);
	cr_assert_eq(e, err, "sel %04x: error %x, expected %x", sel, e, err);
}

static void expect_load(int seg, u16 sel)
{
	int v;
	u32 e;
	cr_assert_eq(load(seg, sel, &v, &e), 0, "sel %04x: fault %d(%x)", sel, v, e);
}

Test(seg, expand_down_tops_and_accessed_bit)
{
	expect_load(SEG_ES, 0x28);
	cr_assert_eq(cpu->seg[SEG_ES].lo, 0x1000);
	cr_assert_eq(cpu->seg[SEG_ES].hi, 0xFFFF, "B=0: the top is 64 KiB");
	cr_assert(sbus.ram[GDT + 0x28 + 5] & 1, "accessed bit written back");
	expect_load(SEG_ES, 0x30);
	cr_assert_eq(cpu->seg[SEG_ES].hi, 0xFFFFFFFFu, "B=1: the top is 4 GiB");
	expect_load(SEG_FS, 0x38);
	cr_assert_eq(cpu->seg[SEG_FS].limit, 0x2FFF, "G: limit in 4 KiB units");
	cr_assert_eq(cpu->seg[SEG_FS].ok, SEG_OK_READ, "read-only data");
}

Test(seg, data_and_stack_rules)
{
	expect_fault(SEG_DS, 0x40, EXC_GP, 0x40);	/* execute-only code */
	expect_fault(SEG_SS, 0x38, EXC_GP, 0x38);	/* read-only data */
	expect_fault(SEG_SS, 0x13, EXC_GP, 0x10);	/* RPL 3 != CPL 0 */
	expect_fault(SEG_DS, 0x80, EXC_GP, 0x80);	/* past the GDT limit */
	expect_fault(SEG_DS, 0x84, EXC_GP, 0x84);	/* TI=1, null LDTR */
	at_cpl3();
	expect_fault(SEG_DS, 0x10, EXC_GP, 0x10);	/* DPL 0 data at CPL 3 */
	expect_fault(SEG_SS, 0x20, EXC_GP, 0x20);	/* RPL 0 != CPL 3 */
	expect_fault(SEG_SS, 0, EXC_GP, 0);
	expect_load(SEG_DS, 0x23);
	expect_load(SEG_DS, 0);
	cr_assert_eq(cpu->seg[SEG_DS].ok, 0, "a null selector loads, unusable");
}

Test(seg, probes)
{
	u32 v;
	cr_assert(seg_lsl(cpu, 0x38, &v));
	cr_assert_eq(v, 0x2FFF);
	cr_assert(seg_lar(cpu, 0x08, &v));
	cr_assert_eq(v & 0x00F0FF00u, 0x00CF9A00u & 0x00F0FF00u);
	cr_assert(seg_verify(cpu, 0x38, false));
	cr_assert_not(seg_verify(cpu, 0x38, true), "read-only data is not writable");
	cr_assert_not(seg_verify(cpu, 0x40, false), "execute-only code is not readable");
	cr_assert_not(seg_lsl(cpu, 0, &v), "null selector");
	at_cpl3();
	cr_assert_not(seg_lar(cpu, 0x10, &v), "DPL 0 data is invisible at CPL 3");
	cr_assert(seg_lar(cpu, 0x23, &v));
}
