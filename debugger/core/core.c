/*
 * The debugger session: output, symbols, registers by name, and memory by
 * physical or linear address. Linear addresses are translated here by walking
 * the guest's page tables as the MMU would (Intel SDM vol. 3A 4.3 for 32-bit
 * paging with optional 4 MiB pages, 4.4 for PAE), reading the tables through
 * the target's physical memory hook. The CPU's TLB is never consulted, so the
 * view is the architectural one, even for a stale TLB.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/core/dbg_int.h"
#include "emu/board/bus.h"
#include "emu/lib/x86.h"

static int ex_read(void *opaque, u32 addr, void *buf, u32 len)
{
	return dbg_read_linear(opaque, addr, buf, len);
}

static int ex_write(void *opaque, u32 addr, const void *buf, u32 len)
{
	return dbg_write_linear(opaque, addr, buf, len);
}

static bool ex_get_reg(void *opaque, const char *name, u64 *val, int *size)
{
	bool handled;
	/* In an outer frame $eip, $esp, $ebp... are that frame's (gdb's rule). */
	bool ok = dbg_frame_reg(opaque, name, val, size, &handled);
	if (handled)
		return ok;
	return dbg_reg_by_name(opaque, name, val, size);
}

static int ex_lookup_local(void *opaque, const char *name, struct dval *out)
{
	return dbg_frame_lookup(opaque, name, out);
}

static const char *const reg32[] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
static const char *const reg16[] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
static const char *const reg8[] = { "al", "cl", "dl", "bl", "ah", "ch", "dh", "bh" };
static const char *const segname[] = { "es", "cs", "ss", "ds", "fs", "gs" };

static int ex_set_reg(void *opaque, const char *name, u64 val)
{
	struct dbg *d = opaque;
	static const struct { const char *n; enum dbg_regno r; } map[] = {
		{ "eax", DBG_R_EAX }, { "ecx", DBG_R_ECX }, { "edx", DBG_R_EDX },
		{ "ebx", DBG_R_EBX }, { "esp", DBG_R_ESP }, { "ebp", DBG_R_EBP },
		{ "esi", DBG_R_ESI }, { "edi", DBG_R_EDI }, { "eip", DBG_R_EIP },
		{ "pc", DBG_R_EIP }, { "sp", DBG_R_ESP }, { "fp", DBG_R_EBP },
		{ "eflags", DBG_R_EFLAGS }, { "cs", DBG_R_CS }, { "ss", DBG_R_SS },
		{ "ds", DBG_R_DS }, { "es", DBG_R_ES }, { "fs", DBG_R_FS }, { "gs", DBG_R_GS },
		{ "cr0", DBG_R_CR0 }, { "cr2", DBG_R_CR2 }, { "cr3", DBG_R_CR3 },
		{ "cr4", DBG_R_CR4 },
	};
	if (!d->t->set_reg)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].n, name))
			return d->t->set_reg(d->t->opaque, map[i].r, (u32)val);
	return -1;
}

struct dbg *dbg_create(struct dbg_target *t)
{
	struct dbg *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->t = t;
	d->st = sym_create();
	d->dw = dw_create();
	if (!d->st || !d->dw) {
		dbg_destroy(d);
		return NULL;
	}
	d->out = stdout;
	d->next_bp_id = 1;
	d->x_fmt = 'x';
	d->x_size = 4;
	d->ex.dw = d->dw;
	d->ex.st = d->st;
	d->ex.opaque = d;
	d->ex.read = ex_read;
	d->ex.write = t->write_phys ? ex_write : NULL;
	d->ex.get_reg = ex_get_reg;
	d->ex.set_reg = ex_set_reg;
	d->ex.lookup_local = ex_lookup_local;
	return d;
}

void dbg_destroy(struct dbg *d)
{
	if (!d)
		return;
	dbg_syscall_free(d);
	dbg_usersyms_free(d);
	sym_destroy(d->st);
	dw_destroy(d->dw);
	free(d);
}

