/*
 * Overcommit (Linux's mm/util.c __vm_enough_memory and the vm.overcommit_*
 * sysctls): memory a process may come to write is charged to Committed_AS
 * when it is mapped, whether or not it is ever touched. Charged ("VM_ACCOUNT")
 * are private writable mappings (brk, anonymous mmap, the copies fork makes)
 * and shared anonymous ones, unless MAP_NORESERVE (ignored in mode 2).
 *
 *   vm.overcommit_memory 0: heuristic: refuse only one request larger than
 *                           all of RAM plus swap;
 *                        1: always grant;
 *                        2: strict: Committed_AS may not pass CommitLimit =
 *                           RAM * overcommit_ratio% + swap (or
 *                           overcommit_kbytes + swap if that is set), less a
 *                           reserve of the caller's VmSize / 32 (at most 128 MiB).
 *
 * Until /proc/sys exists the sysctls are read and set with the lucix-only
 * system call lucix_vm_sysctl (guest/mm/memstat.c).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>

int sysctl_overcommit_memory;			/* OVERCOMMIT_GUESS */
int sysctl_overcommit_ratio = 50;
unsigned long sysctl_overcommit_kbytes;
long vm_committed_as;				/* pages */
unsigned long total_swap_pages;			/* swapfile.c: usable slots of the areas on */

/* CommitLimit, in pages (Linux's vm_commit_limit). */
unsigned long vm_commit_limit(void)
{
	unsigned long allowed;

	if (sysctl_overcommit_kbytes)
		allowed = sysctl_overcommit_kbytes >> (PAGE_SHIFT - 10);
	else
		allowed = (unsigned long)((u64)totalram_pages * sysctl_overcommit_ratio / 100);
	return allowed + total_swap_pages;
}

/* Does a mapping with these flags charge Committed_AS? */
bool vm_flags_accountable(unsigned long vm_flags)
{
	if (vm_flags & VM_NORESERVE)
		return false;
	return (vm_flags & VM_SHARED) || (vm_flags & VM_WRITE);
}

/*
 * Charge pages to Committed_AS for mm, or refuse with -ENOMEM (Linux's
 * __vm_enough_memory; every caller is root, so no admin reserve).
 */
int vm_enough_memory_mm(struct mm_struct *mm, long pages)
{
	long allowed, reserve;

	vm_committed_as += pages;
	if (sysctl_overcommit_memory == OVERCOMMIT_ALWAYS)
		return 0;
	if (sysctl_overcommit_memory == OVERCOMMIT_GUESS) {
		if ((unsigned long)pages > totalram_pages + total_swap_pages)
			goto error;
		return 0;
	}
	allowed = vm_commit_limit();
	if (mm) {
		reserve = (128UL << 20) >> PAGE_SHIFT;
		allowed -= min((long)(mm->total_vm / 32), reserve);
	}
	if (vm_committed_as < allowed)
		return 0;
error:
	vm_committed_as -= pages;
	return -ENOMEM;
}

void vm_unacct_memory(long pages)
{
	vm_committed_as -= pages;
}
