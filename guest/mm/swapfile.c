/*
 * Swap areas (Linux's mm/swapfile.c): swapon(2) and swapoff(2), the slot
 * map of each area, and /proc/swaps.
 *
 * An area is a block device (a partition of type 82) that mkswap wrote: its
 * first page is the header (the version 1 swap_header with last_page and
 * the bad-page list) ending in "SWAPSPACE2"; pages 1..last_page are slots.
 * swap_map[offset] counts the users of a slot: each PTE that holds its
 * entry, plus one while the swap cache holds the slot's page. New slots
 * come from the area of highest priority (-2, -3, ... in swapon order, as
 * Linux 6.1 gives them, unless SWAP_FLAG_PREFER sets one); slot 0, the
 * header, is never handed out.
 *
 * Regular swap files are not supported: swapon wants a block device.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/fs.h>
#include <linux/blkdev.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/swap.h>

#define SWP_USED	1
#define SWP_WRITEOK	2
#define SECTORS_PER_PAGE	(PAGE_SIZE / SECTOR_SIZE)

struct swap_info_struct {
	unsigned long flags;
	int prio;
	struct block_device *bdev;
	char name[64];			/* the path swapon was given (/proc/swaps) */
	u16 *swap_map;			/* users of each slot; 0xffff: a bad page */
	unsigned long max;		/* slots, the header included */
	unsigned long pages;		/* usable slots */
	unsigned long inuse_pages;
	unsigned long cluster_next;	/* where the next search starts */
};

#define SWAP_MAP_BAD	0xffff

static struct swap_info_struct swap_info[MAX_SWAPFILES];
static int least_priority = -1;
long nr_swap_pages;

static struct swap_info_struct *swap_info_of(swp_entry_t e)
{
	unsigned int t = swp_type(e);

	if (t >= MAX_SWAPFILES || !(swap_info[t].flags & SWP_USED) ||
	    swp_offset(e) == 0 || swp_offset(e) >= swap_info[t].max)
		return NULL;
	return &swap_info[t];
}

/* A free slot in the writable area of highest priority; val 0 if none. */
swp_entry_t get_swap_page(void)
{
	struct swap_info_struct *best = NULL;
	swp_entry_t none = { 0 };
	unsigned long i, off;
	int t;

	if (nr_swap_pages <= 0)
		return none;
	for (t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info_struct *si = &swap_info[t];

		if ((si->flags & SWP_WRITEOK) && si->inuse_pages < si->pages &&
		    (!best || si->prio > best->prio))
			best = si;
	}
	if (!best)
		return none;
	/* Next fit from where the last search ended, so slots fill in order. */
	for (i = 0; i < best->max; i++) {
		off = best->cluster_next + i;
		if (off >= best->max)
			off -= best->max - 1;
		if (off && !best->swap_map[off]) {
			best->swap_map[off] = 1;
			best->inuse_pages++;
			best->cluster_next = off + 1;
			nr_swap_pages--;
			return swp_entry(best - swap_info, off);
		}
	}
	return none;
}

int swap_duplicate(swp_entry_t e)
{
	struct swap_info_struct *si = swap_info_of(e);

	if (!si || !si->swap_map[swp_offset(e)] || si->swap_map[swp_offset(e)] >= SWAP_MAP_BAD - 1) {
		pr_err("swap_duplicate: bad swap entry %08lx\n", e.val);
		return -EINVAL;
	}
	si->swap_map[swp_offset(e)]++;
	return 0;
}

unsigned long swap_area_slots(unsigned int type)
{
	return type < MAX_SWAPFILES ? swap_info[type].max : 0;
}

int swap_count(swp_entry_t e)
{
	struct swap_info_struct *si = swap_info_of(e);

	return si ? si->swap_map[swp_offset(e)] : 0;
}

