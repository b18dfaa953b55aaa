/*
 * The debugger against a real ELF: build/tests/debugger/fixture.elf (from
 * tests/debugger/fixture.c, -m32 -g, linked at 0xC0100000 / physical 1 MiB)
 * is loaded into a fake machine's memory with PAE page tables mapping the
 * kernel half the way the guest kernel does, and every command runs through
 * dbg_command with its output captured.
 */
#include "tests/unit/dbg_fixture.h"

TestSuite(debugger, .init = setup, .fini = teardown);

/* Breakpoint numbers keep growing like gdb's; tests restart them. */
static void d_reset_ids(void)
{
	dbg_destroy(d);
	d = dbg_create(&target);
	dbg_set_output(d, out);
	cr_assert_eq(dbg_load_symbols(d, FIXTURE), 0);
}

Test(debugger, symbols_both_ways)
{
	u32 sk = sym("start_kernel"), off;
	cr_assert_geq(sk, 0xc0100000);
	const struct dbg_sym *s = sym_lookup_addr(dbg_symtab(d), sk + 3, &off);
	cr_assert(s && !strcmp(s->name, "start_kernel") && off == 3);
	char b[64];
	cr_assert_str_eq(sym_format(dbg_symtab(d), sym("jiffies"), b, sizeof(b)), "jiffies");
	cr_assert_null(sym_lookup_addr(dbg_symtab(d), 0x1000, &off));
	cr_assert_str_eq(run("info symbol start_kernel+2"),
			 "start_kernel + 2 in section .text of fixture.elf\n");
}

Test(debugger, print_scalars_and_strings)
{
	cr_assert_str_eq(run("p jiffies"), "$1 = 12345\n");
	cr_assert_str_eq(run("p/x jiffies"), "$2 = 0x3039\n");
	/* gdb's own spelling: trailing NULs inline up to its repeat threshold. */
	cr_assert_str_eq(run("p init_task.comm"),
			 "$3 = \"swapper\\000\\000\\000\\000\\000\\000\\000\\000\"\n");
	cr_assert_str_eq(run("p __log_buf"),
			 "$4 = \"<6>Hello\\n<4>World\\n\", '\\000' <repeats 237 times>\n");
	char want[128];
	snprintf(want, sizeof(want), "$5 = 0x%x \"Lucid fixture\"\n", ld32(mem + sym("banner") - 0xc0000000));
	cr_assert_str_eq(run("p banner"), want);
}

Test(debugger, print_members_pointers_casts)
{
	char want[128];
	cr_assert_str_eq(run("p init_task.pid"), "$1 = 0\n");
	cr_assert_str_eq(run("p current_task->pid"), "$2 = 1\n");
	cr_assert_str_eq(run("p current_task->parent->comm[1]"), "$3 = 119 'w'\n");
	cr_assert_str_eq(run("p ((struct task_struct *)&task2)->pid + 40"), "$4 = 42\n");
	cr_assert_str_eq(run("p init_task.tasks.next == &task1.tasks"), "$5 = 1\n");
	cr_assert_str_eq(run("p init_task.small"), "$6 = 5\n");
	cr_assert_str_eq(run("p init_task.medium"), "$7 = 17\n");
	cr_assert_str_eq(run("p init_task.u_i"), "$8 = -2\n");
	cr_assert_str_eq(run("p init_task.color"), "$9 = BLUE\n");
	cr_assert_str_eq(run("p favorite"), "$10 = GREEN\n");
	cr_assert_str_eq(run("p shorts[2]"), "$11 = -3\n");
	cr_assert_str_eq(run("p &table[3] - &table[0]"), "$12 = 3\n");
	cr_assert_str_eq(run("p sizeof(struct list_head)"), "$13 = 8\n");
	cr_assert_str_eq(run("p neg_char"), "$14 = -3 '\\375'\n");
	cr_assert_str_eq(run("p (char)0x141"), "$15 = 65 'A'\n");
	cr_assert_str_eq(run("p typed_ptr->se.vruntime / 3"), "$16 = 1000\n");
	snprintf(want, sizeof(want), "$17 = (struct task_struct *) 0x%x <task1>\n", sym("task1"));
	cr_assert_str_eq(run("p current_task"), want);
	cr_assert_str_eq(run("p table"),
			 "$18 = {1, 2, 3, 0 <repeats 17 times>}\n");
	cr_assert_str_eq(run("p -7 / 2 + (1 << 4) % 5"), "$19 = -2\n");
	cr_assert_str_eq(run("p 0xffffffff + 1"), "$20 = 0\n");
	cr_assert_str_eq(run("p RED + BLUE"), "$21 = 6\n");
}

