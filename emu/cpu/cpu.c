/*
 * The CPU object, its run loop and the decoded-block cache.
 *
 * Blocks: a block is a run of up to BLOCK_MAX decoded instructions starting
 * at a physical address, never crossing a page, ending after any
 * instruction marked INSN_END (control transfers, IF/mode/I/O changes).
 * Blocks live in a bump-allocated pool, found through a hash on (physical
 * address, code size) and listed per physical page, so a write to a page
 * holding code (bus code_write hook) drops exactly that page's blocks. The
 * pool is flushed whole when full, only at the top of the run loop, so a
 * block being executed is never freed under the handler running it.
 *
 * The run loop takes interrupts only between blocks: NMI, then INTR when
 * EFLAGS.IF is set and no interrupt shadow is open (SDM 3A 6.8.3). Because a
 * block ends after every instruction that can change IF, do I/O or raise a
 * device's line, an interrupt is never held back past the instruction that
 * made it deliverable. Instructions that cross a page or the CS limit, or
 * that are fetched from MMIO, run through the slow path one at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"
#include "emu/cpu/jit/jit.h"
#include "emu/lib/log.h"

#define BLOCK_MAX 64
#define BC_HASH_BITS 16
#define BC_POOL_SIZE (32u << 20)

struct block {
	u32 phys;		/* physical address of the first byte */
	u8 code32;		/* decoded for 32-bit code */
	u16 n;			/* instructions */
	u16 bytes;		/* bytes covered */
	u16 mem_ops;		/* instructions with a memory operand (TLB statistics) */
	u8 next_slot;		/* which link to replace next */
	u32 link_lin[2];	/* linear EIP of blocks that followed this one... */
	struct block *link[2];	/* ...those blocks... */
	u64 link_gen[2];	/* ...and the cache generation each link was made in */
	struct block *hnext;	/* hash chain */
	struct block *pnext;	/* other blocks on the same page */
	jit_code_fn *jit;	/* its translation (jit/), valid while... */
	u64 jit_gen;		/* ...the translator's generation is this one */
	u32 runs;		/* whole runs so far (translated when hot) */
	struct insn insns[];
};

struct block_cache {
	struct block *hash[1u << BC_HASH_BITS];
	struct block **page;	/* per RAM page: its blocks */
	u32 npages;
	u8 *pool;
	size_t used;
	u64 gen;		/* bumped whenever a block or a translation may be stale
				 * (64 bits: never wraps back to a link's) */
	u64 builds, flushes, invalidations;
};

/*
 * Block links: after a block, the next one is usually the same as last
 * time. Each block remembers the two blocks that followed it, keyed by
 * linear address, and the cache generation in which each link was made.
 * The generation moves on every block invalidation, cache flush and TLB
 * flush (mmu.c calls cpu_links_stale), and a link is followed only while
 * its own generation is the current one, so a link never outlives the
 * translation or the code it was made with. The generation of the block
 * holding the link says nothing about its links: a block that survives an
 * invalidation (a ROM block, or one on another page) may still hold a link
 * made before it, into a block that was dropped.
 */
void cpu_links_stale(struct cpu *cpu)
{
	if (cpu->bc)
		cpu->jit_link_gen = ++cpu->bc->gen;
	cpu->prev_block = NULL;
}

static inline u32 bc_hash(u32 phys, bool code32)
{
	return ((phys * 0x9E3779B1u) >> (32 - BC_HASH_BITS)) ^ code32;
}

static void bc_flush(struct cpu *cpu)
{
	struct block_cache *bc = cpu->bc;
	memset(bc->hash, 0, sizeof(bc->hash));
	for (u32 p = 0; p < bc->npages; p++) {
		if (bc->page[p])
			bus_mark_code_page(cpu->bus, p << PAGE_SHIFT, false);
		bc->page[p] = NULL;
	}
	bc->used = 0;
	bc->flushes++;
	if (cpu->jit)
		jit_flush(cpu->jit);
	cpu_links_stale(cpu);
}

void cpu_flush_caches(struct cpu *cpu)
{
	bc_flush(cpu);
	mmu_flush_tlb(cpu);
}

static struct block *bc_lookup(struct cpu *cpu, u32 phys, bool code32)
{
	for (struct block *b = cpu->bc->hash[bc_hash(phys, code32)]; b; b = b->hnext)
		if (b->phys == phys && b->code32 == code32)
			return b;
	return NULL;
}

/* Drop every block on the physical page (a write hit it). */
static void bc_invalidate_page(struct cpu *cpu, u32 pfn)
{
	struct block_cache *bc = cpu->bc;
	for (struct block *b = bc->page[pfn]; b; b = b->pnext) {
		struct block **pp = &bc->hash[bc_hash(b->phys, b->code32)];
		while (*pp && *pp != b)
			pp = &(*pp)->hnext;
		if (*pp)
			*pp = b->hnext;
		bc->invalidations++;
	}
	bc->page[pfn] = NULL;
	bus_mark_code_page(cpu->bus, pfn << PAGE_SHIFT, false);
	cpu_links_stale(cpu);
}

