/*
 * REP string instructions and time (emu/cpu/ops_data.c, "strings"): each
 * iteration counts as one instruction of icount, and a REP string stops
 * between iterations (EIP on its first prefix, ECX/ESI/EDI describing the
 * work left) at cpu_run's limit, after a bounded chunk, for a deliverable
 * interrupt, an exit request, and under single-step, then resumes exactly
 * (SDM vol. 2B REP; vol. 3A 6.6 and 17.3.1.4).
 *
 * The rig here is a bare CPU in flat 32-bit protected mode with 8 MiB of
 * RAM, a GDT (08h code, 10h data) and an IDT whose vector 20h and #DB lead
 * to small handlers that record the interrupted state. Driving cpu_run to
 * a limit and then raising INTR is what the machine loop does for a timer
 * (emu/machine/machine.c): the limit is the timer's deadline.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "emu/cpu/cpu_internal.h"

#define RAM (8u << 20)
#define CODE 0x1000u		/* the code under test */
#define GDT 0x500u
#define IDT 0x600u
#define IRQ_HANDLER 0x2000u	/* vector 20h */
#define DB_HANDLER 0x2100u	/* vector 1 (#DB) */
#define REC 0x3000u		/* what the handlers record */
#define SRC 0x100000u		/* 1 MiB source buffer */
#define DST 0x200000u		/* 1 MiB destination buffer */
#define MMIO 0x10000000u	/* a counting device (beyond RAM) */
#define OPEN_BUS 0x20000000u	/* nothing there */
#define PORT 0x300		/* a counting port */

static struct bus bus;
static struct clock clk;
static struct cpu *cpu;

/* A device counting its reads; at the read numbered trigger it raises
 * INTR or asks the CPU to return (what a device event would do). */
static struct {
	u32 reads;
	u32 trigger;
	bool exit;		/* cpu_request_exit instead of INTR */
} dev;

static u32 dev_read(void *opaque, u32 off, int size)
{
	(void)opaque;
	(void)size;
	if (++dev.reads == dev.trigger) {
		if (dev.exit)
			cpu_request_exit(cpu);
		else
			cpu_set_intr(cpu, 1);
	}
	return off & 0xFF;
}

static void dev_write(void *opaque, u32 off, u32 val, int size)
{
	(void)opaque;
	(void)off;
	(void)val;
	(void)size;
}

static const struct io_ops dev_ops = { dev_read, dev_write, 0 };

/* The INTA cycle: vector 20h, and the line drops (edge-like device). */
static int ack(void *opaque)
{
	(void)opaque;
	cpu_set_intr(cpu, 0);
	return 0x20;
}

static void put_gate(int v, u32 handler)
{
	u8 *g = bus.ram + IDT + v * 8;
	st16(g, handler & 0xFFFF);
	st16(g + 2, 0x08);
	g[4] = 0;
	g[5] = 0x8E;		/* present 32-bit interrupt gate, DPL 0 */
	st16(g + 6, handler >> 16);
}

/*
 * Interrupt handler: record ECX, ESI, EDI, the pushed EIP and the pushed
 * EFLAGS, count the calls, IRET. It keeps EAX (STOS uses it).
 */
static const u8 irq_handler[] = {
	0x89, 0x0D, 0x00, 0x30, 0x00, 0x00,	/* mov [3000h], ecx */
	0x89, 0x35, 0x04, 0x30, 0x00, 0x00,	/* mov [3004h], esi */
	0x89, 0x3D, 0x08, 0x30, 0x00, 0x00,	/* mov [3008h], edi */
	0x50,					/* push eax */
	0x8B, 0x44, 0x24, 0x04,			/* mov eax, [esp+4] (EIP) */
	0xA3, 0x0C, 0x30, 0x00, 0x00,		/* mov [300Ch], eax */
	0x58,					/* pop eax */
	0xFF, 0x05, 0x10, 0x30, 0x00, 0x00,	/* inc dword [3010h] */
	0xCF,					/* iret */
};
#define IRQ_HANDLER_INSNS 9

/* #DB handler: append ECX to a list at 3100h (count at 3010h), IRET. */
static const u8 db_handler[] = {
	0x50,					/* push eax */
	0xA1, 0x10, 0x30, 0x00, 0x00,		/* mov eax, [3010h] */
	0x89, 0x0C, 0x85, 0x00, 0x31, 0x00, 0x00,	/* mov [3100h + eax*4], ecx */
	0xFF, 0x05, 0x10, 0x30, 0x00, 0x00,	/* inc dword [3010h] */
	0x58,					/* pop eax */
	0xCF,					/* iret */
};

