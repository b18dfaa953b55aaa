/*
 * The path translator for x86-64 hosts: a decoded block becomes a straight
 * run of calls to its instructions' handlers (the "path JIT" of blink).
 *
 *   entry:  endbr64; push rbx; push r12; sub rsp, 8
 *           mov rbx, rdi                  ; struct cpu *
 *           mov r12, [rbx + clock]        ; struct clock *
 *   per instruction k of n:
 *           mov rdi, rbx
 *           mov rsi, &insns[k]
 *           call insns[k].fn              ; rel32 when in reach, else via rax
 *           inc qword [r12 + icount]
 *           cmp qword [rbx + ins_end], 0  ; not after the last one
 *           je exit
 *   exit:   add rsp, 8; pop r12; pop rbx; ret
 *
 * This is the interpreter's loop (cpu.c run_blocks) unrolled: the same
 * handler for each instruction, icount counted after each one that
 * completes, and the same early exit when a handler ends the block
 * (cpu_end_block sets ins_end to NULL; the only other value it takes while
 * a block runs is the end run_blocks gave it, which the last instruction
 * reaches anyway). A fault longjmps out of the handler to cpu_run, through
 * this frame, exactly as it does out of the interpreter's loop: rbx and
 * r12 come back from the jmp_buf, and icount has not counted the
 * faulting instruction. The run loop keeps everything else (links,
 * interrupts, limits, breakpoints, statistics).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu/jit/jit.h"
#include "emu/cpu/ops.h"

#if JIT_HOST

#define JIT_CACHE_SIZE (16u << 20)
/* Bytes of code per instruction at most, and for the entry and exit. */
#define INSN_CODE_MAX 224
#define FRAME_CODE_MAX 320

struct jit {
	struct jit_head head;	/* first: jit_generation() reads it */
	struct jit_cache *cache;
	bool inline_ops;	/* emit the inline forms (LUCID_JIT_INLINE=0: calls only) */
	bool chain;		/* patch chain slots (LUCID_JIT_CHAIN=0: never) */
	struct jit_stats stats;
};

struct jit *jit_create(void)
{
	struct jit *j = calloc(1, sizeof(*j));
	if (!j)
		return NULL;
	const char *env = getenv("LUCID_JIT_INLINE");
	j->inline_ops = !env || strcmp(env, "0");
	env = getenv("LUCID_JIT_CHAIN");
	j->chain = !env || strcmp(env, "0");
	/* LUCID_JIT_CACHE_KB: a smaller cache, so tests see it fill and flush. */
	env = getenv("LUCID_JIT_CACHE_KB");
	size_t size = env && atoi(env) > 0 ? (size_t)atoi(env) << 10 : JIT_CACHE_SIZE;
	j->cache = jit_cache_create(size);
	if (!j->cache) {
		free(j);
		return NULL;
	}
	j->stats.dual = jit_cache_dual(j->cache);
	j->chain = j->chain && j->stats.dual;	/* patching needs the writable view */
	return j;
}

void jit_destroy(struct jit *j)
{
	if (!j)
		return;
	jit_cache_destroy(j->cache);
	free(j);
}

void jit_flush(struct jit *j)
{
	jit_cache_reset(j->cache);
	j->head.gen++;
	j->stats.flushes++;
}

const struct jit_stats *jit_get_stats(const struct jit *j)
{
	return &j->stats;
}

/* ---- a tiny x86-64 assembler: just the forms above ---- */

struct asm_buf {
	u8 *p;			/* where the next byte goes (writable view) */
	u8 *start;
	uintptr_t exec;		/* the address start will run at */
};

static void b1(struct asm_buf *a, u8 v) { *a->p++ = v; }
static void b4(struct asm_buf *a, u32 v) { memcpy(a->p, &v, 4); a->p += 4; }
static void b8(struct asm_buf *a, u64 v) { memcpy(a->p, &v, 8); a->p += 8; }
static uintptr_t here(const struct asm_buf *a) { return a->exec + (a->p - a->start); }