Test(debugger, print_struct_whole)
{
	const char *o = run("p *typed_ptr");
	cr_assert(strstr(o, "pid = 2, tgid = 2"), "%s", o);
	cr_assert(strstr(o, "comm = \"kthreadd\\000\\000\\000\\000\\000\\000\\000\""), "%s", o);
	char want[96];
	snprintf(want, sizeof(want), "parent = 0x%x <init_task>", sym("init_task"));
	cr_assert(strstr(o, want), "%s", o);
	cr_assert(strstr(o, "tasks = {next = 0xc01") && strstr(o, " <init_task+"), "%s", o);
	cr_assert(strstr(o, "vruntime = 3000, sum_exec_runtime = 0}"), "%s", o);
	cr_assert(strstr(o, "color = RED"), "%s", o);
}

Test(debugger, errors_are_messages)
{
	cr_assert_str_eq(run("p nosuchthing"), "No symbol \"nosuchthing\" in current context.\n");
	cr_assert_str_eq(run("p init_task.nope"), "There is no member named nope.\n");
	cr_assert_str_eq(run("p 1 +"), "expression expected\n");
	cr_assert_str_eq(run("p 1/0"), "Division by zero\n");
	cr_assert_str_eq(run("p *jiffies"), "Attempt to take contents of a non-pointer value.\n");
	cr_assert_str_eq(run("frobnicate"), "Undefined command: \"frobnicate\".  Try \"help\".\n");
	cr_assert_str_eq(run("p *(int *)0x10000000"), "Cannot access memory at address 0x10000000\n");
	/* A char pointer to memory that cannot be read: gdb's error alone, no "". */
	cr_assert_str_eq(run("p (char *)0x10000000"),
			 "$1 = 0x10000000 <error: Cannot access memory at address 0x10000000>\n");
}

Test(debugger, ptype_and_whatis)
{
	const char *o = run("ptype struct task_struct");
	cr_assert(strstr(o, "type = struct task_struct {\n"), "%s", o);
	cr_assert(strstr(o, "    volatile long state;\n"), "%s", o);
	cr_assert(strstr(o, "    char comm[16];\n"), "%s", o);
	cr_assert(strstr(o, "    struct task_struct *parent;\n"), "%s", o);
	cr_assert(strstr(o, "    unsigned int small : 3;\n"), "%s", o);
	cr_assert(strstr(o, "    void (*fn)(int);\n"), "%s", o);
	cr_assert_str_eq(run("whatis init_task.tasks.next"), "type = struct list_head *\n");
	cr_assert_str_eq(run("whatis typed_ptr"), "type = task_t *\n");
	cr_assert_str_eq(run("ptype init_mm"),
			 "type = struct mm_struct {\n    struct vm_area_struct *mmap;\n"
			 "    unsigned long long *pgd;\n    int map_count;\n}\n");
}

Test(debugger, examine_memory)
{
	char want[256];
	u32 t = sym("table");
	snprintf(want, sizeof(want), "0x%08x <table>:\t0x00000001\t0x00000002\t0x00000003\t0x00000000\n", t);
	cr_assert_str_eq(run("x/4xw &table"), want);
	snprintf(want, sizeof(want), "0x%08x <shorts>:\t-1\t2\t-3\t4\n", sym("shorts"));
	cr_assert_str_eq(run("x/4dh shorts"), want);
	/* xp reads physical: the same bytes 0xC0000000 lower. */
	snprintf(want, sizeof(want), "0x%08x:\t0x00000001\t0x00000002\n", t - 0xc0000000);
	snprintf(outbuf, outlen, "xp/2xw 0x%x", t - 0xc0000000);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "xp/2xw 0x%x", t - 0xc0000000);
	cr_assert_str_eq(run(cmd), want);
	const char *o = run("x/s banner");
	cr_assert(strstr(o, ":\t\"Lucid fixture\"\n"), "%s", o);
}

