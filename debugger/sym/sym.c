/*
 * ELF symbol tables for the debugger: the kernel, the BIOS and the boot
 * sector each come as an ELF with a .symtab (System V ABI, "Symbol Table"
 * chapter). We keep every named function and object in one array sorted by
 * address, so address -> symbol+offset is a binary search and name -> address
 * a linear scan (a few thousand names: cheap next to a command's output).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/dbg.h"

struct dbg_symtab {
	struct dbg_sym *syms;
	int n, cap;
	char **files;		/* names of loaded ELFs, owned */
	int nfiles;
	struct sym_range {	/* where each ELF's sections live */
		u32 lo, hi;
		const char *file;
		char *name;	/* ".text", ... (owned) */
	} *ranges;
	int nranges;
};

/* Is addr inside one of file's allocated sections? Unsized symbols (asm
 * labels) are only credited with addresses in their own ELF. */
static bool in_file(const struct dbg_symtab *st, const char *file, u32 addr)
{
	for (int i = 0; i < st->nranges; i++)
		if (st->ranges[i].file == file && addr >= st->ranges[i].lo && addr < st->ranges[i].hi)
			return true;
	return false;
}

const char *sym_section(const struct dbg_symtab *st, const char *file, u32 addr)
{
	for (int i = 0; i < st->nranges; i++)
		if (st->ranges[i].file == file && addr >= st->ranges[i].lo && addr < st->ranges[i].hi &&
		    st->ranges[i].name)
			return st->ranges[i].name;
	return NULL;
}

struct dbg_symtab *sym_create(void)
{
	return calloc(1, sizeof(struct dbg_symtab));
}

void sym_destroy(struct dbg_symtab *st)
{
	if (!st)
		return;
	for (int i = 0; i < st->n; i++)
		free(st->syms[i].name);
	for (int i = 0; i < st->nfiles; i++)
		free(st->files[i]);
	free(st->files);
	for (int i = 0; i < st->nranges; i++)
		free(st->ranges[i].name);
	free(st->ranges);
	free(st->syms);
	free(st);
}

static int sym_cmp(const void *a, const void *b)
{
	const struct dbg_sym *x = a, *y = b;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* Prefer functions, then sized symbols, at equal addresses. */
	if (x->is_func != y->is_func)
		return y->is_func - x->is_func;
	return (y->size > x->size) - (y->size < x->size);
}

static int sym_add(struct dbg_symtab *st, u32 addr, u32 size, const char *name, bool func,
		   const char *file)
{
	if (st->n == st->cap) {
		int cap = st->cap ? st->cap * 2 : 256;
		struct dbg_sym *s = realloc(st->syms, cap * sizeof(*s));
		if (!s)
			return -1;
		st->syms = s;
		st->cap = cap;
	}
	struct dbg_sym *s = &st->syms[st->n];
	s->name = strdup(name);
	if (!s->name)
		return -1;
	s->addr = addr;
	s->size = size;
	s->is_func = func;
	s->file = file;
	st->n++;
	return 0;
}

/* Skip symbols that only confuse address lookup: section and file names,
 * compiler-local labels and the linker's markers. */
static bool sym_wanted(const GElf_Sym *s, const char *name)
{
	int type = GELF_ST_TYPE(s->st_info);
	if (!name || !*name || s->st_shndx == SHN_UNDEF)
		return false;
	if (type == STT_SECTION || type == STT_FILE)
		return false;
	if (name[0] == '.' && name[1] == 'L')
		return false;
	if (s->st_shndx == SHN_ABS && type == STT_NOTYPE)
		return false;	/* absolute constants such as sizes */
	return true;
}

int sym_load_elf(struct dbg_symtab *st, const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	elf_version(EV_CURRENT);
	Elf *e = elf_begin(fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		snprintf(err, errlen, "%s: not an ELF file", path);
		if (e)
			elf_end(e);
		close(fd);
		return -1;
	}
	char **files = realloc(st->files, (st->nfiles + 1) * sizeof(char *));
	if (!files)
		goto nomem;
	st->files = files;
	const char *fname = st->files[st->nfiles++] = strdup(path);

	int added = 0;
	Elf_Scn *scn = NULL;
	size_t shstrndx = 0;
	elf_getshdrstrndx(e, &shstrndx);
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_ALLOC) && sh.sh_size) {
			struct sym_range *r = realloc(st->ranges, (st->nranges + 1) * sizeof(*r));
			if (!r)
				goto nomem;
			st->ranges = r;
			const char *sn = elf_strptr(e, shstrndx, sh.sh_name);
			r[st->nranges++] = (struct sym_range){ (u32)sh.sh_addr,
							       (u32)(sh.sh_addr + sh.sh_size), fname,
							       sn ? strdup(sn) : NULL };
		}
	}
	scn = NULL;
	while ((scn = elf_nextscn(e, scn))) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		size_t count = sh.sh_size / sh.sh_entsize;
		for (size_t i = 1; i < count; i++) {
			GElf_Sym s;
			if (!gelf_getsym(data, i, &s))
				break;
			const char *name = elf_strptr(e, sh.sh_link, s.st_name);
			if (!sym_wanted(&s, name))
				continue;
			if (sym_add(st, (u32)s.st_value, (u32)s.st_size, name,
				    GELF_ST_TYPE(s.st_info) == STT_FUNC, fname) < 0)
				goto nomem;
			added++;
		}
	}
	elf_end(e);
	close(fd);
	if (st->n)	/* an ELF without symbols leaves syms NULL: not for qsort */
		qsort(st->syms, st->n, sizeof(*st->syms), sym_cmp);
	return added;
