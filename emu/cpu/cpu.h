/*
 * The CPU as the rest of the machine sees it. The CPU core owns everything
 * behind this interface (emu/cpu*.c, emu/decode*.c, emu/ops*.c, emu/mmu*.c,
 * emu/cpu/seg.c, emu/cpu/intr.c); the machine, the debugger and the tests use only
 * what is declared here (plus struct cpu's fields, read-only outside the CPU
 * except through the setters below or while the CPU is stopped).
 *
 * The contract with the machine loop:
 *   - cpu_run() executes instructions until clock->icount reaches limit, or
 *     earlier when the CPU halts, an interrupt needs delivering, a device
 *     asked for the loop's attention (cpu_request_exit), or the debugger
 *     stops it. It returns why it stopped.
 *   - clock->icount is incremented once per retired instruction, exactly. A
 *     faulting instruction does not retire; delivering an exception counts
 *     as one tick (so a guest caught in a loop of faults still sees time
 *     pass and cpu_run still returns); taking an external interrupt or
 *     executing INT n adds nothing beyond the INT instruction itself.
 *     Each iteration of a REP string instruction counts as one (QEMU's
 *     -icount does the same); REP with ECX = 0 counts one. A REP string
 *     stops between iterations, EIP left on it (prefixes included) and
 *     ECX/ESI/EDI describing the work left, when icount reaches limit,
 *     after a bounded chunk, when an interrupt or exit request is pending
 *     and when single-stepping (one iteration per step, SDM 3A 17.3.1.4),
 *     so cpu_run never runs past limit and always returns promptly.
 *   - The INTR pin is driven by the master PIC through cpu_set_intr(); when
 *     the CPU takes the interrupt it calls the acknowledge callback to get
 *     the vector (the PIC's INTA cycle).
 *
 * Architectural state follows the Intel SDM vol. 3A, chapters 2 (system
 * registers), 3 (segment registers and their hidden descriptor caches) and
 * 4 (paging); MSR numbers from vol. 4.
 */
#ifndef LUCID_CPU_H
#define LUCID_CPU_H

#include <setjmp.h>

#include "emu/lib/types.h"
#include "emu/lib/x86.h"

struct bus;
struct clock;
struct cpu;
struct jit;
struct irq_line;

enum cpu_model { CPU_386, CPU_486, CPU_PENTIUM, CPU_P6 };

enum cpu_stop {
	CPU_STOP_LIMIT,		/* icount reached the limit */
	CPU_STOP_HALT,		/* HLT with nothing to wake it yet */
	CPU_STOP_EXIT,		/* cpu_request_exit() was called */
	CPU_STOP_DEBUG,		/* a breakpoint, watchpoint or single step */
	CPU_STOP_SHUTDOWN,	/* triple fault with reset disabled */
};

/* General registers, in the order of their encoding in ModRM.reg. */
enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI, R_NONE };
/* Segment registers, in the order of their encoding (sreg field). */
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_COUNT };

/* EFLAGS, CR0 and CR4 bits (FLAG_*, CR0_*, CR4_*) are in emu/lib/x86.h. */

/* MSRs we implement (SDM vol. 4). */
#define MSR_TSC 0x10u
#define MSR_APIC_BASE 0x1Bu
#define MSR_EFER 0xC0000080u	/* with -cpu p6,nx=on: only NXE (bit 11) */
#define EFER_NXE (1u << 11)
#define MSR_PLATFORM_ID 0x17u	/* P6: IA32_PLATFORM_ID, read-only */
#define MSR_PERFCTR0 0xC1u	/* P6 performance counters (emu/cpu/pmc.c) */
#define MSR_PERFCTR1 0xC2u
#define MSR_PERFEVTSEL0 0x186u
#define MSR_PERFEVTSEL1 0x187u
#define MSR_BIOS_SIGN_ID 0x8Bu	/* P6: the loaded microcode's revision (IA32_BIOS_SIGN_ID) */
#define MSR_SYSENTER_CS 0x174u
#define MSR_SYSENTER_ESP 0x175u
#define MSR_SYSENTER_EIP 0x176u

/* Exception vectors. */
enum {
	EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5,
	EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12,
	EXC_GP = 13, EXC_PF = 14, EXC_MF = 16, EXC_AC = 17, EXC_MC = 18,
};