static void emit_call(struct asm_buf *a, const void *fn)
{
	intptr_t rel = (intptr_t)fn - (intptr_t)(here(a) + 5);
	if (rel == (int32_t)rel) {
		b1(a, 0xE8);			/* call rel32 */
		b4(a, (u32)rel);
	} else {
		b1(a, 0x48); b1(a, 0xB8);	/* mov rax, imm64 */
		b8(a, (u64)(uintptr_t)fn);
		b1(a, 0xFF); b1(a, 0xD0);	/* call rax */
	}
}

/* ---- inline forms: 32-bit register-only MOV and ALU ----
 *
 * For these handlers the code below does what the handler does, on the
 * same fields: the destination register, the lazy flags (lf.res, a, b, op,
 * size; lf.cf untouched, as alu() leaves it) and EIP += len. They cannot
 * fault or end a block, so no exit check follows them, and their EIP and
 * icount steps are added up and stored before the next call or the exit
 * (no handler runs in between to read them).
 */
enum inl_kind { INL_NONE, INL_MOV, INL_ALU };
enum inl_form { F_RM_R, F_R_RM, F_A_I, F_RM_I, F_R_I };

struct inl {
	enum inl_kind kind;
	enum inl_form form;
	u8 lf_op;		/* ALU: enum lf_op */
	u8 x86_op;		/* ALU: the host opcode of "OP eax, ecx" */
	bool store;		/* ALU: writes its result (all but CMP) */
};

static struct inl inline_form(const struct insn *i)
{
	static const struct {
		insn_fn *fn[4];		/* rm_r, r_rm, a_i, rm_i */
		u8 lf_op, x86_op;
		bool store;
	} alu[] = {
		{ { op_add_rm_r_32, op_add_r_rm_32, op_add_a_i_32, op_add_rm_i_32 }, LF_ADD, 0x01, true },
		{ { op_or_rm_r_32, op_or_r_rm_32, op_or_a_i_32, op_or_rm_i_32 }, LF_LOGIC, 0x09, true },
		{ { op_and_rm_r_32, op_and_r_rm_32, op_and_a_i_32, op_and_rm_i_32 }, LF_LOGIC, 0x21, true },
		{ { op_sub_rm_r_32, op_sub_r_rm_32, op_sub_a_i_32, op_sub_rm_i_32 }, LF_SUB, 0x29, true },
		{ { op_xor_rm_r_32, op_xor_r_rm_32, op_xor_a_i_32, op_xor_rm_i_32 }, LF_LOGIC, 0x31, true },
		{ { op_cmp_rm_r_32, op_cmp_r_rm_32, op_cmp_a_i_32, op_cmp_rm_i_32 }, LF_SUB, 0x29, false },
	};
	struct inl r = { INL_NONE, F_RM_R, 0, 0, false };
	if (i->fn == op_mov_r_i_32)
		return (struct inl){ INL_MOV, F_R_I, 0, 0, true };
	if (i->fn == op_mov_rm_r_32 && i->mod3)
		return (struct inl){ INL_MOV, F_RM_R, 0, 0, true };
	if (i->fn == op_mov_r_rm_32 && i->mod3)
		return (struct inl){ INL_MOV, F_R_RM, 0, 0, true };
	for (size_t k = 0; k < ARRAY_SIZE(alu); k++) {
		for (int f = 0; f < 4; f++) {
			if (i->fn != alu[k].fn[f])
				continue;
			if ((f == F_RM_R || f == F_R_RM || f == F_RM_I) && !i->mod3)
				return r;
			return (struct inl){ INL_ALU, (enum inl_form)f, alu[k].lf_op, alu[k].x86_op,
					     alu[k].store };
		}
	}
	return r;
}

/* mov e?x, [rbx + d32] / mov [rbx + d32], e?x (modrm reg field: eax 0, ecx 1, edx 2). */
static void ld_reg(struct asm_buf *a, int host, u32 off)
{
	b1(a, 0x8B); b1(a, 0x83 | host << 3); b4(a, off);
}

