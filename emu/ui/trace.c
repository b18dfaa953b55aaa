/*
 * The -d/-D log: what QEMU's -d shows a user whose guest stalls, for Lucid.
 * Each line starts with the instruction count, so two runs can be compared
 * with diff (a run is deterministic, so is its log). Items:
 *
 *   int          every interrupt and exception: vector, kind, error code, CS:EIP
 *   cpu_reset    every reset (port 0x92, the 8042, a triple fault, ...) with
 *                the registers just before it
 *   unimp        the first access to each I/O port no device claims, and every
 *                RDMSR/WRMSR of an MSR the CPU model lacks (the #GP that follows
 *                is what the guest sees)
 *   guest_errors invalid opcodes (#UD) with their bytes, triple faults
 *   in_asm       each block of guest code, disassembled, when first decoded
 *                (again after it is invalidated: self-modifying code shows)
 *
 * The hooks are the CPU's trace observers, the bus's unclaimed-port hook and
 * the machine's reset hook; nothing is logged, and nothing costs, without -d.
 */
#include <capstone/capstone.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu/cpu.h"
#include "emu/machine/machine.h"
#include "emu/ui/trace.h"

struct trace {
	struct machine *m;
	FILE *f;
	bool own;		/* f was opened here (not stderr) */
	unsigned mask;
	csh cs[2];		/* Capstone, 16- and 32-bit */
	bool cs_open[2];
};

static const struct {
	const char *name;
	unsigned bit;
	const char *help;
} items[] = {
	{ "int", TRACE_INT, "interrupts and exceptions, with CS:EIP" },
	{ "cpu_reset", TRACE_CPU_RESET, "resets, with the registers before" },
	{ "unimp", TRACE_UNIMP, "unclaimed I/O ports (first access each), MSRs the model lacks" },
	{ "guest_errors", TRACE_GUEST_ERRORS, "invalid opcodes with their bytes, triple faults" },
	{ "in_asm", TRACE_IN_ASM, "guest code, disassembled, as each block is first decoded" },
};

