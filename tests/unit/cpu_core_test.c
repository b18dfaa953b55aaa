/*
 * CPU core behaviour: prefix combinations (operand/address size, segment
 * overrides, repeated and redundant prefixes, LOCK, the 15-byte limit),
 * faults in the middle of REP string instructions and their restart,
 * self-modifying code (same block, cached block, device/DMA writes), the
 * interrupt shadow after STI and MOV SS, exact instruction counting, CPU
 * model differences (CPUID, CMOV, #UD per model).
 */
#include "emu/lib/snap.h"
#include "tests/unit/cpu_rig.h"

TestSuite(cpu_core, .init = rig_setup, .fini = rig_teardown);

static void run_flat(const u8 *code, size_t len)
{
	rig_code(0x1000, code, len);
	rig_flat32(0x1000);
	cr_assert_eq(rig_run(10000), CPU_STOP_HALT);
}

/* ---- prefixes ---- */

Test(cpu_core, operand_size_prefix_in_32bit_code)
{
	static const u8 code[] = {
		0xB8, 0x78, 0x56, 0x34, 0x12,	/* mov eax, 12345678h */
		0x66, 0xB8, 0xCD, 0xAB,		/* mov ax, ABCDh */
		0x66, 0x66, 0x40,		/* inc ax (prefix twice) */
		0xF4,
	};
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->regs[R_EAX], 0x1234ABCEu);
}

Test(cpu_core, address_size_prefix_uses_16bit_forms)
{
	/* mov ebx, 12340010h; mov dword [0x10], 0xCAFEF00D; mov eax, [bx] (67) */
	static const u8 code[] = {
		0xBB, 0x10, 0x00, 0x34, 0x12,
		0xC7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x0D, 0xF0, 0xFE, 0xCA,
		0x67, 0x8B, 0x07,
		0xF4,
	};
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->regs[R_EAX], 0xCAFEF00Du);
}

Test(cpu_core, segment_override_last_one_wins)
{
	/* FS base 0x2000; es: fs: mov eax, [0x10] reads linear 0x2010. */
	static const u8 code[] = { 0x26, 0x64, 0xA1, 0x10, 0x00, 0x00, 0x00, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	seg_set_cache(rig, SEG_FS, 0x18, 0x2000, 0xFFFF, 0x0093);
	st32(rig_bus.ram + 0x2010, 0x11223344);
	st32(rig_bus.ram + 0x0010, 0x55667788);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX], 0x11223344u);
}

Test(cpu_core, rep_with_operand_and_address_size)
{
	/* 16-bit addressing REP STOSD: cx=3, di=0x100 -> 12 bytes; ECX high half kept. */
	static const u8 code[] = {
		0xB9, 0x03, 0x00, 0x01, 0x00,	/* mov ecx, 10003h */
		0xBF, 0x00, 0x01, 0x00, 0x00,	/* mov edi, 100h */
		0xB8, 0xEF, 0xBE, 0xAD, 0xDE,	/* mov eax, DEADBEEFh */
		0xFC,				/* cld */
		0x67, 0xF3, 0xAB,		/* a16 rep stosd */
		0xF4,
	};
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->regs[R_ECX], 0x00010000u);
	cr_assert_eq(rig->regs[R_EDI], 0x10Cu);
	cr_assert_eq(ld32(rig_bus.ram + 0x108), 0xDEADBEEFu);
	cr_assert_eq(ld32(rig_bus.ram + 0x10C), 0);
}

/* In real mode, faults go through the IVT to a HLT at 0:0x700. */
static void real_with_handler(int vector, const u8 *code, size_t len)
{
	rig_code(0x500, code, len);
	rig_bus.ram[0x700] = 0xF4;
	rig_ivt(vector, 0x700);
	rig_real(0, 0x500);
	cr_assert_eq(rig_run(1000), CPU_STOP_HALT);
}

Test(cpu_core, lock_on_register_or_non_rmw_is_ud)
{
	static const u8 lock_reg[] = { 0xF0, 0x01, 0xC0, 0xF4 };	/* lock add ax, ax */
	real_with_handler(EXC_UD, lock_reg, sizeof(lock_reg));
	cr_assert_eq(rig->eip, 0x701);
	cr_assert_eq(ld16(rig_bus.ram + 0xF000 - 6), 0x500);
	static const u8 lock_mov[] = { 0xF0, 0x89, 0x07, 0xF4 };	/* lock mov [bx], ax */
	real_with_handler(EXC_UD, lock_mov, sizeof(lock_mov));
	cr_assert_eq(rig->eip, 0x701);
	static const u8 lock_ok[] = { 0xF0, 0x01, 0x07, 0xF4 };	/* lock add [bx], ax */
	real_with_handler(EXC_UD, lock_ok, sizeof(lock_ok));
	cr_assert_eq(rig->eip, 0x504);
}

