/*
 * Control transfer and flag instructions: Jcc/JMP/CALL/RET (near and far),
 * LOOP/JCXZ, INT n/INT3/INTO/INT1/BOUND, IRET, HLT, IN/OUT, and the flag
 * instructions (CLC..STD, PUSHF/POPF, SAHF/LAHF) with the IOPL rules of the
 * SDM vol. 2 pages and vol. 3A 6.8.1 for the interrupt shadow of STI.
 * A near branch target outside the CS limit raises #GP(0) on the branch.
 */
#include "emu/cpu/ops.h"

static inline void jump_to(struct cpu *cpu, u32 target, int osz)
{
	if (osz == 2)
		target &= 0xFFFF;
	if (target > cpu->seg[SEG_CS].limit)
		raise_gp(cpu, 0);
	cpu->eip = target;
}

void op_jcc(struct cpu *cpu, const struct insn *i)
{
	if (cond_true(cpu, i->op & 0xF))
		jump_to(cpu, cpu->eip + i->len + i->imm, i->osz);
	else
		cpu->eip += i->len;
}

/* JZ/JNZ, the most common branches, with ZF read straight off the lazy
 * result (the decoder picks these for opcodes 74/75 and 0F 84/85). */
static inline bool zf_now(struct cpu *cpu)
{
	const struct lazy_flags *lf = &cpu->lf;
	if (lf->op == LF_NONE)
		return cpu->eflags & FLAG_ZF;
	if (unlikely(lf->op == LF_ROT))
		return lf_flags(cpu) & FLAG_ZF;
	return (lf->res & size_mask(lf->size)) == 0;
}

void op_jz(struct cpu *cpu, const struct insn *i)
{
	if (zf_now(cpu))
		jump_to(cpu, cpu->eip + i->len + i->imm, i->osz);
	else
		cpu->eip += i->len;
}

void op_jnz(struct cpu *cpu, const struct insn *i)
{
	if (!zf_now(cpu))
		jump_to(cpu, cpu->eip + i->len + i->imm, i->osz);
	else
		cpu->eip += i->len;
}

void op_jmp_rel(struct cpu *cpu, const struct insn *i)
{
	jump_to(cpu, cpu->eip + i->len + i->imm, i->osz);
}

void op_call_rel(struct cpu *cpu, const struct insn *i)
{
	u32 next = cpu->eip + i->len;
	u32 target = next + i->imm;
	if (i->osz == 2)
		target &= 0xFFFF;
	if (target > cpu->seg[SEG_CS].limit)
		raise_gp(cpu, 0);
	push(cpu, next, i->osz);
	cpu->eip = target;
}

void op_jmp_rm(struct cpu *cpu, const struct insn *i)
{
	jump_to(cpu, read_rm(cpu, i, i->osz), i->osz);
}

void op_call_rm(struct cpu *cpu, const struct insn *i)
{
	u32 target = read_rm(cpu, i, i->osz);
	if (target > cpu->seg[SEG_CS].limit)
		raise_gp(cpu, 0);
	push(cpu, cpu->eip + i->len, i->osz);
	cpu->eip = target;
}

void op_jmp_far(struct cpu *cpu, const struct insn *i)
{
	seg_far_jmp(cpu, i->imm2, i->imm, cpu->eip + i->len, i->osz);
}

void op_call_far(struct cpu *cpu, const struct insn *i)
{
	seg_far_call(cpu, i->imm2, i->imm, cpu->eip + i->len, i->osz);
}

void op_jmpf_rm(struct cpu *cpu, const struct insn *i)
{
	u32 off = insn_ea(cpu, i);
	u32 eip = mem_read(cpu, i->seg, off, i->osz);
	u16 sel = mem_read(cpu, i->seg, (off + i->osz) & (i->asz32 ? 0xFFFFFFFFu : 0xFFFFu), 2);
	seg_far_jmp(cpu, sel, eip, cpu->eip + i->len, i->osz);
}

void op_callf_rm(struct cpu *cpu, const struct insn *i)
{
	u32 off = insn_ea(cpu, i);
	u32 eip = mem_read(cpu, i->seg, off, i->osz);
	u16 sel = mem_read(cpu, i->seg, (off + i->osz) & (i->asz32 ? 0xFFFFFFFFu : 0xFFFFu), 2);
	seg_far_call(cpu, sel, eip, cpu->eip + i->len, i->osz);
}

void op_ret(struct cpu *cpu, const struct insn *i)
{
	u32 target = stack_peek(cpu, i->osz, 0);
	if (target > cpu->seg[SEG_CS].limit)
		raise_gp(cpu, 0);
	set_sp(cpu, cpu->regs[R_ESP] + i->osz + (i->imm & 0xFFFF));
	cpu->eip = target;
}

void op_retf(struct cpu *cpu, const struct insn *i)
{
	seg_far_ret(cpu, i->osz, i->imm & 0xFFFF);
}