struct dbg_symtab *dbg_symtab(struct dbg *d) { return d->st; }
struct dbg_dwarf *dbg_dwarf(struct dbg *d) { return d->dw; }

void dbg_set_output(struct dbg *d, FILE *f)
{
	d->out = f;
	d->out_fn = NULL;
}

void dbg_set_output_fn(struct dbg *d, void (*fn)(void *ctx, const char *s), void *ctx)
{
	d->out_fn = fn;
	d->out_ctx = ctx;
}

void dbg_set_poll_fn(struct dbg *d, bool (*fn)(void *ctx), void *ctx)
{
	d->poll_fn = fn;
	d->poll_ctx = ctx;
}

static void vout(struct dbg *d, const char *fmt, va_list ap)
{
	if (d->out_fn) {
		char buf[1024];
		vsnprintf(buf, sizeof(buf), fmt, ap);
		d->out_fn(d->out_ctx, buf);
	} else {
		vfprintf(d->out, fmt, ap);
	}
}

void dbg_printf(struct dbg *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vout(d, fmt, ap);
	va_end(ap);
}

void dbg_print_cb(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vout(ctx, fmt, ap);
	va_end(ap);
}

void dbg_err(struct dbg *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vout(d, fmt, ap);
	va_end(ap);
	dbg_printf(d, "\n");
}

int dbg_load_symbols(struct dbg *d, const char *path)
{
	char err[256];
	int n = sym_load_elf(d->st, path, err, sizeof(err));
	if (n < 0) {
		dbg_err(d, "%s", err);
		return -1;
	}
	int m = dw_load(d->dw, path, err, sizeof(err));
	if (m < 0) {
		dbg_err(d, "%s", err);
		return -1;
	}
	dbg_printf(d, "Reading symbols from %s: %d symbols%s\n", path, n,
		   m > 0 ? ", DWARF" : " (no debugging information)");
	return 0;
}

/* ---- registers ---- */

void dbg_regs(struct dbg *d, struct dbg_regs *r)
{
	memset(r, 0, sizeof(*r));
	if (d->t->get_regs)
		d->t->get_regs(d->t->opaque, r);
}

int dbg_code_bits(const struct dbg_regs *r)
{
	if (!(r->cr0 & CR0_PE) || (r->eflags & FLAG_VM))
		return 16;
	return (r->seg[DBG_CS].attr & 0x4000) ? 32 : 16;
}

u32 dbg_pc(const struct dbg_regs *r)
{
	u32 ip = dbg_code_bits(r) == 16 ? (r->eip & 0xffff) : r->eip;
	return r->seg[DBG_CS].base + ip;
}

bool dbg_reg_by_name(struct dbg *d, const char *name, u64 *val, int *size)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	*size = 4;
	for (int i = 0; i < 8; i++) {
		if (!strcmp(name, reg32[i])) {
			*val = r.gpr[i];
			return true;
		}
		if (!strcmp(name, reg16[i])) {
			*val = r.gpr[i] & 0xffff;
			*size = 2;
			return true;
		}
		if (!strcmp(name, reg8[i])) {
			*val = (r.gpr[i & 3] >> (i & 4 ? 8 : 0)) & 0xff;
			*size = 1;
			return true;
		}
	}
	for (int i = 0; i < DBG_NSEG; i++) {
		if (!strcmp(name, segname[i])) {
			*val = r.seg[i].sel;
			*size = 2;
			return true;
		}
	}
	if (!strcmp(name, "pid") || !strcmp(name, "ppid")) {
		/* The running task's (and its parent's), for per-process breakpoints. */
		*size = 4;
		return dbg_current_pid(d, name[0] == 'p' && name[1] == 'p', val);
	}
	struct { const char *n; u64 v; } named[] = {
		{ "eip", r.eip }, { "pc", dbg_pc(&r) }, { "ip", r.eip & 0xffff },
		{ "sp", r.gpr[DBG_ESP] }, { "fp", r.gpr[DBG_EBP] }, { "eflags", r.eflags },
		{ "flags", r.eflags }, { "cr0", r.cr0 }, { "cr2", r.cr2 }, { "cr3", r.cr3 },
		{ "cr4", r.cr4 }, { "dr0", r.dr[0] }, { "dr1", r.dr[1] }, { "dr2", r.dr[2] },
		{ "dr3", r.dr[3] }, { "dr6", r.dr[6] }, { "dr7", r.dr[7] },
		{ "icount", r.icount }, { "fctrl", r.fctrl }, { "fstat", r.fstat },
		{ "ftag", r.ftag }, { "fiseg", r.fiseg }, { "fioff", r.fioff },
		{ "foseg", r.foseg }, { "fooff", r.fooff }, { "fop", r.fop },
	};
	for (size_t i = 0; i < ARRAY_SIZE(named); i++) {
		if (!strcmp(name, named[i].n)) {
			*val = named[i].v;
			*size = !strcmp(name, "icount") ? 8 : 4;
			return true;
		}
	}
	return false;
}

