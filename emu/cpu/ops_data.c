/*
 * Data movement: MOV in all forms, XCHG, LEA, the stack (PUSH/POP of
 * registers, memory, immediates and segment registers, PUSHA/POPA,
 * ENTER/LEAVE), far-pointer loads (LDS/LES/LSS/LFS/LGS), conversions
 * (CBW/CWD, MOVZX/MOVSX, XLAT), CMOVcc/SETcc and the string instructions
 * with their REP forms (SDM vol. 2). String instructions update ESI/EDI/ECX
 * after each element, so a fault in the middle of a REP leaves the
 * registers describing the work left and the instruction restarts there;
 * a REP string also stops between iterations on its own, to let the run
 * loop take interrupts and meet its icount limit (see "strings" below).
 */
#include <string.h>

#include "emu/cpu/ops.h"

#define MIN(a, b) ((a) < (b) ? (a) : (b))

void op_nop(struct cpu *cpu, const struct insn *i)
{
	cpu->eip += i->len;
}

/* Generic and fixed-size forms of the hottest moves (see ops_spec). */
#define MOV_FORMS(sfx, SZ) \
void op_mov_rm_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	write_rm(cpu, i, SZ, get_reg(cpu, i->reg, SZ)); \
	cpu->eip += i->len; \
} \
void op_mov_r_rm##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	set_reg(cpu, i->reg, SZ, read_rm(cpu, i, SZ)); \
	cpu->eip += i->len; \
} \
void op_mov_r_i##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	set_reg(cpu, i->reg, SZ, i->imm); \
	cpu->eip += i->len; \
}
MOV_FORMS(, i->osz)
MOV_FORMS(_8, 1)
MOV_FORMS(_16, 2)
MOV_FORMS(_32, 4)

void op_mov_rm_i(struct cpu *cpu, const struct insn *i)
{
	write_rm(cpu, i, i->osz, i->imm);
	cpu->eip += i->len;
}

void op_mov_a_moffs(struct cpu *cpu, const struct insn *i)
{
	set_reg(cpu, R_EAX, i->osz, mem_read(cpu, i->seg, i->disp, i->osz));
	cpu->eip += i->len;
}

void op_mov_moffs_a(struct cpu *cpu, const struct insn *i)
{
	mem_write(cpu, i->seg, i->disp, get_reg(cpu, R_EAX, i->osz), i->osz);
	cpu->eip += i->len;
}

void op_mov_rm_sreg(struct cpu *cpu, const struct insn *i)
{
	if (i->reg >= SEG_COUNT)
		raise_ud(cpu);
	u32 sel = cpu->seg[i->reg].sel;
	if (i->mod3)
		set_reg(cpu, i->rm, i->osz, sel);	/* zero-extended with o32 */
	else
		mem_write(cpu, i->seg, insn_ea(cpu, i), sel, 2);
	cpu->eip += i->len;
}

void op_mov_sreg_rm(struct cpu *cpu, const struct insn *i)
{
	if (i->reg >= SEG_COUNT || i->reg == SEG_CS)
		raise_ud(cpu);
	seg_load(cpu, i->reg, read_rm(cpu, i, 2));
	if (i->reg == SEG_SS)
		cpu->shadow = 1;
	cpu->eip += i->len;
}

void op_lea(struct cpu *cpu, const struct insn *i)
{
	set_reg(cpu, i->reg, i->osz, insn_ea(cpu, i));
	cpu->eip += i->len;
}

void op_xchg_rm_r(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 r = get_reg(cpu, i->reg, sz);
	if (i->mod3) {
		set_reg(cpu, i->reg, sz, get_reg(cpu, i->rm, sz));
		set_reg(cpu, i->rm, sz, r);
	} else {
		u32 off = insn_ea(cpu, i);
		u32 m = mem_read(cpu, i->seg, off, sz);
		mem_write(cpu, i->seg, off, r, sz);
		set_reg(cpu, i->reg, sz, m);
	}
	cpu->eip += i->len;
}

void op_xchg_a_r(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 a = get_reg(cpu, R_EAX, sz);
	set_reg(cpu, R_EAX, sz, get_reg(cpu, i->reg, sz));
	set_reg(cpu, i->reg, sz, a);
	cpu->eip += i->len;
}

/* ---- stack ---- */

