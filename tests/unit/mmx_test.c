/*
 * MMX, FXSAVE/FXRSTOR and the P6 performance counters, case by case with
 * results worked out by hand from the SDM (the host oracle,
 * mmx_oracle_test.c, covers the bulk): saturation and shift-count edges of
 * each kind of instruction, the x87 tag word and TOP around MMX code and
 * EMMS, the exceptions (#UD under CR0.EM, #NM under CR0.TS, #MF for a
 * pending x87 exception, #GP for a misaligned FXSAVE area), the models
 * (the Pentium has neither MMX nor FXSR), and PerfEvtSel/PerfCtr/RDPMC
 * with the USR/OS split. Real mode: the handler of vector v is a HLT at
 * 0x600 + 4v, so EIP tells which exception came.
 */
#include "tests/unit/cpu_rig.h"
#include "emu/lib/snap.h"

TestSuite(mmx, .init = rig_setup, .fini = rig_teardown);

#define CODE 0x500u
#define DATA 0x2000u
#define HANDLER(v) (0x600u + 4 * (v))

static void use_model(enum cpu_model m)
{
	if (rig->model == m)
		return;
	cpu_destroy(rig);
	rig = cpu_create(&rig_bus, &rig_clk, m);
	cr_assert_not_null(rig);
}

/* Run code in real mode from CODE; returns EIP after the HLT. */
static u32 run(const u8 *code, size_t len, u32 cr0_set)
{
	rig_code(CODE, code, len);
	for (int v = 0; v < 20; v++) {
		rig_bus.ram[HANDLER(v)] = 0xF4;
		rig_ivt(v, HANDLER(v));
	}
	rig_real(0, CODE);
	rig->cr0 |= cr0_set;
	cr_assert_eq(rig_run(1000), CPU_STOP_HALT);
	return rig->eip;
}

static u64 data64(u32 off)
{
	u64 v;
	memcpy(&v, rig_bus.ram + DATA + off, 8);
	return v;
}

/* movq mm0, [DATA]; movq mm1, [DATA + 8]; the instruction; movq [DATA + 16], mm0. */
static u64 mmx2(const u8 *insn, int n, u64 a, u64 b)
{
	u8 code[32] = { 0x0F, 0x6F, 0x06, 0x00, 0x20, 0x0F, 0x6F, 0x0E, 0x08, 0x20 };
	int k = 10;
	memcpy(code + k, insn, n);
	k += n;
	static const u8 tail[] = { 0x0F, 0x7F, 0x06, 0x10, 0x20, 0xF4 };
	memcpy(code + k, tail, sizeof(tail));
	k += sizeof(tail);
	memcpy(rig_bus.ram + DATA, &a, 8);
	memcpy(rig_bus.ram + DATA + 8, &b, 8);
	cr_assert_eq(run(code, k, 0), CODE + k);
	return data64(16);
}

#define RR(op) ((const u8[]){ 0x0F, op, 0xC1 }), 3