/* ---- memory ---- */

int dbg_read_phys(struct dbg *d, u64 paddr, void *buf, u32 len)
{
	if (!d->t->read_phys)
		return -1;
	return d->t->read_phys(d->t->opaque, paddr, buf, len);
}

static int read_entry(struct dbg *d, u64 pa, int size, u64 *out)
{
	u8 b[8] = { 0 };
	if (dbg_read_phys(d, pa, b, size) != 0)
		return -1;
	*out = ld64(b);
	return 0;
}

void dbg_walk(struct dbg *d, u32 cr0, u32 cr3, u32 cr4, u32 lin, struct dbg_walk *w)
{
	memset(w, 0, sizeof(*w));
	if (!(cr0 & CR0_PG)) {
		w->pa = lin;
		w->ok = true;
		w->page_size = PAGE_SIZE;
		return;
	}
	u64 e;
	if (cr4 & CR4_PAE) {
		const u64 addr_mask = 0x0000000ffffff000ull;	/* 36-bit physical */
		u64 table = cr3 & ~0x1fu;
		static const char *const names[] = { "PDPTE", "PDE", "PTE" };
		int shifts[] = { 30, 21, 12 };
		int masks[] = { 3, 0x1ff, 0x1ff };
		for (int lvl = 0; lvl < 3; lvl++) {
			int idx = (lin >> shifts[lvl]) & masks[lvl];
			u64 ea = table + idx * 8;
			w->lvl[w->n].name = names[lvl];
			w->lvl[w->n].entry_addr = ea;
			w->lvl[w->n].index = idx;
			if (read_entry(d, ea, 8, &e) < 0) {
				w->fault = names[lvl];
				return;
			}
			w->lvl[w->n++].entry = e;
			if (!(e & 1)) {
				w->fault = names[lvl];
				return;
			}
			if (lvl == 1 && (e & 0x80)) {
				w->pa = (e & 0x0000000fffe00000ull) | (lin & 0x1fffff);
				w->page_size = 2u << 20;
				w->ok = true;
				return;
			}
			table = e & addr_mask;
		}
		w->pa = (e & addr_mask) | (lin & 0xfff);
		w->page_size = PAGE_SIZE;
		w->ok = true;
		return;
	}
	u64 ea = (cr3 & PAGE_MASK) + (lin >> 22) * 4;
	w->lvl[0].name = "PDE";
	w->lvl[0].entry_addr = ea;
	w->lvl[0].index = lin >> 22;
	if (read_entry(d, ea, 4, &e) < 0 || !((w->lvl[0].entry = e) & 1)) {
		w->n = 1;
		w->fault = "PDE";
		return;
	}
	w->n = 1;
	if ((e & 0x80) && (cr4 & CR4_PSE)) {
		w->pa = (e & 0xffc00000u) | (lin & 0x3fffff);
		w->page_size = 4u << 20;
		w->ok = true;
		return;
	}
	ea = (e & PAGE_MASK) + ((lin >> 12) & 0x3ff) * 4;
	w->lvl[1].name = "PTE";
	w->lvl[1].entry_addr = ea;
	w->lvl[1].index = (lin >> 12) & 0x3ff;
	w->n = 2;
	if (read_entry(d, ea, 4, &e) < 0 || !((w->lvl[1].entry = e) & 1)) {
		w->fault = "PTE";
		return;
	}
	w->pa = (e & PAGE_MASK) | (lin & 0xfff);
	w->page_size = PAGE_SIZE;
	w->ok = true;
}

