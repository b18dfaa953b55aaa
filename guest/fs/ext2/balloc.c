/*
 * ext2's block allocator (Linux's fs/ext2/balloc.c, without reservation
 * windows): one bitmap block per group, bit i for block
 * s_first_data_block + group * s_blocks_per_group + i. A new block is
 * looked for from the goal on (the block after the file's last one), in
 * the goal's group first, then in the following groups. The group's free
 * count goes to disk with the bitmap; the superblock's at sync.
 */
#include "ext2.h"

static unsigned int group_blocks(struct ext2_sb_info *sbi, unsigned int group)
{
	u32 first = sbi->es.s_first_data_block + group * sbi->es.s_blocks_per_group;

	return min_t(u32, sbi->es.s_blocks_per_group, sbi->es.s_blocks_count - first);
}

/* The first clear bit in [start, n) of the bitmap, else in [0, start), else -1. */
static int find_zero(const u8 *map, unsigned int n, unsigned int start)
{
	unsigned int i;

	for (i = start; i < n; i++)
		if (!(map[i / 8] & (1 << (i % 8))))
			return i;
	for (i = 0; i < start && i < n; i++)
		if (!(map[i / 8] & (1 << (i % 8))))
			return i;
	return -1;
}

u32 ext2_new_block(struct inode *inode, u32 goal, int *err)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned int g0, i;

	if (goal < sbi->es.s_first_data_block || goal >= sbi->es.s_blocks_count)
		goal = sbi->es.s_first_data_block;
	g0 = (goal - sbi->es.s_first_data_block) / sbi->es.s_blocks_per_group;
	for (i = 0; i < sbi->groups; i++) {
		unsigned int g = (g0 + i) % sbi->groups;
		unsigned int start = i ? 0 : (goal - sbi->es.s_first_data_block) % sbi->es.s_blocks_per_group;
		struct buffer_head *bh;
		int bit;

		if (!sbi->gd[g].bg_free_blocks_count)
			continue;
		bh = ext2_bread(sb, sbi->gd[g].bg_block_bitmap);
		if (!bh) {
			*err = -EIO;
			return 0;
		}
		bit = find_zero((u8 *)bh->b_data, group_blocks(sbi, g), start);
		if (bit < 0) {
			brelse(bh);
			pr_err("EXT2-fs (%s): error: group %u: free blocks count %u, bitmap full\n",
			       sbi->bdev->name, g, sbi->gd[g].bg_free_blocks_count);
			continue;
		}
		bh->b_data[bit / 8] |= 1 << (bit % 8);
		mark_buffer_dirty(bh);
		brelse(bh);
		sbi->gd[g].bg_free_blocks_count--;
		sbi->es.s_free_blocks_count--;
		ext2_write_group_desc(sb, g);
		return sbi->es.s_first_data_block + g * sbi->es.s_blocks_per_group + bit;
	}
	*err = -ENOSPC;
	return 0;
}

void ext2_free_blocks(struct inode *inode, u32 block)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned int g, bit;
	struct buffer_head *bh;

	if (block < sbi->es.s_first_data_block || block >= sbi->es.s_blocks_count) {
		pr_err("EXT2-fs (%s): error: freeing blocks not in datazone - block = %u\n",
		       sbi->bdev->name, block);
		return;
	}
	g = (block - sbi->es.s_first_data_block) / sbi->es.s_blocks_per_group;
	bit = (block - sbi->es.s_first_data_block) % sbi->es.s_blocks_per_group;
	bh = ext2_bread(sb, sbi->gd[g].bg_block_bitmap);
	if (!bh)
		return;
	if (!(bh->b_data[bit / 8] & (1 << (bit % 8)))) {
		pr_err("EXT2-fs (%s): error: bit already cleared for block %u\n", sbi->bdev->name, block);
		brelse(bh);
		return;
	}
	bh->b_data[bit / 8] &= ~(1 << (bit % 8));
	mark_buffer_dirty(bh);
	brelse(bh);
	sbi->gd[g].bg_free_blocks_count++;
	sbi->es.s_free_blocks_count++;
	ext2_write_group_desc(sb, g);
}
