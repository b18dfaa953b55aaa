/*
 * Symbols of loaded modules (Linux's kernel/module/kallsyms.c): the
 * function and object symbols of a module's symbol table, at their load
 * addresses, sorted, so oopses, %pS and kallsyms_lookup_name see module code.
 * Symbols in .init sections are dropped when the init region is freed.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "internal.h"

static bool wanted(const struct load_info *info, const Elf32_Sym *s)
{
	unsigned int type = ELF32_ST_TYPE(s->st_info);

	if (type != STT_FUNC && type != STT_OBJECT)
		return false;
	if (s->st_shndx == SHN_UNDEF || s->st_shndx >= info->hdr->e_shnum || !s->st_name)
		return false;
	return info->sechdrs[s->st_shndx].sh_flags & SHF_ALLOC;
}

int module_build_kallsyms(struct module *mod, struct load_info *info)
{
	Elf32_Shdr *symsec = &info->sechdrs[info->symindex];
	const Elf32_Sym *sym = (void *)info->hdr + symsec->sh_offset;
	unsigned int n = symsec->sh_size / sizeof(Elf32_Sym), i, num = 0, strsize = 0, j;
	struct mod_kallsyms *ks;
	char *p;

	for (i = 1; i < n; i++)
		if (wanted(info, &sym[i])) {
			num++;
			strsize += strlen(info->strtab + sym[i].st_name) + 1;
		}
	ks = kzalloc(sizeof(*ks), GFP_KERNEL);
	if (!ks)
		return -ENOMEM;
	ks->syms = kmalloc_array(num ? num : 1, sizeof(*ks->syms), GFP_KERNEL);
	ks->strtab = kmalloc(strsize ? strsize : 1, GFP_KERNEL);
	if (!ks->syms || !ks->strtab) {
		kfree(ks->syms);
		kfree(ks->strtab);
		kfree(ks);
		return -ENOMEM;
	}
	p = ks->strtab;
	for (i = 1; i < n; i++) {
		struct mod_kallsym e;
		size_t l;

		if (!wanted(info, &sym[i]))
			continue;
		l = strlen(info->strtab + sym[i].st_name) + 1;
		memcpy(p, info->strtab + sym[i].st_name, l);
		e.addr = sym[i].st_value;	/* already relocated by simplify_symbols */
		e.size = sym[i].st_size;
		e.name = p;
		e.type = ELF32_ST_TYPE(sym[i].st_info) == STT_FUNC ? 't' : 'd';
		if (ELF32_ST_BIND(sym[i].st_info) != STB_LOCAL)
			e.type -= 'a' - 'A';
		p += l;
		/* insertion sort: modules have few symbols */
		for (j = ks->num; j > 0 && ks->syms[j - 1].addr > e.addr; j--)
			ks->syms[j] = ks->syms[j - 1];
		ks->syms[j] = e;
		ks->num++;
	}
	mod->kallsyms = ks;
	return 0;
}

void module_drop_init_kallsyms(struct module *mod)
{
	struct mod_kallsyms *ks = mod->kallsyms;
	unsigned long lo = (unsigned long)mod->init_layout.base;
	unsigned int i, k = 0;

	if (!ks || !lo)
		return;
	for (i = 0; i < ks->num; i++)
		if (ks->syms[i].addr < lo || ks->syms[i].addr >= lo + mod->init_layout.size)
			ks->syms[k++] = ks->syms[i];
	ks->num = k;
}

void module_free_kallsyms(struct module *mod)
{
	if (!mod->kallsyms)
		return;
	kfree(mod->kallsyms->syms);
	kfree(mod->kallsyms->strtab);
	kfree(mod->kallsyms);
	mod->kallsyms = NULL;
}

const char *module_address_lookup(unsigned long addr, unsigned long *size,
				  unsigned long *offset, char **modname)
{
	struct module *mod = __module_address(addr);
	struct mod_kallsyms *ks;
	const struct mod_kallsym *best = NULL;
	unsigned int i;

	if (!mod || !mod->kallsyms)
		return NULL;
	ks = mod->kallsyms;
	for (i = 0; i < ks->num; i++) {
		if (ks->syms[i].addr > addr)
			break;
		/* Of aliases (init_module and the module's init), the first: the local name. */
		if ((ks->syms[i].type == 't' || ks->syms[i].type == 'T') &&
		    (!best || ks->syms[i].addr > best->addr))
			best = &ks->syms[i];
	}
	if (!best)
		return NULL;
	if (size)
		*size = best->size ? best->size : 1;
	if (offset)
		*offset = addr - best->addr;
	if (modname)
		*modname = mod->name;
	return best->name;
}

unsigned long module_kallsyms_lookup_name(const char *name)
{
	struct module *mod;
	unsigned int i;

	list_for_each_entry(mod, &modules, list) {
		if (!mod->kallsyms || mod->state == MODULE_STATE_UNFORMED)
			continue;
		for (i = 0; i < mod->kallsyms->num; i++)
			if (!strcmp(mod->kallsyms->syms[i].name, name))
				return mod->kallsyms->syms[i].addr;
	}
	return 0;
}
