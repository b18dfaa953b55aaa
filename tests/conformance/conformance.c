/*
 * CPU conformance runner: replays the SingleStepTests 80286 real-mode
 * captures (../shared/conformance/80286-real, format in its README) against
 * Lucid's CPU in -cpu 386 real mode with 16 MiB of flat RAM and A20 on.
 *
 *   conformance [-v] [-x EXCLUDES] DIR [FILE...]
 *
 * For each test: load the initial registers and RAM bytes, run until the
 * HLT that follows the instruction has executed, then compare registers
 * (FLAGS masked by metadata.json's flags-mask and the top four bits, which
 * a 286 cannot set in real mode) and memory: listed bytes must hold their
 * final values and every other byte must be untouched. Untouched memory is
 * checked through the bus's code-page hook: every RAM page starts marked as
 * holding code, so the first CPU write to any page is reported and the
 * page is then compared whole.
 *
 * Tests in the revocation list are skipped; the exclusion file lists real
 * 286-vs-386 differences (one line each: FILE INDEX|* reason).
 * Prints passed/failed per file, then "conformance: N passed, N failed".
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/cpu/cpu_internal.h"
#include "tests/conformance/json.h"

#define RAM_SIZE (16u << 20)
#define MAX_RAM_ENTRIES 4096

struct state {
	u16 regs[14];		/* ax bx cx dx cs ss ds es sp bp si di ip flags */
	u16 mask;		/* which regs are listed */
	u32 nram;
	u32 addr[MAX_RAM_ENTRIES];
	u8 val[MAX_RAM_ENTRIES];
};

struct test {
	u32 index;
	char name[128];
	u8 bytes[32];
	u32 nbytes;
	struct state init, fina;
	bool has_exc;
	u8 exc_vector;
	u32 exc_flags_addr;
	char hash[41];
};

enum { RG_AX, RG_BX, RG_CX, RG_DX, RG_CS, RG_SS, RG_DS, RG_ES, RG_SP, RG_BP, RG_SI, RG_DI,
       RG_IP, RG_FLAGS };
static const char *reg_names[14] = { "ax", "bx", "cx", "dx", "cs", "ss", "ds", "es",
				     "sp", "bp", "si", "di", "ip", "flags" };
static const int gpr_of[14] = { R_EAX, R_EBX, R_ECX, R_EDX, -1, -1, -1, -1,
				R_ESP, R_EBP, R_ESI, R_EDI, -1, -1 };

static struct bus bus;
static struct clock clk;
static struct cpu *cpu;
static u8 *dirty;		/* pages written during the current test */
static u32 dirty_list[4096];
static int n_dirty;
static bool verbose;
static int first_exc;		/* exception raised by the instruction, or 0xFF */

/* What a failed test got wrong (run_test's result). */
#define FAIL_REG(k) (1u << (k))	/* register k (RG_*) */
#define FAIL_UPPER (1u << 14)	/* upper halves of 32-bit registers */
#define FAIL_MEM (1u << 15)
#define FAIL_NOHLT (1u << 16)

/* ---- exclusions and revocations ---- */