Test(cpu_core, fifteen_byte_limit)
{
	u8 code[32];
	/* 14 prefixes + NOP = 15 bytes: fine. */
	memset(code, 0x3E, 14);
	code[14] = 0x90;
	code[15] = 0xF4;
	real_with_handler(EXC_GP, code, 16);
	cr_assert_eq(rig->eip, 0x510);
	/* 15 prefixes + NOP = 16 bytes: #GP(0) at the instruction. */
	memset(code, 0x3E, 15);
	code[15] = 0x90;
	code[16] = 0xF4;
	real_with_handler(EXC_GP, code, 17);
	cr_assert_eq(rig->eip, 0x701);
	cr_assert_eq(ld16(rig_bus.ram + 0xF000 - 6), 0x500);
}

/* ---- faults in the middle of REP strings ---- */

Test(cpu_core, rep_stosw_faults_midway_and_restarts)
{
	/* es=0, di=FFF9h, cx=10: words at FFF9, FFFB, FFFD are stored, the
	 * one at FFFF straddles the 64 KiB limit: #GP with CX and DI
	 * describing the work left, IP on the REP prefix. */
	static const u8 code[] = {
		0xBF, 0xF9, 0xFF,	/* mov di, FFF9h */
		0xB9, 0x0A, 0x00,	/* mov cx, 10 */
		0xB8, 0x34, 0x12,	/* mov ax, 1234h */
		0xFC,			/* cld */
		0xF3, 0xAB,		/* rep stosw */
		0xF4,
	};
	real_with_handler(EXC_GP, code, sizeof(code));
	cr_assert_eq(rig->eip, 0x701);
	/* Three words stored (FFF9, FFFB, FFFD); the fourth at FFFF faults. */
	cr_assert_eq(rig->regs[R_ECX] & 0xFFFF, 7);
	cr_assert_eq(rig->regs[R_EDI] & 0xFFFF, 0xFFFF);
	cr_assert_eq(ld16(rig_bus.ram + 0xFFFD), 0x1234);
	cr_assert_eq(ld16(rig_bus.ram + 0xF000 - 6), 0x50A, "IP pushed must be the REP prefix");

	/* The handler fixes things (moves ES up) and IRETs: the REP resumes. */
	static const u8 fix[] = {
		0xBB, 0x00, 0x10,	/* mov bx, 1000h */
		0x8E, 0xC3,		/* mov es, bx */
		0xBF, 0x00, 0x00,	/* mov di, 0 */
		0xCF,			/* iret */
	};
	memcpy(rig_bus.ram + 0x700, fix, sizeof(fix));
	cpu_flush_caches(rig);
	rig->eip = 0x700;
	rig->halted = false;
	cr_assert_eq(rig_run(1000), CPU_STOP_HALT);
	cr_assert_eq(rig->eip, 0x50D);
	cr_assert_eq(rig->regs[R_ECX] & 0xFFFF, 0);
	cr_assert_eq(rig->regs[R_EDI] & 0xFFFF, 14);
	cr_assert_eq(ld16(rig_bus.ram + 0x10000 + 12), 0x1234);
}

Test(cpu_core, repe_cmpsb_stops_on_difference)
{
	static const u8 code[] = {
		0xBE, 0x00, 0x02,	/* mov si, 200h */
		0xBF, 0x00, 0x03,	/* mov di, 300h */
		0xB9, 0x08, 0x00,	/* mov cx, 8 */
		0xF3, 0xA6,		/* repe cmpsb */
		0xF4,
	};
	memcpy(rig_bus.ram + 0x200, "abcdXfgh", 8);
	memcpy(rig_bus.ram + 0x300, "abcdYfgh", 8);
	real_with_handler(EXC_GP, code, sizeof(code));
	cr_assert_eq(rig->regs[R_ECX] & 0xFFFF, 3);
	cr_assert_eq(rig->regs[R_ESI] & 0xFFFF, 0x205);
	cr_assert_eq(cpu_get_eflags(rig) & FLAG_ZF, 0);
}

/* ---- self-modifying code ---- */

