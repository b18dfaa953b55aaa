/*
 * Virtual memory areas (Linux's mm/mmap.c, mm/mprotect.c; anonymous memory
 * only until the VFS brings files): the sorted VMA list of an mm_struct,
 * find_vma, inserting with merging of equal neighbours, splitting for
 * munmap/mprotect, top-down get_unmapped_area, brk, stack growth, and the
 * system calls brk, mmap2, old mmap, munmap and mprotect.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/rmap.h>

static struct kmem_cache *vm_area_cachep;

void __init mmap_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct", sizeof(struct vm_area_struct), 0,
					   SLAB_PANIC, NULL);
}

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmem_cache_zalloc(vm_area_cachep, GFP_KERNEL);

	if (vma)
		vma->vm_mm = mm;
	return vma;
}

void vm_area_free(struct vm_area_struct *vma)
{
	anon_vma_unlink(vma);
	vma_file_put(vma);
	kmem_cache_free(vm_area_cachep, vma);
}

static unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* The tree follows the list: VMAs never overlap, so vm_start orders both. */
static void vma_rb_insert(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (vma->vm_start < rb_entry(parent, struct vm_area_struct, vm_rb)->vm_start)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
}

/* The first VMA with vm_end > addr (it may start above addr), or NULL (Linux's rb-tree walk). */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct rb_node *n = mm->mm_rb.rb_node;
	struct vm_area_struct *best = NULL;

	while (n) {
		struct vm_area_struct *v = rb_entry(n, struct vm_area_struct, vm_rb);

		if (v->vm_end > addr) {
			best = v;
			if (v->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*pprev = vma ? vma->vm_prev : NULL;
	if (!vma) {
		for (*pprev = mm->mmap; *pprev && (*pprev)->vm_next; *pprev = (*pprev)->vm_next)
			;
	}
	return vma;
}

/* VmData in Linux: private writable mappings that are not the stack. */
static bool is_data_mapping(unsigned long flags)
{
	return (flags & (VM_WRITE | VM_SHARED | VM_GROWSDOWN)) == VM_WRITE;
}

/* Add (sign 1) or take away (-1) vma's pages in mm's VmSize, VmStk, VmData, VmLck. */
void vm_account(struct mm_struct *mm, struct vm_area_struct *vma, long sign)
{
	mm->total_vm += sign * vma_pages(vma);
	if (vma->vm_flags & VM_GROWSDOWN)
		mm->stack_vm += sign * vma_pages(vma);
	if (is_data_mapping(vma->vm_flags))
		mm->data_vm += sign * vma_pages(vma);
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += sign * vma_pages(vma);
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
}

/* b's pages must keep their linear index (vm_pgoff) and reverse map (anon_vma) in a. */
static bool can_merge(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_flags == b->vm_flags && !a->vm_file &&
	       !b->vm_file && !(a->vm_flags & VM_GROWSDOWN) &&
	       a->vm_pgoff + vma_pages(a) == b->vm_pgoff && anon_vma_compatible(a, b);
}

static void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_prev)
		vma->vm_prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	if (vma->vm_next)
		vma->vm_next->vm_prev = vma->vm_prev;
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	mm->map_count--;
}

/*
 * Put vma in mm's list; an anonymous neighbour with the same flags that it
 * touches absorbs it (Linux's vma_merge), so brk growing by small steps stays
 * one VMA. -ENOMEM if it overlaps an existing VMA.
 */
int insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev, *next = find_vma_prev(mm, vma->vm_start, &prev);

	if (next && next->vm_start < vma->vm_end)
		return -ENOMEM;
	vm_account(mm, vma, 1);
	if (prev && can_merge(prev, vma)) {
		prev->vm_end = vma->vm_end;
		anon_vma_merge(prev, vma);
		vm_area_free(vma);
		if (next && can_merge(prev, next)) {
			prev->vm_end = next->vm_end;
			anon_vma_merge(prev, next);
			unlink_vma(mm, next);
			vm_area_free(next);
		}
		return 0;
	}
	if (next && can_merge(vma, next)) {
		next->vm_start = vma->vm_start;
		next->vm_pgoff = vma->vm_pgoff;
		anon_vma_merge(next, vma);
		vm_area_free(vma);
		return 0;
	}
	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	vma_rb_insert(mm, vma);
	mm->map_count++;
	return 0;
}

