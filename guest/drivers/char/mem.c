/*
 * /dev/mem (1:1), /dev/kmem (1:2) and /dev/port (1:4), Linux's
 * drivers/char/mem.c: physical memory, kernel virtual memory and the I/O
 * ports as files, the file position being the address.
 *
 * /dev/mem follows x86's CONFIG_STRICT_DEVMEM (Debian's setting, Linux's
 * devmem_is_allowed): pages that are not RAM in the e820 map (the BIOS ROM,
 * the VGA window) are readable and writable; RAM in the first MiB reads as
 * zeros and ignores writes (mmap maps it as it is); RAM above it is refused
 * with EPERM. Reads and writes reach only the direct map (Linux's generic
 * valid_phys_addr_range: address + count <= __pa(high_memory)), else EFAULT.
 *
 * /dev/kmem reads and writes the kernel's direct map (PAGE_OFFSET up to
 * high_memory); it stops at the end of it. /dev/port moves one byte per
 * port with inb/outb, ports 0-65535.
 *
 * Every process is root (uid 0) in lucix, so Linux's CAP_SYS_RAWIO check at
 * open always passes. /dev/mem can be mapped (below); kmem and port cannot
 * (ENODEV; Linux dropped kmem's mmap too).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/chrdevs.h>
#include <asm/e820.h>
#include <asm/io.h>
#include <asm/page.h>

#define PAGE_DENIED	0	/* RAM above 1 MiB: EPERM */
#define PAGE_OK		1	/* not RAM, or the low MiB's non-RAM */
#define PAGE_ZEROS	2	/* RAM in the first MiB: shown as zeros */

/* Does physical page pfn overlap RAM in the e820 map? */
static bool page_is_ram(unsigned long pfn)
{
	u64 start = (u64)pfn << PAGE_SHIFT, end = start + PAGE_SIZE;
	u32 i;

	for (i = 0; i < e820_table.nr_entries; i++) {
		const struct boot_e820_entry *e = &e820_table.entries[i];

		if (e->type == E820_TYPE_RAM && e->addr < end && e->addr + e->size > start)
			return true;
	}
	return false;
}

/* Linux's x86 devmem_is_allowed. */
static int devmem_is_allowed(unsigned long pfn)
{
	if (page_is_ram(pfn))
		return pfn < 256 ? PAGE_ZEROS : PAGE_DENIED;
	return PAGE_OK;
}

static bool valid_phys_addr_range(loff_t p, size_t count)
{
	return p >= 0 && (u64)p + count <= __pa(high_memory);
}

/* The part of [p, p + count) within p's page. */
static size_t page_chunk(loff_t p, size_t count)
{
	size_t left = PAGE_SIZE - ((unsigned long)p & (PAGE_SIZE - 1));

	return min(count, left);
}

