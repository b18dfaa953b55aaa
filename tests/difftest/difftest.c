/*
 * Differential tester: random instruction streams (gen.c) run one
 * instruction at a time on Lucid's CPU (liblucid.a: a bus with RAM and a CPU
 * in flat 32-bit protected mode, cpu_setup_flat32) and on Unicorn
 * (UC_ARCH_X86, UC_MODE_32), comparing after every instruction the general
 * registers, EIP, EFLAGS (less the flags the SDM vol. 2 leaves undefined for
 * that instruction) and every byte Unicorn wrote; the whole data window is
 * compared at the end of each stream, which catches stray writes by Lucid.
 * Every instruction's length is also checked against Capstone's decoder and
 * Lucid's (decode_insn_buf).
 *
 * Undefined results never count, and never let the runs drift apart: after
 * each instruction the undefined flags (and a BSF/BSR destination when the
 * source was zero) are copied from Lucid into Unicorn.
 *
 * An exception ends a stream: Lucid delivers it through an IDT whose gate v
 * points at GEN_STUBS + v, Unicorn reports it through its interrupt hook;
 * the vectors and the registers (but ESP, which holds Lucid's frame) must
 * agree.
 *
 * Known Unicorn (QEMU) deviations are listed in tests/difftest/unicorn-known.txt
 * as "<template> <what> <reason>"; a mismatch that matches a line is counted
 * as known, not as a failure.
 *
 * usage: difftest [-s seed] [-n instructions] [-S stream] [-k known.txt] [-v] [-q]
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "emu/cpu/cpu_internal.h"
#include "tests/difftest/gen.h"
#include "tests/difftest/raw.h"

#define MAX_KNOWN 128
#define STREAM_LEN 48

struct known {
	char name[48];		/* template name */
	char what[24];		/* register, flag or "len", "mem", "exc" */
	int hits;
};

/* I/O: every port answers a fixed function of (port, size) on both sides,
 * and every write is logged, so IN results land in the compared registers
 * and OUT values are compared through the logs. */
#define MAX_OUTS 64
struct io_log {
	u32 port[MAX_OUTS], val[MAX_OUTS];
	u8 size[MAX_OUTS];
	int n;
};

static u32 port_value(u32 port, int size)
{
	u32 v = (port * 0x9E3779B1u) ^ (port >> 3) ^ 0xA5C3u;
	return size == 1 ? v & 0xFF : size == 2 ? v & 0xFFFF : v;
}

static void log_out(struct io_log *l, u32 port, int size, u32 val)
{
	if (l->n < MAX_OUTS) {
		l->port[l->n] = port;
		l->size[l->n] = (u8)size;
		l->val[l->n] = val;
	}
	l->n++;
}

/* Mismatches tallied by template and field, for the summary. */
struct tally {
	const char *name;
	char what[24];
	u64 n;
};
#define MAX_TALLY 256

struct dt {
	/* Lucid */
	struct bus bus;
	struct clock clk;
	struct cpu *cpu;
	/* Unicorn */
	uc_engine *uc;
	u8 *ucmem;
	uc_hook hk_intr, hk_in, hk_out;
	struct io_log lucid_out, uc_out;	/* OUT writes of the current instruction */
	int uc_intr;		/* vector reported by the hook, or -1 */
	bool uc_dirty;		/* took an exception: restart before the next stream */
	u32 pages[8];		/* pages an instruction may have written */
	int n_pages;
	/* Capstone */
	csh cs;
	/* the run */
	u64 seed;
	bool verbose, quiet;
	bool to_end;		/* the stream ran to its end (no exception) */
	struct known known[MAX_KNOWN];
	int n_known;
	u64 passed, failed, known_hits, exceptions, len_checked;
	u64 stream;		/* current stream index */
	const struct gen_stream *s;
	int cur;		/* current instruction index */
	u32 pre_regs[8], pre_eip, pre_flags;
	u16 pre_fsw;		/* the x87 status word before the instruction */
	u64 fpu_stack_faults;	/* x87 instructions with a stack fault: not compared */
	u32 pre_ea;		/* memory operand's address, when gi->mem */
	u8 pre_mem[8];		/* and the bytes there before the instruction */
	u8 pre_ucmem[8];	/* the same in Unicorn's memory */
	int reported;		/* mismatches printed so far */
	int max_reports;	/* -m: how many to print */
	u64 covered[512];	/* executions per generator template */
	u64 smc_seqs, reruns;	/* self-modifying sequences, unstepped reruns */
	u64 x87_not_rerun;	/* of those streams, not rerun for their x87 code (has_x87) */
	u8 before[GEN_MEM_SIZE];	/* Lucid's memory before a self-modifying stream */
	u8 after[GEN_DATA_HI];	/* its data window after the stepped run */
	struct tally tally[MAX_TALLY];
	int n_tally;
};

static const char *const reg_names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const int uc_regs[8] = {
	UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX,
	UC_X86_REG_ESP, UC_X86_REG_EBP, UC_X86_REG_ESI, UC_X86_REG_EDI,
};

/* Flags worth comparing: the arithmetic six, TF, IF, DF, AC, ID. */
#define CMP_FLAGS (FLAGS_ARITH | FLAG_TF | FLAG_IF | FLAG_DF | FLAG_AC | FLAG_ID)

static void die(const char *msg)
{
	fprintf(stderr, "difftest: %s\n", msg);
	exit(2);
}

/* ---------------- known Unicorn deviations ---------------- */

static void load_known(struct dt *d, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "difftest: cannot open %s\n", path);
		exit(2);
	}
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (d->n_known == MAX_KNOWN)
			die("too many lines in the known list");
		struct known *k = &d->known[d->n_known];
		if (sscanf(line, "%47s %23s", k->name, k->what) != 2)
			continue;
		d->n_known++;
	}
	fclose(f);
}

static struct known *find_known(struct dt *d, const char *name, const char *what)
{
	for (int k = 0; k < d->n_known; k++)
		if (!strcmp(d->known[k].name, name) &&
		    (!strcmp(d->known[k].what, what) || !strcmp(d->known[k].what, "*")))
			return &d->known[k];
	return NULL;
}

/* ---------------- the two machines ---------------- */

static void uc_check(uc_err e, const char *what)
{
	if (e != UC_ERR_OK) {
		fprintf(stderr, "difftest: unicorn %s: %s\n", what, uc_strerror(e));
		exit(2);
	}
}

static uint32_t hook_in(uc_engine *uc, uint32_t port, int size, void *user)
{
	return port_value(port, size);
}

static void hook_out(uc_engine *uc, uint32_t port, int size, uint32_t value, void *user)
{
	struct dt *d = user;
	log_out(&d->uc_out, port, size, value);
}

static u32 lucid_io_read(void *dev, u32 offset, int size)
{
	return port_value(offset, size);
}

