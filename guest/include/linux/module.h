/*
 * Loadable modules (Linux's include/linux/module.h). A module is an ELF32
 * relocatable .ko file: its code, MODULE_* strings in .modinfo, parameters in
 * __param, exports in __ksymtab, and its struct module in
 * .gnu.linkonce.this_module (name, init and exit filled in at build time,
 * as Linux's modpost does in NAME.mod.c). The same source builds into the
 * kernel when KBUILD_MODNAME is set without MODULE: module_init becomes an
 * initcall and the parameters are named NAME.PARAM.
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/moduleparam.h>

#define MODULE_NAME_LEN (64 - sizeof(unsigned long))

enum module_state {
	MODULE_STATE_LIVE,	/* normal state */
	MODULE_STATE_COMING,	/* being loaded: module_init runs */
	MODULE_STATE_GOING,	/* being removed: module_exit runs */
	MODULE_STATE_UNFORMED,	/* still being laid out */
};

/* One memory region of a module: page-aligned text, then rodata, then data. */
struct module_layout {
	void *base;
	unsigned int size;	/* bytes mapped */
	unsigned int text_size;	/* [base, base+text_size) is code (read-only) */
	unsigned int ro_size;	/* [base, base+ro_size) is read-only */
};

struct mod_kallsym {
	unsigned long addr, size;
	const char *name;	/* in mod_kallsyms.strtab */
	char type;		/* 't' text, 'd' data, as nm */
};

struct mod_kallsyms {
	unsigned int num;
	struct mod_kallsym *syms;	/* sorted by address */
	char *strtab;
};

struct module_sect_attr {
	const char *name;
	unsigned long addr;
};

struct module {
	enum module_state state;
	struct list_head list;
	char name[MODULE_NAME_LEN];
	int (*init)(void);
	void (*exit)(void);

	/* Everything below is filled in by the loader. */
	struct module_layout core_layout, init_layout;
	const struct kernel_symbol *syms, *gpl_syms;
	unsigned int num_syms, num_gpl_syms;
	const struct kernel_param *kp;
	unsigned int num_kp;
	int refcnt;			/* try_module_get minus module_put */
	bool gpl_compatible;
	unsigned int taints;
	char *args;			/* the insmod argument string */
	struct mod_kallsyms *kallsyms;	/* core symbols (init ones go with .init) */
	struct module_sect_attr *sect_attrs;
	unsigned int num_sect_attrs;
	struct list_head source_list;	/* modules using this one (module_use.source_list) */
	struct list_head target_list;	/* modules this one uses */
	unsigned int load_seq;		/* for the debugger: changes on every load */
	struct module_kobject *mkobj;	/* /sys/module/NAME (kernel/module/sysfs.c) */
};

/* "a depends on b": a uses symbols exported by b. */
struct module_kobject;

struct module_use {
	struct list_head source_list, target_list;
	struct module *source, *target;
};

#ifdef MODULE
extern struct module __this_module;
#define THIS_MODULE (&__this_module)
#else
#define THIS_MODULE ((struct module *)0)
#endif

#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_desc) MODULE_INFO(description, _desc)
#define MODULE_VERSION(_ver) MODULE_INFO(version, _ver)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)

typedef void (*exitcall_t)(void);

#ifdef MODULE
#undef module_init
/* The loader calls init_module/cleanup_module through __this_module. */
#define module_init(initfn)							\
	static inline initcall_t __maybe_unused __inittest(void) { return initfn; } \
	int init_module(void) __attribute__((copy(initfn), alias(#initfn)))
#define module_exit(exitfn)							\
	static inline exitcall_t __maybe_unused __exittest(void) { return exitfn; } \
	void cleanup_module(void) __attribute__((copy(exitfn), alias(#exitfn)))
#define __exit __attribute__((section(".exit.text"), __cold__, __noinline__))
#else
/* Built in: module_init is an initcall (linux/init.h); exit code never runs. */
#define module_exit(exitfn)							\
	static inline exitcall_t __maybe_unused __exittest(void) { return exitfn; }
#define __exit __attribute__((__cold__, __noinline__))
#endif

/* A reference that keeps MOD from being removed (NULL: built in, always works). */
bool try_module_get(struct module *mod);
void module_put(struct module *mod);
#define __module_get(mod) ((void)try_module_get(mod))
int module_refcount(struct module *mod);

/* The module whose code or data holds ADDR, or NULL. */
struct module *__module_address(unsigned long addr);
bool is_module_text_address(unsigned long addr);
/* kallsyms for module code: the name holding ADDR, and which module (for "[name]"). */
const char *module_address_lookup(unsigned long addr, unsigned long *size,
				  unsigned long *offset, char **modname);
unsigned long module_kallsyms_lookup_name(const char *name);
struct module *find_module(const char *name);

extern struct list_head modules;	/* every loaded module, newest first */
extern struct mutex module_mutex;
extern unsigned int modules_loaded, modules_unloaded;


#endif
