/*
 * The instruction decoder: prefixes, the one-byte and 0x0F opcode maps,
 * ModRM/SIB with every 16- and 32-bit addressing form, displacements and
 * immediates (SDM vol. 2, ch. 2 and appendix A). The opcode maps are tables
 * indexed by opcode, with group opcodes dispatched through sub-tables by
 * ModRM.reg; each row names the handler, so a decoded instruction carries
 * its handler pointer and nothing switches on the opcode at run time.
 *
 * decode_insn() works on a byte buffer: it returns 0 when the instruction
 * needs more bytes than the buffer holds, so the block builder can stop at a
 * page end or the CS limit and let the slow path fetch byte by byte (which
 * raises #PF/#GP on exactly the byte that cannot be fetched).
 */
#include <string.h>

#include "emu/cpu/ops.h"

/* Row flags. */
#define D_M 0x01	/* ModRM follows */
#define D_B 0x02	/* byte operation (osz = 1) */
#define D_END 0x04	/* ends a block (control transfer, IF/mode/I/O change) */
#define D_STR 0x08	/* string instruction (REP applies) */
#define D_LK 0x10	/* LOCK allowed (with a memory destination) */
#define D_SH 0x20	/* may open an interrupt shadow */
#define D_W 0x40	/* operand size fixed at 16 (segment moves, ENTER...) */
#define D_MEM 0x80	/* memory operand required (mod == 3 is #UD) */
#define D_R 0x100	/* ModRM whose mod is ignored: always registers (MOV CRn/DRn) */

/* Immediate kinds. */
enum { I_0, I_B, I_BS, I_W, I_Z, I_AP, I_MO, I_EN, I_BJ, I_ZJ, I_1, I_CL };

struct opdesc {
	insn_fn *fn;
	u16 flags;
	u8 imm;
	u8 model;	/* first model with the instruction */
	u8 grp;		/* 1-based group index: fn comes from groups[grp - 1][reg] */
};

struct grpdesc {
	insn_fn *fn;
	u8 flags;	/* added to the row's flags */
	u8 imm;		/* overrides the row's imm when non-zero */
	u8 model;
};

enum {
	G1 = 1, G2, G3, G4, G5, G6, G7, G8, G9, G1A, GC6, G71, G72, G73, GAE, NGROUPS
};

#define P4 CPU_486
#define P5 CPU_PENTIUM
#define P6 CPU_P6

