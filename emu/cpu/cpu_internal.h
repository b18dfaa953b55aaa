/*
 * The CPU core's private interface: what every emu/cpu*.c, decode.c, ops*.c,
 * flags.c, mmu.c, seg.c and intr.c file shares. Nothing outside the CPU
 * includes this.
 *
 * How an instruction runs
 *   The decoder (decode.c) turns the bytes at a physical address into a
 *   block of struct insn, each with the handler that executes it (insn_fn).
 *   The run loop (cpu.c) calls the handlers one after the other. While a
 *   handler runs, cpu->eip still points at the instruction's first byte; the
 *   handler sets cpu->eip to the next instruction (eip + len) or the branch
 *   target as its last act, after every access that could fault. So a
 *   handler that faults leaves EIP on the faulting instruction, which is
 *   what the SDM requires of faults.
 *
 * How exceptions are raised
 *   cpu_fault(cpu, vector, error) (and the shorthands raise_gp, raise_ud...)
 *   record the exception and longjmp to the recovery point set in cpu_run.
 *   Nothing is unwound: a handler must not leave state half-updated before
 *   something that can fault. Registers it changes (ESP for PUSH, ECX/ESI/EDI
 *   for one REP iteration) are written only after the memory access that can
 *   fault, so restarting the instruction is always correct. The run loop
 *   then calls intr_exception() (intr.c), which delivers it through the IVT
 *   or IDT; an exception while delivering one becomes #DF, then a triple
 *   fault (reset or CPU_STOP_SHUTDOWN).
 *   Software interrupts (INT n, INT3, INTO, BOUND is a fault) are delivered
 *   directly by their handlers through intr_deliver() with the return
 *   address of the next instruction.
 *
 * How memory is accessed
 *   offset --(segment check: cpu->seg[s].lo/hi/ok)--> linear = base + offset
 *   --(TLB: tag compare on the linear page)--> host pointer, or on a miss
 *   mmu_*_slow(), which translates (paging: mmu.c), fills the TLB entry when
 *   the physical page is plain RAM/ROM (MMIO never gets a host pointer) and
 *   otherwise goes to bus_mem_read/write. Accesses crossing a page boundary
 *   take the slow path and are split into bytes there, each byte translated,
 *   so a #PF reports the right address. Write tags are never set for pages
 *   that hold decoded code, so every write to such a page goes through the
 *   bus, whose code_write hook invalidates the page's blocks (SMC).
 *   A failed segment check calls seg_fault() (seg.c), which raises #GP or
 *   #SS with the right error code. cpu->tlb is the TLB for the current CPL
 *   (one for CPL 0-2, one for CPL 3, so cached rights are always those of
 *   the access); descriptor tables, the IDT and the TSS are read and written
 *   through mmu_sys_read/mmu_sys_write, with supervisor rights at any CPL.
 *
 * Lazy flags
 *   Flag-setting handlers call set_flags_*(); consumers call get_cf() etc.,
 *   cond_true() for Jcc/SETcc/CMOVcc, or cpu_get_eflags() for the whole
 *   register (flags.c).
 */
#ifndef LUCID_CPU_INTERNAL_H
#define LUCID_CPU_INTERNAL_H

#include "emu/board/bus.h"
#include "emu/board/irq.h"
#include "emu/board/clock.h"
#include "emu/cpu/cpu.h"

/* ---------------- decoded instructions ---------------- */

typedef void insn_fn(struct cpu *cpu, const struct insn *i);

struct insn {
	insn_fn *fn;		/* executes the instruction */
	u8 len;			/* bytes, prefixes included */
	u8 osz;			/* operand size 1, 2 or 4 */
	u8 asz32;		/* 32-bit addressing */
	u8 mod3;		/* ModRM names a register (mod == 3) */
	u8 reg;			/* ModRM.reg, or the register coded in the opcode */
	u8 rm;			/* ModRM.rm (register number when mod3) */
	u8 seg;			/* segment of the memory operand, overrides applied */
	u8 base, index, scale;	/* EA = regs[base] + (regs[index] << scale) + disp */
	u8 rep;			/* 0, 0xF2 (REPNE) or 0xF3 (REP/REPE) */
	u8 lock;		/* LOCK prefix seen */
	u8 flags;		/* INSN_* */
	u16 op;			/* opcode: 0x00-0xFF, 0x0F00 | second byte */
	u32 disp;
	u32 imm;		/* first immediate (sign-extended where the opcode says so) */
	u32 imm2;		/* second immediate: ENTER level, far pointer selector */
};

