/*
 * DWARF reading for the debugger, through elfutils' libdw (DWARF 4/5,
 * sections 2 "General Description", 5 "Type Entries", 6.2 "Line Number
 * Information"). At load time every compilation unit's top-level DIEs are
 * indexed by name (variables with a fixed address, functions with code, named
 * types, enumerators), keeping only the DIE offset; everything else is asked
 * of libdw when a command needs it, so the index stays small and struct
 * layouts always come from the file, never from a copy in the debugger.
 */
#include <dwarf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/sym/dwarf.h"

enum dw_kind { DK_VAR, DK_FUNC, DK_TYPE, DK_ENUM, DK_DECL };

struct dw_entry {
	const char *name;	/* owned by libdw's string table */
	Dwarf *dbg;
	Dwarf_Off off;		/* the DIE */
	u32 addr;		/* variable address / function entry */
	s64 value;		/* enumerator value */
	u8 kind;
	u8 tag;			/* DW_TAG_* for types */
};

struct dw_file {
	Dwarf *dbg;
	int fd;
	char origin[64];	/* "" for files loaded for good; a module's "[name]" */
	Dwarf_CFI *eh_cfi;	/* .eh_frame's CFI, read when first needed */
	bool eh_tried;
};

struct dbg_dwarf {
	struct dw_file files[64];
	int nfiles;
	struct dw_entry *ent;
	int n, cap;
};

struct dbg_dwarf *dw_create(void)
{
	return calloc(1, sizeof(struct dbg_dwarf));
}

void dw_destroy(struct dbg_dwarf *dw)
{
	if (!dw)
		return;
	for (int i = 0; i < dw->nfiles; i++) {
		if (dw->files[i].eh_cfi)
			dwarf_cfi_end(dw->files[i].eh_cfi);
		dwarf_end(dw->files[i].dbg);
		close(dw->files[i].fd);
	}
	free(dw->ent);
	free(dw);
}

bool dw_loaded(const struct dbg_dwarf *dw)
{
	return dw && dw->n > 0;
}

static struct dw_entry *dw_add(struct dbg_dwarf *dw)
{
	if (dw->n == dw->cap) {
		int cap = dw->cap ? dw->cap * 2 : 1024;
		struct dw_entry *e = realloc(dw->ent, cap * sizeof(*e));
		if (!e)
			return NULL;
		dw->ent = e;
		dw->cap = cap;
	}
	struct dw_entry *e = &dw->ent[dw->n++];
	memset(e, 0, sizeof(*e));
	return e;
}

/* The fixed address of a variable (DW_OP_addr location), if it has one. */
static bool var_addr(Dwarf_Die *die, u32 *addr)
{
	Dwarf_Attribute at;
	Dwarf_Op *ops;
	size_t nops;
	if (!dwarf_attr(die, DW_AT_location, &at))
		return false;
	if (dwarf_getlocation(&at, &ops, &nops) != 0 || nops != 1 || ops[0].atom != DW_OP_addr)
		return false;
	*addr = (u32)ops[0].number;
	return true;
}

static int index_die(struct dbg_dwarf *dw, Dwarf *dbg, Dwarf_Die *die)
{
	int tag = dwarf_tag(die);
	const char *name = dwarf_diename(die);
	struct dw_entry *e;
	u32 addr;
	Dwarf_Addr lo;

	switch (tag) {
	case DW_TAG_variable:
		if (!var_addr(die, &addr)) {
			/* A declaration only (extern, or a linker alias such as
			 * jiffies = jiffies_64): its type still helps. */
			if (!name || !dwarf_hasattr(die, DW_AT_declaration) || !dwarf_hasattr(die, DW_AT_type))
				return 0;
			for (int i = dw->n - 1; i >= 0 && i >= dw->n - 4096; i--)
				if (dw->ent[i].kind == DK_DECL && !strcmp(dw->ent[i].name, name))
					return 0;	/* one per name is enough */
			if (!(e = dw_add(dw)))
				return -1;
			e->kind = DK_DECL;
			break;
		}
		if (!name) {
			/* A definition pointing at its declaration by DW_AT_specification. */
			Dwarf_Attribute at;
			Dwarf_Die spec;
			if (dwarf_attr(die, DW_AT_specification, &at) && dwarf_formref_die(&at, &spec))
				name = dwarf_diename(&spec);
		}
		if (!name || !(e = dw_add(dw)))
			return name ? -1 : 0;
		e->kind = DK_VAR;
		e->addr = addr;
		break;
	case DW_TAG_subprogram:
		if (!name || dwarf_lowpc(die, &lo) != 0 || !(e = dw_add(dw)))
			return 0;
		e->kind = DK_FUNC;
		e->addr = (u32)lo;
		break;
	case DW_TAG_structure_type:
	case DW_TAG_union_type:
	case DW_TAG_enumeration_type:
	case DW_TAG_typedef:
	case DW_TAG_base_type:
		if (tag == DW_TAG_enumeration_type) {
			/* Index its enumerators whether or not the enum is named. */
			Dwarf_Die c;
			if (dwarf_child(die, &c) == 0) {
				do {
					Dwarf_Attribute at;
					Dwarf_Sword v;
					const char *en = dwarf_diename(&c);
					if (!en || !dwarf_attr(&c, DW_AT_const_value, &at) ||
					    dwarf_formsdata(&at, &v) != 0 || !(e = dw_add(dw)))
						continue;
					e->name = en;
					e->dbg = dbg;
					e->off = dwarf_dieoffset(&c);
					e->kind = DK_ENUM;
					e->value = v;
				} while (dwarf_siblingof(&c, &c) == 0);
			}
		}
		if (!name || dwarf_hasattr(die, DW_AT_declaration) || !(e = dw_add(dw)))
			return 0;
		e->kind = DK_TYPE;
		e->tag = tag;
		break;
	default:
		return 0;
	}
	e->name = name;
	e->dbg = dbg;
	e->off = dwarf_dieoffset(die);
	return 0;
}