static void lucid_io_write(void *dev, u32 offset, u32 val, int size)
{
	struct dt *d = dev;
	log_out(&d->lucid_out, offset, size, val);
}

static const struct io_ops lucid_io = { lucid_io_read, lucid_io_write, 1 | 2 | 4 };

static void hook_intr(uc_engine *uc, uint32_t intno, void *user)
{
	struct dt *d = user;
	d->uc_intr = (int)intno;
	uc_emu_stop(uc);
}

/* (Re)start the Unicorn engine on our memory. After an exception taken
 * through the interrupt hook, Unicorn still believes it is delivering it
 * (the next one would become #DF), so each exception costs a fresh engine. */
static void uc_start(struct dt *d)
{
	if (d->uc)
		uc_close(d->uc);
	uc_check(uc_open(UC_ARCH_X86, UC_MODE_32, &d->uc), "open");
	uc_check(uc_mem_map_ptr(d->uc, 0, GEN_MEM_SIZE, UC_PROT_ALL, d->ucmem), "map");
	uc_check(uc_hook_add(d->uc, &d->hk_intr, UC_HOOK_INTR, hook_intr, d, 1, 0), "hook");
	uc_check(uc_hook_add(d->uc, &d->hk_in, UC_HOOK_INSN, hook_in, d, 1, 0, UC_X86_INS_IN),
		 "hook");
	uc_check(uc_hook_add(d->uc, &d->hk_out, UC_HOOK_INSN, hook_out, d, 1, 0, UC_X86_INS_OUT),
		 "hook");
}

static void machines_init(struct dt *d)
{
	if (bus_init(&d->bus, 2u << 20))
		die("cannot allocate Lucid's RAM");
	d->bus.flat_ram = true;
	clock_init(&d->clk, 0);
	d->cpu = cpu_create(&d->bus, &d->clk, CPU_P6);
	if (!d->cpu)
		die("cannot create Lucid's CPU");
	d->cpu->reset_on_triple = false;
	if (bus_add_io(&d->bus, 0, 65536, &lucid_io, d, "difftest-ports"))
		die("cannot claim the I/O ports");

	d->ucmem = aligned_alloc(4096, GEN_MEM_SIZE);
	if (!d->ucmem)
		die("out of memory");
	memset(d->ucmem, 0, GEN_MEM_SIZE);
	uc_start(d);

	if (cs_open(CS_ARCH_X86, CS_MODE_32, &d->cs) != CS_ERR_OK)
		die("cannot open capstone");

	/* Same random background in the data window on both sides. */
	struct gen_rng r = { d->seed ^ 0x5EEDull };
	for (u32 a = GEN_DATA_LO; a < GEN_DATA_HI; a += 8) {
		u64 v = gen_rand(&r);
		memcpy(d->bus.ram + a, &v, 8);
		memcpy(d->ucmem + a, &v, 8);
	}
	/* Lucid's IDT: 32-bit interrupt gates, selector 0x08, to GEN_STUBS + v
	 * (each stub a HLT, never run: the single step stops after delivery). */
	for (int v = 0; v < 256; v++) {
		u32 h = GEN_STUBS + v;
		u8 *g = d->bus.ram + GEN_IDT + v * 8;
		st16(g, h & 0xFFFF);
		st16(g + 2, 0x08);
		g[4] = 0;
		g[5] = 0x8E;
		st16(g + 6, h >> 16);
		d->bus.ram[GEN_STUBS + v] = 0xF4;
	}
	/* The same GDT on both sides: the gates' selector and the segment
	 * register loads the generator emits name real descriptors. */
	static const u32 gdt[] = {
		0, 0, 0x0000FFFF, 0x00CF9B00, 0x0000FFFF, 0x00CF9300, 0x0000FFFF, 0x00CF9300,
	};
	for (unsigned k = 0; k < sizeof(gdt) / sizeof(gdt[0]); k++) {
		st32(d->bus.ram + GEN_GDT + 4 * k, gdt[k]);
		st32(d->ucmem + GEN_GDT + 4 * k, gdt[k]);
	}
}

static void machines_free(struct dt *d)
{
	cs_close(&d->cs);
	uc_close(d->uc);
	free(d->ucmem);
	cpu_destroy(d->cpu);
	bus_free(&d->bus);
}

static void fpu_seed(struct dt *d);
static void fpu_start(struct dt *d);

/* Load the stream's code and registers (and the x87's, which depend only
 * on the seed and the stream number) into Lucid. */
static void lucid_load(struct dt *d, const struct gen_stream *s)
{
	struct cpu *c = d->cpu;
	memset(d->bus.ram + GEN_CODE, 0xF4, GEN_CODE_MAX);
	memcpy(d->bus.ram + GEN_CODE, s->code, s->size);
	cpu_reset(c);
	cpu_setup_flat32(c);
	c->idtr.base = GEN_IDT;
	c->idtr.limit = 256 * 8 - 1;
	c->gdtr.base = GEN_GDT;
	c->gdtr.limit = 4 * 8 - 1;
	cpu_flush_caches(c);
	for (int r = 0; r < 8; r++)
		c->regs[r] = s->regs[r];
	c->eip = GEN_CODE;
	cpu_set_eflags(c, s->eflags);
	c->single_step = true;
	if (gen_fpu)
		fpu_seed(d);
}

/* Load the stream's code and registers into both machines. */
static void load_stream(struct dt *d, const struct gen_stream *s)
{
	lucid_load(d, s);
	memset(d->ucmem + GEN_CODE, 0xF4, GEN_CODE_MAX);
	memcpy(d->ucmem + GEN_CODE, s->code, s->size);
	if (d->uc_dirty)
		uc_start(d);
	d->uc_dirty = false;
	uc_ctl_remove_cache(d->uc, GEN_CODE, GEN_CODE + GEN_CODE_MAX);
	for (int r = 0; r < 8; r++) {
		u32 v = s->regs[r];
		uc_check(uc_reg_write(d->uc, uc_regs[r], &v), "reg write");
	}
	u32 v = s->eflags, eip = GEN_CODE;
	uc_check(uc_reg_write(d->uc, UC_X86_REG_EFLAGS, &v), "eflags write");
	uc_check(uc_reg_write(d->uc, UC_X86_REG_EIP, &eip), "eip write");
	/* Unicorn's data segments: selector 0x10 from the GDT, like Lucid's. */
	uc_x86_mmr gdtr = { 0, GEN_GDT, 4 * 8 - 1, 0 };
	uc_check(uc_reg_write(d->uc, UC_X86_REG_GDTR, &gdtr), "gdtr write");
	static const int uc_sregs[] = {
		UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_ES, UC_X86_REG_FS, UC_X86_REG_GS,
	};
	for (unsigned k = 0; k < sizeof(uc_sregs) / sizeof(uc_sregs[0]); k++) {
		u32 sel = 0x10;
		uc_check(uc_reg_write(d->uc, uc_sregs[k], &sel), "segment write");
	}
	u32 cs = 0x08;
	uc_check(uc_reg_write(d->uc, UC_X86_REG_CS, &cs), "cs write");
	if (gen_fpu)
		fpu_start(d);
}

