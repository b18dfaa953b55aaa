/*
 * ext2's on-disk layout and in-memory state (Linux's fs/ext2/ext2.h, after
 * e2fsprogs' ext2_fs.h): the superblock at byte 1024, the group descriptors
 * in the block after it, block and inode bitmaps and the inode table per
 * group, a file's blocks through 12 direct pointers and the single, double
 * and triple indirect blocks (0 is a hole), directories as linear lists of
 * records. Metadata goes through the buffer cache (written at brelse);
 * regular files' data through the page cache. All of it under vfs_lock.
 */
#ifndef _EXT2_H
#define _EXT2_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/blkdev.h>
#include <linux/pagemap.h>

#define EXT2_SUPER_MAGIC	0xEF53
#define EXT2_ROOT_INO		2
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15
#define EXT2_FEATURE_INCOMPAT_FILETYPE	0x0002
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002
#define EXT2_FEATURE_RO_COMPAT_SUPPORTED	0x0003	/* sparse_super, large_file */
#define EXT2_VALID_FS		1	/* s_state: cleanly unmounted */
#define EXT2_INDEX_FL		0x00001000	/* an htree directory (we keep it linear) */

enum { EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV, EXT2_FT_BLKDEV,
       EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK };

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
	unsigned int block_size, inode_size, groups, addr_per_block, gd_blocks;
	struct ext2_group_desc *gd;
	struct list_head inodes;	/* the in-memory inodes (one per disk inode) */
};

struct ext2_inode_info {
	u32 i_data[EXT2_N_BLOCKS];
	u32 i_blocks;			/* 512-byte sectors, indirect blocks included */
	u32 i_flags, i_dtime;
	u32 i_next_goal;		/* where the next block should go */
	bool i_new;			/* not yet written: its slot is zeroed first */
	struct list_head i_list;	/* in the sb's inodes */
	struct inode *vfs_inode;
};

#define EXT2_SB(sb)	((struct ext2_sb_info *)(sb)->s_fs_info)
#define EXT2_I(inode)	((struct ext2_inode_info *)(inode)->i_fsdata)

static inline struct buffer_head *ext2_bread(struct super_block *sb, u32 block)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (!block || block >= sbi->es.s_blocks_count)
		return NULL;
	return bread(sbi->bdev, block, sbi->block_size);
}

static inline bool ext2_fast_symlink(struct inode *inode)
{
	return S_ISLNK(inode->i_mode) && EXT2_I(inode)->i_blocks == 0;
}

/* super.c */
void ext2_write_super(struct super_block *sb);
void ext2_write_group_desc(struct super_block *sb, unsigned int group);
int ext2_error_rofs(struct super_block *sb);

/* balloc.c, ialloc.c */
u32 ext2_new_block(struct inode *inode, u32 goal, int *err);
void ext2_free_blocks(struct inode *inode, u32 block);
struct inode *ext2_new_inode(struct inode *dir, umode_t mode);
void ext2_free_inode(struct inode *inode);

/* inode.c */
struct inode *ext2_iget(struct super_block *sb, unsigned long ino);
void ext2_set_ops(struct inode *inode, dev_t rdev);
long ext2_get_block(struct inode *inode, u32 n, bool create);
int ext2_write_inode(struct inode *inode);
void ext2_evict_inode(struct inode *inode);
void ext2_truncate_blocks(struct inode *inode, loff_t size);
int ext2_setsize(struct inode *inode, loff_t size);
u64 ext2_getblocks(struct inode *inode);
ssize_t ext2_read_data(struct inode *inode, char *buf, size_t len, loff_t pos);
extern const struct address_space_operations ext2_aops;
extern const struct inode_operations ext2_dir_iops, ext2_file_iops, ext2_symlink_iops;
extern const struct file_operations ext2_file_ops, ext2_dir_ops;

/* dir.c */
int ext2_walk_dir(struct inode *dir, loff_t *pos,
		  bool (*fn)(void *arg, struct ext2_dir_entry *de, loff_t next), void *arg);
u32 ext2_inode_by_name(struct inode *dir, const char *name, int len, int *err);
int ext2_add_link(struct inode *dir, const char *name, int len, struct inode *inode);
int ext2_delete_entry(struct inode *dir, const char *name, int len);
int ext2_set_link(struct inode *dir, const char *name, int len, u32 ino);
int ext2_replace_link(struct inode *dir, const char *name, int len, struct inode *inode);
int ext2_make_empty(struct inode *inode, struct inode *parent);
bool ext2_empty_dir(struct inode *inode);
int ext2_readdir(struct file *f, struct dir_context *ctx);

#endif
