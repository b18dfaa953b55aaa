/*
 * ext2's name-space operations (Linux's fs/ext2/namei.c): each makes or
 * drops an inode and a directory record. The order keeps a crash mild: a
 * new inode is written before the record naming it; a record goes before
 * the link count drops. Dentries live in the VFS cache without a pin (the
 * disk is the truth), so unlink just takes the name out of the cache.
 */
#include "ext2.h"

static struct inode *ext2_lookup(struct inode *dir, const char *name, int len)
{
	int err;
	u32 ino = ext2_inode_by_name(dir, name, len, &err);

	if (err)
		return ERR_PTR(err);
	return ino ? ext2_iget(dir->i_sb, ino) : NULL;
}

/* A new inode of mode, linked into dir as d's name. */
static int add_nondir(struct inode *dir, struct dentry *d, struct inode *inode)
{
	int err = ext2_add_link(dir, d->d_name, strlen(d->d_name), inode);

	if (err) {
		inode->i_nlink = 0;
		iput(inode);		/* evict frees it */
		return err;
	}
	d_instantiate(d, inode);
	return 0;
}

static int ext2_mknod(struct inode *dir, struct dentry *d, umode_t mode, dev_t rdev)
{
	struct inode *inode;
	int err = ext2_error_rofs(dir->i_sb);

	if (err)
		return err;
	inode = ext2_new_inode(dir, mode);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (!S_ISREG(mode)) {
		init_special_inode(inode, mode, rdev);
		sync_inode_metadata(inode);
	}
	return add_nondir(dir, d, inode);
}

static int ext2_create(struct inode *dir, struct dentry *d, umode_t mode)
{
	return ext2_mknod(dir, d, S_IFREG | (mode & S_IALLUGO), 0);
}

static int ext2_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	int len = strlen(target), err = ext2_error_rofs(dir->i_sb);
	struct inode *inode;

	if (err)
		return err;
	if (len + 1 > (int)EXT2_SB(dir->i_sb)->block_size)
		return -ENAMETOOLONG;
	inode = ext2_new_inode(dir, S_IFLNK | 0777);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	if (len < (int)sizeof(EXT2_I(inode)->i_data)) {
		memcpy(EXT2_I(inode)->i_data, target, len);	/* fast: in the block array */
	} else {
		long block = ext2_get_block(inode, 0, true);
		struct buffer_head *bh;

		if (block <= 0 || !(bh = getblk_zero(EXT2_SB(dir->i_sb)->bdev, block,
						     EXT2_SB(dir->i_sb)->block_size))) {
			inode->i_nlink = 0;
			iput(inode);
			return block < 0 ? block : -EIO;
		}
		memcpy(bh->b_data, target, len);
		mark_buffer_dirty(bh);
		brelse(bh);
	}
	inode->i_size = len;
	sync_inode_metadata(inode);
	return add_nondir(dir, d, inode);
}

static int ext2_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct inode *inode = old->d_inode;
	int err = ext2_error_rofs(dir->i_sb);

	if (err)
		return err;
	if (inode->i_nlink >= 32000)
		return -EMLINK;
	inode->i_nlink++;
	inode->i_ctime = current_time_sec();
	sync_inode_metadata(inode);
	err = ext2_add_link(dir, d->d_name, strlen(d->d_name), inode);
	if (err) {
		inode->i_nlink--;
		sync_inode_metadata(inode);
		return err;
	}
	ihold(inode);
	d_instantiate(d, inode);
	return 0;
}

static int ext2_mkdir(struct inode *dir, struct dentry *d, umode_t mode)
{
	struct inode *inode;
	int err = ext2_error_rofs(dir->i_sb);

	if (err)
		return err;
	if (dir->i_nlink >= 32000)
		return -EMLINK;
	inode = ext2_new_inode(dir, S_IFDIR | (mode & S_IALLUGO));
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	err = ext2_make_empty(inode, dir);
	if (!err)
		err = write_inode_now(inode, false);
	if (!err)
		err = ext2_add_link(dir, d->d_name, strlen(d->d_name), inode);
	if (err) {
		inode->i_nlink = 0;
		iput(inode);
		return err;
	}
	dir->i_nlink++;
	sync_inode_metadata(dir);
	d_instantiate(d, inode);
	return 0;
}

