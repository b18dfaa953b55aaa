/*
 * ext2's superblock (Linux's fs/ext2/super.c): mounting checks the magic
 * and the features, reads the group descriptors, and comes up read-only;
 * remount_fs makes it writable (the superblock then says "not clean" on
 * disk until the umount, as Linux's ext2 does, so e2fsck knows a crash
 * happened). The free counts in the superblock are written at sync and
 * umount; the group descriptors with every change.
 */
#include <linux/init.h>
#include "ext2.h"

static int ext2_sync_fs(struct super_block *sb);

/* The superblock's fields we keep, over the on-disk copy at byte 1024. */
void ext2_write_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh = bread(sbi->bdev, 1, 1024);

	if (!bh) {
		pr_err("EXT2-fs (%s): error: unable to write superblock\n", sbi->bdev->name);
		return;
	}
	sbi->es.s_wtime = current_time_sec();
	memcpy(bh->b_data, &sbi->es, sizeof(sbi->es));
	mark_buffer_dirty(bh);
	brelse(bh);
}

void ext2_write_group_desc(struct super_block *sb, unsigned int group)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned int per = sbi->block_size / sizeof(struct ext2_group_desc), i = group / per;
	struct buffer_head *bh = ext2_bread(sb, sbi->es.s_first_data_block + 1 + i);

	if (!bh)
		return;
	memcpy(bh->b_data, (char *)sbi->gd + i * sbi->block_size, sbi->block_size);
	mark_buffer_dirty(bh);
	brelse(bh);
}

int ext2_error_rofs(struct super_block *sb)
{
	return (sb->s_flags & SB_RDONLY) ? -EROFS : 0;
}

static int ext2_remount(struct super_block *sb, unsigned long flags)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	bool ro = flags & 1;	/* MS_RDONLY */

	if (ro == !!(sb->s_flags & SB_RDONLY))
		return 0;
	if (ro) {
		sync_filesystem(sb);
		sbi->es.s_state |= EXT2_VALID_FS;
		ext2_write_super(sb);
		blkdev_issue_flush(sbi->bdev);
		sb->s_flags |= SB_RDONLY;
		return 0;
	}
	if (sbi->es.s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPPORTED) {
		pr_err("EXT2-fs (%s): error: couldn't mount RDWR because of unsupported optional features (%x)\n",
		       sbi->bdev->name, sbi->es.s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPPORTED);
		return -EROFS;
	}
	if (!(sbi->es.s_state & EXT2_VALID_FS))
		pr_warn("EXT2-fs (%s): warning: mounting unchecked fs, running e2fsck is recommended\n",
			sbi->bdev->name);
	sb->s_flags &= ~SB_RDONLY;
	sbi->es.s_state &= ~EXT2_VALID_FS;
	sbi->es.s_mnt_count++;
	sbi->es.s_mtime = current_time_sec();
	ext2_write_super(sb);
	wakeup_flusher_start();
	pr_info("EXT2-fs (%s): mounted read-write\n", sbi->bdev->name);
	return 0;
}

static int ext2_sync_fs(struct super_block *sb)
{
	if (sb->s_flags & SB_RDONLY)
		return 0;
	ext2_write_super(sb);
	return blkdev_issue_flush(EXT2_SB(sb)->bdev);
}

/* A group holds a superblock copy: 0, 1 and the powers of 3, 5 and 7 (sparse_super). */
static bool ext2_group_has_super(unsigned int g)
{
	unsigned int b;

	if (g <= 1)
		return true;
	for (b = 3; b <= 7; b += 2) {
		unsigned int n = b;

		while (n < g)
			n *= b;
		if (n == g)
			return true;
	}
	return false;
}

/*
 * statfs (Linux's ext2_statfs, "bsddf"): the metadata's blocks (superblock
 * copies, descriptors, bitmaps and inode tables) are left out of the total;
 * root's reserved blocks are free but not available.
 */
static void ext2_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 overhead = sbi->es.s_first_data_block;
	unsigned int g, itb = (sbi->es.s_inodes_per_group * sbi->inode_size + sbi->block_size - 1) /
			      sbi->block_size;

	for (g = 0; g < sbi->groups; g++)
		overhead += (ext2_group_has_super(g) ? 1 + sbi->gd_blocks : 0) + 2 + itb;
	st->f_bsize = st->f_frsize = sbi->block_size;
	st->f_blocks = sbi->es.s_blocks_count - overhead;
	st->f_bfree = sbi->es.s_free_blocks_count;
	st->f_bavail = st->f_bfree > sbi->es.s_r_blocks_count ?
		       st->f_bfree - sbi->es.s_r_blocks_count : 0;
	st->f_files = sbi->es.s_inodes_count;
	st->f_ffree = sbi->es.s_free_inodes_count;
	st->f_namelen = 255;
}

static const struct super_operations ext2_sops = {
	.statfs = ext2_statfs,
	.evict_inode = ext2_evict_inode,
	.write_inode = ext2_write_inode,
	.sync_fs = ext2_sync_fs,
	.remount_fs = ext2_remount,
};

