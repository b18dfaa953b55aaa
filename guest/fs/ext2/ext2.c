/*
 * ext2, read-only for now (Linux's fs/ext2, after the second extended file
 * system's layout in e2fsprogs' ext2_fs.h): the superblock at byte 1024,
 * the group descriptors in the block after it, inodes in each group's inode
 * table, a file's blocks through 12 direct pointers and the single, double
 * and triple indirect blocks (a zero pointer is a hole), directories as
 * linear lists of records (an htree directory reads the same way), fast
 * symlinks in the inode's block array and slow ones in a data block. Blocks
 * come through the buffer cache; names found are cached as dentries.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/blkdev.h>

#define EXT2_SUPER_MAGIC	0xEF53
#define EXT2_ROOT_INO		2
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15
#define EXT2_FEATURE_INCOMPAT_FILETYPE	0x0002
#define EXT2_FEATURE_RO_COMPAT_SUPPORTED	0x0003	/* sparse_super, large_file */

struct ext2_super_block {
	u32 s_inodes_count, s_blocks_count, s_r_blocks_count, s_free_blocks_count;
	u32 s_free_inodes_count, s_first_data_block, s_log_block_size, s_log_frag_size;
	u32 s_blocks_per_group, s_frags_per_group, s_inodes_per_group;
	u32 s_mtime, s_wtime;
	u16 s_mnt_count, s_max_mnt_count, s_magic, s_state, s_errors, s_minor_rev_level;
	u32 s_lastcheck, s_checkinterval, s_creator_os, s_rev_level;
	u16 s_def_resuid, s_def_resgid;
	u32 s_first_ino;
	u16 s_inode_size, s_block_group_nr;
	u32 s_feature_compat, s_feature_incompat, s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
};

struct ext2_group_desc {
	u32 bg_block_bitmap, bg_inode_bitmap, bg_inode_table;
	u16 bg_free_blocks_count, bg_free_inodes_count, bg_used_dirs_count, bg_pad;
	u32 bg_reserved[3];
};

struct ext2_inode {
	u16 i_mode, i_uid;
	u32 i_size, i_atime, i_ctime, i_mtime, i_dtime;
	u16 i_gid, i_links_count;
	u32 i_blocks, i_flags, i_osd1;
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_generation, i_file_acl, i_size_high, i_faddr;
	u8 i_osd2[12];
};

struct ext2_dir_entry {
	u32 inode;
	u16 rec_len;
	u8 name_len, file_type;
	char name[];
};

struct ext2_sb_info {
	struct block_device *bdev;
	struct ext2_super_block es;
	unsigned int block_size, inode_size, groups, addr_per_block;
	struct ext2_group_desc *gd;
};

struct ext2_inode_info {
	u32 i_data[EXT2_N_BLOCKS];
	u32 i_blocks;
};

#define EXT2_SB(sb)	((struct ext2_sb_info *)(sb)->s_fs_info)
#define EXT2_I(inode)	((struct ext2_inode_info *)(inode)->i_fsdata)

static const struct inode_operations ext2_dir_iops;
static const struct inode_operations ext2_file_iops;
static const struct inode_operations ext2_symlink_iops;
static const struct file_operations ext2_file_ops;
static const struct file_operations ext2_dir_ops;

static struct buffer_head *ext2_bread(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (!block || block >= sbi->es.s_blocks_count)
		return NULL;
	return bread(sbi->bdev, block, sbi->block_size);
}

/*
 * The disk block holding a file's logical block n: 0 for a hole, -EIO on a
 * read error, -EFBIG beyond the triple-indirect range.
 */
static long ext2_bmap(struct inode *inode, u32 n)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u32 apb = sbi->addr_per_block, offsets[4], block;
	int depth, i;

	if (n < EXT2_NDIR_BLOCKS)
		return EXT2_I(inode)->i_data[n];
	n -= EXT2_NDIR_BLOCKS;
	if (n < apb) {
		depth = 1;
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = n;
	} else if ((n -= apb) < apb * apb) {
		depth = 2;
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = n / apb;
		offsets[2] = n % apb;
	} else if ((u64)(n -= apb * apb) < (u64)apb * apb * apb) {
		depth = 3;
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = n / (apb * apb);
		offsets[2] = (n / apb) % apb;
		offsets[3] = n % apb;
	} else {
		return -EFBIG;
	}
	block = EXT2_I(inode)->i_data[offsets[0]];
	for (i = 1; i <= depth && block; i++) {
		struct buffer_head *bh = ext2_bread(inode->i_sb, block);

		if (!bh)
			return -EIO;
		block = ((u32 *)bh->b_data)[offsets[i]];
		brelse(bh);
	}
	return block;
}

