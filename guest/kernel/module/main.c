/*
 * The module loader (Linux's kernel/module/main.c, for ELF32 i386): the
 * init_module, finit_module and delete_module system calls. A .ko image is
 * checked (ELF header, section bounds, vermagic, struct module size), its
 * allocated sections are laid out in two vmalloc regions - the core (text,
 * then read-only data, then data, each part page-aligned so the first two can
 * be write-protected) and the init region (.init.*, freed once module_init
 * has returned) - its undefined symbols are resolved against the exported
 * symbol tables (the kernel's and other modules'; __ksymtab_gpl only for
 * GPL-compatible modules), its R_386_32/R_386_PC32 relocations applied, its
 * parameters set from the insmod arguments, and module_init run.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/vermagic.h>
#include <asm/irqflags.h>
#include "internal.h"

LIST_HEAD(modules);
DEFINE_MUTEX(module_mutex);
unsigned int modules_loaded, modules_unloaded;
static unsigned int load_seq;

extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];

#define MAX_MODULE_IMAGE	(16UL << 20)
#define MAX_MODULE_ARGS		4096

char *module_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = kmalloc(n, GFP_KERNEL);

	if (p)
		memcpy(p, s, n);
	return p;
}

bool try_module_get(struct module *mod)
{
	unsigned long flags;
	bool ok = true;

	if (!mod)
		return true;
	local_irq_save(flags);
	if (mod->state == MODULE_STATE_GOING)
		ok = false;
	else
		mod->refcnt++;
	local_irq_restore(flags);
	return ok;
}

void module_put(struct module *mod)
{
	unsigned long flags;

	if (!mod)
		return;
	local_irq_save(flags);
	if (mod->refcnt <= 0)
		pr_err("module_put(%s): reference count underflow\n", mod->name);
	else
		mod->refcnt--;
	local_irq_restore(flags);
}

int module_refcount(struct module *mod)
{
	return mod->refcnt;
}

struct module *find_module(const char *name)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list)
		if (!strcmp(mod->name, name))
			return mod;
	return NULL;
}

static bool within(unsigned long addr, const struct module_layout *l)
{
	return l->base && addr >= (unsigned long)l->base &&
	       addr < (unsigned long)l->base + l->size;
}

struct module *__module_address(unsigned long addr)
{
	struct module *mod;

	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		if (within(addr, &mod->core_layout) || within(addr, &mod->init_layout))
			return mod;
	}
	return NULL;
}

bool is_module_text_address(unsigned long addr)
{
	struct module *mod = __module_address(addr);

	if (!mod)
		return false;
	if (within(addr, &mod->init_layout))
		return true;
	return addr < (unsigned long)mod->core_layout.base + mod->core_layout.text_size;
}

/* ---- symbols ---- */