Test(mmx, saturation_edges)
{
	cr_expect_eq(mmx2(RR(0xED), 0x7FFF80000001FFFFull, 0x0001FFFF7FFF8000ull),
		     0x7FFF80007FFF8000ull, "paddsw clamps both ways");
	cr_expect_eq(mmx2(RR(0xDC), 0xFF018080000000FFull, 0x01FF808000000001ull),
		     0xFFFFFFFF000000FFull, "paddusb clamps at FF");
	cr_expect_eq(mmx2(RR(0xD8), 0x10, 0x11), 0, "psubusb clamps at 0");
	cr_expect_eq(mmx2(RR(0xE8), 0x7F80, 0xFF01), 0x7F80, "psubsb: -128-1 and 127+1");
	cr_expect_eq(mmx2(RR(0xE5), 0xFFFF8000, 0x00028000), 0xFFFF4000, "pmulhw");
	cr_expect_eq(mmx2(RR(0xD5), 0xFFFF8000, 0x00028000), 0xFFFE0000, "pmullw");
	cr_expect_eq(mmx2(RR(0xF5), 0x80008000, 0x80008000), 0x80000000,
		     "pmaddwd: the one sum that wraps");
	cr_expect_eq(mmx2(RR(0x63), 0x0080FF7F7FFF8000ull, 0x00000001FFFF0005ull),
		     0x0001FF057F807F80ull, "packsswb");
	cr_expect_eq(mmx2(RR(0x67), 0x0080FF7F7FFF8000ull, 0x00000001FFFF0005ull),
		     0x000100058000FF00ull, "packuswb");
	cr_expect_eq(mmx2(RR(0x6B), 0x7FFFFFFF80000000ull, 0x00000001FFFF0000ull),
		     0x000180007FFF8000ull, "packssdw");
	cr_expect_eq(mmx2(RR(0x60), 0x7766554433221100ull, 0xFFEEDDCCBBAA9988ull),
		     0xBB33AA2299118800ull, "punpcklbw");
	cr_expect_eq(mmx2(RR(0x6A), 0x7766554433221100ull, 0xFFEEDDCCBBAA9988ull),
		     0xFFEEDDCC77665544ull, "punpckhdq");
	cr_expect_eq(mmx2(RR(0x64), 0x7F80, 0x807F), 0xFF00, "pcmpgtb is signed");
	cr_expect_eq(mmx2(RR(0xDF), 0xFF00FF00FF00FF00ull, 0x0F0F0F0F0F0F0F0Full),
		     0x000F000F000F000Full, "pandn");
}

Test(mmx, shift_count_edges)
{
	cr_expect_eq(mmx2(RR(0xE1), 0x80007FFF0001FFFFull, 16), 0xFFFF00000000FFFFull,
		     "psraw by 16 fills with the sign");
	cr_expect_eq(mmx2(RR(0xD1), 0x80007FFF0001FFFFull, 15), 0x0001000000000001ull, "psrlw 15");
	cr_expect_eq(mmx2(RR(0xD1), 0xFFFFFFFFFFFFFFFFull, 16), 0, "psrlw by 16 clears");
	cr_expect_eq(mmx2(RR(0xF1), 0xFFFFull, 0x100000000ull), 0,
		     "psllw: the count is all 64 bits");
	cr_expect_eq(mmx2(RR(0xD3), 0xFFFFFFFFFFFFFFFFull, 64), 0, "psrlq by 64 clears");
	cr_expect_eq(mmx2(RR(0xF3), 1, 63), 0x8000000000000000ull, "psllq 63");
	cr_expect_eq(mmx2(RR(0xE2), 0x80000000ull, 0xFFFFFFFFFFFFFFFFull), 0xFFFFFFFF,
		     "psrad by 2^64-1");
	static const u8 psrad_imm[] = { 0x0F, 0x72, 0xE0, 0xFF };	/* psrad mm0, 255 */
	cr_expect_eq(mmx2(psrad_imm, 4, 0x7FFFFFFF80000000ull, 0), 0x00000000FFFFFFFFull,
		     "psrad imm 255");
	static const u8 psllq_imm[] = { 0x0F, 0x73, 0xF0, 0x04 };	/* psllq mm0, 4 */
	cr_expect_eq(mmx2(psllq_imm, 4, 0x0123456789ABCDEFull, 0), 0x123456789ABCDEF0ull,
		     "psllq imm 4");
	static const u8 mem_form[] = { 0x0F, 0x71, 0x06, 0, 0 };	/* psrlw [0], imm: #UD */
	u8 code[8];
	memcpy(code, mem_form, 5);
	code[5] = 1;
	code[6] = 0xF4;
	cr_expect_eq(run(code, 7, 0), HANDLER(EXC_UD) + 1, "0F 71 with a memory operand is #UD");
}

