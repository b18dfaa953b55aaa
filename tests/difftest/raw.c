/*
 * Raw-byte fuzzing of Lucid's CPU (difftest -r): random byte strings, not
 * valid instructions, executed in real mode, in 16-bit protected mode code
 * and in flat 32-bit protected mode. The bad-input rule (the guest can never crash the emulator) is the
 * oracle: any byte sequence gives an architectural result or exception, and
 * the emulator never crashes, hangs or touches host memory outside guest
 * RAM (run it under make test-asan to check the last part). Every
 * instruction Lucid decodes as defined (not its #UD or over-long handler)
 * must also have the length Capstone gives it (Intel SDM vol. 2 ch. 2).
 *
 * There is no second emulator here: Unicorn's CPU model knows SSE, MMX and
 * x87, which Lucid's p6 without an FPU rightly refuses.
 */
#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"
#include "tests/difftest/gen.h"
#include "tests/difftest/raw.h"

#define RAW_RAM (2u << 20)
#define RAW_CODE 0x30000u	/* random bytes here (real mode: 3000:0000) */
#define RAW_CODE_LEN 256
#define RAW_STEPS 64		/* instructions per stream at most */

struct raw {
	struct bus bus;
	struct clock clk;
	struct cpu *cpu;
	csh cs16, cs32;
	struct gen_rng rng;
	u64 executed, checked, mismatches, exceptions, streams;
	u64 rep_stays;		/* steps a REP string ended still on itself */
	u64 overruns;		/* steps whose icount passed cpu_run's limit (failures) */
	int reported, max_reports;
};

static void raw_tables(struct raw *r)
{
	u8 *ram = r->bus.ram;
	/* IDT: 32-bit interrupt gates to GEN_STUBS + v; GDT as in difftest.c
	 * plus a 16-bit code segment at 20h (base 0). */
	for (int v = 0; v < 256; v++) {
		u32 h = GEN_STUBS + v;
		u8 *g = ram + GEN_IDT + v * 8;
		st16(g, h & 0xFFFF);
		st16(g + 2, 0x08);
		g[4] = 0;
		g[5] = 0x8E;
		st16(g + 6, h >> 16);
		ram[GEN_STUBS + v] = 0xF4;
	}
	static const u32 gdt[] = {
		0, 0, 0x0000FFFF, 0x00CF9B00, 0x0000FFFF, 0x00CF9300, 0x0000FFFF, 0x00CF9300,
		0x0000FFFF, 0x00009B00,
	};
	for (unsigned k = 0; k < sizeof(gdt) / sizeof(gdt[0]); k++)
		st32(ram + GEN_GDT + 4 * k, gdt[k]);
}

/* Put the CPU in mode m (0 real, 1 16-bit PM, 2 flat 32-bit PM) at RAW_CODE. */
static void raw_mode(struct raw *r, int m)
{
	struct cpu *c = r->cpu;
	cpu_reset(c);
	if (m == 0) {
		cpu_set_seg_real(c, SEG_CS, RAW_CODE >> 4);
		cpu_set_seg_real(c, SEG_SS, 0x2000);
		c->eip = 0;
	} else {
		cpu_setup_flat32(c);
		c->idtr.base = GEN_IDT;
		c->idtr.limit = 256 * 8 - 1;
		c->gdtr.base = GEN_GDT;
		c->gdtr.limit = 5 * 8 - 1;
		if (m == 1) {
			/* CS = 20h: a 16-bit code segment, base 0 */
			seg_set_cache(c, SEG_CS, 0x20, 0, 0xFFFF, 0x009B);
			cpu_update_mode(c);
		}
		c->eip = RAW_CODE;
	}
	for (int k = 0; k < 8; k++)
		c->regs[k] = (u32)gen_rand(&r->rng);
	c->regs[R_ESP] = 0x2C000;
	cpu_set_eflags(c, 0x2 | (gen_rand(&r->rng) & (FLAGS_ARITH | FLAG_DF)));
	c->single_step = true;
	cpu_flush_caches(c);
}

/* Linear address of CS:EIP. */
static u32 raw_pc(const struct cpu *c)
{
	return c->seg[SEG_CS].base + c->eip;
}

static bool is_string_op(u16 op)
{
	return (op >= 0x6C && op <= 0x6F) || (op >= 0xA4 && op <= 0xA7) || (op >= 0xAA && op <= 0xAF);
}

/* Lucid's length for the instruction at pc against Capstone's; returns
 * true when it is a REP string instruction. One with a huge count needs no
 * special care: each cpu_run below is one icount, which a REP string meets
 * by doing one iteration and staying on the instruction (emu/cpu/ops_data.c). */