/* Drop one user of the slot; the last frees it. Returns the users left. */
int swap_free(swp_entry_t e)
{
	struct swap_info_struct *si = swap_info_of(e);
	unsigned long off = swp_offset(e);

	if (!si || !si->swap_map[off] || si->swap_map[off] == SWAP_MAP_BAD) {
		pr_err("swap_free: bad swap entry %08lx\n", e.val);
		return 0;
	}
	if (--si->swap_map[off])
		return si->swap_map[off];
	si->inuse_pages--;
	if (si->flags & SWP_WRITEOK)	/* (swapoff took the area's slots out of the count) */
		nr_swap_pages++;
	if (off < si->cluster_next && !si->inuse_pages)
		si->cluster_next = 1;
	return 0;
}

/* Read or write the page's 4 KiB at its slot (sleeps on the disk). */
int swap_rw(swp_entry_t e, struct page *page, bool write)
{
	struct swap_info_struct *si = swap_info_of(e);
	void *va;
	int err;

	if (!si)
		return -EINVAL;
	va = kmap(page);
	err = blkdev_rw(si->bdev, (u64)swp_offset(e) * SECTORS_PER_PAGE, SECTORS_PER_PAGE, va, write);
	kunmap(page);
	return err;
}

/* The block device a path names, or an error (swapon and swapoff). */
static struct block_device *swap_bdev(const char __user *specialfile, char *name, size_t len)
{
	struct block_device *bdev = NULL;
	struct path path;
	struct inode *inode;
	long err;
	int i, p;

	err = getname(specialfile, name);
	if (err <= 0)
		return ERR_PTR(err ? err : -ENOENT);
	name[len - 1] = 0;
	mutex_lock(&vfs_lock);
	err = kern_path(AT_FDCWD, name, LOOKUP_FOLLOW, &path);
	if (err) {
		mutex_unlock(&vfs_lock);
		return ERR_PTR(err);
	}
	inode = path.dentry->d_inode;
	err = -EINVAL;		/* a regular file: swap files are not supported */
	if (S_ISBLK(inode->i_mode)) {
		err = -ENXIO;
		for (i = 0; get_disk_nr(i); i++)
			for (p = 0; p < DISK_MAX_PARTS; p++)
				if (get_disk_nr(i)->part[p].nr_sects && get_disk_nr(i)->part[p].dev == inode->i_rdev)
					bdev = &get_disk_nr(i)->part[p];
	}
	mutex_unlock(&vfs_lock);	/* (kern_path took no reference) */
	return bdev ? bdev : ERR_PTR(err);
}

/* mkswap's header (Linux's union swap_header, version 1). */
struct swap_header_v1 {
	char bootbits[1024];
	u32 version, last_page, nr_badpages;
	u8 uuid[16];
	char volume_name[16];
	u32 padding[117];
	u32 badpages[1];
};

/* Check the header and build the slot map; the number of usable slots, or an error. */
static long read_swap_header(struct swap_info_struct *si)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	struct swap_header_v1 *h = (struct swap_header_v1 *)buf;
	unsigned long maxpages, i;
	long err = -ENOMEM;

	if (!buf)
		return err;
	err = blkdev_rw(si->bdev, 0, SECTORS_PER_PAGE, buf, false);
	if (err)
		goto out;
	err = -EINVAL;
	if (memcmp(buf + PAGE_SIZE - 10, "SWAPSPACE2", 10)) {
		pr_err("Unable to find swap-space signature\n");
		goto out;
	}
	if (h->version != 1) {
		pr_warn("Unable to handle swap header version %u\n", h->version);
		goto out;
	}
	maxpages = min((unsigned long)h->last_page + 1, (unsigned long)(si->bdev->nr_sects / SECTORS_PER_PAGE));
	if (maxpages < 2 || h->nr_badpages > 637 || maxpages > SWP_OFFSET_MASK)
		goto out;
	err = -ENOMEM;
	si->swap_map = vmalloc(maxpages * sizeof(u16));
	if (!si->swap_map)
		goto out;
	memset(si->swap_map, 0, maxpages * sizeof(u16));
	si->max = maxpages;
	si->pages = maxpages - 1;
	si->swap_map[0] = SWAP_MAP_BAD;
	for (i = 0; i < h->nr_badpages; i++)
		if (h->badpages[i] && h->badpages[i] < maxpages && si->swap_map[h->badpages[i]] != SWAP_MAP_BAD) {
			si->swap_map[h->badpages[i]] = SWAP_MAP_BAD;
			si->pages--;
		}
	err = 0;
