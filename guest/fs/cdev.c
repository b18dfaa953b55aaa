/*
 * Registered character devices (Linux's fs/char_dev.c register_chrdev_region
 * and cdev_add, reduced): a list of reserved number ranges and a list of
 * cdevs. chrdev_open() falls back to cdev_open() for a number it does not
 * handle itself; the cdev's operations replace the file's and its open runs,
 * with the owner module held until the file's last fput.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/module.h>
#include <linux/cdev.h>

struct chrdev_region {
	struct list_head list;
	dev_t from;
	unsigned int count;
	char name[32];
};

static LIST_HEAD(chrdev_regions);
static LIST_HEAD(cdev_map);

static bool overlaps(dev_t a, unsigned int na, dev_t b, unsigned int nb)
{
	return a < b + nb && b < a + na;
}

int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	struct chrdev_region *r;

	if (!count || MINOR(from) + count > (1U << MINORBITS) || MAJOR(from) == 0)
		return -EINVAL;
	list_for_each_entry(r, &chrdev_regions, list)
		if (overlaps(from, count, r->from, r->count))
			return -EBUSY;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->from = from;
	r->count = count;
	strlcpy(r->name, name, sizeof(r->name));
	list_add(&r->list, &chrdev_regions);
	return 0;
}

/* A free major, searched downwards from 254 as Linux's dynamic majors are. */
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count, const char *name)
{
	unsigned int major;

	for (major = 254; major >= 234; major--)
		if (!register_chrdev_region(MKDEV(major, baseminor), count, name)) {
			*dev = MKDEV(major, baseminor);
			return 0;
		}
	return -EBUSY;
}

void unregister_chrdev_region(dev_t from, unsigned int count)
{
	struct chrdev_region *r, *tmp;

	list_for_each_entry_safe(r, tmp, &chrdev_regions, list)
		if (r->from == from && r->count == count) {
			list_del(&r->list);
			kfree(r);
			return;
		}
}

/* The i-th registered range by major (for /proc/devices): 0, or -ENOENT past the last. */
int chrdev_region_nr(unsigned int i, unsigned int *major, const char **name)
{
	struct chrdev_region *r, *best = NULL;
	unsigned int k;
	dev_t last = 0;

	for (k = 0; k <= i; k++) {
		best = NULL;
		list_for_each_entry(r, &chrdev_regions, list)
			if ((k == 0 || r->from > last) && (!best || r->from < best->from))
				best = r;
		if (!best)
			return -ENOENT;
		last = best->from;
	}
	*major = MAJOR(best->from);
	*name = best->name;
	return 0;
}

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	INIT_LIST_HEAD(&cdev->list);
	cdev->ops = fops;
}

int cdev_add(struct cdev *cdev, dev_t dev, unsigned int count)
{
	struct cdev *c;

	list_for_each_entry(c, &cdev_map, list)
		if (overlaps(dev, count, c->dev, c->count))
			return -EBUSY;
	cdev->dev = dev;
	cdev->count = count;
	list_add(&cdev->list, &cdev_map);
	return 0;
}

void cdev_del(struct cdev *cdev)
{
	list_del(&cdev->list);
	INIT_LIST_HEAD(&cdev->list);
}

int cdev_open(struct inode *inode, struct file *f)
{
	const struct file_operations *old = f->f_op;
	struct cdev *c;
	int err;

	list_for_each_entry(c, &cdev_map, list) {
		if (inode->i_rdev < c->dev || inode->i_rdev >= c->dev + c->count)
			continue;
		if (!try_module_get(c->ops->owner))
			return -ENXIO;	/* its module is going away */
		f->f_op = c->ops;
		if (f->f_op->open) {
			err = f->f_op->open(inode, f);
			if (err) {
				f->f_op = old;
				module_put(c->ops->owner);
				return err;
			}
		}
		return 0;
	}
	return -ENXIO;
}