/* ---------------- stepping ---------------- */

static u32 uc_reg(struct dt *d, int id)
{
	u32 v = 0;
	uc_reg_read(d->uc, id, &v);
	return v;
}

/* One instruction on Unicorn; a REP string instruction is stepped per
 * iteration there, so run it until EIP moves. A MOV BYTE [abs32], imm8 to
 * the code page it runs on cannot be stepped: Unicorn (QEMU) notices the
 * write to its current translation block, restarts the instruction and,
 * its count used up, stops before it again, every time (and running it to
 * the next address instead is very slow). Its effect is made directly
 * (uc_mem_write drops the translations of the bytes written; the MOV
 * changes no register or flag); the patched code then runs on Unicorn as
 * usual. Returns 0, or the uc error. */
static uc_err uc_step(struct dt *d, const struct gen_insn *gi)
{
	u32 start = GEN_CODE + gi->off;
	d->uc_intr = -1;
	if (gi->smc_write) {
		u32 next = start + gi->len;
		uc_err e = uc_mem_write(d->uc, ld32(gi->bytes + 2), gi->bytes + 6, 1);
		return e ? e : uc_reg_write(d->uc, UC_X86_REG_EIP, &next);
	}
	for (int iter = 0; iter < 64; iter++) {
		uc_err e = uc_emu_start(d->uc, uc_reg(d, UC_X86_REG_EIP), 0xFFFFFFFFu, 0, 1);
		if (e != UC_ERR_OK || d->uc_intr >= 0)
			return e;
		if (!gi->rep || uc_reg(d, UC_X86_REG_EIP) != start)
			break;
	}
	return UC_ERR_OK;
}

/* One instruction on Lucid; returns the exception vector taken, or -1. */
static int lucid_step(struct dt *d, const struct gen_insn *gi)
{
	struct cpu *c = d->cpu;
	u32 start = GEN_CODE + gi->off;
	for (int iter = 0; iter < 64; iter++) {
		enum cpu_stop st = cpu_run(c, d->clk.icount + 1);
		if (st == CPU_STOP_SHUTDOWN)
			return 0x100;		/* triple fault: reported as such */
		if (c->eip >= GEN_STUBS && c->eip < GEN_STUBS + 256)
			return (int)(c->eip - GEN_STUBS);
		if (!gi->rep || c->eip != start)
			break;
	}
	return -1;
}

/* ---------------- undefined flags ---------------- */

/* The flags the SDM leaves undefined after gi ran from the pre-state. */
static u32 undef_flags(const struct dt *d, const struct gen_insn *gi, bool *dest_undef)
{
	u32 cnt = gi->count_cl ? (d->pre_regs[R_ECX] & 0xFF) : gi->count_imm;
	u32 m = cnt & 0x1F;
	u32 bits = gi->osz * 8;
	*dest_undef = false;
	switch (gi->kind) {
	case K_LOGIC:
		return FLAG_AF;
	case K_MUL:
		return FLAG_SF | FLAG_ZF | FLAG_AF | FLAG_PF;
	case K_DIV:
		return FLAGS_ARITH;
	case K_SHIFT:
		if (m == 0)
			return 0;
		return FLAG_AF | (m != 1 ? FLAG_OF : 0) | (m >= bits ? FLAG_CF : 0);
	case K_ROT:
		return m != 0 && m != 1 ? FLAG_OF : 0;
	case K_SHXD:
		if (m == 0)
			return 0;
		if (m > bits) {
			*dest_undef = true;
			return FLAGS_ARITH;
		}
		return FLAG_AF | (m != 1 ? FLAG_OF : 0);
	case K_BT:
		return FLAG_OF | FLAG_SF | FLAG_AF | FLAG_PF;
	case K_BSF:
		return FLAG_CF | FLAG_OF | FLAG_SF | FLAG_AF | FLAG_PF;
	case K_AAA:
		return FLAG_OF | FLAG_SF | FLAG_ZF | FLAG_PF;
	case K_DAA:
		return FLAG_OF;
	case K_AAM:
		return FLAG_OF | FLAG_AF | FLAG_CF;
	}
	return 0;
}

/* ---------------- reporting ---------------- */

static void print_insn(struct dt *d, const struct gen_insn *gi, const char *mark)
{
	cs_insn *ci;
	size_t n = cs_disasm(d->cs, gi->bytes, gi->len, GEN_CODE + gi->off, 1, &ci);
	printf("  %s%08x:", mark, GEN_CODE + gi->off);
	for (int k = 0; k < gi->len; k++)
		printf(" %02x", gi->bytes[k]);
	printf("%*s %-14s %s %s\n", 3 * (15 - gi->len), "", gi->name,
	       n ? ci[0].mnemonic : "(capstone: ?)", n ? ci[0].op_str : "");
	if (n)
		cs_free(ci, n);
}

/* Print the seed, the stream and a one-instruction reproducer (the state
 * right before the failing instruction and its bytes). */
static void report(struct dt *d, const char *what)
{
	d->failed++;
	if (d->reported++ >= d->max_reports) {
		if (d->reported == d->max_reports + 1)
			printf("difftest: further mismatches not shown\n");
		return;
	}
	const struct gen_insn *gi = &d->s->ins[d->cur];
	printf("MISMATCH seed=%" PRIu64 " stream=%" PRIu64 " insn %d (%s): %s\n", d->seed,
	       d->stream, d->cur, gi->name, what);
	printf("  replay: build/tests/difftest -s %" PRIu64 " -S %" PRIu64 " -v\n", d->seed,
	       d->stream);
	printf("  reproducer: state before the instruction\n   ");
	for (int r = 0; r < 8; r++)
		printf(" %s=%08x", reg_names[r], d->pre_regs[r]);
	printf("\n    eip=%08x eflags=%08x\n", d->pre_eip, d->pre_flags);
	if (gi->mem) {
		printf("    memory operand at %08x before:", d->pre_ea);
		for (int k = 0; k < 8; k++)
			printf(" %02x", d->pre_mem[k]);
		if (memcmp(d->pre_mem, d->pre_ucmem, 8)) {
			printf(" (unicorn's:");
			for (int k = 0; k < 8; k++)
				printf(" %02x", d->pre_ucmem[k]);
			printf(")");
		}
		printf("\n");
	}
	print_insn(d, gi, "> ");
	if (d->verbose) {
		printf("  stream:\n");
		for (int k = 0; k < d->s->n; k++)
			print_insn(d, &d->s->ins[k], k == d->cur ? "> " : "  ");
	}
}