Test(cpu_core, smc_in_the_same_block)
{
	/* mov byte [1011h], 5 patches the immediate of the next instruction. */
	static const u8 code[] = {
		0xC6, 0x05, 0x08, 0x10, 0x00, 0x00, 0x05,	/* mov byte [1008h], 5 */
		0xB8, 0x01, 0x00, 0x00, 0x00,			/* 1007: mov eax, 1 */
		0xF4,
	};
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->regs[R_EAX], 5);
}

Test(cpu_core, smc_of_a_cached_block)
{
	/* A subroutine at 0x2000 (mov eax, 1; ret) is called, then patched to
	 * return 2 by a store, then called again. */
	static const u8 sub[] = { 0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3 };
	static const u8 code[] = {
		0xE8, 0xFB, 0x0F, 0x00, 0x00,			/* call 2000h */
		0x89, 0xC3,					/* mov ebx, eax */
		0xC6, 0x05, 0x01, 0x20, 0x00, 0x00, 0x02,	/* mov byte [2001h], 2 */
		0xE8, 0xED, 0x0F, 0x00, 0x00,			/* call 2000h */
		0xF4,
	};
	memcpy(rig_bus.ram + 0x2000, sub, sizeof(sub));
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->regs[R_EBX], 1);
	cr_assert_eq(rig->regs[R_EAX], 2);
}

Test(cpu_core, dma_write_into_code_invalidates)
{
	/* Run a loop once, then overwrite its code through the bus (as a DMA
	 * transfer would) and run again. */
	static const u8 v1[] = { 0xB8, 0x01, 0x00, 0x00, 0x00, 0xF4 };
	static const u8 v2[] = { 0xB8, 0x02, 0x00, 0x00, 0x00, 0xF4 };
	run_flat(v1, sizeof(v1));
	cr_assert_eq(rig->regs[R_EAX], 1);
	bus_write_block(&rig_bus, 0x1000, v2, sizeof(v2));
	rig->eip = 0x1000;
	rig->halted = false;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX], 2);
}

/* ---- interrupts, shadow, icount ---- */

static int ack_vector;
static int test_ack(void *opaque)
{
	(void)opaque;
	cpu_set_intr(rig, 0);
	return ack_vector;
}

Test(cpu_core, sti_shadow_delays_interrupt_by_one_instruction)
{
	/* sti; inc ax; inc ax; hlt -- the interrupt (handler: hlt at 0x700)
	 * must be taken after the first INC, never before it. */
	static const u8 code[] = { 0xFB, 0x40, 0x40, 0xF4 };
	rig_code(0x500, code, sizeof(code));
	rig_bus.ram[0x700] = 0xF4;
	rig_ivt(0x20, 0x700);
	rig_real(0, 0x500);
	ack_vector = 0x20;
	cpu_set_intr_ack(rig, test_ack, NULL);
	cpu_set_intr(rig, 1);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX] & 0xFFFF, 1);
	cr_assert_eq(ld16(rig_bus.ram + 0xF000 - 6), 0x502);
}

Test(cpu_core, mov_ss_shadow)
{
	/* IF already set: mov ss, ax; mov sp, 0xE000 run back to back. */
	static const u8 code[] = { 0x8E, 0xD0, 0xBC, 0x00, 0xE0, 0x40, 0xF4 };
	rig_code(0x500, code, sizeof(code));
	rig_bus.ram[0x700] = 0xF4;
	rig_ivt(0x21, 0x700);
	rig_real(0, 0x500);
	cpu_set_eflags(rig, FLAG_IF | 2);
	rig->regs[R_EAX] = 0;
	/* Run the first instruction alone, then raise INTR. */
	cr_assert_eq(rig_run(1), CPU_STOP_LIMIT);
	ack_vector = 0x21;
	cpu_set_intr_ack(rig, test_ack, NULL);
	cpu_set_intr(rig, 1);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	/* Taken after mov sp (the shadowed one), before inc ax. */
	cr_assert_eq(rig->regs[R_EAX] & 0xFFFF, 0);
	cr_assert_eq(ld16(rig_bus.ram + 0xE000 - 6), 0x505);
}

