/*
 * ALU flags at the edges, with the host CPU as the oracle: every operation
 * (ADD OR ADC SBB AND SUB XOR CMP, INC DEC NEG, SHL SHR SAR ROL ROR RCL RCR
 * by CL) at 8, 16 and 32 bits runs on the guest as "op eax/ax/al, ebx/bx/bl"
 * (or "op ..., cl") followed by PUSHFD, and on the host with the same
 * instruction; results and the flags the SDM defines for that case must
 * agree. Operands are the boundary values (0, 1, sign boundaries, all ones)
 * plus a few others, with carry in both states.
 */
#include "tests/unit/cpu_rig.h"

TestSuite(cpu_alu, .init = rig_setup, .fini = rig_teardown);

static const u32 edges[] = {
	0, 1, 2, 0x0F, 0x10, 0x7F, 0x80, 0x81, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
	0x7FFFFFFF, 0x80000000u, 0x80000001u, 0xFFFFFFFFu, 0x12345678, 0xFEDCBA98u,
};
static const u32 counts[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33 };

enum kind { K_ALU, K_UNARY, K_SHIFT };

struct op {
	const char *name;
	enum kind kind;
	u8 opc;		/* ALU: base opcode; unary/shift: ModRM.reg for FE/FF, F6/F7, D2/D3 */
	u8 grp;		/* unary: 0xFE (inc/dec) or 0xF6 (neg) */
	u32 defined;	/* flags the SDM defines (for shifts: with count 1) */
};

#define ALL6 (FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF)
#define LOGIC (FLAG_CF | FLAG_PF | FLAG_ZF | FLAG_SF | FLAG_OF)

static const struct op ops[] = {
	{ "add", K_ALU, 0x00, 0, ALL6 }, { "or", K_ALU, 0x08, 0, LOGIC },
	{ "adc", K_ALU, 0x10, 0, ALL6 }, { "sbb", K_ALU, 0x18, 0, ALL6 },
	{ "and", K_ALU, 0x20, 0, LOGIC }, { "sub", K_ALU, 0x28, 0, ALL6 },
	{ "xor", K_ALU, 0x30, 0, LOGIC }, { "cmp", K_ALU, 0x38, 0, ALL6 },
	{ "inc", K_UNARY, 0, 0xFE, ALL6 }, { "dec", K_UNARY, 1, 0xFE, ALL6 },
	{ "neg", K_UNARY, 3, 0xF6, ALL6 },
	{ "rol", K_SHIFT, 0, 0, FLAG_CF | FLAG_OF }, { "ror", K_SHIFT, 1, 0, FLAG_CF | FLAG_OF },
	{ "rcl", K_SHIFT, 2, 0, FLAG_CF | FLAG_OF }, { "rcr", K_SHIFT, 3, 0, FLAG_CF | FLAG_OF },
	{ "shl", K_SHIFT, 4, 0, LOGIC }, { "shr", K_SHIFT, 5, 0, LOGIC },
	{ "sar", K_SHIFT, 7, 0, LOGIC },
};

/* ---- the host oracle ---- */

#define HOST_BIN(insn, sfx, reg) \
	static u32 host_##insn##sfx(u32 a, u32 b, int cf, u32 *fl) \
	{ \
		u64 f; \
		__asm__ volatile("bt $0, %q[cf]\n\t" #insn #sfx " %" reg "[b], %" reg "[a]\n\t" \
				 "pushfq\n\tpopq %[f]" \
				 : [a] "+r"(a), [f] "=r"(f) \
				 : [b] "r"(b), [cf] "r"((u64)cf) : "cc"); \
		*fl = f; \
		return a; \
	}
#define HOST_BIN3(insn) HOST_BIN(insn, b, "b") HOST_BIN(insn, w, "w") HOST_BIN(insn, l, "k")
HOST_BIN3(add) HOST_BIN3(or) HOST_BIN3(adc) HOST_BIN3(sbb)
HOST_BIN3(and) HOST_BIN3(sub) HOST_BIN3(xor) HOST_BIN3(cmp)

#define HOST_UN(insn, sfx, reg) \
	static u32 host_##insn##sfx(u32 a, u32 b, int cf, u32 *fl) \
	{ \
		u64 f; \
		(void)b; \
		__asm__ volatile("bt $0, %q[cf]\n\t" #insn #sfx " %" reg "[a]\n\t" \
				 "pushfq\n\tpopq %[f]" \
				 : [a] "+r"(a), [f] "=r"(f) : [cf] "r"((u64)cf) : "cc"); \
		*fl = f; \
		return a; \
	}