static void setup(void)
{
	cr_assert_eq(bus_init(&bus, RAM), 0);
	clock_init(&clk, 0);
	cpu = cpu_create(&bus, &clk, CPU_P6);
	cr_assert_not_null(cpu);
	cr_assert_eq(bus_add_mmio(&bus, MMIO, 0x100000, &dev_ops, NULL, "counter"), 0);
	cr_assert_eq(bus_add_io(&bus, PORT, 1, &dev_ops, NULL, "counter"), 0);
	cpu_set_intr_ack(cpu, ack, NULL);
	memset(&dev, 0, sizeof(dev));
	/* GDT: null, 08h flat 32-bit code, 10h flat data. */
	st32(bus.ram + GDT + 8, 0x0000FFFF);
	st32(bus.ram + GDT + 12, 0x00CF9B00);
	st32(bus.ram + GDT + 16, 0x0000FFFF);
	st32(bus.ram + GDT + 20, 0x00CF9300);
	put_gate(0x20, IRQ_HANDLER);
	put_gate(EXC_DB, DB_HANDLER);
	memcpy(bus.ram + IRQ_HANDLER, irq_handler, sizeof(irq_handler));
	memcpy(bus.ram + DB_HANDLER, db_handler, sizeof(db_handler));
}

static void teardown(void)
{
	cpu_destroy(cpu);
	bus_free(&bus);
}

TestSuite(cpu_rep, .init = setup, .fini = teardown);

/* Load code at CODE and start there in flat 32-bit mode. */
static void start(const u8 *code, size_t len)
{
	memcpy(bus.ram + CODE, code, len);
	cpu_reset(cpu);
	cpu_setup_flat32(cpu);
	cpu->gdtr = (struct dtr){ GDT, 23 };
	cpu->idtr = (struct dtr){ IDT, 0x20 * 8 + 7 };
	cpu->eip = CODE;
	cpu->regs[R_ESP] = 0x80000;
	cpu_flush_caches(cpu);
}

static void fill_src(void)
{
	for (u32 k = 0; k < 0x100000; k++)
		bus.ram[SRC + k] = (u8)(k * 7 + (k >> 11));
	memset(bus.ram + DST, 0, 0x100000);
}

static u32 rec(u32 off) { return ld32(bus.ram + REC + off); }

/*
 * The setup before every string below: ESI, EDI, ECX, EAX, CLD, STI (5+1
 * instructions), then the string instruction at CODE + 27, then HLT.
 */
#define PRE_INSNS 6
#define AT_STRING (CODE + 27)
static size_t string_prog(u8 *p, u32 esi, u32 edi, u32 ecx, u32 eax, const u8 *ins, int n)
{
	size_t k = 0;
	p[k++] = 0xBE; st32(p + k, esi); k += 4;	/* mov esi, imm */
	p[k++] = 0xBF; st32(p + k, edi); k += 4;	/* mov edi, imm */
	p[k++] = 0xB9; st32(p + k, ecx); k += 4;	/* mov ecx, imm */
	p[k++] = 0xB8; st32(p + k, eax); k += 4;	/* mov eax, imm */
	p[k++] = 0xFC;					/* cld */
	p[k++] = 0xFB;					/* sti */
	p[k++] = 0x90; p[k++] = 0x90;			/* (padding to CODE + 27) */
	p[k++] = 0x90; p[k++] = 0x90; p[k++] = 0x90;
	cr_assert_eq(k, 27);
	memcpy(p + k, ins, n);
	k += n;
	p[k++] = 0xF4;					/* hlt */
	return k;
}
/* The NOP padding counts too. */
#define PRE (PRE_INSNS + 5)

/*
 * Run a 1 MiB copy or fill (ins, ecx iterations of elem bytes), stop it
 * with cpu_run's limit after `first` iterations, raise INTR as a timer
 * would at that deadline, and check that the handler saw the string half
 * done with the pushed EIP on its first prefix, that the string completes
 * after IRET, and that icount counted every iteration once.
 */
