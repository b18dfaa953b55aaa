/*
 * Disassembly through Capstone (x86, 16- or 32-bit mode as the CPU's current
 * code segment says: Intel SDM vol. 3A 3.4.5, the D flag), with branch
 * targets and the current location named by the symbol table.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/dbg_int.h"

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
