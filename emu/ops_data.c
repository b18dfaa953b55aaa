/*
 * Data movement: MOV in all forms, XCHG, LEA, the stack (PUSH/POP of
 * registers, memory, immediates and segment registers, PUSHA/POPA,
 * ENTER/LEAVE), far-pointer loads (LDS/LES/LSS/LFS/LGS), conversions
 * (CBW/CWD, MOVZX/MOVSX, XLAT), CMOVcc/SETcc and the string instructions
 * with their REP forms (SDM vol. 2). String instructions update ESI/EDI/ECX
 * after each element, so a fault in the middle of a REP leaves the
 * registers describing the work left and the instruction restarts there.
 */
#include <string.h>

#include "emu/ops.h"

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
	seg_load(cpu, s, sel);
	set_sp(cpu, cpu->regs[R_ESP] + i->osz);
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

void op_enter(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 m = sp_mask(cpu);
	int level = i->imm2 & 0x1F;
	u32 sp = cpu->regs[R_ESP];
	u32 bp = cpu->regs[R_EBP];
	sp -= sz;
	mem_write(cpu, SEG_SS, sp & m, get_reg(cpu, R_EBP, sz), sz);
	u32 frame = sp;
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
	sp -= i->imm & 0xFFFF;
	set_reg(cpu, R_EBP, sz, frame & m);
	set_sp(cpu, sp);
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
	while (areg(cpu, i, R_ECX)) {
		u8 *src, *dst;
		u32 n = 0;
		if (!(cpu->eflags & FLAG_DF)) {
			n = rep_span(cpu, i, i->seg, areg(cpu, i, R_ESI), sz, SEG_OK_READ, &src);
			if (n)
				n = MIN(n, rep_span(cpu, i, SEG_ES, areg(cpu, i, R_EDI), sz,
						    SEG_OK_WRITE, &dst));
		}
		if (n > 1) {
			n = MIN(n, areg(cpu, i, R_ECX));
			/* Byte by byte forward, as the hardware does when they overlap. */
			for (u32 k = 0; k < n * sz; k++)
				dst[k] = src[k];
			set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + n * sz);
			set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + n * sz);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - n);
			continue;
		}
		u32 v = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
		mem_write(cpu, SEG_ES, areg(cpu, i, R_EDI), v, sz);
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
	}
	cpu->eip += i->len;
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
	while (areg(cpu, i, R_ECX)) {
		u8 *dst;
		u32 n = 0;
		if (!(cpu->eflags & FLAG_DF))
			n = rep_span(cpu, i, SEG_ES, areg(cpu, i, R_EDI), sz, SEG_OK_WRITE, &dst);
		if (n > 1) {
			n = MIN(n, areg(cpu, i, R_ECX));
			if (sz == 1)
				memset(dst, v, n);
			else if (sz == 2)
				for (u32 k = 0; k < n; k++)
					st16(dst + 2 * k, v);
			else
				for (u32 k = 0; k < n; k++)
					st32(dst + 4 * k, v);
			set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + n * sz);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - n);
			continue;
		}
		mem_write(cpu, SEG_ES, areg(cpu, i, R_EDI), v, sz);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
	}
	cpu->eip += i->len;
}

void op_lods(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz);
	if (!i->rep) {
		set_reg(cpu, R_EAX, sz, mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz));
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
	} else {
		while (areg(cpu, i, R_ECX)) {
			set_reg(cpu, R_EAX, sz, mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz));
			set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
		}
	}
	cpu->eip += i->len;
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
	} else {
		bool want_eq = i->rep == 0xF3;
		while (areg(cpu, i, R_ECX)) {
			u32 a = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
			u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
			set_lf(cpu, LF_SUB, sz, a - b, a, b);
			set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
			set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
			if (((a & size_mask(sz)) == (b & size_mask(sz))) != want_eq)
				break;
		}
	}
	cpu->eip += i->len;
}

void op_scas(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 d = str_delta(cpu, sz), a = get_reg(cpu, R_EAX, sz);
	if (!i->rep) {
		u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
		set_lf(cpu, LF_SUB, sz, a - b, a, b);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
	} else {
		bool want_eq = i->rep == 0xF3;
		while (areg(cpu, i, R_ECX)) {
			u32 b = mem_read(cpu, SEG_ES, areg(cpu, i, R_EDI), sz);
			set_lf(cpu, LF_SUB, sz, a - b, a, b);
			set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
			if ((a == (b & size_mask(sz))) != want_eq)
				break;
		}
	}
	cpu->eip += i->len;
}

void op_ins(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u16 port = cpu->regs[R_EDX];
	u32 d = str_delta(cpu, sz);
	cpu_check_io(cpu, port, sz);
	do {
		if (i->rep && !areg(cpu, i, R_ECX))
			break;
		u32 off = areg(cpu, i, R_EDI);
		/* The port is read only once the write is known to succeed. */
		mem_probe_write(cpu, SEG_ES, off, sz);
		mem_write(cpu, SEG_ES, off, bus_io_read(cpu->bus, port, sz), sz);
		set_areg(cpu, i, R_EDI, cpu->regs[R_EDI] + d);
		if (i->rep)
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
	} while (i->rep);
	cpu->eip += i->len;
}

void op_outs(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u16 port = cpu->regs[R_EDX];
	u32 d = str_delta(cpu, sz);
	cpu_check_io(cpu, port, sz);
	do {
		if (i->rep && !areg(cpu, i, R_ECX))
			break;
		u32 v = mem_read(cpu, i->seg, areg(cpu, i, R_ESI), sz);
		bus_io_write(cpu->bus, port, v, sz);
		set_areg(cpu, i, R_ESI, cpu->regs[R_ESI] + d);
		if (i->rep)
			set_areg(cpu, i, R_ECX, cpu->regs[R_ECX] - 1);
	} while (i->rep);
	cpu->eip += i->len;
}