#define INSN_END 0x01		/* block ends after this instruction */
#define INSN_SHADOW 0x02	/* may open an interrupt shadow (MOV/POP SS, STI) */
#define INSN_MEM 0x04		/* has a ModRM or offset memory operand (TLB statistics) */

/* Decode one instruction from buf (avail bytes) into *out for the CPU's
 * current code size and model. Returns its length, or 0 when it needs more
 * than avail bytes. Never faults: undefined or over-long encodings decode
 * to handlers that raise #UD/#GP when executed. */
int decode_insn_buf(struct cpu *cpu, const u8 *buf, int avail, struct insn *out);
/* The handler raising #UD, used for undefined encodings. */
void op_ud(struct cpu *cpu, const struct insn *i);

/* ---------------- exceptions ---------------- */

#define NO_ERR 0xFFFFFFFFu	/* "no error code" for cpu_fault */
_Noreturn void cpu_fault(struct cpu *cpu, int vector, u32 error);
static inline _Noreturn void raise_ud(struct cpu *cpu) { cpu_fault(cpu, EXC_UD, NO_ERR); }
static inline _Noreturn void raise_gp(struct cpu *cpu, u32 err) { cpu_fault(cpu, EXC_GP, err); }
static inline _Noreturn void raise_ss(struct cpu *cpu, u32 err) { cpu_fault(cpu, EXC_SS, err); }
static inline _Noreturn void raise_de(struct cpu *cpu) { cpu_fault(cpu, EXC_DE, NO_ERR); }

enum intr_kind {
	INTR_EXCEPTION,		/* fault/trap raised by the CPU */
	INTR_SOFTWARE,		/* INT n, INT3, INTO: IOPL/DPL checks in PM */
	INTR_EXTERNAL,		/* INTR pin or NMI */
};
/*
 * Deliver interrupt vector through the IVT (real mode) or IDT, pushing
 * return_eip (and err if has_err) and loading the handler's CS:EIP. May
 * fault (cpu_fault) itself. intr.c.
 */
void intr_deliver(struct cpu *cpu, int vector, enum intr_kind kind, bool has_err, u32 err,
		  u32 return_eip);
/* Tell the debugger about a rare event; it may ask the run loop to stop. */
static inline void cpu_debug_event(struct cpu *cpu, int ev, u32 a, u32 b)
{
	if (unlikely(cpu->trace_event != NULL))
		cpu->trace_event(cpu->trace_opaque, ev, a, b);
	if (unlikely(cpu->debug_event != NULL) && cpu->debug_event(cpu->debug_opaque, ev, a, b)) {
		cpu->debug_stop = true;
		cpu->exit_request = true;
	}
}
/* Deliver the exception recorded by cpu_fault (called by the run loop). */
void intr_exception(struct cpu *cpu);
/* IRET in all its forms (intr.c). */
void intr_iret(struct cpu *cpu, int osz, u32 next_eip);

/* ---------------- segments (seg.c) ---------------- */

/* Load a segment register by the rules of the current mode (MOV/POP/LDS...). */
void seg_load(struct cpu *cpu, int seg, u16 sel);
/* Far control transfers: JMP/CALL far, RET far, gates and tasks (seg.c, task.c). */
void seg_far_jmp(struct cpu *cpu, u16 sel, u32 eip, u32 next_eip, int osz);
void seg_far_call(struct cpu *cpu, u16 sel, u32 eip, u32 next_eip, int osz);
void seg_far_ret(struct cpu *cpu, int osz, u16 pop_bytes);
/* Set a segment register's cache directly (real-mode style or a descriptor). */
void seg_set_real(struct cpu *cpu, int seg, u16 sel);
void seg_set_cache(struct cpu *cpu, int seg, u16 sel, u32 base, u32 limit, u16 attr);
/* Raise the fault for an access that failed the fast segment check. */
_Noreturn void seg_fault(struct cpu *cpu, int seg, u32 off, int size, int acc);
/* Recompute cpl/code32/stack32/pe from CR0, EFLAGS, CS and SS. */
void cpu_update_mode(struct cpu *cpu);

