/*
 * mremap (Linux's mm/mremap.c) for anonymous memory: shrink a mapping,
 * grow it in place when the space after it is free, or, with
 * MREMAP_MAYMOVE, move it (its page-table entries, not its data) to a new
 * place, chosen (or MREMAP_FIXED: given) by the caller.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/rmap.h>

bool may_expand_vm(struct mm_struct *mm, unsigned long npages);	/* mmap.c */

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

/* Move [addr, addr + old_len) of vma to new_addr as new_len bytes; returns new_addr or -errno. */
static unsigned long move_vma(struct vm_area_struct *vma, unsigned long addr,
			      unsigned long old_len, unsigned long new_len, unsigned long new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new = vm_area_alloc(mm);
	unsigned long flags = vma->vm_flags;
	int err;

	if (!new)
		return -ENOMEM;
	if ((flags & VM_ACCOUNT) && vm_enough_memory_mm(mm, new_len >> PAGE_SHIFT)) {
		vm_area_free(new);
		return -ENOMEM;
	}
	*new = *vma;
	vma_file_get(new);
	anon_vma_link(new);	/* the pages move with their linear index: same reverse map */
	new->vm_start = new_addr;
	new->vm_end = new_addr + new_len;
	new->vm_pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	new->vm_prev = new->vm_next = NULL;
	err = insert_vm_struct(mm, new);
	if (err) {
		vm_area_free(new);
		if (flags & VM_ACCOUNT)
			vm_unacct_memory(new_len >> PAGE_SHIFT);
		return err;
	}
	/* insert may have merged it with its neighbours, vma too: use addresses only. */
	move_page_tables(mm, addr, new_addr, min(old_len, new_len));
	do_munmap(mm, addr, old_len);
	if ((flags & VM_LOCKED) && new_len > old_len)
		mm_populate(mm, new_addr + old_len, new_len - old_len);
	return new_addr;
}

static long mremap_locked(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL;		/* MREMAP_DONTUNMAP: not yet */
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || new_len > TASK_SIZE || old_len > TASK_SIZE - addr)
		return -EINVAL;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr)
		return -EFAULT;
	if (old_len == 0 || addr + old_len > vma->vm_end)
		return -EFAULT;		/* old_len 0 (duplicate a shared mapping): not yet */
	if (vma->vm_flags & VM_DONTEXPAND)
		return -EFAULT;		/* the vDSO */
	if (new_len > old_len && (vma->vm_flags & VM_LOCKED) &&
	    !mlock_future_ok(mm, new_len - old_len))
		return -EAGAIN;
	if (new_len > old_len && !may_expand_vm(mm, (new_len - old_len) >> PAGE_SHIFT))
		return -ENOMEM;		/* RLIMIT_AS */

	if (flags & MREMAP_FIXED) {
		/* new_addr above TASK_SIZE first: TASK_SIZE - new_addr would wrap. */
		if ((new_addr & ~PAGE_MASK) || new_addr < MMAP_MIN_ADDR || new_addr > TASK_SIZE ||
		    new_len > TASK_SIZE - new_addr)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;		/* the ranges overlap */
		do_munmap(mm, new_addr, new_len);
		vma = find_vma(mm, addr);
		return move_vma(vma, addr, old_len, new_len, new_addr);
	}
	if (new_len <= old_len) {		/* shrinking never moves */
		if (new_len < old_len)
			do_munmap(mm, addr + new_len, old_len - new_len);
		return addr;
	}
	/* Grow in place: the range ends the VMA and the space after it is free. */
	next = vma->vm_next;
	if (addr + old_len == vma->vm_end && addr + new_len <= TASK_SIZE &&
	    (!next || next->vm_start >= addr + new_len)) {
		unsigned long more = (new_len - old_len) >> PAGE_SHIFT;

		if ((vma->vm_flags & VM_ACCOUNT) && vm_enough_memory_mm(mm, more))
			return -ENOMEM;
		vma->vm_end = addr + new_len;
		mm->total_vm += more;
		if ((vma->vm_flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE)
			mm->data_vm += more;
		if (vma->vm_flags & VM_LOCKED) {
			mm->locked_vm += more;
			mm_populate(mm, addr + old_len, new_len - old_len);
		}
		if (mm->total_vm > mm->hiwater_vm)
			mm->hiwater_vm = mm->total_vm;
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	new_addr = get_unmapped_area(new_len);
	if (IS_ERR_VALUE(new_addr))
		return new_addr;
	return move_vma(vma, addr, old_len, new_len, new_addr);
}

/* The system call: mremap under the mm's mmap_lock (for writing). */
long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = mremap_locked(addr, old_len, new_len, flags, new_addr);
	mmap_write_unlock(mm);
	return ret;
}