int trace_parse(const char *list, unsigned *mask, char *err, size_t errlen)
{
	*mask = 0;
	const char *p = list;
	while (*p) {
		size_t n = strcspn(p, ",");
		size_t i;
		for (i = 0; i < sizeof(items) / sizeof(items[0]); i++)
			if (strlen(items[i].name) == n && !strncmp(items[i].name, p, n))
				break;
		if (i == sizeof(items) / sizeof(items[0])) {
			snprintf(err, errlen, "unknown log item '%.*s' (-d help lists them)", (int)n, p);
			return -1;
		}
		*mask |= items[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*mask) {
		snprintf(err, errlen, "no log items given (-d help lists them)");
		return -1;
	}
	return 0;
}

void trace_help(FILE *f)
{
	fprintf(f, "Log items (-d ITEM,ITEM...; -D FILE sends the log to FILE, else stderr):\n");
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		fprintf(f, "  %-13s %s\n", items[i].name, items[i].help);
}

static void where(struct trace *t, char *buf, size_t len)
{
	const struct cpu *c = t->m->cpu;
	snprintf(buf, len, "%04x:%08x", c->seg[SEG_CS].sel, c->eip);
}

static void regs(struct trace *t)
{
	const struct cpu *c = t->m->cpu;
	fprintf(t->f,
		"  EAX=%08x EBX=%08x ECX=%08x EDX=%08x ESI=%08x EDI=%08x EBP=%08x ESP=%08x\n"
		"  EIP=%08x EFL=%08x CPL=%d CS=%04x SS=%04x DS=%04x CR0=%08x CR2=%08x CR3=%08x CR4=%08x\n",
		c->regs[R_EAX], c->regs[R_EBX], c->regs[R_ECX], c->regs[R_EDX], c->regs[R_ESI],
		c->regs[R_EDI], c->regs[R_EBP], c->regs[R_ESP], c->eip, cpu_get_eflags((struct cpu *)c),
		c->cpl, c->seg[SEG_CS].sel, c->seg[SEG_SS].sel, c->seg[SEG_DS].sel, c->cr0, c->cr2,
		c->cr3, c->cr4);
}

/* The instruction bytes at CS:EIP, as far as they can be read. */
static void bytes_at_eip(struct trace *t, char *buf, size_t len)
{
	const struct cpu *c = t->m->cpu;
	u8 b[8];
	size_t n = 0;
	buf[0] = 0;
	for (; n < sizeof(b); n++) {
		u32 lin = c->seg[SEG_CS].base + c->eip + (u32)n;
		u32 phys;
		if (mmu_probe((struct cpu *)c, lin, &phys, NULL) || phys >= t->m->bus.ram_size)
			break;
		b[n] = t->m->bus.ram[phys];
	}
	for (size_t i = 0; i < n && 3 * i + 4 < len; i++)
		snprintf(buf + 3 * i, len - 3 * i, "%s%02x", i ? " " : "", b[i]);
	if (!n)
		snprintf(buf, len, "(unreadable)");
}

static void on_event(void *opaque, int ev, u32 a, u32 b)
{
	struct trace *t = opaque;
	u64 ic = t->m->clock.icount;
	char at[32], bytes[40];
	where(t, at, sizeof(at));
	switch (ev) {
	case CPU_EV_EXCEPTION:
		if (t->mask & TRACE_INT)
			fprintf(t->f, "%llu: exception 0x%02x %s error 0x%x at %s\n",
				(unsigned long long)ic, a, cpu_exception_name(a) ? cpu_exception_name(a) : "",
				b, at);
		if ((t->mask & TRACE_GUEST_ERRORS) && a == 6) {
			bytes_at_eip(t, bytes, sizeof(bytes));
			fprintf(t->f, "%llu: invalid opcode at %s: %s\n", (unsigned long long)ic, at,
				bytes);
		}
		break;
	case CPU_EV_INTERRUPT:
		if (t->mask & TRACE_INT)
			fprintf(t->f, "%llu: %s 0x%02x at %s\n", (unsigned long long)ic,
				b == 1 ? "INT" : "hardware interrupt", a, at);
		break;
	case CPU_EV_TRIPLE:
		if (t->mask & (TRACE_GUEST_ERRORS | TRACE_INT)) {
			fprintf(t->f, "%llu: triple fault (vector 0x%02x could not be delivered) at %s\n",
				(unsigned long long)ic, a, at);
			regs(t);
		}
		break;
	case CPU_EV_MSR_UNKNOWN:
		if (t->mask & TRACE_UNIMP)
			fprintf(t->f, "%llu: %s of unimplemented MSR 0x%x at %s (#GP)\n",
				(unsigned long long)ic, b ? "WRMSR" : "RDMSR", a, at);
		break;
	}
}

static void on_block(void *opaque, u32 lin, const u8 *code, int n, bool code32)
{
	struct trace *t = opaque;
	int i = code32;
	fprintf(t->f, "%llu: IN: 0x%08x (%d-bit)\n", (unsigned long long)t->m->clock.icount, lin,
		code32 ? 32 : 16);
	if (!t->cs_open[i]) {
		if (cs_open(CS_ARCH_X86, code32 ? CS_MODE_32 : CS_MODE_16, &t->cs[i]) != CS_ERR_OK)
			return;
		t->cs_open[i] = true;
	}
	cs_insn *insn = NULL;
	size_t cnt = cs_disasm(t->cs[i], code, (size_t)n, lin, 0, &insn);
	for (size_t k = 0; k < cnt; k++)
		fprintf(t->f, "0x%08llx:  %s %s\n", (unsigned long long)insn[k].address,
			insn[k].mnemonic, insn[k].op_str);
	if (cnt)
		cs_free(insn, cnt);
	fputc('\n', t->f);
}

static void on_unclaimed(void *opaque, u16 port, bool write)
{
	struct trace *t = opaque;
	char at[32];
	where(t, at, sizeof(at));
	fprintf(t->f, "%llu: %s of unclaimed I/O port 0x%04x at %s (first access)\n",
		(unsigned long long)t->m->clock.icount, write ? "write" : "read", port, at);
}

static void on_reset(void *opaque, const char *reason)
{
	struct trace *t = opaque;
	fprintf(t->f, "%llu: CPU reset (%s)\n", (unsigned long long)t->m->clock.icount,
		reason ? reason : "?");
	regs(t);
}

struct trace *trace_open(struct machine *m, unsigned mask, const char *path, char *err,
			 size_t errlen)
{
	struct trace *t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "-d: out of memory");
		return NULL;
	}
	t->m = m;
	t->mask = mask;
	t->f = stderr;
	if (path) {
		t->f = fopen(path, "w");
		if (!t->f) {
			snprintf(err, errlen, "-D '%s': %s", path, strerror(errno));
			free(t);
			return NULL;
		}
		t->own = true;
	}
	struct cpu *c = m->cpu;
	c->trace_opaque = t;
	if (mask & (TRACE_INT | TRACE_GUEST_ERRORS | TRACE_UNIMP))
		c->trace_event = on_event;
	if (mask & TRACE_IN_ASM) {
		c->trace_block = on_block;
		cpu_flush_caches(c);	/* blocks decoded already are shown again */
	}
	if (mask & TRACE_UNIMP) {
		m->bus.unclaimed_hook = on_unclaimed;
		m->bus.unclaimed_opaque = t;
	}
	if (mask & TRACE_CPU_RESET) {
		m->reset_hook = on_reset;
		m->reset_opaque = t;
	}
	return t;
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	struct machine *m = t->m;
	m->cpu->trace_event = NULL;
	m->cpu->trace_block = NULL;
	m->cpu->trace_opaque = NULL;
	m->bus.unclaimed_hook = NULL;
	m->reset_hook = NULL;
	for (int i = 0; i < 2; i++)
		if (t->cs_open[i])
			cs_close(&t->cs[i]);
	if (t->own)
		fclose(t->f);
	else
		fflush(t->f);
	free(t);
}