Test(debugger, disassemble_with_symbols)
{
	const char *o = run("disassemble start_kernel");
	cr_assert(strstr(o, "Dump of assembler code from"), "%s", o);
	cr_assert(strstr(o, "push ebp"), "%s", o);
	cr_assert(strstr(o, "call 0x"), "%s", o);
	cr_assert(strstr(o, " <helper>"), "%s", o);
	cr_assert(strstr(o, "End of assembler dump."), "%s", o);
	/* 16-bit mode decodes the same bytes differently. */
	o = run("disassemble/16 0xc0100000,+3");
	cr_assert(strstr(o, "push bp"), "%s", o);
}

Test(debugger, source_lines)
{
	const char *o = run("list start_kernel");
	cr_assert(strstr(o, "void start_kernel(void)"), "%s", o);
	o = run("info line start_kernel");
	cr_assert(strstr(o, "of \"tests/debugger/fixture.c\" starts at address"), "%s", o);
	cr_assert(strstr(o, "<start_kernel>"), "%s", o);
	o = run("break fixture.c:102");
	cr_assert(strstr(o, "Breakpoint 1 at 0x"), "%s", o);
}

Test(debugger, registers_and_mode)
{
	regs.eip = sym("start_kernel");
	regs.gpr[DBG_EAX] = 3;
	const char *o = run("info registers");
	cr_assert(strstr(o, "eax            0x3 "), "%s", o);
	cr_assert(strstr(o, "<start_kernel>"), "%s", o);
	cr_assert(strstr(o, "cr0            0x80000011          [ PE ET PG ]"), "%s", o);
	cr_assert(strstr(o, "cs             0x10                 base=0x00000000 limit=0xffffffff code R 32-bit DPL0 P G"), "%s", o);
	cr_assert(strstr(o, "mode           32-bit protected, PAE paging"), "%s", o);
	cr_assert_str_eq(run("p $eax * 2"), "$1 = 6\n");
	run("set $eax = 0x1234");
	cr_assert_eq(regs.gpr[DBG_EAX], 0x1234);
	cr_assert_str_eq(run("p/x $ax"), "$2 = 0x1234\n");
	cr_assert_str_eq(run("p/x $ah"), "$3 = 0x12\n");
}

Test(debugger, writes_go_to_memory)
{
	run("set var jiffies = 99");
	cr_assert_str_eq(run("p jiffies"), "$1 = 99\n");
	run("set var init_task.medium = 3");
	cr_assert_str_eq(run("p init_task.medium"), "$2 = 3\n");
	cr_assert_str_eq(run("p init_task.small"), "$3 = 5\n");
}

Test(debugger, kernel_views_on_fixture)
{
	const char *o = run("ps");
	cr_assert(strstr(o, "    0     0     0  R  NORMAL  120    0         1000            0"), "%s", o);
	cr_assert(strstr(o, "[swapper]"), "%s", o);
	cr_assert(strstr(o, ">    1     0     1  R "), "%s", o);
	cr_assert(strstr(o, "  init\n"), "%s", o);
	cr_assert(strstr(o, "[kthreadd]"), "%s", o);
	cr_assert(strstr(o, "3 tasks"), "%s", o);
	o = run("dmesg");
	cr_assert_str_eq(o, "<6>Hello\n<4>World\n");
	o = run("jiffies");
	cr_assert(strstr(o, "jiffies = 12345 (42345 ticks since boot: 423.450 s at HZ=100)\nvirtual time = 1.234567890 s (icount 123456789)"), "%s", o);
	o = run("vtop 0xc0100123");
	cr_assert(strstr(o, "PGD   [  3] at phys 0x000001018"), "%s", o);
	cr_assert(strstr(o, "PMD   [  0] at phys 0x000002000: 0x0000000000000183  P RW S PS G"), "%s", o);
	cr_assert(strstr(o, "PHYSICAL 0x000100123"), "%s", o);
	o = run("vtop 0x40000000");
	cr_assert(strstr(o, "not mapped (PDPTE not present)"), "%s", o);
	/* Task 1's mm->pgd is NULL in the fixture: the view says so. */
	o = run("vtop 0xc0100000 1");
	cr_assert(strstr(o, "not mapped"), "%s", o);
	o = run("pagetable");
	cr_assert(strstr(o, "0x00000000-0x007fffff  0x000000000-0x0007fffff     8192K  P RW S PS"), "%s", o);
	cr_assert(strstr(o, "0xc0000000-0xc07fffff  0x000000000-0x0007fffff     8192K  P RW S PS G"), "%s", o);
}

