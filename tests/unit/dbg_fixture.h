/*
 * A fake machine for the debugger's tests: 8 MiB of RAM holding
 * build/tests/debugger/fixture.elf at its physical addresses, with PAE page
 * tables mapping the kernel half the way the guest kernel does, and a
 * register file the tests set directly. Included by the debugger and gdb
 * stub tests.
 */
#ifndef LUCID_TEST_DBG_FIXTURE_H
#define LUCID_TEST_DBG_FIXTURE_H

#include <criterion/criterion.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/dbg.h"

#define FIXTURE "build/tests/debugger/fixture.elf"
#define MEM_SIZE (8u << 20)
#define PDPT 0x1000u
#define PMD_KERNEL 0x2000u
#define PMD_LOW 0x3000u

static u8 *mem;
static struct dbg_regs regs;
static struct dbg *d;
static char *outbuf;
static size_t outlen;
static FILE *out;

static int fake_read(void *o, u64 pa, void *buf, u32 len)
{
	if (pa + len > MEM_SIZE)
		return -1;
	memcpy(buf, mem + pa, len);
	return 0;
}

static int fake_write(void *o, u64 pa, const void *buf, u32 len)
{
	if (pa + len > MEM_SIZE)
		return -1;
	memcpy(mem + pa, buf, len);
	return 0;
}

static void fake_regs(void *o, struct dbg_regs *r) { *r = regs; }

static int fake_set_reg(void *o, enum dbg_regno reg, u32 val)
{
	if (reg <= DBG_R_EDI)
		regs.gpr[reg] = val;
	else if (reg == DBG_R_EIP)
		regs.eip = val;
	else
		return -1;
	return 0;
}

/* "Running": stop at the first exec breakpoint as if execution reached it,
 * or use up the instructions to the limit. Enough for protocol tests. */
static enum dbg_stop_reason fake_run(void *o, u64 limit)
{
	u32 lin[4];
	int nl, np;
	dbg_exec_addrs(d, lin, &nl, NULL, &np, 4);
	if (nl) {
		regs.eip = lin[0];
		regs.icount += 1000;
		if (dbg_check_exec(d, lin[0], lin[0] - 0xc0000000))
			return DBG_STOP_BREAK;
	}
	regs.icount = limit;
	return DBG_STOP_LIMIT;
}

static enum dbg_stop_reason fake_step(void *o)
{
	regs.eip++;
	regs.icount++;
	return DBG_STOP_STEP;
}

static struct dbg_target target = {
	.run = fake_run,
	.step = fake_step,
	.name = "fake",
	.read_phys = fake_read,
	.write_phys = fake_write,
	.get_regs = fake_regs,
	.set_reg = fake_set_reg,
	.ips = 100000000,
	.ram_size = MEM_SIZE,
};

/* Copy the fixture's PT_LOAD segments to their physical addresses. */
static void load_fixture(void)
{
	int fd = open(FIXTURE, O_RDONLY);
	cr_assert(fd >= 0, "missing %s (make builds it)", FIXTURE);
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	size_t n;
	cr_assert(e && elf_getphdrnum(e, &n) == 0);
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		gelf_getphdr(e, (int)i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		cr_assert(ph.p_paddr + ph.p_memsz <= MEM_SIZE);
		cr_assert(pread(fd, mem + ph.p_paddr, ph.p_filesz, ph.p_offset) == (ssize_t)ph.p_filesz);
	}
	elf_end(e);
	close(fd);
}

static void setup(void)
{
	mem = calloc(1, MEM_SIZE);
	load_fixture();
	/* PAE: PDPT[0] -> low identity PMD, PDPT[3] -> kernel PMD; 2 MiB pages
	 * for the first 8 MiB in both. */
	st64(mem + PDPT + 0 * 8, PMD_LOW | 1);
	st64(mem + PDPT + 3 * 8, PMD_KERNEL | 1);
	for (int i = 0; i < 4; i++) {
		st64(mem + PMD_LOW + i * 8, ((u64)i << 21) | 0x83);
		st64(mem + PMD_KERNEL + i * 8, ((u64)i << 21) | 0x183);
	}
	memset(&regs, 0, sizeof(regs));
	regs.cr0 = 0x80000011;
	regs.cr3 = PDPT;
	regs.cr4 = 0x20;
	regs.seg[DBG_CS].sel = 0x10;
	regs.seg[DBG_CS].limit = 0xffffffff;
	regs.seg[DBG_CS].attr = 0xc09b;
	regs.gpr[DBG_ESP] = 0xc0300000;
	regs.icount = 123456789;
	d = dbg_create(&target);
	cr_assert(d);
	out = open_memstream(&outbuf, &outlen);
	dbg_set_output(d, out);
	cr_assert_eq(dbg_load_symbols(d, FIXTURE), 0);
	fflush(out);
	rewind(out);
	outbuf[0] = 0;
}

static void teardown(void)
{
	dbg_destroy(d);
	fclose(out);
	free(outbuf);
	free(mem);
}

/* Run one command; returns its output (valid until the next run). */
__attribute__((unused)) static const char *run(const char *cmd)
{
	fflush(out);
	rewind(out);
	dbg_command(d, cmd);
	fputc(0, out);
	fflush(out);
	return outbuf;
}

__attribute__((unused)) static u32 sym(const char *name)
{
	const struct dbg_sym *s = sym_lookup_name(dbg_symtab(d), name);
	cr_assert(s, "no symbol %s", name);
	return s->addr;
}

#endif