/* fninit; fld1; movd mm0, eax (ModRM C0); fnstenv [DATA]; emms; fnstenv [DATA + 32]; hlt */
Test(mmx, tag_word_and_top)
{
	static const u8 code[] = {
		0xDB, 0xE3, 0xD9, 0xE8, 0x0F, 0x6E, 0xC0,
		0xD9, 0x36, 0x00, 0x20, 0x0F, 0x77, 0xD9, 0x36, 0x20, 0x20, 0xF4,
	};
	rig_code(CODE, code, sizeof(code));
	cr_assert_eq(run(code, sizeof(code), 0), CODE + sizeof(code));
	u16 sw, tw, sw2, tw2;
	memcpy(&sw, rig_bus.ram + DATA + 2, 2);	/* 16-bit real-mode layout */
	memcpy(&tw, rig_bus.ram + DATA + 4, 2);
	memcpy(&sw2, rig_bus.ram + DATA + 0x22, 2);
	memcpy(&tw2, rig_bus.ram + DATA + 0x24, 2);
	cr_expect_eq((sw >> 11) & 7, 0, "an MMX instruction sets TOP to 0 (FLD1 left 7)");
	/* R0: MM0 written (exponent all ones: special 10), R1-R6: +0 from
	 * FNINIT's cleared registers (zero 01), R7: 1.0 (valid 00). */
	cr_expect_eq(tw, 0x1556, "tags after MMX: %04x", tw);
	cr_expect_eq(tw2, 0xFFFF, "EMMS empties every tag");
	cr_expect_eq((sw2 >> 11) & 7, 0, "TOP after EMMS");
	cr_expect_eq(rig->fpu.r[0].se, 0xFFFF, "MM0's write set R0's exponent to all ones");
}

Test(mmx, exceptions)
{
	static const u8 paddb[] = { 0x0F, 0xFC, 0xC1, 0xF4 };
	static const u8 emms[] = { 0x0F, 0x77, 0xF4 };
	cr_expect_eq(run(paddb, 4, CR0_EM), HANDLER(EXC_UD) + 1, "CR0.EM: #UD");
	cr_expect_eq(run(emms, 3, CR0_EM), HANDLER(EXC_UD) + 1, "EMMS under CR0.EM: #UD");
	cr_expect_eq(run(paddb, 4, CR0_TS), HANDLER(EXC_NM) + 1, "CR0.TS: #NM");
	cr_expect_eq(run(paddb, 4, CR0_TS | CR0_EM), HANDLER(EXC_UD) + 1, "EM before TS");
	/* A pending unmasked x87 exception: FLDCW unmasking IE, FLDZ twice
	 * into a full... simpler: 0/0 with IE unmasked. */
	static const u8 pending[] = {
		0xDB, 0xE3,			/* fninit */
		0xD9, 0x2E, 0x00, 0x20,		/* fldcw [DATA]: IE unmasked */
		0xD9, 0xEE, 0xD9, 0xEE,		/* fldz; fldz */
		0xDE, 0xF9,			/* fdivp: 0/0, IE pending */
		0x0F, 0xFC, 0xC1, 0xF4,		/* paddb */
	};
	u16 cw = 0x037E;
	memcpy(rig_bus.ram + DATA, &cw, 2);
	cr_expect_eq(run(pending, sizeof(pending), CR0_NE), HANDLER(EXC_MF) + 1,
		     "pending x87 exception, CR0.NE: #MF");
	cr_expect_eq(run(pending, sizeof(pending), 0), CODE + sizeof(pending),
		     "CR0.NE = 0: FERR#, and the MMX instruction runs");
	/* FXSAVE: #NM under EM (not #UD), #GP misaligned, no #MF. */
	static const u8 fxsave_al[] = { 0x0F, 0xAE, 0x06, 0x00, 0x20, 0xF4 };
	static const u8 fxsave_mis[] = { 0x0F, 0xAE, 0x06, 0x08, 0x20, 0xF4 };
	cr_expect_eq(run(fxsave_al, 6, CR0_EM), HANDLER(EXC_NM) + 1, "FXSAVE under EM: #NM");
	cr_expect_eq(run(fxsave_al, 6, CR0_TS), HANDLER(EXC_NM) + 1, "FXSAVE under TS: #NM");
	cr_expect_eq(run(fxsave_mis, 6, 0), HANDLER(EXC_GP) + 1, "FXSAVE at 2008h: #GP");
	static const u8 fxrstor_mis[] = { 0x0F, 0xAE, 0x0E, 0x04, 0x20, 0xF4 };
	cr_expect_eq(run(fxrstor_mis, 6, 0), HANDLER(EXC_GP) + 1, "FXRSTOR at 2004h: #GP");
	static const u8 fxsave_reg[] = { 0x0F, 0xAE, 0xC0, 0xF4 };
	cr_expect_eq(run(fxsave_reg, 4, 0), HANDLER(EXC_UD) + 1, "FXSAVE of a register: #UD");
	u8 fxs_pending[sizeof(pending) + 2];
	memcpy(fxs_pending, pending, 12);
	memcpy(fxs_pending + 12, fxsave_al, 6);
	memset(rig_bus.ram + DATA + 0x100, 0, 16);
	cr_expect_eq(run(fxs_pending, 18, CR0_NE), CODE + 18, "FXSAVE does not wait: no #MF");
	u16 fsw;
	memcpy(&fsw, rig_bus.ram + DATA + 2, 2);
	cr_expect(fsw & FPU_ES, "FXSAVE stored the pending ES");
	cr_expect_eq(rig->fpu.sw & FPU_ES, FPU_ES, "and left it pending (unlike FSAVE)");
}

