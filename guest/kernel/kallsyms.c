/*
 * Symbol lookup for oopses and %pS (Linux's kernel/kallsyms.c, simplified):
 * the table is a sorted array of (address, name offset) pairs plus a string
 * blob, emitted by guest/tools/kallsyms.sh into the .kallsyms section.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/module.h>

struct kallsym {
	unsigned long addr;
	unsigned long name;	/* offset in kallsyms_names */
};
extern const unsigned long kallsyms_num;
extern const struct kallsym kallsyms_table[];
extern const char kallsyms_names[];

bool kernel_text_address(unsigned long addr)
{
	return (addr >= (unsigned long)_text && addr < (unsigned long)_etext) ||
	       (addr >= (unsigned long)_sinittext && addr < (unsigned long)_einittext) ||
	       is_module_text_address(addr);
}

/* Return the name of the function holding ADDR (NULL if none) and its size/offset. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	unsigned long lo = 0, hi = kallsyms_num, mid, end;

	if (is_module_text_address(addr))
		return module_address_lookup(addr, size, offset, NULL);
	if (!kallsyms_num || !kernel_text_address(addr) || addr < kallsyms_table[0].addr)
		return NULL;
	while (hi - lo > 1) {	/* last entry with addr <= ADDR */
		mid = (lo + hi) / 2;
		if (kallsyms_table[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Aliases share an address: take the first name, end at the next address. */
	while (lo && kallsyms_table[lo - 1].addr == kallsyms_table[lo].addr)
		lo--;
	for (hi = lo + 1; hi < kallsyms_num && kallsyms_table[hi].addr == kallsyms_table[lo].addr;)
		hi++;
	end = hi < kallsyms_num ? kallsyms_table[hi].addr : (unsigned long)_etext;
	if (end <= addr)
		end = addr + 1;
	if (size)
		*size = end - kallsyms_table[lo].addr;
	if (offset)
		*offset = addr - kallsyms_table[lo].addr;
	return kallsyms_names + kallsyms_table[lo].name;
}

/* The i-th symbol in address order (/proc/kallsyms); false past the end. */
bool kallsyms_get(unsigned long i, unsigned long *addr, const char **name)
{
	if (i >= kallsyms_num)
		return false;
	*addr = kallsyms_table[i].addr;
	*name = kallsyms_names + kallsyms_table[i].name;
	return true;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	unsigned long i;

	for (i = 0; i < kallsyms_num; i++)
		if (!strcmp(kallsyms_names + kallsyms_table[i].name, name))
			return kallsyms_table[i].addr;
	return module_kallsyms_lookup_name(name);
}

/* " [helloworld]" after a symbol in a module, as Linux prints it; "" otherwise. */
static const char *module_suffix(unsigned long addr, char *buf, size_t size)
{
	struct module *mod = is_module_text_address(addr) ? __module_address(addr) : NULL;

	if (!mod)
		return "";
	snprintf(buf, size, " [%s]", mod->name);
	return buf;
}

/* "name+0xoff/0xsize" (" [module]" after a module's), or the bare hex address when unknown. */
int sprint_symbol(char *buf, unsigned long addr)
{
	unsigned long size, off;
	const char *name = kallsyms_lookup(addr, &size, &off);
	char mod[MODULE_NAME_LEN + 3];

	if (!name)
		return snprintf(buf, KSYM_SYMBOL_LEN, "0x%lx", addr);
	return snprintf(buf, KSYM_SYMBOL_LEN, "%s+0x%lx/0x%lx%s", name, off, size,
			module_suffix(addr, mod, sizeof(mod)));
}

int sprint_symbol_no_offset(char *buf, unsigned long addr)
{
	const char *name = kallsyms_lookup(addr, NULL, NULL);

	if (!name)
		return snprintf(buf, KSYM_SYMBOL_LEN, "0x%lx", addr);
	return snprintf(buf, KSYM_SYMBOL_LEN, "%s", name);
}

/*
 * For a return address: the call may be the last instruction of a noreturn
 * function, so the address itself can belong to the next symbol. Look up
 * ADDR - 1 and print the offset of ADDR, as Linux's %pB.
 */
int sprint_backtrace(char *buf, unsigned long addr)
{
	unsigned long size, off;
	const char *name = kallsyms_lookup(addr - 1, &size, &off);
	char mod[MODULE_NAME_LEN + 3];

	if (!name)
		return snprintf(buf, KSYM_SYMBOL_LEN, "0x%lx", addr);
	return snprintf(buf, KSYM_SYMBOL_LEN, "%s+0x%lx/0x%lx%s", name, off + 1, size,
			module_suffix(addr - 1, mod, sizeof(mod)));
}