struct excl {
	char file[16];
	long index;		/* -1: the whole file */
};
static struct excl *excls;
static int n_excls;
/*
 * Rules: differences of a whole kind, each checked against what the CPU
 * actually did, so a rule can only excuse the failure it names:
 *   lock-ud     the 386 raises #UD for LOCK on an instruction that cannot be
 *               locked (the 286 ignores the prefix): the test fails, the CPU's
 *               last exception was #UD, and the same bytes without F0 decode
 *               to a defined instruction.
 *   ss-overrun  a real-mode access past the SS limit: the 286 raises #GP (13),
 *               the 386 #SS (12): the test expects vector 13 and the CPU's
 *               last exception was #SS.
 *   insn-length the 286 limits instructions to 10 bytes (#GP beyond), the 386
 *               to 15: the test expects #GP, the instruction (without the HLT)
 *               is 11-15 bytes long and the CPU raised no exception.
 *   string-overrun  a word string instruction faulting on a segment overrun:
 *               the 286 has already stepped SI/DI (and CX under REP) when it
 *               faults, the 386 leaves them for the restart: the test expects
 *               #GP or #SS, the CPU raised #GP or #SS, and only SI, DI, CX
 *               differ.
 *   no-fs-gs    MOV to/from segment registers 4 and 5 (FS, GS): #UD on the
 *               286, defined on the 386: the test expects #UD, the opcode is
 *               8C/8E with ModRM.reg 4 or 5, and the CPU raised no exception.
 *   pop-rm-fault  POP r/m16 whose write faults (offset 0xFFFF): the 286 has
 *               already added 2 to SP, the 386 restarts with SP unchanged
 *               (op_pop_rm): the test expects #GP or #SS, the opcode is 8F,
 *               the CPU raised #GP or #SS, only SP and memory (the exception
 *               frame, 2 bytes lower) differ, and the expected SP is the
 *               CPU's plus 2.
 *   aam0-flags  AAM 0: the 286 sets SF=0 ZF=0 PF=1 before its #DE, Lucid
 *               leaves the flags (op_aam): the test expects #DE, the bytes
 *               are D4 00, the CPU raised #DE, and only FLAGS and memory
 *               (the FLAGS image pushed) differ.
 *   idiv8-range IDIV r/m8 with a quotient outside -128..127 that the 286
 *               completes without #DE (a quotient of -260 gives AX=C180),
 *               where Lucid raises #DE as the SDM says (op_idiv): the test
 *               expects no exception, the opcode is F6 /7, the CPU raised
 *               #DE, and the quotient of the initial AX by the operand is
 *               indeed out of range.
 */
static bool rule_lock_ud, rule_ss_overrun, rule_insn_length, rule_string_overrun, rule_no_fs_gs,
	rule_pop_rm_fault, rule_aam0_flags, rule_idiv8_range;
static long n_rule_lock_ud, n_rule_ss_overrun, n_rule_insn_length, n_rule_string_overrun,
	n_rule_no_fs_gs, n_rule_pop_rm_fault, n_rule_aam0_flags, n_rule_idiv8_range;
static char (*revoked)[41];
static int n_revoked;

static void load_revocations(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/revocation_list.txt", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		char *p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '#' || strlen(p) < 40)
			continue;
		revoked = realloc(revoked, (n_revoked + 1) * sizeof(*revoked));
		for (int k = 0; k < 40; k++)
			revoked[n_revoked][k] = tolower((unsigned char)p[k]);
		revoked[n_revoked][40] = 0;
		n_revoked++;
	}
	fclose(f);
}

static int load_exclusions(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "conformance: cannot open exclusion file %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		char file[16], idx[32];
		if (line[0] == '#' || sscanf(line, "%15s %31s", file, idx) != 2)
			continue;
		if (!strcmp(file, "rule")) {
			if (!strcmp(idx, "lock-ud"))
				rule_lock_ud = true;
			else if (!strcmp(idx, "ss-overrun"))
				rule_ss_overrun = true;
			else if (!strcmp(idx, "insn-length"))
				rule_insn_length = true;
			else if (!strcmp(idx, "string-overrun"))
				rule_string_overrun = true;
			else if (!strcmp(idx, "no-fs-gs"))
				rule_no_fs_gs = true;
			else if (!strcmp(idx, "pop-rm-fault"))
				rule_pop_rm_fault = true;
			else if (!strcmp(idx, "aam0-flags"))
				rule_aam0_flags = true;
			else if (!strcmp(idx, "idiv8-range"))
				rule_idiv8_range = true;
			else
				fprintf(stderr, "conformance: unknown rule %s\n", idx);
			continue;
		}
		excls = realloc(excls, (n_excls + 1) * sizeof(*excls));
		strcpy(excls[n_excls].file, file);
		excls[n_excls].index = strcmp(idx, "*") ? strtol(idx, NULL, 10) : -1;
		n_excls++;
	}
	fclose(f);
	return 0;
}

static bool is_excluded(const char *file, u32 index)
{
	for (int k = 0; k < n_excls; k++)
		if (!strcmp(excls[k].file, file) &&
		    (excls[k].index < 0 || excls[k].index == (long)index))
			return true;
	return false;
}