int dw_load(struct dbg_dwarf *dw, const char *path, char *err, size_t errlen)
{
	if (dw->nfiles == (int)(sizeof(dw->files) / sizeof(dw->files[0]))) {
		snprintf(err, errlen, "%s: too many DWARF files", path);
		return -1;
	}
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	Dwarf *dbg = dwarf_begin(fd, DWARF_C_READ);
	if (!dbg) {
		close(fd);
		return 0;	/* no DWARF: not an error, symbols still work */
	}
	dw->files[dw->nfiles].dbg = dbg;
	dw->files[dw->nfiles].fd = fd;
	dw->files[dw->nfiles].origin[0] = 0;
	dw->files[dw->nfiles].eh_cfi = NULL;
	dw->files[dw->nfiles].eh_tried = false;
	dw->nfiles++;

	int before = dw->n;
	Dwarf_Off off = 0, next;
	size_t hsize;
	while (dwarf_nextcu(dbg, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu, child;
		if (dwarf_offdie(dbg, off + hsize, &cu) && dwarf_child(&cu, &child) == 0) {
			do {
				if (index_die(dw, dbg, &child) < 0) {
					snprintf(err, errlen, "%s: out of memory", path);
					return -1;
				}
			} while (dwarf_siblingof(&child, &child) == 0);
		}
		off = next;
	}
	return dw->n - before;
}

int dw_load_origin(struct dbg_dwarf *dw, const char *path, const char *origin, char *err,
		   size_t errlen)
{
	int before = dw->nfiles, n = dw_load(dw, path, err, errlen);
	if (dw->nfiles > before)
		snprintf(dw->files[dw->nfiles - 1].origin, sizeof(dw->files[0].origin), "%s", origin);
	return n;
}

int dw_drop_origin(struct dbg_dwarf *dw, const char *origin)
{
	int dropped = 0;
	for (int f = 0; f < dw->nfiles; f++) {
		if (origin ? strcmp(dw->files[f].origin, origin) : !dw->files[f].origin[0])
			continue;
		Dwarf *dbg = dw->files[f].dbg;
		int j = 0;
		for (int i = 0; i < dw->n; i++)
			if (dw->ent[i].dbg != dbg)
				dw->ent[j++] = dw->ent[i];
		dw->n = j;
		if (dw->files[f].eh_cfi)
			dwarf_cfi_end(dw->files[f].eh_cfi);
		dwarf_end(dbg);
		close(dw->files[f].fd);
		memmove(&dw->files[f], &dw->files[f + 1], (dw->nfiles - f - 1) * sizeof(dw->files[0]));
		dw->nfiles--;
		f--;
		dropped++;
	}
	return dropped;
}

static bool die_of(struct dw_entry *e, Dwarf_Die *out)
{
	return dwarf_offdie(e->dbg, e->off, out) != NULL;
}

bool dw_find_var(struct dbg_dwarf *dw, const char *name, Dwarf_Die *type, u32 *addr)
{
	if (!dw)
		return false;
	for (int i = 0; i < dw->n; i++) {
		struct dw_entry *e = &dw->ent[i];
		if (e->kind != DK_VAR || strcmp(e->name, name))
			continue;
		Dwarf_Die die, spec;
		if (!die_of(e, &die))
			continue;
		Dwarf_Attribute at;
		/* The type may live on the declaration rather than the definition. */
		if (!dwarf_attr(&die, DW_AT_type, &at) &&
		    dwarf_attr(&die, DW_AT_specification, &at) && dwarf_formref_die(&at, &spec))
			die = spec;
		if (!dwarf_attr(&die, DW_AT_type, &at) || !dwarf_formref_die(&at, type))
			continue;
		*addr = e->addr;
		return true;
	}
	return false;
}

bool dw_find_decl(struct dbg_dwarf *dw, const char *name, Dwarf_Die *type)
{
	if (!dw)
		return false;
	for (int i = 0; i < dw->n; i++) {
		struct dw_entry *e = &dw->ent[i];
		Dwarf_Die die;
		Dwarf_Attribute at;
		if (e->kind == DK_DECL && !strcmp(e->name, name) && die_of(e, &die) &&
		    dwarf_attr(&die, DW_AT_type, &at) && dwarf_formref_die(&at, type))
			return true;
	}
	return false;
}

bool dw_find_func(struct dbg_dwarf *dw, const char *name, Dwarf_Die *die, u32 *addr)
{
	if (!dw)
		return false;
	for (int i = 0; i < dw->n; i++) {
		struct dw_entry *e = &dw->ent[i];
		if (e->kind == DK_FUNC && !strcmp(e->name, name) && die_of(e, die)) {
			*addr = e->addr;
			return true;
		}
	}
	return false;
}

bool dw_func_at(struct dbg_dwarf *dw, u32 addr, Dwarf_Die *die, u32 *lo, u32 *hi)
{
	if (!dw)
		return false;
	/* Functions do not overlap: only the one starting last at or below
	 * addr can hold it. Finding it costs no libdw calls (this runs for
	 * every frame and every local the debugger looks up). */
	int best = -1;
	for (int i = 0; i < dw->n; i++)
		if (dw->ent[i].kind == DK_FUNC && dw->ent[i].addr <= addr &&
		    (best < 0 || dw->ent[i].addr > dw->ent[best].addr))
			best = i;
	if (best >= 0) {
		Dwarf_Addr l, h;
		if (die_of(&dw->ent[best], die) && dwarf_lowpc(die, &l) == 0 &&
		    dwarf_highpc(die, &h) == 0) {
			if (addr < l || addr >= h)
				return false;
			if (lo)
				*lo = (u32)l;
			if (hi)
				*hi = (u32)h;
			return true;
		}
	}
	/* Unusual DIEs (no high pc): look at every candidate. */
	for (int i = 0; i < dw->n; i++) {
		struct dw_entry *e = &dw->ent[i];
		Dwarf_Addr l, h;
		if (e->kind != DK_FUNC || e->addr > addr || !die_of(e, die))
			continue;
		if (dwarf_lowpc(die, &l) != 0 || dwarf_highpc(die, &h) != 0)
			continue;
		if (addr >= l && addr < h) {
			if (lo)
				*lo = (u32)l;
			if (hi)
				*hi = (u32)h;
			return true;
		}
	}
	return false;
}

bool dw_find_enumerator(struct dbg_dwarf *dw, const char *name, s64 *val)
{
	if (!dw)
		return false;
	for (int i = 0; i < dw->n; i++) {
		if (dw->ent[i].kind == DK_ENUM && !strcmp(dw->ent[i].name, name)) {
			*val = dw->ent[i].value;
			return true;
		}
	}
	return false;
}

/* Collapse runs of blanks so "unsigned  int" matches "unsigned int". */
static void squeeze(const char *in, char *out, size_t len)
{
	size_t j = 0;
	bool sp = false;
	while (*in == ' ')
		in++;
	for (; *in && j + 1 < len; in++) {
		if (*in == ' ' || *in == '\t') {
			sp = true;
			continue;
		}
		if (sp && j)
			out[j++] = ' ';
		sp = false;
		out[j++] = *in;
	}
	out[j] = 0;
}

bool dw_find_type(struct dbg_dwarf *dw, const char *spelled, Dwarf_Die *type)
{
	if (!dw)
		return false;
	char name[128];
	squeeze(spelled, name, sizeof(name));
	int want = 0;	/* 0: typedef or base type */
	const char *n = name;
	if (!strncmp(n, "struct ", 7)) {
		want = DW_TAG_structure_type;
		n += 7;
	} else if (!strncmp(n, "union ", 6)) {
		want = DW_TAG_union_type;
		n += 6;
	} else if (!strncmp(n, "enum ", 5)) {
		want = DW_TAG_enumeration_type;
		n += 5;
	}
	/* gcc spells some base types differently from how people type them. */
	static const char *const alias[][2] = {
		{ "unsigned", "unsigned int" },
		{ "signed", "int" },
		{ "long", "long int" },
		{ "unsigned long", "long unsigned int" },
		{ "long long", "long long int" },
		{ "unsigned long long", "long long unsigned int" },
		{ "short", "short int" },
		{ "unsigned short", "short unsigned int" },
		{ "unsigned char", "unsigned char" },
	};
	for (size_t i = 0; !want && i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcmp(n, alias[i][0]))
			n = alias[i][1];
	for (int i = 0; i < dw->n; i++) {
		struct dw_entry *e = &dw->ent[i];
		if (e->kind != DK_TYPE || strcmp(e->name, n))
			continue;
		if (want ? e->tag != want
			 : (e->tag != DW_TAG_typedef && e->tag != DW_TAG_base_type))
			continue;
		/* Prefer a complete struct (with members) over an empty one. */
		if (die_of(e, type))
			return true;
	}
	return false;
}

/* ---- line tables ---- */

bool dw_cu_at(struct dbg_dwarf *dw, u32 addr, Dwarf_Die *cu)
{
	if (!dw)
		return false;
	for (int i = 0; i < dw->nfiles; i++)
		if (dwarf_addrdie(dw->files[i].dbg, addr, cu))
			return true;
	return false;
}

bool dw_addr_line(struct dbg_dwarf *dw, u32 addr, const char **file, int *line)
{
	Dwarf_Die cu;
	Dwarf_Lines *lines;
	size_t n;
	if (!dw_cu_at(dw, addr, &cu))
		return false;
	Dwarf_Line *l = NULL;
	if (dwarf_getsrclines(&cu, &lines, &n) == 0 && n) {
		/* The last row at or below addr (libdw sorts rows by address): of
		 * several rows at one address the last wins, as in gdb, which
		 * drops the earlier ones as empty ("{" and the first statement
		 * of a function often share its entry). */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			Dwarf_Addr a;
			dwarf_lineaddr(dwarf_onesrcline(lines, mid), &a);
			if (a <= addr)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool end, stmt;
		if (lo && (l = dwarf_onesrcline(lines, lo - 1)) &&
		    dwarf_lineendsequence(l, &end) == 0 && end)
			l = NULL;	/* past the end of a sequence */
		/* Prefer the last statement row at that address (gcc adds
		 * non-statement rows for views). */
		Dwarf_Addr at, a2;
		if (l && dwarf_lineaddr(l, &at) == 0) {
			for (size_t i = lo; i-- > 0;) {
				Dwarf_Line *r = dwarf_onesrcline(lines, i);
				if (dwarf_lineaddr(r, &a2) != 0 || a2 != at)
					break;
				if (dwarf_linebeginstatement(r, &stmt) == 0 && stmt &&
				    dwarf_lineendsequence(r, &end) == 0 && !end) {
					l = r;
					break;
				}
			}
		}
	} else {
		l = dwarf_getsrc_die(&cu, addr);
	}
	if (!l || dwarf_lineno(l, line) != 0)
		return false;
	*file = dwarf_linesrc(l, NULL, NULL);
	return *file != NULL;
}

const char *dw_comp_dir(struct dbg_dwarf *dw, u32 addr)
{
	Dwarf_Die cu;
	Dwarf_Attribute at;
	if (!dw_cu_at(dw, addr, &cu) || !dwarf_attr(&cu, DW_AT_comp_dir, &at))
		return NULL;
	return dwarf_formstring(&at);
}

bool dw_line_range(struct dbg_dwarf *dw, u32 addr, u32 *lo, u32 *hi)
{
	Dwarf_Die cu;
	Dwarf_Lines *lines;
	size_t n;
	if (!dw_cu_at(dw, addr, &cu) || dwarf_getsrclines(&cu, &lines, &n) != 0)
		return false;
	/* Rows are sorted by address; the row at or below addr starts its range. */
	for (size_t i = 0; i + 1 < n; i++) {
		Dwarf_Line *l = dwarf_onesrcline(lines, i), *nx = dwarf_onesrcline(lines, i + 1);
		Dwarf_Addr a, b;
		bool end;
		dwarf_lineaddr(l, &a);
		dwarf_lineaddr(nx, &b);
		if (dwarf_lineendsequence(l, &end) == 0 && end)
			continue;
		if (addr >= a && addr < b) {
			*lo = (u32)a;
			/* Extend over following rows of the same line. */
			int ln, ln2;
			dwarf_lineno(l, &ln);
			size_t j = i + 1;
			while (j + 1 < n) {
				Dwarf_Line *r = dwarf_onesrcline(lines, j);
				dwarf_lineno(r, &ln2);
				if (ln2 != ln || (dwarf_lineendsequence(r, &end) == 0 && end))
					break;
				j++;
			}
			dwarf_lineaddr(dwarf_onesrcline(lines, j), &b);
			*hi = (u32)b;
			return true;
		}
	}
	return false;
}

static bool suffix_match(const char *path, const char *want)
{
	size_t lp = strlen(path), lw = strlen(want);
	if (lw > lp)
		return false;
	return !strcmp(path + lp - lw, want) && (lw == lp || path[lp - lw - 1] == '/');
}

bool dw_line_addr(struct dbg_dwarf *dw, const char *file, int line, u32 *addr)
{
	if (!dw)
		return false;
	bool found = false;
	u32 best = 0;
	int best_line = 0;
	for (int f = 0; f < dw->nfiles; f++) {
		Dwarf_Off off = 0, next;
		size_t hsize;
		while (dwarf_nextcu(dw->files[f].dbg, off, &next, &hsize, NULL, NULL, NULL) == 0) {
			Dwarf_Die cu;
			Dwarf_Lines *lines;
			size_t n;
			if (dwarf_offdie(dw->files[f].dbg, off + hsize, &cu) &&
			    dwarf_getsrclines(&cu, &lines, &n) == 0) {
				for (size_t i = 0; i < n; i++) {
					Dwarf_Line *l = dwarf_onesrcline(lines, i);
					int ln;
					Dwarf_Addr a;
					const char *src = dwarf_linesrc(l, NULL, NULL);
					if (!src || !suffix_match(src, file) || dwarf_lineno(l, &ln))
						continue;
					dwarf_lineaddr(l, &a);
					/* The lowest address of the first line at or after the one asked. */
					if (ln >= line && (!found || ln < best_line ||
							   (ln == best_line && a < best))) {
						found = true;
						best = (u32)a;
						best_line = ln;
					}
				}
			}
			off = next;
		}
	}
	*addr = best;
	return found;
}

/* ---- types ---- */

bool dw_target(Dwarf_Die *t, Dwarf_Die *out)
{
	Dwarf_Attribute at;
	return t && dwarf_attr_integrate(t, DW_AT_type, &at) && dwarf_formref_die(&at, out);
}

int dw_strip(Dwarf_Die *t, Dwarf_Die *out)
{
	if (!t)
		return 0;
	Dwarf_Die cur = *t;
	for (int depth = 0; depth < 32; depth++) {
		int tag = dwarf_tag(&cur);
		if (tag != DW_TAG_typedef && tag != DW_TAG_const_type &&
		    tag != DW_TAG_volatile_type && tag != DW_TAG_restrict_type &&
		    tag != DW_TAG_atomic_type) {
			*out = cur;
			return tag;
		}
		if (!dw_target(&cur, &cur))
			return 0;	/* const void */
	}
	return 0;
}

u32 dw_array_count(Dwarf_Die *arr)
{
	Dwarf_Die c;
	if (dwarf_child(arr, &c) != 0)
		return 0;
	do {
		if (dwarf_tag(&c) != DW_TAG_subrange_type)
			continue;
		Dwarf_Attribute at;
		Dwarf_Word w;
		if (dwarf_attr(&c, DW_AT_count, &at) && dwarf_formudata(&at, &w) == 0)
			return (u32)w;
		if (dwarf_attr(&c, DW_AT_upper_bound, &at) && dwarf_formudata(&at, &w) == 0)
			return (u32)w + 1;
		return 0;
	} while (dwarf_siblingof(&c, &c) == 0);
	return 0;
}

u32 dw_size(Dwarf_Die *t)
{
	Dwarf_Die s;
	int tag = dw_strip(t, &s);
	if (!tag)
		return 0;
	if (tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type)
		return 4;
	if (tag == DW_TAG_subroutine_type)
		return 1;
	Dwarf_Word w;
	if (dwarf_aggregate_size(&s, &w) == 0)
		return (u32)w;
	return 0;
}

int dw_encoding(Dwarf_Die *t)
{
	Dwarf_Die s;
	Dwarf_Attribute at;
	Dwarf_Word w;
	if (dw_strip(t, &s) != DW_TAG_base_type || !dwarf_attr(&s, DW_AT_encoding, &at) ||
	    dwarf_formudata(&at, &w) != 0)
		return 0;
	return (int)w;
}

bool dw_is_signed(Dwarf_Die *t)
{
	Dwarf_Die s;
	int tag = dw_strip(t, &s);
	if (tag == DW_TAG_enumeration_type) {
		Dwarf_Die u;
		return dw_target(&s, &u) ? dw_is_signed(&u) : false;
	}
	int e = dw_encoding(t);
	return e == DW_ATE_signed || e == DW_ATE_signed_char;
}

bool dw_member(Dwarf_Die *agg, const char *name, Dwarf_Die *mtype, u32 *off, int *bit_size,
	       int *bit_off)
{
	Dwarf_Die s, c;
	int tag = dw_strip(agg, &s);
	if ((tag != DW_TAG_structure_type && tag != DW_TAG_union_type) || dwarf_child(&s, &c))
		return false;
	do {
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		Dwarf_Attribute at;
		Dwarf_Word moff = 0;
		if (dwarf_attr(&c, DW_AT_data_member_location, &at))
			dwarf_formudata(&at, &moff);
		const char *mn = dwarf_diename(&c);
		Dwarf_Die mt;
		if (!dw_target(&c, &mt))
			continue;
		if (mn && !strcmp(mn, name)) {
			*mtype = mt;
			*off = (u32)moff;
			*bit_size = 0;
			*bit_off = 0;
			int bs = dwarf_bitsize(&c);
			if (bs > 0) {
				Dwarf_Word dbo;
				*bit_size = bs;
				if (dwarf_attr(&c, DW_AT_data_bit_offset, &at) &&
				    dwarf_formudata(&at, &dbo) == 0) {
					*off = (u32)(dbo / 8);
					*bit_off = (int)(dbo % 8);
				} else {
					/* DWARF 2/3 big-endian-style bit offset. */
					int bo = dwarf_bitoffset(&c);
					u32 sz = dw_size(&mt);
					*bit_off = (int)(sz * 8) - bo - bs;
				}
			}
			return true;
		}
		if (!mn) {
			/* Anonymous struct/union: look inside. */
			u32 inner;
			if (dw_member(&mt, name, mtype, &inner, bit_size, bit_off)) {
				*off = (u32)moff + inner;
				return true;
			}
		}
	} while (dwarf_siblingof(&c, &c) == 0);
	return false;
}

/* gdb prints gcc's base type names in their short C spelling. */
static const char *gdb_base_name(const char *name)
{
	static const char *const map[][2] = {
		{ "long int", "long" }, { "long unsigned int", "unsigned long" },
		{ "short int", "short" }, { "short unsigned int", "unsigned short" },
		{ "long long int", "long long" }, { "long long unsigned int", "unsigned long long" },
	};
	for (size_t i = 0; name && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(name, map[i][0]))
			return map[i][1];
	return name;
}

static const char *tag_word(int tag)
{
	switch (tag) {
	case DW_TAG_structure_type: return "struct ";
	case DW_TAG_union_type: return "union ";
	case DW_TAG_enumeration_type: return "enum ";
	default: return "";
	}
}

/* The parameter list of a subroutine type: "(int, char *)". */
static void type_decl(Dwarf_Die *t, const char *inner, char *buf, size_t len, int depth);

static void params(Dwarf_Die *fn, char *buf, size_t len, int depth)
{
	Dwarf_Die c;
	size_t j = 0;
	bool any = false;
	j += snprintf(buf + j, len - j, "(");
	if (dwarf_child(fn, &c) == 0) {
		do {
			if (j >= len)
				break;
			if (dwarf_tag(&c) == DW_TAG_unspecified_parameters) {
				j += snprintf(buf + j, len - j, "%s...", any ? ", " : "");
				any = true;
				continue;
			}
			if (dwarf_tag(&c) != DW_TAG_formal_parameter)
				continue;
			char t[128];
			Dwarf_Die pt;
			type_decl(dw_target(&c, &pt) ? &pt : NULL, "", t, sizeof(t), depth + 1);
			j += snprintf(buf + j, len - j, "%s%s", any ? ", " : "", t);
			any = true;
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	if (j < len)
		snprintf(buf + j, len - j, "%s)", any ? "" : "void");
}

/* A type's chain of pointers, arrays and functions is walked by recursion;
 * damaged DWARF can make it a cycle, so it stops at a depth no C type has. */
#define TYPE_DEPTH_MAX 32

void dw_type_decl(Dwarf_Die *t, const char *inner, char *buf, size_t len)
{
	type_decl(t, inner, buf, len, 0);
}

static void type_decl(Dwarf_Die *t, const char *inner, char *buf, size_t len, int depth)
{
	char tmp[512];
	if (!t) {
		snprintf(buf, len, "void%s%s", *inner ? " " : "", inner);
		return;
	}
	if (depth > TYPE_DEPTH_MAX) {
		snprintf(buf, len, "<type too deep>%s%s", *inner ? " " : "", inner);
		return;
	}
	int tag = dwarf_tag(t);
	const char *name = dwarf_diename(t);
	Dwarf_Die sub;
	bool has_sub = dw_target(t, &sub);
	switch (tag) {
	case DW_TAG_pointer_type: {
		int st = has_sub ? dwarf_tag(&sub) : 0;
		if (st == DW_TAG_array_type || st == DW_TAG_subroutine_type)
			snprintf(tmp, sizeof(tmp), "(*%s)", inner);
		else
			snprintf(tmp, sizeof(tmp), "*%s", inner);
		type_decl(has_sub ? &sub : NULL, tmp, buf, len, depth + 1);
		return;
	}
	case DW_TAG_const_type:
	case DW_TAG_volatile_type: {
		const char *q = tag == DW_TAG_const_type ? "const" : "volatile";
		int st = has_sub ? dwarf_tag(&sub) : 0;
		if (st == DW_TAG_pointer_type) {
			snprintf(tmp, sizeof(tmp), " %s%s%s", q, *inner ? " " : "", inner);
			type_decl(&sub, tmp, buf, len, depth + 1);
		} else {
			char b[512];
			type_decl(has_sub ? &sub : NULL, inner, b, sizeof(b), depth + 1);
			snprintf(buf, len, "%s %s", q, b);
		}
		return;
	}
	case DW_TAG_array_type: {
		u32 n = dw_array_count(t);
		if (n)
			snprintf(tmp, sizeof(tmp), "%s[%u]", inner, n);
		else
			snprintf(tmp, sizeof(tmp), "%s[]", inner);
		type_decl(has_sub ? &sub : NULL, tmp, buf, len, depth + 1);
		return;
	}
	case DW_TAG_subroutine_type: {
		char p[256];
		params(t, p, sizeof(p), depth + 1);
		snprintf(tmp, sizeof(tmp), "%s%s", inner, p);
		type_decl(has_sub ? &sub : NULL, tmp, buf, len, depth + 1);
		return;
	}
	default:
		name = gdb_base_name(name);
		snprintf(buf, len, "%s%s%s%s", tag_word(tag), name ? name : "{...}",
			 *inner && inner[0] != '[' && inner[0] != '(' ? " " : "", inner);
		if (*inner && (inner[0] == '[' || inner[0] == '(')) {
			/* "int [4]" reads better with the space gdb puts there. */
			snprintf(buf, len, "%s%s %s", tag_word(tag), name ? name : "{...}", inner);
		}
		return;
	}
}

void dw_ptype(Dwarf_Die *t, dw_print_fn *print, void *ctx)
{
	char buf[512];
	Dwarf_Die s;
	int tag = dw_strip(t, &s);
	if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type) {
		const char *n = dwarf_diename(&s);
		print(ctx, "type = %s%s%s{\n", tag_word(tag), n ? n : "", n ? " " : "");
		Dwarf_Die c;
		if (dwarf_child(&s, &c) == 0) {
			do {
				if (dwarf_tag(&c) != DW_TAG_member)
					continue;
				Dwarf_Die mt;
				const char *mn = dwarf_diename(&c);
				dw_type_decl(dw_target(&c, &mt) ? &mt : NULL, mn ? mn : "", buf,
					     sizeof(buf));
				int bs = dwarf_bitsize(&c);
				if (bs > 0)
					print(ctx, "    %s : %d;\n", buf, bs);
				else
					print(ctx, "    %s;\n", buf);
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		print(ctx, "}\n");
		return;
	}
	if (tag == DW_TAG_enumeration_type) {
		const char *n = dwarf_diename(&s);
		print(ctx, "type = enum %s%s{", n ? n : "", n ? " " : "");
		Dwarf_Die c;
		bool first = true;
		if (dwarf_child(&s, &c) == 0) {
			do {
				const char *en = dwarf_diename(&c);
				print(ctx, "%s%s", first ? "" : ", ", en ? en : "?");
				first = false;
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		print(ctx, "}\n");
		return;
	}
	dw_type_decl(t, "", buf, sizeof(buf));
	print(ctx, "type = %s\n", buf);
}

/* ---- call frame information (DWARF 4 section 6.4, .debug_frame) ---- */

/* Evaluate the small location expressions CFI rules use, with the
 * registers (DWARF numbering: i386 eax ecx edx ebx esp ebp esi edi eip) and
 * the CFA. *is_value says the result is the value itself, not its address. */
static bool cfi_eval(const Dwarf_Op *ops, size_t n, const u32 *regs, u32 cfa, u32 *out,
		     bool *is_value)
{
	u32 st[8];
	int sp = 0;
	*is_value = false;
	for (size_t i = 0; i < n; i++) {
		u8 a = ops[i].atom;
		if (sp >= 7)
			return false;
		if (a >= DW_OP_breg0 && a <= DW_OP_breg8) {
			st[sp++] = regs[a - DW_OP_breg0] + (u32)ops[i].number;
		} else if (a == DW_OP_bregx && ops[i].number <= 8) {
			st[sp++] = regs[ops[i].number] + (u32)ops[i].number2;
		} else if (a >= DW_OP_lit0 && a <= DW_OP_lit31) {
			st[sp++] = a - DW_OP_lit0;
		} else if (a == DW_OP_call_frame_cfa) {
			st[sp++] = cfa;
		} else if (a == DW_OP_constu || a == DW_OP_consts || a == DW_OP_const1u ||
			   a == DW_OP_const1s || a == DW_OP_const2u || a == DW_OP_const2s ||
			   a == DW_OP_const4u || a == DW_OP_const4s) {
			st[sp++] = (u32)ops[i].number;
		} else if (a == DW_OP_plus_uconst && sp >= 1) {
			st[sp - 1] += (u32)ops[i].number;
		} else if (a == DW_OP_plus && sp >= 2) {
			st[sp - 2] += st[sp - 1];
			sp--;
		} else if (a == DW_OP_minus && sp >= 2) {
			st[sp - 2] -= st[sp - 1];
			sp--;
		} else if (a == DW_OP_stack_value) {
			*is_value = true;
		} else {
			return false;	/* nothing else appears in gcc's i386 CFI */
		}
	}
	if (sp < 1)
		return false;
	*out = st[sp - 1];
	return true;
}

bool dw_unwind_frame(struct dbg_dwarf *dw, u32 pc, const u32 *regs, struct dw_unwound *u,
		     int (*read)(void *ctx, u32 addr, void *buf, u32 len), void *ctx)
{
	memset(u, 0, sizeof(*u));
	if (!dw)
		return false;
	for (int f = 0; f < dw->nfiles; f++) {
		Dwarf_CFI *cfi = dwarf_getcfi(dw->files[f].dbg);
		Dwarf_Frame *frame;
		if (!cfi || dwarf_cfi_addrframe(cfi, pc, &frame) != 0) {
			/* User programs keep their CFI in .eh_frame, not .debug_frame. */
			struct dw_file *df = &dw->files[f];
			if (!df->eh_tried) {
				Elf *elf = dwarf_getelf(df->dbg);
				df->eh_cfi = elf ? dwarf_getcfi_elf(elf) : NULL;
				df->eh_tried = true;
			}
			cfi = df->eh_cfi;
			if (!cfi || dwarf_cfi_addrframe(cfi, pc, &frame) != 0)
				continue;
		}
		Dwarf_Op *ops;
		size_t nops;
		u32 cfa;
		bool val;
		if (dwarf_frame_cfa(frame, &ops, &nops) != 0 ||
		    !cfi_eval(ops, nops, regs, 0, &cfa, &val)) {
			free(frame);
			continue;
		}
		bool signalp;
		int ra = dwarf_frame_info(frame, NULL, NULL, &signalp);
		bool ok = ra >= 0 && ra <= 8;
		u32 *caller = u->regs;
		u->cfa = cfa;
		u->have_cfa = true;	/* even if the caller cannot be read */
		for (int r = 0; ok && r <= 8; r++) {
			Dwarf_Op mem[3];
			caller[r] = regs[r];	/* same value unless a rule says otherwise */
			if (dwarf_frame_register(frame, r, mem, &ops, &nops) != 0) {
				if (r == ra)
					ok = false;
				continue;
			}
			if (!nops) {
				/* No ops: "same value" (ops set) or "undefined" (ops
				 * NULL: a call-clobbered register, lost in the caller). */
				if (!ops && r == ra)
					ok = false;	/* undefined return address: outermost */
				/* libdw reads .debug_frame without an ABI backend, so a
				 * register without a rule comes back "undefined". The
				 * i386 ABI says which: EBX, EBP, ESI and EDI survive
				 * calls (so the callee's copy is the caller's), EAX,
				 * ECX and EDX do not. */
				if (r == 3 || r == 5 || r == 6 || r == 7)
					u->same |= 1u << r;
				continue;
			}
			u32 v;
			if (!cfi_eval(ops, nops, regs, cfa, &v, &val)) {
				ok = false;
				break;
			}
			if (val) {
				caller[r] = v;
				u->known |= 1u << r;
			} else if (read(ctx, v, &caller[r], 4) != 0) {
				if (r == ra)
					ok = false;
				caller[r] = regs[r];
			} else {
				u->saved_at[r] = v;
				u->saved |= 1u << r;
				u->known |= 1u << r;
			}
		}
		if (ok) {
			caller[8] = caller[ra];
			caller[4] = cfa;	/* the caller's ESP is the CFA */
			u->known |= 1u << 8 | 1u << 4;
			u->same &= ~(1u << 8 | 1u << 4);
		}
		free(frame);
		return ok;
	}
	return false;
}

bool dw_unwind(struct dbg_dwarf *dw, u32 pc, const u32 *regs, u32 *caller,
	       int (*read)(void *ctx, u32 addr, void *buf, u32 len), void *ctx)
{
	struct dw_unwound u;
	if (!dw_unwind_frame(dw, pc, regs, &u, read, ctx))
		return false;
	memcpy(caller, u.regs, sizeof(u.regs));
	return true;
}
