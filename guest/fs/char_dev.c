/*
 * Character devices (Linux's fs/char_dev.c and drivers/char/mem.c): an inode
 * for a device node gets its file operations from its major:minor at open.
 * 1:3 /dev/null, 1:5 /dev/zero; majors 4, 5 and 136 go to the tty layer, and 5:1
 * /dev/console falls back to writing to the console drivers (reads see end
 * of file) when its console has no tty. Other minors of 1 (/dev/mem, kmem,
 * port), sound (14) and the RTC (254) go to their drivers.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/chrdevs.h>
#include <linux/cdev.h>

void console_write_user(const char *s, unsigned int n);

loff_t no_llseek(struct file *f, loff_t off, int whence)
{
	return -ESPIPE;
}

static loff_t null_lseek(struct file *f, loff_t off, int whence)
{
	return f->f_pos = 0;
}

static ssize_t read_null(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	return 0;
}

static ssize_t write_null(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	return count;
}

static ssize_t read_zero(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	if (clear_user(buf, count))
		return -EFAULT;
	return count;
}

static ssize_t write_console(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	char chunk[256];
	size_t done = 0;

	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (copy_from_user(chunk, buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		console_write_user(chunk, n);
		done += n;
	}
	return done;
}

/*
 * The console is not a tty yet: terminal ioctls fail as on a plain file.
 * The speaker's KIOCSOUND and KDMKTONE work (drivers/char/pcspkr.c).
 */
static long console_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return kd_sound_ioctl(cmd, arg);
}

static const struct file_operations null_fops = {
	.llseek = null_lseek, .read = read_null, .write = write_null,
};
static const struct file_operations zero_fops = {
	.llseek = null_lseek, .read = read_zero, .write = write_null,
};
static const struct file_operations console_fops = {
	.llseek = no_llseek, .read = read_null, .write = write_console, .ioctl = console_ioctl,
};

int tty_open(struct inode *inode, struct file *f);

static int chrdev_open(struct inode *inode, struct file *f)
{
	if (MAJOR(inode->i_rdev) == 4 || MAJOR(inode->i_rdev) == 5 || MAJOR(inode->i_rdev) == 136) {
		int ret = tty_open(inode, f);	/* drivers/tty/tty_io.c */

		if (ret != -ENODEV)
			return ret;
	}
	switch (inode->i_rdev) {
	case MKDEV(1, 3):
		f->f_op = &null_fops;
		return 0;
	case MKDEV(1, 5):
		f->f_op = &zero_fops;
		return 0;
	case MKDEV(5, 1):
		f->f_op = &console_fops;
		return 0;
	}
	/* The drivers in drivers/char, drivers/rtc and drivers/sound. */
	switch (MAJOR(inode->i_rdev)) {
	case MEM_MAJOR:
		return memory_open(MINOR(inode->i_rdev), f);
	case SOUND_MAJOR:
		return sound_open(MINOR(inode->i_rdev), f);
	case RTC_MAJOR:
		return rtc_dev_open(MINOR(inode->i_rdev), f);
	}
	return cdev_open(inode, f);	/* registered by a driver or module (fs/cdev.c) */
}

int blkdev_open(struct inode *inode, struct file *f);	/* block/bdev.c */

static const struct file_operations def_chr_fops = { .open = chrdev_open };
static const struct file_operations def_blk_fops = { .open = blkdev_open };

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else if (S_ISBLK(mode)) {
		inode->i_fop = &def_blk_fops;
		inode->i_rdev = rdev;
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &def_fifo_fops;
	}
}