/* A descriptor as read from the GDT/LDT/IDT, with its fields unpacked. */
struct desc {
	u32 lo, hi;		/* the two dwords as in memory */
	u32 base, limit;	/* limit with G applied */
	u16 attr;		/* as struct seg's attr */
};
void desc_unpack(struct desc *d);
/* Read sel's descriptor (supervisor access); false if outside its table. */
bool desc_read(struct cpu *cpu, u16 sel, struct desc *d);
void desc_set_accessed(struct cpu *cpu, u16 sel, struct desc *d);
/* Load CS from a checked descriptor; CPL becomes cpl (and RPL of CS). */
void seg_load_cs(struct cpu *cpu, u16 sel, struct desc *d, int cpl);
/* Checks of RET/IRET (#GP/#NP/#SS with the selector). */
void seg_check_return_cs(struct cpu *cpu, u16 cs, struct desc *d);
void seg_check_return_ss(struct cpu *cpu, u16 ss, int rpl, struct desc *d);
/* Null the data registers the new (outer) CPL may not use. */
void seg_null_outer(struct cpu *cpu);
/* Inner stack from the TSS and its checks (#TS/#SS, error code | ext). */
void tss_inner_stack(struct cpu *cpu, int dpl, u16 *ss, u32 *esp, u32 ext);
void seg_check_inner_ss(struct cpu *cpu, u16 ss, int dpl, struct desc *d, u32 ext);
/* Pushes onto a stack not loaded yet; nstack_commit loads SS:ESP. */
struct nstack {
	u16 sel;
	struct desc d;
	struct seg s;		/* for the limit checks */
	u32 mask, esp, ext;
};
void nstack_init(struct nstack *ns, u16 sel, const struct desc *d, u32 esp, u32 ext);
void nstack_push(struct cpu *cpu, struct nstack *ns, u32 val, int size);
void nstack_commit(struct cpu *cpu, struct nstack *ns);
/* LAR/LSL/VERR/VERW: true when ZF is to be set. */
bool seg_lar(struct cpu *cpu, u16 sel, u32 *ar);
bool seg_lsl(struct cpu *cpu, u16 sel, u32 *limit);
bool seg_verify(struct cpu *cpu, u16 sel, bool write);

/* ---------------- single-step and debug registers (dr.c) ---------------- */

/* DR7 or DR0-3 changed: recount the enabled breakpoints (flushes the TLB
 * when data breakpoints come or go). */
void dr_update(struct cpu *cpu);
/* A page holding a data breakpoint: the TLB keeps no read/write tag. */
bool dr_watch_page(const struct cpu *cpu, u32 page);
/* A slow-path access: record data breakpoint hits (trap after the insn). */
void dr_check_data(struct cpu *cpu, u32 lin, int size, bool write);
/* Run loop, while TF, RF, an instruction breakpoint or a hit is pending
 * (RF only lasts for one instruction, so that one is stepped too):
 * before one instruction (true: it delivered a #DB, go round again; may
 * raise the instruction-breakpoint fault) and after it. */
bool dr_before(struct cpu *cpu);
void dr_after(struct cpu *cpu, bool tf, u32 deliveries);
static inline bool dr_active(const struct cpu *cpu)
{
	return (cpu->eflags & (FLAG_TF | FLAG_RF)) | cpu->dr_exec | cpu->dr_pending;
}

/* ---------------- hardware task switches (task.c) ---------------- */

enum task_reason { TASK_JMP, TASK_CALL, TASK_IRET, TASK_INT };
/* JMP/CALL to a TSS descriptor or a task gate (sel, d already checked for
 * gate privilege and presence). */
void task_switch_far(struct cpu *cpu, u16 sel, struct desc *d, enum task_reason why,
		     u32 next_eip);
/* Switch to the task whose TSS descriptor is tss_sel (SDM 3A 7.3). For
 * TASK_INT, err (if has_err) is pushed on the new task's stack. */
void task_switch(struct cpu *cpu, u16 tss_sel, struct desc *tss, enum task_reason why,
		 u32 next_eip, bool has_err, u32 err);

/* ---------------- linear -> physical (mmu.c) ---------------- */

enum { ACC_READ = 1, ACC_WRITE = 2, ACC_FETCH = 4 };
u32 mmu_read_slow(struct cpu *cpu, u32 lin, int size);
void mmu_write_slow(struct cpu *cpu, u32 lin, u32 val, int size);
/* Translate for an access (fills the TLB); raises #PF. Returns physical. */
u32 mmu_translate(struct cpu *cpu, u32 lin, int acc);
void mmu_flush_page(struct cpu *cpu, u32 lin);
/* CR3 was written: flush every non-global entry, count the load. */
void mmu_load_cr3(struct cpu *cpu);
/* Point cpu->tlb at the TLB for the current CPL (cpu_update_mode does). */
void mmu_select_tlb(struct cpu *cpu);
/* Implicit supervisor accesses (GDT/LDT/IDT/TSS) whatever the CPL. */
u32 mmu_sys_read(struct cpu *cpu, u32 lin, int size);
void mmu_sys_write(struct cpu *cpu, u32 lin, u32 val, int size);
/* A physical page now holds decoded code: drop write tags that point at it. */
void mmu_protect_code_page(struct cpu *cpu, u32 phys);

