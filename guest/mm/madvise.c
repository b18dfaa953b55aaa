/*
 * Advice and residency (Linux's mm/madvise.c and mm/mincore.c) for
 * anonymous memory: MADV_DONTNEED drops the pages of a range (the next touch
 * reads zeroes), MADV_WILLNEED does nothing for anonymous memory without
 * swap (as in Linux), the access-pattern hints are accepted; mincore reports
 * which pages are present.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/swap.h>

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL	2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_COLD	20	/* deactivate: a hint only here */
#define MADV_PAGEOUT	21	/* reclaim now: anonymous pages go to swap (vmscan.c) */

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_FREE:
	case MADV_COLD: case MADV_PAGEOUT:
		return true;
	default:
		return false;
	}
}

static long madvise_locked(unsigned long start, unsigned long len, int behavior)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end, s, e;
	int unmapped = 0;

	if (!madvise_behavior_valid(behavior) || (start & ~PAGE_MASK))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	/* Every VMA in the range gets the advice; a hole makes the call fail
	 * with -ENOMEM after the rest was done (Linux's madvise_walk_vmas). */
	for (s = start, vma = find_vma(mm, start); s < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start >= end) {
			unmapped = 1;
			break;
		}
		if (vma->vm_start > s)
			unmapped = 1;
		s = max(s, vma->vm_start);
		e = min(end, vma->vm_end);
		if (behavior == MADV_DONTNEED || behavior == MADV_FREE) {
			if (vma->vm_flags & (VM_LOCKED | VM_DONTEXPAND))
				return -EINVAL;
			zap_page_range(vma, s, e);
		}
		if (behavior == MADV_PAGEOUT || behavior == MADV_COLD) {
			if (vma->vm_flags & VM_LOCKED)
				return -EINVAL;
			if (behavior == MADV_PAGEOUT)
				reclaim_range(vma, s, e);
		}
		s = e;
	}
	return unmapped ? -ENOMEM : 0;
}

/* The system call: madvise under the mm's mmap_lock (for writing). */
long sys_madvise(unsigned long start, unsigned long len, int behavior)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = madvise_locked(start, len, behavior);
	mmap_write_unlock(mm);
	return ret;
}

/* mincore: one byte per page of [start, start + len), bit 0 set if the page is present. */
long sys_mincore(unsigned long start, unsigned long len, unsigned char __user *vec)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long pages, i, addr;
	unsigned char buf[64];

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (start + len < start || start + len > TASK_SIZE)
		return -ENOMEM;
	pages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	for (i = 0; i < pages; ) {
		unsigned long n = 0;

		addr = start + (i << PAGE_SHIFT);
		/* Each chunk under the lock, the copy out after it (it may fault). */
		mmap_read_lock(mm);
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			mmap_read_unlock(mm);
			return -ENOMEM;
		}
		while (n < sizeof(buf) && i + n < pages && addr + (n << PAGE_SHIFT) < vma->vm_end) {
			buf[n] = user_page_present(mm, addr + (n << PAGE_SHIFT));
			n++;
		}
		mmap_read_unlock(mm);
		if (copy_to_user(vec + i, buf, n))
			return -EFAULT;
		i += n;
	}
	return 0;
}