/*
 * A segment register with its hidden descriptor cache (SDM 3A 3.4.3). The
 * access path uses lo/hi/ok so that expand-down segments, null selectors
 * and read/write rights cost one range check on the fast path.
 */
struct seg {
	u16 sel;		/* visible selector */
	u32 base;		/* linear base */
	u32 limit;		/* byte-granular limit (G already applied) */
	u16 attr;		/* descriptor bits 40..55: type(4) S DPL(2) P | AVL L D/B G at 12..15 */
	u32 lo, hi;		/* valid offsets are lo..hi (expand-down: limit+1..top) */
	u8 ok;			/* SEG_OK_READ | SEG_OK_WRITE: accesses allowed on the fast path */
};
#define SEG_OK_READ 1
#define SEG_OK_WRITE 2
/* attr fields */
#define SEGA_TYPE(a) ((a) & 0xF)
#define SEGA_S 0x0010u		/* code/data (not system) */
#define SEGA_DPL(a) (((a) >> 5) & 3)
#define SEGA_P 0x0080u
#define SEGA_DB 0x4000u		/* default size 32 (code) / big (stack) */
#define SEGA_G 0x8000u

/* Descriptor table registers and the task/LDT registers (with their caches). */
struct dtr {
	u32 base;
	u16 limit;
};

/*
 * Lazy flags (see emu/cpu/flags.c): the last flag-setting operation is kept as
 * (op, size, result, operands); the six arithmetic flags are computed only
 * when something reads them.
 */
struct lazy_flags {
	u32 res, a, b;		/* result and the two operands */
	u8 op;			/* enum lf_op; LF_NONE: eflags holds the flags */
	u8 size;		/* 1, 2 or 4 */
	u8 cf;			/* carry-in (ADC/SBB) or preserved CF (INC/DEC) */
};

/* One software TLB entry (emu/cpu/mmu.c). host+lin is the host address. */
struct tlb_entry {
	u32 tag_read;		/* linear page, or TLB_INVALID */
	u32 tag_write;
	u32 tag_fetch;
	u32 phys;		/* physical page */
	uintptr_t host;		/* host page address minus linear page address */
	u32 flags;		/* TLBE_*: what the cached translation allows */
};
#define TLB_BITS 8
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_INVALID 1u
#define TLBE_WRITE 0x1u		/* writable at this TLB's privilege, dirty bit already set */
#define TLBE_GLOBAL 0x2u	/* PGE global page: survives CR3 loads */
#define TLBE_PAGED 0x4u		/* made by a page walk (not the identity map) */
#define TLBE_NX 0x8u		/* PAE with EFER.NXE: execute disable at some level */

/* TLB statistics (emu/cpu/mmu.c). The inline fast path is not counted access
 * by access (that would cost every memory access): the run loop counts, per
 * block run, one code fetch and the block's instructions with a memory
 * operand (the data lookups they make, slow path included), so that
 * fetches + mem_ops - hits - misses estimates the fast-path hits. */
struct tlb_stats {
	u64 blocks;		/* decoded blocks run: one code fetch lookup each */
	u64 mem_ops;		/* ModRM/offset memory operands of the instructions run */
	u64 hits;		/* slow-path lookups answered from the TLB */
	u64 misses;		/* page walks (paging on) */
	u64 flushes;		/* full flushes (CR0/CR4 changes, CR3 without PGE, A20) */
	u64 page_flushes;	/* INVLPG */
	u64 cr3_loads;		/* MOV to CR3 and task switches */
	u64 faults;		/* #PF raised by the walker */
};

/* One TLB entry as the debugger sees it (mmu_tlb_dump). */
struct tlb_info {
	u32 lin;		/* linear page */
	u32 phys;		/* physical frame */
	u8 user;		/* entry of the CPL-3 TLB (else CPL 0-2) */
	u8 read, write, fetch;	/* which fast-path tags are live */
	u8 global;		/* PGE global page */
};

/*
 * The x87 FPU's architectural state (SDM vol. 1 ch. 8). Registers are kept
 * by physical number (R0-R7); ST(i) is R((TOP + i) & 7). The status word
 * holds TOP in bits 11-13. Tags: only "empty" is stored (bit set in
 * fpu.used: the register holds something); FSTENV/FSAVE compute valid,
 * zero and special from the contents, as the hardware does. emu/cpu/fpu*.c.
 */