static bool is_revoked(const char *hash)
{
	for (int k = 0; k < n_revoked; k++)
		if (!strcmp(revoked[k], hash))
			return true;
	return false;
}

/* ---- MOO parsing ---- */

struct rd {
	const u8 *p;
	size_t len, pos;
	bool bad;
};

static u32 rd32(struct rd *r)
{
	if (r->pos + 4 > r->len) {
		r->bad = true;
		r->pos = r->len;
		return 0;
	}
	u32 v = ld32(r->p + r->pos);
	r->pos += 4;
	return v;
}

static u16 rd16(struct rd *r)
{
	if (r->pos + 2 > r->len) {
		r->bad = true;
		r->pos = r->len;
		return 0;
	}
	u16 v = ld16(r->p + r->pos);
	r->pos += 2;
	return v;
}

static u8 rd8(struct rd *r)
{
	if (r->pos + 1 > r->len) {
		r->bad = true;
		return 0;
	}
	return r->p[r->pos++];
}

/* Parse a state (INIT/FINA) body. */
static void parse_state(struct rd *r, struct state *s)
{
	memset(s, 0, offsetof(struct state, addr));
	while (r->pos + 8 <= r->len && !r->bad) {
		char tag[5] = { 0 };
		memcpy(tag, r->p + r->pos, 4);
		r->pos += 4;
		u32 len = rd32(r);
		size_t end = r->pos + len;
		if (end > r->len) {
			r->bad = true;
			return;
		}
		struct rd sub = { r->p + r->pos, len, 0, false };
		if (!strcmp(tag, "REGS")) {
			u16 mask = rd16(&sub);
			s->mask = mask;
			for (int k = 0; k < 14; k++)
				if (mask & (1u << k))
					s->regs[k] = rd16(&sub);
		} else if (!strcmp(tag, "RAM ")) {
			u32 n = rd32(&sub);
			if (n > MAX_RAM_ENTRIES) {
				r->bad = true;
				return;
			}
			s->nram = n;
			for (u32 k = 0; k < n; k++) {
				s->addr[k] = rd32(&sub);
				s->val[k] = rd8(&sub);
			}
		}
		if (sub.bad)
			r->bad = true;
		r->pos = end;
	}
}

static bool parse_test(struct rd *r, struct test *t)
{
	memset(t->name, 0, sizeof(t->name));
	t->nbytes = 0;
	t->has_exc = false;
	t->hash[0] = 0;
	t->init.nram = t->fina.nram = 0;
	t->init.mask = t->fina.mask = 0;
	t->index = rd32(r);
	while (r->pos + 8 <= r->len && !r->bad) {
		char tag[5] = { 0 };
		memcpy(tag, r->p + r->pos, 4);
		r->pos += 4;
		u32 len = rd32(r);
		size_t end = r->pos + len;
		if (end > r->len)
			return false;
		struct rd sub = { r->p + r->pos, len, 0, false };
		if (!strcmp(tag, "NAME")) {
			u32 n = rd32(&sub);
			if (n > sizeof(t->name) - 1)
				n = sizeof(t->name) - 1;
			if (sub.pos + n <= sub.len)
				memcpy(t->name, sub.p + sub.pos, n);
		} else if (!strcmp(tag, "BYTS")) {
			u32 n = rd32(&sub);
			t->nbytes = n < sizeof(t->bytes) ? n : sizeof(t->bytes);
			for (u32 k = 0; k < t->nbytes; k++)
				t->bytes[k] = rd8(&sub);
		} else if (!strcmp(tag, "INIT")) {
			parse_state(&sub, &t->init);
		} else if (!strcmp(tag, "FINA")) {
			parse_state(&sub, &t->fina);
		} else if (!strcmp(tag, "EXCP")) {
			t->has_exc = true;
			t->exc_vector = rd8(&sub);
			t->exc_flags_addr = rd32(&sub);
		} else if (!strcmp(tag, "HASH")) {
			for (int k = 0; k < 20 && sub.pos < sub.len; k++)
				sprintf(t->hash + 2 * k, "%02x", rd8(&sub));
		}
		if (sub.bad)
			return false;
		r->pos = end;
	}
	return !r->bad;
}

/* ---- the machine ---- */

