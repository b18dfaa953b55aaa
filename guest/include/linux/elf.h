/*
 * ELF32 for i386 (Linux's include/uapi/linux/elf.h), the parts lucix reads and
 * writes: executables and their interpreter (fs/exec.c), modules' relocatable
 * files (kernel/module/) and /proc/kcore.
 */
#ifndef _LINUX_ELF_H
#define _LINUX_ELF_H

#include <linux/types.h>

typedef struct {
	unsigned char e_ident[16];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf32_Ehdr;

typedef struct {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
} Elf32_Phdr;

typedef struct {
	u32 n_namesz, n_descsz, n_type;
} Elf32_Nhdr;

typedef struct {
	u32 sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info,
	    sh_addralign, sh_entsize;
} Elf32_Shdr;

typedef struct {
	u32 st_name, st_value, st_size;
	u8 st_info, st_other;
	u16 st_shndx;
} Elf32_Sym;

typedef struct {
	u32 r_offset, r_info;
} Elf32_Rel;

#define ET_REL		1
#define ET_EXEC		2
#define ET_DYN		3
#define ET_CORE		4
#define EM_386		3
#define EV_CURRENT	1
#define ELFCLASS32	1
#define ELFDATA2LSB	1
#define ELFOSABI_NONE	0
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_NOTE		4
#define PF_X		1
#define PF_W		2
#define PF_R		4
#define NT_PRSTATUS	1
#define NT_PRFPREG	2
#define NT_PRPSINFO	3
#define NT_TASKSTRUCT	4

#endif