static int ext2_read_raw_inode(struct super_block *sb, unsigned long ino, struct ext2_inode *raw)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 group, index, block, offset;
	struct buffer_head *bh;

	if (ino < 1 || ino > sbi->es.s_inodes_count)
		return -EIO;
	group = (ino - 1) / sbi->es.s_inodes_per_group;
	index = (ino - 1) % sbi->es.s_inodes_per_group;
	block = sbi->gd[group].bg_inode_table + index * sbi->inode_size / sbi->block_size;
	offset = index * sbi->inode_size % sbi->block_size;
	bh = ext2_bread(sb, block);
	if (!bh)
		return -EIO;
	memcpy(raw, bh->b_data + offset, sizeof(*raw));
	brelse(bh);
	return 0;
}

static struct inode *ext2_iget(struct super_block *sb, unsigned long ino)
{
	struct ext2_inode raw;
	struct ext2_inode_info *ei;
	struct inode *inode;
	int err = ext2_read_raw_inode(sb, ino, &raw);

	if (err)
		return ERR_PTR(err);
	if (!raw.i_links_count || !raw.i_mode)
		return ERR_PTR(-EIO);		/* a directory entry naming a free inode */
	inode = new_inode(sb);
	ei = kzalloc(sizeof(*ei), GFP_KERNEL);
	if (!inode || !ei) {
		kfree(ei);
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_next_ino--;		/* new_inode's number is not ours */
	inode->i_ino = ino;
	inode->i_fsdata = ei;
	memcpy(ei->i_data, raw.i_block, sizeof(ei->i_data));
	ei->i_blocks = raw.i_blocks;
	inode->i_mode = raw.i_mode;
	inode->i_uid = raw.i_uid;
	inode->i_gid = raw.i_gid;
	inode->i_nlink = raw.i_links_count;
	inode->i_size = raw.i_size;
	if (S_ISREG(raw.i_mode))
		inode->i_size |= (loff_t)raw.i_size_high << 32;
	inode->i_atime = raw.i_atime;
	inode->i_mtime = raw.i_mtime;
	inode->i_ctime = raw.i_ctime;
	switch (raw.i_mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ext2_file_iops;
		inode->i_fop = &ext2_file_ops;
		break;
	case S_IFDIR:
		inode->i_op = &ext2_dir_iops;
		inode->i_fop = &ext2_dir_ops;
		break;
	case S_IFLNK:
		inode->i_op = &ext2_symlink_iops;
		break;
	default:			/* device numbers: old 8:8 in i_block[0], else new in [1] */
		init_special_inode(inode, raw.i_mode,
				   raw.i_block[0] ? raw.i_block[0] & 0xffff :
				   MKDEV((raw.i_block[1] >> 8) & 0xfff, raw.i_block[1] & 0xff));
		break;
	}
	return inode;
}

static void ext2_evict_inode(struct inode *inode)
{
	kfree(inode->i_fsdata);
}

static const struct super_operations ext2_sops = {
	.evict_inode = ext2_evict_inode,
};

/* Copy up to len bytes at pos of the file into a kernel or user buffer. */
static ssize_t ext2_read_data(struct inode *inode, char *buf, size_t len, loff_t pos, bool user)
{
	unsigned int bs = EXT2_SB(inode->i_sb)->block_size;
	size_t done = 0;

	if (pos >= inode->i_size)
		return 0;
	if (len > inode->i_size - pos)
		len = inode->i_size - pos;
	while (done < len) {
		u32 off = (pos + done) % bs, n = min_t(size_t, len - done, bs - off);
		long block = ext2_bmap(inode, (pos + done) / bs);
		struct buffer_head *bh = NULL;
		int bad;

		if (block < 0)
			return done ? (ssize_t)done : block;
		if (block) {
			bh = ext2_bread(inode->i_sb, block);
			if (!bh)
				return done ? (ssize_t)done : -EIO;
		}
		if (user)
			bad = bh ? copy_to_user((char __user *)buf + done, bh->b_data + off, n) :
				   clear_user((char __user *)buf + done, n);
		else {
			bad = 0;
			if (bh)
				memcpy(buf + done, bh->b_data + off, n);
			else
				memset(buf + done, 0, n);
		}
		brelse(bh);
		if (bad)
			return done ? (ssize_t)done : -EFAULT;
		done += n;
	}
	return done;
}

static ssize_t ext2_file_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	ssize_t n = ext2_read_data(f->f_inode, (char *)buf, count, *pos, true);