static void record_write(void *opaque, u32 paddr, int size)
{
	for (int k = 0; k < size; k++) {
		u32 pfn = (paddr + k) >> PAGE_SHIFT;
		if (pfn < RAM_SIZE >> PAGE_SHIFT && !dirty[pfn]) {
			dirty[pfn] = 1;
			dirty_list[n_dirty++] = pfn;
		}
	}
	cpu_code_write(opaque, paddr, size);
}

static void mark_all_code(void)
{
	memset(bus.code_bitmap, 0xFF, (RAM_SIZE >> PAGE_SHIFT) / 8);
}

static int setup_machine(void)
{
	if (bus_init(&bus, RAM_SIZE))
		return -1;
	bus.flat_ram = true;
	clock_init(&clk, 0);
	cpu = cpu_create(&bus, &clk, CPU_386);
	if (!cpu)
		return -1;
	cpu_set_fpu(cpu, false);	/* the captures come from a 286 without an 80287 */
	bus.code_write = record_write;	/* wraps the CPU's hook */
	dirty = calloc(RAM_SIZE >> PAGE_SHIFT, 1);
	return dirty ? 0 : -1;
}

static u8 expected_byte(const struct test *t, u32 addr, bool *listed)
{
	for (u32 k = 0; k < t->fina.nram; k++)
		if (t->fina.addr[k] == addr) {
			*listed = true;
			return t->fina.val[k];
		}
	for (u32 k = 0; k < t->init.nram; k++)
		if (t->init.addr[k] == addr) {
			*listed = true;
			return t->init.val[k];
		}
	*listed = false;
	return 0;
}

/*
 * Byte mask for memory compares: the FLAGS image pushed by an exception.
 * The capture records the bus address of that push, which is word-aligned:
 * with an odd SP the image really starts one byte higher, at SS:SP-2.
 */
static u32 flags_image_addr(const struct test *t)
{
	u32 a = ((u32)t->init.regs[RG_SS] << 4) + ((t->init.regs[RG_SP] - 2) & 0xFFFF);
	return (a == t->exc_flags_addr + 1) ? a : t->exc_flags_addr;
}

static u8 byte_mask(const struct test *t, u32 addr, u16 fmask)
{
	if (!t->has_exc)
		return 0xFF;
	u32 f = flags_image_addr(t);
	if (addr == f)
		return fmask & 0xFF;
	if (addr == f + 1)
		return fmask >> 8;
	return 0xFF;
}