static int ext2_fill_super(struct super_block *sb, struct ext2_sb_info *sbi)
{
	struct buffer_head *bh = bread(sbi->bdev, 1, 1024);	/* bytes 1024..2047 */
	unsigned int i;

	if (!bh)
		return -EIO;
	memcpy(&sbi->es, bh->b_data, sizeof(sbi->es));
	brelse(bh);
	if (sbi->es.s_magic != EXT2_SUPER_MAGIC) {
		pr_err("EXT2-fs (%s): VFS: Can't find ext2 filesystem\n", sbi->bdev->name);
		return -EINVAL;
	}
	if (sbi->es.s_rev_level >= 1 && (sbi->es.s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_FILETYPE)) {
		pr_err("EXT2-fs (%s): error: couldn't mount because of unsupported optional features (%x)\n",
		       sbi->bdev->name, sbi->es.s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_FILETYPE);
		return -EINVAL;
	}
	if (sbi->es.s_log_block_size > 2 || !sbi->es.s_inodes_per_group || !sbi->es.s_blocks_per_group)
		return -EINVAL;
	sbi->block_size = 1024 << sbi->es.s_log_block_size;
	sbi->addr_per_block = sbi->block_size / 4;
	sbi->inode_size = sbi->es.s_rev_level >= 1 ? sbi->es.s_inode_size : 128;
	if (sbi->inode_size < 128 || sbi->inode_size > sbi->block_size ||
	    (sbi->inode_size & (sbi->inode_size - 1)))
		return -EINVAL;
	sbi->groups = (sbi->es.s_blocks_count - sbi->es.s_first_data_block +
		       sbi->es.s_blocks_per_group - 1) / sbi->es.s_blocks_per_group;
	sbi->gd_blocks = (sbi->groups * sizeof(struct ext2_group_desc) + sbi->block_size - 1) /
			 sbi->block_size;
	sbi->gd = kmalloc(sbi->gd_blocks * sbi->block_size, GFP_KERNEL);
	if (!sbi->gd)
		return -ENOMEM;
	for (i = 0; i < sbi->gd_blocks; i++) {
		bh = bread(sbi->bdev, sbi->es.s_first_data_block + 1 + i, sbi->block_size);
		if (!bh)
			return -EIO;
		memcpy((char *)sbi->gd + i * sbi->block_size, bh->b_data, sbi->block_size);
		brelse(bh);
	}
	return 0;
}

static struct super_block *ext2_mount(struct file_system_type *type, const char *dev, void *data)
{
	struct block_device *bdev = blkdev_get_by_name(dev);
	struct ext2_sb_info *sbi;
	struct super_block *sb;
	struct inode *root;
	int err = -ENOMEM;

	if (!bdev)
		return ERR_PTR(-ENXIO);
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	sb = sget_nodev(type, EXT2_SUPER_MAGIC);
	if (!sbi || !sb)
		goto fail;
	sb->s_dev = bdev->dev;
	sb->s_fs_info = sbi;
	sb->s_op = &ext2_sops;
	sb->s_flags = SB_RDONLY;
	sbi->bdev = bdev;
	INIT_LIST_HEAD(&sbi->inodes);
	err = ext2_fill_super(sb, sbi);
	if (err)
		goto fail;
	root = ext2_iget(sb, EXT2_ROOT_INO);
	if (IS_ERR(root) || !S_ISDIR(root->i_mode)) {
		err = IS_ERR(root) ? PTR_ERR(root) : -EINVAL;
		if (!IS_ERR(root))
			iput(root);
		goto fail;
	}
	sb->s_root = d_alloc(NULL, "/", 1);
	if (!sb->s_root) {
		iput(root);
		err = -ENOMEM;
		goto fail;
	}
	d_instantiate(sb->s_root, root);
	dget(sb->s_root);
	pr_info("EXT2-fs (%s): mounted read-only: %u blocks of %u bytes, %u groups, %u inodes\n",
		bdev->name, sbi->es.s_blocks_count, sbi->block_size, sbi->groups, sbi->es.s_inodes_count);
	return sb;
fail:
	if (sbi)
		kfree(sbi->gd);
	kfree(sbi);
	kfree(sb);
	invalidate_bdev(bdev);
	return ERR_PTR(err);
}

/* Forget the cached names (children first), then the super block. */
static void prune(struct dentry *d)
{
	while (!list_empty(&d->d_subdirs))
		prune(list_first_entry(&d->d_subdirs, struct dentry, d_child));
	if (d->d_parent != d)
		d_delete(d);
}

static void ext2_kill_sb(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	bool rw = !(sb->s_flags & SB_RDONLY);

	if (rw)
		sync_filesystem(sb);
	prune(sb->s_root);
	sb->s_root->d_unhashed = true;
	dput(sb->s_root);
	if (rw) {
		sbi->es.s_state |= EXT2_VALID_FS;
		ext2_write_super(sb);
		blkdev_issue_flush(sbi->bdev);
	}
	invalidate_bdev(sbi->bdev);
	kfree(sbi->gd);
	kfree(sbi);
	kfree(sb);
}

static struct file_system_type ext2_fs_type = {
	.name = "ext2", .fs_flags = FS_REQUIRES_DEV, .mount = ext2_mount, .kill_sb = ext2_kill_sb,
};

static int __init init_ext2_fs(void)
{
	return register_filesystem(&ext2_fs_type);
}
fs_initcall(init_ext2_fs);
