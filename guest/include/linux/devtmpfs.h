/*
 * devtmpfs (Linux's drivers/base/devtmpfs.c): device nodes made by the
 * drivers themselves, with Linux's major:minor numbers, in a file system of
 * their own (mount -t devtmpfs devtmpfs /dev). A driver calls
 * devtmpfs_create_node when its device appears; the node is also made in the
 * boot root's /dev, since lucix's initramfs init does not mount devtmpfs.
 */
#ifndef _LINUX_DEVTMPFS_H
#define _LINUX_DEVTMPFS_H

#include <linux/fs.h>

/* name may have directories ("input/event0"); mode S_IFCHR or S_IFBLK | permissions */
int devtmpfs_create_node(const char *name, umode_t mode, dev_t devt);
int devtmpfs_delete_node(const char *name);
dev_t devtmpfs_node_devt(const char *name);	/* 0: no such node */
void devtmpfs_init(void);

#endif
