/*
 * Machine views: registers with the hidden descriptor parts and EFLAGS
 * decoded (Intel SDM vol. 1 3.4.3, vol. 3A 2.5 control registers, 3.4.5
 * segment descriptors, 6.11 IDT gate descriptors, 7.2.1 the 32-bit TSS), the
 * descriptor tables read from guest memory, and the devices' own "info"
 * hooks.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/cmd/cmd.h"
#include "debugger/kview/kview.h"

static const char *const segnames[] = { "es", "cs", "ss", "ds", "fs", "gs" };
static const char *const gprnames[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

static void eflags_str(u32 f, char *buf, size_t len)
{
	static const struct { int bit; const char *n; } bits[] = {
		{ 0, "CF" }, { 2, "PF" }, { 4, "AF" }, { 6, "ZF" }, { 7, "SF" }, { 8, "TF" },
		{ 9, "IF" }, { 10, "DF" }, { 11, "OF" }, { 14, "NT" }, { 16, "RF" }, { 17, "VM" },
		{ 18, "AC" }, { 19, "VIF" }, { 20, "VIP" }, { 21, "ID" },
	};
	size_t j = snprintf(buf, len, "[");
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if ((f >> bits[i].bit) & 1 && j < len)
			j += snprintf(buf + j, len - j, " %s", bits[i].n);
	if (j < len)
		j += snprintf(buf + j, len - j, " IOPL=%u ]", (f >> 12) & 3);
}

static void cr0_str(u32 v, char *buf, size_t len)
{
	static const struct { int bit; const char *n; } bits[] = {
		{ 0, "PE" }, { 1, "MP" }, { 2, "EM" }, { 3, "TS" }, { 4, "ET" }, { 5, "NE" },
		{ 16, "WP" }, { 18, "AM" }, { 29, "NW" }, { 30, "CD" }, { 31, "PG" },
	};
	size_t j = snprintf(buf, len, "[");
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++)
		if ((v >> bits[i].bit) & 1 && j < len)
			j += snprintf(buf + j, len - j, " %s", bits[i].n);
	if (j < len)
		snprintf(buf + j, len - j, " ]");
}

static void cr4_str(u32 v, char *buf, size_t len)
{
	static const char *const n[] = { "VME", "PVI", "TSD", "DE", "PSE", "PAE", "MCE", "PGE",
					 "PCE", "OSFXSR", "OSXMMEXCPT" };
	size_t j = snprintf(buf, len, "[");
	for (size_t i = 0; i < ARRAY_SIZE(n); i++)
		if ((v >> i) & 1 && j < len)
			j += snprintf(buf + j, len - j, " %s", n[i]);
	if (j < len)
		snprintf(buf + j, len - j, " ]");
}

/* A descriptor's attribute word in words: "code 32-bit DPL0 P" etc. */
static void attr_str(u16 attr, bool system_seg, char *buf, size_t len)
{
	u8 type = attr & 0xf;
	bool s = attr & 0x10;
	int dpl = (attr >> 5) & 3;
	bool p = attr & 0x80;
	if (!s || system_seg) {
		static const char *const sys[16] = {
			"reserved", "tss16-avail", "ldt", "tss16-busy", "call16", "task-gate",
			"int16", "trap16", "reserved", "tss32-avail", "reserved", "tss32-busy",
			"call32", "reserved", "int32", "trap32",
		};
		snprintf(buf, len, "%s DPL%d%s", sys[type], dpl, p ? " P" : " not-present");
		return;
	}
	if (type & 8)
		snprintf(buf, len, "code%s%s %s DPL%d%s%s", type & 2 ? " R" : "",
			 type & 4 ? " conforming" : "", attr & 0x4000 ? "32-bit" : "16-bit", dpl,
			 p ? " P" : " not-present", attr & 0x8000 ? " G" : "");
	else
		snprintf(buf, len, "data%s%s %s DPL%d%s%s", type & 2 ? " W" : " RO",
			 type & 4 ? " expand-down" : "", attr & 0x4000 ? "32-bit" : "16-bit", dpl,
			 p ? " P" : " not-present", attr & 0x8000 ? " G" : "");
}