void cpu_code_write(void *opaque, u32 paddr, int size)
{
	struct cpu *cpu = opaque;
	(void)size;
	u32 pfn = paddr >> PAGE_SHIFT;
	if (pfn >= cpu->bc->npages)
		return;
	bc_invalidate_page(cpu, pfn);
	/* The block running may be stale from here on: stop after this insn. */
	if (cpu->cur_block_page == pfn)
		cpu_end_block(cpu);
}

/*
 * Decode a block at phys from the host bytes at code (avail bytes up to
 * the page end or the CS limit). Returns NULL when not even the first
 * instruction fits (the slow path handles it).
 */
static struct block *bc_build(struct cpu *cpu, u32 phys, const u8 *code, int avail)
{
	struct block_cache *bc = cpu->bc;
	size_t max = sizeof(struct block) + BLOCK_MAX * sizeof(struct insn);
	if (bc->used + max > BC_POOL_SIZE)
		bc_flush(cpu);
	struct block *b = (struct block *)(bc->pool + bc->used);
	int off = 0, n = 0, mem_ops = 0;
	while (n < BLOCK_MAX) {
		int len = decode_insn_buf(cpu, code + off, avail - off, &b->insns[n]);
		if (!len)
			break;
		mem_ops += !!(b->insns[n].flags & INSN_MEM);
		off += len;
		n++;
		if (b->insns[n - 1].flags & INSN_END)
			break;
	}
	if (!n)
		return NULL;
	b->phys = phys;
	b->code32 = cpu->code32;
	b->n = n;
	b->bytes = off;
	b->mem_ops = mem_ops;
	b->next_slot = 0;
	b->jit = NULL;
	b->runs = 0;
	b->link[0] = b->link[1] = NULL;
	b->link_lin[0] = b->link_lin[1] = 0;
	b->link_gen[0] = b->link_gen[1] = ~0ull;	/* no generation reaches it */
	u32 h = bc_hash(phys, b->code32);
	b->hnext = bc->hash[h];
	bc->hash[h] = b;
	u32 pfn = phys >> PAGE_SHIFT;
	if (pfn < bc->npages) {
		b->pnext = bc->page[pfn];
		bc->page[pfn] = b;
		if (!bus_page_has_code(cpu->bus, phys)) {
			bus_mark_code_page(cpu->bus, phys, true);
			mmu_protect_code_page(cpu, phys);
		}
	} else {
		b->pnext = NULL;
	}
	bc->used += (sizeof(struct block) + n * sizeof(struct insn) + 15) & ~(size_t)15;
	bc->builds++;
	return b;
}

/* Fetch one code byte at CS:eip for the slow path (limit and #PF checked). */
static u8 fetch_byte(struct cpu *cpu, u32 eip)
{
	if (eip > cpu->seg[SEG_CS].limit)
		raise_gp(cpu, 0);
	u32 phys = mmu_translate(cpu, cpu->seg[SEG_CS].base + eip, ACC_FETCH);
	return bus_mem_read(cpu->bus, phys, 1);
}

/* Decode and run one instruction fetched byte by byte. */
static void exec_slow(struct cpu *cpu)
{
	u8 buf[16];
	struct insn ins;
	int have = 0;
	u32 eip = cpu->eip;
	while (!decode_insn_buf(cpu, buf, have, &ins)) {
		if (have == 15)
			raise_gp(cpu, 0);	/* longer than 15 bytes */
		buf[have] = fetch_byte(cpu, eip + have);
		have++;
	}
	cpu->cur_block_page = ~0u;
	cpu->prev_block = NULL;
	cpu->ins_end = &ins + 1;
	ins.fn(cpu, &ins);
	cpu->clock->icount++;
}

/* Number of instructions of b to run before a breakpoint (n if none). */
static int bp_truncate(struct cpu *cpu, const struct block *b, int n)
{
	u32 lin = cpu->seg[SEG_CS].base + cpu->eip;
	for (int k = 0; k < n; k++) {
		for (int j = 0; j < cpu->n_breakpoints; j++)
			if (cpu->breakpoints[j] == lin && k > 0)
				return k;
		lin += b->insns[k].len;
	}
	return n;
}

static bool at_breakpoint(const struct cpu *cpu)
{
	u32 lin = cpu->seg[SEG_CS].base + cpu->eip;
	for (int j = 0; j < cpu->n_breakpoints; j++)
		if (cpu->breakpoints[j] == lin)
			return true;
	return false;
}

