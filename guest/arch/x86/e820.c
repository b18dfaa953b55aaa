/*
 * The BIOS memory map (Linux's arch/x86/kernel/e820.c, reduced): copied from
 * the zero page, printed the way Linux prints it, and turned into max_pfn and
 * max_low_pfn for the memory manager. Without an E820 map (old BIOS), the
 * E801/88h size in alt_mem_k gives a two-entry map, as Linux falls back to.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <asm/e820.h>
#include <asm/page.h>

struct e820_table e820_table;
unsigned long max_pfn, max_low_pfn;

static const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_TYPE_RAM: return "usable";
	case E820_TYPE_RESERVED: return "reserved";
	case E820_TYPE_ACPI: return "ACPI data";
	case E820_TYPE_NVS: return "ACPI NVS";
	case E820_TYPE_UNUSABLE: return "unusable";
	default: return "type";
	}
}

void e820__print_table(const char *who)
{
	u32 i;

	for (i = 0; i < e820_table.nr_entries; i++) {
		struct boot_e820_entry *e = &e820_table.entries[i];

		printk(KERN_INFO "%s: [mem %#018llx-%#018llx] %s", who, e->addr,
		       e->addr + e->size - 1, e820_type_name(e->type));
		if (e->type > E820_TYPE_UNUSABLE)
			pr_cont(" %u", e->type);
		pr_cont("\n");
	}
}

static void __init e820_add(u64 addr, u64 size, u32 type)
{
	if (e820_table.nr_entries < E820_MAX_ENTRIES_ZEROPAGE) {
		struct boot_e820_entry *e = &e820_table.entries[e820_table.nr_entries++];

		e->addr = addr;
		e->size = size;
		e->type = type;
	}
}

void __init e820__memory_setup(void)
{
	const char *who = "BIOS-e820";
	u64 end, low_end = 0;
	u32 i, n = boot_params.e820_entries;

	if (n > E820_MAX_ENTRIES_ZEROPAGE)
		n = E820_MAX_ENTRIES_ZEROPAGE;
	for (i = 0; i < n; i++)
		if (boot_params.e820_table[i].size)
			e820_add(boot_params.e820_table[i].addr, boot_params.e820_table[i].size,
				 boot_params.e820_table[i].type);
	if (!e820_table.nr_entries) {
		who = "BIOS-88";
		e820_add(0, 0x9f000, E820_TYPE_RAM);
		e820_add(0x100000, (u64)boot_params.alt_mem_k << 10, E820_TYPE_RAM);
	}
	pr_info("BIOS-provided physical RAM map:\n");
	e820__print_table(who);

	for (i = 0; i < e820_table.nr_entries; i++) {
		struct boot_e820_entry *e = &e820_table.entries[i];

		if (e->type != E820_TYPE_RAM)
			continue;
		end = e->addr + e->size;
		if (end > 0x100000000ULL)
			end = 0x100000000ULL;	/* no highmem above 4 GiB without PAE ptes */
		if (PFN_DOWN(end) > max_pfn)
			max_pfn = PFN_DOWN(end);
		if (end > low_end)
			low_end = end;
	}
	max_low_pfn = max_pfn;
	if (max_low_pfn > PFN_DOWN(MAXMEM))
		max_low_pfn = PFN_DOWN(MAXMEM);
	pr_info("e820: last_pfn = %#lx max_arch_pfn = 0x1000000\n", max_pfn);
	pr_info("%luMB LOWMEM available.\n", max_low_pfn >> (20 - PAGE_SHIFT));
	if (max_pfn > max_low_pfn)
		pr_info("%luMB HIGHMEM available.\n", (max_pfn - max_low_pfn) >> (20 - PAGE_SHIFT));
}
