/*
 * The x87 around the arithmetic: its state in snapshots, a 386 without a
 * coprocessor, FERR# on the IRQ13 line with CR0.NE = 0, #MF with NE = 1,
 * and the FSTENV layouts (16/32-bit, real and protected).
 */
#include "emu/lib/snap.h"
#include "tests/unit/cpu_rig.h"

TestSuite(fpu, .init = rig_setup, .fini = rig_teardown);

/* fninit; fld1; fldpi; fldz; fdiv st0, st1 (masked ZE... 0/pi = 0); hlt */
static const u8 load_some[] = { 0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEB, 0xD9, 0xEE,
				0xD8, 0xF1, 0xF4 };

Test(fpu, state_survives_a_snapshot)
{
	rig_code(0x1000, load_some, sizeof(load_some));
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	struct fpu before = rig->fpu;
	cr_assert_eq(before.used, 0xE0, "three registers in use");
	struct snap_writer w;
	snap_writer_init(&w);
	cpu_save(rig, &w);
	cpu_reset(rig);
	cr_assert_neq(rig->fpu.used, before.used);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(cpu_load(rig, &r), 0, "%s", r.error);
	snap_writer_free(&w);
	cr_assert_eq(rig->fpu.cw, before.cw);
	cr_assert_eq(rig->fpu.sw, before.sw);
	cr_assert_eq(rig->fpu.used, before.used);
	cr_assert_eq(rig->fpu.fip, before.fip);
	cr_assert_eq(rig->fpu.fop, before.fop);
	for (int n = 0; n < 8; n++) {
		cr_assert_eq(rig->fpu.r[n].sig, before.r[n].sig);
		cr_assert_eq(rig->fpu.r[n].se, before.r[n].se);
	}
	/* The image used by digests has no padding and sees every field. */
	struct fpu_image a, b;
	cpu_fpu_image(rig, &a);
	rig->fpu.r[5].sig ^= 1;
	cpu_fpu_image(rig, &b);
	cr_assert(memcmp(&a, &b, sizeof(a)) != 0);
}

Test(fpu, no_coprocessor_leaves_detection_words_alone)
{
	/* fninit; fnstsw [0x2000]; fnstcw [0x2002]; fnstsw ax; hlt */
	static const u8 code[] = { 0xDB, 0xE3, 0xDD, 0x3D, 0x00, 0x20, 0x00, 0x00,
				   0xD9, 0x3D, 0x02, 0x20, 0x00, 0x00, 0xDF, 0xE0, 0xF4 };
	cpu_destroy(rig);
	rig = cpu_create(&rig_bus, &rig_clk, CPU_386);
	cpu_set_fpu(rig, false);
	cr_assert_eq(rig->cr0 & CR0_ET, 0, "ET clear without a 387");
	rig_code(0x1000, code, sizeof(code));
	cpu_setup_flat32(rig);
	rig->eip = 0x1000;
	rig->regs[R_ESP] = 0x80000;
	rig->regs[R_EAX] = 0x5A5A;
	st32(rig_bus.ram + 0x2000, 0x5A5A5A5A);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(ld32(rig_bus.ram + 0x2000), 0x5A5A5A5A);
	cr_assert_eq(rig->regs[R_EAX] & 0xFFFF, 0x5A5A);
	/* With the 387 the same code reads 0000 and 037F. */
	cpu_set_fpu(rig, true);
	cr_assert(rig->cr0 & CR0_ET);
	rig->eip = 0x1000;
	rig->halted = false;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(ld32(rig_bus.ram + 0x2000), 0x037F0000);
	cr_assert_eq(rig->regs[R_EAX] & 0xFFFF, 0);
}

static int ferr_level, ferr_changes;

static void ferr_set(void *opaque, int n, int level)
{
	(void)opaque;
	(void)n;
	ferr_level = level;
	ferr_changes++;
}

/* fninit; fldcw [0x2000] (ZE unmasked); fld1; fldz; fdivp; fwait; hlt */
static const u8 zero_divide[] = { 0xDB, 0xE3, 0xD9, 0x2D, 0x00, 0x20, 0x00, 0x00,
				  0xD9, 0xE8, 0xD9, 0xEE, 0xDE, 0xF9, 0x9B, 0xF4 };

Test(fpu, unmasked_exception_raises_ferr_without_ne)
{
	struct irq_line line;
	irq_init(&line, ferr_set, NULL, 13);
	rig->ferr = &line;
	ferr_level = ferr_changes = 0;
	rig_code(0x1000, zero_divide, sizeof(zero_divide));
	rig_flat32(0x1000);
	st16(rig_bus.ram + 0x2000, 0x037B);
	cr_assert_eq(rig->cr0 & CR0_NE, 0);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(ferr_level, 1, "IRQ13 raised");
	cr_assert_eq(ferr_changes, 1);
	cr_assert(rig->fpu.sw & FPU_ES);
	cpu_fpu_clear_ferr(rig);
	cr_assert_eq(ferr_level, 0, "port 0xF0 clears it");
	/* Again, and then RESET clears the latch too. */
	rig->eip = 0x1000;
	rig->halted = false;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(ferr_level, 1);
	cpu_reset(rig);
	cr_assert_eq(ferr_level, 0, "RESET clears it");
	rig->ferr = NULL;
}