static void interrupted_string(const u8 *ins, int n, u32 ecx, u32 first, u32 esi, u32 eax)
{
	u8 prog[64];
	fill_src();
	start(prog, string_prog(prog, esi, DST, ecx, eax, ins, n));
	u64 t0 = clk.icount;
	cr_assert_eq(cpu_run(cpu, t0 + PRE + first), CPU_STOP_LIMIT);
	cr_assert_eq(clk.icount, t0 + PRE + first, "cpu_run must stop at its limit");
	cr_assert_eq(cpu->eip, AT_STRING, "EIP stays on the string instruction");
	cr_assert_eq(cpu->regs[R_ECX], ecx - first);
	u32 ecx_then = cpu->regs[R_ECX], edi_then = cpu->regs[R_EDI];

	cpu_set_intr(cpu, 1);		/* the timer's deadline came */
	cr_assert_eq(cpu_run(cpu, clk.icount + 10000000), CPU_STOP_HALT);
	cr_assert_eq(rec(0x10), 1, "one interrupt");
	cr_assert_eq(rec(0x00), ecx_then, "handler sees ECX partly decremented");
	cr_assert_eq(rec(0x08), edi_then);
	cr_assert_eq(rec(0x0C), AT_STRING, "pushed EIP is the first prefix");
	cr_assert_eq(cpu->regs[R_ECX], 0);
	cr_assert_eq(cpu->eip, AT_STRING + n + 1);
	/* Each iteration once, the handler, the HLT. */
	cr_assert_eq(clk.icount, t0 + PRE + ecx + IRQ_HANDLER_INSNS + 1);
}

Test(cpu_rep, rep_movsw_with_operand_size_prefix_interrupted_midway)
{
	static const u8 ins[] = { 0x66, 0xF3, 0xA5 };	/* rep movsw (o16 in 32-bit code) */
	interrupted_string(ins, sizeof(ins), 0x80000, 123457, SRC, 0);
	cr_assert_eq(memcmp(bus.ram + SRC, bus.ram + DST, 0x100000), 0, "copy complete");
	cr_assert_eq(cpu->regs[R_ESI], SRC + 0x100000);
	cr_assert_eq(cpu->regs[R_EDI], DST + 0x100000);
}

Test(cpu_rep, rep_movsb_with_segment_override_interrupted_midway)
{
	/* F3 26 A4: rep movsb with the source through ES; ES base 0 here as
	 * DS, so the pushed EIP must be the F3 that starts it, not the 26. */
	static const u8 ins[] = { 0xF3, 0x26, 0xA4 };
	interrupted_string(ins, sizeof(ins), 0x100000, 777777, SRC, 0);
	cr_assert_eq(memcmp(bus.ram + SRC, bus.ram + DST, 0x100000), 0, "copy complete");
}

Test(cpu_rep, rep_stosd_interrupted_midway)
{
	static const u8 ins[] = { 0xF3, 0xAB };		/* rep stosd */
	interrupted_string(ins, sizeof(ins), 0x40000, 100001, 0, 0xA5C3F00Du);
	for (u32 k = 0; k < 0x100000; k += 4)
		cr_assert_eq(ld32(bus.ram + DST + k), 0xA5C3F00Du, "dword at +%x", k);
	cr_assert_eq(ld32(bus.ram + DST + 0x100000), 0, "nothing past the end");
}

Test(cpu_rep, rep_movsd_interrupted_at_every_chunk_size)
{
	/* The limit at a few awkward points (first iteration, chunk edges):
	 * always exactly there, and the result always complete. */
	static const u8 ins[] = { 0xF3, 0xA5 };		/* rep movsd */
	static const u32 firsts[] = { 1, 2, 4095, 4096, 4097, 8192, 0x3FFFF };
	for (size_t k = 0; k < sizeof(firsts) / sizeof(firsts[0]); k++) {
		memset(bus.ram + REC, 0, 0x20);
		interrupted_string(ins, sizeof(ins), 0x40000, firsts[k], SRC, 0);
		cr_assert_eq(memcmp(bus.ram + SRC, bus.ram + DST, 0x100000), 0);
	}
}

