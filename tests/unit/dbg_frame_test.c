/*
 * Frames and frame-local variables on the fixture ELF (debugger/core/frame.c): the tests
 * build sum_pair's stack frame by hand in the fake machine, the way the
 * i386 System V ABI lays it out (arguments at EBP+8 and up, the return
 * address at EBP+4, the caller's EBP at EBP), fill the locals' area with a
 * pattern (every dword holds a value derived from its own address), and
 * check what info args, info locals, print, frame, up and down make of it.
 * Expected values come from that layout and from the fixture's source, not
 * from the DWARF the debugger reads.
 */
#include "tests/unit/dbg_fixture.h"
#include "debugger/sym/dwarf.h"

TestSuite(dbg_frame, .init = setup, .fini = teardown);

#define STACK_LO 0xc0200000u
#define STACK_HI 0xc0200300u
#define EBP0 0xc0200100u	/* sum_pair's frame */
#define EBP1 0xc0200200u	/* start_kernel's frame */

static u32 pattern(u32 lin)
{
	return 0x50000000u | (lin & 0xffffu);
}

static void put32(u32 lin, u32 v)
{
	st32(mem + (lin - 0xc0000000u), v);
}

/* The line of the fixture source carrying a "frame: WHAT" comment. */
static int marked_line(const char *what)
{
	FILE *f = fopen("tests/debugger/fixture.c", "r");
	cr_assert(f);
	char line[256], want[64];
	snprintf(want, sizeof(want), "/* frame: %s */", what);
	int n = 0, found = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, want))
			found = n;
	}
	fclose(f);
	cr_assert(found, "no '%s' in the fixture", want);
	return found;
}

static u32 line_addr(const char *what)
{
	u32 a;
	cr_assert(dw_line_addr(dbg_dwarf(d), "fixture.c", marked_line(what), &a));
	return a;
}

/* sum_pair(&pair_one, 2) called from start_kernel, stopped at pc. */
static void build_frames(u32 pc)
{
	for (u32 a = STACK_LO; a < STACK_HI; a += 4)
		put32(a, pattern(a));
	put32(EBP0, EBP1);				/* saved EBP */
	put32(EBP0 + 4, sym("start_kernel") + 0x10);	/* return address */
	put32(EBP0 + 8, sym("pair_one"));		/* pp */
	put32(EBP0 + 12, 2);				/* scale */
	put32(EBP1, 0);					/* start_kernel: the outermost */
	put32(EBP1 + 4, 0);
	regs.eip = pc;
	regs.gpr[DBG_EBP] = EBP0;
	regs.gpr[DBG_ESP] = EBP0 - 0x14;		/* after the prologue */
	regs.gpr[DBG_EBX] = 0x1234;			/* hot */
	regs.gpr[DBG_EAX] = 0xdead;
}

/* The number in "$N = (type *) 0x..." or "$N = 123". */
static u32 value_of(const char *out)
{
	const char *p = strstr(out, " = ");
	cr_assert(p, "no value in '%s'", out);
	p += 3;
	if (*p == '(')
		p = strchr(p, ')') + 2;
	return (u32)strtoul(p, NULL, 0);
}

Test(dbg_frame, args_come_from_the_abi_slots)
{
	build_frames(line_addr("inner"));
	char want[128];
	snprintf(want, sizeof(want), "pp = 0x%x <pair_one>\nscale = 2\n", sym("pair_one"));
	cr_assert_str_eq(run("info args"), want);
	cr_assert_str_eq(run("p pp->a"), "$1 = 7\n");
	cr_assert_str_eq(run("p pp->b + scale"), "$2 = 37\n");
	cr_assert_str_eq(run("p *pp"), "$3 = {a = 7, b = 35}\n");
	snprintf(want, sizeof(want), "$4 = (int *) 0x%x\n", EBP0 + 12);
	cr_assert_str_eq(run("p &scale"), want);
}