static u32 run_test(const struct test *t, u16 fmask, char *why, size_t whylen)
{
	u32 fails = 0;
	why[0] = 0;
	/* Initial state. */
	for (u32 k = 0; k < t->init.nram; k++)
		if (t->init.addr[k] < RAM_SIZE)
			bus.ram[t->init.addr[k]] = t->init.val[k];
	cpu_reset(cpu);
	cpu_flush_caches(cpu);
	mark_all_code();	/* after the flush, which unmarks pages */
	const u16 *r = t->init.regs;
	for (int k = 0; k < 14; k++)
		if (gpr_of[k] >= 0)
			cpu->regs[gpr_of[k]] = r[k];
	cpu_set_seg_real(cpu, SEG_CS, r[RG_CS]);
	cpu_set_seg_real(cpu, SEG_SS, r[RG_SS]);
	cpu_set_seg_real(cpu, SEG_DS, r[RG_DS]);
	cpu_set_seg_real(cpu, SEG_ES, r[RG_ES]);
	cpu->eip = r[RG_IP];
	/* The 286 holds bits 12-15 clear in real mode whatever the capture says. */
	cpu_set_eflags(cpu, r[RG_FLAGS] & 0x0FFF);
	cpu->exc_vector = 0xFF;

	/* The instruction (or the delivery of its exception, which counts as
	 * one tick), noting the exception it raised if any; then on to the
	 * HLT, with a limit against runaways. A REP string counts one tick per
	 * iteration and stays on itself until done, so it is stepped until it
	 * leaves (at most 64K iterations with a 16-bit CX) or faults. */
	enum cpu_stop st;
	u32 steps = 0;
	do
		st = cpu_run(cpu, clk.icount + 1);
	while (st == CPU_STOP_LIMIT && cpu->exc_vector == 0xFF && cpu->eip == r[RG_IP] &&
	       cpu->seg[SEG_CS].sel == r[RG_CS] && ++steps < 0x10001);
	first_exc = cpu->exc_vector;
	if (st == CPU_STOP_LIMIT)
		st = cpu_run(cpu, clk.icount + 64);
	if (st != CPU_STOP_HALT) {
		snprintf(why, whylen, "did not reach HLT (stop %d, cs:ip %04x:%04x)", st,
			 cpu->seg[SEG_CS].sel, cpu->eip);
		fails |= FAIL_NOHLT;
	}

	/* Registers. */
	u16 got[14];
	for (int k = 0; k < 14; k++)
		got[k] = gpr_of[k] >= 0 ? (u16)cpu->regs[gpr_of[k]] : 0;
	got[RG_CS] = cpu->seg[SEG_CS].sel;
	got[RG_SS] = cpu->seg[SEG_SS].sel;
	got[RG_DS] = cpu->seg[SEG_DS].sel;
	got[RG_ES] = cpu->seg[SEG_ES].sel;
	got[RG_IP] = cpu->eip;
	got[RG_FLAGS] = cpu_get_eflags(cpu);
	for (int k = 0; k < 14; k++) {
		u16 exp = (t->fina.mask & (1u << k)) ? t->fina.regs[k] : r[k];
		u16 m = k == RG_FLAGS ? fmask : 0xFFFF;
		if ((exp & m) != (got[k] & m)) {
			if (!fails)
				snprintf(why, whylen, "%s: expected %04x got %04x (mask %04x)",
					 reg_names[k], exp, got[k], m);
			fails |= FAIL_REG(k);
		}
	}
	for (int k = 0; k < 8; k++) {
		if (cpu->regs[k] >> 16) {
			if (!fails)
				snprintf(why, whylen, "upper half of register %d changed: %08x", k,
					 cpu->regs[k]);
			fails |= FAIL_UPPER;
		}
	}
	u32 regfails = fails;
	/* Listed final bytes. */
	for (u32 k = 0; k < t->fina.nram && fails == regfails; k++) {
		u32 a = t->fina.addr[k];
		u8 m = byte_mask(t, a, fmask);
		if (a < RAM_SIZE && (bus.ram[a] & m) != (t->fina.val[k] & m)) {
			if (!fails)
				snprintf(why, whylen, "mem[%06x]: expected %02x got %02x", a,
					 t->fina.val[k], bus.ram[a]);
			fails |= FAIL_MEM;
		}
	}
	/* Nothing else written. */
	for (int d = 0; d < n_dirty && fails == regfails; d++) {
		u32 base = dirty_list[d] << PAGE_SHIFT;
		for (u32 o = 0; o < PAGE_SIZE && fails == regfails; o++) {
			u32 a = base + o;
			bool listed;
			u8 v = bus.ram[a];
			if (!v) {
				/* A zero byte is fine unless a listed value says otherwise
				 * (checked above for final bytes). */
				continue;
			}
			u8 exp = expected_byte(t, a, &listed);
			u8 m = byte_mask(t, a, fmask);
			if ((v & m) != (exp & m)) {
				if (!fails)
					snprintf(why, whylen,
						 "stray write mem[%06x] = %02x (expected %02x)", a, v,
						 exp);
				fails |= FAIL_MEM;
			}
		}
	}
	/* Bytes initialised but neither rewritten nor listed final must persist. */
	for (u32 k = 0; k < t->init.nram && fails == regfails; k++) {
		u32 a = t->init.addr[k];
		bool listed;
		u8 exp = expected_byte(t, a, &listed);
		u8 m = byte_mask(t, a, fmask);
		if (a < RAM_SIZE && (bus.ram[a] & m) != (exp & m)) {
			if (!fails)
				snprintf(why, whylen, "mem[%06x]: expected %02x got %02x", a, exp,
					 bus.ram[a]);
			fails |= FAIL_MEM;
		}
	}

	/* Clean up for the next test. */
	for (u32 k = 0; k < t->init.nram; k++)
		if (t->init.addr[k] < RAM_SIZE)
			bus.ram[t->init.addr[k]] = 0;
	for (u32 k = 0; k < t->fina.nram; k++)
		if (t->fina.addr[k] < RAM_SIZE)
			bus.ram[t->fina.addr[k]] = 0;
	for (int d = 0; d < n_dirty; d++) {
		memset(bus.ram + (dirty_list[d] << PAGE_SHIFT), 0, PAGE_SIZE);
		dirty[dirty_list[d]] = 0;
	}
	n_dirty = 0;
	return fails;
}

