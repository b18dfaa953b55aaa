/*
 * Thread-local storage segments (Linux's arch/x86/kernel/tls.c): three GDT
 * entries (6, 7, 8) that each task fills with set_thread_area; the
 * scheduler copies the next task's three into the GDT (load_TLS). musl and
 * glibc point %gs at one of them for their thread pointer.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/uaccess.h>

extern u64 gdt_table[];

struct user_desc {
	unsigned int entry_number;
	unsigned int base_addr;
	unsigned int limit;
	unsigned int seg_32bit:1;
	unsigned int contents:2;
	unsigned int read_exec_only:1;
	unsigned int limit_in_pages:1;
	unsigned int seg_not_present:1;
	unsigned int useable:1;
};

static bool LDT_empty(const struct user_desc *i)
{
	return i->base_addr == 0 && i->limit == 0 && i->contents == 0 && i->read_exec_only == 1 &&
	       i->seg_32bit == 0 && i->limit_in_pages == 0 && i->seg_not_present == 1 &&
	       i->useable == 0;
}

static bool LDT_zero(const struct user_desc *i)
{
	return i->base_addr == 0 && i->limit == 0 && i->contents == 0 && i->read_exec_only == 0 &&
	       i->seg_32bit == 0 && i->limit_in_pages == 0 && i->seg_not_present == 0 &&
	       i->useable == 0;
}

/* Only 32-bit data segments (Linux's tls_desc_okay). */
static bool tls_desc_okay(const struct user_desc *i)
{
	if (LDT_empty(i) || LDT_zero(i))
		return true;
	return i->seg_32bit && i->contents <= 1;
}

static u64 fill_desc(const struct user_desc *i)
{
	u32 lo, hi;

	if (LDT_empty(i) || LDT_zero(i))
		return 0;
	lo = (i->limit & 0xffff) | ((i->base_addr & 0xffff) << 16);
	hi = ((i->base_addr >> 16) & 0xff) | (i->base_addr & 0xff000000) | (i->limit & 0xf0000) |
	     (((i->read_exec_only ^ 1) << 1 | i->contents << 2 | 1) << 8) |	/* type, accessed */
	     (1 << 12) | (3 << 13) |						/* S, DPL 3 */
	     ((i->seg_not_present ^ 1) << 15) | (i->useable << 20) | (i->seg_32bit << 22) |
	     (i->limit_in_pages << 23);
	return ((u64)hi << 32) | lo;
}

fastcall void load_TLS(struct task_struct *t)
{
	int i;

	for (i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		gdt_table[GDT_ENTRY_TLS_MIN + i] = t->tls_array[i];
}

int do_set_thread_area(struct task_struct *p, int idx, struct user_desc __user *u_info,
		       int can_allocate)
{
	struct user_desc info;

	if (copy_from_user(&info, u_info, sizeof(info)))
		return -EFAULT;
	if (!tls_desc_okay(&info))
		return -EINVAL;
	if (idx == -1)
		idx = info.entry_number;
	if (idx == -1 && can_allocate) {
		int i;

		for (i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
			if (!p->tls_array[i])
				break;
		if (i == GDT_ENTRY_TLS_ENTRIES)
			return -ESRCH;
		idx = GDT_ENTRY_TLS_MIN + i;
		if (put_user(idx, &u_info->entry_number))
			return -EFAULT;
	}
	if (idx < GDT_ENTRY_TLS_MIN || idx >= GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES)
		return -EINVAL;
	p->tls_array[idx - GDT_ENTRY_TLS_MIN] = fill_desc(&info);
	if (p == current)
		load_TLS(p);
	return 0;
}

long sys_set_thread_area(struct user_desc __user *u_info)
{
	return do_set_thread_area(current, -1, u_info, 1);
}

long sys_get_thread_area(struct user_desc __user *u_info)
{
	struct user_desc info;
	int idx;
	u64 d;

	if (get_user(idx, &u_info->entry_number))
		return -EFAULT;
	if (idx < GDT_ENTRY_TLS_MIN || idx >= GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES)
		return -EINVAL;
	d = current->tls_array[idx - GDT_ENTRY_TLS_MIN];
	memset(&info, 0, sizeof(info));
	info.entry_number = idx;
	info.base_addr = ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
	info.limit = (d & 0xffff) | ((d >> 32) & 0xf0000);
	info.seg_32bit = (d >> 54) & 1;
	info.contents = (d >> 42) & 3;
	info.read_exec_only = !((d >> 41) & 1);
	info.limit_in_pages = (d >> 55) & 1;
	info.seg_not_present = !((d >> 47) & 1);
	info.useable = (d >> 52) & 1;
	return copy_to_user(u_info, &info, sizeof(info)) ? -EFAULT : 0;
}