	if (n > 0)
		*pos += n;
	return n;
}

static ssize_t ext2_file_read_kernel(struct file *f, void *buf, size_t count, loff_t pos)
{
	return ext2_read_data(f->f_inode, buf, count, pos, false);
}

static ssize_t ext2_file_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	return -EROFS;
}

/* Call fn for each live entry from byte pos on; stops when fn returns false. */
static int ext2_walk_dir(struct inode *dir, loff_t *pos,
			 bool (*fn)(void *arg, struct ext2_dir_entry *de, loff_t next), void *arg)
{
	unsigned int bs = EXT2_SB(dir->i_sb)->block_size;

	while (*pos < dir->i_size) {
		long block = ext2_bmap(dir, *pos / bs);
		struct buffer_head *bh;
		u32 off = *pos % bs;

		if (block <= 0) {
			*pos = (*pos / bs + 1) * bs;	/* a hole or error: skip the block */
			continue;
		}
		bh = ext2_bread(dir->i_sb, block);
		if (!bh)
			return -EIO;
		while (off < bs) {
			struct ext2_dir_entry *de = (struct ext2_dir_entry *)(bh->b_data + off);

			if (de->rec_len < 8 || de->rec_len % 4 || off + de->rec_len > bs ||
			    de->name_len + 8 > de->rec_len) {
				brelse(bh);
				pr_err("EXT2-fs error: bad directory entry in inode %lu at %llu\n",
				       dir->i_ino, *pos);
				return -EIO;
			}
			if (de->inode && !fn(arg, de, *pos - off + off + de->rec_len)) {
				brelse(bh);
				return 0;
			}
			off += de->rec_len;
			*pos += de->rec_len;
		}
		brelse(bh);
	}
	return 0;
}

struct find_arg {
	const char *name;
	int len;
	u32 ino;
};

static bool match(void *p, struct ext2_dir_entry *de, loff_t next)
{
	struct find_arg *a = p;

	if (de->name_len == a->len && !memcmp(de->name, a->name, a->len)) {
		a->ino = de->inode;
		return false;
	}
	return true;
}

static struct inode *ext2_lookup(struct inode *dir, const char *name, int len)
{
	struct find_arg a = { name, len, 0 };
	loff_t pos = 0;
	int err = ext2_walk_dir(dir, &pos, match, &a);

	if (err)
		return ERR_PTR(err);
	return a.ino ? ext2_iget(dir->i_sb, a.ino) : NULL;
}

struct readdir_arg {
	struct dir_context *ctx;
};

static bool emit(void *p, struct ext2_dir_entry *de, loff_t next)
{
	struct dir_context *ctx = ((struct readdir_arg *)p)->ctx;
	static const u8 dt[] = { 0, 8, 4, 2, 6, 1, 12, 10 };	/* EXT2_FT_* -> DT_* */

	if (!ctx->actor(ctx, de->name, de->name_len, next, de->inode,
			de->file_type < 8 ? dt[de->file_type] : 0))
		return false;
	ctx->pos = next;
	return true;
}

static int ext2_readdir(struct file *f, struct dir_context *ctx)
{
	struct readdir_arg a = { ctx };
	loff_t pos = ctx->pos;

	return ext2_walk_dir(f->f_inode, &pos, emit, &a);
}

static int ext2_readlink(struct dentry *d, char *buf, int size)
{
	struct inode *inode = d->d_inode;
	int n = min_t(loff_t, size, inode->i_size);

	/* a fast symlink has no data blocks: the target is in i_block */
	if (EXT2_I(inode)->i_blocks == 0 && inode->i_size < (loff_t)sizeof(EXT2_I(inode)->i_data)) {
		memcpy(buf, EXT2_I(inode)->i_data, n);
		return n;
	}
	n = ext2_read_data(inode, buf, n, 0, false);
	return n < 0 ? 0 : n;
}

static int ext2_rofs(void)
{
	return -EROFS;
}