static ssize_t read_mem(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	loff_t p = *ppos;
	size_t done = 0;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	while (done < count) {
		size_t n = page_chunk(p, count - done);
		int allowed = devmem_is_allowed((unsigned long)(p >> PAGE_SHIFT));

		if (allowed == PAGE_DENIED)
			return done ? (ssize_t)done : -EPERM;
		if (allowed == PAGE_ZEROS ? clear_user(buf + done, n) :
		    copy_to_user(buf + done, __va((unsigned long)p), n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
		p += n;
	}
	*ppos = p;
	return done;
}

static ssize_t write_mem(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	loff_t p = *ppos;
	size_t done = 0;

	if (!valid_phys_addr_range(p, count))
		return -EFAULT;
	while (done < count) {
		size_t n = page_chunk(p, count - done);
		int allowed = devmem_is_allowed((unsigned long)(p >> PAGE_SHIFT));

		if (allowed == PAGE_DENIED)
			return done ? (ssize_t)done : -EPERM;
		/* Restricted low RAM: the write is skipped but counted (Linux). */
		if (allowed == PAGE_OK && copy_from_user(__va((unsigned long)p), buf + done, n))
			return done ? (ssize_t)done : -EFAULT;
		done += n;
		p += n;
	}
	*ppos = p;
	return done;
}

/*
 * mmap of physical memory (Linux's mmap_mem): every page must be allowed,
 * the first MiB's RAM included (X servers and dmidecode map it), RAM above
 * it not (EPERM). The frames are mapped as they are, shared even in a
 * private mapping (Linux would copy a private page on write).
 */
static int mmap_mem(struct file *f, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start, pfn = vma->vm_pgoff, i;
#ifdef CONFIG_PAE
	const unsigned long max_pfn_phys = 1ul << (36 - PAGE_SHIFT);
#else
	const unsigned long max_pfn_phys = 1ul << (32 - PAGE_SHIFT);
#endif

	if (pfn >= max_pfn_phys || (size >> PAGE_SHIFT) > max_pfn_phys - pfn)
		return -EINVAL;
	for (i = 0; i < size >> PAGE_SHIFT; i++)
		if (devmem_is_allowed(pfn + i) == PAGE_DENIED)
			return -EPERM;
	vma->vm_flags |= VM_PFNMAP | VM_IO;
	return remap_pfn_range(vma, vma->vm_start, pfn, size);
}

/* Kernel virtual addresses: the direct map only. */
static ssize_t read_kmem(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long p = (unsigned long)*ppos;
	size_t n;

	if (p < PAGE_OFFSET || p >= (unsigned long)high_memory)
		return 0;
	n = min(count, (size_t)((unsigned long)high_memory - p));
	if (copy_to_user(buf, (void *)p, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

static ssize_t write_kmem(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	unsigned long p = (unsigned long)*ppos;
	size_t n;

	if (p < PAGE_OFFSET || p >= (unsigned long)high_memory)
		return -EFAULT;
	n = min(count, (size_t)((unsigned long)high_memory - p));
	if (copy_from_user((void *)p, buf, n))
		return -EFAULT;
	*ppos += n;
	return n;
}

static ssize_t read_port(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	loff_t i = *ppos;
	size_t done = 0;

	while (done < count && i < 65536) {
		if (put_user(inb((u16)i), (u8 __user *)buf + done))
			return done ? (ssize_t)done : -EFAULT;
		done++;
		i++;
	}
	*ppos = i;
	return done;
}

static ssize_t write_port(struct file *f, const char __user *buf, size_t count, loff_t *ppos)
{
	loff_t i = *ppos;
	size_t done = 0;
	u8 c;

	while (done < count && i < 65536) {
		if (get_user(c, (const u8 __user *)buf + done))
			return done ? (ssize_t)done : -EFAULT;
		outb(c, (u16)i);
		done++;
		i++;
	}
	*ppos = i;
	return done;
}

/* Linux's memory_lseek: SEEK_SET and SEEK_CUR, any position. */
static loff_t memory_lseek(struct file *f, loff_t off, int whence)
{
	switch (whence) {
	case SEEK_CUR:
		off += f->f_pos;
		/* fall through */
	case SEEK_SET:
		if (off < 0)
			return -EINVAL;
		return f->f_pos = off;
	}
	return -EINVAL;
}

static const struct file_operations mem_fops = {
	.llseek = memory_lseek, .read = read_mem, .write = write_mem, .mmap = mmap_mem,
};
static const struct file_operations kmem_fops = {
	.llseek = memory_lseek, .read = read_kmem, .write = write_kmem,
};
static const struct file_operations port_fops = {
	.llseek = memory_lseek, .read = read_port, .write = write_port,
};

int random_dev_open(unsigned int minor, struct file *f);

/* The open of char major 1's memory minors: 0 and the ops, or -ENXIO. */
int memory_open(unsigned int minor, struct file *f)
{
	switch (minor) {
	case 1: f->f_op = &mem_fops; return 0;
	case 2: f->f_op = &kmem_fops; return 0;
	case 4: f->f_op = &port_fops; return 0;
	case 7: case 8: case 9: return random_dev_open(minor, f);	/* drivers/char/random.c */
	case 11: return devkmsg_open(f);	/* kernel/printk_kmsg.c */
	}
	return -ENXIO;
}