Test(fpu, unmasked_exception_faults_at_the_next_waiting_instruction_with_ne)
{
	rig_code(0x1000, zero_divide, sizeof(zero_divide));
	rig_flat32(0x1000);
	rig->cr0 |= CR0_NE;
	st16(rig_bus.ram + 0x2000, 0x037B);
	/* No IDT: delivering the #MF fails with #GP(16 * 8 + 2 + EXT), which
	 * names the vector, and the triple fault's record has the EIP. */
	rig->reset_on_triple = false;
	rig->idtr.limit = 0;
	rig_run(100);
	cr_assert_eq(rig->exc_log[0].error, EXC_MF * 8 + 3);
	cr_assert_eq(rig->exc_log[0].eip, 0x100E, "at the FWAIT, not the FDIVP");
}

/* FNSTENV in its four layouts: where the control, status and tag words
 * and the instruction pointer land. */
Test(fpu, fstenv_layouts)
{
	/* fninit; fld1; fnstenv [0x2000]; o16 fnstenv [0x2100]; hlt */
	static const u8 code[] = { 0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0x35, 0x00, 0x20, 0x00, 0x00,
				   0x66, 0xD9, 0x35, 0x00, 0x21, 0x00, 0x00, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	const u8 *e32 = rig_bus.ram + 0x2000, *e16 = rig_bus.ram + 0x2100;
	cr_assert_eq(ld16(e32 + 0), 0x037F);
	cr_assert_eq(ld16(e32 + 4), 0x3800, "TOP 7");
	cr_assert_eq(ld16(e32 + 8), 0x3FFF, "R7 valid, the rest empty");
	cr_assert_eq(ld32(e32 + 12), 0x1002, "FIP: the FLD1");
	cr_assert_eq(ld32(e32 + 16), 0x01E8u << 16 | 0x08, "FOP and FCS");
	cr_assert_eq(ld16(e16 + 0), 0x037F | 0x3F, "masks set by the first FNSTENV");
	cr_assert_eq(ld16(e16 + 4), 0x3FFF);
	cr_assert_eq(ld16(e16 + 6), 0x1002);
	cr_assert_eq(ld16(e16 + 8), 0x08);
}

/* FNSAVE/FRSTOR in protected mode, 32- and 16-bit images: save, restore,
 * save again gives the same bytes, and the FPU is reinitialized between. */
Test(fpu, fsave_frstor_round_trip_in_protected_mode)
{
	static const u8 code[] = {
		0xDB, 0xE3, 0xD9, 0xE8, 0xD9, 0xEB, 0xD9, 0xEE,	/* fninit; fld1; fldpi; fldz */
		0xD8, 0xF9,					/* fdivr: pi/0, ZE */
		0xDD, 0x35, 0x00, 0x20, 0x00, 0x00,		/* fnsave [0x2000] */
		0xD9, 0x3D, 0x00, 0x23, 0x00, 0x00,		/* fnstcw [0x2300] */
		0xDD, 0x25, 0x00, 0x20, 0x00, 0x00,		/* frstor [0x2000] */
		0xDD, 0x35, 0x00, 0x21, 0x00, 0x00,		/* fnsave [0x2100] */
		0xDD, 0x25, 0x00, 0x21, 0x00, 0x00,		/* frstor [0x2100] */
		0x66, 0xDD, 0x35, 0x00, 0x22, 0x00, 0x00,	/* o16 fnsave [0x2200] */
		0x66, 0xDD, 0x25, 0x00, 0x22, 0x00, 0x00,	/* o16 frstor [0x2200] */
		0x66, 0xDD, 0x35, 0x00, 0x24, 0x00, 0x00,	/* o16 fnsave [0x2400] */
		0xF4,
	};
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	const u8 *m = rig_bus.ram;
	cr_assert_eq(ld16(m + 0x2300), 0x037F, "FNSAVE reinitializes");
	cr_assert(!memcmp(m + 0x2000, m + 0x2100, 108), "32-bit image survives a round trip");
	cr_assert(!memcmp(m + 0x2200, m + 0x2400, 94), "16-bit image survives a round trip");
	cr_assert_eq(ld16(m + 0x2004), 0x2804, "status: TOP 5, ZE");
	cr_assert_eq(ld16(m + 0x2008), 0x0BFF, "tags: R7 R6 valid, R5 special (+inf)");
	cr_assert_eq(ld64(m + 0x2000 + 28), 0x8000000000000000ull, "ST(0) = +inf");
	cr_assert_eq(ld16(m + 0x2000 + 28 + 8), 0x7FFF);
	cr_assert_eq(ld16(m + 0x2200 + 14 + 8), 0x7FFF, "16-bit image: registers at 14");
	cr_assert_eq(ld16(m + 0x2202), 0x2804);
}