static int ext2_create(struct inode *dir, struct dentry *d, umode_t mode) { return ext2_rofs(); }
static int ext2_mkdir(struct inode *dir, struct dentry *d, umode_t mode) { return ext2_rofs(); }
static int ext2_mknod(struct inode *dir, struct dentry *d, umode_t mode, dev_t rdev) { return ext2_rofs(); }
static int ext2_symlink(struct inode *dir, struct dentry *d, const char *t) { return ext2_rofs(); }
static int ext2_link(struct dentry *old, struct inode *dir, struct dentry *d) { return ext2_rofs(); }
static int ext2_unlink(struct inode *dir, struct dentry *d) { return ext2_rofs(); }
static int ext2_setsize(struct inode *inode, loff_t size) { return ext2_rofs(); }

static const struct inode_operations ext2_dir_iops = {
	.lookup = ext2_lookup, .create = ext2_create, .mkdir = ext2_mkdir, .mknod = ext2_mknod,
	.symlink = ext2_symlink, .link = ext2_link, .unlink = ext2_unlink, .rmdir = ext2_unlink,
};
static const struct inode_operations ext2_file_iops = { .setsize = ext2_setsize };
static const struct inode_operations ext2_symlink_iops = { .readlink = ext2_readlink };
static const struct file_operations ext2_file_ops = {
	.llseek = generic_file_llseek, .read = ext2_file_read, .write = ext2_file_write,
	.read_kernel = ext2_file_read_kernel,
};
static const struct file_operations ext2_dir_ops = {
	.llseek = generic_file_llseek, .iterate = ext2_readdir,
};

static struct super_block *ext2_mount(struct file_system_type *type, const char *dev, void *data)
{
	struct block_device *bdev = blkdev_get_by_name(dev);
	struct ext2_sb_info *sbi;
	struct super_block *sb;
	struct buffer_head *bh;
	struct inode *root;
	unsigned int i, gd_blocks;
	int err = -EINVAL;

	if (!bdev)
		return ERR_PTR(-ENXIO);
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	sb = sget_nodev(type, EXT2_SUPER_MAGIC);
	if (!sbi || !sb) {
		err = -ENOMEM;
		goto fail;
	}
	sb->s_dev = bdev->dev;
	sb->s_fs_info = sbi;
	sb->s_op = &ext2_sops;
	sbi->bdev = bdev;
	bh = bread(bdev, 1, 1024);		/* the superblock: bytes 1024..2047 */
	if (!bh) {
		err = -EIO;
		goto fail;
	}
	memcpy(&sbi->es, bh->b_data, sizeof(sbi->es));
	brelse(bh);
	if (sbi->es.s_magic != EXT2_SUPER_MAGIC) {
		pr_err("EXT2-fs (%s): VFS: Can't find ext2 filesystem\n", bdev->name);
		goto fail;
	}
	if (sbi->es.s_rev_level >= 1 && (sbi->es.s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_FILETYPE)) {
		pr_err("EXT2-fs (%s): error: couldn't mount because of unsupported optional features (%x)\n",
		       bdev->name, sbi->es.s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_FILETYPE);
		goto fail;
	}
	if (sbi->es.s_log_block_size > 2 || !sbi->es.s_inodes_per_group || !sbi->es.s_blocks_per_group)
		goto fail;
	sbi->block_size = 1024 << sbi->es.s_log_block_size;
	sbi->addr_per_block = sbi->block_size / 4;
	sbi->inode_size = sbi->es.s_rev_level >= 1 ? sbi->es.s_inode_size : 128;
	if (sbi->inode_size < 128 || sbi->inode_size > sbi->block_size || (sbi->inode_size & (sbi->inode_size - 1)))
		goto fail;
	sbi->groups = (sbi->es.s_blocks_count - sbi->es.s_first_data_block + sbi->es.s_blocks_per_group - 1) /
		      sbi->es.s_blocks_per_group;
	gd_blocks = (sbi->groups * sizeof(struct ext2_group_desc) + sbi->block_size - 1) / sbi->block_size;
	sbi->gd = kmalloc(gd_blocks * sbi->block_size, GFP_KERNEL);
	if (!sbi->gd) {
		err = -ENOMEM;
		goto fail;
	}
	for (i = 0; i < gd_blocks; i++) {
		bh = ext2_bread(sb, sbi->es.s_first_data_block + 1 + i);
		if (!bh) {
			err = -EIO;
			goto fail;
		}
		memcpy((char *)sbi->gd + i * sbi->block_size, bh->b_data, sbi->block_size);
		brelse(bh);
	}
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

	prune(sb->s_root);
	sb->s_root->d_unhashed = true;
	dput(sb->s_root);
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
