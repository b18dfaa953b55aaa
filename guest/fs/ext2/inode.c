/*
 * ext2 inodes (Linux's fs/ext2/inode.c): reading one from its group's
 * inode table (one in-memory inode per disk inode, found again through the
 * superblock's list, so hard links share a page cache), writing its fields
 * back, mapping a file block to a disk block through the direct and
 * indirect pointers (allocating on write), truncating, and freeing an
 * inode whose last link and user are gone.
 */
#include "ext2.h"

static int ext2_raw_inode(struct super_block *sb, unsigned long ino, struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 group, index, block;

	if (ino < 1 || ino > sbi->es.s_inodes_count)
		return -EIO;
	group = (ino - 1) / sbi->es.s_inodes_per_group;
	index = (ino - 1) % sbi->es.s_inodes_per_group;
	block = sbi->gd[group].bg_inode_table + index * sbi->inode_size / sbi->block_size;
	*bhp = ext2_bread(sb, block);
	if (!*bhp)
		return -EIO;
	return index * sbi->inode_size % sbi->block_size;	/* the offset in the block */
}

void ext2_set_ops(struct inode *inode, dev_t rdev)
{
	switch (inode->i_mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &ext2_file_iops;
		inode->i_fop = &ext2_file_ops;
		address_space_init(inode, &ext2_aops);
		break;
	case S_IFDIR:
		inode->i_op = &ext2_dir_iops;
		inode->i_fop = &ext2_dir_ops;
		break;
	case S_IFLNK:
		inode->i_op = &ext2_symlink_iops;
		break;
	default:
		init_special_inode(inode, inode->i_mode, rdev);
		break;
	}
}

struct inode *ext2_iget(struct super_block *sb, unsigned long ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_inode_info *ei;
	struct buffer_head *bh;
	struct ext2_inode raw;
	struct inode *inode;
	int off;

	list_for_each_entry(ei, &sbi->inodes, i_list)
		if (ei->vfs_inode->i_ino == ino) {
			ihold(ei->vfs_inode);
			return ei->vfs_inode;
		}
	off = ext2_raw_inode(sb, ino, &bh);
	if (off < 0)
		return ERR_PTR(off);
	memcpy(&raw, bh->b_data + off, sizeof(raw));
	brelse(bh);
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
	ei->vfs_inode = inode;
	list_add(&ei->i_list, &sbi->inodes);
	memcpy(ei->i_data, raw.i_block, sizeof(ei->i_data));
	ei->i_blocks = raw.i_blocks;
	ei->i_flags = raw.i_flags;
	ei->i_next_goal = sbi->gd[(ino - 1) / sbi->es.s_inodes_per_group].bg_block_bitmap;
	inode->i_mode = raw.i_mode;
	/* Linux's osd2: the high halves of the owner at bytes 4 and 6 */
	inode->i_uid = raw.i_uid | (u32)(raw.i_osd2[4] | raw.i_osd2[5] << 8) << 16;
	inode->i_gid = raw.i_gid | (u32)(raw.i_osd2[6] | raw.i_osd2[7] << 8) << 16;
	inode->i_nlink = raw.i_links_count;
	inode->i_size = raw.i_size;
	if (S_ISREG(raw.i_mode))
		inode->i_size |= (loff_t)raw.i_size_high << 32;
	inode->i_atime = raw.i_atime;
	inode->i_mtime = raw.i_mtime;
	inode->i_ctime = raw.i_ctime;
	/* device numbers: old 8:8 in i_block[0], else new in [1] */
	ext2_set_ops(inode, raw.i_block[0] ? raw.i_block[0] & 0xffff :
			    MKDEV((raw.i_block[1] >> 8) & 0xfff, raw.i_block[1] & 0xff));
	return inode;
}