/* A mismatch in field what of the current instruction: known or failure.
 * Returns true when it was a known Unicorn deviation. */
static bool mismatch(struct dt *d, const char *what, const char *detail)
{
	const struct gen_insn *gi = &d->s->ins[d->cur];
	struct known *k = find_known(d, gi->name, what);
	/* A LOCK-prefixed instance may be listed as lock:<template>. */
	if (!k && memchr(gi->bytes, 0xF0, gi->len < 4 ? gi->len : 4)) {
		char name[64];
		snprintf(name, sizeof(name), "lock:%s", gi->name);
		k = find_known(d, name, what);
	}
	if (k) {
		k->hits++;
		d->known_hits++;
		if (d->verbose)
			printf("known: %s %s: %s\n", d->s->ins[d->cur].name, what, detail);
		return true;
	}
	char buf[200];
	snprintf(buf, sizeof(buf), "%s: %s", what, detail);
	report(d, buf);
	const char *name = d->s->ins[d->cur].name;
	int t;
	for (t = 0; t < d->n_tally; t++)
		if (!strcmp(d->tally[t].name, name) && !strcmp(d->tally[t].what, what))
			break;
	if (t == d->n_tally && t < MAX_TALLY) {
		d->tally[t].name = name;
		snprintf(d->tally[t].what, sizeof(d->tally[t].what), "%s", what);
		d->n_tally++;
	}
	if (t < MAX_TALLY)
		d->tally[t].n++;
	return false;
}

/* ---------------- the x87 (-f) ---------------- */

/* What Unicorn reads and writes for UC_X86_REG_FP0..7: the significand,
 * then sign and exponent (its cpu_get_fp80 layout). */
struct uc_f80 {
	u64 mantissa;
	u16 exponent;
};

/* Both FPUs start each stream in the same random state: two to six
 * registers full from TOP on (mostly normal numbers, a few zeros,
 * denormals, infinities and NaNs), every exception masked (an unmasked
 * one would stop the stream at the next instruction), any rounding and
 * precision control. The state is a function of the seed and the stream
 * number only, so an unstepped rerun of the stream starts the same. */
static void fpu_seed(struct dt *d)
{
	struct gen_rng rng = { d->seed * 0x9E3779B97F4A7C15ull ^ (d->stream + 1) * 0xC2B2AE3D27D4EB4Full };
	struct fpu *f = &d->cpu->fpu;
	memset(f, 0, sizeof(*f));
	f->cw = 0x007F | (u16)(gen_rand(&rng) & 0x0F00);
	/* ST(0)..ST(k-1) full, the rest empty, as real code has it. */
	int top = (int)(gen_rand(&rng) & 7), k = 2 + (int)(gen_rand(&rng) % 5);
	f->sw = (u16)(top << 11);
	for (int i = 0; i < k; i++)
		f->used |= 1 << ((top + i) & 7);
	for (int n = 0; n < 8; n++) {
		u64 r = gen_rand(&rng), sig = gen_rand(&rng) | 0x8000000000000000ull;
		u16 s = (u16)(r & 0x8000), e = (u16)(0x3FFF - 32 + (r >> 16) % 64);
		switch ((r >> 32) % 16) {
		case 0: sig = 0; e = 0; break;
		case 1: sig >>= 1 + (r >> 40) % 63; e = 0; break;
		case 2: sig = 0x8000000000000000ull; e = 0x7FFF; break;
		case 3: e = 0x7FFF; break;
		case 4: sig &= ~0ull << (r >> 40) % 64; e = (u16)(0x3FFF + (r >> 48) % 64); break;
		case 5: e = (u16)(1 + (r >> 40) % 0x7FFE); break;
		}
		f->r[n].sig = sig;
		f->r[n].se = s | e;
	}
}

/* The same x87 state in Unicorn (after lucid_load seeded Lucid's). */
static void fpu_start(struct dt *d)
{
	struct fpu *f = &d->cpu->fpu;
	uc_check(uc_reg_write(d->uc, UC_X86_REG_FPCW, &f->cw), "fpcw write");
	uc_check(uc_reg_write(d->uc, UC_X86_REG_FPSW, &f->sw), "fpsw write");
	u16 tw = fpu_tag_word(f);
	uc_check(uc_reg_write(d->uc, UC_X86_REG_FPTAG, &tw), "fptag write");
	for (int n = 0; n < 8; n++) {
		struct uc_f80 v = { f->r[n].sig, f->r[n].se };
		uc_check(uc_reg_write(d->uc, UC_X86_REG_FP0 + n, &v), "fp write");
	}
}

/* Lucid's FPU into Unicorn (after a deviation, so the runs stay together). */
static void fpu_sync_to_uc(struct dt *d)
{
	struct fpu *f = &d->cpu->fpu;
	u16 tw = fpu_tag_word(f);
	uc_reg_write(d->uc, UC_X86_REG_FPCW, &f->cw);
	uc_reg_write(d->uc, UC_X86_REG_FPSW, &f->sw);
	uc_reg_write(d->uc, UC_X86_REG_FPTAG, &tw);
	for (int n = 0; n < 8; n++) {
		struct uc_f80 v = { f->r[n].sig, f->r[n].se };
		uc_reg_write(d->uc, UC_X86_REG_FP0 + n, &v);
	}
}

static bool mismatch(struct dt *d, const char *what, const char *detail);

/* The state after an MMX instruction: TOP, which tags are empty (all after
 * EMMS, none after the others) and the eight registers' significands (the
 * MMX registers). Not the exponents: QEMU's MMX writes leave them alone,
 * where the SDM sets them to all ones (vol. 3A 12.2; the host oracle,
 * tests/unit/mmx_oracle_test.c, checks that and the full tag word). */
static bool mmx_compare(struct dt *d)
{
	struct fpu *f = &d->cpu->fpu;
	char det[160];
	bool same = true;
	u16 usw = 0, utw = 0, ltw = fpu_tag_word(f);
	uc_reg_read(d->uc, UC_X86_REG_FPSW, &usw);
	uc_reg_read(d->uc, UC_X86_REG_FPTAG, &utw);
	if ((usw ^ f->sw) & 0x3800) {
		snprintf(det, sizeof(det), "lucid %04x unicorn %04x", f->sw, usw);
		same = mismatch(d, "fptop", det) && same;
	}
	for (int n = 0; n < 8; n++) {
		bool le = (ltw >> (2 * n) & 3) == 3, ue = (utw >> (2 * n) & 3) == 3;
		if (le != ue) {
			snprintf(det, sizeof(det), "R%d lucid %04x unicorn %04x", n, ltw, utw);
			same = mismatch(d, "fptag", det) && same;
		}
		struct uc_f80 v = { 0, 0 };
		uc_reg_read(d->uc, UC_X86_REG_FP0 + n, &v);
		if (v.mantissa != f->r[n].sig) {
			snprintf(det, sizeof(det), "MM%d lucid %016llx unicorn %016llx", n,
				 (unsigned long long)f->r[n].sig, (unsigned long long)v.mantissa);
			same = mismatch(d, "mmreg", det) && same;
		}
	}
	return same;
}

