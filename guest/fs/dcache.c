/*
 * Inodes and the dentry cache (Linux's fs/inode.c and fs/dcache.c, for file
 * systems whose whole tree lives in the cache, as ramfs's does). A dentry is
 * a name in its parent's d_subdirs list; it holds one reference on its inode.
 * Unlinking unhashes the dentry; it is freed when the last file or cwd using
 * it lets go, and the inode when its last link and reference are gone.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/fs.h>

DEFINE_MUTEX(vfs_lock);
unsigned long nr_inodes, nr_dentries;

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_ino = ++sb->s_next_ino;
	inode->i_count = 1;
	inode->i_nlink = 1;
	INIT_LIST_HEAD(&inode->i_wb_list);
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time_sec();
	nr_inodes++;
	return inode;
}

void ihold(struct inode *inode)
{
	inode->i_count++;
}

void iput(struct inode *inode)
{
	if (!inode || --inode->i_count > 0)
		return;
	if (inode->i_sb && inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	inode_wb_list_del(inode);
	if (inode->i_pipe)
		free_pipe_info(inode);
	kfree(inode);
	nr_inodes--;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, int len)
{
	struct dentry *d;

	if (len > NAME_MAX)
		return NULL;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	memcpy(d->d_name, name, len);
	d->d_name[len] = 0;
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	d->d_parent = parent ? parent : d;
	d->d_unhashed = true;		/* until d_instantiate puts it in the tree */
	nr_dentries++;
	return d;
}

/* The dentry takes over the caller's reference on inode and joins its parent. */
void d_instantiate(struct dentry *d, struct inode *inode)
{
	d->d_inode = inode;
	d->d_sb = inode->i_sb;
	d->d_unhashed = false;
	if (d->d_parent != d) {
		list_add_tail(&d->d_child, &d->d_parent->d_subdirs);
		dget(d->d_parent);
	}
}

/* A cached child, unless its file system says the name went stale (then it is dropped). */
struct dentry *d_lookup(struct dentry *parent, const char *name, int len)
{
	const struct dentry_operations *op;
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child) {
		if (strncmp(d->d_name, name, len) || d->d_name[len])
			continue;
		op = d->d_sb ? d->d_sb->s_d_op : NULL;
		if (op && op->d_revalidate && !op->d_revalidate(d)) {
			d_invalidate(d);
			return NULL;
		}
		d->d_referenced = true;
		return d;
	}
	return NULL;
}

static void d_free(struct dentry *d)
{
	struct dentry *parent = d->d_parent;

	iput(d->d_inode);
	kfree(d);
	nr_dentries--;
	if (parent != d)
		dput(parent);
}

/* Take the name out of the tree; the dentry lives while it is referenced. */
void d_delete(struct dentry *d)
{
	if (d->d_unhashed)
		return;
	list_del_init(&d->d_child);
	d->d_unhashed = true;
	if (!d->d_count)
		d_free(d);
}

/* Unhash a stale name and every name below it; each is freed once unused. */
void d_invalidate(struct dentry *d)
{
	struct dentry *c, *n;

	list_for_each_entry_safe(c, n, &d->d_subdirs, d_child)
		d_invalidate(c);
	d_delete(d);
}

struct dentry *dget(struct dentry *d)
{
	d->d_count++;
	return d;
}

void dput(struct dentry *d)
{
	if (!d)
		return;
	if (--d->d_count == 0 && d->d_unhashed)
		d_free(d);
}

void path_get(const struct path *p)
{
	dget(p->dentry);
	p->mnt->mnt_count++;
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	p->mnt->mnt_count--;
}