void op_iret(struct cpu *cpu, const struct insn *i)
{
	intr_iret(cpu, i->osz, cpu->eip + i->len);
	cpu_end_block(cpu);
}

/* LOOP/LOOPE/LOOPNE/JCXZ count in CX or ECX by the address size. */
static inline u32 loop_dec(struct cpu *cpu, const struct insn *i)
{
	if (i->asz32)
		return --cpu->regs[R_ECX];
	u32 c = (cpu->regs[R_ECX] - 1) & 0xFFFF;
	cpu->regs[R_ECX] = (cpu->regs[R_ECX] & 0xFFFF0000u) | c;
	return c;
}

static inline void branch_if(struct cpu *cpu, const struct insn *i, bool taken)
{
	if (taken)
		jump_to(cpu, cpu->eip + i->len + i->imm, i->osz);
	else
		cpu->eip += i->len;
}

void op_loop(struct cpu *cpu, const struct insn *i)
{
	u32 old = cpu->regs[R_ECX];
	bool taken = loop_dec(cpu, i) != 0;
	if (taken && ((cpu->eip + i->len + i->imm) & (i->osz == 2 ? 0xFFFF : ~0u)) >
			     cpu->seg[SEG_CS].limit) {
		cpu->regs[R_ECX] = old;
		raise_gp(cpu, 0);
	}
	branch_if(cpu, i, taken);
}

void op_loope(struct cpu *cpu, const struct insn *i)
{
	u32 old = cpu->regs[R_ECX];
	bool zf = get_flag(cpu, FLAG_ZF);
	bool taken = loop_dec(cpu, i) != 0 && zf;
	if (taken && ((cpu->eip + i->len + i->imm) & (i->osz == 2 ? 0xFFFF : ~0u)) >
			     cpu->seg[SEG_CS].limit) {
		cpu->regs[R_ECX] = old;
		raise_gp(cpu, 0);
	}
	branch_if(cpu, i, taken);
}

void op_loopne(struct cpu *cpu, const struct insn *i)
{
	u32 old = cpu->regs[R_ECX];
	bool zf = get_flag(cpu, FLAG_ZF);
	bool taken = loop_dec(cpu, i) != 0 && !zf;
	if (taken && ((cpu->eip + i->len + i->imm) & (i->osz == 2 ? 0xFFFF : ~0u)) >
			     cpu->seg[SEG_CS].limit) {
		cpu->regs[R_ECX] = old;
		raise_gp(cpu, 0);
	}
	branch_if(cpu, i, taken);
}

void op_jcxz(struct cpu *cpu, const struct insn *i)
{
	u32 c = i->asz32 ? cpu->regs[R_ECX] : cpu->regs[R_ECX] & 0xFFFF;
	branch_if(cpu, i, c == 0);
}

/* ---- software interrupts ---- */

void op_int(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->eflags & FLAG_VM) && iopl(cpu) < 3)
		raise_gp(cpu, 0);
	if ((i->imm & 0xFF) == 0x80 && cpu->cpl == 3)
		cpu->nr_syscalls++;
	intr_deliver(cpu, i->imm & 0xFF, INTR_SOFTWARE, false, 0, cpu->eip + i->len);
}

void op_int3(struct cpu *cpu, const struct insn *i)
{
	intr_deliver(cpu, EXC_BP, INTR_SOFTWARE, false, 0, cpu->eip + i->len);
}

void op_into(struct cpu *cpu, const struct insn *i)
{
	if (get_flag(cpu, FLAG_OF))
		intr_deliver(cpu, EXC_OF, INTR_SOFTWARE, false, 0, cpu->eip + i->len);
	else
		cpu->eip += i->len;
}

void op_int1(struct cpu *cpu, const struct insn *i)
{
	/* ICEBP: a debug trap without the DPL check of INT n. */
	intr_deliver(cpu, EXC_DB, INTR_EXCEPTION, false, 0, cpu->eip + i->len);
}

void op_bound(struct cpu *cpu, const struct insn *i)
{
	int sz = i->osz;
	u32 off = insn_ea(cpu, i);
	u32 lo = mem_read(cpu, i->seg, off, sz);
	u32 hi = mem_read(cpu, i->seg, (off + sz) & (i->asz32 ? 0xFFFFFFFFu : 0xFFFFu), sz);
	u32 v = get_reg(cpu, i->reg, sz);
	bool out;
	if (sz == 2)
		out = (s16)v < (s16)lo || (s16)v > (s16)hi;
	else
		out = (s32)v < (s32)lo || (s32)v > (s32)hi;
	if (out)
		cpu_fault(cpu, EXC_BR, NO_ERR);
	cpu->eip += i->len;
}

/* ---- I/O ---- */

void op_in_i(struct cpu *cpu, const struct insn *i)
{
	u16 port = i->imm & 0xFF;
	cpu_check_io(cpu, port, i->osz);
	set_reg(cpu, R_EAX, i->osz, bus_io_read(cpu->bus, port, i->osz));
	cpu->eip += i->len;
}

