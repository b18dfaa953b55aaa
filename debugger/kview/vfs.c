/*
 * Files from outside: `inode PATH` walks the dentry cache from init's root
 * (d_subdirs by name, into the mounts on the way) and shows the inode;
 * `pagecache PATH` lists the file's pages in the page cache (the radix tree
 * of its address_space). Only what the kernel has cached can be found: a
 * name it has not looked up yet is not in the dentry cache, and the
 * debugger does not read ext2 from the disk.
 */
#include <stdlib.h>
#include <string.h>

#include "debugger/kview/kview.h"

static u64 sfield(struct dbg *d, const char *type, u32 addr, const char *field, u64 dflt)
{
	u64 v;
	if (addr && kview_eval(d, &v, "((%s *)0x%x)->%s", type, addr, field))
		return v;
	return dflt;
}

/* The mount on (mnt, dentry), if any: its mnt_parent is mnt and its
 * mnt_mountpoint dentry. The last one mounted there wins (it is on top). */
static u32 mount_on(struct dbg *d, u32 mnt, u32 dentry)
{
	u64 head;
	u32 off, next, found = 0;
	if (!kview_eval(d, &head, "(unsigned long)&mounts") ||
	    !kview_member_off(d, "struct vfsmount", "mnt_list", &off) ||
	    dbg_read_linear(d, (u32)head, &next, 4) != 0)
		return 0;
	for (int g = 0; next && next != head && g < 1024; g++) {
		u32 m = next - off;
		if (m != mnt && sfield(d, "struct vfsmount", m, "mnt_parent", 0) == mnt &&
		    sfield(d, "struct vfsmount", m, "mnt_mountpoint", 0) == dentry)
			found = m;
		if (dbg_read_linear(d, m + off, &next, 4) != 0)
			break;
	}
	return found;
}

/* The child of dir named name in the dentry cache, or 0. */
static u32 d_lookup(struct dbg *d, u32 dir, const char *name)
{
	u32 off_child, off_subdirs;
	if (!kview_member_off(d, "struct dentry", "d_child", &off_child) ||
	    !kview_member_off(d, "struct dentry", "d_subdirs", &off_subdirs))
		return 0;
	u32 head = dir + off_subdirs, next;
	if (dbg_read_linear(d, head, &next, 4) != 0)
		return 0;
	for (int g = 0; next && next != head && g < 100000; g++) {
		u32 c = next - off_child;
		u64 na;
		char n[256];
		if (kview_eval(d, &na, "&((struct dentry *)0x%x)->d_name", c)) {
			kview_read_str(d, (u32)na, n, sizeof(n));
			if (!strcmp(n, name) && !sfield(d, "struct dentry", c, "d_unhashed", 0))
				return c;
		}
		if (dbg_read_linear(d, c + off_child, &next, 4) != 0)
			break;
	}
	return 0;
}

