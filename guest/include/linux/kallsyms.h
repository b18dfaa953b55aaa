/*
 * The built-in symbol table (Linux's kallsyms): every text symbol of lucix with
 * its address, generated at build time by guest/tools/kallsyms.sh from a first
 * link and linked into the second (see guest/lucix.mk).
 */
#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H

#include <linux/types.h>

#define KSYM_NAME_LEN 128
#define KSYM_SYMBOL_LEN (KSYM_NAME_LEN + 32)

const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset);
unsigned long kallsyms_lookup_name(const char *name);
int sprint_symbol(char *buf, unsigned long addr);
int sprint_symbol_no_offset(char *buf, unsigned long addr);
int sprint_backtrace(char *buf, unsigned long addr);
bool kernel_text_address(unsigned long addr);
bool kallsyms_get(unsigned long i, unsigned long *addr, const char **name);

#endif
