/*
 * The mm's mmap_lock (Linux's include/linux/mmap_lock.h): taken for writing
 * by whatever changes the VMA list (mmap, munmap, mprotect, mremap, brk,
 * madvise, mlock, fork's copy of the parent), for reading by whatever walks
 * it and must find the VMAs still there afterwards (page faults, stack
 * growth, ptrace's and /proc's accesses to another process, mincore, msync,
 * /proc/PID/maps, swapoff's walk, the vm_check checker). No user memory is
 * touched with it held for writing: a fault would wait for it forever.
 */
#ifndef _LINUX_MMAP_LOCK_H
#define _LINUX_MMAP_LOCK_H

#include <linux/rwsem.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/sched.h>

extern struct mutex vfs_lock;	/* linux/fs.h */

static inline void mmap_init_lock(struct mm_struct *mm)
{
	init_rwsem(&mm->mmap_lock);
	mm->mmap_lock.name = "mmap_lock";
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

static inline int mmap_read_trylock(struct mm_struct *mm)
{
	return down_read_trylock(&mm->mmap_lock);
}

/*
 * For readers that may hold vfs_lock (a read() or write() of a regular file
 * copying to or from user memory, a /proc file): mmap and munmap take
 * vfs_lock with the mmap_lock held for writing, so waiting for it here could
 * deadlock. The lock is taken if no writer holds it (ahead of waiting
 * writers); else false, and the caller goes on without it, as lucix did
 * before its faults took the lock (KNOWN-ISSUES.md).
 */
static inline bool mmap_read_lock_vfs(struct mm_struct *mm)
{
	if (vfs_lock.owner != current) {
		mmap_read_lock(mm);
		return true;
	}
	return down_read_trylock_barging(&mm->mmap_lock);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

#endif
