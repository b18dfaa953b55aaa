/*
 * A process's own symbols, from the guest's disk: `usersyms PID` finds the
 * program the task runs (mm->exe_path: its mount's device and its path
 * inside that file system), reads the file out of the ext2 partition
 * through the target's disk (as the guest would see the disk now, -snapshot
 * writes included), writes it to a host temporary file and loads its
 * symbols and DWARF as add-symbol-file would. Only ext2 on a primary
 * partition of an ATA disk (Linux's major 3 and 22, the 8:8 dev_t of
 * lucix) is read; a stripped program (busybox) has no symbols to give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/kview/kview.h"

#define SECTOR 512

struct ext2 {
	struct dbg *d;
	int drive;
	u64 part_lba;		/* the partition's first sector */
	u32 block_size, inodes_per_group, inode_size, first_data_block;
};

static int ext2_read(struct ext2 *fs, u64 byte, void *buf, u32 len)
{
	u8 sec[SECTOR];
	u8 *out = buf;
	while (len) {
		u64 lba = fs->part_lba + byte / SECTOR;
		u32 off = (u32)(byte % SECTOR), n = SECTOR - off < len ? SECTOR - off : len;
		if (fs->d->t->read_disk(fs->d->t->opaque, fs->drive, lba, 1, sec) < 0)
			return -1;
		memcpy(out, sec + off, n);
		out += n;
		byte += n;
		len -= n;
	}
	return 0;
}

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static int ext2_open(struct ext2 *fs, struct dbg *d, int drive, int partition)
{
	u8 mbr[SECTOR], sb[1024];
	fs->d = d;
	fs->drive = drive;
	fs->part_lba = 0;
	if (partition) {
		if (partition > 4 || d->t->read_disk(d->t->opaque, drive, 0, 1, mbr) < 0)
			return -1;
		fs->part_lba = le32(mbr + 446 + (partition - 1) * 16 + 8);
	}
	if (ext2_read(fs, 1024, sb, sizeof(sb)) < 0 || (sb[56] | sb[57] << 8) != 0xEF53)
		return -1;
	fs->first_data_block = le32(sb + 20);
	fs->block_size = 1024u << le32(sb + 24);
	fs->inodes_per_group = le32(sb + 40);
	fs->inode_size = le32(sb + 76) ? (sb[88] | sb[89] << 8) : 128;
	return fs->block_size <= 65536 && fs->inodes_per_group && fs->inode_size ? 0 : -1;
}

/* Inode n's 128 bytes (mode at 0, size at 4, i_block[15] at 40). */
static int ext2_inode(struct ext2 *fs, u32 n, u8 *ino)
{
	u8 gd[32];
	u32 group = (n - 1) / fs->inodes_per_group, idx = (n - 1) % fs->inodes_per_group;
	u64 gdt = (u64)(fs->first_data_block + 1) * fs->block_size;
	if (!n || ext2_read(fs, gdt + group * 32ull, gd, sizeof(gd)) < 0)
		return -1;
	return ext2_read(fs, (u64)le32(gd + 8) * fs->block_size + (u64)idx * fs->inode_size, ino, 128);
}

/* The disk block holding file block k (0: a hole), through the indirect blocks. */
static u32 ext2_bmap(struct ext2 *fs, const u8 *ino, u32 k)
{
	u32 per = fs->block_size / 4, b;
	u8 w[4];
	if (k < 12)
		return le32(ino + 40 + k * 4);
	k -= 12;
	u32 level = k < per ? 1 : k < per + per * per ? 2 : 3;
	if (level == 2)
		k -= per;
	else if (level == 3)
		k -= per + per * per;
	b = le32(ino + 40 + (11 + level) * 4);
	for (u32 l = level; l > 0 && b; l--) {
		u32 span = l == 3 ? per * per : l == 2 ? per : 1;
		if (ext2_read(fs, (u64)b * fs->block_size + (k / span) * 4ull, w, 4) < 0)
			return 0;
		b = le32(w);
		k %= span;
	}
	return b;
}

/* A name in directory inode dir: its inode number, or 0. */
static u32 ext2_lookup(struct ext2 *fs, u32 dir, const char *name)
{
	u8 ino[128];
	if (ext2_inode(fs, dir, ino) < 0)
		return 0;
	u32 size = le32(ino + 4), nl = (u32)strlen(name);
	u8 *blk = malloc(fs->block_size);
	u32 found = 0;
	for (u32 k = 0; blk && !found && (u64)k * fs->block_size < size; k++) {
		u32 b = ext2_bmap(fs, ino, k);
		if (!b || ext2_read(fs, (u64)b * fs->block_size, blk, fs->block_size) < 0)
			continue;
		for (u32 off = 0; off + 8 <= fs->block_size;) {
			u32 inum = le32(blk + off), rec = blk[off + 4] | blk[off + 5] << 8;
			u32 len = blk[off + 6];
			if (rec < 8)
				break;
			if (inum && len == nl && off + 8 + len <= fs->block_size &&
			    !memcmp(blk + off + 8, name, nl)) {
				found = inum;
				break;
			}
			off += rec;
		}
	}
	free(blk);
	return found;
}

