/* The linked vDSO, page-aligned in the kernel's data (arch/x86/vdso.c maps it). */
	.section ".data..page_aligned", "aw"
	.balign	4096
	.globl	vdso32_start, vdso32_end
vdso32_start:
	.incbin	VDSO_FILE
vdso32_end:
	.balign	4096
