/*
 * Random valid instruction streams for the differential tester (see gen.h).
 * Encodings follow the Intel SDM vol. 2: chapter 2 (instruction format:
 * legacy prefixes, ModRM and SIB tables 2-1..2-3, 16-bit addressing table
 * 2-1), appendix A (opcode maps, group encodings A-6).
 *
 * Each template names one opcode (or one /digit of a group) with the shape
 * of its operands; the emitter picks prefixes (0x66, 0x67, segment
 * overrides, REP/REPNE, LOCK where it is legal), a ModRM/SIB form with its
 * displacement, and immediates. What would make the two emulators disagree
 * without either being wrong is kept out here: ESP is never an ALU
 * destination (the stack must stay in the window), branches never take a
 * 0x66 prefix (that truncates EIP to 16 bits), and segment registers are
 * not loaded (Unicorn's flat mode has no GDT).
 */
#include <string.h>

#include "emu/cpu/cpu.h"
#include "tests/difftest/gen.h"

u64 gen_rand(struct gen_rng *r)
{
	u64 z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Operand shape flags. */
#define F_B 0x0001		/* byte operand */
#define F_V 0x0002		/* word/dword by 0x66 */
#define F_M 0x0004		/* ModRM follows */
#define F_MEM 0x0008		/* memory form only */
#define F_REG 0x0010		/* register form only */
#define F_RD 0x0020		/* ModRM.reg is written: never ESP */
#define F_WD 0x0040		/* r/m is written */
#define F_LK 0x0080		/* LOCK allowed with a memory destination */
#define F_OR 0x0100		/* register in opcode bits 0-2, written: never ESP */
#define F_W32 0x0200		/* 32-bit only (no 0x66) */
#define F_NOSEG 0x0400		/* no memory operand at all */
#define F_STK 0x0800		/* moves ESP: not inside a call body (the ret needs it) */

/* Immediates. */
enum { I_0, I_B, I_BS, I_W, I_Z, I_ENTER };

/* Special handling. */
enum {
	S_NONE, S_STR, S_JCC8, S_JCC32, S_JMP8, S_JMP32, S_LOOP, S_CALL, S_CALLR, S_JMPR,
	S_CALLF, S_JMPF, S_LPTR,
	S_POPF, S_MOFFS, S_XLAT, S_BTREG, S_SHCL, S_SHIMM, S_SHXD_I, S_SHXD_CL, S_ENTER,
	S_LEAVE, S_AAM, S_BSF, S_RET, S_SREG_RD, S_SREG_WR, S_POPSEG, S_PORTDX,
	S_RM0,		/* S_RM0 + n: ModRM.rm fixed at n (x87 forms like D9 E8) */
};

struct tmpl {
	const char *name;
	u16 op;			/* 0x00-0xFF, or 0x0F00 | second byte */
	s8 digit;		/* group /digit, or -1 */
	u16 f;			/* F_* */
	u8 imm;			/* I_* */
	u8 kind;		/* enum gen_kind */
	u8 sp;			/* S_* */
	u8 weight;		/* relative frequency */
};

#define ALU(n, base, k)								\
	{ n "_rm8_r8", base + 0, -1, F_M | F_B | F_WD | F_LK, I_0, k, 0, 2 },	\
	{ n "_rm_r", base + 1, -1, F_M | F_V | F_WD | F_LK, I_0, k, 0, 3 },	\
	{ n "_r8_rm8", base + 2, -1, F_M | F_B | F_RD, I_0, k, 0, 2 },		\
	{ n "_r_rm", base + 3, -1, F_M | F_V | F_RD, I_0, k, 0, 3 },		\
	{ n "_al_i", base + 4, -1, F_B | F_NOSEG, I_B, k, 0, 1 },		\
	{ n "_ax_i", base + 5, -1, F_V | F_NOSEG, I_Z, k, 0, 1 }
#define GRP1(n, d, k)								\
	{ n "_rm8_i", 0x80, d, F_M | F_B | F_WD | F_LK, I_B, k, 0, 2 },		\
	{ n "_rm_i", 0x81, d, F_M | F_V | F_WD | F_LK, I_Z, k, 0, 2 },		\
	{ n "_rm8_i82", 0x82, d, F_M | F_B | F_WD | F_LK, I_B, k, 0, 1 },	\
	{ n "_rm_ib", 0x83, d, F_M | F_V | F_WD | F_LK, I_BS, k, 0, 2 }
#define GRP2(n, d, k)								\
	{ n "_rm8_ib", 0xC0, d, F_M | F_B | F_WD, I_B, k, S_SHIMM, 1 },		\
	{ n "_rm_ib", 0xC1, d, F_M | F_V | F_WD, I_B, k, S_SHIMM, 1 },		\
	{ n "_rm8_1", 0xD0, d, F_M | F_B | F_WD, I_0, k, S_SHIMM, 1 },		\
	{ n "_rm_1", 0xD1, d, F_M | F_V | F_WD, I_0, k, S_SHIMM, 1 },		\
	{ n "_rm8_cl", 0xD2, d, F_M | F_B | F_WD, I_0, k, S_SHCL, 1 },		\
	{ n "_rm_cl", 0xD3, d, F_M | F_V | F_WD, I_0, k, S_SHCL, 1 }
#define STR(n, op, f)								\
	{ n "b", op, -1, F_B | (f), I_0, K_NONE, S_STR, 2 },			\
	{ n, op + 1, -1, F_V | (f), I_0, K_NONE, S_STR, 2 }

static const struct tmpl tmpls[] = {
	ALU("add", 0x00, K_NONE), ALU("or", 0x08, K_LOGIC), ALU("adc", 0x10, K_NONE),
	ALU("sbb", 0x18, K_NONE), ALU("and", 0x20, K_LOGIC), ALU("sub", 0x28, K_NONE),
	ALU("xor", 0x30, K_LOGIC),
	{ "cmp_rm8_r8", 0x38, -1, F_M | F_B, I_0, K_NONE, 0, 2 },
	{ "cmp_rm_r", 0x39, -1, F_M | F_V, I_0, K_NONE, 0, 2 },
	{ "cmp_r8_rm8", 0x3A, -1, F_M | F_B, I_0, K_NONE, 0, 2 },
	{ "cmp_r_rm", 0x3B, -1, F_M | F_V, I_0, K_NONE, 0, 2 },
	{ "cmp_al_i", 0x3C, -1, F_B | F_NOSEG, I_B, K_NONE, 0, 1 },
	{ "cmp_ax_i", 0x3D, -1, F_V | F_NOSEG, I_Z, K_NONE, 0, 1 },
	{ "daa", 0x27, -1, F_NOSEG, I_0, K_DAA, 0, 1 },
	{ "das", 0x2F, -1, F_NOSEG, I_0, K_DAA, 0, 1 },
	{ "aaa", 0x37, -1, F_NOSEG, I_0, K_AAA, 0, 1 },
	{ "aas", 0x3F, -1, F_NOSEG, I_0, K_AAA, 0, 1 },
	{ "inc_r", 0x40, -1, F_V | F_OR | F_NOSEG, I_0, K_NONE, 0, 2 },
	{ "dec_r", 0x48, -1, F_V | F_OR | F_NOSEG, I_0, K_NONE, 0, 2 },
	{ "push_r", 0x50, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 2 },
	{ "pop_r", 0x58, -1, F_STK | F_V | F_OR | F_NOSEG, I_0, K_NONE, 0, 2 },
	{ "pusha", 0x60, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "popa", 0x61, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "bound", 0x62, -1, F_M | F_V | F_MEM, I_0, K_NONE, 0, 1 },
	{ "push_iz", 0x68, -1, F_STK | F_V | F_NOSEG, I_Z, K_NONE, 0, 1 },
	{ "imul_r_rm_iz", 0x69, -1, F_M | F_V | F_RD, I_Z, K_MUL, 0, 1 },
	{ "push_ib", 0x6A, -1, F_STK | F_V | F_NOSEG, I_BS, K_NONE, 0, 1 },
	{ "imul_r_rm_ib", 0x6B, -1, F_M | F_V | F_RD, I_BS, K_MUL, 0, 1 },
	{ "jcc8", 0x70, -1, F_NOSEG, I_0, K_NONE, S_JCC8, 6 },
	GRP1("add", 0, K_NONE), GRP1("or", 1, K_LOGIC), GRP1("adc", 2, K_NONE),
	GRP1("sbb", 3, K_NONE), GRP1("and", 4, K_LOGIC), GRP1("sub", 5, K_NONE),
	GRP1("xor", 6, K_LOGIC),
	{ "cmp_rm8_i", 0x80, 7, F_M | F_B, I_B, K_NONE, 0, 1 },
	{ "cmp_rm_i", 0x81, 7, F_M | F_V, I_Z, K_NONE, 0, 1 },
	{ "cmp_rm_ib", 0x83, 7, F_M | F_V, I_BS, K_NONE, 0, 1 },
	{ "test_rm8_r8", 0x84, -1, F_M | F_B, I_0, K_LOGIC, 0, 1 },
	{ "test_rm_r", 0x85, -1, F_M | F_V, I_0, K_LOGIC, 0, 1 },
	{ "xchg_rm8_r8", 0x86, -1, F_M | F_B | F_RD | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "xchg_rm_r", 0x87, -1, F_M | F_V | F_RD | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "mov_rm8_r8", 0x88, -1, F_M | F_B | F_WD, I_0, K_NONE, 0, 3 },
	{ "mov_rm_r", 0x89, -1, F_M | F_V | F_WD, I_0, K_NONE, 0, 3 },
	{ "mov_r8_rm8", 0x8A, -1, F_M | F_B | F_RD, I_0, K_NONE, 0, 3 },
	{ "mov_r_rm", 0x8B, -1, F_M | F_V | F_RD, I_0, K_NONE, 0, 3 },
	{ "lea", 0x8D, -1, F_M | F_V | F_MEM | F_RD, I_0, K_NONE, 0, 2 },
	{ "pop_rm", 0x8F, 0, F_STK | F_M | F_V | F_WD, I_0, K_NONE, 0, 1 },
	{ "nop", 0x90, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "mov_rm_sreg", 0x8C, -1, F_M | F_V | F_WD, I_0, K_NONE, S_SREG_RD, 1 },
	{ "mov_sreg_rm", 0x8E, -1, F_M | F_REG | F_W32, I_0, K_NONE, S_SREG_WR, 1 },
	{ "push_es", 0x06, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "pop_es", 0x07, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_POPSEG, 1 },
	{ "push_ss", 0x16, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "pop_ss", 0x17, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_POPSEG, 1 },
	{ "push_ds", 0x1E, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "pop_ds", 0x1F, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_POPSEG, 1 },
	{ "push_fs", 0x0FA0, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "pop_fs", 0x0FA1, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_POPSEG, 1 },
	{ "push_gs", 0x0FA8, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "pop_gs", 0x0FA9, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_POPSEG, 1 },
	{ "xchg_ax_r", 0x91, -1, F_V | F_OR | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "cbw", 0x98, -1, F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "cwd", 0x99, -1, F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "pushf", 0x9C, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "popf", 0x9D, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_POPF, 1 },
	{ "sahf", 0x9E, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "lahf", 0x9F, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "mov_al_moffs", 0xA0, -1, F_B, I_0, K_NONE, S_MOFFS, 1 },
	{ "mov_ax_moffs", 0xA1, -1, F_V, I_0, K_NONE, S_MOFFS, 1 },
	{ "mov_moffs_al", 0xA2, -1, F_B | F_WD, I_0, K_NONE, S_MOFFS, 1 },
	{ "mov_moffs_ax", 0xA3, -1, F_V | F_WD, I_0, K_NONE, S_MOFFS, 1 },
	STR("movs", 0xA4, F_WD), STR("cmps", 0xA6, 0),
	{ "test_al_i", 0xA8, -1, F_B | F_NOSEG, I_B, K_LOGIC, 0, 1 },
	{ "test_ax_i", 0xA9, -1, F_V | F_NOSEG, I_Z, K_LOGIC, 0, 1 },
	STR("stos", 0xAA, F_WD), STR("lods", 0xAC, 0), STR("scas", 0xAE, 0),
	{ "mov_r8_i", 0xB0, -1, F_B | F_NOSEG, I_B, K_NONE, 0, 2 },
	{ "mov_r_i", 0xB8, -1, F_V | F_OR | F_NOSEG, I_Z, K_NONE, 0, 2 },
	GRP2("rol", 0, K_ROT), GRP2("ror", 1, K_ROT), GRP2("rcl", 2, K_ROT),
	GRP2("rcr", 3, K_ROT), GRP2("shl", 4, K_SHIFT), GRP2("shr", 5, K_SHIFT),
	GRP2("sal", 6, K_SHIFT), GRP2("sar", 7, K_SHIFT),
	{ "ret", 0xC3, -1, F_NOSEG, I_0, K_NONE, S_CALL, 2 },
	{ "retf", 0xCB, -1, F_NOSEG, I_0, K_NONE, S_CALLF, 1 },
	{ "retf_iw", 0xCA, -1, F_NOSEG, I_0, K_NONE, S_CALLF, 1 },
	{ "jmp_far", 0xEA, -1, F_NOSEG, I_0, K_NONE, S_JMPF, 1 },
	{ "push_cs", 0x0E, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "les", 0xC4, -1, F_V, I_0, K_NONE, S_LPTR, 1 },
	{ "lds", 0xC5, -1, F_V, I_0, K_NONE, S_LPTR, 1 },
	{ "lss", 0x0FB2, -1, F_V, I_0, K_NONE, S_LPTR, 1 },
	{ "lfs", 0x0FB4, -1, F_V, I_0, K_NONE, S_LPTR, 1 },
	{ "lgs", 0x0FB5, -1, F_V, I_0, K_NONE, S_LPTR, 1 },
	{ "ret_iw", 0xC2, -1, F_NOSEG, I_0, K_NONE, S_CALL, 1 },
	{ "mov_rm8_i", 0xC6, 0, F_M | F_B | F_WD, I_B, K_NONE, 0, 1 },
	{ "mov_rm_i", 0xC7, 0, F_M | F_V | F_WD, I_Z, K_NONE, 0, 1 },
	{ "enter", 0xC8, -1, F_STK | F_V | F_NOSEG, I_ENTER, K_NONE, S_ENTER, 1 },
	{ "leave", 0xC9, -1, F_STK | F_V | F_NOSEG, I_0, K_NONE, S_LEAVE, 1 },
	{ "int3", 0xCC, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "int_ib", 0xCD, -1, F_NOSEG, I_B, K_NONE, 0, 1 },
	{ "into", 0xCE, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "aam", 0xD4, -1, F_NOSEG, I_B, K_AAM, S_AAM, 1 },
	{ "aad", 0xD5, -1, F_NOSEG, I_B, K_AAM, 0, 1 },
	{ "salc", 0xD6, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "xlat", 0xD7, -1, 0, I_0, K_NONE, S_XLAT, 1 },
	{ "loopne", 0xE0, -1, F_NOSEG, I_0, K_NONE, S_LOOP, 1 },
	{ "loope", 0xE1, -1, F_NOSEG, I_0, K_NONE, S_LOOP, 1 },
	{ "loop", 0xE2, -1, F_NOSEG, I_0, K_NONE, S_LOOP, 1 },
	{ "jcxz", 0xE3, -1, F_NOSEG, I_0, K_NONE, S_LOOP, 1 },
	{ "jmp32", 0xE9, -1, F_NOSEG, I_0, K_NONE, S_JMP32, 1 },
	{ "jmp8", 0xEB, -1, F_NOSEG, I_0, K_NONE, S_JMP8, 2 },
	{ "cmc", 0xF5, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "in_al_ib", 0xE4, -1, F_B | F_NOSEG, I_B, K_NONE, 0, 1 },
	{ "in_ax_ib", 0xE5, -1, F_V | F_NOSEG, I_B, K_NONE, 0, 1 },
	{ "out_ib_al", 0xE6, -1, F_B | F_NOSEG, I_B, K_NONE, 0, 1 },
	{ "out_ib_ax", 0xE7, -1, F_V | F_NOSEG, I_B, K_NONE, 0, 1 },
	{ "in_al_dx", 0xEC, -1, F_B | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "in_ax_dx", 0xED, -1, F_V | F_NOSEG, I_0, K_NONE, S_PORTDX, 1 },
	{ "out_dx_al", 0xEE, -1, F_B | F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "out_dx_ax", 0xEF, -1, F_V | F_NOSEG, I_0, K_NONE, S_PORTDX, 1 },
	STR("ins", 0x6C, F_WD), STR("outs", 0x6E, 0),
	{ "test_rm8_i", 0xF6, 0, F_M | F_B, I_B, K_LOGIC, 0, 1 },
	{ "test_rm_i", 0xF7, 0, F_M | F_V, I_Z, K_LOGIC, 0, 1 },
	{ "not_rm8", 0xF6, 2, F_M | F_B | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "not_rm", 0xF7, 2, F_M | F_V | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "neg_rm8", 0xF6, 3, F_M | F_B | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "neg_rm", 0xF7, 3, F_M | F_V | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "mul_rm8", 0xF6, 4, F_M | F_B, I_0, K_MUL, 0, 1 },
	{ "mul_rm", 0xF7, 4, F_M | F_V, I_0, K_MUL, 0, 1 },
	{ "imul_rm8", 0xF6, 5, F_M | F_B, I_0, K_MUL, 0, 1 },
	{ "imul_rm", 0xF7, 5, F_M | F_V, I_0, K_MUL, 0, 1 },
	{ "div_rm8", 0xF6, 6, F_M | F_B, I_0, K_DIV, 0, 1 },
	{ "div_rm", 0xF7, 6, F_M | F_V, I_0, K_DIV, 0, 1 },
	{ "idiv_rm8", 0xF6, 7, F_M | F_B, I_0, K_DIV, 0, 1 },
	{ "idiv_rm", 0xF7, 7, F_M | F_V, I_0, K_DIV, 0, 1 },
	{ "clc", 0xF8, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "stc", 0xF9, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "cli", 0xFA, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "sti", 0xFB, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "cld", 0xFC, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "std", 0xFD, -1, F_NOSEG, I_0, K_NONE, 0, 1 },
	{ "inc_rm8", 0xFE, 0, F_M | F_B | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "dec_rm8", 0xFE, 1, F_M | F_B | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "inc_rm", 0xFF, 0, F_M | F_V | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "dec_rm", 0xFF, 1, F_M | F_V | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "call_r", 0xFF, 2, F_M | F_REG | F_W32, I_0, K_NONE, S_CALLR, 1 },
	{ "jmp_r", 0xFF, 4, F_M | F_REG | F_W32, I_0, K_NONE, S_JMPR, 1 },
	{ "push_rm", 0xFF, 6, F_STK | F_M | F_V, I_0, K_NONE, 0, 1 },
	/* 0x0F map */
	{ "jcc32", 0x0F80, -1, F_NOSEG, I_0, K_NONE, S_JCC32, 2 },
	{ "setcc", 0x0F90, 0, F_M | F_B | F_WD, I_0, K_NONE, 0, 2 },
	{ "cmovcc", 0x0F40, -1, F_M | F_V | F_RD, I_0, K_NONE, 0, 2 },
	{ "bt_rm_r", 0x0FA3, -1, F_M | F_V, I_0, K_BT, S_BTREG, 1 },
	{ "shld_ib", 0x0FA4, -1, F_M | F_V | F_WD, I_B, K_SHXD, S_SHXD_I, 1 },
	{ "shld_cl", 0x0FA5, -1, F_M | F_V | F_WD, I_0, K_SHXD, S_SHXD_CL, 1 },
	{ "bts_rm_r", 0x0FAB, -1, F_M | F_V | F_WD | F_LK, I_0, K_BT, S_BTREG, 1 },
	{ "shrd_ib", 0x0FAC, -1, F_M | F_V | F_WD, I_B, K_SHXD, S_SHXD_I, 1 },
	{ "shrd_cl", 0x0FAD, -1, F_M | F_V | F_WD, I_0, K_SHXD, S_SHXD_CL, 1 },
	{ "imul_r_rm", 0x0FAF, -1, F_M | F_V | F_RD, I_0, K_MUL, 0, 2 },
	{ "cmpxchg_rm8", 0x0FB0, -1, F_M | F_B | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "cmpxchg_rm", 0x0FB1, -1, F_M | F_V | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "btr_rm_r", 0x0FB3, -1, F_M | F_V | F_WD | F_LK, I_0, K_BT, S_BTREG, 1 },
	{ "movzx_r_rm8", 0x0FB6, -1, F_M | F_V | F_RD, I_0, K_NONE, 0, 1 },
	{ "movzx_r_rm16", 0x0FB7, -1, F_M | F_W32 | F_RD, I_0, K_NONE, 0, 1 },
	{ "bt_rm_ib", 0x0FBA, 4, F_M | F_V, I_B, K_BT, 0, 1 },
	{ "bts_rm_ib", 0x0FBA, 5, F_M | F_V | F_WD | F_LK, I_B, K_BT, 0, 1 },
	{ "btr_rm_ib", 0x0FBA, 6, F_M | F_V | F_WD | F_LK, I_B, K_BT, 0, 1 },
	{ "btc_rm_ib", 0x0FBA, 7, F_M | F_V | F_WD | F_LK, I_B, K_BT, 0, 1 },
	{ "btc_rm_r", 0x0FBB, -1, F_M | F_V | F_WD | F_LK, I_0, K_BT, S_BTREG, 1 },
	{ "bsf", 0x0FBC, -1, F_M | F_V | F_RD, I_0, K_BSF, S_BSF, 1 },
	{ "bsr", 0x0FBD, -1, F_M | F_V | F_RD, I_0, K_BSF, S_BSF, 1 },
	{ "movsx_r_rm8", 0x0FBE, -1, F_M | F_V | F_RD, I_0, K_NONE, 0, 1 },
	{ "movsx_r_rm16", 0x0FBF, -1, F_M | F_W32 | F_RD, I_0, K_NONE, 0, 1 },
	{ "xadd_rm8", 0x0FC0, -1, F_M | F_B | F_RD | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "xadd_rm", 0x0FC1, -1, F_M | F_V | F_RD | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "cmpxchg8b", 0x0FC7, 1, F_M | F_MEM | F_W32 | F_WD | F_LK, I_0, K_NONE, 0, 1 },
	{ "bswap", 0x0FC8, -1, F_OR | F_W32 | F_NOSEG, I_0, K_NONE, 0, 1 },
};

#define NT ((int)(sizeof(tmpls) / sizeof(tmpls[0])))

/* The x87 (difftest -f): every form whose result is exact (no
 * transcendentals, which are only specified to an ulp), operands in
 * memory (steered into the data window like the rest) or on the stack. */
#define X87M(n, op, d) { n, op, d, F_M | F_MEM | F_W32, I_0, K_NONE, 0, 1 }
#define X87W(n, op, d) { n, op, d, F_M | F_MEM | F_W32 | F_WD, I_0, K_NONE, 0, 1 }
#define X87R(n, op, d) { n, op, d, F_M | F_REG | F_W32, I_0, K_NONE, 0, 1 }
#define X87F(n, op, d, rm) { n, op, d, F_M | F_REG | F_W32, I_0, K_NONE, S_RM0 + (rm), 1 }
#define X87_ARITH(p, op, kind) \
	X87M(p "add_" kind, op, 0), X87M(p "mul_" kind, op, 1), X87M(p "com_" kind, op, 2), \
	X87M(p "comp_" kind, op, 3), X87M(p "sub_" kind, op, 4), X87M(p "subr_" kind, op, 5), \
	X87M(p "div_" kind, op, 6), X87M(p "divr_" kind, op, 7)
#define MMX(n, b) { "mmx_" n, 0x0F00 | (b), -1, F_M | F_W32, I_0, K_NONE, 0, 1 }
#define MMXI(n, b, d) { "mmx_" n, 0x0F00 | (b), d, F_M | F_REG | F_W32, I_B, K_NONE, 0, 1 }
static const struct tmpl ftmpls[] = {
	X87_ARITH("f", 0xD8, "m32"), X87_ARITH("f", 0xDC, "m64"), X87_ARITH("fi", 0xDA, "m32"),
	X87_ARITH("fi", 0xDE, "m16"),
	X87R("fadd_st", 0xD8, 0), X87R("fmul_st", 0xD8, 1), X87R("fcom_st", 0xD8, 2),
	X87R("fcomp_st", 0xD8, 3), X87R("fsub_st", 0xD8, 4), X87R("fsubr_st", 0xD8, 5),
	X87R("fdiv_st", 0xD8, 6), X87R("fdivr_st", 0xD8, 7),
	X87R("fadd_sti", 0xDC, 0), X87R("fmul_sti", 0xDC, 1), X87R("fsubr_sti", 0xDC, 4),
	X87R("fsub_sti", 0xDC, 5), X87R("fdivr_sti", 0xDC, 6), X87R("fdiv_sti", 0xDC, 7),
	X87R("faddp", 0xDE, 0), X87R("fmulp", 0xDE, 1), X87R("fsubrp", 0xDE, 4),
	X87R("fsubp", 0xDE, 5), X87R("fdivrp", 0xDE, 6), X87R("fdivp", 0xDE, 7),
	X87F("fcompp", 0xDE, 3, 1), X87F("fucompp", 0xDA, 5, 1),
	X87R("fld_st", 0xD9, 0), X87R("fxch", 0xD9, 1), X87R("ffree", 0xDD, 0),
	X87R("fst_st", 0xDD, 2), X87R("fstp_st", 0xDD, 3), X87R("fucom", 0xDD, 4),
	X87R("fucomp", 0xDD, 5),
	X87R("fcmovb", 0xDA, 0), X87R("fcmove", 0xDA, 1), X87R("fcmovbe", 0xDA, 2),
	X87R("fcmovu", 0xDA, 3), X87R("fcmovnb", 0xDB, 0), X87R("fcmovne", 0xDB, 1),
	X87R("fcmovnbe", 0xDB, 2), X87R("fcmovnu", 0xDB, 3),
	X87R("fucomi", 0xDB, 5), X87R("fcomi", 0xDB, 6), X87R("fucomip", 0xDF, 5),
	X87R("fcomip", 0xDF, 6),
	X87M("fld_m32", 0xD9, 0), X87M("fld_m64", 0xDD, 0), X87M("fld_m80", 0xDB, 5),
	X87M("fild_m16", 0xDF, 0), X87M("fild_m32", 0xDB, 0), X87M("fild_m64", 0xDF, 5),
	X87M("fbld", 0xDF, 4),
	X87W("fst_m32", 0xD9, 2), X87W("fstp_m32", 0xD9, 3), X87W("fst_m64", 0xDD, 2),
	X87W("fstp_m64", 0xDD, 3), X87W("fstp_m80", 0xDB, 7), X87W("fist_m16", 0xDF, 2),
	X87W("fistp_m16", 0xDF, 3), X87W("fist_m32", 0xDB, 2), X87W("fistp_m32", 0xDB, 3),
	X87W("fistp_m64", 0xDF, 7), X87W("fbstp", 0xDF, 6),
	X87W("fnstcw", 0xD9, 7), X87W("fnstsw", 0xDD, 7), X87F("fnstsw_ax", 0xDF, 4, 0),
	X87F("fchs", 0xD9, 4, 0), X87F("fabs", 0xD9, 4, 1), X87F("ftst", 0xD9, 4, 4),
	X87F("fxam", 0xD9, 4, 5),
	X87F("fld1", 0xD9, 5, 0), X87F("fldl2t", 0xD9, 5, 1), X87F("fldl2e", 0xD9, 5, 2),
	X87F("fldpi", 0xD9, 5, 3), X87F("fldlg2", 0xD9, 5, 4), X87F("fldln2", 0xD9, 5, 5),
	X87F("fldz", 0xD9, 5, 6),
	X87F("fxtract", 0xD9, 6, 4), X87F("fprem1", 0xD9, 6, 5), X87F("fdecstp", 0xD9, 6, 6),
	X87F("fincstp", 0xD9, 6, 7), X87F("fprem", 0xD9, 7, 0), X87F("fsqrt", 0xD9, 7, 2),
	X87F("frndint", 0xD9, 7, 4), X87F("fscale", 0xD9, 7, 5),
	X87F("fnclex", 0xDB, 4, 2), X87F("fninit", 0xDB, 4, 3), X87F("fnop", 0xD9, 2, 0),
	/* MMX (the Pentium II's): named mmx_* so that difftest.c compares
	 * them as MMX (register significands, TOP, empty tags). */
	MMX("paddb", 0xFC), MMX("paddw", 0xFD), MMX("paddd", 0xFE), MMX("psubb", 0xF8),
	MMX("psubw", 0xF9), MMX("psubd", 0xFA), MMX("paddsb", 0xEC), MMX("paddsw", 0xED),
	MMX("psubsb", 0xE8), MMX("psubsw", 0xE9), MMX("paddusb", 0xDC), MMX("paddusw", 0xDD),
	MMX("psubusb", 0xD8), MMX("psubusw", 0xD9), MMX("pcmpeqb", 0x74), MMX("pcmpeqw", 0x75),
	MMX("pcmpeqd", 0x76), MMX("pcmpgtb", 0x64), MMX("pcmpgtw", 0x65), MMX("pcmpgtd", 0x66),
	MMX("pmullw", 0xD5), MMX("pmulhw", 0xE5), MMX("pmaddwd", 0xF5), MMX("pand", 0xDB),
	MMX("pandn", 0xDF), MMX("por", 0xEB), MMX("pxor", 0xEF), MMX("packsswb", 0x63),
	MMX("packssdw", 0x6B), MMX("packuswb", 0x67), MMX("punpcklbw", 0x60),
	MMX("punpcklwd", 0x61), MMX("punpckldq", 0x62), MMX("punpckhbw", 0x68),
	MMX("punpckhwd", 0x69), MMX("punpckhdq", 0x6A), MMX("psrlw", 0xD1), MMX("psrld", 0xD2),
	MMX("psrlq", 0xD3), MMX("psraw", 0xE1), MMX("psrad", 0xE2), MMX("psllw", 0xF1),
	MMX("pslld", 0xF2), MMX("psllq", 0xF3), MMX("movq_mm_rm", 0x6F),
	{ "mmx_movd_mm_rm", 0x0F6E, -1, F_M | F_W32, I_0, K_NONE, 0, 1 },
	{ "mmx_movd_rm_mm", 0x0F7E, -1, F_M | F_W32 | F_WD, I_0, K_NONE, 0, 1 },
	{ "mmx_movq_rm_mm", 0x0F7F, -1, F_M | F_W32 | F_WD, I_0, K_NONE, 0, 1 },
	MMXI("psrlw_i", 0x71, 2), MMXI("psraw_i", 0x71, 4), MMXI("psllw_i", 0x71, 6),
	MMXI("psrld_i", 0x72, 2), MMXI("psrad_i", 0x72, 4), MMXI("pslld_i", 0x72, 6),
	MMXI("psrlq_i", 0x73, 2), MMXI("psllq_i", 0x73, 6),
	{ "mmx_emms", 0x0F77, -1, F_NOSEG | F_W32, I_0, K_NONE, 0, 1 },
};
#define NFT ((int)(sizeof(ftmpls) / sizeof(ftmpls[0])))

bool gen_fpu;

int gen_template_count(void) { return gen_fpu ? NT + NFT : NT; }
const char *gen_template_name(int k) { return k < NT ? tmpls[k].name : ftmpls[k - NT].name; }

static s16 tmpl_index(const struct tmpl *t)
{
	return t >= ftmpls && t < ftmpls + NFT ? (s16)(NT + (t - ftmpls)) : (s16)(t - tmpls);
}

/* ---------------- the emitter ---------------- */

struct patch {
	u32 at;			/* where the displacement/address lives */
	u8 size;		/* 1 or 4 */
	u8 absolute;		/* write GEN_CODE + target instead of a displacement */
	u32 from;		/* end of the branch instruction (relative forms) */
	int left;		/* instructions to skip before patching */
};

struct gen {
	struct gen_stream *s;
	struct gen_rng rng;
	struct patch p[64];
	int np;
	u8 buf[15];		/* the instruction being built */
	int len;
	int in_call;		/* inside a call body: no nested calls */
	bool hold;		/* emitting fixups + their instruction: no branch lands inside */
};

static u32 rnd(struct gen *g, u32 n) { return gen_below(&g->rng, n); }
static bool chance(struct gen *g, u32 pct) { return rnd(g, 100) < pct; }

static void put8(struct gen *g, u32 v) { g->buf[g->len++] = (u8)v; }
static void put16(struct gen *g, u32 v) { put8(g, v); put8(g, v >> 8); }
static void put32(struct gen *g, u32 v) { put16(g, v); put16(g, v >> 16); }

/* Patch every pending branch whose count ran out (or that would go out of
 * rel8 range) to the current position, which is an instruction boundary. */
static void settle(struct gen *g, bool all)
{
	u32 here = g->s->size;
	for (int k = 0; k < g->np; k++) {
		struct patch *p = &g->p[k];
		bool near_end = p->size == 1 && here - p->from > 80;
		if (!all && p->left > 0 && !near_end)
			continue;
		u8 *c = g->s->code + p->at;
		if (p->absolute) {
			st32(c, GEN_CODE + here);
		} else if (p->size == 1) {
			*c = (u8)(here - p->from);
		} else {
			st32(c, here - p->from);
		}
		g->p[k--] = g->p[--g->np];
	}
}

/* Append the built instruction as a stream entry; returns its index. */
static int commit(struct gen *g, const char *name, u8 kind, u8 osz, bool fixup)
{
	struct gen_stream *s = g->s;
	if (!g->hold)
		settle(g, false);
	int n = s->n++;
	struct gen_insn *gi = &s->ins[n];
	memset(gi, 0, sizeof(*gi));
	gi->off = s->size;
	gi->len = (u8)g->len;
	memcpy(gi->bytes, g->buf, g->len);
	gi->kind = kind;
	gi->osz = osz;
	gi->fixup = fixup;
	gi->name = name;
	gi->tmpl = -1;
	memcpy(s->code + s->size, g->buf, g->len);
	s->size += g->len;
	for (int k = 0; k < g->np; k++)
		g->p[k].left--;
	g->len = 0;
	return n;
}

static void add_patch(struct gen *g, u32 at, int size, bool absolute, u32 from, int left)
{
	if (g->np == (int)(sizeof(g->p) / sizeof(g->p[0]))) {
		/* Full: settle this one on the spot (a jump to the next insn). */
		left = 0;
	}
	struct patch *p = &g->p[g->np++];
	p->at = at;
	p->size = (u8)size;
	p->absolute = absolute;
	p->from = from;
	p->left = left;
}

/* MOV r32, imm32 as a fixup; returns the offset of its immediate. */
static u32 fixup_mov(struct gen *g, int reg, u32 val)
{
	put8(g, 0xB8 + reg);
	put32(g, val);
	u32 at = g->s->size + 1;
	commit(g, "fixup_mov", K_NONE, 4, true);
	return at;
}

/* A selector to load: one of the two flat data descriptors. Not the null
 * selector: Unicorn does not raise #GP on an access through a null data
 * segment (Lucid does, as the SDM says), see unicorn-known.txt. */
static u32 gen_selector(struct gen *g, bool ss)
{
	(void)ss;
	return rnd(g, 2) ? 0x10 : 0x18;
}

/* A register for a 16/32-bit destination: anything but ESP. */
static int pick_reg_nosp(struct gen *g)
{
	int r = rnd(g, 7);
	return r >= 4 ? r + 1 : r;
}

/* A data address with room for an 8-byte access and bit offsets around it,
 * below the stack (which starts at GEN_STACK_TOP and grows down by at most
 * a few KiB in a stream). */
static u32 pick_target(struct gen *g)
{
	return 0x2000 + rnd(g, 0x26000);
}

/*
 * Build ModRM (+SIB, displacement) for a memory operand in 32-bit
 * addressing, emitting fixups that make the address land in the window.
 * reg is the ModRM.reg field.
 */
static void modrm_mem32(struct gen *g, int reg, int avoid)
{
	u32 target = pick_target(g);
	int mod = rnd(g, 3);		/* 0, 1 (disp8), 2 (disp32) */
	bool sib = chance(g, 40);
	int rm = rnd(g, 8);
	u32 disp = 0;
	int base = -1, index = -1, scale = 0;

	if (mod == 1)
		disp = (u32)(s32)(s8)rnd(g, 256);
	else if (mod == 2)
		disp = chance(g, 50) ? (u32)(s32)(s16)rnd(g, 0x10000) : (u32)gen_rand(&g->rng);
	if (sib || rm == 4) {
		rm = 4;
		base = rnd(g, 8);
		index = rnd(g, 8);	/* 4: none */
		scale = rnd(g, 4);
		if (index == 4)
			index = -1;
		if (base == 5 && mod == 0) {
			base = -1;	/* disp32, no base */
			disp = (u32)gen_rand(&g->rng);
		}
	} else if (rm == 5 && mod == 0) {
		disp = target;		/* disp32 alone */
	} else {
		base = rm;
	}
	/* The registers the instruction reads must not be clobbered by our
	 * fixups after... they are set before it, so only "avoid" (a register
	 * the instruction itself needs set up, e.g. the bit offset) matters. */
	if (base == avoid || index == avoid) {
		/* Fall back to disp32 alone. */
		mod = 0;
		rm = 5;
		base = index = -1;
		disp = target;
		sib = false;
	}
	if (base == 4 && g->in_call) {
		/* Inside a subroutine [ESP] holds the return address: stay below. */
		if (mod == 0)
			mod = 1;
		disp = mod == 1 ? (u32)-(s32)(8 + rnd(g, 100)) : (u32)-(s32)(8 + rnd(g, 0x400));
		if (index >= 0)
			fixup_mov(g, index, 0);
	} else if (base == 4) {
		/* ESP stays as it is (inside the stack window); keep the rest small. */
		if (mod == 2)
			disp = rnd(g, 0x800) - 0x400;
		if (index >= 0 && index != 4)
			fixup_mov(g, index, rnd(g, 0x100));
	} else if (index >= 0 && index == base) {
		/* One register twice: v + (v << scale) + disp must land inside. */
		u32 v = rnd(g, 0x3000) + 0x1000;
		if (mod == 2)
			disp = rnd(g, 0x400);
		fixup_mov(g, base, v);
	} else {
		u32 iv = 0;
		if (index >= 0) {
			iv = rnd(g, 0x800);
			fixup_mov(g, index, iv);
		}
		if (base >= 0)
			fixup_mov(g, base, target - (iv << scale) - disp);
		else
			disp = target - (iv << scale);
	}

	put8(g, (mod << 6) | (reg << 3) | rm);
	if (rm == 4)
		put8(g, (scale << 6) | ((index < 0 ? 4 : index) << 3) | (base < 0 ? 5 : base));
	if (mod == 1)
		put8(g, disp);
	else if (mod == 2 || (mod == 0 && (rm == 5 || (rm == 4 && base < 0))))
		put32(g, disp);
}

/* ModRM for a memory operand in 16-bit addressing: every form stays in the
 * first 64 KiB plus a few bytes, which is inside the window. */
static void modrm_mem16(struct gen *g, int reg)
{
	int mod = rnd(g, 3), rm = rnd(g, 8);
	put8(g, (mod << 6) | (reg << 3) | rm);
	if (mod == 1)
		put8(g, rnd(g, 256));
	else if (mod == 2 || (mod == 0 && rm == 6))
		put16(g, rnd(g, 0x10000));
}

static const u8 seg_prefix[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65 };

/* Emit one instruction from template t (with its fixups). */
static void emit(struct gen *g, const struct tmpl *t)
{
	int osz = (t->f & F_B) ? 1 : 4;
	bool p66 = false, p67 = false;
	bool mem = false;
	int reg = 0, rm = 0;
	u8 kind = t->kind;
	int avoid = -1;
	struct gen_stream *s = g->s;

	/* Branches may land before the fixups, never between them and it. */
	settle(g, false);
	g->hold = true;
	if ((t->f & F_V) && !(t->f & F_W32) && chance(g, 25)) {
		p66 = true;
		osz = 2;
	}
	if (t->f & F_M) {
		mem = !(t->f & F_REG) && ((t->f & F_MEM) || chance(g, 55));
		if (mem && chance(g, 20))
			p67 = true;
	}
	if (t->sp == S_STR || t->sp == S_MOFFS || t->sp == S_XLAT || t->sp == S_LOOP)
		p67 = chance(g, 20);

	/* Choose the register fields. */
	reg = t->digit >= 0 ? t->digit : (int)rnd(g, 8);
	if ((t->f & F_RD) && osz > 1 && reg == 4)
		reg = pick_reg_nosp(g);
	if (t->op == 0x0FB6 || t->op == 0x0FB7 || t->op == 0x0FBE || t->op == 0x0FBF ||
	    (t->op >= 0x0F40 && t->op <= 0x0F4F))
		if (reg == 4)
			reg = pick_reg_nosp(g);
	rm = t->sp >= S_RM0 ? t->sp - S_RM0 : (int)rnd(g, 8);
	if (!mem && (t->f & F_WD) && osz > 1 && rm == 4)
		rm = pick_reg_nosp(g);
	if (!mem && t->op == 0x8F)
		rm = pick_reg_nosp(g);

	/* Segment registers: never CS (its selector differs between the two
	 * setups); loads get a valid flat data selector (or null, not for SS). */
	if (t->sp == S_SREG_RD) {
		reg = rnd(g, 6);		/* ES CS SS DS FS GS */
	} else if (t->sp == S_SREG_WR) {
		static const u8 sregs[] = { SEG_ES, SEG_SS, SEG_DS, SEG_FS, SEG_GS };
		reg = sregs[rnd(g, 5)];
	}
	if (t->sp == S_SREG_WR)
		rm = pick_reg_nosp(g);

	/* Instruction-specific setup (fixups) before the prefixes. */
	u32 count = 0;
	bool count_cl = false;
	switch (t->sp) {
	case S_BTREG:
		/* A register bit offset can reach far from the operand: keep it
		 * within +-256 bytes. */
		if (mem) {
			if (reg == 4)
				reg = pick_reg_nosp(g);
			fixup_mov(g, reg, rnd(g, 4096) - 2048);
			avoid = reg;
		}
		break;
	case S_SHCL:
		count_cl = true;
		break;
	case S_SHXD_CL:
		count_cl = true;
		if (osz == 2) {
			/* A 16-bit double shift by more than 16 is undefined. */
			fixup_mov(g, R_ECX, rnd(g, 17) | (rnd(g, 4) << 5));
			avoid = R_ECX;
		}
		break;
	case S_STR:
		fixup_mov(g, R_ESI, 0x8000 + rnd(g, 0x8000));
		fixup_mov(g, R_EDI, 0x8000 + rnd(g, 0x8000));
		if (t->op == 0x6D || t->op == 0x6F)	/* see S_PORTDX */
			fixup_mov(g, R_EDX, rnd(g, 0xFFFD));
		break;
	case S_XLAT:
		fixup_mov(g, R_EBX, pick_target(g) & ~0xFFu);
		break;
	case S_POPF: {
		u32 fl = 0x2 | (gen_rand(&g->rng) & (FLAGS_ARITH | FLAG_DF));
		put8(g, 0x68);
		put32(g, fl);
		commit(g, "fixup_push", K_NONE, 4, true);
		break;
	}
	case S_LEAVE:
		/* EBP must point into the stack: copy ESP (MOV EBP, ESP). */
		put8(g, 0x89);
		put8(g, 0xE5);
		commit(g, "fixup_mov_ebp_esp", K_NONE, 4, true);
		break;
	case S_ENTER:
		/* Nesting levels copy frame pointers from [EBP-4...]. */
		put8(g, 0x89);
		put8(g, 0xE5);
		commit(g, "fixup_mov_ebp_esp", K_NONE, 4, true);
		p66 = false;		/* 16-bit frames truncate EBP's use: keep 32 */
		osz = 4;
		break;
	case S_BSF:
		break;
	case S_PORTDX:
		/* A word or dword port at FFFDh-FFFFh runs past the end of the
		 * port space: how that splits is the bus's business, not the
		 * CPU's, so DX stays below. */
		fixup_mov(g, R_EDX, ((u32)gen_rand(&g->rng) & 0xFFFF0000u) | rnd(g, 0xFFFD));
		break;
	case S_SREG_WR:
		fixup_mov(g, rm, gen_selector(g, reg == SEG_SS));
		break;
	case S_POPSEG:
		put8(g, 0x6A);
		put8(g, gen_selector(g, t->op == 0x17));
		commit(g, "fixup_push", K_NONE, 4, true);
		break;
	}
	bool rep = false;
	if (t->sp == S_STR) {
		rep = chance(g, 50);
		if (rep)
			fixup_mov(g, R_ECX, rnd(g, 9));
	}

	/* Prefixes in a random order. */
	u8 pre[4];
	int np = 0;
	if (p66)
		pre[np++] = 0x66;
	if (p67)
		pre[np++] = 0x67;
	if ((mem || t->sp == S_STR || t->sp == S_MOFFS || t->sp == S_XLAT) && chance(g, 30)) {
		u8 sp = seg_prefix[rnd(g, 6)];
		/* Writes through CS fault on real hardware; Unicorn's flat mode
		 * does not check, so CS overrides go on reads only. */
		bool writes = (t->f & F_WD) || (t->sp == S_STR && (t->op & ~1) != 0xA6 &&
					       (t->op & ~1) != 0xAC);
		if (!(sp == 0x2E && writes))
			pre[np++] = sp;
	}
	if (rep)
		pre[np++] = ((t->op & ~1) == 0xA6 || (t->op & ~1) == 0xAE) && chance(g, 50) ?
				    0xF2 : 0xF3;
	if (mem && (t->f & F_LK) && chance(g, 10))
		pre[np++] = 0xF0;
	for (int k = np - 1; k > 0; k--) {
		int j = rnd(g, k + 1);
		u8 x = pre[k];
		pre[k] = pre[j];
		pre[j] = x;
	}
	for (int k = 0; k < np; k++)
		put8(g, pre[k]);
	int prefix_len = g->len;

	/* Opcode. */
	u32 op = t->op;
	if (op == 0x70 || op == 0x0F80 || op == 0x0F90 || op == 0x0F40)
		op += rnd(g, 16);
	if (t->f & F_OR) {
		int r = rnd(g, 8);
		if (r == 4 && (osz > 1 || op == 0x0FC8))
			r = pick_reg_nosp(g);
		if (op == 0x91 && r == 0)
			r = 1;
		op += r;
		if (t->op == 0x91)
			op -= 1;
	} else if (op == 0x50 || op == 0xB0) {
		op += rnd(g, 8);
	}
	if (op > 0xFF) {
		put8(g, 0x0F);
		put8(g, op & 0xFF);
	} else {
		put8(g, op);
	}

	/* Operands. The memory ModRM may insert fixups, which must come
	 * before this instruction: build it aside and splice. */
	if (t->f & F_M) {
		if (mem) {
			u8 head[15];
			int hl = g->len;
			memcpy(head, g->buf, hl);
			g->len = 0;
			if (p67)
				modrm_mem16(g, reg);
			else
				modrm_mem32(g, reg, avoid);
			u8 tail[15];
			int tl = g->len;
			memcpy(tail, g->buf, tl);
			memcpy(g->buf, head, hl);
			memcpy(g->buf + hl, tail, tl);
			g->len = hl + tl;
		} else {
			put8(g, 0xC0 | (reg << 3) | rm);
		}
	}
	(void)prefix_len;

	switch (t->imm) {
	case I_B:
		if (t->sp == S_AAM)
			put8(g, chance(g, 3) ? 0 : rnd(g, 255) + 1);
		else if (t->sp == S_SHXD_I && osz == 2) {
			count = rnd(g, 17) | (rnd(g, 4) << 5);
			put8(g, count);
		} else {
			count = rnd(g, 256);
			if (chance(g, 50))
				count &= 0x1F;
			put8(g, count);
		}
		break;
	case I_BS:
		put8(g, rnd(g, 256));
		break;
	case I_W:
		put16(g, rnd(g, 0x10000));
		break;
	case I_Z:
		if (osz == 2)
			put16(g, rnd(g, 0x10000));
		else if (osz == 4)
			put32(g, (u32)gen_rand(&g->rng));
		else
			put8(g, rnd(g, 256));
		break;
	case I_ENTER:
		put16(g, rnd(g, 64));
		put8(g, rnd(g, 4));
		break;
	}
	if ((t->op == 0xD0 || t->op == 0xD1))
		count = 1;

	/* Specials with operands of their own. */
	switch (t->sp) {
	case S_MOFFS:
		if (p67)
			put16(g, rnd(g, 0x10000));
		else
			put32(g, pick_target(g));
		break;
	case S_JCC8: case S_JMP8: case S_LOOP:
		put8(g, 0);
		break;
	case S_JCC32: case S_JMP32:
		put32(g, 0);
		break;
	}

	int n = commit(g, t->name, kind, osz, false);
	g->hold = false;
	u32 end = s->ins[n].off + s->ins[n].len;
	if (t->sp == S_JCC8 || t->sp == S_JMP8 || t->sp == S_LOOP)
		add_patch(g, end - 1, 1, false, end, rnd(g, 4));
	else if (t->sp == S_JCC32 || t->sp == S_JMP32)
		add_patch(g, end - 4, 4, false, end, rnd(g, 6));
	struct gen_insn *gi = &s->ins[n];
	gi->count_cl = count_cl;
	gi->count_imm = (u8)count;
	gi->rep = rep;
	gi->mem = t->sp == S_MOFFS ? GEN_MEM_MOFFS : mem;
	gi->tmpl = tmpl_index(t);
	if (t->sp == S_BSF)
		gi->dest_reg = reg;
}

/* CALL rel32 / CALL reg with its subroutine: call L; jmp over; L: body; ret; over: */
static void emit_call(struct gen *g, const struct tmpl *t, int budget)
{
	struct gen_stream *s = g->s;
	bool indirect = t->sp == S_CALLR;
	bool far = t->sp == S_CALLF;
	int r = 0;
	u32 abs_at = 0;

	/* Nothing before may jump into the body (its ret would pop junk). */
	settle(g, true);
	if (indirect) {
		r = pick_reg_nosp(g);
		g->hold = true;
		abs_at = fixup_mov(g, r, 0);
		put8(g, 0xFF);
		put8(g, 0xD0 | r);
		s->ins[commit(g, "call_r", K_NONE, 4, false)].tmpl = (s16)(t - tmpls);
		g->hold = false;
	} else if (far) {
		/* CALL FAR 08h:L; the offset is absolute, like the indirect form's */
		put8(g, 0x9A);
		put32(g, 0);
		put16(g, 0x08);
		abs_at = s->size + 1;
		commit(g, "call_far", K_NONE, 4, false);
		indirect = true;	/* patch an absolute address below */
	} else {
		put8(g, 0xE8);
		put32(g, 0);
		abs_at = s->size + 1;
		commit(g, "call_rel", K_NONE, 4, false);
	}
	u32 call_end = s->size;
	/* jmp over (patched when the ret is in) */
	put8(g, 0xE9);
	put32(g, 0);
	u32 jmp_at = s->size + 1;
	commit(g, "jmp32", K_NONE, 4, false);
	u32 jmp_end = s->size;
	/* L is here. */
	if (indirect)
		st32(s->code + abs_at, GEN_CODE + s->size);
	else
		st32(s->code + abs_at, s->size - call_end);
	/* Keep the stream's copy of the insn bytes in step. */
	for (int k = 0; k < s->n; k++) {
		struct gen_insn *gi = &s->ins[k];
		if (abs_at >= gi->off && abs_at < gi->off + gi->len)
			memcpy(gi->bytes, s->code + gi->off, gi->len);
	}
	g->in_call++;
	extern void gen_body(struct gen *g, int n);
	gen_body(g, budget);
	g->in_call--;
	if (t->op == 0xC2 || t->op == 0xCA) {
		put8(g, t->op);
		put16(g, rnd(g, 3) * 4);
		s->ins[commit(g, t->name, K_NONE, 4, false)].tmpl = (s16)(t - tmpls);
	} else if (t->op == 0xCB) {
		put8(g, 0xCB);
		s->ins[commit(g, "retf", K_NONE, 4, false)].tmpl = (s16)(t - tmpls);
	} else {
		put8(g, 0xC3);
		int n = commit(g, "ret", K_NONE, 4, false);
		if (!indirect)
			s->ins[n].tmpl = (s16)(t - tmpls);
	}
	st32(s->code + jmp_at, s->size - jmp_end);
	for (int k = 0; k < s->n; k++) {
		struct gen_insn *gi = &s->ins[k];
		if (jmp_at >= gi->off && jmp_at < gi->off + gi->len)
			memcpy(gi->bytes, s->code + gi->off, gi->len);
	}
}

/* LDS/LES/LFS/LGS/LSS reg, [T]: a fixup stores a flat data selector after
 * the offset at T (MOV WORD [T+2 or 4], sel), then the load reads the
 * pointer through a disp32 operand. */
static void emit_lptr(struct gen *g, const struct tmpl *t)
{
	bool o16 = chance(g, 25);
	u32 target = pick_target(g);
	int reg = pick_reg_nosp(g);

	settle(g, false);
	g->hold = true;
	put8(g, 0x66);
	put8(g, 0xC7);
	put8(g, 0x05);
	put32(g, target + (o16 ? 2 : 4));
	put16(g, gen_selector(g, true));
	commit(g, "fixup_mov_sel", K_NONE, 2, true);
	if (o16)
		put8(g, 0x66);
	if (t->op > 0xFF)
		put8(g, 0x0F);
	put8(g, t->op & 0xFF);
	put8(g, (reg << 3) | 5);
	put32(g, target);
	int n = commit(g, t->name, K_NONE, o16 ? 2 : 4, false);
	g->s->ins[n].tmpl = (s16)(t - tmpls);
	g->s->ins[n].mem = GEN_MEM_MOFFS;
	g->hold = false;
}

/* JMP far 08h:T to a later boundary (the code selector both sides use). */
static void emit_jmpf(struct gen *g, const struct tmpl *t)
{
	settle(g, false);
	put8(g, 0xEA);
	put32(g, 0);
	put16(g, 0x08);
	u32 at = g->s->size + 1;
	g->s->ins[commit(g, "jmp_far", K_NONE, 4, false)].tmpl = (s16)(t - tmpls);
	add_patch(g, at, 4, true, 0, rnd(g, 4));
}

/* JMP reg to a later boundary: mov r, T; jmp r. */
static void emit_jmpr(struct gen *g, const struct tmpl *t)
{
	int r = pick_reg_nosp(g);
	settle(g, false);
	g->hold = true;
	u32 at = fixup_mov(g, r, 0);
	put8(g, 0xFF);
	put8(g, 0xE0 | r);
	g->s->ins[commit(g, "jmp_r", K_NONE, 4, false)].tmpl = (s16)(t - tmpls);
	g->hold = false;
	add_patch(g, at, 4, true, 0, rnd(g, 4));
}

/*
 * Self-modifying code. smc_same: MOV BYTE [next+1], imm8 patches the low
 * byte of the next instruction's immediate (MOV EAX, imm32), which the
 * decoder has already seen in the same block. smc_loop: MOV ECX, 2; L0:
 * CALL SUB; INC BYTE [SUB+1]; LOOP L0; JMP over; then padding to the next
 * page, SUB: MOV EAX, imm32; RET; over: the CALL's block is on another page
 * than SUB, survives SUB's invalidation and calls it again. smc_touch: MOV
 * BYTE [b], v with v the byte already at an executed address b.
 */
static void emit_smc(struct gen *g)
{
	struct gen_stream *s = g->s;
	settle(g, true);
	g->hold = true;
	s->smc++;
	u32 kind = rnd(g, 3);
	if (kind == 1 && s->size + 2 * GEN_PAGE + 64 >= GEN_CODE_MAX)
		kind = 0;
	if (kind == 0) {
		u32 next = s->size + 7;		/* this MOV is 7 bytes long */
		put8(g, 0xC6);
		put8(g, 0x05);
		put32(g, GEN_CODE + next + 1);
		put8(g, rnd(g, 256));
		s->ins[commit(g, "smc_same_patch", K_NONE, 1, false)].smc_write = 1;
		put8(g, 0xB8);
		put32(g, (u32)gen_rand(&g->rng));
		commit(g, "smc_same_patched", K_NONE, 4, false);
	} else if (kind == 1) {
		fixup_mov(g, 1, 2);				/* mov ecx, 2 */
		u32 l0 = s->size;
		put8(g, 0xE8);					/* call SUB */
		put32(g, 0);
		u32 call_at = s->size + 1;
		commit(g, "smc_loop_call", K_NONE, 4, false);
		u32 call_end = s->size;
		put8(g, 0xFE);					/* inc byte [SUB+1] */
		put8(g, 0x05);
		put32(g, 0);
		u32 inc_at = s->size + 2;
		commit(g, "smc_loop_patch", K_NONE, 1, false);
		put8(g, 0xE2);					/* loop L0 */
		put8(g, (u8)(l0 - (s->size + 2)));
		commit(g, "smc_loop", K_NONE, 4, false);
		put8(g, 0xE9);					/* jmp over */
		put32(g, 0);
		u32 jmp_at = s->size + 1;
		commit(g, "smc_loop_jmp", K_NONE, 4, false);
		u32 jmp_end = s->size;
		/* SUB on the next page, never run as padding (the JMP skips it). */
		s->size = ((s->size + GEN_PAGE) & ~(GEN_PAGE - 1)) + rnd(g, 64);
		u32 sub = s->size;
		put8(g, 0xB8);
		put32(g, (u32)gen_rand(&g->rng));
		commit(g, "smc_loop_sub", K_NONE, 4, false);
		put8(g, 0xC3);
		commit(g, "smc_loop_ret", K_NONE, 4, false);
		st32(s->code + call_at, sub - call_end);
		st32(s->code + inc_at, GEN_CODE + sub + 1);
		st32(s->code + jmp_at, s->size - jmp_end);
	} else {
		u32 b = rnd(g, s->size ? s->size : 1);
		put8(g, 0xC6);
		put8(g, 0x05);
		put32(g, GEN_CODE + b);
		put8(g, s->code[b]);
		s->ins[commit(g, "smc_touch", K_NONE, 1, false)].smc_write = 1;
	}
	g->hold = false;
}

static int total_weight(void)
{
	int w = 0;
	for (int k = 0; k < NT; k++)
		w += tmpls[k].weight;
	return w;
}

static const struct tmpl *pick(struct gen *g)
{
	static int tw;
	if (!tw)
		tw = total_weight();
	/* With the x87 mixed in: a third of the instructions. */
	if (gen_fpu && rnd(g, 3) == 0)
		return &ftmpls[rnd(g, NFT)];
	int x = rnd(g, tw);
	for (int k = 0; k < NT; k++) {
		x -= tmpls[k].weight;
		if (x < 0)
			return &tmpls[k];
	}
	return &tmpls[0];
}

/* Room left: the longest thing emitted at once (a call with its body of
 * up to 8 instructions with fixups) must still fit. */
static bool room(struct gen *g)
{
	return g->s->n + 40 < GEN_MAX_INSNS && g->s->size + 600 < GEN_CODE_MAX;
}

void gen_body(struct gen *g, int n)
{
	int start = g->s->n;
	while (g->s->n - start < n && room(g)) {
		if (!g->in_call && chance(g, 1)) {
			emit_smc(g);
			continue;
		}
		const struct tmpl *t = pick(g);
		if (g->in_call && (t->f & F_STK))
			continue;
		if (t->sp == S_LPTR) {
			if (g->in_call && t->op == 0x0FB2)
				continue;	/* LSS moves ESP */
			emit_lptr(g, t);
		} else if (t->sp == S_JMPF) {
			emit_jmpf(g, t);
		} else if (t->sp == S_CALL || t->sp == S_CALLR || t->sp == S_CALLF) {
			if (g->in_call)
				continue;
			emit_call(g, t, 1 + rnd(g, 8));
		} else if (t->sp == S_JMPR) {
			emit_jmpr(g, t);
		} else {
			emit(g, t);
		}
	}
}

void gen_stream(struct gen_stream *s, u64 seed, u64 idx, int n_insns)
{
	struct gen g;
	memset(&g, 0, sizeof(g));
	memset(s, 0, sizeof(*s));
	g.s = s;
	g.rng.s = seed ^ (idx * 0xD1B54A32D192ED03ull);
	gen_rand(&g.rng);

	for (int r = 0; r < 8; r++) {
		u32 v = (u32)gen_rand(&g.rng);
		switch (rnd(&g, 4)) {
		case 0: v &= 0xFF; break;		/* small values hit the edges */
		case 1: v = (u32)(s32)(s8)v; break;
		default: break;
		}
		s->regs[r] = v;
	}
	s->regs[R_ESP] = GEN_STACK_TOP - 4 * rnd(&g, 64);
	s->eflags = 0x2 | (gen_rand(&g.rng) & (FLAGS_ARITH | FLAG_DF));

	gen_body(&g, n_insns);
	settle(&g, true);
	/* Refresh the recorded bytes of patched instructions. */
	for (int k = 0; k < s->n; k++)
		memcpy(s->ins[k].bytes, s->code + s->ins[k].off, s->ins[k].len);
}
