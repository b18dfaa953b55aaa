/*
 * A module's DWARF at its load addresses (modsym_dwarf.h). libdw reads
 * relocatable objects without applying their relocations (libdwfl would, but
 * it wants to lay the sections out itself), so this does what the kernel's
 * loader and gdb's add-symbol-file do for the debug sections only: every
 * REL section whose target is not allocated (.rel.debug_info, .rel.debug_line,
 * ...) is applied with each symbol's section at its live address (allocated
 * sections) or at 0 (the debug sections themselves, which hold offsets). The
 * patched copy goes to an unlinked temporary file that libdw reads.
 * System V ABI, "Relocation"; i386 psABI: R_386_32 is S + A, R_386_PC32
 * S + A - P, with A stored in the place.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/sym/modsym_dwarf.h"

struct ko {
	u8 *buf;
	size_t size;
	Elf32_Ehdr *eh;
	Elf32_Shdr *sh;
	const char *shstr;	/* section names */
};

static bool in_file(const struct ko *k, u32 off, u32 len)
{
	return off <= k->size && len <= k->size - off;
}

static const char *ko_parse(struct ko *k)
{
	if (k->size < sizeof(Elf32_Ehdr))
		return "too short for an ELF header";
	k->eh = (Elf32_Ehdr *)k->buf;
	if (memcmp(k->eh->e_ident, ELFMAG, SELFMAG) || k->eh->e_ident[EI_CLASS] != ELFCLASS32 ||
	    k->eh->e_ident[EI_DATA] != ELFDATA2LSB || k->eh->e_type != ET_REL ||
	    k->eh->e_machine != EM_386)
		return "not an ELF32 i386 relocatable object";
	if (k->eh->e_shentsize != sizeof(Elf32_Shdr) ||
	    !in_file(k, k->eh->e_shoff, k->eh->e_shnum * sizeof(Elf32_Shdr)) ||
	    k->eh->e_shstrndx >= k->eh->e_shnum)
		return "bad section header table";
	k->sh = (Elf32_Shdr *)(k->buf + k->eh->e_shoff);
	for (int i = 0; i < k->eh->e_shnum; i++)
		if (k->sh[i].sh_type != SHT_NOBITS && !in_file(k, k->sh[i].sh_offset, k->sh[i].sh_size))
			return "a section lies outside the file";
	Elf32_Shdr *ss = &k->sh[k->eh->e_shstrndx];
	if (!ss->sh_size || k->buf[ss->sh_offset + ss->sh_size - 1])
		return "bad section name table";
	k->shstr = (const char *)k->buf + ss->sh_offset;
	return NULL;
}

static const char *sec_name(const struct ko *k, int i)
{
	u32 n = k->sh[i].sh_name;
	return n < k->sh[k->eh->e_shstrndx].sh_size ? k->shstr + n : "";
}

/* Where section i lives in the running kernel: its live address when it is
 * allocated and the module has it, 0 for the rest. */
static u32 sec_base(const struct ko *k, int i, const struct mod_section *secs, int nsecs)
{
	if (i <= 0 || i >= k->eh->e_shnum || !(k->sh[i].sh_flags & SHF_ALLOC))
		return 0;
	for (int s = 0; s < nsecs; s++)
		if (!strcmp(secs[s].name, sec_name(k, i)))
			return secs[s].addr;
	return 0;
}