/* Walk PATH from init's root: its dentry and mount, or -1 said. */
static int walk(struct dbg *d, const char *path, u32 *pmnt, u32 *pdentry)
{
	u32 init = kview_find_task(d, 1);
	u32 fs = init ? (u32)kview_task_field(d, init, "fs", 0) : 0;
	if (!kview_need(d, fs != 0, "init's fs_struct (pid 1)"))
		return -1;
	u32 mnt = (u32)sfield(d, "struct fs_struct", fs, "root.mnt", 0);
	u32 dentry = (u32)sfield(d, "struct fs_struct", fs, "root.dentry", 0);
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", path);
	char *save = NULL;
	for (char *c = strtok_r(buf, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		if (!strcmp(c, "."))
			continue;
		u32 child = d_lookup(d, dentry, c);
		if (!child) {
			dbg_err(d, "%s: '%s' is not in the dentry cache (not looked up yet, or no such file).",
				path, c);
			return -1;
		}
		dentry = child;
		for (int g = 0; g < 16 && sfield(d, "struct dentry", dentry, "d_mounted", 0); g++) {
			u32 m = mount_on(d, mnt, dentry);
			if (!m)
				break;
			mnt = m;
			dentry = (u32)sfield(d, "struct vfsmount", m, "mnt_root", 0);
		}
	}
	*pmnt = mnt;
	*pdentry = dentry;
	return 0;
}

static int cmd_inode(struct dbg *d, const char *args)
{
	u32 mnt, dentry;
	if (!*args) {
		dbg_err(d, "inode PATH");
		return -1;
	}
	if (walk(d, args, &mnt, &dentry) < 0)
		return -1;
	u32 inode = (u32)sfield(d, "struct dentry", dentry, "d_inode", 0);
	if (!inode) {
		dbg_printf(d, "%s: a negative dentry (0x%08x): no such file.\n", args, dentry);
		return 0;
	}
	const char *I = "struct inode";
	u64 mode = sfield(d, I, inode, "i_mode", 0), sb = sfield(d, I, inode, "i_sb", 0), tn = 0;
	char type[32] = "?", dev[80] = "";
	if (kview_eval(d, &tn, "(unsigned long)((struct super_block *)0x%x)->s_type->name", (u32)sb))
		kview_read_str(d, (u32)tn, type, sizeof(type));
	u64 dn;
	if (kview_eval(d, &dn, "&((struct vfsmount *)0x%x)->mnt_devname", mnt))
		kview_read_str(d, (u32)dn, dev, sizeof(dev));
	u64 sdev = sfield(d, "struct super_block", (u32)sb, "s_dev", 0);
	u32 mapping = (u32)sfield(d, I, inode, "i_mapping", 0);
	dbg_printf(d, "%s: dentry 0x%08x, inode 0x%08x on %s (%s, dev %llu:%llu)\n", args, dentry,
		   inode, dev[0] ? dev : "none", type, (unsigned long long)(sdev >> 8),
		   (unsigned long long)(sdev & 0xff));
	dbg_printf(d, "  ino %llu  mode %06llo  nlink %llu  uid %llu  gid %llu  size %lld\n",
		   (unsigned long long)sfield(d, I, inode, "i_ino", 0), (unsigned long long)mode,
		   (unsigned long long)sfield(d, I, inode, "i_nlink", 0),
		   (unsigned long long)sfield(d, I, inode, "i_uid", 0),
		   (unsigned long long)sfield(d, I, inode, "i_gid", 0),
		   (long long)sfield(d, I, inode, "i_size", 0));
	dbg_printf(d, "  atime %llu  mtime %llu  ctime %llu  count %lld  state 0x%llx\n",
		   (unsigned long long)sfield(d, I, inode, "i_atime", 0),
		   (unsigned long long)sfield(d, I, inode, "i_mtime", 0),
		   (unsigned long long)sfield(d, I, inode, "i_ctime", 0),
		   (long long)(s32)sfield(d, I, inode, "i_count", 0),
		   (unsigned long long)sfield(d, I, inode, "i_state", 0));
	if (mapping)
		dbg_printf(d, "  page cache: %llu pages, %llu dirty\n",
			   (unsigned long long)sfield(d, "struct address_space", mapping, "nrpages", 0),
			   (unsigned long long)sfield(d, "struct address_space", mapping, "nrdirty", 0));
	return 0;
}

/* dev_t is lucix's 8:8 (MAJOR(d) = d >> 8) above. */

/* The pages under one radix-tree slot: a node above height 1, a page at it. */
static int radix_walk(struct dbg *d, u32 node, unsigned height, u64 base, u64 per, u32 mem_map,
		      u32 page_size, int *n)
{
	for (u32 i = 0; i < 64 && *n < 100000; i++) {
		u32 slot;
		if (dbg_read_linear(d, node + i * 4, &slot, 4) != 0)
			return -1;
		if (!slot)
			continue;
		u64 index = base + i * per;
		if (height > 1) {
			radix_walk(d, slot, height - 1, index, per / 64, mem_map, page_size, n);
			continue;
		}
		u64 flags = sfield(d, "struct page", slot, "flags", 0);
		u64 pfn = mem_map && page_size && slot >= mem_map ? (slot - mem_map) / page_size : 0;
		dbg_printf(d, "%8llu  0x%08x  0x%06llx  %s%s%s\n", (unsigned long long)index, slot,
			   (unsigned long long)pfn, flags & 4 ? "uptodate " : "",
			   flags & 8 ? "dirty " : "", flags & 1 ? "locked" : "");
		(*n)++;
	}
	return 0;
}

static int cmd_pagecache(struct dbg *d, const char *args)
{
	u32 mnt, dentry;
	if (!*args) {
		dbg_err(d, "pagecache PATH");
		return -1;
	}
	if (walk(d, args, &mnt, &dentry) < 0)
		return -1;
	u32 inode = (u32)sfield(d, "struct dentry", dentry, "d_inode", 0);
	u32 mapping = (u32)sfield(d, "struct inode", inode, "i_mapping", 0);
	if (!mapping) {
		dbg_printf(d, "%s has no page cache (not a disk file system's file).\n", args);
		return 0;
	}
	u64 height = sfield(d, "struct address_space", mapping, "page_tree.height", 0);
	u32 root = (u32)sfield(d, "struct address_space", mapping, "page_tree.rnode", 0);
	u64 mem_map = 0, psz = 0;
	kview_eval(d, &mem_map, "(unsigned long)mem_map");
	kview_eval(d, &psz, "sizeof(struct page)");
	dbg_printf(d, "%s: address_space 0x%08x, %llu pages\n   INDEX  PAGE        PFN       FLAGS\n",
		   args, mapping,
		   (unsigned long long)sfield(d, "struct address_space", mapping, "nrpages", 0));
	int n = 0;
	if (root && height) {
		u64 per = 1;
		for (u64 h = 1; h < height; h++)
			per *= 64;
		radix_walk(d, root, (unsigned)height, 0, per, (u32)mem_map, (u32)psz, &n);
	}
	dbg_printf(d, "%d pages listed\n", n);
	return 0;
}

const struct dbg_command kview_vfs_commands[] = {
	{ "inode", NULL, cmd_inode, "inode PATH: a cached file's inode (from init's root)" },
	{ "pagecache", NULL, cmd_pagecache, "pagecache PATH: a file's pages in the page cache" },
	{ NULL, NULL, NULL, NULL },
};