/* Cut vma in two at addr; the new VMA is the lower part if new_below. */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma, unsigned long addr, int new_below)
{
	struct vm_area_struct *new = vm_area_alloc(mm);

	if (!new)
		return -ENOMEM;
	*new = *vma;
	vma_file_get(new);
	anon_vma_link(new);
	if (new_below) {
		new->vm_end = addr;
		vma->vm_start = addr;
		vma->vm_pgoff += (addr - new->vm_start) >> PAGE_SHIFT;
		new->vm_prev = vma->vm_prev;
		new->vm_next = vma;
		if (vma->vm_prev)
			vma->vm_prev->vm_next = new;
		else
			mm->mmap = new;
		vma->vm_prev = new;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_end = addr;
		new->vm_prev = vma;
		new->vm_next = vma->vm_next;
		if (vma->vm_next)
			vma->vm_next->vm_prev = new;
		vma->vm_next = new;
	}
	vma_rb_insert(mm, new);
	mm->map_count++;
	return 0;
}

/* Remove every mapping in [start, start + len). */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end;
	struct vm_area_struct *vma, *next;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		if (split_vma(mm, vma, start, 1))
			return -ENOMEM;
	}
	while (vma && vma->vm_start < end) {
		if (vma->vm_end > end && split_vma(mm, vma, end, 0))
			return -ENOMEM;
		next = vma->vm_next;
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		vm_account(mm, vma, -1);
		if (vma->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(vma_pages(vma));
		unlink_vma(mm, vma);
		vm_area_free(vma);
		vma = next;
	}
	return 0;
}

/* A free range of len bytes, searched downwards from mmap_base (Linux's top-down layout). */
unsigned long get_unmapped_area(unsigned long len)
{
	return get_unmapped_area_mm(current->mm, len);
}

/* The same in a given mm (execve places the dynamic loader in the mm it builds). */
unsigned long get_unmapped_area_mm(struct mm_struct *mm, unsigned long len)
{
	unsigned long top = mm->mmap_base;
	struct vm_area_struct *vma, *last = NULL;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		last = vma;
	for (vma = last; vma; vma = vma->vm_prev) {
		if (vma->vm_start >= top)
			continue;		/* above the search (the stack) */
		if (top >= len && vma->vm_end <= top - len)
			return top - len;	/* the gap between this VMA and top fits */
		top = vma->vm_start;
	}
	if (top >= MMAP_MIN_ADDR + len)
		return top - len;
	return -ENOMEM;
}

/* RLIMIT_AS: may the address space grow by npages (Linux's may_expand_vm)? */
bool may_expand_vm(struct mm_struct *mm, unsigned long npages)
{
	return (u64)(mm->total_vm + npages) << PAGE_SHIFT <= rlimit(RLIMIT_AS);
}

/* Map anonymous memory; returns the address or a negative errno. */
unsigned long do_mmap_anon(unsigned long addr, unsigned long len, unsigned long vm_flags,
			   bool fixed)
{
	return do_mmap_file(NULL, addr, len, vm_flags, 0, fixed);
}

/*
 * Map len bytes of file from page pgoff (file NULL: anonymous memory); the
 * VMA takes over the caller's reference on file when it succeeds.
 */
unsigned long do_mmap_file(void *file, unsigned long addr, unsigned long len,
			   unsigned long vm_flags, unsigned long pgoff, bool fixed)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int err;

	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (!may_expand_vm(mm, len >> PAGE_SHIFT))
		return -ENOMEM;
	if (fixed) {
		if ((addr & ~PAGE_MASK) || addr < MMAP_MIN_ADDR || addr > TASK_SIZE - len)
			return -EINVAL;
		err = do_munmap(mm, addr, len);
		if (err)
			return err;
	} else {
		addr = get_unmapped_area(len);
		if (IS_ERR_VALUE(addr))
			return addr;
	}
	if (vm_flags_accountable(vm_flags)) {
		if (vm_enough_memory_mm(mm, len >> PAGE_SHIFT))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	vma = vm_area_alloc(mm);
	if (!vma)
		goto unacct;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags | mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	vma->vm_pgoff = file ? pgoff : addr >> PAGE_SHIFT;
	/* Before the insert: a file VMA never merges (can_merge), while an
	 * anonymous one may be merged into its neighbour and freed there. */
	vma->vm_file = file;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vma->vm_file = NULL;	/* the caller still holds the file */
		vm_area_free(vma);
		goto unacct;
	}
	return addr;