Test(debugger, kernel_views_scheduler_memory_irq)
{
	const char *o = run("runq");
	cr_assert(strstr(o, "nr_running 2"), "%s", o);
	cr_assert(strstr(o, "CFS: min_vruntime 2000, in vruntime order:"), "%s", o);
	const char *a = strstr(o, "  init\n"), *b = strstr(o, "[kthreadd]");
	cr_assert(a && b && a < b, "%s", o);
	cr_assert(strstr(o, "RT:\n  (empty)"), "%s", o);
	o = run("buddyinfo");
	cr_assert(strstr(o, "Node 0, zone      DMA      1      2      0      3      0"), "%s", o);
	cr_assert(strstr(o, "Node 0, zone   Normal      5      0"), "%s", o);
	o = run("meminfo");
	/* free pages: 1 + 2*2 + 3*8 + 5 + 2*1024 = 2082 -> 8328 kB */
	cr_assert(strstr(o, "MemTotal:     64512 kB\nMemFree:       8328 kB"), "%s", o);
	o = run("slabinfo");
	cr_assert(strstr(o, "kmalloc-32                   40          0        32          128               1 : slabdata           0"), "%s", o);
	cr_assert(strstr(o, "task_struct                   3          0      1600            2"), "%s", o);
	o = run("irq");
	cr_assert(strstr(o, "  0         250  handle_level_irq     timer"), "%s", o);
	cr_assert(strstr(o, "  4           7  handle_level_irq     serial"), "%s", o);
	cr_assert(!strstr(o, "  1  "), "%s", o);
	o = run("vma 1");
	cr_assert(strstr(o, "0x08048000 0x08050000 r-xp"), "%s", o);
	cr_assert(strstr(o, "0x08050000 0x08060000 rw-p"), "%s", o);
	o = run("vma 2");
	cr_assert(strstr(o, "kernel thread (no mm)"), "%s", o);
	o = run("current");
	cr_assert(strstr(o, "current = (struct task_struct *) 0x"), "%s", o);
	cr_assert(strstr(o, "  init\n"), "%s", o);
}

Test(debugger, breakpoints_and_hooks)
{
	u32 sk = sym("start_kernel");
	cr_assert_eq(dbg_wants(d), 0);
	/* "break FUNC" goes past the prologue like gdb; "*FUNC" is the entry. */
	const char *o = run("break start_kernel");
	cr_assert(strstr(o, "Breakpoint 1 at 0xc01") && strstr(o, " <start_kernel+"), "%s", o);
	run("delete");
	d_reset_ids();
	o = run("break *start_kernel");
	char want[128];
	snprintf(want, sizeof(want), "Breakpoint 1 at 0x%x <start_kernel>\n", sk);
	cr_assert_str_eq(o, want);
	cr_assert_eq(dbg_wants(d), DBG_WANT_EXEC);
	u32 lin[4];
	int nl, np;
	dbg_exec_addrs(d, lin, &nl, NULL, &np, 4);
	cr_assert_eq(nl, 1);
	cr_assert_eq(lin[0], sk);
	cr_assert(dbg_check_exec(d, sk, sk - 0xc0000000));
	cr_assert(!dbg_check_exec(d, sk + 1, 0));
	/* Conditions see registers. */
	run("condition 1 $eax == 3");
	regs.gpr[DBG_EAX] = 2;
	cr_assert(!dbg_check_exec(d, sk, 0));
	regs.gpr[DBG_EAX] = 3;
	cr_assert(dbg_check_exec(d, sk, 0));
	/* Ignore counts. */
	run("ignore 1 2");
	cr_assert(!dbg_check_exec(d, sk, 0));
	cr_assert(!dbg_check_exec(d, sk, 0));
	cr_assert(dbg_check_exec(d, sk, 0));
	o = run("info breakpoints");
	cr_assert(strstr(o, "breakpoint already hit 5 times"), "%s", o);
	cr_assert(strstr(o, "stop only if $eax == 3"), "%s", o);
	/* Temporary: gone after one hit. */
	run("delete");
	run("tbreak *0xc0100000");
	cr_assert(dbg_check_exec(d, 0xc0100000, 0));
	cr_assert_eq(dbg_wants(d), 0);
	cr_assert_str_eq(run("info breakpoints"), "No breakpoints or watchpoints.\n");
	/* Physical. */
	run("break phys 0x7c00");
	cr_assert(dbg_check_exec(d, 0x12345, 0x7c00));
}