/* Apply REL section r to its (unallocated) target. */
static const char *apply_rel(struct ko *k, int r, const struct mod_section *secs, int nsecs)
{
	Elf32_Shdr *rel = &k->sh[r];
	if (rel->sh_info >= k->eh->e_shnum || rel->sh_link >= k->eh->e_shnum ||
	    rel->sh_entsize != sizeof(Elf32_Rel))
		return "bad relocation section";
	Elf32_Shdr *tgt = &k->sh[rel->sh_info], *symtab = &k->sh[rel->sh_link];
	if ((tgt->sh_flags & SHF_ALLOC) || tgt->sh_type == SHT_NOBITS)
		return NULL;	/* code and data: the loader's business */
	if (symtab->sh_type != SHT_SYMTAB || symtab->sh_entsize != sizeof(Elf32_Sym))
		return "bad symbol table";
	const Elf32_Sym *syms = (const Elf32_Sym *)(k->buf + symtab->sh_offset);
	u32 nsyms = symtab->sh_size / sizeof(Elf32_Sym);
	const Elf32_Rel *rels = (const Elf32_Rel *)(k->buf + rel->sh_offset);
	for (u32 i = 0; i < rel->sh_size / sizeof(Elf32_Rel); i++) {
		u32 type = ELF32_R_TYPE(rels[i].r_info), si = ELF32_R_SYM(rels[i].r_info);
		if (type != R_386_32 && type != R_386_PC32)
			continue;
		if (si >= nsyms || !in_file(k, tgt->sh_offset + rels[i].r_offset, 4) ||
		    rels[i].r_offset > tgt->sh_size - 4)
			return "a relocation lies outside its section";
		const Elf32_Sym *sym = &syms[si];
		u32 s = sym->st_value;
		if (sym->st_shndx != SHN_UNDEF && sym->st_shndx < SHN_LORESERVE)
			s += sec_base(k, sym->st_shndx, secs, nsecs);
		u8 *place = k->buf + tgt->sh_offset + rels[i].r_offset;
		u32 a;
		memcpy(&a, place, 4);
		u32 v = type == R_386_32 ? s + a : s + a - rels[i].r_offset;
		memcpy(place, &v, 4);
	}
	return NULL;
}

static int read_whole(const char *path, struct ko *k, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	k->buf = NULL;
	k->size = 0;
	size_t cap = 0, n;
	do {
		if (k->size == cap) {
			cap = cap ? cap * 2 : 1 << 16;
			u8 *b = realloc(k->buf, cap);
			if (!b || cap > (64u << 20)) {
				free(b ? b : k->buf);
				k->buf = NULL;
				fclose(f);
				snprintf(err, errlen, "%s: too large", path);
				return -1;
			}
			k->buf = b;
		}
		n = fread(k->buf + k->size, 1, cap - k->size, f);
		k->size += n;
	} while (n);
	fclose(f);
	return 0;
}

int modsym_dwarf_load(struct dbg_dwarf *dw, const char *ko, const char *origin,
		      const struct mod_section *secs, int nsecs, char *err, size_t errlen)
{
	struct ko k;
	if (read_whole(ko, &k, err, errlen) < 0)
		return -1;
	const char *why = ko_parse(&k);
	for (int i = 0; !why && i < k.eh->e_shnum; i++) {
		if (k.sh[i].sh_type == SHT_REL)
			why = apply_rel(&k, i, secs, nsecs);
		else if (k.sh[i].sh_flags & SHF_ALLOC)
			k.sh[i].sh_addr = sec_base(&k, i, secs, nsecs);
	}
	if (why) {
		snprintf(err, errlen, "%s: %s", ko, why);
		free(k.buf);
		return -1;
	}
	const char *dir = getenv("TMPDIR");
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s/lucid-modsym-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		free(k.buf);
		return -1;
	}
	bool ok = write(fd, k.buf, k.size) == (ssize_t)k.size;
	close(fd);
	free(k.buf);
	int n = -1;
	if (!ok)
		snprintf(err, errlen, "%s: cannot write", tmp);
	else
		n = dw_load_origin(dw, tmp, origin, err, errlen);
	unlink(tmp);	/* libdw keeps its descriptor */
	return n;
}

int modsym_alloc_sections(const char *ko, struct mod_section *out, int max)
{
	struct ko k;
	char err[300];
	if (read_whole(ko, &k, err, sizeof(err)) < 0)
		return -1;
	int n = -1;
	if (!ko_parse(&k)) {
		n = 0;
		for (int i = 1; i < k.eh->e_shnum && n < max; i++)
			if (k.sh[i].sh_flags & SHF_ALLOC) {
				snprintf(out[n].name, sizeof(out[n].name), "%s", sec_name(&k, i));
				out[n++].addr = 0;
			}
	}
	free(k.buf);
	return n;
}
