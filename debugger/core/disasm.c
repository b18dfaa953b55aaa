/*
 * Disassembly through Capstone (x86, 16- or 32-bit mode as the CPU's current
 * code segment says: Intel SDM vol. 3A 3.4.5, the D flag), with branch
 * targets and the current location named by the symbol table.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/core/dbg_int.h"

static csh handles[2];	/* [0] 16-bit, [1] 32-bit; opened on first use */
static bool opened[2];

static csh handle_for(int bits)
{
	int i = bits == 32;
	if (!opened[i]) {
		if (cs_open(CS_ARCH_X86, i ? CS_MODE_32 : CS_MODE_16, &handles[i]) != CS_ERR_OK)
			return 0;
		opened[i] = true;
	}
	return handles[i];
}

int dbg_disasm_one(struct dbg *d, u32 lin, int bits, char *buf, size_t len)
{
	u8 code[16];
	u32 n = sizeof(code);
	/* Near the end of a mapping, read what there is. */
	while (n && dbg_read_linear(d, lin, code, n) != 0)
		n--;
	if (!n) {
		snprintf(buf, len, "<cannot read memory at 0x%x>", lin);
		return 0;
	}
	csh h = handle_for(bits);
	cs_insn *insn = NULL;
	size_t cnt = h ? cs_disasm(h, code, n, bits == 16 ? (lin & 0xffff) : lin, 1, &insn) : 0;
	if (!cnt) {
		snprintf(buf, len, "(bad)");
		return 1;
	}
	int size = insn[0].size;
	char sym[160] = "";
	/* Name the target of a direct branch or call, as objdump does. */
	const char *m = insn[0].mnemonic;
	if ((m[0] == 'j' || !strncmp(m, "call", 4) || !strncmp(m, "loop", 4)) &&
	    !strncmp(insn[0].op_str, "0x", 2) && !strchr(insn[0].op_str, ':')) {
		u32 target = (u32)strtoul(insn[0].op_str, NULL, 16);
		if (bits == 16)
			target += lin - (lin & 0xffff);
		char s[128];
		if (*sym_format(d->st, target, s, sizeof(s)))
			snprintf(sym, sizeof(sym), " <%s>", s);
	}
	snprintf(buf, len, "%s%s%s%s", insn[0].mnemonic, insn[0].op_str[0] ? " " : "",
		 insn[0].op_str, sym);
	cs_free(insn, cnt);
	return size;
}

void dbg_disasm_range(struct dbg *d, u32 lin, int count, int bits, u32 mark)
{
	const struct dbg_sym *last = NULL;
	for (int i = 0; i < count; i++) {
		char text[256], where[160] = "";
		u32 off;
		const struct dbg_sym *s = sym_lookup_addr(d->st, lin, &off);
		if (s)
			snprintf(where, sizeof(where), " <%s+%u>", s->name, off);
		if (s && s != last && off == 0)
			dbg_printf(d, "%s:\n", s->name);
		last = s;
		int n = dbg_disasm_one(d, lin, bits, text, sizeof(text));
		dbg_printf(d, "%s0x%08x%s:\t%s\n", lin == mark ? "=> " : "   ", lin, where, text);
		if (!n)
			break;
		lin += n;
	}
	d->x_next = lin;
}

/* The value of a Capstone register in the saved register file (0 if none). */
static u32 reg_val(const struct dbg_regs *r, x86_reg reg)
{
	static const struct { x86_reg r32, r16; } gpr[8] = {
		{ X86_REG_EAX, X86_REG_AX }, { X86_REG_ECX, X86_REG_CX },
		{ X86_REG_EDX, X86_REG_DX }, { X86_REG_EBX, X86_REG_BX },
		{ X86_REG_ESP, X86_REG_SP }, { X86_REG_EBP, X86_REG_BP },
		{ X86_REG_ESI, X86_REG_SI }, { X86_REG_EDI, X86_REG_DI },
	};
	for (int i = 0; i < 8; i++) {
		if (reg == gpr[i].r32)
			return r->gpr[i];
		if (reg == gpr[i].r16)
			return r->gpr[i] & 0xffff;
	}
	return 0;
}

static int seg_index(x86_reg s)
{
	switch (s) {
	case X86_REG_ES: return DBG_ES;
	case X86_REG_CS: return DBG_CS;
	case X86_REG_SS: return DBG_SS;
	case X86_REG_FS: return DBG_FS;
	case X86_REG_GS: return DBG_GS;
	default: return DBG_DS;
	}
}

int dbg_mem_operands(struct dbg *d, const struct dbg_regs *r, struct dbg_memop *ops, int max)
{
	static csh h[2];
	static bool detail[2];
	int bits = dbg_code_bits(r);
	int k = bits == 32;
	u32 pc = dbg_pc(r);
	u8 code[16];
	u32 n = sizeof(code);
	while (n && dbg_read_linear(d, pc, code, n) != 0)
		n--;
	if (!n)
		return 0;
	if (!detail[k]) {
		if (cs_open(CS_ARCH_X86, k ? CS_MODE_32 : CS_MODE_16, &h[k]) != CS_ERR_OK)
			return 0;
		cs_option(h[k], CS_OPT_DETAIL, CS_OPT_ON);
		detail[k] = true;
	}
	cs_insn *insn;
	size_t cnt = cs_disasm(h[k], code, n, pc, 1, &insn);
	if (!cnt)
		return 0;
	int found = 0;
	const cs_x86 *x = &insn[0].detail->x86;
	bool addr16 = (bits == 16) != (x->prefix[3] == 0x67);
	for (int i = 0; i < x->op_count && found < max; i++) {
		const cs_x86_op *op = &x->operands[i];
		if (op->type != X86_OP_MEM)
			continue;
		/* LEA computes an address without touching memory. */
		if (insn[0].id == X86_INS_LEA)
			continue;
		u32 ea = reg_val(r, op->mem.base) + reg_val(r, op->mem.index) * (u32)op->mem.scale +
			 (u32)op->mem.disp;
		if (addr16)
			ea &= 0xffff;
		int seg = op->mem.segment != X86_REG_INVALID ? seg_index(op->mem.segment) :
			  (op->mem.base == X86_REG_ESP || op->mem.base == X86_REG_EBP ||
			   op->mem.base == X86_REG_SP || op->mem.base == X86_REG_BP) ? DBG_SS : DBG_DS;
		ops[found].lin = r->seg[seg].base + ea;
		ops[found].size = op->size ? op->size : 1;
		ops[found].read = (op->access & CS_AC_READ) != 0;
		ops[found].write = (op->access & CS_AC_WRITE) != 0;
		if (!op->access)
			ops[found].read = true;	/* unknown: assume a read */
		found++;
	}
	cs_free(insn, cnt);
	return found;
}
