/* The fake debugger target of fake_target.h. */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests/fuzz/fake_target.h"

#define PDPT 0x1000u
#define PMD_KERNEL 0x2000u
#define PMD_LOW 0x3000u

static u8 *mem, *mem0;		/* current, and as set up */
static struct dbg_regs regs, regs0;
static struct dbg *d;
static bool written;		/* mem differs from mem0 */

static int fake_read(void *o, u64 pa, void *buf, u32 len)
{
	if (pa > FAKE_MEM_SIZE || len > FAKE_MEM_SIZE - pa)
		return -1;
	memcpy(buf, mem + pa, len);
	return 0;
}

static int fake_write(void *o, u64 pa, const void *buf, u32 len)
{
	if (pa > FAKE_MEM_SIZE || len > FAKE_MEM_SIZE - pa)
		return -1;
	memcpy(mem + pa, buf, len);
	written = true;
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

/* "Running": stop at the first exec breakpoint as if execution reached it
 * by a return (ESP goes up by 4, so "finish" sees its frame gone, as on a
 * machine), or use up the instructions to the limit. */
static enum dbg_stop_reason fake_run(void *o, u64 limit)
{
	u32 lin[4];
	int nl, np;
	dbg_exec_addrs(d, lin, &nl, NULL, &np, 4);
	if (nl) {
		regs.eip = lin[0];
		regs.gpr[DBG_ESP] += 4;
		regs.icount += 1000;
		if (dbg_check_exec(d, lin[0], lin[0] - 0xc0000000))
			return DBG_STOP_BREAK;
	}
	regs.icount = limit > regs.icount ? limit : regs.icount + 1;
	return DBG_STOP_LIMIT;
}

/* Steps left in this input: "stepi 3000000000" is a real command that
 * takes as long on a machine; here it ends as if the user pressed Ctrl-C. */
static u32 steps_left;
#define FAKE_STEPS 20000

static enum dbg_stop_reason fake_step(void *o)
{
	if (!steps_left)
		return DBG_STOP_USER;
	steps_left--;
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
	.ram_size = FAKE_MEM_SIZE,
};

static void load_fixture(void)
{
	int fd = open(FAKE_FIXTURE, O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "fuzz: missing %s (make builds it)\n", FAKE_FIXTURE);
		exit(2);
	}
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	size_t n;
	if (!e || elf_getphdrnum(e, &n)) {
		fprintf(stderr, "fuzz: %s is not an ELF file\n", FAKE_FIXTURE);
		exit(2);
	}
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph) || ph.p_type != PT_LOAD ||
		    ph.p_paddr + ph.p_memsz > FAKE_MEM_SIZE)
			continue;
		if (pread(fd, mem + ph.p_paddr, ph.p_filesz, ph.p_offset) != (ssize_t)ph.p_filesz)
			exit(2);
	}
	elf_end(e);
	close(fd);
}

struct dbg *fake_setup(void)
{
	mem = calloc(1, FAKE_MEM_SIZE);
	mem0 = malloc(FAKE_MEM_SIZE);
	if (!mem || !mem0)
		exit(2);
	load_fixture();
	st64(mem + PDPT + 0 * 8, PMD_LOW | 1);
	st64(mem + PDPT + 3 * 8, PMD_KERNEL | 1);
	for (int i = 0; i < 4; i++) {
		st64(mem + PMD_LOW + i * 8, ((u64)i << 21) | 0x83);
		st64(mem + PMD_KERNEL + i * 8, ((u64)i << 21) | 0x183);
	}
	regs.cr0 = 0x80000011;
	regs.cr3 = PDPT;
	regs.cr4 = 0x20;
	regs.seg[DBG_CS].sel = 0x10;
	regs.seg[DBG_CS].limit = 0xffffffff;
	regs.seg[DBG_CS].attr = 0xc09b;
	regs.gpr[DBG_ESP] = 0xc0300000;
	regs.icount = 123456789;
	memcpy(mem0, mem, FAKE_MEM_SIZE);
	regs0 = regs;
	d = dbg_create(&target);
	FILE *null = fopen("/dev/null", "w");
	if (!d || !null)
		exit(2);
	dbg_set_output(d, null);
	if (dbg_load_symbols(d, FAKE_FIXTURE))
		exit(2);
	return d;
}

void fake_reset(void)
{
	if (written)
		memcpy(mem, mem0, FAKE_MEM_SIZE);
	written = false;
	regs = regs0;
	steps_left = FAKE_STEPS;
}
