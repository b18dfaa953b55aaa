/*
 * Exported symbols (Linux's include/linux/export.h): EXPORT_SYMBOL puts a
 * (value, name) pair in __ksymtab, EXPORT_SYMBOL_GPL in __ksymtab_gpl; the
 * module loader resolves a module's undefined symbols against these tables
 * only (kallsyms is not consulted), and only GPL-compatible modules see the
 * _GPL table. A module may export symbols for later modules the same way.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

struct kernel_symbol {
	unsigned long value;
	const char *name;
};

#define __EXPORT_SYMBOL(sym, sec)						\
	extern __typeof__(sym) sym;						\
	static const char __kstrtab_##sym[]					\
	__attribute__((section("__ksymtab_strings"), used, aligned(1))) = #sym;	\
	static const struct kernel_symbol __ksymtab_##sym			\
	__attribute__((section(sec), used, aligned(4))) =			\
		{ (unsigned long)&sym, __kstrtab_##sym }

#define EXPORT_SYMBOL(sym)	__EXPORT_SYMBOL(sym, "__ksymtab")
#define EXPORT_SYMBOL_GPL(sym)	__EXPORT_SYMBOL(sym, "__ksymtab_gpl")

#endif