#define PUSHPOP_R(sfx, SZ) \
void op_push_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	push(cpu, get_reg(cpu, i->reg, SZ), SZ); \
	cpu->eip += i->len; \
} \
void op_pop_r##sfx(struct cpu *cpu, const struct insn *i) \
{ \
	u32 v = pop(cpu, SZ); \
	set_reg(cpu, i->reg, SZ, v); \
	cpu->eip += i->len; \
}
PUSHPOP_R(, i->osz)
PUSHPOP_R(_16, 2)
PUSHPOP_R(_32, 4)

void op_push_i(struct cpu *cpu, const struct insn *i)
{
	push(cpu, i->imm, i->osz);
	cpu->eip += i->len;
}

void op_push_rm(struct cpu *cpu, const struct insn *i)
{
	push(cpu, read_rm(cpu, i, i->osz), i->osz);
	cpu->eip += i->len;
}

/*
 * POP r/m: a fault on the write (a word at offset 0xFFFF, #GP or #SS)
 * leaves ESP as it was, on every model: from the 386 on, faulting
 * instructions restart from their initial state. The 286 has already added
 * 2 to SP when it faults there (its conformance data shows it); Lucid
 * models no 286, and the conformance runner's rule pop-rm-fault names the
 * difference.
 */
void op_pop_rm(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 v = stack_peek(cpu, sz, 0);
	u32 old = cpu->regs[R_ESP];
	if (i->mod3) {
		set_sp(cpu, old + sz);
		set_reg(cpu, i->rm, sz, v);
	} else {
		/* The address is computed with ESP already incremented. */
		set_sp(cpu, old + sz);
		u32 off = insn_ea(cpu, i);
		u32 nsp = cpu->regs[R_ESP];
		cpu->regs[R_ESP] = old;
		mem_write(cpu, i->seg, off, v, sz);
		cpu->regs[R_ESP] = nsp;
	}
	cpu->eip += i->len;
}

static int sreg_of(const struct insn *i)
{
	switch (i->op) {
	case 0x0FA0: case 0x0FA1: return SEG_FS;
	case 0x0FA8: case 0x0FA9: return SEG_GS;
	default: return (i->op >> 3) & 3;
	}
}

void op_push_sreg(struct cpu *cpu, const struct insn *i)
{
	push(cpu, cpu->seg[sreg_of(i)].sel, i->osz);
	cpu->eip += i->len;
}

void op_pop_sreg(struct cpu *cpu, const struct insn *i)
{
	int s = sreg_of(i);
	u16 sel = stack_peek(cpu, 2, 0);
	/* The pop belongs to the old stack: POP SS that changes the B bit
	 * still moves ESP with the size it had (a 16-bit SP wraps at 64 KiB
	 * and keeps ESP's upper half). */
	bool s32 = cpu->stack32;
	u32 sp = cpu->regs[R_ESP] + i->osz;
	seg_load(cpu, s, sel);
	cpu->regs[R_ESP] = s32 ? sp : (cpu->regs[R_ESP] & 0xFFFF0000u) | (sp & 0xFFFF);
	if (s == SEG_SS)
		cpu->shadow = 1;
	cpu->eip += i->len;
}

void op_pusha(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 sp = cpu->regs[R_ESP], m = sp_mask(cpu);
	for (int r = R_EAX; r <= R_EDI; r++)
		mem_write(cpu, SEG_SS, (sp - (r + 1) * sz) & m, get_reg(cpu, r, sz), sz);
	set_sp(cpu, sp - 8 * sz);
	cpu->eip += i->len;
}

void op_popa(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 v[8];
	for (int r = R_EAX; r <= R_EDI; r++)
		v[r] = stack_peek(cpu, sz, (7 - r) * sz);
	for (int r = R_EAX; r <= R_EDI; r++)
		if (r != R_ESP)
			set_reg(cpu, r, sz, v[r]);
	set_sp(cpu, cpu->regs[R_ESP] + 8 * sz);
	cpu->eip += i->len;
}

/*
 * ENTER (SDM 2A): push EBP, copy level-1 frame pointers from the old frame,
 * push the new frame pointer, allocate imm16 bytes. FrameTemp is ESP after
 * the first push, whole: on a 16-bit stack its upper half is ESP's, so an
 * o32 ENTER gives EBP = 0x1FFFC for ESP = 0x10000. Every write, and a write
 * at the final stack pointer, is checked before anything changes (the SDM
 * lists #SS and #PF for the final ESP), so a fault leaves ENTER undone.
 */