int dbg_translate(struct dbg *d, u32 cr0, u32 cr3, u32 cr4, u32 lin, u64 *pa)
{
	struct dbg_walk w;
	dbg_walk(d, cr0, cr3, cr4, lin, &w);
	*pa = w.pa;
	return w.ok ? 0 : -1;
}

/* Run fn over [lin, lin+len) a page at a time, translated with the current
 * paging registers. */
static int linear_io(struct dbg *d, u32 lin, u8 *buf, u32 len, bool write)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	while (len) {
		u32 chunk = PAGE_SIZE - (lin & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		u64 pa;
		if (dbg_translate(d, r.cr0, d->read_cr3 ? d->read_cr3 : r.cr3, r.cr4, lin, &pa) < 0)
			return -1;
		int rc = write ? d->t->write_phys(d->t->opaque, pa, buf, chunk)
			       : dbg_read_phys(d, pa, buf, chunk);
		if (rc != 0)
			return -1;
		lin += chunk;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

int dbg_read_linear(struct dbg *d, u32 lin, void *buf, u32 len)
{
	return linear_io(d, lin, buf, len, false);
}

int dbg_write_linear(struct dbg *d, u32 lin, const void *buf, u32 len)
{
	if (!d->t->write_phys)
		return -1;
	return linear_io(d, lin, (u8 *)buf, len, true);
}

int dbg_parse_addr(struct dbg *d, const char *s, u32 *addr)
{
	/* SEG:OFF, both hex, real-mode arithmetic (the boot code's view). */
	const char *colon = strchr(s, ':');
	if (colon && !strchr(s, '?')) {
		char seg[64];
		size_t n = colon - s;
		if (n < sizeof(seg)) {
			memcpy(seg, s, n);
			seg[n] = 0;
			u64 sv, ov;
			if (expr_eval_u64(&d->ex, seg, &sv) == 0 &&
			    expr_eval_u64(&d->ex, colon + 1, &ov) == 0) {
				*addr = (u32)((sv & 0xffff) << 4) + (u32)ov;
				return 0;
			}
		}
	}
	u64 v;
	if (expr_eval_u64(&d->ex, s, &v) < 0) {
		dbg_err(d, "%s", d->ex.err);
		return -1;
	}
	*addr = (u32)v;
	return 0;
}

int dbg_phys_to_lin(struct dbg *d, u64 pa, u32 *lin, int max)
{
	struct dbg_regs r;
	dbg_regs(d, &r);
	if (!(r.cr0 & 0x80000000u)) {
		if (max > 0)
			lin[0] = (u32)pa;
		return max > 0;
	}
	int n = 0;
	u64 a = 0;
	while (a < 0x100000000ull && n < max) {
		struct dbg_walk w;
		dbg_walk(d, r.cr0, r.cr3, r.cr4, (u32)a, &w);
		u64 step = PAGE_SIZE;
		if (w.ok) {
			step = w.page_size;
			u64 frame = w.pa & ~(u64)(step - 1);
			if (pa >= frame && pa < frame + step)
				lin[n++] = (u32)((a & ~(step - 1)) + (pa - frame));
		} else if (w.fault && !strcmp(w.fault, "PDPTE")) {
			step = 1ull << 30;
		} else if (w.fault && !strcmp(w.fault, "PDE")) {
			step = (r.cr4 & CR4_PAE) ? (2ull << 20) : (4ull << 20);
		}
		a = (a & ~(step - 1)) + step;
	}
	return n;
}
