/*
 * The root file system at boot: a ramfs (fs/ramfs.c) the initramfs is
 * unpacked into through these helpers (fs/rootfs.c).
 */
#ifndef _LINUX_ROOTFS_H
#define _LINUX_ROOTFS_H

#include <linux/fs.h>

/* Create name (absolute) with mode and contents: a file's bytes or a symlink's target. */
int rootfs_add(const char *name, u32 mode, u32 uid, u32 gid, const void *data, size_t size);
unsigned int rootfs_count(void);

#endif
