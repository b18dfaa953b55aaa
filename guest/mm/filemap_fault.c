/*
 * File mappings (Linux's filemap_fault, do_shared_fault, do_cow_fault and
 * page_mkwrite, cut down). A fault in a file VMA finds the page in the page
 * cache (reading it if needed). MAP_SHARED maps that very page: stores go
 * to the file's page, which is marked dirty (the blocks under it allocated
 * first, so ENOSPC shows as SIGBUS, as in Linux). MAP_PRIVATE maps it
 * read-only and a write copies it (copy-on-write), so the file never sees
 * private stores. Page-cache pages count their mappings in _mapcount
 * (Mapped in /proc/meminfo). Past the end of the file: SIGBUS.
 *
 * Dirty tracking is at the page level: a shared writable PTE's page is
 * marked dirty when it is mapped writable and again when the mapping is
 * msync'ed or unmapped, so stores made after a writeback still reach the
 * disk by then (there is no reverse map to write-protect PTEs at writeback).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/highmem.h>
#include <linux/pagemap.h>
#include <linux/preempt.h>
#include <linux/rmap.h>
#include <asm/pgtable.h>

static bool lock_vfs(void)
{
	if (vfs_lock.owner == current)
		return false;		/* a fault inside a system call that holds it */
	mutex_lock(&vfs_lock);
	return true;
}

void vma_file_get(struct vm_area_struct *vma)
{
	if (vma->vm_file) {
		bool l = lock_vfs();

		((struct file *)vma->vm_file)->f_count++;
		if (l)
			mutex_unlock(&vfs_lock);
	}
}

void vma_file_put(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = NULL;
}

void page_add_file_rmap(struct page *page)
{
	if (++page->_mapcount == 0)
		nr_file_mapped++;
}

void page_remove_file_rmap(struct page *page)
{
	if (--page->_mapcount < 0)
		nr_file_mapped--;
}

/* A store is coming to page through a shared mapping: blocks first, then dirty. */
static int page_mkwrite(struct vm_area_struct *vma, struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct inode *inode;
	loff_t pos;
	unsigned int len;
	int err;

	if (!mapping)
		return VM_FAULT_SIGBUS;		/* truncated away under the mapping */
	inode = mapping->host;
	pos = (loff_t)page->index << PAGE_SHIFT;
	if (pos >= inode->i_size)
		return VM_FAULT_SIGBUS;
	len = min_t(loff_t, PAGE_SIZE, inode->i_size - pos);
	if (inode->i_sb->s_flags & SB_RDONLY)
		return VM_FAULT_SIGBUS;
	err = mapping->a_ops->write_begin(mapping, pos, len);
	if (err)
		return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	set_page_dirty(page);
	inode->i_mtime = inode->i_ctime = current_time_sec();
	mark_inode_dirty(inode);
	return 0;
}

/*
 * A not-present page in a file VMA: *pte gets the page-cache page (shared,
 * or private and read-only) or a private copy (private, written).
 */
int do_file_fault(struct vm_area_struct *vma, unsigned long address, pte_t *pte,
		  unsigned int flags, pte_t (*mk)(struct page *, struct vm_area_struct *))
{
	struct file *f = vma->vm_file;
	struct inode *inode = f->f_inode;
	unsigned long index = vma->vm_pgoff + ((address - vma->vm_start) >> PAGE_SHIFT);
	bool write = flags & FAULT_FLAG_WRITE, l = lock_vfs();
	struct page *page;
	int ret = 0;

	if (!inode->i_mapping || index >= (inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT) {
		ret = VM_FAULT_SIGBUS;
		goto out;
	}
	page = read_mapping_page(inode->i_mapping, index);
	if (IS_ERR(page)) {
		ret = PTR_ERR(page) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
		goto out;
	}
	if ((vma->vm_flags & VM_SHARED) || !write) {
		if ((vma->vm_flags & VM_SHARED) && write) {
			ret = page_mkwrite(vma, page);
			if (ret) {
				put_page(page);
				goto out;
			}
		}
		*pte = mk(page, vma);
		/* read faults map read-only: the first store faults again (COW or mkwrite) */
		if (!write)
			*pte &= ~(u64)(_PAGE_RW | _PAGE_DIRTY);
		page_add_file_rmap(page);	/* the PTE keeps read_mapping_page's reference */
	} else {
		struct page *new = anon_vma_prepare(vma) ? NULL : alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_NOWARN);
		void *dst;

		if (!new) {
			put_page(page);
			ret = VM_FAULT_OOM;
			goto out;
		}
		dst = kmap_atomic(new);
		memcpy(dst, page_address(page), PAGE_SIZE);
		kunmap_atomic(dst);
		put_page(page);
		preempt_disable();
		*pte = mk(new, vma);
		page_add_new_anon_rmap(new, vma, address & PAGE_MASK);	/* an anonymous page now */
		preempt_enable();
	}
out:
	if (l)
		mutex_unlock(&vfs_lock);
	return ret;
}

/* A store to a present read-only page of a shared file mapping. */
int do_shared_wp(struct vm_area_struct *vma, struct page *page)
{
	bool l = lock_vfs();
	int ret = page_mkwrite(vma, page);

	if (l)
		mutex_unlock(&vfs_lock);
	return ret;
}

/* munmap, exit, msync: writable shared PTEs' pages are dirty for the next writeback. */
void file_pte_dirty(struct vm_area_struct *vma, struct page *page, pte_t pte)
{
	if (vma->vm_file && (vma->vm_flags & VM_SHARED) && (pte & _PAGE_RW) && page->mapping) {
		bool l = lock_vfs();

		set_page_dirty(page);
		if (l)
			mutex_unlock(&vfs_lock);
	}
}