struct fpu_reg {
	u64 sig;		/* significand, explicit integer bit 63 */
	u16 se;			/* sign (bit 15) and biased exponent */
};

struct fpu {
	struct fpu_reg r[8];	/* physical registers R0-R7 */
	u16 cw, sw;		/* control word; status word with TOP */
	u8 used;		/* bit n: Rn is not empty */
	u8 irq13;		/* FERR# asserted to the PIC (CR0.NE = 0), until OUT 0xF0 */
	u16 fop;		/* last non-control instruction's opcode (11 bits) */
	u16 fcs, fds;		/* selectors of its CS and operand */
	u32 fip, fdp;		/* its offset and its operand's offset */
};

/* FPU control and status word bits. */
#define FPU_IE 0x0001u
#define FPU_DE 0x0002u
#define FPU_ZE 0x0004u
#define FPU_OE 0x0008u
#define FPU_UE 0x0010u
#define FPU_PE 0x0020u
#define FPU_SF 0x0040u
#define FPU_ES 0x0080u
#define FPU_C0 0x0100u
#define FPU_C1 0x0200u
#define FPU_C2 0x0400u
#define FPU_C3 0x4000u
#define FPU_B 0x8000u
#define FPU_EXC 0x003Fu

struct block;
struct insn;

struct cpu {
	/* ---- architectural state ---- */
	u32 regs[R_NONE + 1];	/* EAX..EDI; regs[R_NONE] is always 0 (address forms) */
	u32 eip;		/* of the instruction executing (faults restart here) */
	u32 eflags;		/* all bits except the lazily kept arithmetic ones */
	struct lazy_flags lf;
	struct lazy_flags lf_prev;	/* under LF_ROT: the operation SF ZF AF PF come from */
	struct seg seg[SEG_COUNT];
	struct seg ldtr, tr;	/* sel + cache, like segment registers */
	struct dtr gdtr, idtr;
	u32 cr0, cr2, cr3, cr4;
	u32 dr[8];		/* DR0-3 addresses, DR6 status, DR7 control (DR4/5 alias 6/7) */
	u8 dr_exec;		/* enabled instruction breakpoints (emu/cpu/dr.c) */
	u8 dr_data;		/* enabled data breakpoints */
	u32 dr_pending;		/* data breakpoints hit by the instruction running (B0-B3) */
	u32 deliveries;		/* interrupts and exceptions delivered (for TF) */
	bool fault_rf;		/* delivering a fault: the pushed EFLAGS has RF set */
	u64 tsc_offset;		/* TSC = icount + tsc_offset (WRMSR to the TSC moves it) */
	u32 sysenter_cs, sysenter_esp, sysenter_eip;
	u64 apic_base;
	enum cpu_model model;
	bool has_fpu;		/* an x87 is there (cpu_set_fpu) */
	bool has_mmx;		/* MMX: the P6, or a Pentium given it (cpu_set_mmx) */
	bool p6_model3;		/* the P6 as logs before MMX recorded it (cpu_set_p6_model3) */
	bool has_nx;		/* execute disable: CPUID 0x80000001, EFER (cpu_set_nx) */
	u32 efer;		/* IA32_EFER: NXE only */
	struct fpu fpu;
	struct pmc {		/* P6 performance counters (emu/cpu/pmc.c) */
		u64 ctr[2];	/* PerfCtr0/1, 40 bits */
		u32 sel[2];	/* PerfEvtSel0/1 */
		u64 mark;	/* icount up to which ctr is counted */
		bool os;	/* the instructions since mark ran at CPL 0 */
	} pmc;
	struct irq_line *ferr;	/* FERR# to the PIC's IRQ13 (NULL: unconnected) */

	/* ---- derived mode bits, kept in step with CR0/EFLAGS/CS/SS ---- */
	u8 cpl;			/* current privilege level */
	bool code32;		/* CS.D: default operand/address size 32 */
	bool stack32;		/* SS.B: stack pointer is ESP */
	bool pe;		/* CR0.PE */