/* Copy the file at path into a new host file (its name in tmp); 0 or -1. */
static int ext2_extract(struct ext2 *fs, const char *path, char *tmp, size_t tlen)
{
	char buf[1024];
	u32 inum = 2;	/* the root directory */
	snprintf(buf, sizeof(buf), "%s", path);
	char *save = NULL;
	for (char *c = strtok_r(buf, "/", &save); c && inum; c = strtok_r(NULL, "/", &save))
		inum = ext2_lookup(fs, inum, c);
	u8 ino[128];
	if (!inum || ext2_inode(fs, inum, ino) < 0 || ((ino[0] | ino[1] << 8) & 0xF000) != 0x8000)
		return -1;
	u32 size = le32(ino + 4);
	snprintf(tmp, tlen, "/tmp/lucid-usersyms-XXXXXX");
	int fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	u8 *blk = malloc(fs->block_size);
	int rc = blk ? 0 : -1;
	for (u32 k = 0; !rc && (u64)k * fs->block_size < size; k++) {
		u32 b = ext2_bmap(fs, ino, k), n = size - k * fs->block_size;
		if (n > fs->block_size)
			n = fs->block_size;
		if (!b)
			memset(blk, 0, fs->block_size);
		else if (ext2_read(fs, (u64)b * fs->block_size, blk, fs->block_size) < 0)
			rc = -1;
		if (!rc && write(fd, blk, n) != (ssize_t)n)
			rc = -1;
	}
	free(blk);
	close(fd);
	if (rc)
		unlink(tmp);
	return rc;
}

/* The ATA drive and partition of a block device number (Linux's majors:
 * 3 hda/hdb, 22 hdc/hdd, 64 minors per disk; lucix's 8:8 dev_t). */
static bool ide_dev(u64 dev, int *drive, int *part)
{
	u64 major = dev >> 8, minor = dev & 0xff;
	if (major != 3 && major != 22)
		return false;
	*drive = (major == 22 ? 2 : 0) + (int)(minor / 64);
	*part = (int)(minor % 64);
	return true;
}

static int cmd_usersyms(struct dbg *d, const char *args)
{
	u64 pid;
	u32 t;
	if (kview_pid_arg(d, args, "usersyms PID", &pid, &t) < 0)
		return -1;
	if (!d->t->read_disk) {
		dbg_err(d, "usersyms: this target has no disk");
		return -1;
	}
	u64 mm = kview_task_field(d, t, "mm", 0), exe = 0, mnt = 0, dentry = 0, sdev = 0, root = 0;
	if (!mm || !kview_eval(d, &exe, "(unsigned long)((struct mm_struct *)0x%x)->exe_path", (u32)mm) ||
	    !exe) {
		dbg_err(d, "pid %llu runs no program (a kernel thread, or no exe_path).",
			(unsigned long long)pid);
		return -1;
	}
	kview_eval(d, &mnt, "(unsigned long)((struct path *)0x%x)->mnt", (u32)exe);
	kview_eval(d, &dentry, "(unsigned long)((struct path *)0x%x)->dentry", (u32)exe);
	kview_eval(d, &sdev, "((struct vfsmount *)0x%x)->mnt_sb->s_dev", (u32)mnt);
	kview_eval(d, &root, "(unsigned long)((struct vfsmount *)0x%x)->mnt_root", (u32)mnt);
	char path[1024], gpath[1024], tmp[64];
	/* The path inside its own file system, and as the process sees it. */
	kview_d_path(d, (u32)mnt, (u32)dentry, (u32)mnt, (u32)root, path, sizeof(path));
	kview_task_path(d, t, (u32)mnt, (u32)dentry, gpath, sizeof(gpath));
	int drive, part;
	struct ext2 fs;
	if (!ide_dev(sdev, &drive, &part) || ext2_open(&fs, d, drive, part) < 0) {
		dbg_err(d, "usersyms: %s is not on an ext2 partition of an ATA disk (dev %llu:%llu).",
			gpath, (unsigned long long)(sdev >> 8), (unsigned long long)(sdev & 0xff));
		return -1;
	}
	if (ext2_extract(&fs, path, tmp, sizeof(tmp)) < 0) {
		dbg_err(d, "usersyms: cannot read %s from the disk.", gpath);
		return -1;
	}
	dbg_printf(d, "pid %llu runs %s (%s on hd%c%d, read from the disk)\n", (unsigned long long)pid,
		   gpath, path, 'a' + drive, part);
	/* One program's symbols at a time: every program is linked at the
	 * same addresses, so the one loaded before goes first. */
	char err[256];
	if (d->user_syms[0]) {
		sym_drop_origin(d->st, d->user_syms);
		dw_drop_origin(d->dw, "[user program]");
		d->user_syms[0] = 0;
	}
	int n = sym_load_elf(d->st, tmp, err, sizeof(err)), m = -1;
	if (n >= 0) {
		snprintf(d->user_syms, sizeof(d->user_syms), "%s", tmp);
		m = dw_load_origin(d->dw, tmp, "[user program]", err, sizeof(err));
	}
	unlink(tmp);
	if (m < 0) {
		dbg_err(d, "%s", err);
		return -1;
	}
	dbg_printf(d, "Reading symbols from %s: %d symbols%s\n", tmp, n,
		   m > 0 ? ", DWARF" : " (no debugging information)");
	return 0;
}