#define HOST_UN3(insn) HOST_UN(insn, b, "b") HOST_UN(insn, w, "w") HOST_UN(insn, l, "k")
HOST_UN3(inc) HOST_UN3(dec) HOST_UN3(neg)

#define HOST_SH(insn, sfx, reg) \
	static u32 host_##insn##sfx(u32 a, u32 b, int cf, u32 *fl) \
	{ \
		u64 f; \
		__asm__ volatile("bt $0, %q[cf]\n\t" #insn #sfx " %%cl, %" reg "[a]\n\t" \
				 "pushfq\n\tpopq %[f]" \
				 : [a] "+r"(a), [f] "=r"(f) : "c"(b), [cf] "r"((u64)cf) : "cc"); \
		*fl = f; \
		return a; \
	}
#define HOST_SH3(insn) HOST_SH(insn, b, "b") HOST_SH(insn, w, "w") HOST_SH(insn, l, "k")
HOST_SH3(rol) HOST_SH3(ror) HOST_SH3(rcl) HOST_SH3(rcr) HOST_SH3(shl) HOST_SH3(shr)
HOST_SH3(sar)

typedef u32 host_fn(u32 a, u32 b, int cf, u32 *fl);
#define ROW(insn) { host_##insn##b, host_##insn##w, host_##insn##l }
static host_fn *const host[][3] = {
	ROW(add), ROW(or), ROW(adc), ROW(sbb), ROW(and), ROW(sub), ROW(xor), ROW(cmp),
	ROW(inc), ROW(dec), ROW(neg),
	ROW(rol), ROW(ror), ROW(rcl), ROW(rcr), ROW(shl), ROW(shr), ROW(sar),
};

/* ---- the guest ---- */

/* Run one operation on the guest; returns the result (EAX) and flags. */
static u32 guest(const struct op *o, int size, u32 a, u32 b, int cf, u32 *fl)
{
	u8 code[64];
	int n = 0;
	code[n++] = 0xB8;			/* mov eax, a */
	st32(code + n, a);
	n += 4;
	code[n++] = 0xBB;			/* mov ebx, b */
	st32(code + n, b);
	n += 4;
	code[n++] = 0xB9;			/* mov ecx, b */
	st32(code + n, b);
	n += 4;
	code[n++] = cf ? 0xF9 : 0xF8;		/* stc / clc */
	if (size == 2)
		code[n++] = 0x66;
	int w = size == 1 ? 0 : 1;
	switch (o->kind) {
	case K_ALU:
		code[n++] = o->opc + w;
		code[n++] = 0xD8;		/* ModRM: eax, ebx */
		break;
	case K_UNARY:
		code[n++] = o->grp + w;
		code[n++] = 0xC0 | (o->opc << 3);
		break;
	case K_SHIFT:
		code[n++] = 0xD2 + w;
		code[n++] = 0xC0 | (o->opc << 3);
		break;
	}
	code[n++] = 0x9C;			/* pushfd */
	code[n++] = 0x5A;			/* pop edx */
	code[n++] = 0xF4;			/* hlt */
	rig_code(0x1000, code, n);
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT, "%s did not reach HLT", o->name);
	*fl = rig->regs[R_EDX];
	return rig->regs[R_EAX];
}

/* Flags that the SDM defines for this case. */
static u32 defined_flags(const struct op *o, int size, u32 b)
{
	if (o->kind != K_SHIFT)
		return o->defined;
	int bits = size * 8;
	u32 n = b & 0x1F;
	if (n == 0)
		return FLAG_CF;			/* nothing changes: CF is still the carry in */
	u32 d = o->defined;
	if (!strcmp(o->name, "rcl") || !strcmp(o->name, "rcr")) {
		/* The rotate is by n mod (size+1). */
		if (n % (bits + 1) == 0)
			return FLAG_CF;
		if (n % (bits + 1) != 1)
			d &= ~FLAG_OF;
		return d;
	}
	if (!strcmp(o->name, "rol") || !strcmp(o->name, "ror")) {
		/* The other flags are left alone (the host's differ before the op). */
		if (n != 1)
			d &= ~FLAG_OF;
		return d;
	}
	/* SHL/SHR/SAR: OF only for 1; CF undefined once the count passes the size. */
	if (n != 1)
		d &= ~FLAG_OF;
	if (n >= (u32)bits && strcmp(o->name, "sar"))
		d &= ~FLAG_CF;
	return d;
}