Test(dbg_frame, locals_live_in_the_frame)
{
	build_frames(line_addr("inner"));
	u32 at = value_of(run("p &total"));
	cr_assert(at >= EBP0 - 0x14 && at < EBP0, "&total 0x%x outside the frame", at);
	cr_assert_eq(value_of(run("p total")), pattern(at));
	/* A register variable: DW_OP_reg3, the CPU's EBX in frame 0. */
	cr_assert_str_eq(run("p hot"), "$3 = 4660\n");
	cr_assert_str_eq(run("p &hot"), "Attempt to take address of value not located in memory.\n");
	/* A local hides the global enum of the same name. */
	cr_assert_str_eq(run("whatis favorite"), "type = int\n");
	/* Assignment writes the local's slot. */
	run("set var total = 99");
	cr_assert_eq(ld32(mem + at - 0xc0000000u), 99);
	const char *out = run("info locals");
	cr_assert(strstr(out, "inner = ") && strstr(out, "total = 99\n") &&
		  strstr(out, "hot = 4660\n"), "%s", out);
	/* The innermost block comes first, as gdb lists it. */
	cr_assert(strstr(out, "inner = ") < strstr(out, "total = "), "%s", out);
}

Test(dbg_frame, lexical_blocks_follow_the_pc)
{
	build_frames(line_addr("outer"));
	const char *out = run("info locals");
	cr_assert(!strstr(out, "inner"), "inner visible outside its block: %s", out);
	cr_assert(strstr(out, "total = "), "%s", out);
	cr_assert_str_eq(run("p inner"), "No symbol \"inner\" in current context.\n");
	cr_assert_str_eq(run("p x"), "No symbol \"x\" in current context.\n");
	build_frames(line_addr("inner"));
	cr_assert(strstr(run("info locals"), "inner = "));
	cr_assert_neq(strncmp(run("p inner"), "No symbol", 9), 0);
}

Test(dbg_frame, up_down_and_registers_of_outer_frames)
{
	build_frames(line_addr("inner"));
	char want[256];
	const char *out = run("up");
	cr_assert(!strncmp(out, "#1  0x", 6) && strstr(out, " in start_kernel () at "), "%s", out);
	/* start_kernel's loop counter, in start_kernel's frame. */
	u32 at = value_of(run("p &i"));
	cr_assert(at > EBP0 + 8 && at < EBP1, "&i 0x%x not in start_kernel's frame", at);
	cr_assert_eq(value_of(run("p i")), pattern(at));
	snprintf(want, sizeof(want), "i = %d\n", (int)pattern(at));
	cr_assert_str_eq(run("info locals"), want);
	cr_assert_str_eq(run("info args"), "No arguments.\n");
	cr_assert_str_eq(run("p pp"), "No symbol \"pp\" in current context.\n");
	/* The caller's registers: ESP is the CFA, EBP was saved at EBP0, EBX by
	 * sum_pair's prologue at EBP-4 (mov [ebp-4], ebx); EAX is lost. */
	snprintf(want, sizeof(want), "$3 = %u\n", EBP0 + 8);
	cr_assert_str_eq(run("p $esp"), want);
	snprintf(want, sizeof(want), "$4 = %u\n", EBP1);
	cr_assert_str_eq(run("p $ebp"), want);
	snprintf(want, sizeof(want), "$5 = %u\n", pattern(EBP0 - 4));
	cr_assert_str_eq(run("p $ebx"), want);
	cr_assert_str_eq(run("p $eax"), "$eax is not saved in frame 1\n");
	out = run("info frame");
	snprintf(want, sizeof(want), "Stack level 1, frame at 0x%x:", EBP1 + 8);
	cr_assert(strstr(out, want), "%s", out);
	cr_assert_str_eq(run("up"), "Initial frame selected; you cannot go up.\n");
	out = run("down");
	cr_assert(!strncmp(out, "#0  0x", 6) && strstr(out, " in sum_pair (pp=0x"), "%s", out);
	cr_assert(strstr(out, ", scale=2) at "), "%s", out);
	cr_assert_str_eq(run("down"), "Bottom (innermost) frame selected; you cannot go down.\n");
	cr_assert_str_eq(run("p $eax"), "$6 = 57005\n");
	cr_assert_str_eq(run("frame 5"), "No frame at level 5.\n");
}