static const struct grpdesc groups[NGROUPS - 1][8] = {
	[G1 - 1] = {	/* 80-83: ALU rm, imm */
		{ op_add_rm_i, D_LK }, { op_or_rm_i, D_LK }, { op_adc_rm_i, D_LK },
		{ op_sbb_rm_i, D_LK }, { op_and_rm_i, D_LK }, { op_sub_rm_i, D_LK },
		{ op_xor_rm_i, D_LK }, { op_cmp_rm_i, 0 },
	},
	[G2 - 1] = {	/* C0 C1 D0-D3: shifts and rotates (/6 is SHL, undocumented) */
		{ op_rol }, { op_ror }, { op_rcl }, { op_rcr },
		{ op_shl }, { op_shr }, { op_shl }, { op_sar },
	},
	[G3 - 1] = {	/* F6 F7 (/1 aliases TEST) */
		{ op_test_rm_i, 0, 0xFF }, { op_test_rm_i, 0, 0xFF }, { op_not, D_LK },
		{ op_neg, D_LK }, { op_mul }, { op_imul1 }, { op_div }, { op_idiv },
	},
	[G4 - 1] = {	/* FE */
		{ op_inc_rm, D_LK }, { op_dec_rm, D_LK }, { op_ud }, { op_ud },
		{ op_ud }, { op_ud }, { op_ud }, { op_ud },
	},
	[G5 - 1] = {	/* FF */
		{ op_inc_rm, D_LK }, { op_dec_rm, D_LK }, { op_call_rm, D_END },
		{ op_callf_rm, D_END | D_MEM }, { op_jmp_rm, D_END }, { op_jmpf_rm, D_END | D_MEM },
		{ op_push_rm }, { op_ud },
	},
	[G6 - 1] = {	/* 0F 00 */
		{ op_sldt, D_W }, { op_str, D_W }, { op_lldt, D_W | D_END }, { op_ltr, D_W | D_END },
		{ op_verr, D_W }, { op_verw, D_W }, { op_ud }, { op_ud },
	},
	[G7 - 1] = {	/* 0F 01 */
		{ op_sgdt, D_MEM }, { op_sidt, D_MEM }, { op_lgdt, D_MEM | D_END },
		{ op_lidt, D_MEM | D_END }, { op_smsw, D_W }, { op_ud },
		{ op_lmsw, D_W | D_END }, { op_invlpg, D_MEM | D_END, 0, P4 },
	},
	[G8 - 1] = {	/* 0F BA: BT* rm, imm8 */
		{ op_ud }, { op_ud }, { op_ud }, { op_ud },
		{ op_bt_i }, { op_bts_i, D_LK }, { op_btr_i, D_LK }, { op_btc_i, D_LK },
	},
	[G9 - 1] = {	/* 0F C7 */
		{ op_ud }, { op_cmpxchg8b, D_LK | D_MEM, 0, P5 }, { op_ud }, { op_ud },
		{ op_ud }, { op_ud }, { op_ud }, { op_ud },
	},
	[G1A - 1] = {	/* 8F: POP rm */
		{ op_pop_rm }, { op_ud }, { op_ud }, { op_ud },
		{ op_ud }, { op_ud }, { op_ud }, { op_ud },
	},
	[GC6 - 1] = {	/* C6 C7: MOV rm, imm */
		{ op_mov_rm_i }, { op_ud }, { op_ud }, { op_ud },
		{ op_ud }, { op_ud }, { op_ud }, { op_ud },
	},
	[G71 - 1] = {	/* 0F 71: PSRLW, PSRAW, PSLLW mm, imm8 */
		{ op_ud }, { op_ud }, { op_pshimw }, { op_ud },
		{ op_pshimw }, { op_ud }, { op_pshimw }, { op_ud },
	},
	[G72 - 1] = {	/* 0F 72: PSRLD, PSRAD, PSLLD mm, imm8 */
		{ op_ud }, { op_ud }, { op_pshimd }, { op_ud },
		{ op_pshimd }, { op_ud }, { op_pshimd }, { op_ud },
	},
	[G73 - 1] = {	/* 0F 73: PSRLQ, PSLLQ mm, imm8 (/3 /7 are SSE2's) */
		{ op_ud }, { op_ud }, { op_pshimq }, { op_ud },
		{ op_ud }, { op_ud }, { op_pshimq }, { op_ud },
	},
	[GAE - 1] = {	/* 0F AE: FXSAVE, FXRSTOR (the rest is SSE's) */
		{ op_fxsave, D_MEM }, { op_fxrstor, D_MEM }, { op_ud }, { op_ud },
		{ op_ud }, { op_ud }, { op_ud }, { op_ud },
	},
};