static void check_op(size_t k, int size)
{
	const struct op *o = &ops[k];
	u32 m = size_mask(size);
	for (size_t x = 0; x < ARRAY_SIZE(edges); x++) {
		size_t ny = o->kind == K_SHIFT ? ARRAY_SIZE(counts) : ARRAY_SIZE(edges);
		for (size_t y = 0; y < ny; y++) {
			u32 a = edges[x];
			u32 b = o->kind == K_SHIFT ? counts[y] : edges[y];
			for (int cf = 0; cf < 2; cf++) {
				u32 hf, gf;
				u32 hr = host[k][size == 1 ? 0 : size == 2 ? 1 : 2](a, b, cf, &hf);
				u32 gr = guest(o, size, a, b, cf, &gf);
				u32 d = defined_flags(o, size, b);
				bool result_defined = !(o->kind == K_SHIFT && size < 4 &&
							(b & 0x1F) >= (u32)size * 8 &&
							(!strcmp(o->name, "shl") ||
							 !strcmp(o->name, "shr")));
				if (result_defined)
					cr_assert_eq(gr & m, hr & m,
						     "%s/%d a=%08x b=%08x cf=%d: result %x, host %x",
						     o->name, size * 8, a, b, cf, gr & m, hr & m);
				cr_assert_eq(gf & d, hf & d,
					     "%s/%d a=%08x b=%08x cf=%d: flags %03x, host %03x (defined %03x)",
					     o->name, size * 8, a, b, cf, gf & d, hf & d, d);
			}
		}
	}
}

Test(cpu_alu, add_or_adc_sbb) { for (size_t k = 0; k < 4; k++) for (int s = 1; s <= 4; s *= 2) check_op(k, s); }
Test(cpu_alu, and_sub_xor_cmp) { for (size_t k = 4; k < 8; k++) for (int s = 1; s <= 4; s *= 2) check_op(k, s); }
Test(cpu_alu, inc_dec_neg) { for (size_t k = 8; k < 11; k++) for (int s = 1; s <= 4; s *= 2) check_op(k, s); }
Test(cpu_alu, rotates) { for (size_t k = 11; k < 15; k++) for (int s = 1; s <= 4; s *= 2) check_op(k, s); }
Test(cpu_alu, shifts) { for (size_t k = 15; k < ARRAY_SIZE(ops); k++) for (int s = 1; s <= 4; s *= 2) check_op(k, s); }

/* Upper bits of EAX must be untouched by 8- and 16-bit operations. */
Test(cpu_alu, narrow_ops_keep_upper_bits)
{
	for (int s = 1; s <= 2; s *= 2) {
		u32 fl;
		u32 r = guest(&ops[0], s, 0xA5A5FFFFu, 1, 0, &fl);
		cr_assert_eq(r & ~size_mask(s), 0xA5A5FFFFu & ~size_mask(s));
	}
}

/* Multiply and divide: CF=OF rules and #DE in real mode. */
Test(cpu_alu, mul_imul_div)
{
	/* mov eax,0x10000; mov ebx,0x10000; mul ebx; pushfd; pop ecx; hlt */
	static const u8 mul[] = { 0xB8, 0, 0, 1, 0, 0xBB, 0, 0, 1, 0, 0xF7, 0xE3, 0x9C, 0x59, 0xF4 };
	rig_code(0x1000, mul, sizeof(mul));
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX], 0);
	cr_assert_eq(rig->regs[R_EDX], 1);
	cr_assert_eq(rig->regs[R_ECX] & (FLAG_CF | FLAG_OF), FLAG_CF | FLAG_OF);
	/* imul eax,ebx,-1 with eax=0x80000000 style overflow: imul ecx,ebx,-1 (ebx=2) fits. */
	static const u8 imul[] = { 0xBB, 2, 0, 0, 0, 0x6B, 0xCB, 0xFF, 0x9C, 0x5A, 0xF4 };
	rig_code(0x1000, imul, sizeof(imul));
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_ECX], 0xFFFFFFFEu);
	cr_assert_eq(rig->regs[R_EDX] & (FLAG_CF | FLAG_OF), 0);
	/* Real mode: div bl with bl=0 -> #DE, handler at 0:0x600 (hlt); the
	 * pushed IP is the DIV itself (a fault). */
	static const u8 div[] = { 0xB3, 0x00, 0xF6, 0xF3, 0xF4 };
	rig_code(0x500, div, sizeof(div));
	rig_bus.ram[0x600] = 0xF4;
	rig_ivt(0, 0x600);
	rig_real(0, 0x500);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->eip, 0x601);
	cr_assert_eq(ld16(rig_bus.ram + 0xF000 - 6), 0x502, "pushed IP %x", ld16(rig_bus.ram + 0xF000 - 6));
	/* IDIV of -32768*65536... : dx:ax = 0x80000000 / -1 overflows -> #DE. */
	static const u8 idiv[] = { 0xBA, 0x00, 0x80, 0xB8, 0, 0, 0xBB, 0xFF, 0xFF, 0xF7, 0xFB, 0xF4 };
	rig_code(0x500, idiv, sizeof(idiv));
	rig_real(0, 0x500);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->eip, 0x601);
}