Test(mmx, models)
{
	static const u8 leaf1[] = { 0x66, 0xB8, 1, 0, 0, 0, 0x0F, 0xA2, 0xF4 };
	use_model(CPU_P6);
	run(leaf1, sizeof(leaf1), 0);
	cr_expect_eq(rig->regs[R_EAX], 0x0652, "P6: family 6 model 5 stepping 2 (pentium2)");
	cr_expect(rig->regs[R_EDX] & (1u << 23), "P6 reports MMX");
	cr_expect(rig->regs[R_EDX] & (1u << 24), "P6 reports FXSR");
	use_model(CPU_PENTIUM);
	run(leaf1, sizeof(leaf1), 0);
	cr_expect_eq(rig->regs[R_EDX] & (3u << 23), 0, "the Pentium (P54C) has neither");
	static const u8 paddb[] = { 0x0F, 0xFC, 0xC1, 0xF4 };
	static const u8 fxsave[] = { 0x0F, 0xAE, 0x06, 0x00, 0x20, 0xF4 };
	static const u8 rdpmc[] = { 0x0F, 0x33, 0xF4 };
	cr_expect_eq(run(paddb, 4, 0), HANDLER(EXC_UD) + 1, "Pentium: MMX is #UD");
	cr_expect_eq(run(fxsave, 6, 0), HANDLER(EXC_UD) + 1, "Pentium: FXSAVE is #UD");
	cr_expect_eq(run(rdpmc, 3, 0), HANDLER(EXC_UD) + 1, "Pentium: RDPMC is #UD");
	/* mov eax, cr4; or ax, 200h; mov cr4, eax */
	static const u8 osfxsr[] = { 0x0F, 0x20, 0xE0, 0x0D, 0x00, 0x02, 0, 0, 0x0F, 0x22, 0xE0, 0xF4 };
	u8 c[13] = { 0x66 };
	memcpy(c + 1, osfxsr, 3);
	c[4] = 0x66;
	memcpy(c + 5, osfxsr + 3, 8);
	c[13 - 1] = 0xF4;
	/* 66 0F 20 E0 / 66 0D 00 02 00 00 / 0F 22 E0 / F4 */
	static const u8 cr4[] = { 0x0F, 0x20, 0xE0, 0x66, 0x0D, 0x00, 0x02, 0x00, 0x00,
				  0x0F, 0x22, 0xE0, 0xF4 };
	cr_expect_eq(run(cr4, sizeof(cr4), 0), HANDLER(EXC_GP) + 1, "Pentium: CR4.OSFXSR is #GP");
	/* pentium,mmx=on: a P55C with MMX, still no FXSAVE. */
	cpu_set_mmx(rig, true);
	run(leaf1, sizeof(leaf1), 0);
	cr_expect_eq(rig->regs[R_EAX], 0x0543, "P55C: family 5 model 4 (QEMU's pentium)");
	cr_expect_eq(rig->regs[R_EDX] & (3u << 23), 1u << 23, "MMX, no FXSR");
	cr_expect_eq(run(paddb, 4, 0), CODE + 4, "the P55C runs MMX");
	cr_expect_eq(run(fxsave, 6, 0), HANDLER(EXC_UD) + 1, "and has no FXSAVE");
	use_model(CPU_486);
	cpu_set_mmx(rig, true);
	cr_expect_eq(run(paddb, 4, 0), HANDLER(EXC_UD) + 1, "mmx=on means nothing to a 486");
	/* The P6 that old logs were recorded on: model 3, none of it. */
	use_model(CPU_P6);
	cpu_set_p6_model3(rig, true);
	run(leaf1, sizeof(leaf1), 0);
	cr_expect_eq(rig->regs[R_EAX], 0x0633, "old logs' P6: model 3");
	cr_expect_eq(rig->regs[R_EDX] & (3u << 23), 0, "without MMX and FXSR");
	cr_expect_eq(run(paddb, 4, 0), HANDLER(EXC_UD) + 1, "old P6: MMX is #UD");
	cr_expect_eq(run(fxsave, 6, 0), HANDLER(EXC_UD) + 1, "old P6: FXSAVE is #UD");
	cr_expect_eq(run(rdpmc, 3, 0), HANDLER(EXC_UD) + 1, "old P6: RDPMC is #UD");
	cr_expect_eq(run(cr4, sizeof(cr4), 0), HANDLER(EXC_GP) + 1, "old P6: no OSFXSR");
	cpu_set_p6_model3(rig, false);
	cr_expect_eq(run(cr4, sizeof(cr4), 0), CODE + sizeof(cr4));
	cr_expect_eq(rig->cr4 & 0x200, 0x200, "P6: CR4.OSFXSR sticks");
	(void)c;
}