/* The x87 state after an instruction: control, status (TOP, C0, C2, C3,
 * ZE), tags, and every register that is not empty. What Unicorn 2.0.1
 * (QEMU 5.0's x87) does not model is left out, each named:
 *  - stack faults: it reads and writes registers whatever their tags, so
 *    an instruction that faults on Lucid (SF, the indefinite result or no
 *    pop) is counted and not compared;
 *  - C1: it neither sets it on a round-up nor clears it on a load;
 *  - IE for SNaN and unsupported operands and integer-store overflow, and
 *    DE, OE, UE, PE: it does not raise them.
 * Per-instruction deviations (constants under directed rounding, FXTRACT
 * of a NaN, the sign of its default NaN, FCOMI's other flags...) are in
 * unicorn-known.txt. tests/unit/fpu_oracle_test.c checks all of these
 * against the host's x87 instead. */
static bool fpu_compare(struct dt *d)
{
	struct fpu *f = &d->cpu->fpu;
	char det[160];
	bool same = true;
	u16 raised = f->sw & ~d->pre_fsw;
	if (!strncmp(d->s->ins[d->cur].name, "mmx_", 4))
		return mmx_compare(d);
	if (raised & FPU_SF) {
		d->fpu_stack_faults++;
		return true;
	}
	u16 ucw = 0, usw = 0, utw = 0, ltw = fpu_tag_word(f);
	uc_reg_read(d->uc, UC_X86_REG_FPCW, &ucw);
	uc_reg_read(d->uc, UC_X86_REG_FPSW, &usw);
	uc_reg_read(d->uc, UC_X86_REG_FPTAG, &utw);
	u16 cc = FPU_C0 | FPU_C2 | FPU_C3;
	if (ucw != f->cw) {
		snprintf(det, sizeof(det), "lucid %04x unicorn %04x", f->cw, ucw);
		same = mismatch(d, "fpcw", det) && same;
	}
	if ((usw ^ f->sw) & 0x3800) {
		snprintf(det, sizeof(det), "lucid %04x unicorn %04x", f->sw, usw);
		same = mismatch(d, "fptop", det) && same;
	}
	if ((usw ^ f->sw) & cc) {
		snprintf(det, sizeof(det), "lucid %04x unicorn %04x", f->sw, usw);
		same = mismatch(d, "fpcc", det) && same;
	}
	if ((usw ^ f->sw) & FPU_ZE) {
		snprintf(det, sizeof(det), "lucid %04x unicorn %04x", f->sw, usw);
		same = mismatch(d, "fpexc", det) && same;
	}
	if (utw != ltw) {
		snprintf(det, sizeof(det), "lucid %04x unicorn %04x", ltw, utw);
		same = mismatch(d, "fptag", det) && same;
	}
	for (int n = 0; n < 8; n++) {
		struct uc_f80 v = { 0, 0 };
		uc_reg_read(d->uc, UC_X86_REG_FP0 + n, &v);
		if (!(f->used >> n & 1) || (v.mantissa == f->r[n].sig && v.exponent == f->r[n].se))
			continue;
		snprintf(det, sizeof(det), "R%d lucid %04x:%016llx unicorn %04x:%016llx", n,
			 f->r[n].se, (unsigned long long)f->r[n].sig, v.exponent,
			 (unsigned long long)v.mantissa);
		same = mismatch(d, "fpreg", det) && same;
	}
	return same;
}

/* ---------------- comparing ---------------- */

/* Copy Lucid's registers, flags and EIP into Unicorn (after a known
 * deviation or an undefined result, so the runs stay together). */
static void sync_to_uc(struct dt *d)
{
	struct cpu *c = d->cpu;
	for (int r = 0; r < 8; r++)
		uc_reg_write(d->uc, uc_regs[r], &c->regs[r]);
	u32 f = cpu_get_eflags(c);
	uc_reg_write(d->uc, UC_X86_REG_EFLAGS, &f);
	uc_reg_write(d->uc, UC_X86_REG_EIP, &c->eip);
}

/* Note the page of addr (and the next, for accesses that cross) as one the
 * instruction may have written. */
static void add_page(struct dt *d, u32 addr)
{
	for (u32 a = addr & PAGE_MASK; a <= ((addr + 8) & PAGE_MASK); a += PAGE_SIZE) {
		if (a >= GEN_DATA_HI)
			return;
		bool seen = false;
		for (int k = 0; k < d->n_pages; k++)
			seen |= d->pages[k] == a;
		if (!seen && d->n_pages < 8)
			d->pages[d->n_pages++] = a;
	}
}