	/* ---- pins and run state ---- */
	bool halted;		/* HLT executed, waiting for an interrupt */
	bool intr;		/* INTR pin level */
	bool nmi_level;		/* NMI pin level (edge detection) */
	bool nmi_pending;	/* NMI edge seen, not yet delivered */
	bool nmi_blocked;	/* inside an NMI handler until IRET */
	u8 shadow;		/* 1: no interrupt before the next instruction (STI, MOV SS) */
	bool exit_request;	/* cpu_request_exit() was called */
	u64 run_limit;		/* icount a REP string must yield by (this cpu_run's
				 * limit; icount + 1 while single-stepping) */
	bool rep_resume;	/* a REP string yielded between iterations: resuming
				 * it does not stop at a breakpoint on it again */
	bool reset_on_triple;	/* triple fault resets (true) or stops (false) */
	int (*intr_ack)(void *opaque);
	void *intr_ack_opaque;

	/* ---- exception in flight (cpu_internal.h) ---- */
	jmp_buf jmp;		/* the run loop's recovery point */
	bool jmp_valid;		/* inside cpu_run: exceptions may longjmp */
	u8 exc_vector;
	bool exc_has_error;
	u32 exc_error;
	int exc_depth;		/* exceptions in delivery: 1 = one, 2 = #DF, 3 = triple fault */
	int exc_first;		/* the vector being delivered when exc_depth > 0 */
	struct cpu_exc_rec {
		u8 vector;
		u32 error;	/* NO_ERR (0xFFFFFFFF) when none */
		u16 cs;
		u32 eip;
	} exc_log[3];		/* the exceptions of a double/triple fault, in order */
	int exc_log_n;

	/* ---- memory and code caches ---- */
	struct bus *bus;
	struct clock *clock;
	struct tlb_entry *tlb;	/* the TLB for the current privilege: tlb_user at CPL 3 */
	struct tlb_entry tlb_sup[TLB_SIZE];	/* translations checked for CPL 0-2 */
	struct tlb_entry tlb_user[TLB_SIZE];	/* translations checked for CPL 3 */
	struct tlb_stats tlb_stats;
	u64 nr_syscalls;	/* INT 80h and SYSENTER from CPL 3 (a host statistic, for the panels) */
	bool ac_check;		/* CR0.AM and EFLAGS.AC: CPL-3 data accesses checked for #AC */
	struct block_cache *bc;	/* decoded blocks (emu/cpu/cpu.c) */
	const struct insn *volatile ins_end;	/* end of the run of insns in flight */
	struct jit *jit;	/* the translator (emu/cpu/jit/), NULL: interpreter only */
	u64 jit_blocks;		/* blocks run by their translation (a host statistic) */
	u32 jit_hot;		/* whole runs of a block before it is translated */
	u64 jit_link_gen;	/* the block cache's generation: a chain made in another is dead */
	u64 jit_chain_limit;	/* a chained translation runs only if it ends by this icount
				 * (0: no chaining, e.g. one instruction or breakpoints) */
	u32 cur_block_page;	/* physical page of the block executing (SMC check) */
	struct block *prev_block;	/* the block run last (for block links) */

	/* ---- debugger ---- */
	bool single_step;	/* cpu_run executes one instruction and stops */
	int n_breakpoints;
	u64 bp_pages;		/* bit (lin >> 12) & 63 set for each breakpoint's page */
	u32 breakpoints[16];	/* linear addresses (CS.base + EIP) */
	bool bp_skip;		/* resume past the breakpoint we stopped at */
	/* Observer of rare events (enum cpu_debug_event) for the debugger's
	 * catches; NULL costs nothing. Returning true stops cpu_run with
	 * CPU_STOP_DEBUG at the next instruction boundary. */
	bool (*debug_event)(void *opaque, int event, u32 a, u32 b);
	void *debug_opaque;
	bool debug_stop;	/* debug_event asked to stop */
	/* The -d log's observers (emu/ui/trace.c): the same events, without a
	 * say in the run, and every block when it is first decoded (code is
	 * the host pointer to its bytes). NULL costs nothing. */
	void (*trace_event)(void *opaque, int event, u32 a, u32 b);
	void (*trace_block)(void *opaque, u32 lin, const u8 *code, int bytes, bool code32);
	void *trace_opaque;
};

