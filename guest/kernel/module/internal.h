/*
 * Private to the module loader (guest/kernel/module/): the ELF32 constants of
 * a .ko file's sections, symbols and relocations (the structures are in
 * linux/elf.h) and the state of one load.
 */
#ifndef _KERNEL_MODULE_INTERNAL_H
#define _KERNEL_MODULE_INTERNAL_H

#include <linux/module.h>
#include <linux/elf.h>

#define SHT_PROGBITS	1
#define SHT_SYMTAB	2
#define SHT_STRTAB	3
#define SHT_RELA	4
#define SHT_NOBITS	8
#define SHT_REL		9
#define SHF_WRITE	0x1
#define SHF_ALLOC	0x2
#define SHF_EXECINSTR	0x4
#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define SHN_ABS		0xfff1
#define SHN_COMMON	0xfff2
#define STB_LOCAL	0
#define STB_WEAK	2
#define STT_OBJECT	1
#define STT_FUNC	2
#define ELF32_ST_BIND(i) ((i) >> 4)
#define ELF32_ST_TYPE(i) ((i) & 0xf)
#define ELF32_R_SYM(i)	((i) >> 8)
#define ELF32_R_TYPE(i)	((u8)(i))
#define R_386_NONE	0
#define R_386_32	1
#define R_386_PC32	2
#define R_386_PLT32	4

#define MODULE_INIT_IGNORE_MODVERSIONS	1
#define MODULE_INIT_IGNORE_VERMAGIC	2

/* Where a section went: an offset in the core or (INIT_OFFSET_MASK set) the init region. */
#define INIT_OFFSET_MASK	0x80000000UL

struct load_info {
	const char *name;		/* from .gnu.linkonce.this_module, for messages */
	Elf32_Ehdr *hdr;
	unsigned long len;
	Elf32_Shdr *sechdrs;
	const char *secstrings, *strtab;
	unsigned int symindex, modindex, infoindex;
	unsigned long *dest;		/* per section: its placement (see INIT_OFFSET_MASK) */
};

/* kallsyms.c */
int module_build_kallsyms(struct module *mod, struct load_info *info);
void module_drop_init_kallsyms(struct module *mod);
void module_free_kallsyms(struct module *mod);

/* sysfs.c: /sys/module/NAME and /proc/modules when procfs is there */
int module_sysfs_check_name(const char *name);
void module_sysfs_add(struct module *mod);
void module_sysfs_remove(struct module *mod);

char *module_strdup(const char *s);

#endif
