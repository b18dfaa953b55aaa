/*
 * Decoder findings of the fuzzers (tests/difftest/), kept as regressions.
 *
 * MOV to/from control and debug registers (0F 20-23) always name a register:
 * SDM vol. 2B, MOV (control/debug registers): "the 2 bits in the mod field
 * are ignored", so there is never a SIB byte or a displacement. The raw-byte
 * fuzzer (difftest -r) found Lucid decoding mod != 3 as a memory form.
 */
#include "tests/unit/cpu_rig.h"

TestSuite(cpu_decode, .init = rig_setup, .fini = rig_teardown);

/* Length of the instruction in bytes b (padded) for the current mode. */
static int insn_len(const u8 *b)
{
	u8 buf[16];
	struct insn in;
	memset(buf, 0x90, sizeof(buf));
	memcpy(buf, b, 4);
	return decode_insn_buf(rig, buf, sizeof(buf), &in);
}

Test(cpu_decode, mov_cr_dr_ignore_mod)
{
	static const u8 forms[][4] = {
		{ 0x0F, 0x20, 0x47, 0xF4 },	/* mod 1: mov edi, cr0 */
		{ 0x0F, 0x21, 0x4C, 0x49 },	/* mod 1, rm 4 (would be SIB): mov esp, dr1 */
		{ 0x0F, 0x22, 0x05, 0x00 },	/* mod 0, rm 5 (would be disp32): mov cr0, ebp */
		{ 0x0F, 0x23, 0xB5, 0x00 },	/* mod 2: mov dr6, ebp */
	};
	(void)rig_ivt;		/* the rig's helper, unused here */
	rig_flat32(0x1000);
	for (unsigned k = 0; k < sizeof(forms) / sizeof(forms[0]); k++)
		cr_expect_eq(insn_len(forms[k]), 3, "form %u: length %d", k, insn_len(forms[k]));
	rig_real(0x100, 0);
	cr_expect_eq(insn_len(forms[0]), 3, "real mode: length %d", insn_len(forms[0]));
}

Test(cpu_decode, mov_r_cr_mod1_runs_as_register_form)
{
	/* mov edi, cr0 (encoded with mod 1); hlt */
	static const u8 code[] = { 0x0F, 0x20, 0x47, 0xF4, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	rig->regs[R_EDI] = 0x12345678;
	rig_run(10);
	cr_expect_eq(rig->regs[R_EDI], rig->cr0, "EDI %08x, CR0 %08x", rig->regs[R_EDI], rig->cr0);
	cr_expect_eq(rig->eip, 0x1004, "stopped after the HLT at 1003h: EIP %08x", rig->eip);
}