void op_out_i(struct cpu *cpu, const struct insn *i)
{
	u16 port = i->imm & 0xFF;
	cpu_check_io(cpu, port, i->osz);
	cpu->eip += i->len;
	bus_io_write(cpu->bus, port, get_reg(cpu, R_EAX, i->osz), i->osz);
}

void op_in_dx(struct cpu *cpu, const struct insn *i)
{
	u16 port = cpu->regs[R_EDX];
	cpu_check_io(cpu, port, i->osz);
	set_reg(cpu, R_EAX, i->osz, bus_io_read(cpu->bus, port, i->osz));
	cpu->eip += i->len;
}

void op_out_dx(struct cpu *cpu, const struct insn *i)
{
	u16 port = cpu->regs[R_EDX];
	cpu_check_io(cpu, port, i->osz);
	cpu->eip += i->len;
	bus_io_write(cpu->bus, port, get_reg(cpu, R_EAX, i->osz), i->osz);
}

void op_hlt(struct cpu *cpu, const struct insn *i)
{
	if (cpu->pe && cpu->cpl != 0)
		raise_gp(cpu, 0);
	cpu->eip += i->len;
	cpu->halted = true;
	cpu_end_block(cpu);
}

/* ---- flags ---- */

static void set_arith_flag(struct cpu *cpu, u32 f, int how)
{
	flags_materialize(cpu);
	if (how > 0)
		cpu->eflags |= f;
	else if (how < 0)
		cpu->eflags &= ~f;
	else
		cpu->eflags ^= f;
}

void op_clc(struct cpu *cpu, const struct insn *i) { set_arith_flag(cpu, FLAG_CF, -1); cpu->eip += i->len; }
void op_stc(struct cpu *cpu, const struct insn *i) { set_arith_flag(cpu, FLAG_CF, 1); cpu->eip += i->len; }
void op_cmc(struct cpu *cpu, const struct insn *i) { set_arith_flag(cpu, FLAG_CF, 0); cpu->eip += i->len; }
void op_cld(struct cpu *cpu, const struct insn *i) { cpu->eflags &= ~FLAG_DF; cpu->eip += i->len; }
void op_std(struct cpu *cpu, const struct insn *i) { cpu->eflags |= FLAG_DF; cpu->eip += i->len; }

/* CLI/STI need CPL <= IOPL in protected mode (VME/PVI: cpu-sys). */
static void check_if_privilege(struct cpu *cpu)
{
	if (cpu->pe && cpu->cpl > iopl(cpu))
		raise_gp(cpu, 0);
}

void op_cli(struct cpu *cpu, const struct insn *i)
{
	check_if_privilege(cpu);
	cpu->eflags &= ~FLAG_IF;
	cpu->eip += i->len;
}

void op_sti(struct cpu *cpu, const struct insn *i)
{
	check_if_privilege(cpu);
	if (!(cpu->eflags & FLAG_IF))
		cpu->shadow = 1;	/* interrupts wait one more instruction */
	cpu->eflags |= FLAG_IF;
	cpu->eip += i->len;
}

void op_pushf(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->eflags & FLAG_VM) && iopl(cpu) < 3)
		raise_gp(cpu, 0);
	push(cpu, cpu_get_eflags(cpu) & ~(FLAG_VM | FLAG_RF), i->osz);
	cpu->eip += i->len;
}

void op_popf(struct cpu *cpu, const struct insn *i)
{
	if ((cpu->eflags & FLAG_VM) && iopl(cpu) < 3)
		raise_gp(cpu, 0);
	u32 v = stack_peek(cpu, i->osz, 0);
	u32 cur = cpu_get_eflags(cpu);
	u32 keep = FLAG_VM | FLAG_VIF | FLAG_VIP;
	if (cpu->pe && cpu->cpl > 0)
		keep |= FLAG_IOPL;
	if (cpu->pe && cpu->cpl > iopl(cpu))
		keep |= FLAG_IF;
	if (i->osz == 2)
		keep |= 0xFFFF0000u;
	u32 nv = ((v & ~keep) | (cur & keep)) & ~FLAG_RF;
	set_sp(cpu, cpu->regs[R_ESP] + i->osz);
	cpu_set_eflags(cpu, nv);
	cpu->eip += i->len;
}

void op_sahf(struct cpu *cpu, const struct insn *i)
{
	u32 mask = FLAG_SF | FLAG_ZF | FLAG_AF | FLAG_PF | FLAG_CF;
	flags_materialize(cpu);
	cpu->eflags = (cpu->eflags & ~mask) | ((cpu->regs[R_EAX] >> 8) & mask);
	cpu->eip += i->len;
}

void op_lahf(struct cpu *cpu, const struct insn *i)
{
	set_reg(cpu, 4, 1, cpu_get_eflags(cpu) & 0xFF);	/* AH */
	cpu->eip += i->len;
}