#define ALU_ROWS(o, name) \
	[o + 0] = { op_##name##_rm_r, D_M | D_B | D_LK }, \
	[o + 1] = { op_##name##_rm_r, D_M | D_LK }, \
	[o + 2] = { op_##name##_r_rm, D_M | D_B }, \
	[o + 3] = { op_##name##_r_rm, D_M }, \
	[o + 4] = { op_##name##_a_i, D_B, I_B }, \
	[o + 5] = { op_##name##_a_i, 0, I_Z }

/* The one-byte map (0x00-0xFF) and the 0x0F map (0x100-0x1FF). */
static const struct opdesc optab[512] = {
	ALU_ROWS(0x00, add),
	[0x06] = { op_push_sreg, D_W },			/* PUSH ES */
	[0x07] = { op_pop_sreg, D_W | D_END },		/* POP ES */
	ALU_ROWS(0x08, or),
	[0x0E] = { op_push_sreg, D_W },			/* PUSH CS */
	ALU_ROWS(0x10, adc),
	[0x16] = { op_push_sreg, D_W },			/* PUSH SS */
	[0x17] = { op_pop_sreg, D_W | D_END | D_SH },	/* POP SS */
	ALU_ROWS(0x18, sbb),
	[0x1E] = { op_push_sreg, D_W },			/* PUSH DS */
	[0x1F] = { op_pop_sreg, D_W | D_END },		/* POP DS */
	ALU_ROWS(0x20, and),
	[0x27] = { op_daa, D_B },
	ALU_ROWS(0x28, sub),
	[0x2F] = { op_das, D_B },
	ALU_ROWS(0x30, xor),
	[0x37] = { op_aaa, D_B },
	ALU_ROWS(0x38, cmp),
	[0x3F] = { op_aas, D_B },
	[0x40 ... 0x47] = { op_inc_r },
	[0x48 ... 0x4F] = { op_dec_r },
	[0x50 ... 0x57] = { op_push_r },
	[0x58 ... 0x5F] = { op_pop_r },
	[0x60] = { op_pusha },
	[0x61] = { op_popa },
	[0x62] = { op_bound, D_M | D_MEM },
	[0x63] = { op_arpl, D_M | D_W },
	[0x68] = { op_push_i, 0, I_Z },
	[0x69] = { op_imul_r_rm_i, D_M, I_Z },
	[0x6A] = { op_push_i, 0, I_BS },
	[0x6B] = { op_imul_r_rm_i, D_M, I_BS },
	[0x6C] = { op_ins, D_B | D_STR | D_END },
	[0x6D] = { op_ins, D_STR | D_END },
	[0x6E] = { op_outs, D_B | D_STR | D_END },
	[0x6F] = { op_outs, D_STR | D_END },
	[0x70 ... 0x7F] = { op_jcc, D_END, I_BJ },
	[0x80] = { NULL, D_M | D_B, I_B, 0, G1 },
	[0x81] = { NULL, D_M, I_Z, 0, G1 },
	[0x82] = { NULL, D_M | D_B, I_B, 0, G1 },
	[0x83] = { NULL, D_M, I_BS, 0, G1 },
	[0x84] = { op_test_rm_r, D_M | D_B },
	[0x85] = { op_test_rm_r, D_M },
	[0x86] = { op_xchg_rm_r, D_M | D_B | D_LK },
	[0x87] = { op_xchg_rm_r, D_M | D_LK },
	[0x88] = { op_mov_rm_r, D_M | D_B },
	[0x89] = { op_mov_rm_r, D_M },
	[0x8A] = { op_mov_r_rm, D_M | D_B },
	[0x8B] = { op_mov_r_rm, D_M },
	[0x8C] = { op_mov_rm_sreg, D_M },
	[0x8D] = { op_lea, D_M | D_MEM },
	[0x8E] = { op_mov_sreg_rm, D_M | D_W | D_END | D_SH },
	[0x8F] = { NULL, D_M, 0, 0, G1A },
	[0x90] = { op_nop },
	[0x91 ... 0x97] = { op_xchg_a_r },
	[0x98] = { op_cbw },
	[0x99] = { op_cwd },
	[0x9A] = { op_call_far, D_END, I_AP },
	[0x9B] = { op_fwait },
	[0x9C] = { op_pushf },
	[0x9D] = { op_popf, D_END },
	[0x9E] = { op_sahf },
	[0x9F] = { op_lahf },
	[0xA0] = { op_mov_a_moffs, D_B, I_MO },
	[0xA1] = { op_mov_a_moffs, 0, I_MO },
	[0xA2] = { op_mov_moffs_a, D_B, I_MO },
	[0xA3] = { op_mov_moffs_a, 0, I_MO },
	[0xA4] = { op_movs, D_B | D_STR },
	[0xA5] = { op_movs, D_STR },
	[0xA6] = { op_cmps, D_B | D_STR },
	[0xA7] = { op_cmps, D_STR },
	[0xA8] = { op_test_a_i, D_B, I_B },
	[0xA9] = { op_test_a_i, 0, I_Z },
	[0xAA] = { op_stos, D_B | D_STR },
	[0xAB] = { op_stos, D_STR },
	[0xAC] = { op_lods, D_B | D_STR },
	[0xAD] = { op_lods, D_STR },
	[0xAE] = { op_scas, D_B | D_STR },
	[0xAF] = { op_scas, D_STR },
	[0xB0 ... 0xB7] = { op_mov_r_i, D_B, I_B },
	[0xB8 ... 0xBF] = { op_mov_r_i, 0, I_Z },
	[0xC0] = { NULL, D_M | D_B, I_B, 0, G2 },
	[0xC1] = { NULL, D_M, I_B, 0, G2 },
	[0xC2] = { op_ret, D_END, I_W },
	[0xC3] = { op_ret, D_END },
	[0xC4] = { op_lseg, D_M | D_MEM },		/* LES */
	[0xC5] = { op_lseg, D_M | D_MEM },		/* LDS */
	[0xC6] = { NULL, D_M | D_B, I_B, 0, GC6 },
	[0xC7] = { NULL, D_M, I_Z, 0, GC6 },
	[0xC8] = { op_enter, 0, I_EN },
	[0xC9] = { op_leave },
	[0xCA] = { op_retf, D_END, I_W },
	[0xCB] = { op_retf, D_END },
	[0xCC] = { op_int3, D_END },
	[0xCD] = { op_int, D_END, I_B },
	[0xCE] = { op_into, D_END },
	[0xCF] = { op_iret, D_END },
	[0xD0] = { NULL, D_M | D_B, I_1, 0, G2 },
	[0xD1] = { NULL, D_M, I_1, 0, G2 },
	[0xD2] = { NULL, D_M | D_B, I_CL, 0, G2 },
	[0xD3] = { NULL, D_M, I_CL, 0, G2 },
	[0xD4] = { op_aam, D_B, I_B },
	[0xD5] = { op_aad, D_B, I_B },
	[0xD6] = { op_salc, D_B },
	[0xD7] = { op_xlat, D_B },
	[0xD8 ... 0xDF] = { op_fpu, D_M },
	[0xE0] = { op_loopne, D_END, I_BJ },
	[0xE1] = { op_loope, D_END, I_BJ },
	[0xE2] = { op_loop, D_END, I_BJ },
	[0xE3] = { op_jcxz, D_END, I_BJ },
	[0xE4] = { op_in_i, D_B | D_END, I_B },
	[0xE5] = { op_in_i, D_END, I_B },
	[0xE6] = { op_out_i, D_B | D_END, I_B },
	[0xE7] = { op_out_i, D_END, I_B },
	[0xE8] = { op_call_rel, D_END, I_ZJ },
	[0xE9] = { op_jmp_rel, D_END, I_ZJ },
	[0xEA] = { op_jmp_far, D_END, I_AP },
	[0xEB] = { op_jmp_rel, D_END, I_BJ },
	[0xEC] = { op_in_dx, D_B | D_END },
	[0xED] = { op_in_dx, D_END },
	[0xEE] = { op_out_dx, D_B | D_END },
	[0xEF] = { op_out_dx, D_END },
	[0xF1] = { op_int1, D_END },
	[0xF4] = { op_hlt, D_END },
	[0xF5] = { op_cmc },
	[0xF6] = { NULL, D_M | D_B, 0, 0, G3 },
	[0xF7] = { NULL, D_M, 0, 0, G3 },
	[0xF8] = { op_clc },
	[0xF9] = { op_stc },
	[0xFA] = { op_cli, D_END },
	[0xFB] = { op_sti, D_END | D_SH },
	[0xFC] = { op_cld },
	[0xFD] = { op_std },
	[0xFE] = { NULL, D_M | D_B, 0, 0, G4 },
	[0xFF] = { NULL, D_M, 0, 0, G5 },

	/* ---- 0x0F map ---- */
	[0x100] = { NULL, D_M, 0, 0, G6 },
	[0x101] = { NULL, D_M, 0, 0, G7 },
	[0x102] = { op_lar, D_M },
	[0x103] = { op_lsl, D_M },
	[0x106] = { op_clts, D_END },
	[0x108] = { op_invd, 0, 0, P4 },
	[0x109] = { op_invd, 0, 0, P4 },		/* WBINVD */
	[0x10B] = { op_ud },				/* UD2 */
	[0x118 ... 0x11F] = { op_nop, D_M, 0, P6 },	/* hint NOPs, NOP r/m (0F 1F /0) */
	[0x120] = { op_mov_r_cr, D_M | D_R },
	[0x121] = { op_mov_r_dr, D_M | D_R },
	[0x122] = { op_mov_cr_r, D_M | D_R | D_END },
	[0x123] = { op_mov_dr_r, D_M | D_R | D_END },
	[0x130] = { op_wrmsr, D_END, 0, P5 },
	[0x131] = { op_rdtsc, 0, 0, P5 },
	[0x132] = { op_rdmsr, 0, 0, P5 },
	[0x133] = { op_rdpmc, 0, 0, P6 },
	[0x134] = { op_sysenter, D_END, 0, P6 },
	[0x135] = { op_sysexit, D_END, 0, P6 },
	[0x140 ... 0x14F] = { op_cmov, D_M, 0, P6 },
	/* MMX (ops_mmx.c): the Pentium II's, no SSE; the Pentium decodes them
	 * and op_* raise #UD unless it is a P55C (cpu->has_mmx). */
	[0x160] = { op_punpcklbw, D_M, 0, P5 },
	[0x161] = { op_punpcklwd, D_M, 0, P5 },
	[0x162] = { op_punpckldq, D_M, 0, P5 },
	[0x163] = { op_packsswb, D_M, 0, P5 },
	[0x164] = { op_pcmpgtb, D_M, 0, P5 },
	[0x165] = { op_pcmpgtw, D_M, 0, P5 },
	[0x166] = { op_pcmpgtd, D_M, 0, P5 },
	[0x167] = { op_packuswb, D_M, 0, P5 },
	[0x168] = { op_punpckhbw, D_M, 0, P5 },
	[0x169] = { op_punpckhwd, D_M, 0, P5 },
	[0x16A] = { op_punpckhdq, D_M, 0, P5 },
	[0x16B] = { op_packssdw, D_M, 0, P5 },
	[0x16E] = { op_movd_mm_rm, D_M, 0, P5 },
	[0x16F] = { op_movq_mm_rm, D_M, 0, P5 },
	[0x171] = { NULL, D_M, I_B, P5, G71 },
	[0x172] = { NULL, D_M, I_B, P5, G72 },
	[0x173] = { NULL, D_M, I_B, P5, G73 },
	[0x174] = { op_pcmpeqb, D_M, 0, P5 },
	[0x175] = { op_pcmpeqw, D_M, 0, P5 },
	[0x176] = { op_pcmpeqd, D_M, 0, P5 },
	[0x177] = { op_emms, 0, 0, P5 },
	[0x17E] = { op_movd_rm_mm, D_M, 0, P5 },
	[0x17F] = { op_movq_rm_mm, D_M, 0, P5 },
	[0x180 ... 0x18F] = { op_jcc, D_END, I_ZJ },
	[0x190 ... 0x19F] = { op_setcc, D_M | D_B },
	[0x1A0] = { op_push_sreg, D_W },		/* PUSH FS */
	[0x1A1] = { op_pop_sreg, D_W | D_END },	/* POP FS */
	[0x1A2] = { op_cpuid, 0, 0, P4 },
	[0x1A3] = { op_bt_r, D_M },
	[0x1A4] = { op_shld, D_M, I_B },
	[0x1A5] = { op_shld, D_M, I_CL },
	[0x1A8] = { op_push_sreg, D_W },		/* PUSH GS */
	[0x1A9] = { op_pop_sreg, D_W | D_END },	/* POP GS */
	[0x1AB] = { op_bts_r, D_M | D_LK },
	[0x1AC] = { op_shrd, D_M, I_B },
	[0x1AD] = { op_shrd, D_M, I_CL },
	[0x1AE] = { NULL, D_M, 0, P6, GAE },
	[0x1AF] = { op_imul_r_rm, D_M },
	[0x1B0] = { op_cmpxchg, D_M | D_B | D_LK, 0, P4 },
	[0x1B1] = { op_cmpxchg, D_M | D_LK, 0, P4 },
	[0x1B2] = { op_lseg, D_M | D_MEM | D_END | D_SH },	/* LSS */
	[0x1B3] = { op_btr_r, D_M | D_LK },
	[0x1B4] = { op_lseg, D_M | D_MEM },		/* LFS */
	[0x1B5] = { op_lseg, D_M | D_MEM },		/* LGS */
	[0x1B6] = { op_movzx, D_M },
	[0x1B7] = { op_movzx, D_M },
	[0x1BA] = { NULL, D_M, I_B, 0, G8 },
	[0x1BB] = { op_btc_r, D_M | D_LK },
	[0x1BC] = { op_bsf, D_M },
	[0x1BD] = { op_bsr, D_M },
	[0x1BE] = { op_movsx, D_M },
	[0x1BF] = { op_movsx, D_M },
	[0x1C0] = { op_xadd, D_M | D_B | D_LK, 0, P4 },
	[0x1C1] = { op_xadd, D_M | D_LK, 0, P4 },
	[0x1C7] = { NULL, D_M, 0, 0, G9 },
	[0x1C8 ... 0x1CF] = { op_bswap, 0, 0, P4 },
	[0x1D1] = { op_psrlw, D_M, 0, P5 },
	[0x1D2] = { op_psrld, D_M, 0, P5 },
	[0x1D3] = { op_psrlq, D_M, 0, P5 },
	[0x1D5] = { op_pmullw, D_M, 0, P5 },
	[0x1D8] = { op_psubusb, D_M, 0, P5 },
	[0x1D9] = { op_psubusw, D_M, 0, P5 },
	[0x1DB] = { op_pand, D_M, 0, P5 },
	[0x1DC] = { op_paddusb, D_M, 0, P5 },
	[0x1DD] = { op_paddusw, D_M, 0, P5 },
	[0x1DF] = { op_pandn, D_M, 0, P5 },
	[0x1E1] = { op_psraw, D_M, 0, P5 },
	[0x1E2] = { op_psrad, D_M, 0, P5 },
	[0x1E5] = { op_pmulhw, D_M, 0, P5 },
	[0x1E8] = { op_psubsb, D_M, 0, P5 },
	[0x1E9] = { op_psubsw, D_M, 0, P5 },
	[0x1EB] = { op_por, D_M, 0, P5 },
	[0x1EC] = { op_paddsb, D_M, 0, P5 },
	[0x1ED] = { op_paddsw, D_M, 0, P5 },
	[0x1EF] = { op_pxor, D_M, 0, P5 },
	[0x1F1] = { op_psllw, D_M, 0, P5 },
	[0x1F2] = { op_pslld, D_M, 0, P5 },
	[0x1F3] = { op_psllq, D_M, 0, P5 },
	[0x1F5] = { op_pmaddwd, D_M, 0, P5 },
	[0x1F8] = { op_psubb, D_M, 0, P5 },
	[0x1F9] = { op_psubw, D_M, 0, P5 },
	[0x1FA] = { op_psubd, D_M, 0, P5 },
	[0x1FC] = { op_paddb, D_M, 0, P5 },
	[0x1FD] = { op_paddw, D_M, 0, P5 },
	[0x1FE] = { op_paddd, D_M, 0, P5 },
};

/*
 * Specializations: for the hottest handlers, a version per operand size
 * whose size is a compile-time constant. The generic handler is what the
 * tables name; decode swaps in the sized one.
 */
struct spec {
	insn_fn *gen;
	insn_fn *sized[3];	/* 8, 16, 32 */
};

#define SPEC_ALU(name) \
	{ op_##name##_rm_r, { op_##name##_rm_r_8, op_##name##_rm_r_16, op_##name##_rm_r_32 } }, \
	{ op_##name##_r_rm, { op_##name##_r_rm_8, op_##name##_r_rm_16, op_##name##_r_rm_32 } }, \
	{ op_##name##_a_i, { op_##name##_a_i_8, op_##name##_a_i_16, op_##name##_a_i_32 } }, \
	{ op_##name##_rm_i, { op_##name##_rm_i_8, op_##name##_rm_i_16, op_##name##_rm_i_32 } }

static const struct spec specs[] = {
	SPEC_ALU(add), SPEC_ALU(or), SPEC_ALU(adc), SPEC_ALU(sbb),
	SPEC_ALU(and), SPEC_ALU(sub), SPEC_ALU(xor), SPEC_ALU(cmp),
	{ op_mov_rm_r, { op_mov_rm_r_8, op_mov_rm_r_16, op_mov_rm_r_32 } },
	{ op_mov_r_rm, { op_mov_r_rm_8, op_mov_r_rm_16, op_mov_r_rm_32 } },
	{ op_mov_r_i, { op_mov_r_i_8, op_mov_r_i_16, op_mov_r_i_32 } },
	{ op_push_r, { NULL, op_push_r_16, op_push_r_32 } },
	{ op_pop_r, { NULL, op_pop_r_16, op_pop_r_32 } },
	{ op_inc_r, { NULL, op_inc_r_16, op_inc_r_32 } },
	{ op_dec_r, { NULL, op_dec_r_16, op_dec_r_32 } },
	{ op_test_rm_r, { op_test_rm_r_8, op_test_rm_r_16, op_test_rm_r_32 } },
};

static insn_fn *specialize(insn_fn *fn, int osz)
{
	for (size_t k = 0; k < ARRAY_SIZE(specs); k++) {
		if (specs[k].gen == fn) {
			insn_fn *s = specs[k].sized[osz == 1 ? 0 : osz == 2 ? 1 : 2];
			return s ? s : fn;
		}
	}
	return fn;
}

/* 16-bit addressing: rm -> base, index (R_NONE when absent). */
static const u8 ea16_base[8] = { R_EBX, R_EBX, R_EBP, R_EBP, R_ESI, R_EDI, R_EBP, R_EBX };
static const u8 ea16_index[8] = { R_ESI, R_EDI, R_ESI, R_EDI, R_NONE, R_NONE, R_NONE, R_NONE };

struct cursor {
	const u8 *buf;
	int avail;
	int pos;
	bool short_buf;	/* ran out of bytes */
};

static inline u32 take(struct cursor *c, int n)
{
	if (c->pos + n > c->avail) {
		c->short_buf = true;
		c->pos += n;
		return 0;
	}
	u32 v = 0;
	for (int k = 0; k < n; k++)
		v |= (u32)c->buf[c->pos + k] << (8 * k);
	c->pos += n;
	return v;
}

static u32 sext(u32 v, int bytes)
{
	return bytes == 1 ? (u32)(s32)(s8)v : bytes == 2 ? (u32)(s32)(s16)v : v;
}

/* Decode the ModRM (and SIB and displacement) into i. */
static void decode_modrm(struct cursor *c, struct insn *i, u8 modrm, int seg_ovr)
{
	int mod = modrm >> 6, rm = modrm & 7;
	i->reg = (modrm >> 3) & 7;
	i->rm = rm;
	i->mod3 = mod == 3;
	i->base = i->index = R_NONE;
	i->scale = 0;
	i->disp = 0;
	if (mod == 3)
		return;
	int seg = SEG_DS;
	if (!i->asz32) {
		if (mod == 0 && rm == 6) {
			i->disp = take(c, 2);
		} else {
			i->base = ea16_base[rm];
			i->index = ea16_index[rm];
			if (i->base == R_EBP)
				seg = SEG_SS;
			if (mod == 1)
				i->disp = sext(take(c, 1), 1);
			else if (mod == 2)
				i->disp = take(c, 2);
		}
	} else {
		if (rm == 4) {
			u8 sib = take(c, 1);
			int base = sib & 7, index = (sib >> 3) & 7;
			i->scale = sib >> 6;
			i->index = index == 4 ? R_NONE : index;
			if (base == 5 && mod == 0) {
				i->disp = take(c, 4);
			} else {
				i->base = base;
				if (base == R_ESP || base == R_EBP)
					seg = SEG_SS;
			}
		} else if (rm == 5 && mod == 0) {
			i->disp = take(c, 4);
		} else {
			i->base = rm;
			if (rm == R_EBP)
				seg = SEG_SS;
		}
		if (mod == 1)
			i->disp = sext(take(c, 1), 1);
		else if (mod == 2)
			i->disp = take(c, 4);
	}
	i->seg = seg_ovr >= 0 ? seg_ovr : seg;
}

int decode_insn_buf(struct cpu *cpu, const u8 *buf, int avail, struct insn *i)
{
	struct cursor c = { buf, avail, 0, false };
	bool o32 = cpu->code32, a32 = cpu->code32;
	int seg_ovr = -1;
	u8 rep = 0, lock = 0;
	u32 op;

	memset(i, 0, sizeof(*i));
	for (;;) {
		if (c.pos >= 15)
			goto too_long;
		u8 b = take(&c, 1);
		if (c.short_buf)
			return 0;
		switch (b) {
		case 0x26: seg_ovr = SEG_ES; continue;
		case 0x2E: seg_ovr = SEG_CS; continue;
		case 0x36: seg_ovr = SEG_SS; continue;
		case 0x3E: seg_ovr = SEG_DS; continue;
		case 0x64: seg_ovr = SEG_FS; continue;
		case 0x65: seg_ovr = SEG_GS; continue;
		case 0x66: o32 = !cpu->code32; continue;
		case 0x67: a32 = !cpu->code32; continue;
		case 0xF0: lock = 1; continue;
		case 0xF2: case 0xF3: rep = b; continue;
		default: break;
		}
		op = b;
		break;
	}
	if (op == 0x0F) {
		op = 0x100 | take(&c, 1);
		if (c.short_buf)
			return 0;
	}
	const struct opdesc *d = &optab[op];
	insn_fn *fn = d->fn;
	u16 flags = d->flags;
	u8 imm = d->imm, model = d->model;
	i->op = op >= 0x100 ? 0x0F00 | (op & 0xFF) : op;
	i->asz32 = a32;
	i->rep = rep;
	i->lock = lock;
	i->seg = seg_ovr >= 0 ? seg_ovr : SEG_DS;
	i->reg = op & 7;	/* register coded in the opcode; ModRM overrides */
	if (flags & D_M) {
		u8 modrm = take(&c, 1);
		if (c.short_buf)
			return 0;
		if (flags & D_R) {
			/* SDM 2 MOV CRn: "the 2 bits in the mod field are ignored". */
			i->reg = (modrm >> 3) & 7;
			i->rm = modrm & 7;
			i->mod3 = 1;
		} else {
			decode_modrm(&c, i, modrm, seg_ovr);
		}
		if ((op & 0x1F8) == 0xD8)
			i->imm2 = modrm;	/* the x87 keeps it in its opcode register */
		if (d->grp) {
			const struct grpdesc *g = &groups[d->grp - 1][i->reg];
			fn = g->fn;
			flags |= g->flags;
			if (g->imm)
				imm = g->imm == 0xFF ? (flags & D_B ? I_B : I_Z) : g->imm;
			if (g->model > model)
				model = g->model;
		}
	}
	i->osz = (flags & D_B) ? 1 : o32 ? 4 : 2;
	if (flags & D_W)
		i->osz = o32 ? 4 : 2;	/* the handler knows its real width */
	switch (imm) {
	case I_B: i->imm = take(&c, 1); break;
	case I_BS: i->imm = sext(take(&c, 1), 1); break;
	case I_W: i->imm = take(&c, 2); break;
	case I_Z: i->imm = i->osz == 1 ? take(&c, 1) : take(&c, o32 ? 4 : 2); break;
	case I_AP:
		i->imm = take(&c, o32 ? 4 : 2);
		i->imm2 = take(&c, 2);
		break;
	case I_MO: i->disp = take(&c, a32 ? 4 : 2); break;
	case I_EN:
		i->imm = take(&c, 2);
		i->imm2 = take(&c, 1);
		break;
	case I_BJ: i->imm = sext(take(&c, 1), 1); break;
	case I_ZJ: i->imm = o32 ? take(&c, 4) : sext(take(&c, 2), 2); break;
	case I_1: i->imm = 1; break;
	case I_CL: i->imm2 = 1; break;	/* count from CL */
	}
	if (c.short_buf)
		return 0;
	if (c.pos > 15)
		goto too_long;
	i->len = c.pos;
	if (!fn || cpu->model < model)
		fn = op_ud;
	if ((flags & D_MEM) && i->mod3)
		fn = op_ud;
	/* LOCK: only read-modify-write instructions with a memory destination. */
	if (lock && (!(flags & D_LK) || i->mod3))
		fn = op_ud;
	i->fn = specialize(fn, i->osz);
	if (fn == op_jcc && (op & 0xE) == 4)
		i->fn = (op & 1) ? op_jnz : op_jz;
	if (flags & D_END)
		i->flags |= INSN_END;
	if (flags & D_SH)
		i->flags |= INSN_SHADOW;
	if (((flags & D_M) && !i->mod3) || imm == I_MO)
		i->flags |= INSN_MEM;
	return i->len;

too_long:
	/* More than 15 bytes: #GP(0) when executed (SDM 2 2.3.11). */
	memset(i, 0, sizeof(*i));
	i->fn = op_toolong;
	i->len = 15;
	i->flags = INSN_END;
	return 15;
}