/*
 * The block at CS:EIP: through the previous block's links, else the TLB
 * and the hash, building it if needed. Returns NULL when the instruction
 * there must take the slow path (which this then runs).
 */
static struct block *find_block(struct cpu *cpu)
{
	const struct seg *cs = &cpu->seg[SEG_CS];
	u32 eip = cpu->eip;
	if (eip > cs->limit)
		raise_gp(cpu, 0);
	u32 lin = cs->base + eip;
	struct block *prev = cpu->prev_block, *b;
	u64 gen = cpu->bc->gen;
	if (prev) {
		for (int k = 0; k < 2; k++) {
			b = prev->link[k];
			if (prev->link_lin[k] == lin && prev->link_gen[k] == gen &&
			    b->code32 == cpu->code32)
				return b;
		}
	}
	const struct tlb_entry *e = &cpu->tlb[(lin >> PAGE_SHIFT) & (TLB_SIZE - 1)];
	u32 phys;
	if (likely(e->tag_fetch == (lin & PAGE_MASK))) {
		phys = e->phys | (lin & ~PAGE_MASK);
	} else {
		phys = mmu_translate(cpu, lin, ACC_FETCH);
		if (e->tag_fetch != (lin & PAGE_MASK)) {
			exec_slow(cpu);	/* MMIO or open bus: never cached */
			return NULL;
		}
	}
	b = bc_lookup(cpu, phys, cpu->code32);
	if (!b) {
		u32 avail = PAGE_SIZE - (lin & ~PAGE_MASK);
		if (cs->limit - eip + 1 < avail && cs->limit - eip + 1 != 0)
			avail = cs->limit - eip + 1;
		b = bc_build(cpu, phys, (const u8 *)(e->host + lin), avail);
		if (!b) {
			exec_slow(cpu);
			return NULL;
		}
		if (unlikely(cpu->trace_block != NULL))
			cpu->trace_block(cpu->trace_opaque, lin, (const u8 *)(e->host + lin), b->bytes,
					 b->code32);
	}
	/* Not if the generation moved while looking (a flush in bc_build
	 * also frees prev). */
	if (prev && cpu->bc->gen == gen) {
		int k = prev->next_slot;
		prev->link[k] = b;
		prev->link_lin[k] = lin;
		prev->link_gen[k] = gen;
		prev->next_slot = k ^ 1;
	}
	return b;
}

/*
 * Anything that needs the run loop's attention between blocks. An INTR
 * line held high while IF is clear (a timer IRQ pending under CLI, common
 * in kernels and in the benchmark) or an NMI pending inside an NMI handler
 * is not deliverable, so it must not end the chain: cpu_run would only
 * come straight back, which used to cost a return to cpu_run and a link
 * lookup after every block. IF and nmi_blocked change only in
 * instructions that end their block (STI, POPF, IRET...), and this is
 * checked after every block, so a line becomes deliverable no later than
 * the instruction that made it so.
 */
static inline bool needs_attention(const struct cpu *cpu)
{
	return (cpu->intr & !!(cpu->eflags & FLAG_IF)) | (cpu->nmi_pending & !cpu->nmi_blocked) |
	       cpu->exit_request | cpu->shadow | cpu->halted | cpu->single_step | dr_active(cpu);
}

/*
 * The translation of a block about to run whole, or NULL to interpret it:
 * a block is translated on its JIT_HOT-th whole run, and again after the
 * translator's cache was flushed. Only called between blocks, so no
 * translated code is running when the cache is written or flushed.
 */
static jit_code_fn *block_translation(struct cpu *cpu, struct block *b)
{
	struct jit *j = cpu->jit;
	if (likely(b->jit && b->jit_gen == jit_generation(j)))
		return b->jit;
	if (++b->runs < cpu->jit_hot)
		return NULL;
	struct jit_block jb = { b->insns, b->n, b->bytes, b->mem_ops, b->phys >> PAGE_SHIFT,
				b->code32, b };
	b->jit = jit_translate(j, &jb);
	b->jit_gen = jit_generation(j);
	if (!b->jit)
		b->runs = 0;	/* no room or no mapping: try again later */
	return b->jit;
}

/*
 * Run blocks from CS:EIP until limit (or one instruction when one is
 * set), following block links from one block to the next for as long as
 * nothing needs the run loop: an instruction that ended its block early
 * (cpu_end_block), a pending interrupt line, an exit request, a shadow, HLT.
 */
