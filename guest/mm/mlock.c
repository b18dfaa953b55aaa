/*
 * Locked memory (Linux's mm/mlock.c and mm/gup.c's populate): mlock,
 * munlock, mlockall, munlockall and the populating of MAP_POPULATE and
 * MAP_LOCKED mappings. A locked VMA carries VM_LOCKED, its pages are made
 * present when it is locked (so touching them takes no page fault) and count
 * in mm->locked_vm (VmLck). Nothing is ever reclaimed yet, so "locked" only
 * changes the accounting and the populating; reclaim must skip these pages.
 *
 * lucix has no capabilities: every process is uid 0 but RLIMIT_MEMLOCK is
 * enforced as for an unprivileged Linux process (Linux lets CAP_IPC_LOCK
 * lock without limit), so the limit can be tested.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched.h>

#define MCL_CURRENT	1
#define MCL_FUTURE	2
#define MCL_ONFAULT	4
#define MLOCK_ONFAULT	1

/* May mm lock bytes more (RLIMIT_MEMLOCK)? */
bool mlock_future_ok(struct mm_struct *mm, unsigned long bytes)
{
	u64 limit = rlimit(RLIMIT_MEMLOCK);

	return ((u64)mm->locked_vm << PAGE_SHIFT) + bytes <= limit;
}

/* Fault in every page of [start, start + len) that a VMA covers. */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len;
	struct vm_area_struct *vma;
	int err;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma->vm_next) {
		err = populate_vma_range(vma, max(start, vma->vm_start), min(end, vma->vm_end));
		if (err)
			return err;
	}
	return 0;
}

/*
 * Give [start, end) of vma the flags newflags (VM_LOCKED set or cleared),
 * splitting it so only the range changes (Linux's mlock_fixup).
 */
static int mlock_fixup(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	if (newflags == vma->vm_flags || (vma->vm_flags & VM_DONTEXPAND))
		return 0;		/* no change, or the vDSO: never locked */
	if (start > vma->vm_start && split_vma(mm, vma, start, 1))
		return -ENOMEM;
	if (end < vma->vm_end && split_vma(mm, vma, end, 0))
		return -ENOMEM;
	vm_account(mm, vma, -1);
	vma->vm_flags = newflags;
	vm_account(mm, vma, 1);
	return 0;
}

/* Lock (on) or unlock [start, start + len): every page must be mapped. */
static int apply_vma_lock_flags(unsigned long start, unsigned long len, bool on)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end = start + len, nstart, tmp;
	int err;

	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (nstart = start; nstart < end; nstart = tmp) {
		unsigned long flags;

		if (!vma || vma->vm_start > nstart)
			return -ENOMEM;		/* a hole */
		tmp = min(vma->vm_end, end);
		flags = on ? vma->vm_flags | VM_LOCKED : vma->vm_flags & ~VM_LOCKED;
		err = mlock_fixup(mm, vma, nstart, tmp, flags);
		if (err)
			return err;
		vma = find_vma(mm, tmp);
	}
	return 0;
}

/* The locked pages [start, end) would add, over what is locked already. */
static unsigned long count_unlocked(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma;
	unsigned long n = 0;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma->vm_next)
		if (!(vma->vm_flags & VM_LOCKED))
			n += min(end, vma->vm_end) - max(start, vma->vm_start);
	return n;
}

static long mlock_locked(unsigned long start, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	int err;

	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	if (start + len < start)
		return -EINVAL;
	if (!len)
		return 0;
	if (!mlock_future_ok(mm, count_unlocked(mm, start, start + len)))
		return -ENOMEM;
	err = apply_vma_lock_flags(start, len, true);
	if (err)
		return err;
	return mm_populate(mm, start, len) ? -ENOMEM : 0;
}

/* The system call: mlock under the mm's mmap_lock (for writing). */
long sys_mlock(unsigned long start, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = mlock_locked(start, len);
	mmap_write_unlock(mm);
	return ret;
}

long sys_mlock2(unsigned long start, unsigned long len, int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return sys_mlock(start, len);	/* MLOCK_ONFAULT: populated anyway */
}

static long munlock_locked(unsigned long start, unsigned long len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	if (start + len < start)
		return -EINVAL;
	if (!len)
		return 0;
	return apply_vma_lock_flags(start, len, false);
}

/* The system call: munlock under the mm's mmap_lock (for writing). */
long sys_munlock(unsigned long start, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = munlock_locked(start, len);
	mmap_write_unlock(mm);
	return ret;
}

static long mlockall_locked(int flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;
	int err;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if ((flags & MCL_CURRENT) && !mlock_future_ok(mm, count_unlocked(mm, 0, TASK_SIZE)))
		return -ENOMEM;
	mm->def_flags &= ~VM_LOCKED;
	if (flags & MCL_FUTURE)
		mm->def_flags |= VM_LOCKED;
	if (!(flags & MCL_CURRENT))
		return 0;
	for (vma = mm->mmap; vma; vma = next) {
		next = vma->vm_next;
		err = mlock_fixup(mm, vma, vma->vm_start, vma->vm_end, vma->vm_flags | VM_LOCKED);
		if (err)
			return err;
	}
	return mm_populate(mm, 0, TASK_SIZE) ? -ENOMEM : 0;
}

/* The system call: mlockall under the mm's mmap_lock (for writing). */
long sys_mlockall(int flags)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = mlockall_locked(flags);
	mmap_write_unlock(mm);
	return ret;
}

static long munlockall_locked(void)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;

	mm->def_flags &= ~VM_LOCKED;
	for (vma = mm->mmap; vma; vma = next) {
		next = vma->vm_next;
		mlock_fixup(mm, vma, vma->vm_start, vma->vm_end, vma->vm_flags & ~VM_LOCKED);
	}
	return 0;
}

/* The system call: munlockall under the mm's mmap_lock (for writing). */
long sys_munlockall(void)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = munlockall_locked();
	mmap_write_unlock(mm);
	return ret;
}