int ext2_write_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;
	struct ext2_inode *raw;
	int off;

	if (sb->s_flags & SB_RDONLY)
		return 0;
	off = ext2_raw_inode(sb, inode->i_ino, &bh);
	if (off < 0)
		return off;
	raw = (struct ext2_inode *)(bh->b_data + off);
	if (ei->i_new) {		/* a fresh inode: nothing of the slot's last user stays */
		memset(raw, 0, EXT2_SB(sb)->inode_size);
		ei->i_new = false;
	}
	raw->i_mode = inode->i_mode;
	raw->i_uid = inode->i_uid;
	raw->i_gid = inode->i_gid;
	raw->i_osd2[4] = inode->i_uid >> 16;
	raw->i_osd2[5] = inode->i_uid >> 24;
	raw->i_osd2[6] = inode->i_gid >> 16;
	raw->i_osd2[7] = inode->i_gid >> 24;
	raw->i_links_count = inode->i_nlink;
	raw->i_size = inode->i_size;
	raw->i_size_high = 0;		/* i_dir_acl for the others */
	if (S_ISREG(inode->i_mode)) {
		raw->i_size_high = inode->i_size >> 32;
		if (inode->i_size > 0x7fffffffLL &&
		    !(EXT2_SB(sb)->es.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE)) {
			EXT2_SB(sb)->es.s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
			ext2_write_super(sb);
		}
	}
	raw->i_atime = inode->i_atime;
	raw->i_mtime = inode->i_mtime;
	raw->i_ctime = inode->i_ctime;
	raw->i_dtime = ei->i_dtime;
	raw->i_blocks = ei->i_blocks;
	raw->i_flags = ei->i_flags;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode)) {
		memset(raw->i_block, 0, sizeof(raw->i_block));
		raw->i_block[0] = MAJOR(inode->i_rdev) << 8 | MINOR(inode->i_rdev);
	} else {
		memcpy(raw->i_block, ei->i_data, sizeof(raw->i_block));
	}
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/* Where file block n's pointer lives: depth levels below i_data[offsets[0]]. */
static int block_path(struct inode *inode, u32 n, u32 offsets[4])
{
	u32 apb = EXT2_SB(inode->i_sb)->addr_per_block;

	if (n < EXT2_NDIR_BLOCKS) {
		offsets[0] = n;
		return 0;
	}
	n -= EXT2_NDIR_BLOCKS;
	if (n < apb) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = n;
		return 1;
	}
	n -= apb;
	if (n < apb * apb) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = n / apb;
		offsets[2] = n % apb;
		return 2;
	}
	n -= apb * apb;
	if ((u64)n < (u64)apb * apb * apb) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = n / (apb * apb);
		offsets[2] = (n / apb) % apb;
		offsets[3] = n % apb;
		return 3;
	}
	return -EFBIG;
}

/* A new block for inode near its last one; counted in i_blocks. Indirect blocks are zeroed. */
static u32 alloc_block(struct inode *inode, bool meta, int *err)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u32 b = ext2_new_block(inode, ei->i_next_goal, err);

	if (!b)
		return 0;
	ei->i_next_goal = b + 1;
	ei->i_blocks += sbi->block_size / 512;
	if (meta) {
		struct buffer_head *bh = getblk_zero(sbi->bdev, b, sbi->block_size);

		if (!bh) {
			*err = -ENOMEM;
			return 0;
		}
		mark_buffer_dirty(bh);
		brelse(bh);
	}
	return b;
}

/*
 * The disk block holding file block n: 0 for a hole (when !create), a new
 * block when create, -EIO on a read error, -EFBIG beyond the triple-indirect
 * range, -ENOSPC.
 */
long ext2_get_block(struct inode *inode, u32 n, bool create)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	u32 offsets[4], block;
	int depth = block_path(inode, n, offsets), i, err = 0;

	if (depth < 0)
		return depth;
	block = ei->i_data[offsets[0]];
	if (!block) {
		if (!create)
			return 0;
		block = alloc_block(inode, depth > 0, &err);
		if (!block)
			return err;
		ei->i_data[offsets[0]] = block;
		mark_inode_dirty(inode);
	}
	for (i = 1; i <= depth; i++) {
		struct buffer_head *bh = ext2_bread(inode->i_sb, block);
		u32 *slot;

		if (!bh)
			return -EIO;
		slot = (u32 *)bh->b_data + offsets[i];
		block = *slot;
		if (!block && create) {
			block = alloc_block(inode, i < depth, &err);
			if (block) {
				*slot = block;
				mark_buffer_dirty(bh);
				mark_inode_dirty(inode);	/* i_blocks */
			}
		}
		brelse(bh);
		if (!block)
			return create ? err : 0;
	}
	return block;
}

/*
 * Free the blocks of the subtree at *slot (depth 0: a data block) but its
 * first keep data blocks; span is how many data blocks the subtree covers.
 */
static void trunc_tree(struct inode *inode, u32 *slot, int depth, u64 span, u64 keep)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u64 child = span / sbi->addr_per_block;
	struct buffer_head *bh;
	unsigned int i;
	bool dirty = false;

	if (!*slot || keep >= span)
		return;
	if (depth > 0) {
		bh = ext2_bread(inode->i_sb, *slot);
		if (!bh)
			return;
		for (i = 0; i < sbi->addr_per_block; i++) {
			u64 first = i * child;
			u32 *p = (u32 *)bh->b_data + i;

			if (*p && keep < first + child) {
				trunc_tree(inode, p, depth - 1, child, keep > first ? keep - first : 0);
				dirty = true;
			}
		}
		if (dirty && keep)
			mark_buffer_dirty(bh);
		brelse(bh);
		if (keep)
			return;
	}
	ext2_free_blocks(inode, *slot);
	EXT2_I(inode)->i_blocks -= sbi->block_size / 512;
	*slot = 0;
}