static void run_blocks(struct cpu *cpu, u64 limit, bool one)
{
	struct clock *clk = cpu->clock;
	const struct seg *cs = &cpu->seg[SEG_CS];
	struct block *b = find_block(cpu);
	if (!b)
		return;
	/* Translations chain on by themselves only while each next block
	 * ends by limit, and never for one instruction or near breakpoints. */
	cpu->jit_chain_limit = one || cpu->bp_pages ? 0 : limit;
	bool chained = false;	/* the first block was checked by cpu_run */
	for (;;) {
		u32 eip = cpu->eip;
		if (unlikely(eip + b->bytes - 1 > cs->limit || eip + b->bytes - 1 < eip)) {
			exec_slow(cpu);
			return;
		}
		int n = b->n;
		if (limit - clk->icount < (u64)n)
			n = limit - clk->icount;
		if (one)
			n = 1;
		/* Breakpoints cost only blocks on a page that has one (a block
		 * never crosses a page): there, stop before a breakpoint at the
		 * start of a chained block and end the block before one inside. */
		if (unlikely(cpu->bp_pages & (1ull << (((cs->base + eip) >> PAGE_SHIFT) & 63)))) {
			if (chained && at_breakpoint(cpu))
				return;
			n = bp_truncate(cpu, b, n);
		}
		chained = true;
		const struct insn *ip = b->insns;
		cpu->cur_block_page = b->phys >> PAGE_SHIFT;
		cpu->prev_block = b;
		cpu->ins_end = ip + n;
		jit_code_fn *code = n == b->n && cpu->jit ? block_translation(cpu, b) : NULL;
		if (code) {
			cpu->jit_blocks++;
			/* The same handlers, unrolled (jit/path.c); the translation
			 * may chain on into others, and counts the TLB statistics
			 * of each block itself. b becomes the last one run (none
			 * if a handler made the links stale: nothing follows). */
			code(cpu);
			b = cpu->prev_block;
			if (!b)
				return;
		} else {
			do {
				ip->fn(cpu, ip);
				clk->icount++;
				ip++;
			} while (ip < cpu->ins_end);
			/* TLB statistics, per block (a block cut short by a fault
			 * or a limit is not counted: an estimate, see struct
			 * tlb_stats). */
			cpu->tlb_stats.blocks++;
			cpu->tlb_stats.mem_ops += b->mem_ops;
		}
		if (!cpu->ins_end || one || clk->icount >= limit || needs_attention(cpu))
			return;
		/* Straight on to the next block if this one links to it. */
		u32 lin = cs->base + cpu->eip;
		u64 gen = cpu->bc->gen;
		struct block *next;
		if (b->link_lin[0] == lin && b->link_gen[0] == gen)
			next = b->link[0];
		else if (b->link_lin[1] == lin && b->link_gen[1] == gen)
			next = b->link[1];
		else
			return;
		if (next->code32 != cpu->code32 || cpu->eip > cs->limit)
			return;
		/* Both translated: let b's translation jump to next's itself. */
		if (code && next->jit && next->jit_gen == b->jit_gen &&
		    b->jit_gen == jit_generation(cpu->jit))
			jit_link(cpu->jit, b->jit, lin, gen, next->jit);
		b = next;
	}
}

/* Take a pending NMI or INTR if the CPU may; returns true if one was taken. */
static bool take_interrupt(struct cpu *cpu)
{
	if (cpu->nmi_pending && !cpu->nmi_blocked) {
		cpu->nmi_pending = false;
		cpu->nmi_blocked = true;
		intr_deliver(cpu, EXC_NMI, INTR_EXTERNAL, false, 0, cpu->eip);
		return true;
	}
	if (cpu->intr && (cpu->eflags & FLAG_IF)) {
		int vec = cpu->intr_ack ? cpu->intr_ack(cpu->intr_ack_opaque) : -1;
		if (vec < 0)
			return false;
		intr_deliver(cpu, vec & 0xFF, INTR_EXTERNAL, false, 0, cpu->eip);
		return true;
	}
	return false;
}

/*
 * One instruction (the interrupt shadow, TF, the debugger's single step).
 * Under TF or a debugger step a REP string does one iteration only: the
 * single-step trap comes after each iteration (SDM 3A 17.3.1.4), and stepi
 * walks a string the way gdb does on hardware and QEMU.
 */
static void run_one(struct cpu *cpu, u64 limit)
{
	if (cpu->single_step || (cpu->eflags & FLAG_TF))
		cpu->run_limit = cpu->clock->icount + 1;
	run_blocks(cpu, limit, true);
	cpu->run_limit = limit;
}

enum cpu_stop cpu_run(struct cpu *cpu, u64 limit)
{
	struct clock *clk = cpu->clock;

