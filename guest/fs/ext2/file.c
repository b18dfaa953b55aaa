/*
 * ext2 regular files (Linux's fs/ext2/file.c and the address-space half of
 * fs/ext2/inode.c): read and write go through the page cache; pages are
 * filled and written back block by block with ext2_get_block; O_DIRECT
 * goes straight to the disk.
 */
#include "ext2.h"

static int ext2_readpage(struct address_space *mapping, struct page *page)
{
	struct ext2_sb_info *sbi = EXT2_SB(mapping->host->i_sb);

	return block_read_full_page(page, ext2_get_block, sbi->bdev, sbi->block_size);
}

static int ext2_writepage(struct address_space *mapping, struct page *page)
{
	struct ext2_sb_info *sbi = EXT2_SB(mapping->host->i_sb);

	if (mapping->host->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	return block_write_full_page(page, ext2_get_block, sbi->bdev, sbi->block_size);
}

static int ext2_write_begin(struct address_space *mapping, loff_t pos, unsigned int len)
{
	struct ext2_sb_info *sbi = EXT2_SB(mapping->host->i_sb);

	return block_prepare_write(mapping->host, pos, len, ext2_get_block, sbi->block_size);
}

static ssize_t ext2_direct_IO(struct file *f, char __user *buf, size_t count, loff_t pos, bool write)
{
	struct ext2_sb_info *sbi = EXT2_SB(f->f_inode->i_sb);

	return blockdev_direct_IO(f, buf, count, pos, write, ext2_get_block, sbi->bdev,
				  sbi->block_size);
}

const struct address_space_operations ext2_aops = {
	.readpage = ext2_readpage,
	.writepage = ext2_writepage,
	.write_begin = ext2_write_begin,
	.direct_IO = ext2_direct_IO,
};

static int ext2_fsync(struct file *f, int datasync)
{
	int err = generic_file_fsync(f, datasync);
	int e = blkdev_issue_flush(EXT2_SB(f->f_inode->i_sb)->bdev);

	return err ? err : e;
}

const struct inode_operations ext2_file_iops = {
	.setsize = ext2_setsize, .getblocks = ext2_getblocks,
};
const struct file_operations ext2_file_ops = {
	.llseek = generic_file_llseek, .read = generic_file_read, .write = generic_file_write,
	.read_kernel = generic_file_read_kernel, .fsync = ext2_fsync,
};
const struct file_operations ext2_dir_ops = {
	.llseek = generic_file_llseek, .iterate = ext2_readdir, .fsync = ext2_fsync,
};