nomem:
	elf_end(e);
	close(fd);
	snprintf(err, errlen, "%s: out of memory", path);
	return -1;
}

int sym_count(const struct dbg_symtab *st)
{
	return st ? st->n : 0;
}

const struct dbg_sym *sym_get(const struct dbg_symtab *st, int i)
{
	return st && i >= 0 && i < st->n ? &st->syms[i] : NULL;
}

/* Lookups farther than this from an unsized symbol are not attributed to it. */
#define SYM_MAX_UNSIZED 0x10000

const struct dbg_sym *sym_lookup_addr(const struct dbg_symtab *st, u32 addr, u32 *off)
{
	if (!st || !st->n)
		return NULL;
	/* Last symbol with sym.addr <= addr. */
	int lo = 0, hi = st->n - 1, best = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (st->syms[mid].addr <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	if (best < 0)
		return NULL;
	/* Several symbols may share an address; walk back to the preferred one
	 * (sorted first), and also accept an earlier sized symbol that covers
	 * addr (a function with a local label inside it). */
	u32 a = st->syms[best].addr;
	while (best > 0 && st->syms[best - 1].addr == a)
		best--;
	const struct dbg_sym *s = &st->syms[best];
	if (s->size && addr - s->addr >= s->size) {
		for (int i = best - 1; i >= 0 && i >= best - 64; i--) {
			const struct dbg_sym *p = &st->syms[i];
			if (p->size && addr - p->addr < p->size) {
				s = p;
				break;
			}
		}
		if (s->size && addr - s->addr >= s->size)
			return NULL;
	}
	if (!s->size && (addr - s->addr >= SYM_MAX_UNSIZED || !in_file(st, s->file, addr)))
		return NULL;
	if (off)
		*off = addr - s->addr;
	return s;
}

const struct dbg_sym *sym_lookup_name(const struct dbg_symtab *st, const char *name)
{
	if (!st)
		return NULL;
	const struct dbg_sym *found = NULL;
	for (int i = 0; i < st->n; i++) {
		if (strcmp(st->syms[i].name, name))
			continue;
		/* A global definition beats a same-named local. */
		if (!found || (st->syms[i].size && !found->size))
			found = &st->syms[i];
	}
	return found;
}

const char *sym_format(const struct dbg_symtab *st, u32 addr, char *buf, size_t len)
{
	u32 off;
	const struct dbg_sym *s = sym_lookup_addr(st, addr, &off);
	if (!s)
		buf[0] = 0;
	else if (off)
		snprintf(buf, len, "%s+%u", s->name, off);
	else
		snprintf(buf, len, "%s", s->name);
	return buf;
}

/* The interned copy of an origin name (an ELF path or "[module]"), added if new. */
static const char *intern_file(struct dbg_symtab *st, const char *name)
{
	for (int i = 0; i < st->nfiles; i++)
		if (!strcmp(st->files[i], name))
			return st->files[i];
	char **files = realloc(st->files, (st->nfiles + 1) * sizeof(char *));
	if (!files)
		return NULL;
	st->files = files;
	st->files[st->nfiles] = strdup(name);
	return st->files[st->nfiles] ? st->files[st->nfiles++] : NULL;
}

int sym_add_extra(struct dbg_symtab *st, const char *origin, u32 addr, u32 size,
		  const char *name, bool func)
{
	const char *f = intern_file(st, origin);
	return f ? sym_add(st, addr, size, name, func, f) : -1;
}

int sym_drop_origin(struct dbg_symtab *st, const char *origin)
{
	int k = 0, dropped = 0;
	for (int i = 0; i < st->n; i++) {
		if (!strcmp(st->syms[i].file, origin)) {
			free(st->syms[i].name);
			dropped++;
		} else {
			st->syms[k++] = st->syms[i];
		}
	}
	st->n = k;
	return dropped;
}

void sym_sort(struct dbg_symtab *st)
{
	if (st->n)
		qsort(st->syms, st->n, sizeof(*st->syms), sym_cmp);
}