	cpu->run_limit = limit;
	if (setjmp(cpu->jmp)) {
		cpu->run_limit = limit;
		cpu->rep_resume = false;
		/* An instruction (or a delivery) faulted: deliver the exception.
		 * A delivery counts as one tick of icount, so that a guest stuck
		 * in a loop of faults still sees time pass (and cpu_run returns). */
		clk->icount++;
		intr_exception(cpu);
		if (cpu->exc_depth >= 3) {
			cpu->exc_depth = 0;
			char rep[200];
			cpu_triple_report(cpu, rep, sizeof(rep));
			log_warn("cpu: %s", rep);
			cpu_debug_event(cpu, CPU_EV_TRIPLE, cpu->exc_vector, 0);
			/* A debugger stop asked for on the way stays pending: the
			 * next cpu_run returns CPU_STOP_DEBUG at once. */
			if (!cpu->reset_on_triple)
				return CPU_STOP_SHUTDOWN;
			cpu_reset(cpu);
		}
		cpu->shadow = 0;
		if (cpu->single_step)
			return CPU_STOP_DEBUG;
	}
	for (;;) {
		if (cpu->exit_request) {
			cpu->exit_request = false;
			if (cpu->debug_stop) {
				cpu->debug_stop = false;
				return CPU_STOP_DEBUG;
			}
			return CPU_STOP_EXIT;
		}
		if (clk->icount >= limit)
			return CPU_STOP_LIMIT;
		if (cpu->shadow) {
			/* One instruction with interrupts held back; a breakpoint
			 * on it (the HLT of "sti; hlt") stops first, the shadow
			 * kept for when the run resumes. */
			if (unlikely(cpu->n_breakpoints)) {
				if (at_breakpoint(cpu) && !cpu->bp_skip && !cpu->rep_resume)
					return CPU_STOP_DEBUG;
				cpu->bp_skip = false;
			}
			cpu->shadow = 0;
			run_one(cpu, limit);
			if (cpu->single_step)
				return CPU_STOP_DEBUG;
			continue;
		}
		if ((cpu->intr || cpu->nmi_pending) && take_interrupt(cpu)) {
			if (cpu->single_step)
				return CPU_STOP_DEBUG;
			continue;
		}
		if (cpu->halted)
			return CPU_STOP_HALT;
		if (unlikely(cpu->n_breakpoints)) {
			/* Not again for each chunk of a REP string stopped on
			 * its breakpoint already (rep_resume, ops_data.c). */
			if (at_breakpoint(cpu) && !cpu->bp_skip && !cpu->rep_resume)
				return CPU_STOP_DEBUG;
			cpu->bp_skip = false;
		}
		if (unlikely(dr_active(cpu))) {
			/* TF, DR7 breakpoints: one instruction at a time (dr.c). */
			if (dr_before(cpu))
				continue;
			bool tf = cpu->eflags & FLAG_TF;
			u32 n = cpu->deliveries;
			run_one(cpu, limit);
			dr_after(cpu, tf, n);
			if (cpu->single_step)
				return CPU_STOP_DEBUG;
			continue;
		}
		if (unlikely(cpu->single_step)) {
			run_one(cpu, limit);
			return CPU_STOP_DEBUG;
		}
		run_blocks(cpu, limit, false);
	}
}

/* ---------------- pins ---------------- */

void cpu_set_intr(struct cpu *cpu, int level)
{
	cpu->intr = level;
}

void cpu_set_intr_ack(struct cpu *cpu, int (*ack)(void *opaque), void *opaque)
{
	cpu->intr_ack = ack;
	cpu->intr_ack_opaque = opaque;
}

void cpu_set_nmi(struct cpu *cpu, int level)
{
	/* NMI is edge-triggered: a rising edge makes it pending. */
	if (level && !cpu->nmi_level)
		cpu->nmi_pending = true;
	cpu->nmi_level = level;
}

void cpu_request_exit(struct cpu *cpu)
{
	cpu->exit_request = true;
	cpu_end_block(cpu);
}

/* ---------------- registers with side effects ---------------- */

static u32 eflags_mask(const struct cpu *cpu)
{
	u32 m = 0x00037FD5u;	/* 386: CF PF AF ZF SF TF IF DF OF IOPL NT RF VM */
	/* AC from the 486; ID wherever CPUID exists (our 486 is a late one
	 * with CPUID, and software finds CPUID by toggling ID). */
	if (cpu->model >= CPU_486)
		m |= FLAG_AC | FLAG_ID;
	if (cpu->model >= CPU_PENTIUM)
		m |= FLAG_VIF | FLAG_VIP;
	return m;
}

void cpu_set_eflags(struct cpu *cpu, u32 val)
{
	u32 old = cpu->eflags;
	cpu->eflags = (val & eflags_mask(cpu)) | 2;
	cpu->lf.op = LF_NONE;
	if ((old ^ cpu->eflags) & (FLAG_VM | FLAG_AC)) {
		cpu_update_mode(cpu);	/* VM: mode; AC: alignment checks (mmu.c) */
		cpu_end_block(cpu);
	}
}