Test(cpu_core, icount_is_exact)
{
	/* mov ecx, 1000; l: dec ecx; jnz l; hlt = 1 + 2000 + 1 instructions. */
	static const u8 code[] = { 0xB9, 0xE8, 0x03, 0x00, 0x00, 0x49, 0x75, 0xFD, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	u64 start = rig_clk.icount;
	cr_assert_eq(rig_run(1000000), CPU_STOP_HALT);
	cr_assert_eq(rig_clk.icount - start, 2002);
	/* And cpu_run stops exactly at a limit in the middle of a block. */
	rig_flat32(0x1000);
	start = rig_clk.icount;
	cr_assert_eq(rig_run(7), CPU_STOP_LIMIT);
	cr_assert_eq(rig_clk.icount - start, 7);
	cr_assert_eq(rig->regs[R_ECX], 1000 - 3);
}

Test(cpu_core, single_step_and_breakpoint)
{
	static const u8 code[] = { 0x40, 0x40, 0x40, 0x40, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	rig->single_step = true;
	cr_assert_eq(rig_run(100), CPU_STOP_DEBUG);
	cr_assert_eq(rig->eip, 0x1001);
	rig->single_step = false;
	cpu_add_breakpoint(rig, 0x1003);
	cr_assert_eq(rig_run(100), CPU_STOP_DEBUG);
	cr_assert_eq(rig->eip, 0x1003);
	cr_assert_eq(rig->regs[R_EAX], 3);
	rig->bp_skip = true;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX], 4);
	cpu_remove_breakpoint(rig, 0x1003);
}

/* ---- models ---- */

static void run_model(enum cpu_model m, const u8 *code, size_t len)
{
	cpu_destroy(rig);
	rig = cpu_create(&rig_bus, &rig_clk, m);
	cr_assert_not_null(rig);
	rig_code(0x500, code, len);
	rig_bus.ram[0x700] = 0xF4;
	rig_ivt(EXC_UD, 0x700);
	rig_real(0, 0x500);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
}

Test(cpu_core, instructions_follow_the_model)
{
	static const u8 cpuid[] = { 0x66, 0x31, 0xC0, 0x0F, 0xA2, 0xF4 };	/* xor eax,eax; cpuid */
	run_model(CPU_386, cpuid, sizeof(cpuid));
	cr_assert_eq(rig->eip, 0x701, "386 has no CPUID");
	run_model(CPU_PENTIUM, cpuid, sizeof(cpuid));
	cr_assert_eq(rig->eip, 0x506);
	cr_assert_eq(rig->regs[R_EBX], 0x756E6547u);
	static const u8 leaf1[] = { 0x66, 0xB8, 1, 0, 0, 0, 0x0F, 0xA2, 0xF4 };
	run_model(CPU_P6, leaf1, sizeof(leaf1));
	cr_assert_eq((rig->regs[R_EAX] >> 8) & 0xF, 6);
	cr_assert_eq(rig->regs[R_EDX] & 1, 1, "P6 reports its FPU");
	cr_assert(rig->regs[R_EDX] & (1u << 15), "P6 has CMOV");
	run_model(CPU_P6, cpuid, sizeof(cpuid));
	cr_assert_eq(rig->regs[R_EAX], 2, "the P6's highest leaf is 2");
	static const u8 leaf2[] = { 0x66, 0xB8, 2, 0, 0, 0, 0x0F, 0xA2, 0xF4 };
	run_model(CPU_P6, leaf2, sizeof(leaf2));
	cr_assert_eq(rig->regs[R_EAX], 0x03020101u, "Pentium II TLB descriptors");
	cr_assert_eq(rig->regs[R_EDX], 0x0C040843u, "16 KB L1 code and data, 512 KB L2");
	static const u8 ext[] = { 0x66, 0xB8, 0, 0, 0, 0x80, 0x0F, 0xA2, 0xF4 };
	run_model(CPU_P6, ext, sizeof(ext));
	cr_assert_eq(rig->regs[R_EAX], 0x03020101u, "no extended leaves: leaf 2's answer");
	run_model(CPU_PENTIUM, leaf2, sizeof(leaf2));
	cr_assert_eq(rig->regs[R_EAX], 0x0521u, "the Pentium stops at leaf 1");
	static const u8 cmov[] = { 0x0F, 0x44, 0xC3, 0xF4 };	/* cmovz ax, bx */
	run_model(CPU_PENTIUM, cmov, sizeof(cmov));
	cr_assert_eq(rig->eip, 0x701, "Pentium has no CMOV");
	run_model(CPU_P6, cmov, sizeof(cmov));
	cr_assert_eq(rig->eip, 0x504);
	static const u8 bswap[] = { 0x0F, 0xC8, 0xF4 };
	run_model(CPU_386, bswap, sizeof(bswap));
	cr_assert_eq(rig->eip, 0x701, "386 has no BSWAP");
	run_model(CPU_486, bswap, sizeof(bswap));
	cr_assert_eq(rig->eip, 0x503);
}