static int ext2_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	int err = ext2_error_rofs(dir->i_sb);

	if (err)
		return err;
	err = ext2_delete_entry(dir, d->d_name, strlen(d->d_name));
	if (err)
		return err;
	sync_inode_metadata(dir);
	inode->i_nlink--;
	inode->i_ctime = dir->i_ctime;
	sync_inode_metadata(inode);
	d_delete(d);		/* the inode goes at its last iput (evict frees it) */
	return 0;
}

static int ext2_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *inode = d->d_inode;
	int err = ext2_error_rofs(dir->i_sb);

	if (err)
		return err;
	if (!ext2_empty_dir(inode))
		return -ENOTEMPTY;
	err = ext2_delete_entry(dir, d->d_name, strlen(d->d_name));
	if (err)
		return err;
	dir->i_nlink--;
	sync_inode_metadata(dir);
	inode->i_nlink = 0;
	inode->i_size = 0;
	sync_inode_metadata(inode);
	d_delete(d);
	return 0;
}

/*
 * Move the record (Linux's ext2_rename). Over an existing name the target's
 * record is pointed at the moved inode in place, one write, so the name is
 * there before and after and never missing; the target then loses that
 * link as in unlink (a directory target must be empty and goes whole).
 */
static int ext2_rename(struct inode *odir, struct dentry *old, struct inode *ndir,
		       const char *name, int len, struct dentry *target)
{
	struct inode *inode = old->d_inode;
	int err = ext2_error_rofs(odir->i_sb);

	if (err)
		return err;
	if (target) {
		struct inode *victim = target->d_inode;

		if (S_ISDIR(victim->i_mode) && !ext2_empty_dir(victim))
			return -ENOTEMPTY;
		err = ext2_replace_link(ndir, name, len, inode);
		if (err)
			return err;
		if (S_ISDIR(victim->i_mode)) {
			victim->i_nlink = 0;
			victim->i_size = 0;
			ndir->i_nlink--;
			sync_inode_metadata(ndir);
		} else {
			victim->i_nlink--;
		}
		victim->i_ctime = current_time_sec();
		sync_inode_metadata(victim);
		d_delete(target);	/* the inode goes at its last iput */
	} else {
		err = ext2_add_link(ndir, name, len, inode);
	}
	if (err)
		return err;
	err = ext2_delete_entry(odir, old->d_name, strlen(old->d_name));
	if (err)
		return err;
	if (S_ISDIR(inode->i_mode) && odir != ndir)
		err = ext2_set_link(inode, "..", 2, ndir->i_ino);
	return err;
}

static int ext2_readlink(struct dentry *d, char *buf, int size)
{
	struct inode *inode = d->d_inode;
	int n = min_t(loff_t, size, inode->i_size);

	if (ext2_fast_symlink(inode)) {
		memcpy(buf, EXT2_I(inode)->i_data, n);
		return n;
	}
	n = ext2_read_data(inode, buf, n, 0);
	return n < 0 ? 0 : n;
}

const struct inode_operations ext2_dir_iops = {
	.lookup = ext2_lookup, .create = ext2_create, .mkdir = ext2_mkdir, .mknod = ext2_mknod,
	.symlink = ext2_symlink, .link = ext2_link, .unlink = ext2_unlink, .rmdir = ext2_rmdir,
	.rename = ext2_rename, .getblocks = ext2_getblocks,
};
const struct inode_operations ext2_symlink_iops = {
	.readlink = ext2_readlink, .getblocks = ext2_getblocks,
};