unacct:
	if (vm_flags & VM_ACCOUNT)
		vm_unacct_memory(len >> PAGE_SHIFT);
	return -ENOMEM;
}

/* brk and execve's bss: anonymous read/write memory at [addr, addr + len). */
int do_brk_flags(unsigned long addr, unsigned long len, unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int err;

	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr + len > TASK_SIZE || addr + len < addr)
		return -ENOMEM;
	if (!may_expand_vm(mm, len >> PAGE_SHIFT))
		return -ENOMEM;
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start < addr + len)
		return -ENOMEM;
	if (vm_enough_memory_mm(mm, len >> PAGE_SHIFT))
		return -ENOMEM;
	vma = vm_area_alloc(mm);
	if (!vma) {
		vm_unacct_memory(len >> PAGE_SHIFT);
		return -ENOMEM;
	}
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT |
			flags | mm->def_flags;
	vma->vm_pgoff = addr >> PAGE_SHIFT;
	err = insert_vm_struct(mm, vma);
	if (err) {
		vm_area_free(vma);
		vm_unacct_memory(len >> PAGE_SHIFT);
		return err;
	}
	if (mm->def_flags & VM_LOCKED)
		mm_populate(mm, addr, len);
	return 0;
}

/*
 * Grow a VM_GROWSDOWN VMA down to address, keeping Linux's guard gap to the
 * VMA below, RLIMIT_STACK (8 MiB by default) and RLIMIT_AS.
 */
static int __expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long grow;

	address &= PAGE_MASK;
	if (!(vma->vm_flags & VM_GROWSDOWN) || address >= vma->vm_start)
		return address >= vma->vm_start ? 0 : -EFAULT;
	if (vma->vm_end - address > rlimit(RLIMIT_STACK))
		return -ENOMEM;
	if (!may_expand_vm(mm, (vma->vm_start - address) >> PAGE_SHIFT))
		return -ENOMEM;
	if (vma->vm_prev && vma->vm_prev->vm_end + STACK_GUARD_GAP > address)
		return -ENOMEM;
	if (address < MMAP_MIN_ADDR)
		return -EPERM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	vma->vm_start = address;
	vma->vm_pgoff -= grow;
	mm->total_vm += grow;
	mm->stack_vm += grow;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;	/* (the new page is faulted in by the caller) */
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
	return 0;
}

/*
 * Faults take the mmap_lock only for reading, so two threads may grow the
 * stack at once: the check and the update go with preemption off (Linux
 * takes the mm's page_table_lock).
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	int ret;

	preempt_disable();
	ret = __expand_stack(vma, address);
	preempt_enable();
	return ret;
}

/*
 * Every VMA zapped, no page and no swap entry may be left counted: one that
 * is was mapped outside every VMA (a fault that raced an munmap) and would be
 * lost with the page tables (Linux's check_mm, the same line).
 */
static void check_mm(struct mm_struct *mm)
{
	static const char *const names[NR_MM_COUNTERS] = {
		"MM_FILEPAGES", "MM_ANONPAGES", "MM_SHMEMPAGES"
	};
	int i;

	for (i = 0; i < NR_MM_COUNTERS; i++)
		if (mm->rss_stat[i])
			pr_alert("BUG: Bad rss-counter state mm:%p type:%s val:%ld\n", mm, names[i],
				 (long)mm->rss_stat[i]);
	if (mm->swapents)
		pr_alert("BUG: Bad rss-counter state mm:%p type:MM_SWAPENTS val:%ld\n", mm,
			 (long)mm->swapents);
}

/* The whole address space goes: every VMA, every page, the page tables. */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap, *next;

	for (; vma; vma = next) {
		next = vma->vm_next;
		zap_page_range(vma, vma->vm_start, vma->vm_end);
		if (vma->vm_flags & VM_ACCOUNT)
			vm_unacct_memory(vma_pages(vma));
		vm_area_free(vma);
	}
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->map_count = 0;
	mm->total_vm = mm->stack_vm = mm->data_vm = mm->locked_vm = 0;
	check_mm(mm);
	free_pgtables(mm);
}