Test(cpu_core, bios_sign_id_msr_on_the_p6_only)
{
	/* Linux's early_init_intel: wrmsr 0x8B <- 0; cpuid(1); rdmsr 0x8B. */
	static const u8 code[] = {
		0x66, 0xB9, 0x8B, 0, 0, 0,	/* mov ecx, 0x8b */
		0x66, 0x31, 0xC0, 0x66, 0x31, 0xD2, 0x0F, 0x30,	/* xor eax,eax; xor edx,edx; wrmsr */
		0x66, 0xB8, 1, 0, 0, 0, 0x0F, 0xA2,	/* mov eax,1; cpuid */
		0x66, 0xB9, 0x8B, 0, 0, 0, 0x0F, 0x32, 0xF4 };	/* mov ecx,0x8b; rdmsr; hlt */
	rig_bus.ram[0x780] = 0xF4;
	rig_ivt(EXC_GP, 0x780);
	run_model(CPU_P6, code, sizeof(code));
	cr_assert_eq(rig->eip, 0x500 + sizeof(code), "P6 has IA32_BIOS_SIGN_ID: eip %x", rig->eip);
	cr_assert_eq(rig->regs[R_EDX], 0, "no microcode update: revision 0");
	cr_assert_eq(rig->regs[R_EAX], 0);
	rig_bus.ram[0x780] = 0xF4;
	rig_ivt(EXC_GP, 0x780);
	run_model(CPU_PENTIUM, code, sizeof(code));
	cr_assert_eq(rig->eip, 0x781, "the Pentium has no MSR 0x8B: #GP");
}

Test(cpu_core, esc_raises_nm_with_em)
{
	static const u8 fld[] = { 0xD9, 0xE8, 0xF4 };	/* fld1 */
	rig_code(0x500, fld, sizeof(fld));
	rig_bus.ram[0x700] = 0xF4;
	rig_ivt(EXC_NM, 0x700);
	rig_real(0, 0x500);
	rig->cr0 |= CR0_EM;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->eip, 0x701);
}

Test(cpu_core, rdtsc_follows_icount)
{
	static const u8 code[] = { 0x90, 0x90, 0x0F, 0x31, 0xF4 };
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	u64 at = cpu_tsc(rig);
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX], (u32)(at + 2));
}

Test(cpu_core, snapshot_round_trip)
{
	/* Run part of a loop, snapshot, run on; restore and run on again: the
	 * two continuations must agree. */
	static const u8 code[] = { 0xB9, 0x10, 0x00, 0x00, 0x00, 0x01, 0xC8, 0xD1, 0xC0, 0x49,
				   0x75, 0xF9, 0xF4 };	/* mov ecx,16; l: add eax,ecx; rol eax,1; dec ecx; jnz l */
	rig_code(0x1000, code, sizeof(code));
	rig_flat32(0x1000);
	rig->regs[R_EAX] = 0x1234;
	cr_assert_eq(rig_run(20), CPU_STOP_LIMIT);
	struct snap_writer w;
	snap_writer_init(&w);
	cpu_save(rig, &w);
	cr_assert(!w.failed);
	cr_assert_eq(rig_run(1000), CPU_STOP_HALT);
	u32 eax = rig->regs[R_EAX], fl = cpu_get_eflags(rig);
	rig_flat32(0x5000);	/* scramble */
	rig->regs[R_EAX] = 0;
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	cr_assert_eq(cpu_load(rig, &r), 0, "%s", r.error);
	cr_assert_eq(rig_run(1000), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EAX], eax);
	cr_assert_eq(cpu_get_eflags(rig), fl);
	/* A truncated section is refused. */
	snap_reader_init(&r, w.buf, w.len - 1);
	cr_assert_neq(cpu_load(rig, &r), 0);
	snap_writer_free(&w);
}

