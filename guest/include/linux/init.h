/*
 * Init-time sections (Linux's include/linux/init.h). Code and data marked
 * __init/__initdata live between __init_begin and __init_end and are released
 * by free_initmem() at the end of boot; __setup/early_param register
 * command-line handlers in a table there.
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/types.h>
#include <asm/boot-defs.h>

#define __init		__attribute__((section(".init.text"), __cold__, __noinline__))
#define __initdata	__attribute__((section(".init.data")))
#define __ref		/* may refer to init code: runs only at boot */
#define __initconst	__attribute__((section(".init.rodata")))

struct obs_kernel_param {
	const char *str;	/* "name=" or "name" */
	int (*setup_func)(char *val);
	int early;		/* handled by parse_early_param() */
};

#define __setup_param(str, unique_id, fn, early)				\
	static const char __setup_str_##unique_id[] __initconst = str;		\
	static const struct obs_kernel_param __setup_##unique_id		\
		__used __attribute__((section(".init.setup"), aligned(4))) =	\
		{ __setup_str_##unique_id, fn, early }

#define __setup(str, fn)	__setup_param(str, fn, fn, 0)
#define early_param(str, fn)	__setup_param(str, fn, fn, 1)

extern char boot_command_line[];
extern char *saved_command_line;
extern char __init_begin[], __init_end[], _text[], _etext[], _sinittext[], _einittext[];
extern char __bss_start[], __bss_stop[], _end[], _edata[], __end_rodata[];

/*
 * Initcalls: functions run once by kernel_init (do_initcalls), level by level
 * in this order, each level in link order. The table sits in the init
 * section and goes away with it.
 */
typedef int (*initcall_t)(void);
#define __define_initcall(fn, id)						\
	static const initcall_t __initcall_##fn##id __used			\
	__attribute__((section(".initcall" #id ".init"), aligned(4))) = fn
#define early_initcall(fn)	__define_initcall(fn, early)
#define pure_initcall(fn)	__define_initcall(fn, 0)
#define core_initcall(fn)	__define_initcall(fn, 1)
#define postcore_initcall(fn)	__define_initcall(fn, 2)
#define arch_initcall(fn)	__define_initcall(fn, 3)
#define subsys_initcall(fn)	__define_initcall(fn, 4)
#define fs_initcall(fn)		__define_initcall(fn, 5)
#define device_initcall(fn)	__define_initcall(fn, 6)
#define late_initcall(fn)	__define_initcall(fn, 7)
#define module_init(fn)		device_initcall(fn)
extern initcall_t __initcall_start[], __initcall0_start[], __initcall1_start[],
	__initcall2_start[], __initcall3_start[], __initcall4_start[], __initcall5_start[],
	__initcall6_start[], __initcall7_start[], __initcall_end[];

void check_command_line(void);
void parse_early_param(void);
void parse_args_late(void);

#endif