void op_enter(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 m = sp_mask(cpu);
	int level = i->imm2 & 0x1F;
	u32 esp = cpu->regs[R_ESP];
	u32 sp = esp - sz;
	u32 frame = (esp & ~m) | (sp & m);
	u32 final = sp - (level ? level * sz : 0) - (i->imm & 0xFFFF);
	for (u32 a = sp, k = 0; k <= (u32)level; k++, a -= sz)
		mem_probe_write(cpu, SEG_SS, a & m, sz);
	mem_probe_write(cpu, SEG_SS, final & m, sz);
	u32 bp = cpu->regs[R_EBP];
	mem_write(cpu, SEG_SS, sp & m, get_reg(cpu, R_EBP, sz), sz);
	if (level > 0) {
		for (int k = 1; k < level; k++) {
			bp -= sz;
			u32 v = mem_read(cpu, SEG_SS, bp & m, sz);
			sp -= sz;
			mem_write(cpu, SEG_SS, sp & m, v, sz);
		}
		sp -= sz;
		mem_write(cpu, SEG_SS, sp & m, frame, sz);
	}
	set_reg(cpu, R_EBP, sz, frame);
	set_sp(cpu, final);
	cpu->eip += i->len;
}

void op_leave(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 m = sp_mask(cpu);
	u32 bp = cpu->regs[R_EBP] & m;
	u32 v = mem_read(cpu, SEG_SS, bp, sz);
	set_sp(cpu, bp + sz);
	set_reg(cpu, R_EBP, sz, v);
	cpu->eip += i->len;
}

void op_lseg(struct cpu *cpu, const struct insn *i)
{
	int s;
	switch (i->op) {
	case 0xC4: s = SEG_ES; break;
	case 0xC5: s = SEG_DS; break;
	case 0x0FB2: s = SEG_SS; break;
	case 0x0FB4: s = SEG_FS; break;
	default: s = SEG_GS; break;
	}
	u32 off = insn_ea(cpu, i);
	u32 v = mem_read(cpu, i->seg, off, i->osz);
	u16 sel = mem_read(cpu, i->seg, (off + i->osz) & (i->asz32 ? 0xFFFFFFFFu : 0xFFFFu), 2);
	seg_load(cpu, s, sel);
	set_reg(cpu, i->reg, i->osz, v);
	cpu->eip += i->len;
}

/* ---- conversions ---- */

void op_cbw(struct cpu *cpu, const struct insn *i)
{
	if (i->osz == 2)
		set_reg(cpu, R_EAX, 2, (u32)(s32)(s8)cpu->regs[R_EAX]);
	else
		cpu->regs[R_EAX] = (u32)(s32)(s16)cpu->regs[R_EAX];
	cpu->eip += i->len;
}

void op_cwd(struct cpu *cpu, const struct insn *i)
{
	if (i->osz == 2)
		set_reg(cpu, R_EDX, 2, (cpu->regs[R_EAX] & 0x8000) ? 0xFFFF : 0);
	else
		cpu->regs[R_EDX] = (cpu->regs[R_EAX] & 0x80000000u) ? 0xFFFFFFFFu : 0;
	cpu->eip += i->len;
}

void op_xlat(struct cpu *cpu, const struct insn *i)
{
	u32 off = cpu->regs[R_EBX] + (cpu->regs[R_EAX] & 0xFF);
	if (!i->asz32)
		off &= 0xFFFF;
	set_reg(cpu, R_EAX, 1, mem_read(cpu, i->seg, off, 1));
	cpu->eip += i->len;
}

void op_movzx(struct cpu *cpu, const struct insn *i)
{
	int ssz = (i->op & 1) ? 2 : 1;
	set_reg(cpu, i->reg, i->osz, read_rm(cpu, i, ssz));
	cpu->eip += i->len;
}

void op_movsx(struct cpu *cpu, const struct insn *i)
{
	int ssz = (i->op & 1) ? 2 : 1;
	u32 v = read_rm(cpu, i, ssz);
	v = ssz == 1 ? (u32)(s32)(s8)v : (u32)(s32)(s16)v;
	set_reg(cpu, i->reg, i->osz, v);
	cpu->eip += i->len;
}

void op_cmov(struct cpu *cpu, const struct insn *i)
{
	u32 v = read_rm(cpu, i, i->osz);
	if (cond_true(cpu, i->op & 0xF))
		set_reg(cpu, i->reg, i->osz, v);
	cpu->eip += i->len;
}

void op_setcc(struct cpu *cpu, const struct insn *i)
{
	write_rm(cpu, i, 1, cond_true(cpu, i->op & 0xF));
	cpu->eip += i->len;
}