/* Does a rule explain this failure? (See the rules above.) */
/* The opcode byte after the prefixes, and the byte after it. */
static int opcode_at(const struct test *t, int *next)
{
	for (u32 k = 0; k < t->nbytes; k++) {
		switch (t->bytes[k]) {
		case 0x26: case 0x2E: case 0x36: case 0x3E: case 0xF0: case 0xF2: case 0xF3:
			continue;
		}
		*next = k + 1 < t->nbytes ? t->bytes[k + 1] : -1;
		return t->bytes[k];
	}
	*next = -1;
	return -1;
}

/*
 * IDIV r/m8 of the test: is the quotient of its initial AX by its operand
 * outside -128..127? The operand is read after the run: a #DE changes none
 * of the registers an address uses (BX BP SI DI) nor the memory operand,
 * only CS (so a CS override takes the initial CS).
 */
static bool idiv8_out_of_range(const struct test *t)
{
	struct insn ins;
	if (!decode_insn_buf(cpu, t->bytes, t->nbytes, &ins))
		return false;
	s32 d;
	if (ins.mod3) {
		int r = ins.rm & 3;	/* AL CL DL BL, then AH CH DH BH */
		static const int rg[4] = { RG_AX, RG_CX, RG_DX, RG_BX };
		d = (s8)(t->init.regs[rg[r]] >> (ins.rm & 4 ? 8 : 0));
	} else {
		u32 base = ins.seg == SEG_CS ? (u32)t->init.regs[RG_CS] << 4 : cpu->seg[ins.seg].base;
		u32 a = base + insn_ea(cpu, &ins);
		d = a < RAM_SIZE ? (s8)bus.ram[a] : -1;
	}
	if (!d)
		return false;
	s32 q = (s16)t->init.regs[RG_AX] / d;
	return q > 127 || q < -128;
}

static bool rule_excuses(const struct test *t, u32 fails)
{
	int next, op = opcode_at(t, &next);
	if (rule_pop_rm_fault && t->has_exc && (t->exc_vector == EXC_GP || t->exc_vector == EXC_SS) &&
	    op == 0x8F && (first_exc == EXC_GP || first_exc == EXC_SS) &&
	    !(fails & ~(FAIL_REG(RG_SP) | FAIL_MEM)) && (t->fina.mask & (1u << RG_SP)) &&
	    t->fina.regs[RG_SP] == (u16)(cpu->regs[R_ESP] + 2)) {
		n_rule_pop_rm_fault++;
		return true;
	}
	if (rule_aam0_flags && t->has_exc && t->exc_vector == EXC_DE && first_exc == EXC_DE &&
	    op == 0xD4 && next == 0x00 && !(fails & ~(FAIL_REG(RG_FLAGS) | FAIL_MEM))) {
		n_rule_aam0_flags++;
		return true;
	}
	if (rule_idiv8_range && !t->has_exc && first_exc == EXC_DE && op == 0xF6 && next >= 0 &&
	    ((next >> 3) & 7) == 7 && idiv8_out_of_range(t)) {
		n_rule_idiv8_range++;
		return true;
	}
	if (rule_string_overrun && t->has_exc && (t->exc_vector == EXC_GP || t->exc_vector == EXC_SS) &&
	    (first_exc == EXC_GP || first_exc == EXC_SS) &&
	    (op == 0xA5 || op == 0xA7 || op == 0xAB || op == 0xAD || op == 0xAF || op == 0x6D ||
	     op == 0x6F) &&
	    !(fails & ~(FAIL_REG(RG_SI) | FAIL_REG(RG_DI) | FAIL_REG(RG_CX)))) {
		n_rule_string_overrun++;
		return true;
	}
	if (rule_no_fs_gs && t->has_exc && t->exc_vector == EXC_UD && first_exc == 0xFF &&
	    (op == 0x8C || op == 0x8E) && next >= 0 && ((next >> 3) & 7) >= 4 &&
	    ((next >> 3) & 7) <= 5) {
		n_rule_no_fs_gs++;
		return true;
	}
	if (rule_lock_ud && first_exc == EXC_UD) {
		u8 buf[32];
		int n = 0;
		bool had_lock = false;
		for (u32 k = 0; k < t->nbytes; k++) {
			if (t->bytes[k] == 0xF0 && !had_lock && k < 15) {
				had_lock = true;
				continue;
			}
			buf[n++] = t->bytes[k];
		}
		struct insn ins;
		if (had_lock && decode_insn_buf(cpu, buf, n, &ins) && ins.fn != op_ud) {
			n_rule_lock_ud++;
			return true;
		}
	}
	if (rule_ss_overrun && t->has_exc && t->exc_vector == EXC_GP && first_exc == EXC_SS) {
		n_rule_ss_overrun++;
		return true;
	}
	if (rule_insn_length && t->has_exc && t->exc_vector == EXC_GP && first_exc == 0xFF &&
	    t->nbytes - 1 > 10 && t->nbytes - 1 <= 15) {
		n_rule_insn_length++;
		return true;
	}
	return false;
}