static void st_reg(struct asm_buf *a, int host, u32 off)
{
	b1(a, 0x89); b1(a, 0x83 | host << 3); b4(a, off);
}

static void emit_inline(struct asm_buf *a, const struct insn *i, struct inl f)
{
	const u32 regs = offsetof(struct cpu, regs), lf = offsetof(struct cpu, lf);
	int dst, src;		/* guest registers; src -1: the immediate */
	switch (f.form) {
	case F_RM_R: dst = i->rm; src = i->reg; break;
	case F_R_RM: dst = i->reg; src = i->rm; break;
	case F_A_I: dst = R_EAX; src = -1; break;
	case F_RM_I: dst = i->rm; src = -1; break;
	default: dst = i->reg; src = -1; break;
	}
	if (f.kind == INL_MOV) {
		if (src < 0) {
			b1(a, 0xC7); b1(a, 0x83); b4(a, regs + 4 * dst); b4(a, i->imm);
		} else {
			ld_reg(a, 0, regs + 4 * src);
			st_reg(a, 0, regs + 4 * dst);
		}
		return;
	}
	ld_reg(a, 0, regs + 4 * dst);				/* eax = a */
	if (src < 0) {
		b1(a, 0xB9); b4(a, i->imm);			/* mov ecx, imm32 */
	} else {
		ld_reg(a, 1, regs + 4 * src);			/* ecx = b */
	}
	b1(a, 0x89); b1(a, 0xC2);				/* mov edx, eax */
	b1(a, f.x86_op); b1(a, 0xC8);				/* OP eax, ecx */
	st_reg(a, 0, lf + offsetof(struct lazy_flags, res));
	st_reg(a, 2, lf + offsetof(struct lazy_flags, a));
	st_reg(a, 1, lf + offsetof(struct lazy_flags, b));
	b1(a, 0xC6); b1(a, 0x83); b4(a, lf + offsetof(struct lazy_flags, op)); b1(a, f.lf_op);
	b1(a, 0xC6); b1(a, 0x83); b4(a, lf + offsetof(struct lazy_flags, size)); b1(a, 4);
	if (f.store)
		st_reg(a, 0, regs + 4 * dst);
}

/* ---- the soft TLB inline: 32-bit MOV between a register and memory ----
 *
 * For MOV r32, m32 and MOV m32, r32 with 32-bit addressing, the code does
 * what the handler's fast path does (insn_ea, seg_lin, lin_read/lin_write
 * on a TLB hit): the effective address, the segment's access and limit
 * check, the TLB tag for the last byte's page, then one host load or store,
 * the register and EIP += len. Anything else (a segment check failing, a
 * TLB miss, a page crossing, a code page, MMIO, a data breakpoint's page,
 * none of which have a tag in the TLB) calls the handler, which redoes the
 * whole instruction from unchanged state: faults, #GP/#SS/#PF and their
 * error codes come from the interpreter's own code. Returns the jumps to
 * the handler's call (rel8 is not enough: they are patched as rel32).
 */
static bool mem_form(const struct insn *i, bool *store)
{
	if (i->mod3 || !i->asz32)
		return false;
	if (i->fn == op_mov_r_rm_32)
		*store = false;
	else if (i->fn == op_mov_rm_r_32)
		*store = true;
	else
		return false;
	return true;
}

