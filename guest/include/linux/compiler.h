/* Compiler attributes used across the kernel (Linux's compiler_types.h). */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __weak __attribute__((weak))
#define __maybe_unused __attribute__((unused))
#define noinline __attribute__((__noinline__))
#define __cold __attribute__((cold))
#define asmlinkage __attribute__((regparm(0)))
/* Arguments in EAX, EDX, ECX (what Linux passes everywhere, -mregparm=3): for hot paths. */
#define fastcall __attribute__((regparm(3)))
#define __visible __attribute__((externally_visible))
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define __user		/* a user-space pointer: only through uaccess.h */

/* Error values in pointers and unsigned longs (Linux's linux/err.h). */
#define MAX_ERRNO	4095
#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)
#define ERR_PTR(err)	((void *)(long)(err))
#define PTR_ERR(p)	((long)(p))
#define IS_ERR(p)	IS_ERR_VALUE((unsigned long)(p))

#endif