/* ---- strings ---- */

/*
 * REP strings and time. Each iteration of a REP string counts as one
 * instruction of icount (as QEMU's -icount counts them), and an execution
 * does at most a bounded number of iterations: the ones that fit before the
 * run's icount limit (leaving room for the rest of the block, so cpu_run
 * never passes its limit), never more than REP_CHUNK, only one while
 * single-stepping (cpu->run_limit is icount + 1 then), and none after
 * something the run loop must see (an interrupt it may take, an exit
 * request, a data breakpoint hit). If the count is not exhausted (and, for
 * CMPS/SCAS, the REPE/REPNE condition still holds), EIP stays on the
 * instruction, prefixes included, with ECX/ESI/EDI describing the work
 * left: the run loop takes what is pending and executes it again. This is
 * how the hardware suspends a repeated string operation for an interrupt
 * (SDM vol. 2B, REP: "a repeating string operation can be suspended by an
 * exception or interrupt"; vol. 3A 6.6). During iteration k of an
 * execution icount reads start + k, so a port read inside REP INS sees the
 * time of its own iteration.
 */
#define REP_CHUNK 4096u

static inline u32 amask(const struct insn *i) { return i->asz32 ? 0xFFFFFFFFu : 0xFFFFu; }

static inline u32 areg(struct cpu *cpu, const struct insn *i, int r)
{
	return cpu->regs[r] & amask(i);
}

static inline void set_areg(struct cpu *cpu, const struct insn *i, int r, u32 v)
{
	if (i->asz32)
		cpu->regs[r] = v;
	else
		cpu->regs[r] = (cpu->regs[r] & 0xFFFF0000u) | (v & 0xFFFF);
}

static inline u32 str_delta(struct cpu *cpu, int sz)
{
	return (cpu->eflags & FLAG_DF) ? (u32)-sz : (u32)sz;
}

/* How many iterations this execution of a REP string may do (at least one,
 * so every execution makes progress). The instructions of the block after
 * this one still have to fit before the limit. */
static u32 rep_budget(const struct cpu *cpu, const struct insn *i)
{
	const struct insn *end = cpu->ins_end;
	if (!end)
		return 1;	/* cpu_request_exit() from outside the CPU */
	u64 now = cpu->clock->icount, after = (u64)(end - i - 1), lim = cpu->run_limit;
	if (lim <= now + after + 1)
		return 1;
	u64 n = lim - now - after;
	return n < REP_CHUNK ? (u32)n : REP_CHUNK;
}

/* Something the run loop must handle before the next iteration. */
static inline bool rep_must_yield(const struct cpu *cpu)
{
	return cpu->exit_request | (cpu->dr_pending != 0) |
	       (cpu->intr & !!(cpu->eflags & FLAG_IF)) | (cpu->nmi_pending & !cpu->nmi_blocked);
}

/* Before one more iteration (or chunk): true when this execution must stop
 * here after done iterations. */
static inline bool rep_stop(const struct cpu *cpu, u32 done, u32 budget)
{
	return done >= budget || (done && rep_must_yield(cpu));
}

/*
 * End an execution that did done iterations (icount already advanced by
 * done, the run loop adds one more for the handler: take it back). more:
 * the string is not finished, so EIP stays and the block ends here.
 */
static void rep_end(struct cpu *cpu, const struct insn *i, u32 done, bool more)
{
	if (done)
		cpu->clock->icount--;
	cpu->rep_resume = more;
	if (more)
		cpu_end_block(cpu);
	else
		cpu->eip += i->len;
}

/*
 * REP MOVS/STOS fast path: how many whole elements, starting at offset off
 * of segment s, stay inside the segment, the address-size wrap and one page,
 * and the host address of the first one when that page has a TLB tag for
 * this access (plain RAM, no decoded code, no MMIO). 0 when the slow path
 * must do the next element. Only for DF = 0.
 */