static int emit_mem_fast(struct asm_buf *a, const struct insn *i, bool store, u8 **slow)
{
	const u32 regs = offsetof(struct cpu, regs);
	const u32 sg = offsetof(struct cpu, seg) + i->seg * sizeof(struct seg);
	int ns = 0;
	/* eax = the offset */
	ld_reg(a, 0, regs + 4 * i->base);
	if (i->index != R_NONE) {
		ld_reg(a, 1, regs + 4 * i->index);
		if (i->scale) {
			b1(a, 0xC1); b1(a, 0xE1); b1(a, i->scale);	/* shl ecx, scale */
		}
		b1(a, 0x01); b1(a, 0xC8);				/* add eax, ecx */
	}
	if (i->disp) {
		b1(a, 0x05); b4(a, i->disp);				/* add eax, disp */
	}
	/* the segment: access allowed, lo <= off, off <= hi, hi - off >= 3 */
	b1(a, 0xF6); b1(a, 0x83); b4(a, sg + offsetof(struct seg, ok));
	b1(a, store ? SEG_OK_WRITE : SEG_OK_READ);		/* test byte [rbx+d32], imm8 */
	b1(a, 0x0F); b1(a, 0x84); b4(a, 0); slow[ns++] = a->p;	/* jz slow */
	b1(a, 0x3B); b1(a, 0x83); b4(a, sg + offsetof(struct seg, lo));	/* cmp eax, lo */
	b1(a, 0x0F); b1(a, 0x82); b4(a, 0); slow[ns++] = a->p;	/* jb slow */
	ld_reg(a, 2, sg + offsetof(struct seg, hi));		/* edx = hi */
	b1(a, 0x29); b1(a, 0xC2);				/* sub edx, eax */
	b1(a, 0x0F); b1(a, 0x82); b4(a, 0); slow[ns++] = a->p;	/* jb slow (off > hi) */
	b1(a, 0x83); b1(a, 0xFA); b1(a, 3);			/* cmp edx, 3 */
	b1(a, 0x0F); b1(a, 0x82); b4(a, 0); slow[ns++] = a->p;	/* jb slow */
	b1(a, 0x03); b1(a, 0x83); b4(a, sg + offsetof(struct seg, base));	/* add eax, base: lin */
	/* rdx = &cpu->tlb[(lin >> 12) & (TLB_SIZE - 1)] */
	b1(a, 0x48); b1(a, 0x8B); b1(a, 0x93); b4(a, offsetof(struct cpu, tlb));	/* mov rdx, [rbx+d32] */
	b1(a, 0x89); b1(a, 0xC1);				/* mov ecx, eax */
	b1(a, 0xC1); b1(a, 0xE9); b1(a, PAGE_SHIFT);		/* shr ecx, 12 */
	b1(a, 0x81); b1(a, 0xE1); b4(a, TLB_SIZE - 1);		/* and ecx, imm32 */
	b1(a, 0x69); b1(a, 0xC9); b4(a, sizeof(struct tlb_entry));	/* imul ecx, ecx, imm32 */
	b1(a, 0x48); b1(a, 0x01); b1(a, 0xCA);			/* add rdx, rcx */
	/* the tag of the last byte's page */
	b1(a, 0x8D); b1(a, 0x48); b1(a, 3);			/* lea ecx, [rax+3] */
	b1(a, 0x81); b1(a, 0xE1); b4(a, PAGE_MASK);		/* and ecx, PAGE_MASK */
	b1(a, 0x3B); b1(a, 0x4A);				/* cmp ecx, [rdx+d8] */
	b1(a, store ? offsetof(struct tlb_entry, tag_write) : offsetof(struct tlb_entry, tag_read));
	b1(a, 0x0F); b1(a, 0x85); b4(a, 0); slow[ns++] = a->p;	/* jne slow */
	b1(a, 0x48); b1(a, 0x03); b1(a, 0x42); b1(a, offsetof(struct tlb_entry, host));	/* add rax, [rdx+d8] */
	if (store) {
		ld_reg(a, 1, regs + 4 * i->reg);
		b1(a, 0x89); b1(a, 0x08);				/* mov [rax], ecx */
	} else {
		b1(a, 0x8B); b1(a, 0x00);				/* mov eax, [rax] */
		st_reg(a, 0, regs + 4 * i->reg);
	}
	b1(a, 0x83); b1(a, 0x83); b4(a, offsetof(struct cpu, eip)); b1(a, i->len);	/* add dword [rbx+d32], imm8 */
	return ns;
}