/* fork: a copy of every VMA of oldmm, with its pages shared copy-on-write. */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *old, *new, *prev = NULL;
	int err = 0;

	for (old = oldmm->mmap; old; old = old->vm_next) {
		/* The child's copy is charged too (Linux's dup_mmap). */
		if ((old->vm_flags & VM_ACCOUNT) && vm_enough_memory_mm(oldmm, vma_pages(old))) {
			err = -ENOMEM;
			break;
		}
		new = vm_area_alloc(mm);
		if (!new) {
			if (old->vm_flags & VM_ACCOUNT)
				vm_unacct_memory(vma_pages(old));
			err = -ENOMEM;
			break;
		}
		*new = *old;
		vma_file_get(new);
		anon_vma_link(new);	/* the child's pages are the parent's: one reverse map */
		new->vm_mm = mm;
		new->vm_flags &= ~VM_LOCKED;	/* memory locks are not inherited (mlock(2)) */
		new->vm_prev = prev;
		new->vm_next = NULL;
		if (prev)
			prev->vm_next = new;
		else
			mm->mmap = new;
		prev = new;
		vma_rb_insert(mm, new);
		mm->map_count++;
		err = copy_page_range(mm, oldmm, old);
		if (err)
			break;
	}
	mm->total_vm = oldmm->total_vm;
	mm->stack_vm = oldmm->stack_vm;
	mm->data_vm = oldmm->data_vm;
	mm->locked_vm = 0;
	mm->def_flags = 0;
	mm->hiwater_vm = mm->total_vm;
	/* The parent's writable pages just became read-only: drop its stale TLB entries. */
	if (current->active_mm == oldmm)
		write_cr3(read_cr3());
	return err;
}

/* ---- system calls ---- */

static long brk_locked(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk, oldbrk;

	if (brk < mm->start_brk)
		return mm->brk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		if (!do_munmap(mm, newbrk, oldbrk - newbrk))
			mm->brk = brk;
		return mm->brk;
	}
	/* RLIMIT_DATA bounds the heap plus the initialised data (Linux's check_data_rlimit). */
	if (brk - mm->start_brk + (mm->end_data - mm->start_data) > rlimit(RLIMIT_DATA))
		return mm->brk;
	/* Keep the stack's guard gap (Linux checks against the next VMA). */
	{
		struct vm_area_struct *next = find_vma(mm, oldbrk);

		if (next && newbrk + PAGE_SIZE > next->vm_start)
			return mm->brk;
	}
	if (do_brk_flags(oldbrk, newbrk - oldbrk, 0))
		return mm->brk;
	mm->brk = brk;
	return brk;
}

/* The system call: brk under the mm's mmap_lock (for writing). */
long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = brk_locked(brk);
	mmap_write_unlock(mm);
	return ret;
}

#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_GROWSDOWN	0x01000000
#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_FIXED_NOREPLACE 0x100000