/* Compare after one instruction. Returns false when the stream must end. */
static bool compare(struct dt *d, const struct gen_insn *gi)
{
	struct cpu *c = d->cpu;
	char det[160];
	bool ok = true, resync = false;
	bool dest_undef;
	u32 undef = undef_flags(d, gi, &dest_undef);

	/* Where it can have written: its memory operand, the stack around ESP
	 * before and after, and (string instructions) around EDI. */
	d->n_pages = 0;
	if (gi->mem || d->pre_ea)
		add_page(d, d->pre_ea);
	u32 sp0 = d->pre_regs[R_ESP], sp1 = c->regs[R_ESP];
	u32 lo = (sp0 < sp1 ? sp0 : sp1) - 64, hi = (sp0 > sp1 ? sp0 : sp1) + 64;
	for (u32 a = lo & PAGE_MASK; a <= (hi & PAGE_MASK) && a - (lo & PAGE_MASK) < 0x4000; a += PAGE_SIZE)
		add_page(d, a);
	add_page(d, d->pre_regs[R_EDI] - 64);
	add_page(d, d->pre_regs[R_EDI] + 64);
	add_page(d, d->pre_regs[R_EDI] & 0xFFFF);

	u32 lf = cpu_get_eflags(c), uf = uc_reg(d, UC_X86_REG_EFLAGS);
	/* BSF/BSR leave the destination undefined when the source is 0 (ZF). */
	if (gi->kind == K_BSF && (lf & FLAG_ZF) && (uf & FLAG_ZF))
		dest_undef = true;
	for (int r = 0; r < 8; r++) {
		u32 lv = c->regs[r], uv = uc_reg(d, uc_regs[r]);
		if (dest_undef && (gi->kind == K_BSF ? r == gi->dest_reg : true))
			continue;
		if (lv != uv) {
			snprintf(det, sizeof(det), "lucid %08x unicorn %08x", lv, uv);
			ok = mismatch(d, reg_names[r], det) && ok;
			resync = true;
			if (!ok)
				return false;
		}
	}
	static const int uc_sreg_ids[SEG_COUNT] = {
		UC_X86_REG_ES, UC_X86_REG_CS, UC_X86_REG_SS, UC_X86_REG_DS, UC_X86_REG_FS,
		UC_X86_REG_GS,
	};
	static const char *const sreg_names[SEG_COUNT] = { "es", "cs", "ss", "ds", "fs", "gs" };
	for (int sr = 0; sr < SEG_COUNT; sr++) {
		u32 lv = c->seg[sr].sel, uv = uc_reg(d, uc_sreg_ids[sr]) & 0xFFFF;
		if (lv != uv) {
			snprintf(det, sizeof(det), "lucid %04x unicorn %04x", lv, uv);
			if (!mismatch(d, sreg_names[sr], det))
				return false;
		}
	}
	u32 ueip = uc_reg(d, UC_X86_REG_EIP);
	if (c->eip != ueip) {
		snprintf(det, sizeof(det), "lucid %08x unicorn %08x", c->eip, ueip);
		mismatch(d, "eip", det);
		return false;	/* control flow differs: nothing more to learn */
	}
	/* An x87 stack fault (flags are cleared before each instruction, so SF
	 * is this one's): Unicorn does not model them, so what it wrote to
	 * EFLAGS or memory is not compared but replaced by Lucid's. */
	bool x87_fault = gen_fpu && (c->fpu.sw & FPU_SF);
	if (x87_fault) {
		uf = (uf & ~FLAGS_ARITH) | (lf & FLAGS_ARITH);
		resync = true;
	}
	u32 diff = (lf ^ uf) & CMP_FLAGS & ~undef;
	if (diff) {
		static const struct { u32 bit; const char *name; } fl[] = {
			{ FLAG_CF, "cf" }, { FLAG_PF, "pf" }, { FLAG_AF, "af" }, { FLAG_ZF, "zf" },
			{ FLAG_SF, "sf" }, { FLAG_OF, "of" }, { FLAG_TF, "tf" }, { FLAG_IF, "if" },
			{ FLAG_DF, "df" }, { FLAG_AC, "ac" }, { FLAG_ID, "id" },
		};
		for (size_t k = 0; k < sizeof(fl) / sizeof(fl[0]); k++) {
			if (!(diff & fl[k].bit))
				continue;
			snprintf(det, sizeof(det), "lucid eflags %08x unicorn %08x (undefined %03x)",
				 lf, uf, undef);
			if (!mismatch(d, fl[k].name, det))
				return false;
		}
		resync = true;
	}
	/* The pages the instruction can have written must be the same. (Not
	 * Unicorn's write hook: installing one corrupts its flags after
	 * memory-destination shifts, see unicorn-known.txt.) */
	for (int p = 0; p < d->n_pages; p++) {
		u32 a = d->pages[p];
		if (!memcmp(d->bus.ram + a, d->ucmem + a, PAGE_SIZE))
			continue;
		for (u32 e = a + PAGE_SIZE; a < e; a++) {
			if (d->bus.ram[a] == d->ucmem[a])
				continue;
			if (x87_fault) {
				d->ucmem[a] = d->bus.ram[a];
				continue;
			}
			snprintf(det, sizeof(det), "byte at %08x: lucid %02x unicorn %02x", a,
				 d->bus.ram[a], d->ucmem[a]);
			if (!mismatch(d, "mem", det))
				return false;
			d->ucmem[a] = d->bus.ram[a];
		}
	}
	/* OUT writes: same ports, sizes and values, in the same order. */
	bool io_same = d->lucid_out.n == d->uc_out.n;
	for (int k = 0; io_same && k < d->lucid_out.n && k < MAX_OUTS; k++)
		io_same = d->lucid_out.port[k] == d->uc_out.port[k] &&
			  d->lucid_out.size[k] == d->uc_out.size[k] &&
			  d->lucid_out.val[k] == d->uc_out.val[k];
	if (!io_same) {
		const struct io_log *a = &d->lucid_out, *b = &d->uc_out;
		snprintf(det, sizeof(det), "lucid %d writes (first %04x/%d=%x), unicorn %d (first %04x/%d=%x)",
			 a->n, a->n ? a->port[0] : 0, a->n ? a->size[0] : 0, a->n ? a->val[0] : 0,
			 b->n, b->n ? b->port[0] : 0, b->n ? b->size[0] : 0, b->n ? b->val[0] : 0);
		if (!mismatch(d, "out", det))
			return false;
	}
	if (gen_fpu && !fpu_compare(d))
		return false;
	if (gen_fpu)
		fpu_sync_to_uc(d);	/* known deviations do not cascade */
	if (resync || undef || dest_undef)
		sync_to_uc(d);
	return true;
}

/* ---------------- the run ---------------- */

static int index_of(const struct gen_stream *s, u32 eip)
{
	/* Streams are short; a linear search keeps this simple. */
	for (int k = 0; k < s->n; k++)
		if (GEN_CODE + s->ins[k].off == eip)
			return k;
	return -1;
}

/* Decoder lengths: Capstone, Lucid's decoder, and the generator agree. */
static void check_lengths(struct dt *d, const struct gen_stream *s)
{
	for (int k = 0; k < s->n; k++) {
		const struct gen_insn *gi = &s->ins[k];
		struct insn in;
		cs_insn *ci;
		char det[120];
		d->cur = k;
		size_t n = cs_disasm(d->cs, gi->bytes, gi->len, GEN_CODE + gi->off, 1, &ci);
		int cl = n ? (int)ci[0].size : 0;
		if (n)
			cs_free(ci, n);
		memset(&in, 0, sizeof(in));
		int ll = decode_insn_buf(d->cpu, gi->bytes, gi->len, &in);
		d->len_checked++;
		if (ll == gi->len && in.fn == op_ud) {
			snprintf(det, sizeof(det), "lucid decodes a valid instruction as #UD");
			memcpy(d->pre_regs, s->regs, sizeof(d->pre_regs));
			mismatch(d, "ud", det);
		} else if (cl != gi->len || ll != gi->len) {
			snprintf(det, sizeof(det), "generated %d, capstone %d, lucid %d", gi->len, cl,
				 ll);
			memcpy(d->pre_regs, s->regs, sizeof(d->pre_regs));
			mismatch(d, cl != gi->len ? "len_capstone" : "len", det);
		}
	}
}

/* Run one stream; returns the number of instructions executed. *clean is
 * set when it ran to its end or to an exception both sides took. */
