/*
 * The translation tier's interface to the run loop (emu/cpu/cpu.c), private
 * to emu/cpu/. See docs/ARCHITECTURE.md, "The translation tier".
 *
 * A translation is host code for the instructions of one decoded block:
 * for each instruction it calls the instruction's own handler with the
 * pointer to its struct insn, adds one to icount, and returns to the run
 * loop as soon as cpu->ins_end is NULL (the handler ended the block), just
 * as the interpreter's loop does. Faults leave through the handlers'
 * longjmp, as in the interpreter. So the tier computes nothing the
 * interpreter does not: exactness is by construction, and the speed comes
 * from one direct call site per instruction (no indirect dispatch).
 *
 * The code lives in a cache of its own (codecache.c), never writable and
 * executable at once, flushed whole when full or when the block cache is.
 * A translation is found only through its block (struct block in cpu.c
 * keeps the pointer and the cache generation it was made in), so it lives
 * and dies with the decoded block.
 */
#ifndef LUCID_CPU_JIT_H
#define LUCID_CPU_JIT_H

#include "emu/cpu/cpu_internal.h"

#if defined(__x86_64__)
#define JIT_HOST 1		/* this host can run translations */
#else
#define JIT_HOST 0
#endif

/* The tier cpu_create picks when LUCID_ACCEL does not say: the translator
 * where the host has one (every CPU group and the determinism group pass
 * under it), else the interpreter. */
#define CPU_ACCEL_DEFAULT (JIT_HOST ? CPU_ACCEL_JIT : CPU_ACCEL_INTERP)

/* Whole runs through the interpreter before a block is translated (the
 * environment's LUCID_JIT_HOT=N overrides it: tests use 1, so that code
 * run once is translated too). 64: boot to the prompt costs no more CPU
 * time under the translator than under the interpreter (at 2 it cost about
 * a quarter more: most of the boot's blocks run a few times), while a loop
 * is translated after its first 64 rounds. */
#define JIT_HOT 64

typedef void jit_code_fn(struct cpu *cpu);

struct jit_stats {
	u64 translations;	/* blocks translated */
	u64 flushes;		/* whole-cache flushes (full, or the block cache flushed) */
	u64 bytes;		/* code bytes written in all */
	u64 inlined;		/* instructions emitted inline, not as a call */
	u64 links;		/* chain slots patched */
	u64 inlined_mem;	/* loads/stores with the soft TLB inline */
	bool dual;		/* the cache is dual-mapped (no mprotect per translation) */
};

/* What every struct jit starts with (so the run loop reads it inline). */
struct jit_head {
	u64 gen;		/* bumped by every flush */
};

/* NULL when the host has no translator or the cache cannot be mapped. */
struct jit *jit_create(void);
void jit_destroy(struct jit *j);
/* Forget every translation (the code cache is reused from its start). */
void jit_flush(struct jit *j);
/* Bumped by every flush: a translation is valid while its generation is. */
static inline u64 jit_generation(const struct jit *j)
{
	return ((const struct jit_head *)j)->gen;
}
/* Host code running the n decoded instructions at insns (which must stay
 * where they are for as long as the translation is used), or NULL. May
 * flush the cache to make room (the generation moves). Never called while
 * translated code runs. */
struct jit_block {
	const struct insn *insns;	/* n decoded instructions */
	int n;
	u32 bytes;		/* guest code bytes the block covers */
	u32 mem_ops;		/* for the TLB statistics */
	u32 page;		/* its physical page (cpu->cur_block_page) */
	bool code32;
	const void *block;	/* the struct block (cpu->prev_block) */
};
jit_code_fn *jit_translate(struct jit *j, const struct jit_block *b);
/* Chain: after the translation from, when the guest's next linear EIP is
 * lin and the block cache is still at generation gen, jump straight into
 * the translation to (which checks its own entry conditions). Each
 * translation has two such slots, replaced in turn. Never called while
 * translated code runs. */
void jit_link(struct jit *j, jit_code_fn *from, u32 lin, u64 gen, jit_code_fn *to);
const struct jit_stats *jit_get_stats(const struct jit *j);

/* ---- the code cache (codecache.c), used by the emitter ---- */

struct jit_cache;
struct jit_cache *jit_cache_create(size_t size);
void jit_cache_destroy(struct jit_cache *c);
/* Room for up to max bytes: a writable buffer, or NULL when the cache is
 * full (flush first). jit_cache_commit(c, len) then makes the len bytes
 * written there executable and returns their executable address. */
u8 *jit_cache_begin(struct jit_cache *c, size_t max);
void *jit_cache_commit(struct jit_cache *c, size_t len);
/* Where the next code will run (for rel32 reach), and reset to empty. */
uintptr_t jit_cache_next_exec(const struct jit_cache *c);
void jit_cache_reset(struct jit_cache *c);
/* Two views (read-write, read-execute) of one memfd: no system call per
 * translation. False in the mprotect fallback. */
bool jit_cache_dual(const struct jit_cache *c);
/* The writable address of the code at exec (an address in the cache). */
u8 *jit_cache_writable(struct jit_cache *c, const u8 *exec);

#endif