Test(dbg_frame, info_frame_shows_the_saved_slots)
{
	build_frames(line_addr("inner"));
	const char *out = run("info frame");
	char want[160];
	snprintf(want, sizeof(want), "Stack level 0, frame at 0x%x:", EBP0 + 8);
	cr_assert(strstr(out, want), "%s", out);
	snprintf(want, sizeof(want), "saved eip = 0x%x", sym("start_kernel") + 0x10);
	cr_assert(strstr(out, want), "%s", out);
	snprintf(want, sizeof(want), "ebx at 0x%x, ebp at 0x%x, eip at 0x%x", EBP0 - 4, EBP0, EBP0 + 4);
	cr_assert(strstr(out, want), "%s", out);
	cr_assert(strstr(out, "args: pp=0x"), "%s", out);
}

Test(dbg_frame, running_selects_frame_zero_again)
{
	build_frames(line_addr("inner"));
	run("frame 1");
	cr_assert_str_eq(run("p pp"), "No symbol \"pp\" in current context.\n");
	run("stepi");
	const char *out = run("frame");
	cr_assert(!strncmp(out, "#0  ", 4), "%s", out);
	/* Also when something else moved the machine (the gdb stub, time travel). */
	build_frames(line_addr("inner"));
	run("up");
	regs.icount += 5;
	cr_assert(!strncmp(run("frame"), "#0  ", 4));
}

Test(dbg_frame, no_dwarf_no_locals)
{
	build_frames(0xc0000000u);	/* no function there */
	cr_assert_str_eq(run("info locals"), "No symbol table info available.\n");
	cr_assert_str_eq(run("p jiffies"), "$1 = 12345\n");	/* globals still work */
}

/* Garbage stacks: random words, frame pointers pointing anywhere, pcs in
 * and out of functions. Every frame command must answer without crashing
 * or looping (the unwinder only ever moves up the stack). */
Test(dbg_frame, garbage_stacks_never_crash, .timeout = 60)
{
	static const char *const cmds[] = {
		"bt", "up", "up 3", "down", "frame 2", "frame", "info frame", "info locals",
		"info args", "p total", "p *pp", "p $ebx", "p $eax", "p inner", "p &favorite",
		"p i", "frame 100000", "up 99999",
	};
	const u32 pcs[] = { line_addr("inner"), line_addr("outer"), sym("sum_pair"),
			    sym("start_kernel"), sym("start_kernel") + 5, sym("_start"),
			    0xc0000000u, 0xffffffffu, 0 };
	u32 seed = 12345;
	for (int iter = 0; iter < 400; iter++) {
		for (u32 a = STACK_LO; a < STACK_HI; a += 4) {
			seed = seed * 1103515245u + 12345u;
			u32 r = seed >> 8;
			/* Mostly plausible stack and code addresses, some junk. */
			u32 v = (r & 3) == 0 ? STACK_LO + (r & 0x3fc) :
				(r & 3) == 1 ? pcs[(r >> 4) % 9] + ((r >> 8) & 7) : r * 2654435761u;
			put32(a, v);
		}
		seed = seed * 1103515245u + 12345u;
		regs.eip = pcs[(seed >> 9) % 9];
		regs.gpr[DBG_EBP] = (seed & 1) ? STACK_LO + ((seed >> 12) & 0x3fc) : seed;
		regs.gpr[DBG_ESP] = (seed & 2) ? STACK_LO + ((seed >> 16) & 0x3fc) : seed ^ 0x55;
		regs.icount++;
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (getenv("DBG_FRAME_SHOW"))
				fprintf(stderr, "%s", run(cmds[(i + iter) % (sizeof(cmds) / sizeof(cmds[0]))]));
			else
				run(cmds[(i + iter) % (sizeof(cmds) / sizeof(cmds[0]))]);
	}
	/* Still a working session afterwards. */
	const char *out = run("p jiffies");
	cr_assert(strstr(out, " = 12345\n"), "%s", out);
}