/* ---- files ---- */

static u8 *gunzip_file(const char *path, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	if (!gz)
		return NULL;
	size_t cap = 1 << 20, n = 0;
	u8 *buf = malloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		int got = gzread(gz, buf + n, cap - n);
		if (got < 0) {
			free(buf);
			gzclose(gz);
			return NULL;
		}
		if (got == 0)
			break;
		n += got;
	}
	gzclose(gz);
	*len = n;
	return buf;
}

/* The flags mask for a file stem like "80.4" or "27". */
static u16 flags_mask_for(const struct json *meta, const char *stem)
{
	char op[16] = { 0 }, reg[16] = { 0 };
	const char *dot = strchr(stem, '.');
	if (dot) {
		snprintf(op, sizeof(op), "%.*s", (int)(dot - stem) & 15, stem);
		snprintf(reg, sizeof(reg), "%.8s", dot + 1);
	} else {
		snprintf(op, sizeof(op), "%.8s", stem);
	}
	const struct json *o = json_get(json_get(meta, "opcodes"), op);
	u16 m = 0xFFFF;
	const struct json *fm = json_get(o, "flags-mask");
	if (fm && fm->type == JSON_NUMBER)
		m = fm->num;
	if (reg[0]) {
		const struct json *rg = json_get(json_get(o, "reg"), reg);
		fm = json_get(rg, "flags-mask");
		if (fm && fm->type == JSON_NUMBER)
			m = fm->num;
	}
	return m & 0x0FFF;	/* IOPL, NT, bit 15: a 286 cannot set them in real mode */
}

