/*
 * Memory detection through the BIOS, in Linux's order of preference
 * (arch/x86/boot/memory.c): INT 15h AX=E820h (the full map), then AX=E801h and
 * AH=88h (only the amount above 1 MiB, in boot_params.alt_mem_k).
 */
#include "boot.h"

#define SMAP 0x534d4150		/* "SMAP" */

static void detect_memory_e820(void)
{
	struct boot_e820_entry *desc = boot_params.e820_table;
	static struct boot_e820_entry buf;	/* static: its offset is in DS */
	struct biosregs ireg, oreg;
	int count = 0;

	initregs(&ireg);
	ireg.eax = 0xe820;
	ireg.ecx = sizeof(buf);
	ireg.edx = SMAP;
	ireg.edi = (u32)&buf;
	do {
		intcall(0x15, &ireg, &oreg);
		ireg.ebx = oreg.ebx;	/* continuation value for the next call */
		/* Some BIOSes stop by failing the call, others by clearing EBX. */
		if (oreg.eflags & X86_EFLAGS_CF)
			break;
		if (oreg.eax != SMAP) {
			count = 0;	/* not a real E820: trust none of it */
			break;
		}
		*desc++ = buf;
		count++;
	} while (ireg.ebx && count < E820_MAX_ENTRIES_ZEROPAGE);
	boot_params.e820_entries = count;
}

static void detect_memory_e801(void)
{
	struct biosregs ireg, oreg;

	initregs(&ireg);
	ireg.eax = 0xe801;
	intcall(0x15, &ireg, &oreg);
	if (oreg.eflags & X86_EFLAGS_CF)
		return;
	/* Some BIOSes answer in CX/DX, others in AX/BX. */
	if (oreg.ecx || oreg.edx) {
		oreg.eax = oreg.ecx;
		oreg.ebx = oreg.edx;
	}
	if ((oreg.eax & 0xffff) > 15 * 1024)
		return;		/* more than 15 MiB below 16 MiB: nonsense */
	boot_params.alt_mem_k = ((oreg.ebx & 0xffff) << 6) + (oreg.eax & 0xffff);
}

static void detect_memory_88(void)
{
	struct biosregs ireg, oreg;

	initregs(&ireg);
	ireg.eax = 0x8800;
	intcall(0x15, &ireg, &oreg);
	if (!(oreg.eflags & X86_EFLAGS_CF) && !boot_params.alt_mem_k)
		boot_params.alt_mem_k = oreg.eax & 0xffff;
}

void detect_memory(void)
{
	detect_memory_e820();
	detect_memory_e801();
	detect_memory_88();
}

/*
 * KiB of RAM contiguous from 1 MiB: what the kernel and its decompressor can
 * use. From the E820 map when there is one, else from alt_mem_k.
 */
u32 ram_above_1m_kb(void)
{
	u64 end = 0x100000;
	int i, grew;

	if (!boot_params.e820_entries)
		return boot_params.alt_mem_k;
	do {		/* the map need not be sorted: extend until nothing grows */
		grew = 0;
		for (i = 0; i < boot_params.e820_entries; i++) {
			struct boot_e820_entry *e = &boot_params.e820_table[i];

			if (e->type == E820_TYPE_RAM && e->addr <= end &&
			    e->addr + e->size > end) {
				end = e->addr + e->size;
				grew = 1;
			}
		}
	} while (grew);
	if (end >= 0x100000000ULL)
		end = 0xffffffffULL;
	return (u32)((end - 0x100000) >> 10);
}
