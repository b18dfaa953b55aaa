/*
 * ext2's inode allocator (Linux's fs/ext2/ialloc.c, without the Orlov
 * spreading of directories): a new inode goes in its parent's group if that
 * has a free one, else in the next group that does; its slot in the inode
 * table is zeroed and written before any directory entry names it.
 */
#include "ext2.h"

struct inode *ext2_new_inode(struct inode *dir, umode_t mode)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned int ipg = sbi->es.s_inodes_per_group;
	unsigned int g0 = (dir->i_ino - 1) / ipg, i;
	struct ext2_inode_info *ei;
	struct inode *inode;

	for (i = 0; i < sbi->groups; i++) {
		unsigned int g = (g0 + i) % sbi->groups, bit;
		struct buffer_head *bh;
		unsigned long ino;

		if (!sbi->gd[g].bg_free_inodes_count)
			continue;
		bh = ext2_bread(sb, sbi->gd[g].bg_inode_bitmap);
		if (!bh)
			return ERR_PTR(-EIO);
		for (bit = 0; bit < ipg; bit++)
			if (!(bh->b_data[bit / 8] & (1 << (bit % 8))))
				break;
		ino = (unsigned long)g * ipg + bit + 1;
		if (bit == ipg || ino < (sbi->es.s_rev_level ? sbi->es.s_first_ino : EXT2_GOOD_OLD_FIRST_INO)) {
			brelse(bh);
			continue;
		}
		inode = new_inode(sb);
		ei = kzalloc(sizeof(*ei), GFP_KERNEL);
		if (!inode || !ei) {
			brelse(bh);
			kfree(ei);
			iput(inode);
			return ERR_PTR(-ENOMEM);
		}
		bh->b_data[bit / 8] |= 1 << (bit % 8);
		mark_buffer_dirty(bh);
		brelse(bh);
		sbi->gd[g].bg_free_inodes_count--;
		if (S_ISDIR(mode))
			sbi->gd[g].bg_used_dirs_count++;
		sbi->es.s_free_inodes_count--;
		ext2_write_group_desc(sb, g);

		sb->s_next_ino--;	/* new_inode's number is not ours */
		inode->i_ino = ino;
		inode->i_fsdata = ei;
		ei->vfs_inode = inode;
		ei->i_new = true;
		ei->i_next_goal = sbi->es.s_first_data_block + g * sbi->es.s_blocks_per_group;
		list_add(&ei->i_list, &sbi->inodes);
		inode->i_mode = mode;
		inode->i_uid = 0;		/* every task is root */
		inode->i_gid = 0;
		inode->i_nlink = S_ISDIR(mode) ? 2 : 1;
		inode->i_size = 0;
		ext2_set_ops(inode, 0);
		mark_inode_dirty(inode);
		write_inode_now(inode, false);
		return inode;
	}
	return ERR_PTR(-ENOSPC);
}

/* The inode's last link and user are gone: its bit is cleared. */
void ext2_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned int ipg = sbi->es.s_inodes_per_group;
	unsigned int g = (inode->i_ino - 1) / ipg, bit = (inode->i_ino - 1) % ipg;
	struct buffer_head *bh = ext2_bread(sb, sbi->gd[g].bg_inode_bitmap);

	if (!bh)
		return;
	if (!(bh->b_data[bit / 8] & (1 << (bit % 8))))
		pr_err("EXT2-fs (%s): error: bit already cleared for inode %lu\n", sbi->bdev->name,
		       inode->i_ino);
	bh->b_data[bit / 8] &= ~(1 << (bit % 8));
	mark_buffer_dirty(bh);
	brelse(bh);
	sbi->gd[g].bg_free_inodes_count++;
	if (S_ISDIR(inode->i_mode))
		sbi->gd[g].bg_used_dirs_count--;
	sbi->es.s_free_inodes_count++;
	ext2_write_group_desc(sb, g);
}
