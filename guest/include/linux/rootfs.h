/*
 * The in-memory file table the initramfs is unpacked into, until the VFS
 * (with ramfs as Linux's rootfs) replaces it: a list of path names with their
 * mode and contents. Read-only once boot is over; execve reads programs here.
 */
#ifndef _LINUX_ROOTFS_H
#define _LINUX_ROOTFS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/errno.h>

#define S_IFMT		0170000
#define S_IFREG		0100000
#define S_IFDIR		0040000
#define S_IFLNK		0120000
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)

struct rootfs_file {
	struct list_head list;
	char *name;		/* absolute path, "/init" */
	u32 mode;		/* S_IF* | permission bits */
	u32 uid, gid;
	void *data;		/* kmalloc'ed contents (regular files and symlink targets) */
	size_t size;
};

int rootfs_add(const char *name, u32 mode, u32 uid, u32 gid, const void *data, size_t size);
/* The entry for an absolute path ("//init" and "/./init" work too), or NULL. */
struct rootfs_file *rootfs_lookup(const char *path);
unsigned int rootfs_count(void);

#endif
