/*
 * The page cache (Linux's include/linux/pagemap.h, cut down): pages of
 * files kept by (address_space, index), read through the file system's
 * readpage, changed in place by write() and mmap, written back by
 * writepage. Everything here runs under vfs_lock. The counters are what
 * /proc/meminfo shows as Cached, Dirty, Writeback, Mapped.
 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/blkdev.h>
#include <linux/sched.h>

extern unsigned long nr_pagecache;	/* Cached */
extern unsigned long nr_dirty;		/* Dirty */
extern unsigned long nr_writeback;	/* Writeback */
extern unsigned long nr_file_mapped;	/* Mapped: page-cache pages in some page table */
extern unsigned long nr_anon_pages;	/* AnonPages (kept by mm/memory.c) */

void address_space_init(struct inode *inode, const struct address_space_operations *a_ops);
struct page *find_get_page(struct address_space *mapping, unsigned long index);
int add_to_page_cache(struct page *page, struct address_space *mapping, unsigned long index);
/* The page at index, read from disk if it is new; a reference for the caller. */
struct page *read_mapping_page(struct address_space *mapping, unsigned long index);
void set_page_dirty(struct page *page);
/* A new page at index in the cache (not up to date), or an ERR_PTR; and out again. */
struct page *new_cache_page(struct address_space *mapping, unsigned long index);
void delete_from_page_cache(struct page *page);
/*
 * Readahead (mm/readahead.c): the page at index for a read of req pages
 * from there, with a reference, reading it and the pages after it in one
 * window when it is missing, and the next window when it is marked.
 */
struct page *filemap_get_read_page(struct file *f, unsigned long index, unsigned long req);
/* Read [index, index + nr) into the cache now (readahead(2), POSIX_FADV_WILLNEED). */
void force_page_cache_readahead(struct file *f, unsigned long index, unsigned long nr);
/* Drop the pages from byte lstart on (dirty ones are thrown away). */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
/* Write the dirty pages back; 0 or the first error. */
int filemap_write_and_wait(struct address_space *mapping);
/* Give back clean pages nobody maps (drop_caches); returns how many. */
unsigned long invalidate_mapping_pages(struct address_space *mapping);

ssize_t generic_file_read(struct file *f, char __user *buf, size_t count, loff_t *pos);
ssize_t generic_file_write(struct file *f, const char __user *buf, size_t count, loff_t *pos);
ssize_t generic_file_read_kernel(struct file *f, void *buf, size_t count, loff_t pos);

/*
 * Block-mapped files (fs/mpage.c): get_block gives the disk block holding a
 * file's block n (0 for a hole; with create, allocating one), the helpers
 * move whole pages or O_DIRECT ranges between memory and the block device.
 */
typedef long (*get_block_t)(struct inode *inode, u32 n, bool create);
int block_read_full_page(struct page *page, get_block_t get_block, struct block_device *bdev,
			 unsigned int blocksize);
int block_write_full_page(struct page *page, get_block_t get_block, struct block_device *bdev,
			  unsigned int blocksize);
int block_prepare_write(struct inode *inode, loff_t pos, unsigned int len, get_block_t get_block,
			unsigned int blocksize);
ssize_t blockdev_direct_IO(struct file *f, char __user *buf, size_t count, loff_t pos, bool write,
			   get_block_t get_block, struct block_device *bdev, unsigned int blocksize);

/* Reclaim basics (mm/vmscan.c): the page-cache LRU and drop_caches. */
void lru_cache_add(struct page *page);
void lru_cache_del(struct page *page);
void mark_page_accessed(struct page *page);
unsigned long drop_pagecache(void);
void remove_from_page_cache(struct page *page);
void lru_counts(unsigned long *active, unsigned long *inactive);
void drop_caches(int mode);		/* vm.drop_caches: 1 page cache, 2 slab, 3 both */

#endif