Test(debugger, watchpoints_io_and_catches)
{
	run("watch jiffies");
	cr_assert_eq(dbg_wants(d), DBG_WANT_MEM);
	u32 j = sym("jiffies");
	cr_assert(!dbg_check_mem(d, j + 8, 0, 4, true, 1));	/* outside */
	cr_assert(!dbg_check_mem(d, j, 0, 4, false, 0));	/* a read */
	cr_assert(dbg_check_mem(d, j, 0, 4, true, 12346));
	regs.eip = sym("start_kernel");
	fflush(out);
	rewind(out);
	dbg_report_stop(d, DBG_STOP_WATCH);
	fputc(0, out);
	fflush(out);
	cr_assert(strstr(outbuf, "Hardware watchpoint 1: jiffies\n\nOld value = 12345\nNew value = 12346"),
		  "%s", outbuf);
	run("delete");
	run("rwatch phys 0x1000 len 8");
	cr_assert(dbg_check_mem(d, 0xdead, 0x1004, 2, false, 0));
	cr_assert(!dbg_check_mem(d, 0xdead, 0x1004, 2, true, 0));
	run("delete");
	run("iowatch 0x3f8 8 w");
	cr_assert_eq(dbg_wants(d), DBG_WANT_IO);
	cr_assert(!dbg_check_io(d, 0x3f8, 1, false, 0));
	cr_assert(dbg_check_io(d, 0x3fd, 1, true, 0x41));
	cr_assert(!dbg_check_io(d, 0x400, 1, true, 0x41));
	run("delete");
	run("catch exception 14");
	run("catch mode");
	run("catch icount 5000");
	cr_assert_eq(dbg_wants(d), DBG_WANT_EVENT | DBG_WANT_ICOUNT);
	cr_assert(!dbg_check_event(d, DBG_EV_EXCEPTION, 13, 0));
	cr_assert(dbg_check_event(d, DBG_EV_EXCEPTION, 14, 2));
	cr_assert(!dbg_check_event(d, DBG_EV_MODE, 0x11, 0x11));
	cr_assert(dbg_check_event(d, DBG_EV_MODE, 0x11, 0x80000011));
	cr_assert_eq(dbg_icount_stop(d), 5000);
	cr_assert(dbg_check_icount(d, 5000));
	cr_assert_eq(dbg_icount_stop(d), UINT64_MAX);
}

Test(debugger, kcore_opens_in_real_gdb)
{
	char core[] = "/tmp/lucid-kcore-XXXXXX";
	int fd = mkstemp(core);
	cr_assert(fd >= 0);
	close(fd);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "kcore %s", core);
	const char *o = run(cmd);
	cr_assert(strstr(o, "kcore: wrote"), "%s", o);
	snprintf(cmd, sizeof(cmd),
		 "gdb -batch -nx -ex 'p jiffies' -ex 'p init_task.comm' -ex 'p current_task->pid' "
		 "%s %s 2>&1", FIXTURE, core);
	FILE *p = popen(cmd, "r");
	cr_assert(p);
	char res[4096];
	size_t n = fread(res, 1, sizeof(res) - 1, p);
	res[n] = 0;
	pclose(p);
	unlink(core);
	cr_assert(strstr(res, "$1 = 12345\n"), "%s", res);
	cr_assert(strstr(res, "$2 = \"swapper\\000\\000\\000\\000\\000\\000\\000\\000\"\n"), "%s", res);
	cr_assert(strstr(res, "$3 = 1\n"), "%s", res);
}

Test(debugger, batch_script_echoes)
{
	char path[] = "/tmp/lucid-script-XXXXXX";
	int fd = mkstemp(path);
	const char *s = "# comment\np jiffies\n\nprint/x 255\nquit\np 1\n";
	cr_assert(write(fd, s, strlen(s)) == (ssize_t)strlen(s));
	close(fd);
	fflush(out);
	rewind(out);
	cr_assert_eq(dbg_run_script(d, path), 0);
	fputc(0, out);
	fflush(out);
	unlink(path);
	cr_assert_str_eq(outbuf, "(lucid) p jiffies\n$1 = 12345\n(lucid) print/x 255\n$2 = 0xff\n(lucid) quit\n");
}

#include "debugger/core/dbg_int.h"

/* Read watchpoints on the live machine rely on the operands Capstone finds:
 * helper() reads jiffies with an absolute memory operand. */