void cpu_write_cr(struct cpu *cpu, int n, u32 val)
{
	switch (n) {
	case 0:
		/* The 386 has no WP/AM/NW/CD (they came with the 486); its ET is
		 * software's record of a 387 (set at reset when one answers). */
		if (cpu->model == CPU_386)
			val &= CR0_PE | CR0_MP | CR0_EM | CR0_TS | CR0_ET | CR0_PG;
		if ((val & CR0_PG) && !(val & CR0_PE))
			raise_gp(cpu, 0);
		if (cpu->model >= CPU_486 && (val & CR0_NW) && !(val & CR0_CD))
			raise_gp(cpu, 0);
		if ((val ^ cpu->cr0) & (CR0_PG | CR0_PE | CR0_WP))
			mmu_flush_tlb(cpu);
		cpu_debug_event(cpu, CPU_EV_CR0, cpu->cr0, val);
		cpu->cr0 = val;
		cpu_update_mode(cpu);
		break;
	case 2:
		cpu->cr2 = val;
		break;
	case 3:
		cpu_debug_event(cpu, CPU_EV_CR3, cpu->cr3, val);
		cpu->cr3 = val;
		mmu_load_cr3(cpu);
		break;
	case 4:
		/* Bits the model lacks are reserved: the Pentium has no PAE,
		 * PGE, PCE or OSFXSR (SDM 3A 2.5, CPUID of each model). */
		if (val & ~(cpu->model < CPU_P6 ? 0x05Fu : cpu->p6_model3 ? 0x1FFu : 0x3FFu))
			raise_gp(cpu, 0);
		if ((val ^ cpu->cr4) & (CR4_PSE | CR4_PAE | CR4_PGE))
			mmu_flush_tlb(cpu);
		cpu->cr4 = val;
		break;
	}
	cpu_end_block(cpu);
}

u64 cpu_tsc(const struct cpu *cpu)
{
	return cpu->clock->icount + cpu->tsc_offset;
}

/* ---------------- life cycle ---------------- */

static void a20_changed(void *opaque)
{
	mmu_flush_tlb(opaque);
}

struct cpu *cpu_create(struct bus *bus, struct clock *clock, enum cpu_model model)
{
	struct cpu *cpu = calloc(1, sizeof(*cpu));
	if (!cpu)
		return NULL;
	cpu->bc = calloc(1, sizeof(*cpu->bc));
	if (!cpu->bc)
		goto fail;
	cpu->bc->npages = bus->ram_size >> PAGE_SHIFT;
	cpu->bc->page = calloc(cpu->bc->npages ? cpu->bc->npages : 1, sizeof(struct block *));
	cpu->bc->pool = malloc(BC_POOL_SIZE);
	if (!cpu->bc->page || !cpu->bc->pool)
		goto fail;
	cpu->bus = bus;
	cpu->clock = clock;
	cpu->has_mmx = model >= CPU_P6;
	cpu->model = model;
	cpu->has_fpu = true;
	cpu->reset_on_triple = true;
	enum cpu_accel accel = CPU_ACCEL_DEFAULT;
	const char *env = getenv("LUCID_ACCEL");
	if (env && cpu_accel_parse(env, &accel))
		log_warn("cpu: LUCID_ACCEL=%s is neither interp nor jit: ignored", env);
	cpu->jit_hot = JIT_HOT;
	env = getenv("LUCID_JIT_HOT");
	if (env && atoi(env) > 0)
		cpu->jit_hot = atoi(env);
	if (cpu_set_accel(cpu, accel))
		log_warn("cpu: no translator on this host: the interpreter runs");
	bus->code_write = cpu_code_write;
	bus->code_opaque = cpu;
	bus->a20_changed = a20_changed;
	bus->a20_opaque = cpu;
	cpu_reset(cpu);
	return cpu;
fail:
	cpu_destroy(cpu);
	return NULL;
}

void cpu_destroy(struct cpu *cpu)
{
	if (!cpu)
		return;
	jit_destroy(cpu->jit);
	if (cpu->bc) {
		free(cpu->bc->page);
		free(cpu->bc->pool);
		free(cpu->bc);
	}
	if (cpu->bus && cpu->bus->code_opaque == cpu) {
		cpu->bus->code_write = NULL;
		cpu->bus->code_opaque = NULL;
		cpu->bus->a20_changed = NULL;
	}
	free(cpu);
}