/* Events reported to cpu->debug_event: a and b are the arguments. */
enum cpu_debug_event {
	CPU_EV_EXCEPTION,	/* a = vector, b = error code (every fault, incl. a triple's three) */
	CPU_EV_INTERRUPT,	/* a = vector (INTR, NMI or INT n), b = 1 for INT n, 2 external */
	CPU_EV_CR0,		/* a = old CR0, b = new CR0 */
	CPU_EV_CR3,		/* a = old CR3, b = new CR3 (every load) */
	CPU_EV_TRIPLE,		/* a = the vector that could not be delivered */
	CPU_EV_MSR_UNKNOWN,	/* a = ECX, b = 1 for WRMSR: an MSR the model lacks (#GP follows) */
};

struct cpu *cpu_create(struct bus *bus, struct clock *clock, enum cpu_model model);
void cpu_destroy(struct cpu *cpu);
void cpu_reset(struct cpu *cpu);
enum cpu_stop cpu_run(struct cpu *cpu, u64 limit);

void cpu_set_intr(struct cpu *cpu, int level);
void cpu_set_intr_ack(struct cpu *cpu, int (*ack)(void *opaque), void *opaque);
void cpu_set_nmi(struct cpu *cpu, int level);
/* Ask cpu_run to return at the next instruction boundary. */
void cpu_request_exit(struct cpu *cpu);

/*
 * The processor models by name: every spelling -cpu accepts ("386", "486",
 * "pentium" or "586", "p6" or "686"), in the order of enum cpu_model, the
 * model's own name first. The command line, the tests and the snapshot check
 * all use this one table.
 */
struct cpu_model_alias {
	const char *name;
	enum cpu_model model;
};
extern const struct cpu_model_alias cpu_model_aliases[];
extern const size_t cpu_model_alias_count;

/* Look up a -cpu name (exact, lower case); returns 0 or -1. */
int cpu_model_parse(const char *s, enum cpu_model *out);
/* The model's own name: "386", "486", "pentium" or "p6". */
const char *cpu_model_name(enum cpu_model m);
/* Every accepted name for messages and help: "386, 486, pentium (586) or p6 (686)". */
const char *cpu_model_choices(void);

/*
 * For tests and loaders: put the CPU in flat 32-bit protected mode (CR0.PE,
 * CS/DS/ES/SS/FS/GS base 0 limit 4 GiB, 32-bit code and stack, CPL 0, no
 * paging, interrupts off). Registers other than segments are untouched.
 */
void cpu_setup_flat32(struct cpu *cpu);

/* EFLAGS with the lazy arithmetic flags folded in, and its setter (all bits). */
u32 cpu_get_eflags(struct cpu *cpu);
void cpu_set_eflags(struct cpu *cpu, u32 val);
/* Load a segment register the way real mode does (base = sel << 4). */
void cpu_set_seg_real(struct cpu *cpu, int seg, u16 sel);
/* Drop every decoded block and TLB entry (after the debugger writes memory
 * behind the CPU's back or changes breakpoints). */
void cpu_flush_caches(struct cpu *cpu);
/* Breakpoints at linear addresses; cpu_run returns CPU_STOP_DEBUG before
 * executing an instruction there. Returns 0 or -1 when the table is full. */
int cpu_add_breakpoint(struct cpu *cpu, u32 lin);
void cpu_remove_breakpoint(struct cpu *cpu, u32 lin);

struct snap_writer;
struct snap_reader;
/* Snapshot section "CPU " (architectural state; caches are rebuilt). */
void cpu_save(struct cpu *cpu, struct snap_writer *w);
int cpu_load(struct cpu *cpu, struct snap_reader *r);	/* 0, or -1 with r->error */

/*
 * The MMU for the debugger (emu/cpu/mmu.c). mmu_probe translates lin through
 * the current CR3 with no side effects (no A/D bits, no fault, no TLB
 * fill): returns 0 and the physical address, or -1 when not mapped;
 * *pte (may be NULL) gets the leaf entry's low 12 bits (P, R/W, U/S, A, D,
 * PS, G). mmu_tlb_dump copies up to max live TLB entries into out and
 * returns how many it copied.
 */
