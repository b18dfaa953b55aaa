/*
 * Module parameters (Linux's include/linux/moduleparam.h). module_param()
 * puts a struct kernel_param in the __param section: the name ("io" in a
 * module, "helloworld.io" built in, so the kernel command line can set it),
 * the operations of its type and its sysfs permissions. The loader sets the
 * parameters from the insmod arguments before module_init runs; built-in ones
 * are set from NAME.PARAM=value words of the kernel command line.
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include <linux/types.h>
#include <linux/compiler.h>

#ifdef MODULE
#define MODULE_PARAM_PREFIX ""
#else
#define MODULE_PARAM_PREFIX KBUILD_MODNAME "."
#endif

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* One "tag=value" string in .modinfo (what modinfo and the loader read). */
#define __MODULE_INFO(tag, name, info)						\
	static const char __UNIQUE_ID(name)[]					\
	__attribute__((used, section(".modinfo"), aligned(1))) = __stringify(tag) "=" info
#define __MODULE_PARM_TYPE(name, _type) __MODULE_INFO(parmtype, name##type, #name ":" _type)
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, _parm, #_parm ":" desc)

struct kernel_param;
struct module;

struct kernel_param_ops {
	unsigned int flags;
	int (*set)(const char *val, const struct kernel_param *kp);
	int (*get)(char *buffer, const struct kernel_param *kp);	/* PAGE_SIZE buffer */
	void (*free)(void *arg);
};

struct kparam_string {
	unsigned int maxlen;
	char *string;
};

struct kparam_array {
	unsigned int max;
	unsigned int elemsize;
	unsigned int *num;
	const struct kernel_param_ops *ops;
	void *elem;
};

struct kernel_param {
	const char *name;
	struct module *mod;
	const struct kernel_param_ops *ops;
	u16 perm;
	s8 level;
	u8 flags;
	union {
		void *arg;
		const struct kparam_string *str;
		const struct kparam_array *arr;
	};
};

#ifdef MODULE
extern struct module __this_module;
#define __PARAM_OWNER (&__this_module)
#else
#define __PARAM_OWNER ((struct module *)0)
#endif

#define __module_param_call(prefix, name, ops, arg, perm, level, flags)		\
	static const char __param_str_##name[] = prefix #name;			\
	static const struct kernel_param __param_##name				\
	__attribute__((used, section("__param"), aligned(sizeof(void *)))) =	\
		{ __param_str_##name, __PARAM_OWNER, ops, perm, level, flags, { arg } }

#define module_param_cb(name, ops, arg, perm)					\
	__module_param_call(MODULE_PARAM_PREFIX, name, ops, arg, perm, -1, 0)

/* A compile-time check that VALUE has the C type the parameter type expects. */
#define __param_check(name, p, type) \
	static inline type __maybe_unused *__check_##name(void) { return (p); }
#define param_check_byte(name, p) __param_check(name, p, unsigned char)
#define param_check_short(name, p) __param_check(name, p, short)
#define param_check_ushort(name, p) __param_check(name, p, unsigned short)
#define param_check_int(name, p) __param_check(name, p, int)
#define param_check_uint(name, p) __param_check(name, p, unsigned int)
#define param_check_long(name, p) __param_check(name, p, long)
#define param_check_ulong(name, p) __param_check(name, p, unsigned long)
#define param_check_charp(name, p) __param_check(name, p, char *)
#define param_check_bool(name, p) __param_check(name, p, bool)
#define param_check_invbool(name, p) __param_check(name, p, bool)

#define module_param_named(name, value, type, perm)				\
	param_check_##type(name, &(value));					\
	module_param_cb(name, &param_ops_##type, &value, perm);		\
	__MODULE_PARM_TYPE(name, #type)
#define module_param(name, type, perm) module_param_named(name, name, type, perm)

#define module_param_string(name, string, len, perm)				\
	static const struct kparam_string __param_string_##name = { len, string }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_ops_string,	\
			    .str = &__param_string_##name, perm, -1, 0);	\
	__MODULE_PARM_TYPE(name, "string")

#define module_param_array_named(name, array, type, nump, perm)		\
	param_check_##type(name, &(array)[0]);					\
	static const struct kparam_array __param_arr_##name =			\
	{ .max = sizeof(array) / sizeof((array)[0]), .num = nump,		\
	  .ops = &param_ops_##type, .elemsize = sizeof((array)[0]), .elem = array }; \
	__module_param_call(MODULE_PARAM_PREFIX, name, &param_array_ops,	\
			    .arr = &__param_arr_##name, perm, -1, 0);		\
	__MODULE_PARM_TYPE(name, "array of " #type)
#define module_param_array(name, type, nump, perm)				\
	module_param_array_named(name, name, type, nump, perm)

extern const struct kernel_param_ops param_ops_byte, param_ops_short, param_ops_ushort,
	param_ops_int, param_ops_uint, param_ops_long, param_ops_ulong, param_ops_charp,
	param_ops_bool, param_ops_invbool, param_ops_string, param_array_ops;

/*
 * Set parameters from ARGS ("a=1 b=x,y c"), as Linux's parse_args: DOING names
 * the module in messages. Unknown names are reported and ignored; a bad value
 * fails with its error.
 */
int parse_module_args(const char *doing, char *args, const struct kernel_param *params,
		      unsigned int num);
/* NAME.PARAM=VALUE from the kernel command line, for a built-in module: 1 if known. */
int parse_builtin_param(char *param, char *val);
/* Free what parameters of these kinds allocated (charp strings). */
void destroy_params(const struct kernel_param *params, unsigned int num);
/* The value of one parameter as sysfs shows it ("5\n"), into BUF (PAGE_SIZE). */
int param_get(const struct kernel_param *kp, char *buf);
int param_set(const struct kernel_param *kp, const char *val);

#endif