static int run_steps(struct dt *d, const struct gen_stream *s, bool *clean)
{
	struct cpu *c = d->cpu;
	u32 end = GEN_CODE + s->size;
	int steps = 0;

	*clean = false;
	d->to_end = false;
	d->s = s;
	load_stream(d, s);
	cpu_set_eflags(c, s->eflags);	/* cpu_setup_flat32 ran in load_stream */
	check_lengths(d, s);
	while (c->eip != end && steps < 4 * GEN_MAX_INSNS) {
		int k = index_of(s, c->eip);
		if (k < 0) {
			d->cur = 0;
			char det[80];
			snprintf(det, sizeof(det), "lucid eip %08x is not an instruction boundary",
				 c->eip);
			report(d, det);
			return steps;
		}
		const struct gen_insn *gi = &s->ins[k];
		d->cur = k;
		memcpy(d->pre_regs, c->regs, sizeof(d->pre_regs));
		d->pre_eip = c->eip;
		d->pre_flags = cpu_get_eflags(c);
		if (gen_fpu) {
			/* The x87's flags are sticky: clear them on both sides, so
			 * each instruction's own exceptions are compared. */
			c->fpu.sw &= ~(FPU_EXC | FPU_SF | FPU_ES | FPU_B);
			uc_reg_write(d->uc, UC_X86_REG_FPSW, &c->fpu.sw);
		}
		d->pre_fsw = c->fpu.sw;
		d->pre_ea = 0;
		if (gi->mem) {
			struct insn in;
			u32 r9[9], ea;
			memcpy(r9, c->regs, sizeof(u32) * 8);
			r9[8] = 0;
			if (gi->mem == GEN_MEM_MOFFS) {
				/* the address is the instruction's last 2 or 4 bytes */
				bool a16 = gi->bytes[0] == 0x67 || gi->bytes[1] == 0x67 ||
					   gi->bytes[2] == 0x67;
				ea = a16 ? ld16(gi->bytes + gi->len - 2) : ld32(gi->bytes + gi->len - 4);
			} else {
				decode_insn_buf(c, gi->bytes, gi->len, &in);
				ea = (in.base <= 8 ? r9[in.base] : 0) +
				     ((in.index <= 8 ? r9[in.index] : 0) << in.scale) + in.disp;
				if (!in.asz32)
					ea &= 0xFFFF;
			}
			d->pre_ea = ea;
			for (int k = 0; k < 8; k++)
				d->pre_mem[k] = ea + k < GEN_MEM_SIZE ? d->bus.ram[ea + k] : 0;
			for (int k = 0; k < 8; k++)
				d->pre_ucmem[k] = ea + k < GEN_MEM_SIZE ? d->ucmem[ea + k] : 0;
		}

		d->lucid_out.n = d->uc_out.n = 0;
		int lvec = lucid_step(d, gi);
		uc_err e = uc_step(d, gi);
		steps++;
		int uvec = d->uc_intr;
		if (e == UC_ERR_INSN_INVALID)
			uvec = EXC_UD;
		else if (e != UC_ERR_OK) {
			char det[120];
			snprintf(det, sizeof(det), "unicorn stopped: %s (lucid vector %d)",
				 uc_strerror(e), lvec);
			mismatch(d, "uc_error", det);
			return steps;
		}
		if (lvec >= 0 || uvec >= 0) {
			char det[120];
			d->exceptions++;
			d->uc_dirty = true;
			if (lvec != uvec) {
				snprintf(det, sizeof(det), "exception: lucid vector %d, unicorn %d",
					 lvec, uvec);
				mismatch(d, "exc", det);
				return steps;
			}
			/* Faults leave the registers as they were (ESP holds the frame). */
			bool same = true;
			for (int r = 0; r < 8; r++)
				if (r != R_ESP && c->regs[r] != uc_reg(d, uc_regs[r]))
					same = false;
			if (!same) {
				snprintf(det, sizeof(det), "registers differ after vector %d", lvec);
				if (!mismatch(d, "exc_regs", det))
					return steps;
			} else {
				d->passed++;
				if (gi->tmpl >= 0)
					d->covered[gi->tmpl]++;
			}
			/* Undo Lucid's exception frame so memories match again. */
			u32 sp = c->regs[R_ESP];
			for (u32 a = sp; a < sp + 16 && a < GEN_DATA_HI; a++)
				d->bus.ram[a] = d->ucmem[a];
			*clean = same;
			return steps;
		}
		if (!compare(d, gi))
			return steps;
		d->passed++;
		if (gi->tmpl >= 0)
			d->covered[gi->tmpl]++;
	}
	*clean = true;
	d->to_end = c->eip == end;
	return steps;
}

/*
 * A self-modifying stream again on Lucid alone, from the same memory, but
 * not single-stepped: blocks run whole and chain through their links, the
 * way code normally runs. The result must be the stepped run's, which was
 * compared with Unicorn instruction by instruction.
 */
static void rerun_unstepped(struct dt *d, const struct gen_stream *s)
{
	struct cpu *c = d->cpu;
	u32 regs[8], eflags = cpu_get_eflags(c), end = GEN_CODE + s->size;
	memcpy(regs, c->regs, sizeof(regs));
	memcpy(d->after, d->bus.ram, GEN_DATA_HI);
	memcpy(d->bus.ram, d->before, GEN_MEM_SIZE);
	lucid_load(d, s);
	c->single_step = false;
	/* The stream ends at the HLT after its last instruction. */
	u64 limit = d->clk.icount + 64 * GEN_MAX_INSNS;
	while (!c->halted && d->clk.icount < limit)
		if (cpu_run(c, limit) != CPU_STOP_LIMIT && !c->halted)
			break;
	d->reruns++;
	char det[160];
	d->cur = s->n - 1;
	if (!c->halted || c->eip != end + 1) {
		snprintf(det, sizeof(det), "unstepped run stopped at %08x, not after %08x",
			 c->eip, end);
		mismatch(d, "unstepped", det);
	} else if (memcmp(regs, c->regs, sizeof(regs)) || eflags != cpu_get_eflags(c)) {
		int r = 0;
		while (r < 7 && regs[r] == c->regs[r])
			r++;
		snprintf(det, sizeof(det), "unstepped %s %08x eflags %08x, stepped %08x eflags %08x",
			 reg_names[r], c->regs[r], cpu_get_eflags(c), regs[r], eflags);
		mismatch(d, "unstepped", det);
	} else if (memcmp(d->after, d->bus.ram, GEN_DATA_HI)) {
		mismatch(d, "unstepped", "data window differs from the stepped run's");
	}
	c->halted = false;
	memcpy(d->bus.ram, d->after, GEN_DATA_HI);
}

/* Whether the stream has an x87 instruction (an escape opcode D8-DF or
 * WAIT after its prefixes). Such a stream is not rerun unstepped: the
 * stepped run clears the x87's sticky exception flags before each
 * instruction, so FNSTSW and FSTENV see values a plain run does not. */