out:
	kfree(buf);
	return err;
}

long sys_swapon(const char __user *specialfile, int swap_flags)
{
	struct swap_info_struct *si = NULL;
	struct block_device *bdev;
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long err;
	int t;

	if (!name)
		return -ENOMEM;
	if (swap_flags & ~(SWAP_FLAG_PREFER | SWAP_FLAG_PRIO_MASK | SWAP_FLAG_DISCARD | 0x60000)) {
		err = -EINVAL;
		goto out;
	}
	bdev = swap_bdev(specialfile, name, PATH_MAX);
	if (IS_ERR(bdev)) {
		err = PTR_ERR(bdev);
		goto out;
	}
	err = -EPERM;
	for (t = 0; t < MAX_SWAPFILES; t++) {
		if ((swap_info[t].flags & SWP_USED) && swap_info[t].bdev == bdev) {
			err = -EBUSY;
			goto out;
		}
		if (!si && !swap_info[t].flags)
			si = &swap_info[t];
	}
	if (!si)
		goto out;
	memset(si, 0, sizeof(*si));
	si->flags = SWP_USED;
	si->bdev = bdev;
	si->cluster_next = 1;
	snprintf(si->name, sizeof(si->name), "%s", name);
	err = read_swap_header(si);
	if (!err)
		err = swapcache_prepare(si - swap_info, si->max);
	if (err) {
		vfree(si->swap_map);
		memset(si, 0, sizeof(*si));
		goto out;
	}
	if (swap_flags & SWAP_FLAG_PREFER)
		si->prio = swap_flags & SWAP_FLAG_PRIO_MASK;
	else
		si->prio = --least_priority;
	si->flags |= SWP_WRITEOK;
	nr_swap_pages += si->pages;
	total_swap_pages += si->pages;
	pr_info("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk \n",
		si->pages << (PAGE_SHIFT - 10), si->name, si->prio, si->pages << (PAGE_SHIFT - 10));
	err = 0;
out:
	kfree(name);
	return err;
}

long sys_swapoff(const char __user *specialfile)
{
	struct swap_info_struct *si = NULL;
	struct block_device *bdev;
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long err;
	int t;

	if (!name)
		return -ENOMEM;
	bdev = swap_bdev(specialfile, name, PATH_MAX);
	err = PTR_ERR(bdev);
	if (IS_ERR(bdev))
		goto out;
	for (t = 0; t < MAX_SWAPFILES; t++)
		if ((swap_info[t].flags & SWP_WRITEOK) && swap_info[t].bdev == bdev)
			si = &swap_info[t];
	err = -EINVAL;
	if (!si)
		goto out;
	/* No new slots here; then every page out there comes back to memory. */
	si->flags &= ~SWP_WRITEOK;
	nr_swap_pages -= si->pages - si->inuse_pages;
	total_swap_pages -= si->pages;
	err = try_to_unuse(si - swap_info);
	if (err || si->inuse_pages) {
		si->flags |= SWP_WRITEOK;
		nr_swap_pages += si->pages - si->inuse_pages;
		total_swap_pages += si->pages;
		err = err ? err : -ENOMEM;
		goto out;
	}
	swapcache_release(si - swap_info);
	vfree(si->swap_map);
	memset(si, 0, sizeof(*si));
	err = 0;
out:
	kfree(name);
	return err;
}

/* /proc/swaps, in Linux's columns. */
void show_swaps(void *seq)
{
	struct seq_file *m = seq;
	int t;

	seq_puts(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	for (t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info_struct *si = &swap_info[t];
		unsigned long bytes, inuse;
		int len;

		if (!(si->flags & SWP_WRITEOK))
			continue;
		bytes = si->pages << (PAGE_SHIFT - 10);
		inuse = si->inuse_pages << (PAGE_SHIFT - 10);
		len = strlen(si->name);
		seq_printf(m, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", si->name, len < 40 ? 40 - len : 1, " ",
			   "partition", bytes, bytes < 10000000 ? "\t" : "", inuse,
			   inuse < 10000000 ? "\t" : "", si->prio);
	}
}