Test(dbg_frame, bt_full_lists_each_frames_locals)
{
	build_frames(line_addr("inner"));
	const char *out = run("bt full");
	char want[128];
	cr_assert(!strncmp(out, "#0  0x", 6) && strstr(out, " in sum_pair+"), "%s", out);
	cr_assert(strstr(out, "\n        inner = ") && strstr(out, "\n        hot = 4660\n"), "%s", out);
	cr_assert(strstr(out, "\n#1  0x") && strstr(out, " in start_kernel+"), "%s", out);
	/* start_kernel's i, at its own slot in start_kernel's frame. */
	run("up");
	u32 ia = value_of(run("p &i"));
	snprintf(want, sizeof(want), "\n        i = %d\n", (int)pattern(ia));
	out = run("bt full");
	cr_assert(strstr(out, want), "%s", out);
	/* bt itself is unchanged: no locals. */
	cr_assert_null(strstr(run("bt"), "        "));
}

/* use_twice(5) called from start_kernel, stopped inside the inlined twice(). */
static void build_inlined(void)
{
	build_frames(line_addr("inlined"));
	put32(EBP0 + 8, 5);	/* w */
	regs.gpr[DBG_ESP] = EBP0 - 0x10;
}

Test(dbg_frame, inlined_calls_are_frames)
{
	build_inlined();
	int call_line = marked_line("call"), in_line = marked_line("inlined");
	char want[160];
	const char *out = run("bt 3");
	snprintf(want, sizeof(want), " in twice (inlined) at fixture.c:%d\n#1  0x", in_line);
	cr_assert(!strncmp(out, "#0  0x", 6) && strstr(out, want), "%s", out);
	snprintf(want, sizeof(want), " in use_twice+");
	cr_assert(strstr(out, want), "%s", out);
	/* Frame 1 is the function the call was inlined into, at the call's line. */
	snprintf(want, sizeof(want), " at fixture.c:%d\n#2  0x", call_line);
	cr_assert(strstr(out, want), "%s", out);
	cr_assert(strstr(out, " in start_kernel+"), "%s", out);
	/* twice's own parameter and local (stored by the inlined code). */
	out = run("info args");
	cr_assert(!strncmp(out, "v = ", 4), "%s", out);
	cr_assert(strstr(run("info locals"), "doubled = "));
	out = run("up");
	snprintf(want, sizeof(want), " in use_twice (w=5) at tests/debugger/fixture.c:%d\n", call_line);
	cr_assert(!strncmp(out, "#1  0x", 6) && strstr(out, want), "%s", out);
	cr_assert_str_eq(run("info args"), "w = 5\n");
	out = run("info locals");
	cr_assert(!strncmp(out, "r = ", 4) && !strstr(out, "doubled"), "%s", out);
	cr_assert_str_eq(run("p doubled"), "No symbol \"doubled\" in current context.\n");
	/* The same physical frame: the same CFA and registers. */
	out = run("info frame");
	snprintf(want, sizeof(want), "Stack level 1, frame at 0x%x:", EBP0 + 8);
	cr_assert(strstr(out, want), "%s", out);
	cr_assert_str_eq(run("p $eax"), "$1 = 57005\n");
	out = run("up");
	cr_assert(!strncmp(out, "#2  0x", 6) && strstr(out, " in start_kernel ("), "%s", out);
	out = run("down 2");
	cr_assert(!strncmp(out, "#0  0x", 6) && strstr(out, " in twice (v="), "%s", out);
	out = run("info frame");
	cr_assert(strstr(out, "inlined into frame 1 (use_twice)"), "%s", out);
}

Test(dbg_frame, info_registers_in_an_outer_frame)
{
	build_frames(line_addr("inner"));
	run("up");
	const char *out = run("info registers");
	char want[96];
	cr_assert(strstr(out, "eax            <not saved>\n"), "%s", out);
	snprintf(want, sizeof(want), "ebp            0x%-18x", EBP1);
	cr_assert(strstr(out, want), "%s", out);
	snprintf(want, sizeof(want), "eip            0x%-18x", sym("start_kernel") + 0x10);
	cr_assert(strstr(out, want) && strstr(out, "(frame 1)"), "%s", out);
	run("frame 0");
	out = run("info registers");
	cr_assert(strstr(out, "eax            0xdead "), "%s", out);
}
