/*
 * Instruction handlers, one insn_fn per instruction form, shared between
 * the decoder's opcode tables (decode.c) and the files that implement them:
 * ops_alu.c (arithmetic, logic, shifts, multiply/divide, BCD, bit ops),
 * ops_data.c (moves, stack, strings, conversions), ops_ctrl.c (jumps, calls,
 * interrupts, flags, I/O) and ops_sys.c (system and P5/P6 additions).
 * Handlers read their operand size from i->osz unless the name says.
 */
#ifndef LUCID_OPS_H
#define LUCID_OPS_H

#include "emu/cpu/cpu_internal.h"

#define ALU_DECL1(name, sfx) \
	insn_fn op_##name##_rm_r##sfx, op_##name##_r_rm##sfx, op_##name##_a_i##sfx, \
		op_##name##_rm_i##sfx;
#define ALU_DECL(name) ALU_DECL1(name, ) ALU_DECL1(name, _8) ALU_DECL1(name, _16) \
	ALU_DECL1(name, _32)
ALU_DECL(add) ALU_DECL(or) ALU_DECL(adc) ALU_DECL(sbb)
ALU_DECL(and) ALU_DECL(sub) ALU_DECL(xor) ALU_DECL(cmp)
#undef ALU_DECL
#undef ALU_DECL1

/* Fixed-size forms of hot handlers (the decoder swaps them in). */
insn_fn op_mov_rm_r_8, op_mov_rm_r_16, op_mov_rm_r_32, op_mov_r_rm_8, op_mov_r_rm_16;
insn_fn op_mov_r_rm_32, op_mov_r_i_8, op_mov_r_i_16, op_mov_r_i_32;
insn_fn op_push_r_16, op_push_r_32, op_pop_r_16, op_pop_r_32;
insn_fn op_inc_r_16, op_inc_r_32, op_dec_r_16, op_dec_r_32;
insn_fn op_test_rm_r_8, op_test_rm_r_16, op_test_rm_r_32;

/* ops_alu.c */
insn_fn op_inc_r, op_dec_r, op_inc_rm, op_dec_rm;
insn_fn op_test_rm_r, op_test_a_i, op_test_rm_i, op_not, op_neg;
insn_fn op_mul, op_imul1, op_div, op_idiv, op_imul_r_rm, op_imul_r_rm_i;
insn_fn op_rol, op_ror, op_rcl, op_rcr, op_shl, op_shr, op_sar;
insn_fn op_shld, op_shrd;
insn_fn op_daa, op_das, op_aaa, op_aas, op_aam, op_aad, op_salc;
insn_fn op_bt_r, op_bts_r, op_btr_r, op_btc_r, op_bt_i, op_bts_i, op_btr_i, op_btc_i;
insn_fn op_bsf, op_bsr, op_xadd, op_cmpxchg, op_cmpxchg8b, op_bswap;

/* ops_data.c */
insn_fn op_mov_rm_r, op_mov_r_rm, op_mov_r_i, op_mov_rm_i, op_mov_a_moffs, op_mov_moffs_a;
insn_fn op_mov_rm_sreg, op_mov_sreg_rm, op_lea, op_xchg_rm_r, op_xchg_a_r, op_nop;
insn_fn op_push_r, op_pop_r, op_push_i, op_push_rm, op_pop_rm, op_push_sreg, op_pop_sreg;
insn_fn op_pusha, op_popa, op_enter, op_leave, op_lseg;
insn_fn op_cbw, op_cwd, op_xlat, op_movzx, op_movsx, op_cmov, op_setcc;
insn_fn op_movs, op_cmps, op_stos, op_lods, op_scas, op_ins, op_outs;

/* ops_ctrl.c */
insn_fn op_jcc, op_jz, op_jnz, op_jmp_rel, op_call_rel, op_jmp_rm, op_call_rm, op_jmp_far, op_call_far;
insn_fn op_jmpf_rm, op_callf_rm, op_ret, op_retf, op_iret;
insn_fn op_loop, op_loope, op_loopne, op_jcxz;
insn_fn op_int, op_int3, op_into, op_int1, op_bound;
insn_fn op_in_i, op_out_i, op_in_dx, op_out_dx, op_hlt;
insn_fn op_clc, op_stc, op_cmc, op_cli, op_sti, op_cld, op_std;
insn_fn op_pushf, op_popf, op_sahf, op_lahf;

/* ops_sys.c */
insn_fn op_esc, op_fpu, op_fwait, op_cpuid, op_rdtsc, op_rdmsr, op_wrmsr, op_sysenter, op_sysexit;
insn_fn op_mov_r_cr, op_mov_cr_r, op_mov_r_dr, op_mov_dr_r, op_clts, op_invd, op_invlpg;
insn_fn op_sgdt, op_sidt, op_lgdt, op_lidt, op_smsw, op_lmsw;
insn_fn op_sldt, op_str, op_lldt, op_ltr, op_verr, op_verw, op_lar, op_lsl, op_arpl;
insn_fn op_toolong;

/* ops_mmx.c */
insn_fn op_paddb, op_paddw, op_paddd, op_psubb, op_psubw, op_psubd;
insn_fn op_paddsb, op_paddsw, op_psubsb, op_psubsw, op_paddusb, op_paddusw;
insn_fn op_psubusb, op_psubusw, op_pcmpeqb, op_pcmpeqw, op_pcmpeqd;
insn_fn op_pcmpgtb, op_pcmpgtw, op_pcmpgtd, op_pmullw, op_pmulhw, op_pmaddwd;
insn_fn op_pand, op_pandn, op_por, op_pxor, op_packsswb, op_packssdw, op_packuswb;
insn_fn op_punpcklbw, op_punpcklwd, op_punpckldq, op_punpckhbw, op_punpckhwd, op_punpckhdq;
insn_fn op_psrlw, op_psrld, op_psrlq, op_psraw, op_psrad, op_psllw, op_pslld, op_psllq;
insn_fn op_pshimw, op_pshimd, op_pshimq;
insn_fn op_movd_mm_rm, op_movd_rm_mm, op_movq_mm_rm, op_movq_rm_mm, op_emms;

/* fpu_ops.c */
insn_fn op_fxsave, op_fxrstor;

/* pmc.c */
insn_fn op_rdpmc;

#endif