/* BCD: DAA after 0x19 + 0x28 = 0x41 -> 0x47; AAA on 0x0F. */
Test(cpu_alu, bcd)
{
	static const u8 code[] = {
		0xB0, 0x19, 0x04, 0x28, 0x27,		/* mov al,19h; add al,28h; daa */
		0x88, 0xC3,				/* mov bl, al */
		0x66, 0xB8, 0x0F, 0x00, 0x37,		/* mov ax,0Fh; aaa */
		0xF4,
	};
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EBX] & 0xFF, 0x47);
	cr_assert_eq(rig->regs[R_EAX] & 0xFFFF, 0x0105);
}

/* Bit scans and tests, SHLD/SHRD, BSWAP, XADD, CMPXCHG. */
Test(cpu_alu, bits_and_486_ops)
{
	static const u8 code[] = {
		0xB8, 0x00, 0x01, 0x00, 0x80,		/* mov eax, 80000100h */
		0x0F, 0xBC, 0xD8,			/* bsf ebx, eax -> 8 */
		0x0F, 0xBD, 0xC8,			/* bsr ecx, eax -> 31 */
		0x0F, 0xC8,				/* bswap eax -> 00010080h */
		0xBA, 0x01, 0x00, 0x00, 0x00,		/* mov edx, 1 */
		0x0F, 0xC1, 0xD0,			/* xadd eax, edx: eax=00010081, edx=00010080 */
		0xBE, 0x00, 0x00, 0x00, 0xF0,		/* mov esi, F0000000h */
		0x0F, 0xA4, 0xF7, 0x04,			/* shld edi, esi, 4 (edi=0) -> 0000000F */
		0x0F, 0xB1, 0xD6,			/* cmpxchg esi, edx: eax != esi -> eax = esi */
		0xF4,
	};
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	rig->regs[R_EDI] = 0;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EBX], 8);
	cr_assert_eq(rig->regs[R_ECX], 31);
	cr_assert_eq(rig->regs[R_EDX], 0x00010080u);
	cr_assert_eq(rig->regs[R_EDI], 0xF);
	cr_assert_eq(rig->regs[R_EAX], 0xF0000000u);
	cr_assert_eq(cpu_get_eflags(rig) & FLAG_ZF, 0);
}

/* ROL/ROR keep SF ZF AF PF of the operation before them (lazily). */
Test(cpu_alu, rotates_keep_other_flags)
{
	static const u8 code[] = {
		0x31, 0xC0,			/* xor eax, eax: ZF PF */
		0xBB, 0x01, 0x00, 0x00, 0x80,	/* mov ebx, 80000001h */
		0xD1, 0xC3,			/* rol ebx, 1: CF=1, OF=1^0... */
		0x9C, 0x5A,			/* pushfd; pop edx */
		0x74, 0x01,			/* jz +1 (taken: ZF kept) */
		0xF4,				/* (skipped) */
		0xC1, 0xCB, 0x04,		/* ror ebx, 4 */
		0xC1, 0xC3, 0x04,		/* rol ebx, 4 (two rotates in a row) */
		0x83, 0xD1, 0x00,		/* adc ecx, 0: CF from the last rotate */
		0x9C, 0x5E,			/* pushfd; pop esi */
		0xF4,
	};
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	rig->regs[R_ECX] = 0;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->eip, 0x101A);
	u32 f = rig->regs[R_EDX];
	cr_assert_eq(rig->regs[R_EBX], 3);
	cr_assert(f & FLAG_ZF);
	cr_assert(f & FLAG_PF);
	cr_assert(!(f & FLAG_SF));
	cr_assert(f & FLAG_CF);
	/* rol by 1: OF = MSB(result) ^ CF = 0 ^ 1 */
	cr_assert(f & FLAG_OF);
	/* rol ebx,4 of 30000000h -> 3: CF = bit 0 = 1, so ADC adds 1. */
	cr_assert_eq(rig->regs[R_ECX], 1);
}