static bool raw_check_len(struct raw *r, u32 pc)
{
	struct cpu *c = r->cpu;
	struct insn in;
	u8 buf[16];
	if (pc + 16 > RAW_RAM)
		return false;
	memcpy(buf, r->bus.ram + pc, 16);
	int ll = decode_insn_buf(c, buf, 16, &in);
	if (ll <= 0 || ll >= 15 || in.fn == op_ud)
		return false;
	bool rep = in.rep && is_string_op(in.op);
	cs_insn *ci;
	size_t n = cs_disasm(c->code32 ? r->cs32 : r->cs16, buf, 16, pc, 1, &ci);
	int cl = n ? (int)ci[0].size : 0;
	r->checked++;
	if (n && cl != ll) {
		r->mismatches++;
		if (r->reported++ < r->max_reports) {
			printf("RAW LENGTH MISMATCH (%s code) at %08x: lucid %d, capstone %d (%s %s):",
			       c->code32 ? "32-bit" : "16-bit", pc, ll, cl, ci[0].mnemonic,
			       ci[0].op_str);
			for (int k = 0; k < 15; k++)
				printf(" %02x", buf[k]);
			printf("\n");
		}
	}
	if (n)
		cs_free(ci, n);
	return rep;
}

/* Run one stream of random bytes in mode m. */
static void raw_stream(struct raw *r, int m)
{
	struct cpu *c = r->cpu;
	for (int k = 0; k < RAW_CODE_LEN; k += 8) {
		u64 v = gen_rand(&r->rng);
		memcpy(r->bus.ram + RAW_CODE + k, &v, 8);
	}
	memset(r->bus.ram + RAW_CODE + RAW_CODE_LEN, 0xF4, 16);	/* a HLT to land on */
	raw_tables(r);
	raw_mode(r, m);
	r->streams++;
	for (int s = 0; s < RAW_STEPS; s++) {
		u32 pc = raw_pc(c);
		if (pc < RAW_CODE || pc >= RAW_CODE + RAW_CODE_LEN)
			break;		/* jumped away, or took an exception */
		bool rep = raw_check_len(r, pc);
		u64 limit = r->clk.icount + 1;
		u32 deliveries = c->deliveries;
		enum cpu_stop st = cpu_run(c, limit);
		r->executed++;
		if (r->clk.icount > limit && st != CPU_STOP_SHUTDOWN && c->deliveries == deliveries) {
			/* The run loop (and a REP string in it) must stop at the
			 * limit: the machine's timers depend on it. (A fault
			 * while delivering a fault adds a tick per delivery, as
			 * cpu.h says: those steps are not counted here.) */
			r->overruns++;
			if (r->reported++ < r->max_reports)
				printf("RAW ICOUNT OVERRUN at %08x: icount %" PRIu64 " after "
				       "cpu_run(limit %" PRIu64 ")\n", pc, r->clk.icount, limit);
		}
		if (rep && raw_pc(c) == pc && st == CPU_STOP_DEBUG)
			r->rep_stays++;
		if (st == CPU_STOP_HALT || st == CPU_STOP_SHUTDOWN)
			break;
		u32 npc = raw_pc(c);
		if (npc >= GEN_STUBS && npc < GEN_STUBS + 256) {
			r->exceptions++;
			break;
		}
		if (c->pe != (m != 0))
			break;		/* it wrote CR0: fine, but not what we test */
	}
}

int raw_run(u64 seed, u64 n_insns, int max_reports)
{
	static struct raw rw;
	struct raw *r = &rw;
	memset(r, 0, sizeof(*r));
	r->rng.s = seed ^ 0x7A11ull;
	r->max_reports = max_reports;
	if (bus_init(&r->bus, RAW_RAM)) {
		fprintf(stderr, "difftest: out of memory\n");
		return 2;
	}
	clock_init(&r->clk, 0);
	r->cpu = cpu_create(&r->bus, &r->clk, CPU_P6);
	if (!r->cpu || cs_open(CS_ARCH_X86, CS_MODE_16, &r->cs16) != CS_ERR_OK ||
	    cs_open(CS_ARCH_X86, CS_MODE_32, &r->cs32) != CS_ERR_OK) {
		fprintf(stderr, "difftest: cannot set up the raw fuzzer\n");
		return 2;
	}
	r->cpu->reset_on_triple = false;
	while (r->executed < n_insns)
		raw_stream(r, (int)(r->streams % 3));
	printf("rawfuzz: seed %" PRIu64 ", %" PRIu64 " streams of random bytes (real, 16-bit PM, "
	       "32-bit PM), %" PRIu64 " instructions executed, %" PRIu64 " exceptions, %" PRIu64
	       " lengths checked against capstone, %" PRIu64 " steps stopped inside a REP "
	       "string, %" PRIu64 " icount overruns\n",
	       seed, r->streams, r->executed, r->exceptions, r->checked, r->rep_stays, r->overruns);
	printf("rawfuzz: %" PRIu64 " passed, %" PRIu64 " failed\n",
	       r->checked - r->mismatches, r->mismatches + r->overruns);
	cs_close(&r->cs16);
	cs_close(&r->cs32);
	cpu_destroy(r->cpu);
	bus_free(&r->bus);
	return r->mismatches || r->overruns ? 1 : 0;
}
