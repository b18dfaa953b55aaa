/*
 * A character device module: major 240 (one of Linux's "local/experimental"
 * majors), minor 0, a 4 KiB buffer that write fills and read returns, with a
 * file position as a regular file has. While a file is open the module is in
 * use (its file_operations name it as owner) and cannot be removed.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/module.h>

#define CHARDEV_SIZE 4096

static int major = 240;
module_param(major, int, 0444);
MODULE_PARM_DESC(major, "major device number (minor 0)");

static char buffer[CHARDEV_SIZE];
static size_t used;		/* bytes of buffer written so far */
static struct cdev chardev_cdev;
static unsigned int opens;

static int chardev_open(struct inode *inode, struct file *f)
{
	opens++;
	if (f->f_flags & O_TRUNC)
		used = 0;
	return 0;
}

static int chardev_release(struct inode *inode, struct file *f)
{
	return 0;
}

static ssize_t chardev_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	size_t n;

	if (*pos >= (loff_t)used)
		return 0;
	n = min(count, used - (size_t)*pos);
	if (copy_to_user(buf, buffer + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}

static ssize_t chardev_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	size_t n;

	if (*pos >= CHARDEV_SIZE)
		return -ENOSPC;
	n = min(count, CHARDEV_SIZE - (size_t)*pos);
	if (copy_from_user(buffer + *pos, buf, n))
		return -EFAULT;
	*pos += n;
	if (*pos > (loff_t)used)
		used = *pos;
	return n;
}

static loff_t chardev_llseek(struct file *f, loff_t off, int whence)
{
	loff_t pos = whence == 0 ? off : whence == 1 ? f->f_pos + off : (loff_t)used + off;

	if (whence < 0 || whence > 2 || pos < 0 || pos > CHARDEV_SIZE)
		return -EINVAL;
	return f->f_pos = pos;
}

static const struct file_operations chardev_fops = {
	.owner = THIS_MODULE,
	.open = chardev_open,
	.release = chardev_release,
	.read = chardev_read,
	.write = chardev_write,
	.llseek = chardev_llseek,
};

static int __init chardev_init(void)
{
	dev_t dev = MKDEV(major, 0);
	int err = register_chrdev_region(dev, 1, "chardev");

	if (err)
		return err;
	cdev_init(&chardev_cdev, &chardev_fops);
	chardev_cdev.owner = THIS_MODULE;
	err = cdev_add(&chardev_cdev, dev, 1);
	if (err) {
		unregister_chrdev_region(dev, 1);
		return err;
	}
	pr_info("chardev: registered %d:0, %d byte buffer\n", major, CHARDEV_SIZE);
	return 0;
}

static void __exit chardev_exit(void)
{
	cdev_del(&chardev_cdev);
	unregister_chrdev_region(MKDEV(major, 0), 1);
	pr_info("chardev: unregistered, %u opens, %u bytes held\n", opens, (unsigned int)used);
}

module_init(chardev_init);
module_exit(chardev_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("Lucid386");
MODULE_DESCRIPTION("A character device with a read/write buffer");
