/*
 * Access to user memory from the kernel (Linux's include/linux/uaccess.h and
 * arch/x86/include/asm/uaccess.h). Every access may fault: a missing page is
 * faulted in through the VMA like a user access, and an address no VMA
 * allows ends at the instruction's exception-table fixup, so these return an
 * error instead of oopsing. access_ok() keeps pointers below TASK_SIZE, so a
 * user cannot make the kernel read or write kernel memory for it.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/compiler.h>
#include <asm/page.h>

static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= PAGE_OFFSET && a <= PAGE_OFFSET - size;
}

/* Both return the number of bytes NOT copied (0 on success), as Linux's. */
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
fastcall int __get_user_4(u32 *val, const u32 __user *p);
/* Length of the string without its NUL, or -EFAULT; count if no NUL within count. */
long strncpy_from_user(char *dst, const char __user *src, long count);
/* Length with the NUL, 0 on a fault, more than n if no NUL within n. */
long strnlen_user(const char __user *s, long n);

/* "+ 0" drops the qualifiers (and widens chars: the bytes are copied into the low end). */
#define get_user(x, ptr)							\
	({									\
		__typeof__(*(ptr) + 0) __gu_val = 0;				\
		int __gu_err = sizeof(*(ptr)) == 4 ?				\
			__get_user_4((u32 *)&__gu_val, (const u32 __user *)(ptr)) :	\
			(copy_from_user(&__gu_val, (ptr), sizeof(*(ptr))) ? -EFAULT : 0); \
		(x) = __gu_val;							\
		__gu_err;							\
	})

#define put_user(x, ptr)							\
	({									\
		__typeof__(*(ptr)) __pu_val = (x);				\
		copy_to_user((ptr), &__pu_val, sizeof(__pu_val)) ? -EFAULT : 0; \
	})

#endif