static const struct kernel_symbol *search_table(const struct kernel_symbol *start,
						const struct kernel_symbol *stop, const char *name)
{
	const struct kernel_symbol *s;

	for (s = start; s < stop; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* An exported symbol by name (Linux's find_symbol); *owner is NULL for the kernel. */
static const struct kernel_symbol *find_symbol(const char *name, bool gpl_ok,
					       struct module **owner)
{
	const struct kernel_symbol *s;
	struct module *mod;

	*owner = NULL;
	s = search_table(__start___ksymtab, __stop___ksymtab, name);
	if (!s && gpl_ok)
		s = search_table(__start___ksymtab_gpl, __stop___ksymtab_gpl, name);
	if (s)
		return s;
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		s = search_table(mod->syms, mod->syms + mod->num_syms, name);
		if (!s && gpl_ok)
			s = search_table(mod->gpl_syms, mod->gpl_syms + mod->num_gpl_syms, name);
		if (s) {
			*owner = mod;
			return s;
		}
	}
	return NULL;
}

/* Record that A uses B (Linux's ref_module): B cannot go while A is loaded. */
static int ref_module(struct module *a, struct module *b)
{
	struct module_use *use;

	if (!b || a == b)
		return 0;
	list_for_each_entry(use, &b->source_list, source_list)
		if (use->source == a)
			return 0;
	use = kmalloc(sizeof(*use), GFP_KERNEL);
	if (!use)
		return -ENOMEM;
	use->source = a;
	use->target = b;
	list_add(&use->source_list, &b->source_list);
	list_add(&use->target_list, &a->target_list);
	return 0;
}

static void module_unload_free(struct module *mod)
{
	struct module_use *use, *tmp;

	list_for_each_entry_safe(use, tmp, &mod->target_list, target_list) {
		list_del(&use->source_list);
		list_del(&use->target_list);
		kfree(use);
	}
}

static int simplify_symbols(struct module *mod, struct load_info *info)
{
	Elf32_Shdr *symsec = &info->sechdrs[info->symindex];
	Elf32_Sym *sym = (void *)info->hdr + symsec->sh_offset;
	unsigned int i, n = symsec->sh_size / sizeof(Elf32_Sym);
	int ret = 0;

	for (i = 1; i < n; i++) {
		const char *name = info->strtab + sym[i].st_name;
		const struct kernel_symbol *ks;
		struct module *owner;

		switch (sym[i].st_shndx) {
		case SHN_COMMON:
			pr_warn("%s: please compile with -fno-common\n", mod->name);
			ret = -ENOEXEC;
			break;
		case SHN_ABS:
			break;
		case SHN_UNDEF:
			ks = find_symbol(name, mod->gpl_compatible, &owner);
			if (ks) {
				sym[i].st_value = ks->value;
				if (ref_module(mod, owner))
					ret = -ENOMEM;
				break;
			}
			if (ELF32_ST_BIND(sym[i].st_info) == STB_WEAK) {
				sym[i].st_value = 0;
				break;
			}
			pr_warn("%s: Unknown symbol %s (err %d)\n", mod->name, name, -ENOENT);
			ret = -ENOENT;
			break;
		default:
			if (sym[i].st_shndx >= info->hdr->e_shnum) {
				ret = -ENOEXEC;
				break;
			}
			sym[i].st_value += info->sechdrs[sym[i].st_shndx].sh_addr;
			break;
		}
	}
	return ret;
}

static int apply_relocations(struct module *mod, struct load_info *info)
{
	Elf32_Shdr *symsec = &info->sechdrs[info->symindex];
	Elf32_Sym *syms = (void *)info->hdr + symsec->sh_offset;
	unsigned int nsyms = symsec->sh_size / sizeof(Elf32_Sym);
	unsigned int i, j;

	for (i = 1; i < info->hdr->e_shnum; i++) {
		Elf32_Shdr *rs = &info->sechdrs[i], *target;
		Elf32_Rel *rel;

		if (rs->sh_type != SHT_REL && rs->sh_type != SHT_RELA)
			continue;
		if (rs->sh_info >= info->hdr->e_shnum)
			return -ENOEXEC;
		target = &info->sechdrs[rs->sh_info];
		if (!(target->sh_flags & SHF_ALLOC))
			continue;	/* debug information: not loaded */
		if (rs->sh_type == SHT_RELA) {
			pr_err("%s: RELA relocation unsupported\n", mod->name);
			return -ENOEXEC;
		}
		if (rs->sh_link != info->symindex)
			return -ENOEXEC;
		rel = (void *)info->hdr + rs->sh_offset;
		for (j = 0; j < rs->sh_size / sizeof(Elf32_Rel); j++) {
			unsigned int s = ELF32_R_SYM(rel[j].r_info);
			u32 *loc, v;

			if (s >= nsyms || rel[j].r_offset > target->sh_size - 4 ||
			    target->sh_size < 4)
				return -ENOEXEC;
			loc = (u32 *)(target->sh_addr + rel[j].r_offset);
			v = syms[s].st_value;
			switch (ELF32_R_TYPE(rel[j].r_info)) {
			case R_386_NONE:
				break;
			case R_386_32:
				*loc += v;
				break;
			case R_386_PC32:
			case R_386_PLT32:
				*loc += v - (u32)loc;
				break;
			default:
				pr_err("%s: Unknown relocation: %u\n", mod->name,
				       ELF32_R_TYPE(rel[j].r_info));
				return -ENOEXEC;
			}
		}
	}
	return 0;
}

/* ---- checking and laying out the image ---- */

static const char *get_modinfo(const struct load_info *info, const char *tag)
{
	const Elf32_Shdr *s;
	const char *p, *end;
	size_t n = strlen(tag);

	if (!info->infoindex)
		return NULL;
	s = &info->sechdrs[info->infoindex];
	p = (const char *)info->hdr + s->sh_offset;
	end = p + s->sh_size;
	while (p < end) {
		size_t l = strnlen(p, end - p);

		if (l == (size_t)(end - p))
			break;
		if (l > n && !strncmp(p, tag, n) && p[n] == '=')
			return p + n + 1;
		p += l + 1;
	}
	return NULL;
}

static int find_sec(const struct load_info *info, const char *name)
{
	unsigned int i;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if ((info->sechdrs[i].sh_flags & SHF_ALLOC) &&
		    !strcmp(info->secstrings + info->sechdrs[i].sh_name, name))
			return i;
	return 0;
}

/* Everything a malicious or truncated image could use to make us read out of bounds. */
static int elf_validity_check(struct load_info *info)
{
	Elf32_Ehdr *h = info->hdr;
	Elf32_Shdr *strsec;
	unsigned int i;

	if (info->len < sizeof(*h) || memcmp(h->e_ident, "\177ELF", 4) || h->e_ident[4] != 1 ||
	    h->e_ident[5] != 1 || h->e_type != ET_REL || h->e_machine != EM_386 ||
	    h->e_shentsize != sizeof(Elf32_Shdr) || h->e_shnum < 2 ||
	    h->e_shstrndx == 0 || h->e_shstrndx >= h->e_shnum)
		return -ENOEXEC;
	if (h->e_shoff >= info->len ||
	    (info->len - h->e_shoff) / sizeof(Elf32_Shdr) < h->e_shnum || (h->e_shoff & 3))
		return -ENOEXEC;
	info->sechdrs = (void *)h + h->e_shoff;
	for (i = 1; i < h->e_shnum; i++) {
		Elf32_Shdr *s = &info->sechdrs[i];

		if (s->sh_type != SHT_NOBITS &&
		    (s->sh_offset > info->len || s->sh_size > info->len - s->sh_offset))
			return -ENOEXEC;
		if (s->sh_addralign > PAGE_SIZE || (s->sh_addralign & (s->sh_addralign - 1)))
			return -ENOEXEC;
		if (s->sh_size > MAX_MODULE_IMAGE)
			return -ENOEXEC;
	}
	strsec = &info->sechdrs[h->e_shstrndx];
	if (strsec->sh_type == SHT_NOBITS || !strsec->sh_size ||
	    ((char *)h)[strsec->sh_offset + strsec->sh_size - 1])
		return -ENOEXEC;
	info->secstrings = (void *)h + strsec->sh_offset;
	for (i = 1; i < h->e_shnum; i++) {
		Elf32_Shdr *s = &info->sechdrs[i];

		if (s->sh_name >= strsec->sh_size)
			return -ENOEXEC;
		if (s->sh_type == SHT_SYMTAB) {
			Elf32_Shdr *st;

			if (info->symindex || s->sh_link == 0 || s->sh_link >= h->e_shnum ||
			    s->sh_entsize != sizeof(Elf32_Sym) || (s->sh_offset & 3))
				return -ENOEXEC;
			st = &info->sechdrs[s->sh_link];
			if (st->sh_type != SHT_STRTAB || !st->sh_size ||
			    ((char *)h)[st->sh_offset + st->sh_size - 1])
				return -ENOEXEC;
			info->symindex = i;
			info->strtab = (void *)h + st->sh_offset;
		}
		if (s->sh_type == SHT_REL && (s->sh_offset & 3))
			return -ENOEXEC;
		if (!strcmp(info->secstrings + s->sh_name, ".modinfo") && s->sh_type != SHT_NOBITS)
			info->infoindex = i;
	}
	if (!info->symindex) {
		pr_warn("No module found in object\n");
		return -ENOEXEC;
	}
	/* Every symbol's name must be inside the string table. */
	{
		Elf32_Shdr *symsec = &info->sechdrs[info->symindex];
		Elf32_Sym *sym = (void *)h + symsec->sh_offset;
		u32 strsize = info->sechdrs[symsec->sh_link].sh_size;

		for (i = 0; i < symsec->sh_size / sizeof(Elf32_Sym); i++)
			if (sym[i].st_name >= strsize)
				return -ENOEXEC;
	}
	info->modindex = find_sec(info, ".gnu.linkonce.this_module");
	if (!info->modindex) {
		pr_warn("No module found in object\n");
		return -ENOEXEC;
	}
	/* The loader writes to struct module after write-protecting rodata: it must be data. */
	if (!(info->sechdrs[info->modindex].sh_flags & SHF_WRITE) ||
	    (info->sechdrs[info->modindex].sh_flags & SHF_EXECINSTR))
		return -ENOEXEC;
	if (info->sechdrs[info->modindex].sh_size != sizeof(struct module) ||
	    info->sechdrs[info->modindex].sh_type == SHT_NOBITS) {
		pr_err("module %s: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time\n",
		       info->name ? info->name : "?");
		return -ENOEXEC;
	}
	info->name = ((struct module *)((void *)h + info->sechdrs[info->modindex].sh_offset))->name;
	if (strnlen(info->name, MODULE_NAME_LEN) == MODULE_NAME_LEN || !info->name[0])
		return -ENOEXEC;
	return 0;
}

static bool license_is_gpl_compatible(const char *license)
{
	return !strcmp(license, "GPL") || !strcmp(license, "GPL v2") ||
	       !strcmp(license, "GPL and additional rights") ||
	       !strcmp(license, "Dual BSD/GPL") || !strcmp(license, "Dual MIT/GPL") ||
	       !strcmp(license, "Dual MPL/GPL");
}

static int check_modinfo(struct load_info *info, int flags)
{
	const char *modmagic = get_modinfo(info, "vermagic");

	if (flags & MODULE_INIT_IGNORE_VERMAGIC)
		modmagic = NULL;
	if (!modmagic)
		return -ENOEXEC;	/* no CONFIG_MODULE_FORCE_LOAD: as Linux, refused */
	if (strcmp(modmagic, VERMAGIC_STRING)) {
		pr_err("%s: version magic '%s' should be '%s'\n", info->name, modmagic,
		       VERMAGIC_STRING);
		return -ENOEXEC;
	}
	return 0;
}

enum { PART_TEXT, PART_RO, PART_RW, NR_PARTS };

static unsigned int section_part(const Elf32_Shdr *s)
{
	if (s->sh_flags & SHF_EXECINSTR)
		return PART_TEXT;
	if (s->sh_flags & SHF_WRITE)
		return PART_RW;
	return PART_RO;
}

static bool is_init_section(const char *name)
{
	return !strncmp(name, ".init", 5);
}

/*
 * Give every allocated section its offset in the core or the init region
 * (Linux's layout_sections). Each section is at most MAX_MODULE_IMAGE bytes;
 * a region over MAX_MODULE_LAYOUT (many big NOBITS sections) is refused
 * before its size can wrap.
 */
#define MAX_MODULE_LAYOUT	(64UL << 20)

static int layout_sections(struct module *mod, struct load_info *info)
{
	unsigned int core = 0, init = 0, part, i;

	for (part = 0; part < NR_PARTS; part++) {
		for (i = 1; i < info->hdr->e_shnum; i++) {
			Elf32_Shdr *s = &info->sechdrs[i];
			const char *name = info->secstrings + s->sh_name;
			unsigned int align = s->sh_addralign ? s->sh_addralign : 1;

			if (!(s->sh_flags & SHF_ALLOC) || section_part(s) != part)
				continue;
			if (is_init_section(name)) {
				init = ALIGN(init, align);
				info->dest[i] = init | INIT_OFFSET_MASK;
				init += s->sh_size;
			} else {
				core = ALIGN(core, align);
				info->dest[i] = core;
				core += s->sh_size;
			}
			if (core > MAX_MODULE_LAYOUT || init > MAX_MODULE_LAYOUT)
				return -ENOMEM;
		}
		core = PAGE_ALIGN(core);
		if (part == PART_TEXT)
			mod->core_layout.text_size = core;
		if (part == PART_RO)
			mod->core_layout.ro_size = core;
	}
	mod->core_layout.size = core;
	mod->init_layout.size = PAGE_ALIGN(init);
	return 0;
}

/*
 * Copy the sections into freshly vmalloc'ed regions; afterwards
 * info->sechdrs[i].sh_addr is where section i lives. Returns the module's
 * struct module in its new place (it was laid out with the data).
 */
static struct module *move_module(struct load_info *info, struct module_layout *core,
				  struct module_layout *init)
{
	unsigned int i;

	core->base = vzalloc(core->size ? core->size : 1);
	if (!core->base)
		return ERR_PTR(-ENOMEM);
	if (init->size) {
		init->base = vzalloc(init->size);
		if (!init->base) {
			vfree(core->base);
			return ERR_PTR(-ENOMEM);
		}
	}
	for (i = 1; i < info->hdr->e_shnum; i++) {
		Elf32_Shdr *s = &info->sechdrs[i];
		void *dest;

		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		if (info->dest[i] & INIT_OFFSET_MASK)
			dest = init->base + (info->dest[i] & ~INIT_OFFSET_MASK);
		else
			dest = core->base + info->dest[i];
		if (s->sh_type != SHT_NOBITS)
			memcpy(dest, (void *)info->hdr + s->sh_offset, s->sh_size);
		s->sh_addr = (unsigned long)dest;
	}
	return (struct module *)info->sechdrs[info->modindex].sh_addr;
}

static void *section_objs(struct load_info *info, const char *name, size_t objsize,
			  unsigned int *num)
{
	int i = find_sec(info, name);

	*num = i ? info->sechdrs[i].sh_size / objsize : 0;
	return i ? (void *)info->sechdrs[i].sh_addr : NULL;
}

static int record_sections(struct module *mod, struct load_info *info)
{
	unsigned int i, n = 0, names = 0;
	char *p;

	for (i = 1; i < info->hdr->e_shnum; i++)
		if ((info->sechdrs[i].sh_flags & SHF_ALLOC) && info->sechdrs[i].sh_size) {
			n++;
			names += strlen(info->secstrings + info->sechdrs[i].sh_name) + 1;
		}
	mod->sect_attrs = kmalloc(n * sizeof(*mod->sect_attrs) + names, GFP_KERNEL);
	if (!mod->sect_attrs)
		return -ENOMEM;
	p = (char *)(mod->sect_attrs + n);
	for (i = 1; i < info->hdr->e_shnum; i++) {
		const char *name = info->secstrings + info->sechdrs[i].sh_name;

		if (!(info->sechdrs[i].sh_flags & SHF_ALLOC) || !info->sechdrs[i].sh_size)
			continue;
		memcpy(p, name, strlen(name) + 1);
		mod->sect_attrs[mod->num_sect_attrs].name = p;
		mod->sect_attrs[mod->num_sect_attrs++].addr = info->sechdrs[i].sh_addr;
		p += strlen(name) + 1;
	}
	return 0;
}

static void set_core_protection(struct module *mod, bool ro)
{
	unsigned long base = (unsigned long)mod->core_layout.base;
	unsigned int pages = mod->core_layout.ro_size >> PAGE_SHIFT;
	unsigned int text = mod->core_layout.text_size >> PAGE_SHIFT;
	unsigned int data = (PAGE_ALIGN(mod->core_layout.size) >> PAGE_SHIFT) - text;

	/* Read-only and writable data are not executable where the CPU has NX. */
	if (ro && data && x86_nx_enable())
		set_memory_nx(base + (text << PAGE_SHIFT), data);
	else if (!ro && data)
		set_memory_x(base + (text << PAGE_SHIFT), data);
	if (!pages)
		return;
	if (ro)
		set_memory_ro(base, pages);
	else
		set_memory_rw(base, pages);
}

/* Undo a load: everything the module owns, including the core region holding *mod. */
static void free_module(struct module *mod)
{
	void *core = mod->core_layout.base, *init = mod->init_layout.base;

	module_sysfs_remove(mod);
	list_del(&mod->list);
	module_unload_free(mod);
	destroy_params(mod->kp, mod->num_kp);
	module_free_kallsyms(mod);
	kfree(mod->sect_attrs);
	kfree(mod->args);
	set_core_protection(mod, false);
	vfree(init);
	vfree(core);
}

/* Not inlined: the debugger breaks here to pick up a new module's symbols (modsyms). */
static __attribute__((__noinline__)) int do_init_module(struct module *mod)
{
	int ret = 0;

	if (mod->init)
		ret = mod->init();
	if (ret < 0)
		return ret;
	if (ret > 0)
		pr_warn("%s: '%pS'->init suspiciously returned %d, it should follow 0/-E convention\n",
			mod->name, mod->init, ret);
	mod->state = MODULE_STATE_LIVE;
	module_drop_init_kallsyms(mod);
	vfree(mod->init_layout.base);
	mod->init_layout.base = NULL;
	mod->init_layout.size = 0;
	modules_loaded++;
	return 0;
}

/* The common part of init_module and finit_module: INFO->hdr is a vmalloc'ed copy. */
static int load_module(struct load_info *info, const char __user *uargs, int flags)
{
	struct module_layout core = { 0 }, init = { 0 };
	struct module tmp, *mod;
	const char *license;
	long n;
	int err;

	err = elf_validity_check(info);
	if (err)
		return err;
	err = check_modinfo(info, flags);
	if (err)
		return err;
	info->dest = kzalloc(info->hdr->e_shnum * sizeof(*info->dest), GFP_KERNEL);
	if (!info->dest)
		return -ENOMEM;

	mutex_lock(&module_mutex);
	err = -EEXIST;
	if (find_module(info->name))
		goto out_unlock;
	err = module_sysfs_check_name(info->name);
	if (err)
		goto out_unlock;
	memset(&tmp, 0, sizeof(tmp));
	err = layout_sections(&tmp, info);
	if (err)
		goto out_unlock;
	core.size = tmp.core_layout.size;
	core.text_size = tmp.core_layout.text_size;
	core.ro_size = tmp.core_layout.ro_size;
	init.size = tmp.init_layout.size;
	mod = move_module(info, &core, &init);
	if (IS_ERR(mod)) {
		err = PTR_ERR(mod);
		goto out_unlock;
	}
	/* The fields past exit are the loader's: start them clean. */
	memset((char *)mod + offsetof(struct module, core_layout), 0,
	       sizeof(*mod) - offsetof(struct module, core_layout));
	mod->state = MODULE_STATE_UNFORMED;
	mod->core_layout = core;
	mod->init_layout = init;
	mod->load_seq = ++load_seq;
	INIT_LIST_HEAD(&mod->source_list);
	INIT_LIST_HEAD(&mod->target_list);
	list_add(&mod->list, &modules);

	license = get_modinfo(info, "license");
	mod->gpl_compatible = license && license_is_gpl_compatible(license);
	if (!mod->gpl_compatible) {
		pr_warn("%s: module license '%s' taints kernel.\n", mod->name,
			license ? license : "unspecified");
		mod->taints |= 1;	/* TAINT_PROPRIETARY_MODULE: 'P' */
	}

	err = simplify_symbols(mod, info);
	if (!err)
		err = apply_relocations(mod, info);
	if (err)
		goto out_free;
	mod->kp = section_objs(info, "__param", sizeof(struct kernel_param), &mod->num_kp);
	mod->syms = section_objs(info, "__ksymtab", sizeof(struct kernel_symbol), &mod->num_syms);
	mod->gpl_syms = section_objs(info, "__ksymtab_gpl", sizeof(struct kernel_symbol),
				     &mod->num_gpl_syms);
	err = record_sections(mod, info);
	if (!err)
		err = module_build_kallsyms(mod, info);
	if (err)
		goto out_free;

	err = -ENOMEM;
	mod->args = kmalloc(MAX_MODULE_ARGS, GFP_KERNEL);
	if (!mod->args)
		goto out_free;
	n = uargs ? strncpy_from_user(mod->args, uargs, MAX_MODULE_ARGS) : 0;
	err = n < 0 ? -EFAULT : -E2BIG;
	if (n < 0 || n == MAX_MODULE_ARGS)
		goto out_free;
	mod->args[n] = 0;
	{
		char *copy = module_strdup(mod->args);

		err = -ENOMEM;
		if (!copy)
			goto out_free;
		err = parse_module_args(mod->name, copy, mod->kp, mod->num_kp);
		kfree(copy);
		if (err)
			goto out_free;
	}

	set_core_protection(mod, true);
	mod->state = MODULE_STATE_COMING;
	module_sysfs_add(mod);
	err = do_init_module(mod);
	if (err)
		goto out_going;
	kfree(info->dest);
	mutex_unlock(&module_mutex);
	return 0;

out_going:
	mod->state = MODULE_STATE_GOING;
out_free:
	free_module(mod);
out_unlock:
	mutex_unlock(&module_mutex);
	kfree(info->dest);
	return err;
}

/*
 * The ELF identification and type, from user memory (UMOD) or a kernel
 * buffer (KBUF), before anything is allocated: junk (a fuzzer's random
 * pointer) costs no vmalloc area, whose page tables are never given back.
 */
static int check_header(const void __user *umod, const void *kbuf)
{
	Elf32_Ehdr h;

	if (kbuf)
		memcpy(&h, kbuf, sizeof(h));
	else if (copy_from_user(&h, umod, sizeof(h)))
		return -EFAULT;
	if (memcmp(h.e_ident, "\177ELF", 4) || h.e_ident[4] != 1 || h.e_type != ET_REL ||
	    h.e_machine != EM_386)
		return -ENOEXEC;
	return 0;
}

long sys_init_module(void __user *umod, unsigned long len, const char __user *uargs)
{
	struct load_info info = { 0 };
	int err;

	if (len < sizeof(Elf32_Ehdr))
		return -ENOEXEC;
	if (len > MAX_MODULE_IMAGE)
		return -ENOMEM;
	err = check_header(umod, NULL);
	if (err)
		return err;
	info.hdr = vmalloc(len);
	if (!info.hdr)
		return -ENOMEM;
	info.len = len;
	if (copy_from_user(info.hdr, umod, len)) {
		vfree(info.hdr);
		return -EFAULT;
	}
	err = load_module(&info, uargs, 0);
	vfree(info.hdr);
	return err;
}

long sys_finit_module(int fd, const char __user *uargs, int flags)
{
	struct load_info info = { 0 };
	struct inode *inode;
	struct file *f;
	int err;

	if (flags & ~(MODULE_INIT_IGNORE_MODVERSIONS | MODULE_INIT_IGNORE_VERMAGIC))
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	err = -EBADF;
	if (!(f->f_mode & FMODE_READ))
		goto out;
	inode = f->f_inode;
	err = -EINVAL;
	if (!S_ISREG(inode->i_mode))
		goto out;
	err = -ENOEXEC;
	if (inode->i_size < (loff_t)sizeof(Elf32_Ehdr))
		goto out;
	err = -EFBIG;
	if (inode->i_size > (loff_t)MAX_MODULE_IMAGE)
		goto out;
	info.len = inode->i_size;
	err = -EINVAL;		/* neither in one buffer nor readable into one */
	if (inode->i_private) {
		err = check_header(NULL, inode->i_private);
	} else if (f->f_op && f->f_op->read_kernel) {
		Elf32_Ehdr h;
		ssize_t n;

		mutex_lock(&vfs_lock);
		n = f->f_op->read_kernel(f, &h, sizeof(h), 0);
		mutex_unlock(&vfs_lock);
		err = n == sizeof(h) ? check_header(NULL, &h) : n < 0 ? n : -ENOEXEC;
	}
	if (err)
		goto out;
	err = -ENOMEM;
	info.hdr = vmalloc(info.len);
	if (!info.hdr)
		goto out;
	if (inode->i_private) {
		memcpy(info.hdr, inode->i_private, info.len);
	} else if (f->f_op && f->f_op->read_kernel) {
		ssize_t n;

		mutex_lock(&vfs_lock);
		n = f->f_op->read_kernel(f, info.hdr, info.len, 0);
		mutex_unlock(&vfs_lock);
		err = n < 0 ? n : -EIO;
		if (n != (ssize_t)info.len)
			goto out_free;
	} else {
		err = -EINVAL;
		goto out_free;
	}
	err = load_module(&info, uargs, flags);
out_free:
	vfree(info.hdr);
out:
	fput(f);
	return err;
}

long sys_delete_module(const char __user *name_user, unsigned int flags)
{
	char name[MODULE_NAME_LEN];
	struct module *mod;
	int ret;

	if (strncpy_from_user(name, name_user, MODULE_NAME_LEN - 1) < 0)
		return -EFAULT;
	name[MODULE_NAME_LEN - 1] = 0;
	mutex_lock(&module_mutex);
	mod = find_module(name);
	ret = -ENOENT;
	if (!mod)
		goto out;
	ret = -EAGAIN;		/* -EWOULDBLOCK: other modules use it */
	if (!list_empty(&mod->source_list))
		goto out;
	ret = -EBUSY;
	if (mod->state != MODULE_STATE_LIVE)
		goto out;	/* still initialising, or already going */
	if (mod->init && !mod->exit)
		goto out;	/* no exit function: can never go (no forced unload) */
	ret = -EAGAIN;		/* in use (Linux's try_stop_module: -EWOULDBLOCK) */
	if (mod->refcnt)
		goto out;
	mod->state = MODULE_STATE_GOING;
	mutex_unlock(&module_mutex);
	if (mod->exit)
		mod->exit();
	mutex_lock(&module_mutex);
	free_module(mod);
	modules_unloaded++;
	ret = 0;
out:
	mutex_unlock(&module_mutex);
	return ret;
}
