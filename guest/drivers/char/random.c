/*
 * /dev/full (1:7), /dev/random (1:8) and /dev/urandom (1:9), Linux's
 * drivers/char/mem.c and random.c: full reads zeros and refuses every write
 * with ENOSPC; random and urandom read get_random_bytes' stream (never
 * blocking: the generator is always "ready") and mix what is written in.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>

void get_random_bytes(void *buf, int nbytes);
void add_device_randomness_u64(u64 v);

static loff_t zero_pos_lseek(struct file *f, loff_t off, int whence)
{
	return f->f_pos = 0;
}

static ssize_t fill_user(char __user *buf, size_t count, bool random)
{
	char chunk[64];
	size_t done = 0;

	memset(chunk, 0, sizeof(chunk));
	while (done < count) {
		size_t n = min(count - done, sizeof(chunk));

		if (random)
			get_random_bytes(chunk, n);
		if (copy_to_user(buf + done, chunk, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
	}
	return done;
}

static ssize_t read_full(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	return fill_user(buf, count, false);
}

static ssize_t write_full(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	return -ENOSPC;
}

static ssize_t read_random(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	return fill_user(buf, count, true);
}

static ssize_t write_random(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	size_t done = 0;

	while (done < count) {
		u64 v = 0;
		size_t n = min(count - done, sizeof(v));

		if (copy_from_user(&v, buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		add_device_randomness_u64(v);
		done += n;
	}
	return done;
}

static const struct file_operations full_fops = {
	.llseek = zero_pos_lseek, .read = read_full, .write = write_full,
};
static const struct file_operations random_fops = {
	.llseek = zero_pos_lseek, .read = read_random, .write = write_random,
};

/* The open of 1:7, 1:8 and 1:9 (memory_open's other minors). */
int random_dev_open(unsigned int minor, struct file *f)
{
	switch (minor) {
	case 7: f->f_op = &full_fops; return 0;
	case 8:
	case 9: f->f_op = &random_fops; return 0;
	}
	return -ENXIO;
}