static void info_registers(struct dbg *d, const char *which)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	char b[160];
	if (*which && strcmp(which, "all")) {
		/* info registers eax [ebx ...] */
		char names[256];
		snprintf(names, sizeof(names), "%s", which);
		for (char *tok = strtok(names, " "); tok; tok = strtok(NULL, " ")) {
			u64 v;
			int size;
			if (tok[0] == '$')
				tok++;
			if (!dbg_reg_by_name(d, tok, &v, &size)) {
				dbg_err(d, "Invalid register `%s'", tok);
				continue;
			}
			dbg_printf(d, "%-15s0x%-18llx%lld\n", tok, (unsigned long long)v,
				   (long long)v);
		}
		return;
	}
	/* In a selected outer frame (frame.c), the general registers and EIP
	 * are that frame's, as gdb shows them; the rest is the CPU's. */
	struct dbg_frame fr;
	int level = dbg_frame_selected(d);
	if (level && dbg_frame_get(d, level, &fr) == 0) {
		char sym[160] = "";
		for (int i = 0; i < 8; i++) {
			if (fr.known >> i & 1)
				dbg_printf(d, "%-15s0x%-18x%d\n", gprnames[i], fr.regs[i],
					   (s32)fr.regs[i]);
			else
				dbg_printf(d, "%-15s<not saved>\n", gprnames[i]);
		}
		sym_format(d->st, fr.pc, sym, sizeof(sym));
		dbg_printf(d, "%-15s0x%-18x0x%x%s%s%s (frame %d)\n", "eip", fr.pc, fr.pc,
			   *sym ? " <" : "", sym, *sym ? ">" : "", level);
	} else {
		for (int i = 0; i < 8; i++)
			dbg_printf(d, "%-15s0x%-18x%d\n", gprnames[i], r.gpr[i], (s32)r.gpr[i]);
		char sym[160] = "";
		sym_format(d->st, dbg_pc(&r), sym, sizeof(sym));
		dbg_printf(d, "%-15s0x%-18x0x%x%s%s%s\n", "eip", r.eip, dbg_pc(&r),
			   *sym ? " <" : "", sym, *sym ? ">" : "");
	}
	eflags_str(r.eflags, b, sizeof(b));
	dbg_printf(d, "%-15s0x%-18x%s\n", "eflags", r.eflags, b);
	for (int i = 0; i < DBG_NSEG; i++) {
		int s = (int[]){ DBG_CS, DBG_SS, DBG_DS, DBG_ES, DBG_FS, DBG_GS }[i];
		attr_str(r.seg[s].attr, false, b, sizeof(b));
		dbg_printf(d, "%-15s0x%-18x base=0x%08x limit=0x%08x %s\n", segnames[s],
			   r.seg[s].sel, r.seg[s].base, r.seg[s].limit,
			   (r.cr0 & 1) && !(r.eflags & 0x20000) ? b : "(real mode)");
	}
	attr_str(r.ldtr.attr, true, b, sizeof(b));
	dbg_printf(d, "%-15s0x%-18x base=0x%08x limit=0x%08x\n", "ldtr", r.ldtr.sel, r.ldtr.base,
		   r.ldtr.limit);
	dbg_printf(d, "%-15s0x%-18x base=0x%08x limit=0x%08x\n", "tr", r.tr.sel, r.tr.base,
		   r.tr.limit);
	dbg_printf(d, "%-15sbase=0x%08x limit=0x%04x\n", "gdtr", r.gdt_base, r.gdt_limit);
	dbg_printf(d, "%-15sbase=0x%08x limit=0x%04x\n", "idtr", r.idt_base, r.idt_limit);
	cr0_str(r.cr0, b, sizeof(b));
	dbg_printf(d, "%-15s0x%-18x%s\n", "cr0", r.cr0, b);
	dbg_printf(d, "%-15s0x%-18x\n", "cr2", r.cr2);
	dbg_printf(d, "%-15s0x%-18x\n", "cr3", r.cr3);
	cr4_str(r.cr4, b, sizeof(b));
	dbg_printf(d, "%-15s0x%-18x%s\n", "cr4", r.cr4, b);
	if (!strcmp(which, "all")) {
		for (int i = 0; i < 8; i++)
			if (i != 4 && i != 5)
				dbg_printf(d, "dr%-13d0x%-18x\n", i, r.dr[i]);
	}
	dbg_printf(d, "%-15s%llu\n", "icount", (unsigned long long)r.icount);
	dbg_printf(d, "%-15s%d-bit %s\n", "mode", dbg_code_bits(&r),
		   !(r.cr0 & 1) ? "real" : (r.eflags & 0x20000) ? "virtual-8086" :
		   (r.cr0 & 0x80000000u) ? ((r.cr4 & 0x20) ? "protected, PAE paging" :
					    "protected, paging") : "protected");
}

