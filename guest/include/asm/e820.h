/* The BIOS memory map as the kernel keeps it (Linux's asm/e820.h). */
#ifndef _ASM_E820_H
#define _ASM_E820_H

#include <asm/bootparam.h>

struct e820_table {
	u32 nr_entries;
	struct boot_e820_entry entries[E820_MAX_ENTRIES_ZEROPAGE];
};
extern struct e820_table e820_table;
extern struct boot_params boot_params;
extern unsigned long max_pfn;		/* highest usable RAM page + 1 */
extern unsigned long max_low_pfn;	/* ...that is directly mapped (lowmem) */

void e820__memory_setup(void);
void e820__print_table(const char *who);

#endif
