/*
 * The CPU on random code, coverage guided (the raw-byte fuzzer of
 * tests/difftest/raw.c with the fuzzer choosing the bytes). The input:
 *   byte 0       mode: 0 real, 1 16-bit PM, 2 flat 32-bit PM at CPL 0,
 *                3 flat 32-bit PM at CPL 3 (with a TSS for the way back),
 *                4 virtual-8086; bit 3: paging on (identity, user pages)
 *   32 bytes     EAX..EDI, EFLAGS (arithmetic flags, DF, IOPL, AC)
 *   64 bytes     GDT entries 8 to 15 (selectors 40h-78h): random descriptors
 *                that the code may load, call through or fault on
 *   the rest     code, at most 512 bytes, at 30000h
 * The CPU runs at most 256 instructions. The IDT's gates point at HLTs;
 * the oracle is the emulator itself: no crash, no sanitizer report, no
 * hang, and never an instruction count past the run's limit.
 */
#include <string.h>

#include "emu/cpu/cpu_internal.h"
#include "tests/fuzz/fuzz.h"

#define RAM (2u << 20)
#define CODE 0x30000u
#define CODE_MAX 512
#define IDT 0x3E000u
#define GDT 0x3E800u
#define TSS 0x3F000u
#define STUBS 0x3F800u
#define PGDIR 0x40000u
#define PGTAB 0x41000u
#define STEPS 256

static struct bus bus;
static struct clock clk;
static struct cpu *cpu;

void fuzz_setup(void)
{
	if (bus_init(&bus, RAM))
		__builtin_trap();
	clock_init(&clk, 0);
	cpu = cpu_create(&bus, &clk, CPU_P6);
	if (!cpu)
		__builtin_trap();
	cpu->reset_on_triple = false;
}

static void tables(const u8 *gdt_rand, size_t n)
{
	u8 *ram = bus.ram;
	memset(ram + IDT, 0, 0x3000);
	for (int v = 0; v < 256; v++) {
		u32 h = STUBS + v;
		u8 *g = ram + IDT + v * 8;
		st16(g, h & 0xFFFF);
		st16(g + 2, 0x08);
		g[5] = 0xEE;	/* 32-bit interrupt gate, DPL 3 (INT n works from ring 3) */
		st16(g + 6, h >> 16);
		ram[STUBS + v] = 0xF4;
	}
	/* null, 08 code, 10 data, 18 16-bit code, 20 ring-3 code, 28 ring-3 data,
	 * 30 TSS, 38 LDT (empty), then the fuzzer's eight. */
	static const u32 gdt[] = {
		0, 0, 0x0000FFFF, 0x00CF9B00, 0x0000FFFF, 0x00CF9300, 0x0000FFFF, 0x00009B00,
		0x0000FFFF, 0x00CFFB00, 0x0000FFFF, 0x00CFF300,
		(TSS << 16) | 0x67, 0x00008900 | (TSS >> 16 & 0xFF), 0x0000000F, 0x00008200,
	};
	for (unsigned k = 0; k < ARRAY_SIZE(gdt); k++)
		st32(ram + GDT + 4 * k, gdt[k]);
	memset(ram + GDT + 64, 0, 64);
	memcpy(ram + GDT + 64, gdt_rand, n);
	memset(ram + TSS, 0, 0x68);
	st32(ram + TSS + 4, 0x2C000);	/* ESP0 */
	st32(ram + TSS + 8, 0x10);	/* SS0 */
	st16(ram + TSS + 0x66, 0x68);	/* no I/O bitmap */
	/* Identity page tables for the first 4 MiB, user and writable. */
	for (u32 i = 0; i < 1024; i++)
		st32(ram + PGTAB + 4 * i, i << 12 | 7);
	memset(ram + PGDIR, 0, 4096);
	st32(ram + PGDIR, PGTAB | 7);
}

void fuzz_one(const u8 *data, size_t len)
{
	struct fuzz_in in = { data, len, 0 };
	u32 mode = fuzz_u8(&in);
	u32 r[8];
	for (int k = 0; k < 8; k++)
		r[k] = fuzz_u32(&in);
	u32 fl = fuzz_u32(&in);
	size_t ng, nc;
	const u8 *g = fuzz_bytes(&in, 64, &ng);
	const u8 *code = fuzz_bytes(&in, CODE_MAX, &nc);

	/* Every input starts from the same RAM and no page marked as holding
	 * decoded code, so its run does not depend on the inputs before. */
	memset(bus.ram, 0, RAM);
	memset(bus.code_bitmap, 0, (RAM >> PAGE_SHIFT) / 8 + 1);
	memset(bus.ram + CODE, 0xF4, CODE_MAX + 16);
	memcpy(bus.ram + CODE, code, nc);
	tables(g, ng);
	struct cpu *c = cpu;
	cpu_reset(c);
	u32 m = (mode & 7) % 5;
	if (m == 0) {
		cpu_set_seg_real(c, SEG_CS, CODE >> 4);
		cpu_set_seg_real(c, SEG_SS, 0x2000);
		c->eip = 0;
	} else {
		cpu_setup_flat32(c);
		c->idtr.base = IDT;
		c->idtr.limit = 256 * 8 - 1;
		c->gdtr.base = GDT;
		c->gdtr.limit = 16 * 8 - 1;
		c->tr.sel = 0x30;
		c->tr.base = TSS;
		c->tr.limit = 0x67;
		c->tr.attr = 0x008B;
		c->eip = CODE;
		if (m == 1)
			seg_set_cache(c, SEG_CS, 0x18, 0, 0xFFFF, 0x009B);
		if (mode & 8) {
			c->cr3 = PGDIR;
			c->cr0 |= CR0_PG;
		}
		cpu_update_mode(c);
	}
	for (int k = 0; k < 8; k++)
		c->regs[k] = r[k];
	c->regs[R_ESP] = 0x2C000 - (r[R_ESP] & 0xFF);
	u32 eflags = 0x2 | (fl & (FLAGS_ARITH | FLAG_DF | FLAG_AC | FLAG_IOPL));
	if (m == 3) {
		cpu_set_eflags(c, eflags);
		seg_set_cache(c, SEG_CS, 0x23, 0, 0xFFFFFFFFu, 0xC0FB);
		for (int s = 0; s < SEG_COUNT; s++)
			if (s != SEG_CS)
				seg_set_cache(c, s, 0x2B, 0, 0xFFFFFFFFu, 0xC0F3);
		cpu_update_mode(c);
	} else if (m == 4) {
		cpu_set_eflags(c, eflags | FLAG_VM);
		for (int s = 0; s < SEG_COUNT; s++)
			seg_set_cache(c, s, s == SEG_CS ? CODE >> 4 : 0x2000,
				      s == SEG_CS ? CODE : 0x20000, 0xFFFF, 0x00F3);
		c->eip = 0;
		cpu_update_mode(c);
	} else {
		cpu_set_eflags(c, eflags);
	}
	cpu_flush_caches(c);
	u64 limit = clk.icount + STEPS;
	for (int s = 0; s < STEPS && clk.icount < limit; s++) {
		u32 deliveries = c->deliveries;
		u64 before = clk.icount;
		enum cpu_stop st = cpu_run(c, before + 1);
		if (clk.icount > before + 1 && st != CPU_STOP_SHUTDOWN && c->deliveries == deliveries)
			__builtin_trap();	/* ran past the limit it was given */
		if (st == CPU_STOP_HALT || st == CPU_STOP_SHUTDOWN)
			break;
	}
}