Test(cpu_rep, device_raising_intr_during_rep_insb)
{
	/* REP INSB from a port whose 100th read raises INTR: the interrupt
	 * is taken right after that iteration, not after the whole string. */
	static const u8 ins[] = { 0x66, 0xBA, PORT & 0xFF, PORT >> 8,	/* mov dx, PORT */
				  0xF3, 0x6C };				/* rep insb */
	u8 prog[64];
	start(prog, string_prog(prog, 0, DST, 1000, 0, ins, sizeof(ins)));
	dev.trigger = 100;
	cr_assert_eq(cpu_run(cpu, clk.icount + 100000), CPU_STOP_HALT);
	cr_assert_eq(rec(0x10), 1);
	cr_assert_eq(rec(0x00), 900, "interrupt after the 100th element");
	cr_assert_eq(rec(0x0C), AT_STRING + 4, "pushed EIP on the REP");
	cr_assert_eq(dev.reads, 1000);
	cr_assert_eq(cpu->regs[R_EDI], DST + 1000);
}

Test(cpu_rep, repe_cmpsb_stops_on_a_mismatch_across_chunks)
{
	/* Equal for 10000 bytes (past two 4096-iteration chunks), then a
	 * difference; run in slices of 997 instructions, as a machine with
	 * frequent timers would: the result is the same as in one go. */
	static const u8 ins[] = { 0xF3, 0xA6 };		/* repe cmpsb */
	fill_src();
	memcpy(bus.ram + DST, bus.ram + SRC, 20000);
	bus.ram[DST + 10000] ^= 0x40;
	u8 prog[64];
	start(prog, string_prog(prog, SRC, DST, 20000, 0, ins, sizeof(ins)));
	u64 t0 = clk.icount;
	enum cpu_stop st;
	int slices = 0;
	do {
		u64 lim = clk.icount + 997;
		st = cpu_run(cpu, lim);
		cr_assert_leq(clk.icount, lim);
		slices++;
	} while (st == CPU_STOP_LIMIT);
	cr_assert_eq(st, CPU_STOP_HALT);
	cr_assert_gt(slices, 10);
	cr_assert_eq(cpu->regs[R_ECX], 20000 - 10001, "stopped on the mismatch");
	cr_assert_eq(cpu->regs[R_ESI], SRC + 10001);
	cr_assert_eq(cpu->regs[R_EDI], DST + 10001);
	cr_assert_eq(cpu_get_eflags(cpu) & FLAG_ZF, 0);
	cr_assert_eq(clk.icount, t0 + PRE + 10001 + 1);
}

Test(cpu_rep, repne_scasb_interrupted_then_finds_the_byte)
{
	static const u8 ins[] = { 0xF2, 0xAE };		/* repne scasb */
	memset(bus.ram + DST, 0x11, 9000);
	bus.ram[DST + 8500] = 0x7E;
	u8 prog[64];
	start(prog, string_prog(prog, 0, DST, 9000, 0x7E, ins, sizeof(ins)));
	u64 t0 = clk.icount;
	cr_assert_eq(cpu_run(cpu, t0 + PRE + 5000), CPU_STOP_LIMIT);
	cr_assert_eq(cpu->eip, AT_STRING);
	cpu_set_intr(cpu, 1);
	cr_assert_eq(cpu_run(cpu, clk.icount + 100000), CPU_STOP_HALT);
	cr_assert_eq(rec(0x00), 4000);
	cr_assert_eq(rec(0x0C), AT_STRING);
	cr_assert_eq(cpu->regs[R_EDI], DST + 8501, "stopped after the match");
	cr_assert_eq(cpu->regs[R_ECX], 9000 - 8501);
	cr_assert_neq(cpu_get_eflags(cpu) & FLAG_ZF, 0);
	cr_assert_eq(clk.icount, t0 + PRE + 8501 + IRQ_HANDLER_INSNS + 1);
}

Test(cpu_rep, huge_rep_lodsb_over_open_bus_meets_the_limit)
{
	/* ECX = FFFFFFFFh over open bus would be minutes of host time in one
	 * go; cpu_run must stop at its limit, the string half done. */
	static const u8 ins[] = { 0xF3, 0xAC };		/* rep lodsb */
	u8 prog[64];
	start(prog, string_prog(prog, OPEN_BUS, 0, 0xFFFFFFFFu, 0, ins, sizeof(ins)));
	u64 t0 = clk.icount;
	cr_assert_eq(cpu_run(cpu, t0 + PRE + 300000), CPU_STOP_LIMIT);
	cr_assert_eq(clk.icount, t0 + PRE + 300000);
	cr_assert_eq(cpu->eip, AT_STRING);
	cr_assert_eq(cpu->regs[R_ECX], 0xFFFFFFFFu - 300000);
	cr_assert_eq(cpu->regs[R_ESI], OPEN_BUS + 300000);
	cr_assert_eq(cpu->regs[R_EAX] & 0xFF, 0xFF, "open bus reads FFh");
}