static int run_file(const char *dir, const char *fname, const struct json *meta, long *tp,
		    long *tf, long *tx)
{
	char path[4096], stem[64];
	snprintf(path, sizeof(path), "%s/%s", dir, fname);
	snprintf(stem, sizeof(stem), "%s", fname);
	char *ext = strstr(stem, ".MOO");
	if (ext)
		*ext = 0;
	size_t len;
	u8 *data = gunzip_file(path, &len);
	if (!data) {
		fprintf(stderr, "conformance: cannot read %s\n", path);
		return -1;
	}
	u16 fmask = flags_mask_for(meta, stem);
	struct rd r = { data, len, 0, false };
	long pass = 0, fail = 0, skip = 0;
	int shown = 0;
	static struct test t;
	while (r.pos + 8 <= r.len) {
		char tag[5] = { 0 };
		memcpy(tag, r.p + r.pos, 4);
		r.pos += 4;
		u32 clen = rd32(&r);
		size_t end = r.pos + clen;
		if (end > r.len) {
			fprintf(stderr, "conformance: %s: truncated chunk\n", fname);
			fail++;
			break;
		}
		if (!strcmp(tag, "TEST")) {
			struct rd sub = { r.p + r.pos, clen, 0, false };
			if (!parse_test(&sub, &t)) {
				fprintf(stderr, "conformance: %s: bad test record\n", fname);
				fail++;
			} else if (is_revoked(t.hash) || is_excluded(stem, t.index)) {
				skip++;
			} else {
				char why[256];
				u32 fails = run_test(&t, fmask, why, sizeof(why));
				if (fails) {
					if (rule_excuses(&t, fails)) {
						skip++;
					} else if (fail++, verbose && shown < 5) {
						printf("  FAIL %s #%u %s [", stem, t.index, t.name);
						for (u32 k = 0; k < t.nbytes; k++)
							printf("%s%02x", k ? " " : "", t.bytes[k]);
						printf("]%s: %s\n", t.has_exc ? " (exception)" : "", why);
						shown++;
					}
				} else {
					pass++;
				}
			}
		}
		r.pos = end;
	}
	free(data);
	printf("%s: %ld passed, %ld failed%s\n", stem, pass, fail,
	       skip ? "" : "");
	if (skip)
		printf("%s: %ld skipped (excluded or revoked)\n", stem, skip);
	*tp += pass;
	*tf += fail;
	*tx += skip;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *excl_path = "tests/conformance/exclude.txt";
	int argi = 1;
	while (argi < argc && argv[argi][0] == '-') {
		if (!strcmp(argv[argi], "-v")) {
			verbose = true;
			argi++;
		} else if (!strcmp(argv[argi], "-x") && argi + 1 < argc) {
			excl_path = argv[argi + 1];
			argi += 2;
		} else {
			fprintf(stderr, "usage: conformance [-v] [-x EXCLUDES] DIR [FILE...]\n");
			return 2;
		}
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: conformance [-v] [-x EXCLUDES] DIR [FILE...]\n");
		return 2;
	}
	const char *dir = argv[argi++];
	char path[4096];
	snprintf(path, sizeof(path), "%s/metadata.json", dir);
	struct json *meta = json_parse_file(path);
	if (!meta) {
		fprintf(stderr, "conformance: cannot read %s\n", path);
		return 2;
	}
	load_revocations(dir);
	if (load_exclusions(excl_path))
		return 2;
	if (setup_machine()) {
		fprintf(stderr, "conformance: cannot set up the machine\n");
		return 1;
	}

	char **files = NULL;
	int nfiles = 0;
	if (argi < argc) {
		for (; argi < argc; argi++) {
			files = realloc(files, (nfiles + 1) * sizeof(*files));
			char buf[256];
			snprintf(buf, sizeof(buf), "%s%s", argv[argi],
				 strstr(argv[argi], ".MOO") ? "" : ".MOO.gz");
			files[nfiles++] = strdup(buf);
		}
	} else {
		DIR *d = opendir(dir);
		if (!d) {
			fprintf(stderr, "conformance: cannot open %s: %s\n", dir, strerror(errno));
			return 2;
		}
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strstr(de->d_name, ".MOO.gz"))
				continue;
			files = realloc(files, (nfiles + 1) * sizeof(*files));
			files[nfiles++] = strdup(de->d_name);
		}
		closedir(d);
		qsort(files, nfiles, sizeof(*files), cmp_str);
	}
	long pass = 0, fail = 0, skip = 0;
	for (int k = 0; k < nfiles; k++)
		if (run_file(dir, files[k], meta, &pass, &fail, &skip))
			fail++;
	printf("conformance: %ld skipped (exclusion list and revocations), of which "
	       "rules: lock-ud %ld, ss-overrun %ld, insn-length %ld, string-overrun %ld, "
	       "no-fs-gs %ld, pop-rm-fault %ld, aam0-flags %ld, idiv8-range %ld\n", skip,
	       n_rule_lock_ud, n_rule_ss_overrun, n_rule_insn_length, n_rule_string_overrun,
	       n_rule_no_fs_gs, n_rule_pop_rm_fault, n_rule_aam0_flags, n_rule_idiv8_range);
	printf("conformance: %ld passed, %ld failed\n", pass, fail);
	for (int k = 0; k < nfiles; k++)
		free(files[k]);
	free(files);
	json_free(meta);
	return fail ? 1 : 0;
}