Test(cpu_core, rep_movs_overlap_and_page_crossing)
{
	/* rep movsb from 0x3000 to 0x3001, 0x1800 bytes: byte-by-byte forward
	 * semantics replicate the first byte across two page boundaries. */
	static const u8 code[] = {
		0xBE, 0x00, 0x30, 0x00, 0x00,	/* mov esi, 3000h */
		0xBF, 0x01, 0x30, 0x00, 0x00,	/* mov edi, 3001h */
		0xB9, 0x00, 0x18, 0x00, 0x00,	/* mov ecx, 1800h */
		0xFC, 0xF3, 0xA4,		/* cld; rep movsb */
		0xF4,
	};
	rig_bus.ram[0x3000] = 0x5A;
	memset(rig_bus.ram + 0x3001, 0, 0x1800);
	run_flat(code, sizeof(code));
	for (u32 k = 0; k <= 0x1800; k++)
		cr_assert_eq(rig_bus.ram[0x3000 + k], 0x5A, "byte %x", k);
	cr_assert_eq(rig_bus.ram[0x4802], 0);
	cr_assert_eq(rig->regs[R_ECX], 0);
	cr_assert_eq(rig->regs[R_ESI], 0x4800);
	cr_assert_eq(rig->regs[R_EDI], 0x4801);
}

Test(cpu_core, rep_stos_over_its_own_code)
{
	/* rep stosb fills NOPs over the code that follows it, which sits in
	 * the same (already decoded) page: the new bytes must run. */
	static const u8 code[] = {
		0xBF, 0x14, 0x10, 0x00, 0x00,	/* mov edi, 1014h */
		0xB9, 0x05, 0x00, 0x00, 0x00,	/* mov ecx, 5 */
		0xB0, 0x90,			/* mov al, 90h (nop) */
		0xFC, 0xF3, 0xAA,		/* cld; rep stosb */
		0x31, 0xDB,			/* 100F: xor ebx, ebx */
		0x43, 0x43, 0x43,		/* 1011: inc ebx x3 */
		0x43, 0x43, 0x43, 0x43, 0x43,	/* 1014: inc ebx x5 -> become NOPs */
		0xF4,
	};
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->regs[R_EBX], 3);
}

Test(cpu_core, trap_flag_single_steps)
{
	/* pushf; pushf; pop ax; or ah,1; push ax; popf (TF on); inc bx;
	 * inc bx; popf (TF off); hlt. The #DB handler (0:0x700) counts in CX
	 * and IRETs. Traps come after each instruction that started with TF
	 * set: both INCs and the last POPF. */
	static const u8 code[] = { 0x9C, 0x9C, 0x58, 0x80, 0xCC, 0x01, 0x50, 0x9D, 0x43, 0x43,
				   0x9D, 0xF4 };
	static const u8 handler[] = { 0x41, 0xCF };	/* inc cx; iret */
	rig_code(0x500, code, sizeof(code));
	memcpy(rig_bus.ram + 0x700, handler, sizeof(handler));
	cpu_flush_caches(rig);
	rig_ivt(EXC_DB, 0x700);
	rig_real(0, 0x500);
	rig->regs[R_ECX] = 0;
	rig->regs[R_EBX] = 0;
	cr_assert_eq(rig_run(100), CPU_STOP_HALT);
	cr_assert_eq(rig->regs[R_EBX] & 0xFFFF, 2);
	cr_assert_eq(rig->regs[R_ECX] & 0xFFFF, 3);
	cr_assert_eq(rig->eip, 0x50C);
}

Test(cpu_core, mov_cr_ignores_mod)
{
	/* 0F 20 00: mod 00 still means "mov eax, cr0", with no displacement. */
	static const u8 code[] = { 0x0F, 0x20, 0x00, 0xF4 };
	run_flat(code, sizeof(code));
	cr_assert_eq(rig->eip, 0x1004);
	cr_assert_eq(rig->regs[R_EAX], rig->cr0);
}

Test(cpu_core, eflags_ac_and_id_follow_the_model)
{
	/* pushfd; pop eax; or eax, AC|ID; push eax; popfd; pushfd; pop ebx; hlt */
	static const u8 code[] = { 0x9C, 0x58, 0x0D, 0x00, 0x00, 0x24, 0x00, 0x50, 0x9D, 0x9C, 0x5B,
				   0xF4 };
	static const enum cpu_model models[] = { CPU_386, CPU_486, CPU_PENTIUM };
	static const u32 want[] = { 0, FLAG_AC | FLAG_ID, FLAG_AC | FLAG_ID };
	for (int k = 0; k < 3; k++) {
		cpu_destroy(rig);
		rig = cpu_create(&rig_bus, &rig_clk, models[k]);
		run_flat(code, sizeof(code));
		cr_assert_eq(rig->regs[R_EBX] & (FLAG_AC | FLAG_ID), want[k], "model %d", k);
	}
}
