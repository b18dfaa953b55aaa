/*
 * A process's address space as text and as page frames (Linux's
 * fs/proc/task_mmu.c): maps (Linux's columns, [heap], [stack] and [vdso]
 * named), smaps (per-VMA page counts from the page tables) and pagemap (one
 * 64-bit entry per virtual page: bit 63 present, bits 0-54 the frame number).
 * A file mapping shows the file's device, inode, offset and path; an
 * anonymous one 00:00 and inode 0. The VMAs are copied out first (a file
 * mapping's struct file with a reference), then printed, so the target
 * changing its mappings while the reader sleeps for memory cannot hurt.
 */
#include <linux/mmap_lock.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/rmap.h>
#include <asm/pgtable.h>
#include "internal.h"

struct vma_copy {
	unsigned long start, end, flags, pgoff;
	const char *name;
	struct file *file;		/* with a reference, or NULL */
};

static const char *vma_name(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (mm->vdso && vma->vm_start == mm->vdso)
		return "[vdso]";
	if (vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk && mm->brk > mm->start_brk)
		return "[heap]";
	if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

/* The task's VMAs into a new array (kfree it); their number in *n, or NULL. */
static struct vma_copy *copy_vmas(struct mm_struct *mm, int *n)
{
	struct vm_area_struct *vma;
	struct vma_copy *c;
	int cap = mm->map_count + 16, i = 0;

	bool locked = vfs_lock.owner == current, mm_locked;

	c = kmalloc_array(cap, sizeof(*c), GFP_KERNEL);
	if (!c)
		return NULL;
	if (!locked)
		mutex_lock(&vfs_lock);	/* for f_count; nothing below sleeps */
	mm_locked = mmap_read_lock_vfs(mm);
	for (vma = mm->mmap; vma && i < cap; vma = vma->vm_next, i++) {
		c[i].start = vma->vm_start;
		c[i].end = vma->vm_end;
		c[i].flags = vma->vm_flags;
		c[i].pgoff = vma->vm_pgoff;
		c[i].file = vma->vm_file;
		if (c[i].file)
			c[i].file->f_count++;
		c[i].name = c[i].file ? NULL : vma_name(mm, vma);
	}
	if (mm_locked)
		mmap_read_unlock(mm);
	if (!locked)
		mutex_unlock(&vfs_lock);
	*n = i;
	return c;
}

static void free_vma_copies(struct vma_copy *c, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (c[i].file)
			fput(c[i].file);
	kfree(c);
}

static void show_map_vma(struct seq_file *m, const struct vma_copy *v)
{
	struct inode *inode = v->file ? v->file->f_inode : NULL;
	dev_t dev = inode && inode->i_sb ? inode->i_sb->s_dev : 0;

	seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
	/* an anonymous mapping shows offset 0, as Linux */
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", v->start, v->end,
		   v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
		   v->flags & VM_EXEC ? 'x' : '-', v->flags & VM_MAYSHARE ? 's' : 'p',
		   inode ? (unsigned long long)v->pgoff << PAGE_SHIFT : 0ULL, MAJOR(dev), MINOR(dev),
		   inode ? inode->i_ino : 0UL);
	if (v->file) {
		char *path = kmalloc(PATH_MAX, GFP_KERNEL);

		seq_pad(m, ' ');
		if (path && proc_d_path(&v->file->f_path, path, PATH_MAX) > 0)
			seq_puts(m, path);
		kfree(path);
	} else if (v->name) {
		seq_pad(m, ' ');
		seq_puts(m, v->name);
	}
	seq_putc(m, '\n');
}

int proc_pid_maps(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	struct vma_copy *c;
	int n, i;

	if (!mm)
		return 0;
	c = copy_vmas(mm, &n);
	mmput(mm);
	if (!c)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		show_map_vma(m, &c[i]);
	free_vma_copies(c, n);
	return 0;
}

struct mem_size_stats {
	unsigned long resident, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anonymous, swap;
	u64 pss, pss_dirty;		/* bytes << 12, as Linux's PSS_SHIFT */
};

static void smaps_walk(struct mm_struct *mm, const struct vma_copy *v, struct mem_size_stats *s)
{
	unsigned long a;

	memset(s, 0, sizeof(*s));
	for (a = v->start; a < v->end; a += PAGE_SIZE) {
		u64 pte = user_pte(mm, a);
		unsigned long pfn = (unsigned long)(pte >> PAGE_SHIFT) & 0xffffff;
		struct page *page;
		int mapcount;
		bool dirty;

		if (is_swap_pte(pte))
			s->swap += PAGE_SIZE;
		if (!(pte & _PAGE_PRESENT) || pfn >= max_pfn)
			continue;
		page = pfn_to_page(pfn);
		mapcount = page->_mapcount + 1;
		if (mapcount < 1)
			mapcount = 1;
		dirty = pte & _PAGE_DIRTY;
		s->resident += PAGE_SIZE;
		if (pte & _PAGE_ACCESSED)
			s->referenced += PAGE_SIZE;
		if (PageAnon(page))	/* not page cache, not the vDSO's page */
			s->anonymous += PAGE_SIZE;
		s->pss += ((u64)PAGE_SIZE << 12) / mapcount;
		if (dirty)
			s->pss_dirty += ((u64)PAGE_SIZE << 12) / mapcount;
		if (mapcount >= 2) {
			if (dirty)
				s->shared_dirty += PAGE_SIZE;
			else
				s->shared_clean += PAGE_SIZE;
		} else if (dirty) {
			s->private_dirty += PAGE_SIZE;
		} else {
			s->private_clean += PAGE_SIZE;
		}
	}
}

