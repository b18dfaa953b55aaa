/*
 * BUG() and WARN_ON() (Linux's include/asm-generic/bug.h): BUG() reports the
 * place and executes UD2, so the invalid-opcode handler prints an oops and
 * panics; WARN_ON(cond) prints a warning with a stack trace and carries on,
 * returning cond so it can sit in an if.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>

void __warn(const char *file, int line, void *caller);
void __bug_report(const char *file, int line);

#define BUG() do {							\
		__bug_report(__FILE__, __LINE__);			\
		__asm__ __volatile__("ud2");				\
		__builtin_unreachable();				\
	} while (0)
#define BUG_ON(cond) do { if (__builtin_expect(!!(cond), 0)) BUG(); } while (0)

#define WARN_ON(cond) ({						\
		int __ret_warn_on = !!(cond);				\
		if (__builtin_expect(__ret_warn_on, 0))			\
			__warn(__FILE__, __LINE__, __builtin_return_address(0)); \
		__ret_warn_on;						\
	})
#define WARN_ON_ONCE(cond) ({						\
		static bool __warned;					\
		int __ret_warn_once = !!(cond);				\
		if (__builtin_expect(__ret_warn_once && !__warned, 0)) { \
			__warned = true;				\
			__warn(__FILE__, __LINE__, __builtin_return_address(0)); \
		}							\
		__ret_warn_once;					\
	})

#endif