/* Store the EIP and icount steps of the inline instructions before. */
static void emit_pending(struct asm_buf *a, u32 *eip_step, u32 *icount_step)
{
	if (*eip_step) {
		b1(a, 0x81); b1(a, 0x83); b4(a, offsetof(struct cpu, eip)); b4(a, *eip_step);
	}
	if (*icount_step) {					/* add qword [r12+d32], imm32 */
		b1(a, 0x49); b1(a, 0x81); b1(a, 0x84); b1(a, 0x24);
		b4(a, offsetof(struct clock, icount)); b4(a, *icount_step);
	}
	*eip_step = *icount_step = 0;
}

/*
 * Every translation starts with a header (data, never executed) giving
 * where its chain entry and its two chain slots are, so that jit_link can
 * find them from the translation's address.
 */
struct jit_header {
	u32 chain;		/* offset of the chain entry from the entry */
	u32 slot[2];		/* offsets of the chain slots */
	u32 next_slot;		/* the slot jit_link replaces next */
};
#define HEADER_SIZE 16
/* A slot: cmp eax, lin; jne 1f; mov rdx, gen; cmp rdx, rcx; jne 1f; jmp to; 1: */
#define SLOT_SIZE 27
#define SLOT_LIN 1
#define SLOT_GEN 9
#define SLOT_REL 23

/* Jumps to the return (rel32 fields patched once its address is known). */
#define MAX_FIXUPS (BLOCK_INSNS_MAX + 24)
#define BLOCK_INSNS_MAX 64

struct fixups {
	u8 *at[MAX_FIXUPS];
	int n;
};

/* jcc rel32 (cc: 0x84 je, 0x85 jne, 0x82 jc, 0x87 ja) to the return. */
static void jcc_ret(struct asm_buf *a, struct fixups *f, u8 cc)
{
	b1(a, 0x0F); b1(a, cc); b4(a, 0);
	f->at[f->n++] = a->p;
}

/* cmp byte [rbx+d32], imm8 */
static void cmp_b(struct asm_buf *a, u32 off, u8 v)
{
	b1(a, 0x80); b1(a, 0xBB); b4(a, off); b1(a, v);
}

/* mov rax, imm64; mov [rbx+d32], rax */
static void st_imm64(struct asm_buf *a, u32 off, u64 v)
{
	b1(a, 0x48); b1(a, 0xB8); b8(a, v);
	b1(a, 0x48); b1(a, 0x89); b1(a, 0x83); b4(a, off);
}

/*
 * The chain entry: what run_blocks checks and sets before it runs a block
 * whole, for this block: the same code size (CS.D), EIP + bytes within the
 * CS limit, the whole block ending by jit_chain_limit. Then the state the
 * run loop keeps for a block in flight (ins_end, cur_block_page,
 * prev_block) and the statistic jit_blocks.
 */
static void emit_chain_entry(struct asm_buf *a, struct fixups *f, const struct jit_block *jb)
{
	const u32 cs = offsetof(struct cpu, seg) + SEG_CS * sizeof(struct seg);
	cmp_b(a, offsetof(struct cpu, code32), jb->code32);
	jcc_ret(a, f, 0x85);
	ld_reg(a, 0, offsetof(struct cpu, eip));
	b1(a, 0x05); b4(a, jb->bytes - 1);				/* add eax, imm32 */
	jcc_ret(a, f, 0x82);
	b1(a, 0x3B); b1(a, 0x83); b4(a, cs + offsetof(struct seg, limit));	/* cmp eax, [rbx+d32] */
	jcc_ret(a, f, 0x87);
	b1(a, 0x49); b1(a, 0x8B); b1(a, 0x84); b1(a, 0x24);		/* mov rax, [r12+d32] */
	b4(a, offsetof(struct clock, icount));
	b1(a, 0x48); b1(a, 0x05); b4(a, (u32)jb->n);			/* add rax, imm32 */
	b1(a, 0x48); b1(a, 0x3B); b1(a, 0x83); b4(a, offsetof(struct cpu, jit_chain_limit));
	jcc_ret(a, f, 0x87);
	st_imm64(a, offsetof(struct cpu, ins_end), (u64)(uintptr_t)(jb->insns + jb->n));
	st_imm64(a, offsetof(struct cpu, prev_block), (u64)(uintptr_t)jb->block);
	b1(a, 0xC7); b1(a, 0x83); b4(a, offsetof(struct cpu, cur_block_page)); b4(a, jb->page);
	b1(a, 0x48); b1(a, 0xFF); b1(a, 0x83); b4(a, offsetof(struct cpu, jit_blocks));	/* inc */
}