static u32 rep_span(struct cpu *cpu, const struct insn *i, int s, u32 off, int sz, int acc,
		    u8 **host)
{
	const struct seg *sg = &cpu->seg[s];
	if (!(sg->ok & acc) || off < sg->lo || off > sg->hi)
		return 0;
	u32 n = (sg->hi - off) / sz;	/* elements after the first that fit */
	if (!i->asz32 && (0xFFFFu - off) / sz < n)
		n = (0xFFFFu - off) / sz;
	u32 lin = sg->base + off;
	u32 in_page = (PAGE_SIZE - (lin & ~PAGE_MASK)) / sz;
	if (!in_page)
		return 0;
	if (in_page - 1 < n)
		n = in_page - 1;
	const struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	u32 tag = acc == SEG_OK_WRITE ? e->tag_write : e->tag_read;
	if (tag != (lin & PAGE_MASK)) {
		mmu_translate(cpu, lin, acc == SEG_OK_WRITE ? ACC_WRITE : ACC_READ);
		tag = acc == SEG_OK_WRITE ? e->tag_write : e->tag_read;
		if (tag != (lin & PAGE_MASK))
			return 0;
	}
	*host = (u8 *)(e->host + lin);
	return n + 1;
}

/*
 * Copy n elements of sz bytes forward, with the result of moving them one
 * at a time. Apart, or with the destination below the source, that is
 * memmove. With the destination ahead of the source by sz or more, a byte
 * by byte forward copy gives the same bytes (each element reads only bytes
 * already final), replicating the pattern as the hardware does; closer
 * than one element, it has to go element by element.
 */
static void rep_copy(u8 *dst, const u8 *src, u32 n, int sz)
{
	size_t bytes = (size_t)n * sz;
	uintptr_t ahead = (uintptr_t)dst - (uintptr_t)src;
	if (ahead >= bytes) {
		memmove(dst, src, bytes);
	} else if (ahead >= (uintptr_t)sz) {
		for (size_t k = 0; k < bytes; k++)
			dst[k] = src[k];
	} else {
		for (u32 k = 0; k < n; k++) {
			u8 tmp[4];
			memcpy(tmp, src + (size_t)k * sz, sz);
			memcpy(dst + (size_t)k * sz, tmp, sz);
		}
	}
}

void op_movs(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz);
	if (!i->rep) {
		u32 v = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
		mem_write(cpu, SEG_ES, areg(cpu, i, R_EDI), v, sz);
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		cpu->eip += i->len;
		return;
	}
	struct clock *clk = cpu->clock;
	u32 budget = rep_budget(cpu, i), done = 0;
	while (areg(cpu, i, R_ECX)) {
		if (rep_stop(cpu, done, budget)) {
			rep_end(cpu, i, done, true);
			return;
		}
		u8 *src, *dst;
		u32 n = 0;
		if (!(cpu->eflags & FLAG_DF)) {
			n = rep_span(cpu, i, i->seg, areg(cpu, i, R_ESI), sz, SEG_OK_READ, &src);
			if (n)
				n = MIN(n, rep_span(cpu, i, SEG_ES, areg(cpu, i, R_EDI), sz,
						    SEG_OK_WRITE, &dst));
		}
		n = MIN(n, MIN(areg(cpu, i, R_ECX), budget - done));
		if (n > 1) {
			rep_copy(dst, src, n, sz);
			set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + n * sz);
			set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + n * sz);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - n);
			done += n;
			clk->icount += n;
			continue;
		}
		u32 v = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
		mem_write(cpu, SEG_ES, areg(cpu, i, R_EDI), v, sz);
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		done++;
		clk->icount++;
	}
	rep_end(cpu, i, done, false);
}

/* Fill n elements of sz bytes with v (memset when its bytes are equal). */
static void rep_fill(u8 *dst, u32 v, u32 n, int sz)
{
	if (sz == 1 || (sz == 2 && (v & 0xFFFF) == (v & 0xFF) * 0x101u) ||
	    (sz == 4 && v == (v & 0xFF) * 0x01010101u))
		memset(dst, v & 0xFF, (size_t)n * sz);
	else if (sz == 2)
		for (u32 k = 0; k < n; k++)
			st16(dst + 2 * k, v);
	else
		for (u32 k = 0; k < n; k++)
			st32(dst + 4 * k, v);
}

void op_stos(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz), v = get_reg(cpu, R_EAX, sz);
	if (!i->rep) {
		mem_write(cpu, SEG_ES, areg(cpu, i, R_EDI), v, sz);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		cpu->eip += i->len;
		return;
	}
	struct clock *clk = cpu->clock;
	u32 budget = rep_budget(cpu, i), done = 0;
	while (areg(cpu, i, R_ECX)) {
		if (rep_stop(cpu, done, budget)) {
			rep_end(cpu, i, done, true);
			return;
		}
		u8 *dst;
		u32 n = 0;
		if (!(cpu->eflags & FLAG_DF))
			n = rep_span(cpu, i, SEG_ES, areg(cpu, i, R_EDI), sz, SEG_OK_WRITE, &dst);
		n = MIN(n, MIN(areg(cpu, i, R_ECX), budget - done));
		if (n > 1) {
			rep_fill(dst, v, n, sz);
			set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + n * sz);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - n);
			done += n;
			clk->icount += n;
			continue;
		}
		mem_write(cpu, SEG_ES, areg(cpu, i, R_EDI), v, sz);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		done++;
		clk->icount++;
	}
	rep_end(cpu, i, done, false);
}

