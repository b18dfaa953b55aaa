/*
 * The dcache's shrinker (Linux's prune_dcache_sb and the inode cache's
 * shrinker in one): under memory pressure, unused dentries of disk file
 * systems are freed, and with them their inodes and page-cache pages; the
 * next lookup reads them from the disk again. ramfs, proc, sysfs and
 * devtmpfs trees live only in the dcache and are never pruned.
 *
 * lucix keeps no LRU list of unused dentries: the shrinker walks each disk
 * mount's tree, leaves first, and gives a dentry looked up since the last
 * pass a second chance (d_referenced, Linux's DCACHE_REFERENCED). A
 * dentry goes only if nothing holds it (d_count 0, no mount on it, no
 * children) and its inode is clean and used by it alone. lucix frees an
 * inode at its last iput, so an unused inode always has a dentry: pruning
 * dentries is how the inode cache shrinks too (there is no second shrinker).
 * Needs vfs_lock, taken only if free: nothing is done for a GFP_NOFS
 * allocation or from inside the file system.
 */
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/pagemap.h>
#include <linux/init.h>
#include <linux/shrinker.h>

void for_each_mount(void (*f)(struct vfsmount *mnt, void *arg), void *arg);

extern unsigned long nr_dentries;

struct prune {
	unsigned long left, freed, unused;
	bool count_only;
};

static bool prunable(const struct dentry *d)
{
	const struct inode *inode = d->d_inode;

	return !d->d_count && !d->d_mounted && !d->d_unhashed && d->d_parent != d &&
	       list_empty(&d->d_subdirs) && inode && inode->i_count == 1 && !inode->i_state &&
	       list_empty(&inode->i_wb_list) && (!inode->i_mapping || !inode->i_mapping->nrdirty);
}

static void prune_tree(struct dentry *dir, struct prune *p)
{
	struct dentry *d, *n;

	list_for_each_entry_safe(d, n, &dir->d_subdirs, d_child) {
		if (!p->count_only && !p->left)
			return;
		if (!list_empty(&d->d_subdirs))
			prune_tree(d, p);
		if (!prunable(d))
			continue;
		if (p->count_only) {
			p->unused++;
			continue;
		}
		p->left--;
		if (d->d_referenced) {
			d->d_referenced = false;	/* a second chance */
			continue;
		}
		d_delete(d);	/* unhashed with no user: freed, its inode put */
		p->freed++;
	}
}

static void prune_mount(struct vfsmount *mnt, void *arg)
{
	if (mnt->mnt_sb && mnt->mnt_sb->s_type && (mnt->mnt_sb->s_type->fs_flags & FS_REQUIRES_DEV))
		prune_tree(mnt->mnt_root, arg);
}

/*
 * vfs_lock, if free: not when we hold it (the file system is mid-operation)
 * nor waited for (its holder may be waiting for the memory we reclaim).
 */
static bool lock_for_prune(gfp_t gfp)
{
	if (!(gfp & __GFP_FS) || vfs_lock.owner == current)
		return false;
	return mutex_trylock(&vfs_lock);
}

/* Unused dentries of disk file systems (the first figure's companion in fs.dentry-state). */
unsigned long dcache_unused(void)
{
	struct prune p = { .count_only = true };
	bool l = vfs_lock.owner != current;

	if (l)
		mutex_lock(&vfs_lock);
	for_each_mount(prune_mount, &p);
	if (l)
		mutex_unlock(&vfs_lock);
	return p.unused;
}

static unsigned long dcache_count(struct shrinker *s, gfp_t gfp)
{
	return nr_dentries;
}

static unsigned long dcache_scan(struct shrinker *s, unsigned long nr, gfp_t gfp)
{
	struct prune p = { .left = nr };

	if (!lock_for_prune(gfp))
		return SHRINK_STOP;
	for_each_mount(prune_mount, &p);
	mutex_unlock(&vfs_lock);
	return p.freed;
}

static struct shrinker dcache_shrinker = {
	.name = "dcache",
	.count_objects = dcache_count,
	.scan_objects = dcache_scan,
	.seeks = DEFAULT_SEEKS,
};

static int __init dcache_shrinker_init(void)
{
	return register_shrinker(&dcache_shrinker);
}
fs_initcall(dcache_shrinker_init);