Test(cpu_rep, huge_rep_lodsb_stops_promptly_on_exit_request)
{
	/* The exit request comes from a device in the middle of the string
	 * (its 5000th read), with a limit far away: cpu_run returns right
	 * after that iteration. */
	static const u8 ins[] = { 0xF3, 0xAC };		/* rep lodsb */
	u8 prog[64];
	start(prog, string_prog(prog, MMIO, 0, 0xFFFFFFFFu, 0, ins, sizeof(ins)));
	dev.trigger = 5000;
	dev.exit = true;
	u64 t0 = clk.icount;
	cr_assert_eq(cpu_run(cpu, t0 + (1ull << 40)), CPU_STOP_EXIT);
	cr_assert_eq(dev.reads, 5000);
	cr_assert_eq(clk.icount, t0 + PRE + 5000);
	cr_assert_eq(cpu->eip, AT_STRING);
	cr_assert_eq(cpu->regs[R_ECX], 0xFFFFFFFFu - 5000);
	/* And it goes on from there when run again. */
	cr_assert_eq(cpu_run(cpu, clk.icount + 10), CPU_STOP_LIMIT);
	cr_assert_eq(cpu->regs[R_ECX], 0xFFFFFFFFu - 5010);
}

Test(cpu_rep, no_execution_passes_the_limit)
{
	/* A block with instructions after the string: whatever the limit,
	 * cpu_run stops exactly on it (the string leaves them room). */
	static const u8 ins[] = { 0xF3, 0xAA, 0x40, 0x40, 0x40 };	/* rep stosb; inc eax x3 */
	for (u32 slice = 1; slice < 40; slice += 3) {
		u8 prog[64];
		start(prog, string_prog(prog, 0, DST, 100, 0, ins, sizeof(ins)));
		enum cpu_stop st;
		do {
			u64 lim = clk.icount + slice;
			st = cpu_run(cpu, lim);
			cr_assert_leq(clk.icount, lim, "slice %u", slice);
			if (st == CPU_STOP_LIMIT)
				cr_assert_eq(clk.icount, lim, "slice %u", slice);
		} while (st == CPU_STOP_LIMIT);
		cr_assert_eq(st, CPU_STOP_HALT);
		cr_assert_eq(cpu->regs[R_EAX], 3);
		cr_assert_eq(cpu->regs[R_EDI], DST + 100);
	}
}

Test(cpu_rep, rep_with_ecx_zero_counts_once)
{
	static const u8 ins[] = { 0xF3, 0xA4 };		/* rep movsb, ecx = 0 */
	u8 prog[64];
	start(prog, string_prog(prog, SRC, DST, 0, 0, ins, sizeof(ins)));
	u64 t0 = clk.icount;
	cr_assert_eq(cpu_run(cpu, t0 + 1000), CPU_STOP_HALT);
	cr_assert_eq(clk.icount, t0 + PRE + 1 + 1);
	cr_assert_eq(cpu->regs[R_ESI], SRC);
}

Test(cpu_rep, trap_flag_traps_after_each_iteration)
{
	/* TF set by POPFD traps after the instruction that follows it: here
	 * rep movsb with ECX = 3, which traps after each iteration (ECX 2,
	 * 1, 0; SDM 3A 17.3.1.4), then the POPFD that clears TF, which
	 * started with TF set, traps once more. The handler lists ECX. */
	static const u8 code[] = {
		0xBE, 0x00, 0x00, 0x10, 0x00,	/* mov esi, SRC */
		0xBF, 0x00, 0x00, 0x20, 0x00,	/* mov edi, DST */
		0xB9, 0x03, 0x00, 0x00, 0x00,	/* mov ecx, 3 */
		0xFC,				/* cld */
		0x9C, 0x9C,			/* pushfd; pushfd */
		0x81, 0x0C, 0x24, 0x00, 0x01, 0x00, 0x00,	/* or dword [esp], 100h */
		0x9D,				/* popfd: TF on */
		0xF3, 0xA4,			/* rep movsb */
		0x9D,				/* popfd: TF off */
		0xF4,
	};
	fill_src();
	start(code, sizeof(code));
	cr_assert_eq(cpu_run(cpu, clk.icount + 1000), CPU_STOP_HALT);
	cr_assert_eq(rec(0x10), 4, "a trap per iteration, and the POPFD's");
	cr_assert_eq(ld32(bus.ram + 0x3100), 2);
	cr_assert_eq(ld32(bus.ram + 0x3104), 1);
	cr_assert_eq(ld32(bus.ram + 0x3108), 0);
	cr_assert_eq(ld32(bus.ram + 0x310C), 0);
	cr_assert_eq(memcmp(bus.ram + SRC, bus.ram + DST, 3), 0);
	cr_assert_eq(bus.ram[DST + 3], 0);
}