/* Power-on/RESET state (SDM 3A 9.1.1, table 9-1). */
void cpu_reset(struct cpu *cpu)
{
	memset(cpu->regs, 0, sizeof(cpu->regs));
	switch (cpu->model) {
	case CPU_386: cpu->regs[R_EDX] = 0x0308; break;
	case CPU_486: cpu->regs[R_EDX] = 0x0480; break;
	case CPU_PENTIUM: cpu->regs[R_EDX] = cpu->has_mmx ? 0x0543 : 0x0521; break;
	default: cpu->regs[R_EDX] = cpu->p6_model3 ? 0x0633 : 0x0652; break;
	}
	cpu->eflags = 2;
	cpu->lf.op = LF_NONE;
	memset(&cpu->pmc, 0, sizeof(cpu->pmc));
	cpu->pmc.mark = cpu->clock->icount;
	cpu->pmc.os = true;
	/* The 386 samples ET from its coprocessor's presence. */
	cpu->cr0 = cpu->model >= CPU_486 ? 0x60000010u : cpu->has_fpu ? CR0_ET : 0;
	fpu_reset(cpu, true);
	cpu->cr2 = cpu->cr3 = cpu->cr4 = 0;
	memset(cpu->dr, 0, sizeof(cpu->dr));
	cpu->dr[6] = 0xFFFF0FF0u;
	cpu->dr[7] = 0x400;
	cpu->dr_exec = cpu->dr_data = 0;
	cpu->dr_pending = 0;
	cpu->tsc_offset = 0 - cpu->clock->icount;
	cpu->sysenter_cs = cpu->sysenter_esp = cpu->sysenter_eip = 0;
	cpu->apic_base = 0xFEE00900u;
	cpu->efer = 0;
	cpu->pe = false;
	cpu->cpl = 0;
	for (int s = 0; s < SEG_COUNT; s++) {
		cpu->seg[s].limit = 0xFFFF;
		cpu->seg[s].attr = 0x0093;
		seg_set_real(cpu, s, 0);
	}
	seg_set_real(cpu, SEG_CS, 0xF000);
	cpu->seg[SEG_CS].base = 0xFFFF0000u;
	cpu->eip = 0xFFF0;
	cpu->gdtr = (struct dtr){ 0, 0xFFFF };
	cpu->idtr = (struct dtr){ 0, 0x3FF };
	memset(&cpu->ldtr, 0, sizeof(cpu->ldtr));
	memset(&cpu->tr, 0, sizeof(cpu->tr));
	cpu->ldtr.limit = cpu->tr.limit = 0xFFFF;
	cpu->ldtr.attr = 0x82;
	cpu->tr.attr = 0x8B;
	cpu->halted = false;
	cpu->nmi_pending = cpu->nmi_blocked = false;
	cpu->shadow = 0;
	cpu->rep_resume = false;
	cpu->exc_depth = 0;
	cpu_update_mode(cpu);
	for (unsigned k = 0; k < TLB_SIZE; k++)
		cpu->tlb_sup[k].phys = cpu->tlb_user[k].phys = ~0u;
	cpu_flush_caches(cpu);
}

void cpu_set_fpu(struct cpu *cpu, bool present)
{
	if (cpu->model >= CPU_486)
		present = true;
	cpu->has_fpu = present;
	if (cpu->model == CPU_386)
		cpu->cr0 = (cpu->cr0 & ~CR0_ET) | (present ? CR0_ET : 0);
	fpu_reset(cpu, true);
}

void cpu_set_mmx(struct cpu *cpu, bool on)
{
	cpu->has_mmx = cpu->model >= CPU_P6 || (on && cpu->model == CPU_PENTIUM);
	if (cpu->model == CPU_PENTIUM)
		cpu->regs[R_EDX] = cpu->has_mmx ? 0x0543 : 0x0521;	/* as after RESET */
	cpu_flush_caches(cpu);
}

void cpu_set_p6_model3(struct cpu *cpu, bool on)
{
	if (cpu->model != CPU_P6 || cpu->p6_model3 == on)
		return;
	cpu->p6_model3 = on;
	cpu->has_mmx = !on;
	memset(&cpu->pmc, 0, sizeof(cpu->pmc));
	cpu->pmc.mark = cpu->clock->icount;
	if (cpu->regs[R_EDX] == (on ? 0x0652u : 0x0633u))
		cpu->regs[R_EDX] = on ? 0x0633 : 0x0652;	/* still as after RESET */
	cpu_flush_caches(cpu);
}

void cpu_set_nx(struct cpu *cpu, bool on)
{
	cpu->has_nx = on && cpu->model >= CPU_P6;
	cpu->efer = 0;
	mmu_flush_tlb(cpu);
}

/* ---------------- the translation tier (jit/) ---------------- */

bool cpu_accel_supported(enum cpu_accel accel)
{
	return accel == CPU_ACCEL_INTERP || JIT_HOST;
}

int cpu_set_accel(struct cpu *cpu, enum cpu_accel accel)
{
	if (!cpu_accel_supported(accel))
		return -1;
	if ((accel == CPU_ACCEL_JIT) == (cpu->jit != NULL))
		return 0;
	/* Blocks hold pointers into the translator's cache: drop them all. */
	bc_flush(cpu);
	if (accel == CPU_ACCEL_JIT) {
		cpu->jit = jit_create();
		if (!cpu->jit)
			return -1;
	} else {
		jit_destroy(cpu->jit);
		cpu->jit = NULL;
	}
	return 0;
}