/* Free every block past size (the caller has dropped the cached pages). */
void ext2_truncate_blocks(struct inode *inode, loff_t size)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u64 apb = sbi->addr_per_block, keep = (size + sbi->block_size - 1) / sbi->block_size;
	u64 base = EXT2_NDIR_BLOCKS, span = apb;
	int i;

	if (ext2_fast_symlink(inode))
		return;
	for (i = 0; i < EXT2_NDIR_BLOCKS; i++)
		if ((u64)i >= keep)
			trunc_tree(inode, &ei->i_data[i], 0, 1, 0);
	for (i = 0; i < 3; i++) {
		trunc_tree(inode, &ei->i_data[EXT2_IND_BLOCK + i], i + 1, span,
			   keep > base ? keep - base : 0);
		base += span;
		span *= apb;
	}
	ei->i_next_goal = 0;
	mark_inode_dirty(inode);
}

int ext2_setsize(struct inode *inode, loff_t size)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	int err = ext2_error_rofs(inode->i_sb);

	if (err)
		return err;
	if (size > (loff_t)0x7fffffff * sbi->block_size / 2)
		return -EFBIG;
	if (size < inode->i_size) {
		/* the block holding the new end: its tail must read as zeros later */
		if (size % PAGE_SIZE) {
			struct page *page = read_mapping_page(inode->i_mapping, size >> PAGE_SHIFT);

			if (IS_ERR(page))
				return PTR_ERR(page);
			put_page(page);
		}
		truncate_inode_pages(inode->i_mapping, size);
		inode->i_size = size;
		/* the tail page goes to disk before its blocks past the end go */
		filemap_write_and_wait(inode->i_mapping);
		ext2_truncate_blocks(inode, size);
	}
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time_sec();
	mark_inode_dirty(inode);
	return 0;
}

void ext2_evict_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	bool rw = !(inode->i_sb->s_flags & SB_RDONLY);

	if (!ei)
		return;
	if (rw && !inode->i_nlink) {
		/* the last link went earlier; now the last user: blocks and inode are freed */
		truncate_inode_pages(inode->i_mapping, 0);
		inode->i_size = 0;
		ext2_truncate_blocks(inode, 0);
		/*
		 * e2fsck reads a dtime of 0 as "not deleted" and one below the inode
		 * count as a link of the ext3 orphan list: a clock still near the
		 * epoch (no RTC time yet) gives the last check's time instead.
		 */
		ei->i_dtime = max(current_time_sec(), EXT2_SB(inode->i_sb)->es.s_lastcheck);
		inode_wb_list_del(inode);
		ext2_write_inode(inode);
		ext2_free_inode(inode);
	} else {
		if (rw && inode->i_state)
			write_inode_now(inode, true);
		truncate_inode_pages(inode->i_mapping, 0);
	}
	inode_wb_list_del(inode);
	list_del(&ei->i_list);
	kfree(ei);
	inode->i_fsdata = NULL;
}

u64 ext2_getblocks(struct inode *inode)
{
	return EXT2_I(inode) ? EXT2_I(inode)->i_blocks : 0;
}

/* Up to len bytes at pos into a kernel buffer, through the buffer cache (slow symlinks). */
ssize_t ext2_read_data(struct inode *inode, char *buf, size_t len, loff_t pos)
{
	unsigned int bs = EXT2_SB(inode->i_sb)->block_size;
	size_t done = 0;

	if (pos >= inode->i_size)
		return 0;
	if (len > inode->i_size - pos)
		len = inode->i_size - pos;
	while (done < len) {
		u32 off = (pos + done) % bs, n = min_t(size_t, len - done, bs - off);
		long block = ext2_get_block(inode, (pos + done) / bs, false);
		struct buffer_head *bh;

		if (block < 0)
			return done ? (ssize_t)done : block;
		if (!block) {
			memset(buf + done, 0, n);
		} else {
			bh = ext2_bread(inode->i_sb, block);
			if (!bh)
				return done ? (ssize_t)done : -EIO;
			memcpy(buf + done, bh->b_data + off, n);
			brelse(bh);
		}
		done += n;
	}
	return done;
}