/* Decode one 8-byte segment or gate descriptor. */
static void print_descriptor(struct dbg *d, int index, u32 lo, u32 hi, bool idt)
{
	u16 attr = (hi >> 8) & 0xff;
	char b[128];
	if (!(attr & 0x80) && !lo && !hi) {
		if (!idt)
			dbg_printf(d, "%s[%3d] 0x%04x  <null>\n", idt ? "IDT" : "GDT", index, index * 8);
		return;
	}
	if (idt || !(attr & 0x10)) {
		u8 type = attr & 0xf;
		if (type == 4 || type == 5 || type == 6 || type == 7 || type == 12 || type == 14 ||
		    type == 15) {
			u32 off = (lo & 0xffff) | (hi & 0xffff0000u);
			u16 sel = lo >> 16;
			char sym[160] = "";
			sym_format(d->st, off, sym, sizeof(sym));
			attr_str(attr, true, b, sizeof(b));
			if (type == 5)
				dbg_printf(d, "%s[%3d] task gate sel=0x%04x %s\n", idt ? "IDT" : "GDT",
					   index, sel, b);
			else
				dbg_printf(d, "%s[%3d] %04x:%08x %s%s%s%s\n", idt ? "IDT" : "GDT", index,
					   sel, off, b, *sym ? " <" : "", sym, *sym ? ">" : "");
			return;
		}
	}
	u32 base = (lo >> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000u);
	u32 limit = (lo & 0xffff) | (hi & 0x000f0000u);
	u16 full = attr | ((hi >> 8) & 0xf000);
	if (full & 0x8000)
		limit = (limit << 12) | 0xfff;
	attr_str(full, false, b, sizeof(b));
	dbg_printf(d, "GDT[%3d] 0x%04x  base=0x%08x limit=0x%08x %s\n", index, index * 8, base,
		   limit, b);
}

static int dump_table(struct dbg *d, const char *name, u32 base, u32 limit, bool idt,
		      const char *arg)
{
	int from = 0, to = (int)((limit + 1) / 8) - 1;
	if (*arg) {
		from = to = atoi(arg);
		if ((u32)from * 8 + 7 > limit) {
			dbg_err(d, "info %s: entry %d is past the limit 0x%x", name, from, limit);
			return -1;
		}
	}
	if (limit == 0 && !*arg)
		dbg_printf(d, "%s is empty (limit 0)\n", name);
	dbg_printf(d, "%s: base=0x%08x limit=0x%x (%u entries)\n", name, base, limit, (limit + 1) / 8);
	for (int i = from; i <= to && i < 8192; i++) {
		u32 e[2];
		if (dbg_read_linear(d, base + i * 8, e, 8) != 0) {
			dbg_err(d, "Cannot access memory at address 0x%x", base + i * 8);
			return -1;
		}
		print_descriptor(d, i, e[0], e[1], idt);
	}
	return 0;
}