const struct dbg_command kview_usersyms_commands[] = {
	{ "usersyms", NULL, cmd_usersyms,
	  "usersyms PID: load the symbols of the program PID runs, read from the guest's disk" },
	{ NULL, NULL, NULL, NULL },
};

/* ---- a process's program as a host file, for the gdb stub ---- */

/* Programs extracted this session, by the guest inode they came from; the
 * files are removed when the debugger ends. */
static struct exe_cache {
	u32 inode;
	char host[64];
	u32 vaddr;
} exes[32];
static int nexes;

/* The first PT_LOAD's address of an ELF file on the host (0 when none). */
static u32 first_load(const char *path)
{
	u8 eh[52], ph[32];
	u32 v = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	if (fread(eh, 1, 52, f) == 52 && !memcmp(eh, "\177ELF", 4) && eh[4] == 1) {
		u32 phoff = le32(eh + 28), phnum = eh[44] | eh[45] << 8;
		for (u32 i = 0; i < phnum && i < 64; i++) {
			if (fseek(f, (long)(phoff + i * 32), SEEK_SET) || fread(ph, 1, 32, f) != 32)
				break;
			if (le32(ph) == 1) {	/* PT_LOAD */
				v = le32(ph + 8);
				break;
			}
		}
	}
	fclose(f);
	return v;
}

int kview_task_exe_file(struct dbg *d, u32 t, char *host, size_t len, u32 *vaddr)
{
	u64 mm = kview_task_field(d, t, "mm", 0), exe = 0, mnt = 0, dentry = 0, inode = 0;
	u64 sdev = 0, root = 0;
	if (!mm || !d->t->read_disk ||
	    !kview_eval(d, &exe, "(unsigned long)((struct mm_struct *)0x%x)->exe_path", (u32)mm) ||
	    !exe)
		return -1;
	kview_eval(d, &mnt, "(unsigned long)((struct path *)0x%x)->mnt", (u32)exe);
	kview_eval(d, &dentry, "(unsigned long)((struct path *)0x%x)->dentry", (u32)exe);
	kview_eval(d, &inode, "(unsigned long)((struct dentry *)0x%x)->d_inode", (u32)dentry);
	for (int i = 0; i < nexes; i++)
		if (exes[i].inode == (u32)inode) {
			snprintf(host, len, "%s", exes[i].host);
			*vaddr = exes[i].vaddr;
			return 0;
		}
	kview_eval(d, &sdev, "((struct vfsmount *)0x%x)->mnt_sb->s_dev", (u32)mnt);
	kview_eval(d, &root, "(unsigned long)((struct vfsmount *)0x%x)->mnt_root", (u32)mnt);
	char path[1024];
	kview_d_path(d, (u32)mnt, (u32)dentry, (u32)mnt, (u32)root, path, sizeof(path));
	int drive, part;
	struct ext2 fs;
	if (nexes == (int)(sizeof(exes) / sizeof(exes[0])) || !ide_dev(sdev, &drive, &part) ||
	    ext2_open(&fs, d, drive, part) < 0)
		return -1;
	struct exe_cache *e = &exes[nexes];
	if (ext2_extract(&fs, path, e->host, sizeof(e->host)) < 0)
		return -1;
	e->inode = (u32)inode;
	e->vaddr = first_load(e->host);
	nexes++;
	snprintf(host, len, "%s", e->host);
	*vaddr = e->vaddr;
	return 0;
}

void dbg_usersyms_free(struct dbg *d)
{
	(void)d;
	for (int i = 0; i < nexes; i++)
		unlink(exes[i].host);
	nexes = 0;
}