Test(cpu_rep, debugger_single_step_is_one_iteration)
{
	static const u8 ins[] = { 0xF3, 0xA5 };		/* rep movsd */
	u8 prog[64];
	fill_src();
	start(prog, string_prog(prog, SRC, DST, 10, 0, ins, sizeof(ins)));
	cr_assert_eq(cpu_run(cpu, clk.icount + PRE), CPU_STOP_LIMIT);
	cr_assert_eq(cpu->eip, AT_STRING);
	cpu->single_step = true;
	for (u32 k = 1; k <= 10; k++) {
		u64 t = clk.icount;
		cr_assert_eq(cpu_run(cpu, t + 1), CPU_STOP_DEBUG);
		cr_assert_eq(clk.icount, t + 1);
		cr_assert_eq(cpu->regs[R_ECX], 10 - k);
		cr_assert_eq(cpu->eip, k < 10 ? AT_STRING : AT_STRING + 2);
	}
	cpu->single_step = false;
	cr_assert_eq(memcmp(bus.ram + SRC, bus.ram + DST, 40), 0);
}

Test(cpu_rep, breakpoint_on_the_string_stops_once_per_execution)
{
	/* A debugger breakpoint on the REP stops before it; resumed, the
	 * string's own yields (limit slices here) do not stop there again. */
	static const u8 ins[] = { 0xF3, 0xA4 };		/* rep movsb */
	u8 prog[64];
	fill_src();
	start(prog, string_prog(prog, SRC, DST, 50000, 0, ins, sizeof(ins)));
	cr_assert_eq(cpu_add_breakpoint(cpu, AT_STRING), 0);
	cr_assert_eq(cpu_run(cpu, clk.icount + 1000000), CPU_STOP_DEBUG);
	cr_assert_eq(cpu->eip, AT_STRING);
	cr_assert_eq(cpu->regs[R_ECX], 50000, "stopped before the first iteration");
	cpu->bp_skip = true;
	enum cpu_stop st;
	do
		st = cpu_run(cpu, clk.icount + 3000);
	while (st == CPU_STOP_LIMIT);
	cr_assert_eq(st, CPU_STOP_HALT, "no second stop inside the string");
	cr_assert_eq(cpu->regs[R_ECX], 0);
	cr_assert_eq(memcmp(bus.ram + SRC, bus.ram + DST, 50000), 0);
}

Test(cpu_rep, fault_midway_counts_the_iterations_done)
{
	/* rep stosd running into the end of a 64 KiB expand-up data segment
	 * at ES: #GP after the elements that fit; ECX/EDI left for restart. */
	static const u8 ins[] = { 0xF3, 0xAB };		/* rep stosd */
	u8 prog[64];
	start(prog, string_prog(prog, 0, 0xFFF0, 100, 0x12345678, ins, sizeof(ins)));
	seg_set_cache(cpu, SEG_ES, 0x10, DST, 0xFFFF, 0x0093);
	put_gate(EXC_GP, IRQ_HANDLER);
	bus.ram[IRQ_HANDLER] = 0xF4;	/* the handler just stops */
	u64 t0 = clk.icount;
	cr_assert_eq(cpu_run(cpu, t0 + 100000), CPU_STOP_HALT);
	cr_assert_eq(cpu->regs[R_ECX], 100 - 4, "four dwords fit below FFFFh");
	cr_assert_eq(cpu->regs[R_EDI], 0x10000);
	cr_assert_eq(ld32(bus.ram + DST + 0xFFFC), 0x12345678);
	/* The four iterations, the delivery, the HLT in the handler. */
	cr_assert_eq(clk.icount, t0 + PRE + 4 + 1 + 1);
	/* Pushed: EFLAGS, CS, EIP, error code. */
	cr_assert_eq(ld32(bus.ram + 0x80000 - 12), AT_STRING, "pushed EIP on the REP");
}
