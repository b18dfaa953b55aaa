/*
 * The differential tester's instruction-stream generator: random but valid
 * i386 integer instructions for 32-bit flat protected mode (Intel SDM vol. 2,
 * chapter 2 for the encoding: prefixes, ModRM, SIB, displacements,
 * immediates; appendix A for the opcode maps).
 *
 * A stream is a run of instructions placed at GEN_CODE. Every memory operand
 * is steered into the data window (GEN_DATA_LO..GEN_DATA_HI) by "fixup"
 * instructions (MOV reg, imm32) emitted just before it that load the base and
 * index registers; the fixups are ordinary instructions and are compared too.
 * Branches only go forward, to instruction boundaries inside the stream, and
 * CALL comes as "call L; jmp over; L: ...; ret; over:", so every stream
 * terminates at its end (GEN_CODE + size) without a step limit being needed.
 *
 * Self-modifying sequences (about one stream in three) write to the stream's
 * own code: an instruction patching the immediate of the next one (same
 * block), a two-pass LOOP calling a routine on the next page and patching
 * it between the calls (a block that survives the invalidation and jumps
 * to the patched one again), and a write of an executed byte's own value
 * (a write to a decoded page that changes nothing). The only backward
 * branch the generator makes is that LOOP, which runs twice.
 */
#ifndef LUCID_DIFFTEST_GEN_H
#define LUCID_DIFFTEST_GEN_H

#include "emu/lib/types.h"

/* Memory layout shared by both emulators (all physical = linear). */
#define GEN_MEM_SIZE 0x40000u	/* mapped on both sides */
#define GEN_DATA_LO 0x00000u	/* data window: every data access lands here */
#define GEN_DATA_HI 0x30000u
#define GEN_STACK_TOP 0x2C000u	/* ESP at the start of each stream (+/- a little) */
#define GEN_CODE 0x30000u	/* the stream */
#define GEN_CODE_MAX 0xD000u
#define GEN_IDT 0x3E000u	/* Lucid's IDT: 256 interrupt gates */
#define GEN_GDT 0x3E800u	/* GDT: null, 0x08 flat code, 0x10 and 0x18 flat data */
#define GEN_STUBS 0x3F800u	/* vector v's handler is at GEN_STUBS + v */

#define GEN_MAX_INSNS 512
#define GEN_PAGE 0x1000u	/* the page size (self-modifying sequences cross one) */
#define GEN_MEM_MOFFS 2

/* What makes flags (or a result) architecturally undefined for an insn. */
enum gen_kind {
	K_NONE,		/* every flag it touches is defined */
	K_LOGIC,	/* AND OR XOR TEST: AF undefined */
	K_MUL,		/* MUL IMUL: SF ZF AF PF undefined */
	K_DIV,		/* DIV IDIV: all six undefined */
	K_SHIFT,	/* SHL SHR SAR: depends on the count */
	K_ROT,		/* ROL ROR RCL RCR: OF undefined unless count 1 */
	K_SHXD,		/* SHLD SHRD */
	K_BT,		/* BT BTS BTR BTC: OF SF AF PF undefined */
	K_BSF,		/* BSF BSR: all but ZF undefined; dest undefined if ZF */
	K_AAA,		/* AAA AAS: OF SF ZF PF undefined */
	K_DAA,		/* DAA DAS: OF undefined */
	K_AAM,		/* AAM AAD: OF AF CF undefined */
};

struct gen_insn {
	u32 off;		/* offset from GEN_CODE */
	u8 len;
	u8 bytes[15];
	u8 kind;		/* enum gen_kind */
	u8 osz;			/* operand size 1, 2, 4 */
	u8 count_cl;		/* shift count comes from CL (else count_imm) */
	u8 count_imm;
	u8 dest_reg;		/* K_BSF: register written */
	u8 rep;			/* REP-prefixed string instruction */
	u8 fixup;		/* inserted to set registers up */
	u8 mem;			/* has a ModRM memory operand, or GEN_MEM_MOFFS */
	u8 smc_write;		/* MOV to the code page it runs on (may be run twice) */
	const char *name;	/* the template's name (unicorn-known.txt uses it) */
	s16 tmpl;		/* index of the template, -1 for fixups and call/ret frames */
};

struct gen_stream {
	u8 code[GEN_CODE_MAX];
	u32 size;		/* bytes used; execution ends at GEN_CODE + size */
	struct gen_insn ins[GEN_MAX_INSNS];
	int n;
	u32 regs[8];		/* initial EAX..EDI */
	u32 eflags;		/* initial EFLAGS */
	int smc;		/* self-modifying sequences in it (gen_smc) */
};

/* A small deterministic RNG (splitmix64), so a seed replays exactly. */
struct gen_rng {
	u64 s;
};
u64 gen_rand(struct gen_rng *r);
static inline u32 gen_below(struct gen_rng *r, u32 n) { return (u32)(gen_rand(r) % n); }

/* Build stream number idx of the run seeded with seed, of about n_insns
 * instructions (fixups included). */
void gen_stream(struct gen_stream *s, u64 seed, u64 idx, int n_insns);

/* Mix x87 instructions in (difftest -f): set before generating. */
extern bool gen_fpu;

/* Index of the template list (for listing what the generator covers). */
int gen_template_count(void);
const char *gen_template_name(int k);

#endif
