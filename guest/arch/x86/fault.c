/*
 * Page faults (Linux's arch/x86/mm/fault.c). A fault on a user address of a
 * process is looked up in its VMAs: inside one, with the access allowed by
 * its flags, it is a demand-zero page or a copy-on-write (mm/memory.c); just
 * below a stack VMA the stack grows; anything else is a bad access: SIGSEGV
 * with Linux's "segfault at" line for user mode, the exception-table fixup
 * (copy_from_user & co. return -EFAULT) or an oops for kernel mode. The oops
 * names the address, the access (Linux's "#PF:" lines from the error code)
 * and the page-table entries that translated it, then dies.
 */
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/mm_types.h>
#include <linux/mmap_lock.h>
#include <linux/mutex.h>
#include <asm/traps.h>
#include <asm/processor.h>
#include <asm/pgtable.h>
#include <asm/irqflags.h>

#ifdef CONFIG_PAE
/* Print the PAE walk for ADDR through the current CR3, stopping at a non-present level. */
static void dump_pagetable(unsigned long addr)
{
	pgd_t *pgd = __va(read_cr3() & ~31UL);
	pgd_t pgde = pgd[pgd_index(addr)];
	pmd_t pmde;

	printk(KERN_ALERT "*pdpt = %016llx ", pgde);
	if (!(pgde & _PAGE_PRESENT) || (pgde & PAGE_MASK) >= MAXMEM) {
		pr_cont("\n");
		return;
	}
	pmde = ((pmd_t *)__va(pgde & 0xfffff000UL))[pmd_index(addr)];
	pr_cont("*pde = %016llx ", pmde);
	if ((pmde & _PAGE_PRESENT) && !(pmde & _PAGE_PSE) && (pmde & PAGE_MASK) < MAXMEM) {
		pte_t pte = ((pte_t *)__va(pmde & 0xfffff000UL))[(addr >> PAGE_SHIFT) & 511];

		pr_cont("*pte = %016llx ", pte);
	}
	pr_cont("\n");
}
#else
/* The 2-level walk: "*pde = ... *pte = ..." as Linux prints it without PAE. */
static void dump_pagetable(unsigned long addr)
{
	pgd_t *pgd = __va(read_cr3() & PAGE_MASK);
	pgd_t pde = pgd[pgd_index(addr)];

	printk(KERN_ALERT "*pde = %08x ", pde);
	if ((pde & _PAGE_PRESENT) && !(pde & _PAGE_PSE) && (pde & PAGE_MASK) < MAXMEM)
		pr_cont("*pte = %08x ",
			((pte_t *)__va(pde & PAGE_MASK))[(addr >> PAGE_SHIFT) & 1023]);
	pr_cont("\n");
}
#endif

static void no_context(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	if (fixup_exception(regs))
		return;
	oops_in_progress = 1;
	if (x86_nx_fault(address, error_code))
		printk(KERN_CRIT "kernel tried to execute NX-protected page - exploit attempt? (uid: 0)\n");
	if (address < PAGE_SIZE)
		printk(KERN_ALERT "BUG: kernel NULL pointer dereference, address: %08lx\n", address);
	else
		printk(KERN_ALERT "BUG: unable to handle page fault for address: %08lx\n", address);
	printk(KERN_ALERT "#PF: %s %s in %s mode\n",
	       (error_code & X86_PF_USER) ? "user" : "supervisor",
	       (error_code & X86_PF_INSTR) ? "instruction fetch" :
	       (error_code & X86_PF_WRITE) ? "write access" : "read access",
	       user_mode(regs) ? "user" : "kernel");
	printk(KERN_ALERT "#PF: error_code(0x%04lx) - %s\n", error_code,
	       !(error_code & X86_PF_PROT) ? "not-present page" :
	       (error_code & X86_PF_RSVD) ? "reserved bit violation" : "permissions violation");
	dump_pagetable(address);
	die("Oops", regs, error_code);
}

#ifndef CONFIG_PAE
/*
 * 2-level paging: a process's page directory copied the kernel entries when
 * it was made; a kernel page table added since (vmalloc, kmap) exists only in
 * swapper_pg_dir. Copy the missing entry in (Linux's vmalloc_fault).
 */
static bool vmalloc_fault(unsigned long address)
{
	pgd_t *pgd = (pgd_t *)__va(read_cr3() & PAGE_MASK) + pgd_index(address);
	pgd_t k = swapper_pg_dir[pgd_index(address)];

	if (!(k & _PAGE_PRESENT) || (*pgd & _PAGE_PRESENT))
		return false;
	*pgd = k;
	return true;
}
#endif