/* ---------------- the block cache (cpu.c) ---------------- */

/* Translations or blocks changed: forget block links (cpu.c). */
void cpu_links_stale(struct cpu *cpu);
/* A write hit a page holding decoded code (bus code_write hook). */
void cpu_code_write(void *opaque, u32 paddr, int size);
/* End the current block after this instruction (mode changes, SMC). */
static inline void cpu_end_block(struct cpu *cpu) { cpu->ins_end = NULL; }

/* ---------------- flags (flags.c) ---------------- */

enum lf_op {
	LF_NONE, LF_ADD, LF_ADC, LF_SUB, LF_SBB, LF_LOGIC, LF_INC, LF_DEC,
	LF_SHL, LF_SHR, LF_SAR, LF_MUL,
	LF_ROT,		/* ROL/ROR: CF = lf.cf, OF = lf.b, the rest from lf_prev */
};

u32 lf_flags(const struct cpu *cpu);	/* the six arithmetic flags from lf */
void flags_materialize(struct cpu *cpu);	/* fold lf into eflags, op = LF_NONE */
bool cond_true(struct cpu *cpu, int cc);	/* condition codes 0..15 (Jcc order) */

static inline void set_lf(struct cpu *cpu, int op, int size, u32 res, u32 a, u32 b)
{
	cpu->lf.op = op;
	cpu->lf.size = size;
	cpu->lf.res = res;
	cpu->lf.a = a;
	cpu->lf.b = b;
}

bool lf_cf(const struct cpu *cpu);
static inline bool get_cf(struct cpu *cpu)
{
	if (cpu->lf.op == LF_NONE)
		return cpu->eflags & FLAG_CF;
	return lf_cf(cpu);
}

static inline bool get_flag(struct cpu *cpu, u32 f)
{
	if ((f & FLAGS_ARITH) && cpu->lf.op != LF_NONE)
		flags_materialize(cpu);
	return cpu->eflags & f;
}

/* ---------------- registers ---------------- */

static inline u32 size_mask(int size)
{
	return size == 4 ? 0xFFFFFFFFu : size == 2 ? 0xFFFFu : 0xFFu;
}

static inline u8 *reg8p(struct cpu *cpu, int r)
{
	return (u8 *)&cpu->regs[r & 3] + (r >> 2);
}

static inline u32 get_reg(struct cpu *cpu, int r, int size)
{
	if (size == 4)
		return cpu->regs[r];
	if (size == 2)
		return (u16)cpu->regs[r];
	return *reg8p(cpu, r);
}

static inline void set_reg(struct cpu *cpu, int r, int size, u32 v)
{
	if (size == 4)
		cpu->regs[r] = v;
	else if (size == 2)
		cpu->regs[r] = (cpu->regs[r] & 0xFFFF0000u) | (v & 0xFFFF);
	else
		*reg8p(cpu, r) = v;
}

/* Effective address (offset) of the instruction's memory operand. */
static inline u32 insn_ea(const struct cpu *cpu, const struct insn *i)
{
	u32 ea = cpu->regs[i->base] + (cpu->regs[i->index] << i->scale) + i->disp;
	return i->asz32 ? ea : (ea & 0xFFFF);
}

/* ---------------- memory access fast paths ---------------- */

/* Segment check; returns the linear address or raises #GP/#SS. */
static inline u32 seg_lin(struct cpu *cpu, int s, u32 off, int size, int acc)
{
	const struct seg *sg = &cpu->seg[s];
	if (unlikely(!(sg->ok & acc) || off < sg->lo || off > sg->hi ||
		     sg->hi - off < (u32)size - 1))
		seg_fault(cpu, s, off, size, acc);
	return sg->base + off;
}

static inline u32 lin_read(struct cpu *cpu, u32 lin, int size)
{
	const struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (likely(e->tag_read == ((lin + size - 1) & PAGE_MASK))) {
		const u8 *p = (const u8 *)(e->host + lin);
		return size == 1 ? *p : size == 2 ? ld16(p) : ld32(p);
	}
	return mmu_read_slow(cpu, lin, size);
}