/* wrmsr/rdmsr of the counters, with the register values set from C. */
static void msr(u32 ecx, u64 v, bool write)
{
	static const u8 wr[] = { 0x0F, 0x30, 0xF4 }, rd[] = { 0x0F, 0x32, 0xF4 };
	rig_code(CODE, write ? wr : rd, 3);
	rig->eip = CODE;
	rig->halted = false;
	rig->regs[R_ECX] = ecx;
	rig->regs[R_EAX] = (u32)v;
	rig->regs[R_EDX] = (u32)(v >> 32);
	cr_assert_eq(rig_run(10), CPU_STOP_HALT);
}

static u64 rdmsr(u32 ecx)
{
	msr(ecx, 0, false);
	return (u64)rig->regs[R_EDX] << 32 | rig->regs[R_EAX];
}

Test(mmx, performance_counters_split_usr_and_os)
{
	static const u8 nop = 0x90;
	for (u32 a = 0x3000; a < 0x3100; a++)
		rig_bus.ram[a] = nop;
	rig_flat32(CODE);
	cr_expect_eq(rdmsr(MSR_PERFEVTSEL0), 0, "reset: PerfEvtSel0 clear");
	msr(MSR_PERFCTR0, 0xFFFFFFF0u, true);
	cr_expect_eq(rdmsr(MSR_PERFCTR0), 0xFFFFFFFFF0ull, "a write sign-extends to 40 bits");
	msr(MSR_PERFCTR0, 0, true);
	msr(MSR_PERFCTR1, 0, true);
	msr(MSR_PERFEVTSEL1, 0x0100C0, true);	/* USR, instructions retired */
	msr(MSR_PERFEVTSEL0, 0x420079, true);	/* EN, OS, cycles (EN starts both) */
	/* 100 NOPs at CPL 0. */
	rig->eip = 0x3000;
	rig->halted = false;
	cr_assert_eq(rig_run(100), CPU_STOP_LIMIT);
	/* 40 NOPs at CPL 3 (the run stops on the count; no HLT needed). */
	rig->cpl = 3;
	cpu_update_mode(rig);
	cr_assert_eq(rig_run(40), CPU_STOP_LIMIT);
	rig->cpl = 0;
	cpu_update_mode(rig);
	u64 os = rdmsr(MSR_PERFCTR0), usr = rdmsr(MSR_PERFCTR1);
	/* OS: the WRMSR that set EN retires after it took effect (it
	 * counts), then its HLT and the 100 NOPs; the RDMSR reading the
	 * counter has not retired yet when it reads. */
	cr_expect_eq(os, 1 + 1 + 100, "OS cycles: %llu", (unsigned long long)os);
	cr_expect_eq(usr, 40, "USR instructions: %llu", (unsigned long long)usr);
	/* RDPMC reads the same counters; at CPL 0 always. */
	static const u8 rdpmc[] = { 0x0F, 0x33, 0xF4 };
	rig_code(CODE, rdpmc, 3);
	rig->eip = CODE;
	rig->halted = false;
	rig->regs[R_ECX] = 1;
	cr_assert_eq(rig_run(10), CPU_STOP_HALT);
	cr_expect_eq(rig->regs[R_EAX], 40, "RDPMC 1");
	/* EN clear stops both. */
	msr(MSR_PERFEVTSEL0, 0x020079, true);
	rig->eip = 0x3000;
	rig->halted = false;
	rig_run(50);
	/* Since: RDMSR, HLT, RDMSR, HLT, RDPMC, HLT at CPL 0; the WRMSR
	 * clearing EN stops the count before it retires. */
	cr_expect_eq(rdmsr(MSR_PERFCTR0), 102 + 6,
		     "stopped: only the instructions up to the WRMSR clearing EN");
	cr_expect_eq(rdmsr(MSR_PERFEVTSEL0), 0x020079, "PerfEvtSel reads back");
}

/* The counters are CPU state: a snapshot keeps them, and counting goes on
 * from where it was (the clock is not part of the CPU's section). */
Test(mmx, performance_counters_survive_a_snapshot)
{
	for (u32 a = 0x3000; a < 0x3100; a++)
		rig_bus.ram[a] = 0x90;
	rig_flat32(CODE);
	msr(MSR_PERFEVTSEL0, 0x4300C0, true);	/* EN, OS, USR, instructions */
	rig->eip = 0x3000;
	rig->halted = false;
	rig_run(20);
	struct snap_writer w;
	snap_writer_init(&w);
	cpu_save(rig, &w);
	u64 saved = rig->pmc.ctr[0];
	cr_expect_eq(saved, 1 + 1 + 20, "WRMSR, HLT, 20 NOPs");
	cpu_reset(rig);
	cr_expect_eq(rig->pmc.sel[0], 0, "RESET clears PerfEvtSel0");
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(cpu_load(rig, &r), 0, "%s", r.error);
	snap_writer_free(&w);
	cr_expect_eq(rig->pmc.sel[0], 0x4300C0);
	rig->halted = false;
	rig_run(10);
	cr_expect_eq(rdmsr(MSR_PERFCTR0), saved + 10, "10 more NOPs after the load");
}
