/*
 * msync (Linux's mm/msync.c): MS_SYNC writes back the files behind the
 * shared mappings in the range; MS_ASYNC leaves it to the flusher (the
 * pages are already marked dirty). Unmapped parts of the range: -ENOMEM.
 */
#include <linux/mmap_lock.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/pagemap.h>

#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

long sys_msync(unsigned long start, size_t len, int flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end;
	int err = 0;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC) || (start & ~PAGE_MASK) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	mmap_read_lock(mm);
	for (vma = find_vma(mm, start); start < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start > start) {
			err = -ENOMEM;
			break;
		}
		if (vma->vm_file && (vma->vm_flags & VM_SHARED))
			msync_range(vma, max(start, vma->vm_start), min(end, vma->vm_end));
		if ((flags & MS_SYNC) && vma->vm_file && (vma->vm_flags & VM_SHARED)) {
			struct file *f = vma->vm_file;
			int e;

			mutex_lock(&vfs_lock);
			e = f->f_op && f->f_op->fsync ? f->f_op->fsync(f, 0) : 0;
			mutex_unlock(&vfs_lock);
			if (e && !err)
				err = e;
		}
		start = vma->vm_end;
	}
	mmap_read_unlock(mm);
	return err;
}