static bool has_x87(const struct gen_stream *s)
{
	for (int k = 0; k < s->n; k++) {
		const struct gen_insn *gi = &s->ins[k];
		int i = 0;
		while (i < gi->len && strchr("\x26\x2e\x36\x3e\x64\x65\x66\x67\xf0\xf2\xf3",
					      gi->bytes[i]) && gi->bytes[i])
			i++;
		if (i < gi->len && ((gi->bytes[i] & 0xF8) == 0xD8 || gi->bytes[i] == 0x9B))
			return true;
		if (!strncmp(gi->name, "mmx_", 4))
			return true;
	}
	return false;
}

/* Run one stream and check the data window after it. */
static int run_stream(struct dt *d, const struct gen_stream *s)
{
	bool clean;
	if (s->smc)
		memcpy(d->before, d->bus.ram, GEN_MEM_SIZE);
	int steps = run_steps(d, s, &clean);
	d->smc_seqs += s->smc;

	/* Stray writes: the whole data window must match. After a mismatch
	 * it cannot, so only resynchronise. */
	if (clean && memcmp(d->bus.ram + GEN_DATA_LO, d->ucmem + GEN_DATA_LO, GEN_DATA_HI - GEN_DATA_LO)) {
		u32 a = GEN_DATA_LO;
		while (d->bus.ram[a] == d->ucmem[a])
			a++;
		char det[120];
		snprintf(det, sizeof(det), "data window differs at %08x after the stream "
			 "(lucid %02x unicorn %02x)", a, d->bus.ram[a], d->ucmem[a]);
		d->cur = s->n - 1;
		mismatch(d, "stray_write", det);
	}
	memcpy(d->ucmem + GEN_DATA_LO, d->bus.ram + GEN_DATA_LO, GEN_DATA_HI - GEN_DATA_LO);
	if (s->smc && clean && d->to_end) {
		if (gen_fpu && has_x87(s))
			d->x87_not_rerun++;
		else
			rerun_unstepped(d, s);
	}
	return steps;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: difftest [-s seed] [-n instructions] [-S stream] [-k known.txt] [-m N] [-f] [-v]\n"
		"  -s seed   random seed (default 1)\n"
		"  -n N      run streams until N instructions have executed (default 200000)\n"
		"  -S idx    run only stream idx of the seed (replay), verbosely\n"
		"  -k file   the list of known Unicorn deviations\n"
		"  -m N      print the first N mismatches (default 10)\n"
		"  -f        mix x87 instructions in (a third of them), compare the FPU too\n"
		"  -r        raw mode: random bytes on Lucid alone (real, PM16, PM32),\n"
		"            lengths checked against capstone\n"
		"  -v        print every stream that mismatches in full\n");
	exit(2);
}

static u64 parse_u64(const char *s)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	static struct dt dt;
	static struct gen_stream s;
	struct dt *d = &dt;
	u64 n_insns = 200000;
	long long only = -1;
	const char *known = NULL;
	bool raw = false;

	d->seed = 1;
	d->max_reports = 10;
	for (int k = 1; k < argc; k++) {
		const char *a = argv[k];
		if (!strcmp(a, "-v"))
			d->verbose = true;
		else if (!strcmp(a, "-q"))
			d->quiet = true;
		else if (!strcmp(a, "-r"))
			raw = true;
		else if (!strcmp(a, "-f"))
			gen_fpu = true;
		else if (k + 1 < argc && !strcmp(a, "-s"))
			d->seed = parse_u64(argv[++k]);
		else if (k + 1 < argc && !strcmp(a, "-n"))
			n_insns = parse_u64(argv[++k]);
		else if (k + 1 < argc && !strcmp(a, "-S"))
			only = (long long)parse_u64(argv[++k]);
		else if (k + 1 < argc && !strcmp(a, "-m"))
			d->max_reports = (int)parse_u64(argv[++k]);
		else if (k + 1 < argc && !strcmp(a, "-k"))
			known = argv[++k];
		else
			usage();
	}
	if (raw)
		return raw_run(d->seed, n_insns, d->max_reports);
	if (known)
		load_known(d, known);
	machines_init(d);

	u64 executed = 0, streams = 0;
	if (only >= 0) {
		d->verbose = true;
		d->stream = (u64)only;
		gen_stream(&s, d->seed, d->stream, STREAM_LEN);
		for (int k = 0; k < s.n; k++)
			print_insn(d, &s.ins[k], "  ");
		executed = run_stream(d, &s);
		streams = 1;
	} else {
		for (d->stream = 0; executed < n_insns; d->stream++, streams++) {
			gen_stream(&s, d->seed, d->stream, STREAM_LEN);
			executed += run_stream(d, &s);
		}
	}
	printf("difftest: seed %" PRIu64 ", %" PRIu64 " streams, %" PRIu64
	       " instructions executed, %" PRIu64 " exceptions, %" PRIu64 " lengths checked\n",
	       d->seed, streams, executed, d->exceptions, d->len_checked);
	if (d->n_known) {
		printf("difftest: %" PRIu64 " known Unicorn deviations:", d->known_hits);
		for (int k = 0; k < d->n_known; k++)
			if (d->known[k].hits)
				printf(" %s/%s=%d", d->known[k].name, d->known[k].what, d->known[k].hits);
		printf("\n");
	}
	printf("difftest: %" PRIu64 " self-modifying sequences; %" PRIu64
	       " of their streams run again unstepped and compared with the stepped run\n",
	       d->smc_seqs, d->reruns);
	if (gen_fpu) {
		printf("difftest: x87: %" PRIu64 " instructions with a stack fault not compared "
		       "(Unicorn has no stack-fault checks)\n", d->fpu_stack_faults);
		printf("difftest: x87: %" PRIu64 " self-modifying streams with x87 code not rerun "
		       "unstepped (the stepped run clears the sticky flags)\n", d->x87_not_rerun);
	}
	int nt = gen_template_count(), hit = 0;
	for (int t = 0; t < nt; t++)
		hit += d->covered[t] != 0;
	printf("difftest: %d of %d instruction templates executed and compared", hit, nt);
	if (hit < nt) {
		printf("; never:");
		for (int t = 0; t < nt; t++)
			if (!d->covered[t])
				printf(" %s", gen_template_name(t));
	}
	printf("\n");
	if (d->n_tally) {
		printf("difftest: mismatches by template/field:");
		for (int t = 0; t < d->n_tally; t++)
			printf(" %s/%s=%" PRIu64, d->tally[t].name, d->tally[t].what, d->tally[t].n);
		printf("\n");
	}
	printf("difftest: %" PRIu64 " passed, %" PRIu64 " failed\n", d->passed, d->failed);
	machines_free(d);
	return d->failed ? 1 : 0;
}