static int info_tss(struct dbg *d)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	if (!r.tr.sel && !r.tr.base) {
		dbg_printf(d, "No task register loaded (TR = 0).\n");
		return 0;
	}
	u32 t[26];
	if (dbg_read_linear(d, r.tr.base, t, sizeof(t)) != 0) {
		dbg_err(d, "Cannot access the TSS at 0x%x", r.tr.base);
		return -1;
	}
	dbg_printf(d, "TSS sel=0x%04x base=0x%08x limit=0x%x\n", r.tr.sel, r.tr.base, r.tr.limit);
	dbg_printf(d, "  link=0x%04x esp0=0x%08x ss0=0x%04x esp1=0x%08x ss1=0x%04x esp2=0x%08x ss2=0x%04x\n",
		   t[0] & 0xffff, t[1], t[2] & 0xffff, t[3], t[4] & 0xffff, t[5], t[6] & 0xffff);
	dbg_printf(d, "  cr3=0x%08x eip=0x%08x eflags=0x%08x\n", t[7], t[8], t[9]);
	dbg_printf(d, "  eax=0x%08x ecx=0x%08x edx=0x%08x ebx=0x%08x\n", t[10], t[11], t[12], t[13]);
	dbg_printf(d, "  esp=0x%08x ebp=0x%08x esi=0x%08x edi=0x%08x\n", t[14], t[15], t[16], t[17]);
	dbg_printf(d, "  es=0x%04x cs=0x%04x ss=0x%04x ds=0x%04x fs=0x%04x gs=0x%04x ldt=0x%04x iomap=0x%04x\n",
		   t[18] & 0xffff, t[19] & 0xffff, t[20] & 0xffff, t[21] & 0xffff, t[22] & 0xffff,
		   t[23] & 0xffff, t[24] & 0xffff, t[25] >> 16);
	return 0;
}

static int info_gdt(struct dbg *d, const char *arg)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	return dump_table(d, "GDT", r.gdt_base, r.gdt_limit, false, arg);
}

static int info_idt(struct dbg *d, const char *arg)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	if (!(r.cr0 & 1)) {
		/* Real mode: the IVT of 4-byte seg:off vectors. */
		int n = *arg ? 1 : (int)((r.idt_limit + 1) / 4);
		int first = *arg ? atoi(arg) : 0;
		dbg_printf(d, "IVT: base=0x%08x limit=0x%x (real mode)\n", r.idt_base, r.idt_limit);
		for (int i = first; i < first + n && i < 256; i++) {
			u32 v;
			if (dbg_read_linear(d, r.idt_base + i * 4, &v, 4) != 0)
				break;
			dbg_printf(d, "IVT[%3d] %04x:%04x\n", i, v >> 16, v & 0xffff);
		}
		return 0;
	}
	return dump_table(d, "IDT", r.idt_base, r.idt_limit, true, arg);
}

static int info_ldt(struct dbg *d, const char *arg)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	if (!r.ldtr.sel) {
		dbg_printf(d, "No LDT loaded (LDTR = 0).\n");
		return 0;
	}
	return dump_table(d, "LDT", r.ldtr.base, r.ldtr.limit, false, arg);
}

static int info_tss_cmd(struct dbg *d, const char *arg)
{
	return info_tss(d);
}

int cmd_info_device(struct dbg *d, const char *what)
{
	if (!d->t->info_device)
		return -1;
	/* Devices answer by their own name, or by the name people use. */
	static const char *const alias[][2] = {
		{ "rtc", "cmos" }, { "uart", "com1" }, { "serial", "com1" },
		{ "keyboard", "i8042" }, { "kbc", "i8042" }, { "ide", "ata" },
		{ "post", "misc" }, { "a20", "misc" },
	};
	const char *name = what;
	for (int pass = 0; pass < 2; pass++) {
		for (const char **n = d->t->device_names; n && *n; n++) {
			if (!strcmp(*n, name)) {
				d->t->info_device(d->t->opaque, name, dbg_print_cb, d);
				return 0;
			}
		}
		for (size_t i = 0; i < ARRAY_SIZE(alias); i++)
			if (!strcmp(alias[i][0], what))
				name = alias[i][1];
	}
	return -1;
}

static int info_regs(struct dbg *d, const char *args)
{
	info_registers(d, args);
	return 0;
}

