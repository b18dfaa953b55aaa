/*
 * The kernel's first instructions (Linux's arch/x86/kernel/head_32.S), entered
 * at physical 0x100000 with paging off, flat boot segments and %esi = the zero
 * page. Everything is linked at PAGE_OFFSET + physical, so until paging is on,
 * addresses go through pa(). Steps: save the zero page and command line, clear
 * the bss, build the early PAE tables (PGD[0] and PGD[3] both point at one PMD
 * of 2 MiB pages covering 1 GiB: an identity map for the jump plus the kernel
 * at 0xC0000000; with CONFIG_PAE=n, two 4 KiB-page tables covering 8 MiB at
 * PGD[0..1] and PGD[768..769]), turn on paging, load the kernel GDT and call
 * start_kernel on init_thread_union's stack.
 */
#include <asm/boot-defs.h>
#include <asm/segment.h>
#include <asm/page.h>

#define pa(x) ((x) - PAGE_OFFSET)

	.section ".head.text", "ax"
	.globl	startup_32
startup_32:
	cld
	lgdt	pa(boot_gdt_descr)
	movl	$__BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	ljmp	$__BOOT_CS, $pa(1f)
1:
	/* Clear the bss first: boot_params and the page tables live there. */
	movl	$pa(__bss_start), %edi
	movl	$pa(__bss_stop), %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep	stosl
	/* Copy the zero page and the command line (at most COMMAND_LINE_SIZE
	 * bytes; kernel/params.c checks termination and truncates). */
	movl	$pa(boot_params), %edi
	movl	$(4096 / 4), %ecx
	rep	movsl
	movl	pa(boot_params) + 0x228, %esi	/* hdr.cmd_line_ptr */
	andl	%esi, %esi
	jz	2f
	movl	$pa(boot_command_line), %edi
	movl	$(COMMAND_LINE_SIZE / 4), %ecx
	rep	movsl
2:
#ifdef CONFIG_PAE
	/* One PMD of 512 2 MiB pages: physical 0 .. 1 GiB. */
	movl	$pa(initial_pg_pmd), %edi
	movl	$(0x083), %eax			/* PRESENT | RW | PSE */
	movl	$512, %ecx
3:	movl	%eax, (%edi)
	movl	$0, 4(%edi)
	addl	$PMD_SIZE, %eax
	addl	$8, %edi
	loop	3b
	/* PGD[0] (identity, for the switch) and PGD[3] (PAGE_OFFSET). */
	movl	$pa(initial_pg_pmd) + 0x001, %eax
	movl	%eax, pa(swapper_pg_dir)
	movl	%eax, pa(swapper_pg_dir) + 24
	/* PAE on, CR3, then paging. */
	movl	%cr4, %eax
	orl	$0x20, %eax			/* CR4.PAE */
	movl	%eax, %cr4
	movl	$pa(swapper_pg_dir), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$0x80010000, %eax		/* PG | WP */
	movl	%eax, %cr0
#else
	/* CONFIG_PAE=n: two 4 KiB-page tables map physical 0 .. 8 MiB (the
	 * kernel and the page tables setup_arch puts after it), entered at
	 * PGD[0..1] (identity) and PGD[768..769] (PAGE_OFFSET). No CR4: a 386
	 * has none. */
	movl	$pa(initial_page_table), %edi
	movl	$0x003, %eax			/* PRESENT | RW */
	movl	$2048, %ecx
3:	stosl
	addl	$0x1000, %eax
	loop	3b
	movl	$pa(initial_page_table) + 0x003, %eax
	movl	%eax, pa(swapper_pg_dir)
	movl	%eax, pa(swapper_pg_dir) + 768 * 4
	addl	$0x1000, %eax
	movl	%eax, pa(swapper_pg_dir) + 4
	movl	%eax, pa(swapper_pg_dir) + 769 * 4
	movl	$pa(swapper_pg_dir), %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$0x80000000, %eax		/* PG (WP does not exist on a 386) */
	movl	%eax, %cr0
#endif
	ljmp	$__BOOT_CS, $4f			/* now at the virtual address */
4:
	lgdt	early_gdt_descr
	ljmp	$__KERNEL_CS, $5f
5:	movl	$__KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	lldt	%ax
	movl	$(init_thread_union + THREAD_SIZE), %esp
	xorl	%ebp, %ebp			/* the end of every stack trace */
	pushl	$0				/* EFLAGS: IF off, like the boot loader left it */
	popfl
	call	start_kernel
6:	hlt
	jmp	6b

	.section ".data"
	.balign	8
/* The boot protocol's flat segments, for the few instructions before paging. */
boot_gdt:
	.quad	0, 0
	.quad	0x00cf9b000000ffff		/* 0x10: __BOOT_CS */
	.quad	0x00cf93000000ffff		/* 0x18: __BOOT_DS */
boot_gdt_end:
	.word	0
boot_gdt_descr:
	.word	boot_gdt_end - boot_gdt - 1
	.long	pa(boot_gdt)

	.word	0
	.globl	early_gdt_descr
early_gdt_descr:
	.word	GDT_ENTRIES * 8 - 1
	.long	gdt_table

	.balign	8
	.globl	gdt_table
gdt_table:
	.quad	0, 0
	.quad	0x00cf9b000000ffff		/* 2: boot CS, kept for reboots */
	.quad	0x00cf93000000ffff		/* 3: boot DS */
	.fill	8, 8, 0
	.quad	0x00cf9a000000ffff		/* 12: __KERNEL_CS, ring 0 code */
	.quad	0x00cf92000000ffff		/* 13: __KERNEL_DS, ring 0 data */
	.quad	0x00cffa000000ffff		/* 14: __USER_CS, ring 3 code */
	.quad	0x00cff2000000ffff		/* 15: __USER_DS, ring 3 data */
	.quad	0				/* 16: TSS, set by trap_init */
	.fill	GDT_ENTRIES - 17, 8, 0

	.section ".bss..page_aligned", "aw", @nobits
	.balign	4096
	.globl	swapper_pg_dir, init_thread_union
swapper_pg_dir:
	.fill	4096, 1, 0
#ifdef CONFIG_PAE
	.globl	initial_pg_pmd, swapper_kernel_pmd
initial_pg_pmd:
	.fill	4096, 1, 0
swapper_kernel_pmd:
	.fill	4096, 1, 0
#else
	.globl	initial_page_table
initial_page_table:
	.fill	2 * 4096, 1, 0
#endif
	/* init_thread_union must be THREAD_SIZE-aligned (current is found by
	 * masking the stack pointer), with the guard page right below it. */
	.balign	THREAD_SIZE
	.fill	4096, 1, 0
	.globl	stack_guard_page
stack_guard_page:				/* unmapped by setup_arch: overflows fault */
	.fill	4096, 1, 0
init_thread_union:				/* the boot (pid 0) stack */
	.fill	THREAD_SIZE, 1, 0
