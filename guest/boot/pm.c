/*
 * The switch to protected mode (Linux's arch/x86/boot/pm.c): mask every
 * interrupt, load a null IDT and the boot GDT the boot protocol promises the
 * 32-bit entry (flat 4 GiB code at 0x10, data at 0x18), then jump to
 * code32_start with %esi pointing at the zero page.
 */
#include "boot.h"

struct gdt_ptr {
	u16 len;
	u32 ptr;
} __packed;

/* A flat descriptor: base 0, limit 4 GiB (G=1, D=1), given access byte. */
#define GDT_FLAT(access) (0x00cf000000000000ULL | ((u64)(access) << 40) | 0xffffULL)

static void setup_gdt(void)
{
	static const u64 boot_gdt[] __aligned(16) = {
		[GDT_ENTRY_BOOT_CS] = GDT_FLAT(0x9b),	/* present, ring 0, code r/x */
		[GDT_ENTRY_BOOT_DS] = GDT_FLAT(0x93),	/* present, ring 0, data r/w */
		/* A valid TSS descriptor (base 4096, limit 103) keeps Intel VT happy. */
		[GDT_ENTRY_BOOT_TSS] = 0x0000890010000067ULL,
	};
	static struct gdt_ptr gdt;

	gdt.len = sizeof(boot_gdt) - 1;
	gdt.ptr = (u32)&boot_gdt + (ds() << 4);
	__asm__ __volatile__("lgdtl %0" : : "m"(gdt));
}

static void setup_idt(void)
{
	static const struct gdt_ptr null_idt = { 0, 0 };

	__asm__ __volatile__("lidtl %0" : : "m"(null_idt));
}

void go_to_protected_mode(void)
{
	if (enable_a20())
		die("A20 gate not responding, unable to boot");
	/* Reset the coprocessor, then mask both 8259s: NMIs and IRQs off. */
	outb(0, 0xf0);
	io_delay();
	outb(0, 0xf1);
	io_delay();
	__asm__ __volatile__("cli");
	outb(0x80, 0x70);	/* NMI off through the CMOS index port */
	io_delay();
	outb(0xff, 0xa1);
	io_delay();
	outb(0xfb, 0x21);	/* all but the cascade */
	io_delay();
	setup_idt();
	setup_gdt();
	protected_mode_jump(boot_params.hdr.code32_start,
			    (u32)&boot_params + (ds() << 4));
}