static unsigned long calc_vm_prot_bits(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/*
 * A device that maps itself (/dev/mem, through remap_pfn_range): the VMA is
 * made like an anonymous one, then handed to f_op->mmap.
 */
static unsigned long mmap_device(struct file *f, unsigned long addr, unsigned long len,
				 unsigned long vm_flags, bool fixed, unsigned long pgoff)
{
	struct vm_area_struct *vma;
	unsigned long ret;
	int err;

	if (!(f->f_mode & FMODE_READ) ||
	    ((vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE) && !(f->f_mode & FMODE_WRITE)))
		return -EACCES;
	ret = do_mmap_anon(addr, len, vm_flags | VM_NORESERVE | VM_DONTEXPAND, fixed);
	if (IS_ERR_VALUE(ret))
		return ret;
	vma = find_vma(current->mm, ret);
	vma->vm_pgoff = pgoff;
	err = f->f_op->mmap(f, vma);
	if (err) {
		do_munmap(current->mm, ret, len);
		ret = err;
	}
	return ret;
}

/*
 * A private mapping of a ramfs file (one kernel buffer, no page cache; the
 * initramfs's shared libraries): anonymous memory filled with the file's
 * bytes from pgoff now. Later writes to the file are not seen through it.
 */
static unsigned long mmap_ramfs_private(struct file *f, unsigned long addr, unsigned long len,
					unsigned long vm_flags, bool fixed, unsigned long pgoff)
{
	struct inode *inode = f->f_inode;
	loff_t off = (loff_t)pgoff << PAGE_SHIFT;
	struct vm_area_struct *vma;
	unsigned long ret, a;

	ret = do_mmap_anon(addr, len, vm_flags, fixed);
	if (IS_ERR_VALUE(ret))
		return ret;
	vma = find_vma(current->mm, ret);
	for (a = ret; a < ret + PAGE_ALIGN(len) && off < inode->i_size; a += PAGE_SIZE) {
		size_t n = min_t(loff_t, PAGE_SIZE, inode->i_size - off);
		char *k = get_user_page_zeroed(current->mm, vma, a);

		if (!k) {
			do_munmap(current->mm, ret, len);
			return -ENOMEM;
		}
		memcpy(k, (const char *)inode->i_private + off, n);
		off += PAGE_SIZE;
	}
	return ret;
}

/*
 * mmap of a file: a device that maps itself, or a regular file with a page
 * cache, opened for reading (and for writing when shared and writable).
 */
static long mmap_file(unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	struct file *f = fget(fd);
	unsigned long vm_flags = calc_vm_prot_bits(prot) | VM_MAYREAD | VM_MAYEXEC;
	long ret;

	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->mmap) {
		unsigned long dev_flags = calc_vm_prot_bits(prot);

		if ((flags & MAP_TYPE) == MAP_SHARED)
			dev_flags |= VM_SHARED | VM_MAYSHARE;
		ret = mmap_device(f, addr, len, dev_flags, flags & MAP_FIXED, pgoff);
		goto out;
	}
	ret = -ENODEV;
	if (!f->f_inode->i_mapping && S_ISREG(f->f_inode->i_mode) &&
	    (flags & MAP_TYPE) == MAP_PRIVATE && (f->f_inode->i_private || !f->f_inode->i_size)) {
		ret = -EACCES;
		if (f->f_mode & FMODE_READ)
			ret = mmap_ramfs_private(f, addr, len, calc_vm_prot_bits(prot),
						 flags & MAP_FIXED, pgoff);
		goto out;	/* the anonymous VMA keeps no reference on f */
	}
	if (!f->f_inode->i_mapping || !S_ISREG(f->f_inode->i_mode))
		goto out;
	ret = -EACCES;
	if (!(f->f_mode & FMODE_READ))
		goto out;
	if ((flags & MAP_TYPE) == MAP_SHARED) {
		if ((prot & PROT_WRITE) && !(f->f_mode & FMODE_WRITE))
			goto out;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (f->f_mode & FMODE_WRITE)
			vm_flags |= VM_MAYWRITE;
	} else {
		vm_flags |= VM_MAYWRITE;
	}
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	ret = -EOVERFLOW;
	if (pgoff + (PAGE_ALIGN(len) >> PAGE_SHIFT) < pgoff)
		goto out;
	if (flags & MAP_FIXED_NOREPLACE) {
		struct vm_area_struct *vma = find_vma(current->mm, addr);

		ret = -EEXIST;
		if (vma && vma->vm_start < addr + PAGE_ALIGN(len))
			goto out;
		flags |= MAP_FIXED;
	}
	ret = do_mmap_file(f, addr, len, vm_flags, pgoff, flags & MAP_FIXED);
	if (IS_ERR_VALUE(ret))
		goto out;
	if ((flags & MAP_POPULATE) || ((vm_flags | current->mm->def_flags) & VM_LOCKED))
		mm_populate(current->mm, ret, PAGE_ALIGN(len));
	return ret;		/* the VMA keeps fget's reference */
out:
	fput(f);
	return ret;
}