enum cpu_accel cpu_get_accel(const struct cpu *cpu)
{
	return cpu->jit ? CPU_ACCEL_JIT : CPU_ACCEL_INTERP;
}

void cpu_get_jit_info(const struct cpu *cpu, struct cpu_jit_info *out)
{
	memset(out, 0, sizeof(*out));
	out->blocks = cpu->jit_blocks;
	if (cpu->jit) {
		const struct jit_stats *st = jit_get_stats(cpu->jit);
		out->translations = st->translations;
		out->flushes = st->flushes;
		out->bytes = st->bytes;
		out->inlined = st->inlined;
		out->dual = st->dual;
		out->links = st->links;
		out->inlined_mem = st->inlined_mem;
	}
}

int cpu_accel_parse(const char *s, enum cpu_accel *out)
{
	if (!strcmp(s, "interp"))
		*out = CPU_ACCEL_INTERP;
	else if (!strcmp(s, "jit"))
		*out = CPU_ACCEL_JIT;
	else
		return -1;
	return 0;
}

void cpu_setup_flat32(struct cpu *cpu)
{
	cpu->cr0 |= CR0_PE;
	cpu->eflags &= ~(FLAG_VM | FLAG_IF);
	cpu->cpl = 0;
	cpu_update_mode(cpu);
	seg_set_cache(cpu, SEG_CS, 0x08, 0, 0xFFFFFFFFu, 0xC09B);
	for (int s = 0; s < SEG_COUNT; s++)
		if (s != SEG_CS)
			seg_set_cache(cpu, s, 0x10, 0, 0xFFFFFFFFu, 0xC093);
	mmu_flush_tlb(cpu);
}

const struct cpu_model_alias cpu_model_aliases[] = {
	{ "386", CPU_386 },
	{ "486", CPU_486 },
	{ "pentium", CPU_PENTIUM }, { "586", CPU_PENTIUM },
	{ "p6", CPU_P6 }, { "686", CPU_P6 },
};
const size_t cpu_model_alias_count = ARRAY_SIZE(cpu_model_aliases);

int cpu_model_parse(const char *s, enum cpu_model *out)
{
	for (size_t k = 0; k < cpu_model_alias_count; k++) {
		if (!strcmp(s, cpu_model_aliases[k].name)) {
			*out = cpu_model_aliases[k].model;
			return 0;
		}
	}
	return -1;
}

const char *cpu_model_name(enum cpu_model m)
{
	for (size_t k = 0; k < cpu_model_alias_count; k++)
		if (cpu_model_aliases[k].model == m)
			return cpu_model_aliases[k].name;
	return "p6";
}

const char *cpu_model_choices(void)
{
	static char buf[128];
	size_t n = 0, groups = 0, group = 0, pos = 0;

	if (buf[0])
		return buf;
	for (size_t k = 0; k < cpu_model_alias_count; k++)
		groups += k == 0 || cpu_model_aliases[k].model != cpu_model_aliases[k - 1].model;
	/* Each model's own name, then its other spellings in parentheses. */
	for (size_t k = 0; k < cpu_model_alias_count; k++) {
		const struct cpu_model_alias *a = &cpu_model_aliases[k];
		const char *before;
		pos = k == 0 || a->model != cpu_model_aliases[k - 1].model ? 0 : pos + 1;
		if (pos == 0)
			before = group++ == 0 ? "" : group == groups ? " or " : ", ";
		else
			before = pos == 1 ? " (" : ", ";
		bool last = k + 1 == cpu_model_alias_count ||
			    a->model != cpu_model_aliases[k + 1].model;
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s%s", before, a->name,
			      last && pos ? ")" : "");
	}
	return buf;
}

int cpu_add_breakpoint(struct cpu *cpu, u32 lin)
{
	for (int j = 0; j < cpu->n_breakpoints; j++)
		if (cpu->breakpoints[j] == lin)
			return 0;
	if (cpu->n_breakpoints >= (int)ARRAY_SIZE(cpu->breakpoints))
		return -1;
	cpu->breakpoints[cpu->n_breakpoints++] = lin;
	cpu->bp_pages |= 1ull << ((lin >> PAGE_SHIFT) & 63);
	return 0;
}

void cpu_remove_breakpoint(struct cpu *cpu, u32 lin)
{
	for (int j = 0; j < cpu->n_breakpoints; j++) {
		if (cpu->breakpoints[j] == lin) {
			cpu->breakpoints[j] = cpu->breakpoints[--cpu->n_breakpoints];
			cpu->bp_pages = 0;
			for (int k = 0; k < cpu->n_breakpoints; k++)
				cpu->bp_pages |= 1ull << ((cpu->breakpoints[k] >> PAGE_SHIFT) & 63);
			return;
		}
	}
}