static int info_all_registers(struct dbg *d, const char *args)
{
	info_registers(d, "all");
	return 0;
}

static int info_breakpoints(struct dbg *d, const char *args)
{
	dbg_bp_list(d);
	return 0;
}

static int info_line(struct dbg *d, const char *args)
{
	dbg_info_line(d, args);
	return 0;
}

static int info_threads(struct dbg *d, const char *args)
{
	return kview_ps(d, "");
}

static int info_symbol(struct dbg *d, const char *args)
{
	u32 a;
	if (dbg_parse_addr(d, args, &a) < 0)
		return -1;
	u32 off;
	const struct dbg_sym *s = sym_lookup_addr(d->st, a, &off);
	if (!s) {
		dbg_printf(d, "No symbol matches %s.\n", args);
		return 0;
	}
	const char *f = strrchr(s->file, '/');
	if (off)
		dbg_printf(d, "%s + %u in section .%s of %s\n", s->name, off,
			   s->is_func ? "text" : "data", f ? f + 1 : s->file);
	else
		dbg_printf(d, "%s in section .%s of %s\n", s->name, s->is_func ? "text" : "data",
			   f ? f + 1 : s->file);
	return 0;
}

static int info_address(struct dbg *d, const char *args)
{
	const struct dbg_sym *s = sym_lookup_name(d->st, args);
	if (!s) {
		dbg_printf(d, "No symbol \"%s\" in current context.\n", args);
		return -1;
	}
	dbg_printf(d, "Symbol \"%s\" is at 0x%x.\n", s->name, s->addr);
	return 0;
}

static int info_source(struct dbg *d, const char *args)
{
	struct dbg_regs r;
	const char *file;
	int line;
	dbg_regs(d, &r);
	if (dw_addr_line(d->dw, dbg_pc(&r), &file, &line))
		dbg_printf(d, "Current source file is %s\n", file);
	else
		dbg_printf(d, "No current source file.\n");
	return 0;
}

/* info's subcommands: exact names and aliases only (no prefixes); any other
 * word names a device of the target. */
static const struct dbg_command info_commands[] = {
	{ "registers", "r reg", info_regs, NULL },
	{ "all-registers", NULL, info_all_registers, NULL },
	{ "breakpoints", "b break watchpoints", info_breakpoints, NULL },
	{ "line", NULL, info_line, NULL },
	{ "threads", "tasks", info_threads, NULL },
	{ "stack", "s", dbg_frame_backtrace, NULL },
	{ "frame", "f", dbg_info_frame, NULL },
	{ "locals", NULL, dbg_info_locals, NULL },
	{ "args", NULL, dbg_info_args, NULL },
	{ "symbol", NULL, info_symbol, NULL },
	{ "address", NULL, info_address, NULL },
	{ "source", NULL, info_source, NULL },
	{ "gdt", NULL, info_gdt, NULL },
	{ "idt", NULL, info_idt, NULL },
	{ "ldt", NULL, info_ldt, NULL },
	{ "tss", NULL, info_tss_cmd, NULL },
	{ "float", NULL, cmd_info_float, NULL },
	{ NULL, NULL, NULL, NULL },
};

int cmd_info(struct dbg *d, const char *args)
{
	char what[64];
	int n = 0;
	while (args[n] && !isspace((unsigned char)args[n]) && n < 63) {
		what[n] = args[n];
		n++;
	}
	what[n] = 0;
	const char *rest = cmd_skip_ws(args + n);
	if (!n) {
		dbg_err(d, "info: what? (registers, gdt, idt, ldt, tss, tlb, breakpoints, symbol, line, "
			   "address, frame, locals, args, post, pic, pit, rtc, ata, uart, vga, ...)");
		return -1;
	}
	for (const struct dbg_command *c = info_commands; c->name; c++)
		if (!strcmp(c->name, what) || cmd_alias_match(c->alias, what))
			return c->fn(d, rest);
	if (cmd_info_device(d, what) == 0)
		return 0;
	dbg_err(d, "Undefined info command: \"%s\".  Try \"help info\".", what);
	return -1;
}