/*
 * The end of every run of the block (whole, or ended early by a handler):
 * the TLB statistics the run loop would count, then, when the block ran
 * whole and nothing needs the run loop (needs_attention in cpu.c, checked
 * here field by field, more strictly: any NMI pending), the chain slots.
 */
static void emit_epilogue(struct asm_buf *a, struct fixups *f, const struct jit_block *jb,
			  u32 slot_off[2], const u8 *entry)
{
	const u32 ts = offsetof(struct cpu, tlb_stats);
	const u32 cs = offsetof(struct cpu, seg) + SEG_CS * sizeof(struct seg);
	b1(a, 0x48); b1(a, 0xFF); b1(a, 0x83); b4(a, ts + offsetof(struct tlb_stats, blocks));
	if (jb->mem_ops) {
		b1(a, 0x48); b1(a, 0x81); b1(a, 0x83);			/* add qword [rbx+d32], imm32 */
		b4(a, ts + offsetof(struct tlb_stats, mem_ops)); b4(a, jb->mem_ops);
	}
	b1(a, 0x48); b1(a, 0x83); b1(a, 0xBB); b4(a, offsetof(struct cpu, ins_end)); b1(a, 0);
	jcc_ret(a, f, 0x84);
	/* intr && IF */
	cmp_b(a, offsetof(struct cpu, intr), 0);
	b1(a, 0x74); b1(a, 13);						/* je over the next two */
	b1(a, 0xF6); b1(a, 0x83); b4(a, offsetof(struct cpu, eflags) + 1); b1(a, FLAG_IF >> 8);
	jcc_ret(a, f, 0x85);
	cmp_b(a, offsetof(struct cpu, nmi_pending), 0);
	jcc_ret(a, f, 0x85);
	cmp_b(a, offsetof(struct cpu, exit_request), 0);
	jcc_ret(a, f, 0x85);
	cmp_b(a, offsetof(struct cpu, shadow), 0);
	jcc_ret(a, f, 0x85);
	cmp_b(a, offsetof(struct cpu, halted), 0);
	jcc_ret(a, f, 0x85);
	cmp_b(a, offsetof(struct cpu, single_step), 0);
	jcc_ret(a, f, 0x85);
	cmp_b(a, offsetof(struct cpu, dr_exec), 0);
	jcc_ret(a, f, 0x85);
	b1(a, 0x83); b1(a, 0xBB); b4(a, offsetof(struct cpu, dr_pending)); b1(a, 0);
	jcc_ret(a, f, 0x85);
	b1(a, 0xF7); b1(a, 0x83); b4(a, offsetof(struct cpu, eflags)); b4(a, FLAG_TF | FLAG_RF);
	jcc_ret(a, f, 0x85);
	/* eax = CS.base + EIP, rcx = the cache generation */
	ld_reg(a, 0, offsetof(struct cpu, eip));
	b1(a, 0x03); b1(a, 0x83); b4(a, cs + offsetof(struct seg, base));	/* add eax, [rbx+d32] */
	b1(a, 0x48); b1(a, 0x8B); b1(a, 0x8B); b4(a, offsetof(struct cpu, jit_link_gen));
	for (int k = 0; k < 2; k++) {
		u8 *s = a->p;
		slot_off[k] = (u32)(s - entry);
		b1(a, 0x3D); b4(a, 0);				/* cmp eax, lin */
		b1(a, 0x75); b1(a, SLOT_SIZE - 7);		/* jne next */
		b1(a, 0x48); b1(a, 0xBA); b8(a, ~0ull);		/* mov rdx, gen (none yet) */
		b1(a, 0x48); b1(a, 0x39); b1(a, 0xCA);		/* cmp rdx, rcx */
		b1(a, 0x75); b1(a, SLOT_SIZE - 22);		/* jne next */
		b1(a, 0xE9); b4(a, 0);				/* jmp to (patched) */
		f->at[f->n++] = a->p;				/* ...the return until then */
	}
}

