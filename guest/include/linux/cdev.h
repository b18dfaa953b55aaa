/*
 * Character device registration (Linux's include/linux/cdev.h and the
 * chrdev part of fs.h): register_chrdev_region() reserves device numbers,
 * a struct cdev maps a range of them to file operations. Opening a device
 * node whose number a cdev covers uses its operations; the owner module is
 * held (try_module_get) while the file is open.
 */
#ifndef _LINUX_CDEV_H
#define _LINUX_CDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/fs.h>

struct module;

struct cdev {
	struct list_head list;
	struct module *owner;
	const struct file_operations *ops;
	dev_t dev;
	unsigned int count;
};

#define MINORBITS	8	/* the 8:8 encoding of MKDEV (linux/fs.h) */

int register_chrdev_region(dev_t from, unsigned int count, const char *name);
int chrdev_region_nr(unsigned int i, unsigned int *major, const char **name);
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count, const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);
void cdev_init(struct cdev *cdev, const struct file_operations *fops);
int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count);
void cdev_del(struct cdev *cdev);
/* chrdev_open's fallback: the registered cdev for inode->i_rdev, if any. */
int cdev_open(struct inode *inode, struct file *f);

#endif
