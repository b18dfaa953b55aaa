/*
 * ext2 directories (Linux's fs/ext2/dir.c, through the buffer cache): each
 * block is a chain of records {inode, rec_len, name_len, file_type, name}
 * covering the block exactly. Adding a name takes the slack at the end of
 * a record (or a record with inode 0), else a new block; removing one
 * merges its record into the previous one in the block (or zeroes its inode
 * when it is the block's first). An htree directory reads the same way; we
 * clear its index flag when we change it, as the index would be stale.
 */
#include "ext2.h"

#define REC_LEN(name_len)	(((name_len) + 8 + 3) & ~3)

static u8 file_type(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG_FILE;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHRDEV;
	case S_IFBLK: return EXT2_FT_BLKDEV;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

static bool bad_entry(struct ext2_dir_entry *de, u32 off, unsigned int bs)
{
	return de->rec_len < 8 || de->rec_len % 4 || off + de->rec_len > bs ||
	       de->name_len + 8 > de->rec_len;
}

/*
 * Call fn for each live entry from byte pos on; stops when fn returns false
 * (with *pos at that entry).
 */
int ext2_walk_dir(struct inode *dir, loff_t *pos,
		  bool (*fn)(void *arg, struct ext2_dir_entry *de, loff_t next), void *arg)
{
	unsigned int bs = EXT2_SB(dir->i_sb)->block_size;

	while (*pos < dir->i_size) {
		long block = ext2_get_block(dir, *pos / bs, false);
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

			if (bad_entry(de, off, bs)) {
				brelse(bh);
				pr_err("EXT2-fs error: bad directory entry in inode %lu at %llu\n",
				       dir->i_ino, *pos);
				return -EIO;
			}
			if (de->inode && !fn(arg, de, *pos + de->rec_len)) {
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

u32 ext2_inode_by_name(struct inode *dir, const char *name, int len, int *err)
{
	struct find_arg a = { name, len, 0 };
	loff_t pos = 0;

	*err = ext2_walk_dir(dir, &pos, match, &a);
	return a.ino;
}

static bool emit(void *p, struct ext2_dir_entry *de, loff_t next)
{
	struct dir_context *ctx = p;
	static const u8 dt[] = { 0, 8, 4, 2, 6, 1, 12, 10 };	/* EXT2_FT_* -> DT_* */

	if (!ctx->actor(ctx, de->name, de->name_len, next, de->inode,
			de->file_type < 8 ? dt[de->file_type] : 0))
		return false;
	ctx->pos = next;
	return true;
}

int ext2_readdir(struct file *f, struct dir_context *ctx)
{
	loff_t pos = ctx->pos;

	return ext2_walk_dir(f->f_inode, &pos, emit, ctx);
}

static void dir_changed(struct inode *dir)
{
	EXT2_I(dir)->i_flags &= ~EXT2_INDEX_FL;
	dir->i_mtime = dir->i_ctime = current_time_sec();
	mark_inode_dirty(dir);
}

static void fill_entry(struct super_block *sb, struct ext2_dir_entry *de, const char *name, int len,
		       struct inode *inode)
{
	de->inode = inode->i_ino;
	de->name_len = len;
	de->file_type = (EXT2_SB(sb)->es.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) ?
			file_type(inode->i_mode) : 0;
	memcpy(de->name, name, len);
}

int ext2_add_link(struct inode *dir, const char *name, int len, struct inode *inode)
{
	struct super_block *sb = dir->i_sb;
	unsigned int bs = EXT2_SB(sb)->block_size, need = REC_LEN(len);
	u32 n, nblocks = dir->i_size / bs;
	struct buffer_head *bh;
	long block;

	for (n = 0; n < nblocks; n++) {
		u32 off = 0;

		block = ext2_get_block(dir, n, false);
		if (block < 0)
			return block;
		if (!block)
			continue;
		bh = ext2_bread(sb, block);
		if (!bh)
			return -EIO;
		while (off < bs) {
			struct ext2_dir_entry *de = (struct ext2_dir_entry *)(bh->b_data + off);
			unsigned int used = de->inode ? REC_LEN(de->name_len) : 0;

			if (bad_entry(de, off, bs)) {
				brelse(bh);
				return -EIO;
			}
			if (de->rec_len - used >= need) {
				if (used) {	/* split: the new record takes the slack */
					struct ext2_dir_entry *nde = (void *)((char *)de + used);

					nde->rec_len = de->rec_len - used;
					de->rec_len = used;
					de = nde;
				}
				fill_entry(sb, de, name, len, inode);
				mark_buffer_dirty(bh);
				brelse(bh);
				dir_changed(dir);
				return 0;
			}
			off += de->rec_len;
		}
		brelse(bh);
	}
	/* no room: a new block holding just this record */
	block = ext2_get_block(dir, nblocks, true);
	if (block <= 0)
		return block ? block : -EIO;
	bh = getblk_zero(EXT2_SB(sb)->bdev, block, bs);
	if (!bh)
		return -ENOMEM;
	((struct ext2_dir_entry *)bh->b_data)->rec_len = bs;
	fill_entry(sb, (struct ext2_dir_entry *)bh->b_data, name, len, inode);
	mark_buffer_dirty(bh);
	brelse(bh);
	dir->i_size += bs;
	dir_changed(dir);
	return 0;
}

/* Find name's record: its block (held) and offset, and the previous record's offset or -1. */
static int find_entry(struct inode *dir, const char *name, int len, struct buffer_head **bhp,
		      u32 *offp, int *prevp)
{
	unsigned int bs = EXT2_SB(dir->i_sb)->block_size;
	u32 n, nblocks = dir->i_size / bs;

	for (n = 0; n < nblocks; n++) {
		long block = ext2_get_block(dir, n, false);
		struct buffer_head *bh;
		u32 off = 0;
		int prev = -1;

		if (block <= 0)
			continue;
		bh = ext2_bread(dir->i_sb, block);
		if (!bh)
			return -EIO;
		while (off < bs) {
			struct ext2_dir_entry *de = (struct ext2_dir_entry *)(bh->b_data + off);

			if (bad_entry(de, off, bs))
				break;
			if (de->inode && de->name_len == len && !memcmp(de->name, name, len)) {
				*bhp = bh;
				*offp = off;
				*prevp = prev;
				return 0;
			}
			prev = off;
			off += de->rec_len;
		}
		brelse(bh);
	}
	return -ENOENT;
}

int ext2_delete_entry(struct inode *dir, const char *name, int len)
{
	struct buffer_head *bh;
	u32 off;
	int prev, err = find_entry(dir, name, len, &bh, &off, &prev);
	struct ext2_dir_entry *de;

	if (err)
		return err;
	de = (struct ext2_dir_entry *)(bh->b_data + off);
	if (prev >= 0)
		((struct ext2_dir_entry *)(bh->b_data + prev))->rec_len += de->rec_len;
	else
		de->inode = 0;
	mark_buffer_dirty(bh);
	brelse(bh);
	dir_changed(dir);
	return 0;
}

/* Point an existing name at another inode (a moved directory's ".."). */
int ext2_set_link(struct inode *dir, const char *name, int len, u32 ino)
{
	struct buffer_head *bh;
	u32 off;
	int prev, err = find_entry(dir, name, len, &bh, &off, &prev);

	if (err)
		return err;
	((struct ext2_dir_entry *)(bh->b_data + off))->inode = ino;
	mark_buffer_dirty(bh);
	brelse(bh);
	dir_changed(dir);
	return 0;
}

/* Point name's entry at inode, its type too (rename over an existing name). */
int ext2_replace_link(struct inode *dir, const char *name, int len, struct inode *inode)
{
	struct buffer_head *bh;
	u32 off;
	int prev, err = find_entry(dir, name, len, &bh, &off, &prev);

	if (err)
		return err;
	fill_entry(dir->i_sb, (struct ext2_dir_entry *)(bh->b_data + off), name, len, inode);
	mark_buffer_dirty(bh);
	brelse(bh);
	dir_changed(dir);
	return 0;
}

/* A new directory's first block: "." and "..". */
int ext2_make_empty(struct inode *inode, struct inode *parent)
{
	struct super_block *sb = inode->i_sb;
	unsigned int bs = EXT2_SB(sb)->block_size;
	long block = ext2_get_block(inode, 0, true);
	struct ext2_dir_entry *de;
	struct buffer_head *bh;

	if (block <= 0)
		return block ? block : -EIO;
	bh = getblk_zero(EXT2_SB(sb)->bdev, block, bs);
	if (!bh)
		return -ENOMEM;
	de = (struct ext2_dir_entry *)bh->b_data;
	fill_entry(sb, de, ".", 1, inode);
	de->rec_len = REC_LEN(1);
	de = (struct ext2_dir_entry *)(bh->b_data + REC_LEN(1));
	fill_entry(sb, de, "..", 2, parent);
	de->rec_len = bs - REC_LEN(1);
	mark_buffer_dirty(bh);
	brelse(bh);
	inode->i_size = bs;
	mark_inode_dirty(inode);
	return 0;
}

static bool not_dot(void *p, struct ext2_dir_entry *de, loff_t next)
{
	if ((de->name_len == 1 && de->name[0] == '.') ||
	    (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return true;
	*(bool *)p = false;
	return false;
}

bool ext2_empty_dir(struct inode *inode)
{
	bool empty = true;
	loff_t pos = 0;

	if (ext2_walk_dir(inode, &pos, not_dot, &empty))
		return false;
	return empty;
}