int mmu_probe(struct cpu *cpu, u32 lin, u32 *phys, u32 *pte);
int mmu_tlb_dump(const struct cpu *cpu, struct tlb_info *out, int max);
/* Drop every TLB entry but keep the decoded blocks: the next write to any
 * page refills its entry, which marks the page dirty on the bus again
 * (state digests rely on that). */
void mmu_flush_tlb(struct cpu *cpu);

/* "#GP" for vector 13 and so on for the CPU exceptions 0-19; NULL past them. */
const char *cpu_exception_name(unsigned int vector);
/* "triple fault: #GP(0018) at 0008:000f0535, #GP(006a) at ..., ..." for
 * the three exceptions of the last triple fault (emu/cpu/intr.c). */
void cpu_triple_report(const struct cpu *cpu, char *buf, size_t len);

/* The coprocessor: present or not (a 386 without a 387; the 486 and later
 * always have one). Resets the FPU; CR0.ET follows on the 386. */
void cpu_set_fpu(struct cpu *cpu, bool present);
/*
 * How guest code runs: CPU_ACCEL_INTERP, the decoded-block interpreter (the
 * reference, on every host), or CPU_ACCEL_JIT, the path translator on top of
 * it (x86-64 hosts; same handlers, same icount at every exit). cpu_create
 * picks the default (jit where the host has it), or LUCID_ACCEL=interp|jit
 * from the environment (for test scripts). cpu_set_accel returns -1 when the host has no translator.
 */
enum cpu_accel { CPU_ACCEL_INTERP, CPU_ACCEL_JIT };
int cpu_set_accel(struct cpu *cpu, enum cpu_accel accel);
enum cpu_accel cpu_get_accel(const struct cpu *cpu);
/* "interp" or "jit" to enum cpu_accel (0, or -1 if neither). */
int cpu_accel_parse(const char *s, enum cpu_accel *out);
bool cpu_accel_supported(enum cpu_accel accel);
/* The translator's statistics (all 0 under the interpreter). */
struct cpu_jit_info {
	u64 blocks;		/* blocks run by their translation */
	u64 translations;	/* blocks translated */
	u64 flushes;		/* whole code-cache flushes */
	u64 bytes;		/* code bytes written */
	u64 inlined;		/* instructions translated inline (not calls) */
	u64 links;		/* chain slots patched (translation to translation) */
	u64 inlined_mem;	/* loads/stores translated with the soft TLB inline */
	bool dual;		/* code cache dual-mapped: no mprotect per translation */
};
void cpu_get_jit_info(const struct cpu *cpu, struct cpu_jit_info *out);

/* MMX on the Pentium: a P55C (family 5 model 4, "pentium,mmx=on", QEMU's
 * "pentium"). The P6 always has it, the 386 and 486 never. */
void cpu_set_mmx(struct cpu *cpu, bool on);
/* The P6 of logs and snapshots made before it had MMX: a Pentium II model 3
 * (signature 0633h) without MMX, FXSAVE, CR4.OSFXSR, PLATFORM_ID or the
 * performance counters, so that they replay as recorded. emu/replay picks
 * it from the recorded machine text (vm_config_adopt). */
void cpu_set_p6_model3(struct cpu *cpu, bool on);
/* The execute-disable feature, off on every model by default: a P6 with it
 * reports NX in CPUID 0x80000001 and has EFER.NXE (PAE paging's XD bit). */
void cpu_set_nx(struct cpu *cpu, bool on);
/* The FPU state as plain bytes with no padding (snapshots, digests). */
struct fpu_image {
	u64 sig[8];
	u16 se[8];
	u16 cw, sw, fop, fcs, fds;
	u8 used, irq13;
	u32 fip, fdp;
	u8 present;
	u8 pad[3];
};
void cpu_fpu_image(const struct cpu *cpu, struct fpu_image *img);
/* OUT to port 0xF0: clear the FERR# latch (IRQ13). */
void cpu_fpu_clear_ferr(struct cpu *cpu);
/* The tag of physical register n (0 valid, 1 zero, 2 special, 3 empty)
 * and the whole tag word, computed from the contents like FSTENV does. */
int fpu_tag(const struct fpu *f, int n);
u16 fpu_tag_word(const struct fpu *f);

/* Time stamp counter: derived from the instruction count. */
u64 cpu_tsc(const struct cpu *cpu);

#endif
