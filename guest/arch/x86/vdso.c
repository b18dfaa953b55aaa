/*
 * The 32-bit vDSO (Linux's arch/x86/entry/vdso/vma.c): one page of the
 * kernel's data holding a small ELF shared object (arch/x86/vdso/), mapped
 * read-only and executable into every process by execve just below
 * mmap_base, shown to the program by AT_SYSINFO_EHDR (the image) and
 * AT_SYSINFO (__kernel_vsyscall, which enters with SYSENTER). Without SEP
 * the SYSENTER in the image is patched to NOPs at boot, so
 * __kernel_vsyscall falls through to int $0x80, as Linux's alternatives do.
 * The image's vdso_data (the clock's TSC multiplier and the boot wall-clock
 * time) is written here, so clock_gettime, gettimeofday and time run in user
 * mode on virtual time.
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <asm/processor.h>
#include "vdso-syms.h"

extern char vdso32_start[], vdso32_end[];
extern u64 boot_wallclock_sec;
u32 sched_clock_mult(void);

struct vdso_data {		/* as in vdso/vclock_gettime.c */
	u32 mult;
	u32 pad;
	u64 wall_sec;
};
bool vdso_sysenter;		/* the CPU has SEP: __kernel_vsyscall uses SYSENTER */

void __init vdso_init(bool sep)
{
	u8 *p = (u8 *)vdso32_start + VDSO___KERNEL_VSYSCALL;
	int i;

	vdso_sysenter = sep;
	if (sep)
		return;
	for (i = 0; i < 16; i++) {
		if (p[i] == 0x0f && p[i + 1] == 0x34) {		/* sysenter */
			p[i] = 0x66;				/* -> xchg %ax,%ax */
			p[i + 1] = 0x90;
			break;
		}
	}
}

/* At execve, in the new mm: the vDSO's VMA and its one page. */
int arch_setup_additional_pages(struct mm_struct *mm)
{
	unsigned long addr = mm->mmap_base - PAGE_SIZE;
	struct vm_area_struct *vma = vm_area_alloc(mm);
	int err;

	if (!vma)
		return -ENOMEM;
	vma->vm_start = addr;
	vma->vm_end = addr + PAGE_SIZE;
	vma->vm_flags = VM_READ | VM_EXEC | VM_MAYREAD | VM_MAYEXEC | VM_DONTEXPAND;
	vma->vm_pgoff = 0;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		return err;
	}
	/* The clock's constants (the TSC is calibrated long before the first exec). */
	{
		struct vdso_data *d = (struct vdso_data *)(vdso32_start + VDSO_VDSO_DATA);

		d->mult = sched_clock_mult();
		d->wall_sec = boot_wallclock_sec;
	}
	err = install_special_page(mm, vma, addr, virt_to_page(vdso32_start));
	if (err)
		return err;
	mm->vdso = addr;
	return 0;
}

/* A new wall clock (settimeofday): the page is shared, so every process sees it. */
void vdso_set_wall_sec(u64 sec)
{
	struct vdso_data *d = (struct vdso_data *)(vdso32_start + VDSO_VDSO_DATA);

	d->wall_sec = sec;
}