Test(debugger, memory_operands_of_an_instruction)
{
	u32 j = sym("jiffies"), a = sym("helper");
	char text[128], want[32];
	snprintf(want, sizeof(want), "[0x%x]", j);
	bool found = false;
	for (int i = 0; i < 20 && !found; i++) {
		int n = dbg_disasm_one(d, a, 32, text, sizeof(text));
		cr_assert(n > 0);
		if (strstr(text, want)) {
			found = true;
			break;
		}
		a += n;
	}
	cr_assert(found, "no instruction reads jiffies in helper()");
	regs.eip = a;
	regs.seg[DBG_DS].base = 0;
	struct dbg_memop ops[4];
	int n = dbg_mem_operands(d, &regs, ops, 4);
	cr_assert_eq(n, 1);
	cr_assert_eq(ops[0].lin, j);
	cr_assert_eq(ops[0].size, 4);
	cr_assert(ops[0].read && !ops[0].write);
	/* A segment base moves the linear address. */
	regs.seg[DBG_DS].base = 0x100;
	cr_assert_eq(dbg_mem_operands(d, &regs, ops, 4), 1);
	cr_assert_eq(ops[0].lin, j + 0x100);
}

Test(debugger, find_scans_memory)
{
	char cmd[96], want[64];
	u32 j = sym("jiffies");
	snprintf(cmd, sizeof(cmd), "find/w 0xc0100000, +0x1000, 12345");
	const char *o = run(cmd);
	snprintf(want, sizeof(want), "0x%x <jiffies>\n", j);
	cr_assert(strstr(o, want), "%s", o);
	/* Physical: the same bytes at the frame vtop names. */
	o = run("find/g phys 0, +0x800000, 12345");
	snprintf(want, sizeof(want), "0x%x\n", sym("jiffies_64") - 0xc0000000);
	cr_assert(strstr(o, want), "%s", o);
	cr_assert_str_eq(run("find/w 0xc0100000, +0x100, 0x7777777"), "Pattern not found.\n");
}

/* Random command lines: every command with junk arguments must answer
 * with text, never crash or hang (the fake target stops at once). */
Test(debugger, random_command_lines_never_crash, .timeout = 60)
{
	static const char *const words[] = {
		"p", "print/x", "x/4xw", "xp/2b", "x/s", "x/3i", "ptype", "whatis", "list", "info",
		"info registers", "info gdt", "info idt", "info ldt", "info tss", "info symbol",
		"info line", "info breakpoints", "break", "tbreak", "watch", "rwatch", "awatch",
		"iowatch", "catch", "delete", "disable", "enable", "condition", "ignore", "bt",
		"disassemble", "set var", "find", "vtop", "pagetable", "ps", "runq", "dmesg",
		"slabinfo", "buddyinfo", "meminfo", "irq", "vma", "current", "jiffies", "echo",
		"help", "stepi 1 ==", "nexti 2 ==" , "output", "until", "finish", "continue 10",
	};
	static const char *const args[] = {
		"", "0", "-1", "0xffffffff", "jiffies", "*current_task", "init_task.comm[99999]",
		"((struct task_struct *)0)->pid", "(char)", "1/0", "$eax", "$nosuch", "&&", "[", "]",
		"\"str", "'x", "table[", "*0", "0x7c00,", ",,,", "phys", "phys 0x1000 len 9999999",
		"exception", "interrupt 999", "icount", "1 2 3", "start_kernel", "fixture.c:0",
		"fixture.c:99999", "*start_kernel", "if", "if 1 ==", "sizeof(struct nosuch)",
		"(struct task_struct)jiffies", "-5 % 0", "~~~~~~~~~1", "a.b.c->d",
	};
	u32 seed = 42;
	char line[256];
	for (int i = 0; i < 3000; i++) {
		seed = seed * 1103515245 + 12345;
		const char *w = words[(seed >> 8) % ARRAY_SIZE(words)];
		seed = seed * 1103515245 + 12345;
		const char *a = args[(seed >> 8) % ARRAY_SIZE(args)];
		snprintf(line, sizeof(line), "%s %s", w, a);
		if (getenv("DBG_FUZZ_TRACE"))
			fprintf(stderr, "%d: %s\n", i, line);
		run(line);
		cr_assert(outlen < (1u << 24));
	}
	/* Still a working session afterwards. */
	run("delete");
	cr_assert_str_eq(run("output 6*7"), "42");
}