void op_lods(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz);
	if (!i->rep) {
		set_reg(cpu, R_EAX, sz, mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz));
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		cpu->eip += i->len;
		return;
	}
	u32 budget = rep_budget(cpu, i), done = 0;
	while (areg(cpu, i, R_ECX)) {
		if (rep_stop(cpu, done, budget)) {
			rep_end(cpu, i, done, true);
			return;
		}
		set_reg(cpu, R_EAX, sz, mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz));
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		done++;
		cpu->clock->icount++;
	}
	rep_end(cpu, i, done, false);
}

void op_cmps(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz);
	if (!i->rep) {
		u32 a = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
		u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
		set_lf(cpu, LF_SUB, sz, a - b, a, b);
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		cpu->eip += i->len;
		return;
	}
	bool want_eq = i->rep == 0xF3;
	u32 budget = rep_budget(cpu, i), done = 0;
	while (areg(cpu, i, R_ECX)) {
		if (rep_stop(cpu, done, budget)) {
			rep_end(cpu, i, done, true);
			return;
		}
		u32 a = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
		u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
		set_lf(cpu, LF_SUB, sz, a - b, a, b);
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		done++;
		cpu->clock->icount++;
		if (((a & size_mask(sz)) == (b & size_mask(sz))) != want_eq)
			break;
	}
	rep_end(cpu, i, done, false);
}

void op_scas(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz), a = get_reg(cpu, R_EAX, sz);
	if (!i->rep) {
		u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
		set_lf(cpu, LF_SUB, sz, a - b, a, b);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		cpu->eip += i->len;
		return;
	}
	bool want_eq = i->rep == 0xF3;
	u32 budget = rep_budget(cpu, i), done = 0;
	while (areg(cpu, i, R_ECX)) {
		if (rep_stop(cpu, done, budget)) {
			rep_end(cpu, i, done, true);
			return;
		}
		u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
		set_lf(cpu, LF_SUB, sz, a - b, a, b);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		done++;
		cpu->clock->icount++;
		if ((a == (b & size_mask(sz))) != want_eq)
			break;
	}
	rep_end(cpu, i, done, false);
}

/* One INS element: the port is read only once the write is known to
 * succeed, so a fault does not lose the device's data. */
static void ins_one(struct cpu *cpu, const struct insn *i, u16 port, int sz)
{
	u32 off = areg(cpu, i, R_EDI);
	mem_probe_write(cpu, SEG_ES, off, sz);
	mem_write(cpu, SEG_ES, off, bus_io_read(cpu->bus, port, sz), sz);
	set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + str_delta(cpu, sz));
}

static void outs_one(struct cpu *cpu, const struct insn *i, u16 port, int sz)
{
	u32 v = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
	bus_io_write(cpu->bus, port, v, sz);
	set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + str_delta(cpu, sz));
}

/* INS and OUTS check the I/O permission again at each execution, as a
 * restarted instruction does on the hardware. A device touched by an
 * iteration may raise its line or ask for the loop (rep_must_yield). */
static void string_io(struct cpu *cpu, const struct insn *i,
		      void (*one)(struct cpu *, const struct insn *, u16, int))
{
	int sz = i->osz;
	u16 port = cpu->regs[R_EDX];
	cpu_check_io(cpu, port, sz);
	if (!i->rep) {
		one(cpu, i, port, sz);
		cpu->eip += i->len;
		return;
	}
	u32 budget = rep_budget(cpu, i), done = 0;
	while (areg(cpu, i, R_ECX)) {
		if (rep_stop(cpu, done, budget)) {
			rep_end(cpu, i, done, true);
			return;
		}
		one(cpu, i, port, sz);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		done++;
		cpu->clock->icount++;
	}
	rep_end(cpu, i, done, false);
}

void op_ins(struct cpu *cpu, const struct insn *i) { string_io(cpu, i, ins_one); }
void op_outs(struct cpu *cpu, const struct insn *i) { string_io(cpu, i, outs_one); }