static long mmap_pgoff_locked(unsigned long addr, unsigned long len, unsigned long prot,
		    unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	unsigned long vm_flags;
	unsigned int type = flags & MAP_TYPE;

	if (type != MAP_PRIVATE && type != MAP_SHARED)
		return -EINVAL;
	if (!len)
		return -EINVAL;
	if (PAGE_ALIGN(len) < len)
		return -ENOMEM;
	if (!(flags & MAP_ANONYMOUS))
		return mmap_file(addr, len, prot, flags, fd, pgoff);
	vm_flags = calc_vm_prot_bits(prot);
	if (type == MAP_SHARED)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if ((flags & MAP_NORESERVE) && sysctl_overcommit_memory != OVERCOMMIT_NEVER)
		vm_flags |= VM_NORESERVE;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	if (((vm_flags | current->mm->def_flags) & VM_LOCKED) &&
	    !mlock_future_ok(current->mm, PAGE_ALIGN(len)))
		return -EAGAIN;
	if (flags & MAP_FIXED_NOREPLACE) {
		struct vm_area_struct *vma = find_vma(current->mm, addr);

		if (vma && vma->vm_start < addr + PAGE_ALIGN(len))
			return -EEXIST;
		flags |= MAP_FIXED;
	}
	addr = do_mmap_anon(addr, len, vm_flags, flags & MAP_FIXED);
	if (!IS_ERR_VALUE(addr) && (vm_flags & VM_SHARED)) {
		/*
		 * Shared anonymous memory (no shmem yet): every page is made present
		 * now, so fork shares it instead of each process faulting its own.
		 */
		struct vm_area_struct *vma = find_vma(current->mm, addr);
		unsigned long a;

		for (a = addr; a < addr + PAGE_ALIGN(len); a += PAGE_SIZE) {
			if (!get_user_page_zeroed(current->mm, vma, a)) {
				do_munmap(current->mm, addr, len);
				return -ENOMEM;
			}
		}
	}
	if (!IS_ERR_VALUE(addr) && ((flags & MAP_POPULATE) ||
				    ((vm_flags | current->mm->def_flags) & VM_LOCKED)))
		mm_populate(current->mm, addr, PAGE_ALIGN(len));	/* failure is not reported (Linux) */
	return addr;
}

/* The system call: mmap_pgoff under the mm's mmap_lock (for writing). */
long sys_mmap_pgoff(unsigned long addr, unsigned long len, unsigned long prot,
		    unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = mmap_pgoff_locked(addr, len, prot, flags, fd, pgoff);
	mmap_write_unlock(mm);
	return ret;
}

long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
	       unsigned long fd, unsigned long pgoff)
{
	return sys_mmap_pgoff(addr, len, prot, flags, fd, pgoff);
}

/* The old mmap (90): the six arguments in a struct in user memory, offset in bytes. */
long sys_old_mmap(unsigned long arg, unsigned long a2, unsigned long a3, unsigned long a4,
		  unsigned long a5, unsigned long a6)
{
	struct { unsigned long addr, len, prot, flags, fd, offset; } a;

	if (copy_from_user(&a, (const void __user *)arg, sizeof(a)))
		return -EFAULT;
	if (a.offset & ~PAGE_MASK)
		return -EINVAL;
	return sys_mmap_pgoff(a.addr, a.len, a.prot, a.flags, a.fd, a.offset >> PAGE_SHIFT);
}

static long munmap_locked(unsigned long addr, unsigned long len)
{
	return do_munmap(current->mm, addr, len);
}

/* The system call: munmap under the mm's mmap_lock (for writing). */
long sys_munmap(unsigned long addr, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = munmap_locked(addr, len);
	mmap_write_unlock(mm);
	return ret;
}

static long mprotect_locked(unsigned long start, unsigned long len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long end, newflags, nstart;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (!len)
		return 0;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (nstart = start; nstart < end; ) {
		if (!vma || vma->vm_start > nstart)
			return -ENOMEM;		/* a hole */
		if (vma->vm_start < nstart && split_vma(mm, vma, nstart, 1))
			return -ENOMEM;
		if (vma->vm_end > end && split_vma(mm, vma, end, 0))
			return -ENOMEM;
		newflags = (vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) |
			   calc_vm_prot_bits(prot);
		vma->vm_flags = newflags;
		change_protection(vma, vma->vm_start, vma->vm_end);
		nstart = vma->vm_end;
		vma = vma->vm_next;
	}
	return 0;
}

/* The system call: mprotect under the mm's mmap_lock (for writing). */
long sys_mprotect(unsigned long start, unsigned long len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	long ret;

	mmap_write_lock(mm);
	ret = mprotect_locked(start, len, prot);
	mmap_write_unlock(mm);
	return ret;
}