static inline void lin_write(struct cpu *cpu, u32 lin, u32 val, int size)
{
	const struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	if (likely(e->tag_write == ((lin + size - 1) & PAGE_MASK))) {
		u8 *p = (u8 *)(e->host + lin);
		if (size == 1)
			*p = val;
		else if (size == 2)
			st16(p, val);
		else
			st32(p, val);
		return;
	}
	mmu_write_slow(cpu, lin, val, size);
}

static inline u32 mem_read(struct cpu *cpu, int s, u32 off, int size)
{
	return lin_read(cpu, seg_lin(cpu, s, off, size, SEG_OK_READ), size);
}

static inline void mem_write(struct cpu *cpu, int s, u32 off, u32 val, int size)
{
	lin_write(cpu, seg_lin(cpu, s, off, size, SEG_OK_WRITE), val, size);
}

/* Check that a write will pass the segment and page checks, without writing
 * (for instructions that must fault before changing anything). */
static inline u32 mem_probe_write(struct cpu *cpu, int s, u32 off, int size)
{
	u32 lin = seg_lin(cpu, s, off, size, SEG_OK_WRITE);
	mmu_translate(cpu, lin, ACC_WRITE);
	if (((lin + size - 1) ^ lin) & PAGE_MASK)
		mmu_translate(cpu, lin + size - 1, ACC_WRITE);
	return lin;
}

/* ModRM operand: register or memory. */
static inline u32 read_rm(struct cpu *cpu, const struct insn *i, int size)
{
	if (i->mod3)
		return get_reg(cpu, i->rm, size);
	return mem_read(cpu, i->seg, insn_ea(cpu, i), size);
}

static inline void write_rm(struct cpu *cpu, const struct insn *i, int size, u32 v)
{
	if (i->mod3)
		set_reg(cpu, i->rm, size, v);
	else
		mem_write(cpu, i->seg, insn_ea(cpu, i), v, size);
}

/* ---------------- the stack ---------------- */

static inline u32 sp_mask(const struct cpu *cpu) { return cpu->stack32 ? 0xFFFFFFFFu : 0xFFFFu; }

static inline void set_sp(struct cpu *cpu, u32 v)
{
	if (cpu->stack32)
		cpu->regs[R_ESP] = v;
	else
		cpu->regs[R_ESP] = (cpu->regs[R_ESP] & 0xFFFF0000u) | (v & 0xFFFF);
}

/* Push size bytes; ESP changes only once the write succeeded. */
static inline void push(struct cpu *cpu, u32 v, int size)
{
	u32 sp = (cpu->regs[R_ESP] - size) & sp_mask(cpu);
	mem_write(cpu, SEG_SS, sp, v, size);
	set_sp(cpu, sp);
}

/* Read the value size bytes at the top of the stack (plus skip bytes). */
static inline u32 stack_peek(struct cpu *cpu, int size, u32 skip)
{
	return mem_read(cpu, SEG_SS, (cpu->regs[R_ESP] + skip) & sp_mask(cpu), size);
}

static inline u32 pop(struct cpu *cpu, int size)
{
	u32 v = stack_peek(cpu, size, 0);
	set_sp(cpu, cpu->regs[R_ESP] + size);
	return v;
}

/* ---------------- the FPU (fpu_ops.c) ---------------- */

/* RESET state (power_on) or FNINIT's. */
void fpu_reset(struct cpu *cpu, bool power_on);

/* ---------------- performance counters (pmc.c) ---------------- */

/* Count the instructions run since the last sync at the privilege they ran
 * at; then the CPL from now on is cpu->cpl's. */
void pmc_sync(struct cpu *cpu);
/* RDMSR/WRMSR of PerfCtr0/1 and PerfEvtSel0/1: 0, or -1 for another MSR. */
int pmc_rdmsr(struct cpu *cpu, u32 msr, u64 *v);
int pmc_wrmsr(struct cpu *cpu, u32 msr, u64 v);

/* ---------------- misc ---------------- */

static inline bool model_at_least(const struct cpu *cpu, enum cpu_model m) { return cpu->model >= m; }
static inline bool is_real(const struct cpu *cpu) { return !cpu->pe; }
static inline bool is_vm86(const struct cpu *cpu) { return cpu->eflags & FLAG_VM; }
static inline int iopl(const struct cpu *cpu) { return (cpu->eflags >> 12) & 3; }
/* I/O permission for IN/OUT/INS/OUTS (seg.c checks the TSS bitmap in PM). */
void cpu_check_io(struct cpu *cpu, u16 port, int size);
/* Write CR0/CR3/CR4 with their side effects (mode, TLB, blocks). */
void cpu_write_cr(struct cpu *cpu, int n, u32 val);

#endif
