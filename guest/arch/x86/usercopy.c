/*
 * User copies (Linux's arch/x86/lib/usercopy_32.c): a "rep movsb" or a byte
 * load with an exception-table entry. When the instruction faults on an
 * address no VMA covers, do_page_fault continues at the fixup with ECX still
 * counting the bytes left, which is what the callers return.
 */
#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <asm/traps.h>

static unsigned long __copy_user(void *to, const void *from, unsigned long n)
{
	__asm__ __volatile__("1:\trep movsb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to), "+S"(from)
			     :
			     : "memory");
	return n;
}

unsigned long copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = __copy_user(to, (const void *)from, n);
	if (left)	/* as Linux: the kernel buffer never keeps stale bytes */
		__builtin_memset((char *)to + (n - left), 0, left);
	return left;
}

/* get_user of 4 bytes (the common case: one load, no call to the copy loop). */
fastcall int __get_user_4(u32 *val, const u32 __user *p)
{
	int err = -EFAULT;
	u32 v = 0;

	if (access_ok(p, 4))	/* a fault continues at 2: err stays -EFAULT, v 0 */
		__asm__ __volatile__("1:\tmovl (%2),%1\n"
				     "\txorl %0,%0\n"
				     "2:\n"
				     _ASM_EXTABLE(1b, 2b)
				     : "+r"(err), "+r"(v)
				     : "r"(p)
				     : "memory");
	*val = v;
	return err;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __copy_user((void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	__asm__ __volatile__("1:\trep stosb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to)
			     : "a"(0)
			     : "memory");
	return n;
}

/* One byte from user space: 0 or -EFAULT. */
static int get_user_byte(char *v, const char __user *p)
{
	int err = 0;
	unsigned char c = 0;

	if ((unsigned long)p >= PAGE_OFFSET)
		return -EFAULT;
	__asm__ __volatile__("1:\tmovb %2, %b1\n"
			     "2:\n"
			     ".section .fixup, \"ax\"\n"
			     "3:\tmovl %3, %0\n"
			     "\tjmp 2b\n"
			     ".previous\n"
			     _ASM_EXTABLE(1b, 3b)
			     : "+r"(err), "+q"(c)
			     : "m"(*(const char *)p), "i"(-EFAULT));
	*v = c;
	return err;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long res;

	for (res = 0; res < count; res++) {
		char c;

		if (get_user_byte(&c, src + res))
			return -EFAULT;
		dst[res] = c;
		if (!c)
			return res;
	}
	return res;
}

long strnlen_user(const char __user *s, long n)
{
	long res;

	for (res = 0; res < n; res++) {
		char c;

		if (get_user_byte(&c, s + res))
			return 0;
		if (!c)
			return res + 1;
	}
	return n + 1;
}