jit_code_fn *jit_translate(struct jit *j, const struct jit_block *jb)
{
	const struct insn *insns = jb->insns;
	int n = jb->n;
	if (n > BLOCK_INSNS_MAX)
		return NULL;	/* never: blocks hold at most 64 */
	size_t max = HEADER_SIZE + FRAME_CODE_MAX + (size_t)n * INSN_CODE_MAX;
	u8 *buf = jit_cache_begin(j->cache, max);
	if (!buf) {
		jit_flush(j);
		buf = jit_cache_begin(j->cache, max);
		if (!buf)
			return NULL;
	}
	struct asm_buf a = { buf, buf, jit_cache_next_exec(j->cache) };
	struct fixups f = { .n = 0 };
	const u32 clock_off = offsetof(struct cpu, clock);
	const u32 end_off = offsetof(struct cpu, ins_end);
	const u32 icount_off = offsetof(struct clock, icount);
	struct jit_header h = { 0, { 0, 0 }, 0 };
	a.p += HEADER_SIZE;
	u8 *entry = a.p;

	b1(&a, 0xF3); b1(&a, 0x0F); b1(&a, 0x1E); b1(&a, 0xFA);	/* endbr64 */
	b1(&a, 0x53);						/* push rbx */
	b1(&a, 0x41); b1(&a, 0x54);				/* push r12 */
	b1(&a, 0x48); b1(&a, 0x83); b1(&a, 0xEC); b1(&a, 8);	/* sub rsp, 8 */
	b1(&a, 0x48); b1(&a, 0x89); b1(&a, 0xFB);		/* mov rbx, rdi */
	b1(&a, 0x4C); b1(&a, 0x8B); b1(&a, 0xA3); b4(&a, clock_off);	/* mov r12, [rbx+d32] */
	b1(&a, 0xE9); b4(&a, 0);				/* jmp body */
	u8 *to_body = a.p;
	h.chain = (u32)(a.p - entry);
	emit_chain_entry(&a, &f, jb);
	u32 rel = (u32)(a.p - to_body);
	memcpy(to_body - 4, &rel, 4);
	u32 eip_step = 0, icount_step = 0;
	u8 *exits[BLOCK_INSNS_MAX];
	int nexits = 0;
	for (int k = 0; k < n; k++) {
		struct inl fm = j->inline_ops ? inline_form(&insns[k]) : (struct inl){ INL_NONE };
		if (fm.kind != INL_NONE) {
			emit_inline(&a, &insns[k], fm);
			eip_step += insns[k].len;
			icount_step++;
			j->stats.inlined++;
			continue;
		}
		emit_pending(&a, &eip_step, &icount_step);
		bool store;
		u8 *slow[8], *to_done = NULL;
		int nslow = 0;
		if (j->inline_ops && mem_form(&insns[k], &store)) {
			nslow = emit_mem_fast(&a, &insns[k], store, slow);
			b1(&a, 0xE9); b4(&a, 0);		/* jmp done */
			to_done = a.p;
			for (int s = 0; s < nslow; s++) {
				rel = (u32)(a.p - slow[s]);
				memcpy(slow[s] - 4, &rel, 4);
			}
			j->stats.inlined_mem++;
		}
		b1(&a, 0x48); b1(&a, 0x89); b1(&a, 0xDF);	/* mov rdi, rbx */
		b1(&a, 0x48); b1(&a, 0xBE);			/* mov rsi, imm64 */
		b8(&a, (u64)(uintptr_t)&insns[k]);
		emit_call(&a, (const void *)insns[k].fn);
		if (to_done) {
			rel = (u32)(a.p - to_done);
			memcpy(to_done - 4, &rel, 4);
		}
		b1(&a, 0x49); b1(&a, 0xFF); b1(&a, 0x84); b1(&a, 0x24);	/* inc qword [r12+d32] */
		b4(&a, icount_off);
		if (k == n - 1)
			break;
		b1(&a, 0x48); b1(&a, 0x83); b1(&a, 0xBB); b4(&a, end_off); b1(&a, 0);	/* cmp [rbx+d32], 0 */
		b1(&a, 0x0F); b1(&a, 0x84); b4(&a, 0);		/* je epilogue (patched) */
		exits[nexits++] = a.p;
	}
	emit_pending(&a, &eip_step, &icount_step);
	for (int k = 0; k < nexits; k++) {
		rel = (u32)(a.p - exits[k]);
		memcpy(exits[k] - 4, &rel, 4);
	}
	emit_epilogue(&a, &f, jb, h.slot, entry);
	u8 *ret = a.p;
	b1(&a, 0x48); b1(&a, 0x83); b1(&a, 0xC4); b1(&a, 8);	/* add rsp, 8 */
	b1(&a, 0x41); b1(&a, 0x5C);				/* pop r12 */
	b1(&a, 0x5B);						/* pop rbx */
	b1(&a, 0xC3);						/* ret */
	for (int k = 0; k < f.n; k++) {
		rel = (u32)(ret - f.at[k]);
		memcpy(f.at[k] - 4, &rel, 4);
	}
	memcpy(buf, &h, sizeof(h));
	size_t len = a.p - a.start;
	u8 *code = jit_cache_commit(j->cache, len);
	if (!code)
		return NULL;
	j->stats.translations++;
	j->stats.bytes += len;
	return (jit_code_fn *)(code + HEADER_SIZE);
}