unsigned long nr_page_faults;	/* user-address faults handled (demand paging, COW, stack) */
unsigned long nr_unlocked_faults;	/* faults that went on without the mmap_lock (mmap_lock.h) */

/* Linux's show_signal_msg for an unhandled SIGSEGV from a page fault. */
static void show_segfault(struct pt_regs *regs, unsigned long error_code, unsigned long address)
{
	printk(KERN_INFO "%s[%d]: segfault at %lx ip %08lx sp %08lx error %lx\n", current->comm,
	       current->pid, address, regs->ip, regs->sp, error_code);
}

void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long address = read_cr2();	/* read first: a nested fault overwrites it */
	struct task_struct *tsk;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned int flags = 0;
	int fault, si_code = 1;	/* SEGV_MAPERR */
	bool locked = false;

	if (address >= TASK_SIZE) {
#ifndef CONFIG_PAE
		if (!(error_code & (X86_PF_USER | X86_PF_PROT)) && vmalloc_fault(address))
			return;
#endif
		goto bad_area_nosemaphore;	/* a kernel address: never for user mode */
	}
	tsk = current_thread_info()->task;
	mm = tsk ? tsk->mm : NULL;
	/* Not from a process (a kernel thread, an interrupt): no user memory to fault in. */
	if (!mm || in_interrupt())
		goto bad_area_nosemaphore;
	if (regs->flags & X86_EFLAGS_IF)
		local_irq_enable();
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	/*
	 * The VMAs must stay while we use one: the mmap_lock for reading. A
	 * kernel access to user memory with the lock held for writing (none
	 * should be left) would wait for itself: reported, and done unlocked,
	 * which is safe since no one else can change the VMAs meanwhile. One
	 * under vfs_lock goes on unlocked if a writer holds it (mmap_lock.h).
	 */
	locked = mmap_read_trylock(mm);
	if (!locked) {
		if (rwsem_write_owner_is(&mm->mmap_lock, tsk))
			lock_report("page fault with the mmap_lock held for writing (deadlock)",
				    mm->mmap_lock.name);
		else
			locked = mmap_read_lock_vfs(mm);
		if (!locked)
			nr_unlocked_faults++;
	}
	vma = find_vma(mm, address);
	if (!vma)
		goto bad_area;
	if (vma->vm_start > address) {
		if (!(vma->vm_flags & VM_GROWSDOWN))
			goto bad_area;
		/* A user access far below the stack pointer is a wild pointer (Linux < 4.20's check). */
		if ((error_code & X86_PF_USER) && address + 65536 + 32 * sizeof(unsigned long) < regs->sp)
			goto bad_area;
		if (expand_stack(vma, address))
			goto bad_area;
	}
	/* access_error: the VMA must allow the access. */
	if (error_code & X86_PF_WRITE) {
		if (!(vma->vm_flags & VM_WRITE))
			goto bad_area;
	} else if (error_code & X86_PF_PROT) {
		goto bad_area;		/* a read of a present page that faulted */
	} else if (!(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC))) {
		goto bad_area;
	}
	fault = handle_mm_fault(vma, address, flags);
	if (locked)
		mmap_read_unlock(mm);
	if (fault & VM_FAULT_OOM) {
		if (!(error_code & X86_PF_USER))
			goto no_ctx;
		pagefault_out_of_memory();	/* mm/oom_kill.c: the fault is retried */
		return;
	}
	if (fault & (VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)) {
		/* a file mapping past the end of its file, or its blocks could not be had */
		if (!(error_code & X86_PF_USER))
			goto no_ctx;
		local_irq_enable();
		force_sig_fault(fault & VM_FAULT_SIGBUS ? 7 : 11, 2 /* BUS_ADRERR */, address, 14,
				error_code);
		return;
	}
	nr_page_faults++;
	tsk->min_flt++;
	return;

bad_area:
	/* SEGV_ACCERR: a VMA is there but forbids the access; SEGV_MAPERR: none. */
	si_code = vma && vma->vm_start <= address ? 2 : 1;
	if (locked)
		mmap_read_unlock(mm);
bad_area_nosemaphore:
	if (error_code & X86_PF_USER) {
		local_irq_enable();
		show_segfault(regs, error_code, address);
		force_sig_fault(11, si_code, address, 14, error_code);
		return;
	}
no_ctx:
	no_context(regs, error_code, address);
}