static void smaps_kb(struct seq_file *m, const char *name, unsigned long bytes)
{
	seq_printf(m, "%-16s%8lu kB\n", name, bytes >> 10);
}

static const struct { unsigned long flag; const char *mn; } vm_mnemonics[] = {
	{ VM_READ, "rd" }, { VM_WRITE, "wr" }, { VM_EXEC, "ex" }, { VM_SHARED, "sh" },
	{ VM_MAYREAD, "mr" }, { VM_MAYWRITE, "mw" }, { VM_MAYEXEC, "me" }, { VM_MAYSHARE, "ms" },
	{ VM_GROWSDOWN, "gd" }, { VM_LOCKED, "lo" }, { VM_DONTEXPAND, "de" }, { VM_ACCOUNT, "ac" },
	{ VM_NORESERVE, "nr" },
};

int proc_pid_smaps(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	struct mem_size_stats s;
	struct vma_copy *c;
	int n, i;
	unsigned j;

	if (!mm)
		return 0;
	c = copy_vmas(mm, &n);
	if (!c) {
		mmput(mm);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		show_map_vma(m, &c[i]);
		smaps_walk(mm, &c[i], &s);
		smaps_kb(m, "Size:", c[i].end - c[i].start);
		smaps_kb(m, "KernelPageSize:", PAGE_SIZE);
		smaps_kb(m, "MMUPageSize:", PAGE_SIZE);
		smaps_kb(m, "Rss:", s.resident);
		smaps_kb(m, "Pss:", (unsigned long)(s.pss >> 12));
		smaps_kb(m, "Pss_Dirty:", (unsigned long)(s.pss_dirty >> 12));
		smaps_kb(m, "Shared_Clean:", s.shared_clean);
		smaps_kb(m, "Shared_Dirty:", s.shared_dirty);
		smaps_kb(m, "Private_Clean:", s.private_clean);
		smaps_kb(m, "Private_Dirty:", s.private_dirty);
		smaps_kb(m, "Referenced:", s.referenced);
		smaps_kb(m, "Anonymous:", s.anonymous);
		smaps_kb(m, "LazyFree:", 0);
		smaps_kb(m, "AnonHugePages:", 0);
		smaps_kb(m, "ShmemPmdMapped:", 0);
		smaps_kb(m, "FilePmdMapped:", 0);
		smaps_kb(m, "Shared_Hugetlb:", 0);
		smaps_kb(m, "Private_Hugetlb:", 0);
		smaps_kb(m, "Swap:", s.swap);
		smaps_kb(m, "SwapPss:", 0);
		smaps_kb(m, "Locked:", c[i].flags & VM_LOCKED ? (unsigned long)(s.pss >> 12) : 0);
		seq_printf(m, "THPeligible:    0\nVmFlags: ");
		for (j = 0; j < ARRAY_SIZE(vm_mnemonics); j++)
			if (c[i].flags & vm_mnemonics[j].flag)
				seq_printf(m, "%s ", vm_mnemonics[j].mn);
		seq_putc(m, '\n');
	}
	free_vma_copies(c, n);
	mmput(mm);
	return 0;
}

/* ---- pagemap ---- */

#define PM_PFRAME_MASK	((1ULL << 55) - 1)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

static int pagemap_open(struct inode *inode, struct file *file)
{
	(void)inode;
	(void)file;
	return 0;
}

static ssize_t pagemap_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct task_struct *task = get_proc_task(file->f_inode);
	struct mm_struct *mm;
	unsigned long addr;
	size_t done = 0;
	ssize_t ret = 0;

	if (!task)
		return -ESRCH;
	mm = get_task_mm(task);
	put_task_struct(task);
	if (!mm)
		return 0;
	if ((*ppos & 7) || (count & 7)) {
		ret = -EINVAL;
		goto out;
	}
	addr = (unsigned long)(*ppos / 8) << PAGE_SHIFT;
	while (done < count && addr < TASK_SIZE && (u64)*ppos / 8 < (TASK_SIZE >> PAGE_SHIFT)) {
		u64 pte = user_pte(mm, addr), e = 0;

		if (pte & _PAGE_PRESENT) {
			unsigned long pfn = (unsigned long)(pte >> PAGE_SHIFT) & 0xffffff;

			e = PM_PRESENT | (pfn & PM_PFRAME_MASK);
			if (pfn < max_pfn && pfn_to_page(pfn)->_mapcount == 0)
				e |= PM_MMAP_EXCLUSIVE;
		} else if (is_swap_pte(pte)) {	/* bits 0-4 the area, 5-54 the offset */
			swp_entry_t se = pte_to_swp_entry((pte_t)pte);

			e = PM_SWAP | swp_type(se) | ((u64)swp_offset(se) << 5);
		}
		if (copy_to_user(buf + done, &e, 8)) {
			ret = -EFAULT;
			goto out;
		}
		done += 8;
		*ppos += 8;
		addr += PAGE_SIZE;
	}
	ret = done;
out:
	mmput(mm);
	return ret;
}

const struct file_operations proc_pagemap_operations = {
	.open = pagemap_open,
	.read = pagemap_read,
	.llseek = generic_file_llseek,
};