void jit_link(struct jit *j, jit_code_fn *from, u32 lin, u64 gen, jit_code_fn *to)
{
	if (!j->chain)
		return;
	u8 *entry = (u8 *)(uintptr_t)from;
	struct jit_header h;
	memcpy(&h, entry - HEADER_SIZE, sizeof(h));
	for (int k = 0; k < 2; k++) {
		u32 l;
		u64 g;
		memcpy(&l, entry + h.slot[k] + SLOT_LIN, 4);
		memcpy(&g, entry + h.slot[k] + SLOT_GEN, 8);
		if (l == lin && g == gen)
			return;		/* linked already (the chain failed an entry check) */
	}
	int k = h.next_slot;
	u8 *slot = jit_cache_writable(j->cache, entry + h.slot[k]);
	u8 *target = (u8 *)(uintptr_t)to + ((struct jit_header *)((u8 *)(uintptr_t)to - HEADER_SIZE))->chain;
	u32 rel = (u32)(target - (entry + h.slot[k] + SLOT_SIZE));
	memcpy(slot + SLOT_LIN, &lin, 4);
	memcpy(slot + SLOT_GEN, &gen, 8);
	memcpy(slot + SLOT_REL, &rel, 4);
	h.next_slot = k ^ 1;
	memcpy(jit_cache_writable(j->cache, entry - HEADER_SIZE), &h, sizeof(h));
	j->stats.links++;
}

#else	/* no translator for this host: the interpreter runs everything */

struct jit *jit_create(void) { return NULL; }
void jit_destroy(struct jit *j) { (void)j; }
void jit_flush(struct jit *j) { (void)j; }
const struct jit_stats *jit_get_stats(const struct jit *j) { (void)j; return NULL; }
jit_code_fn *jit_translate(struct jit *j, const struct jit_block *b)
{
	(void)j; (void)b;
	return NULL;
}
void jit_link(struct jit *j, jit_code_fn *from, u32 lin, u64 gen, jit_code_fn *to)
{
	(void)j; (void)from; (void)lin; (void)gen; (void)to;
}

#endif
