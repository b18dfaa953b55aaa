/*
 * Module parameters (Linux's kernel/params.c): the operations of every
 * module_param type, parsing "name=value" argument strings (insmod's, and
 * NAME.PARAM=value words of the kernel command line for built-in modules),
 * and reading/writing one parameter as text for /sys/module/NAME/parameters/.
 * Values are written as Linux's param_get_* do: "%d\n", "Y\n", a comma list.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/module.h>
#include "internal.h"

#define KERNEL_PARAM_OPS_FL_NOARG 1	/* "name" alone is allowed (bool) */

/* A number in C syntax (base 0), optionally followed by one newline (as sysfs writes). */
static int parse_long(const char *val, bool is_signed, long *out)
{
	char *end;

	if (!val || !*val)
		return -EINVAL;
	if (is_signed) {
		*out = simple_strtol(val, &end, 0);
	} else {
		if (*val == '-')
			return -EINVAL;
		*out = (long)simple_strtoul(val, &end, 0);
	}
	if (end == val)
		return -EINVAL;
	if (*end == '\n')
		end++;
	return *end ? -EINVAL : 0;
}

#define NUM_PARAM(name, type, is_signed, lo, hi, fmt, cast)			\
	static int param_set_##name(const char *val, const struct kernel_param *kp) \
	{									\
		long v;								\
		int err = parse_long(val, is_signed, &v);			\
										\
		if (err)							\
			return err;						\
		if ((lo) != (hi) && (is_signed ? (v < (long)(lo) || v > (long)(hi)) \
					       : ((unsigned long)v > (unsigned long)(hi)))) \
			return -EINVAL;						\
		*(type *)kp->arg = (type)v;					\
		return 0;							\
	}									\
	static int param_get_##name(char *buf, const struct kernel_param *kp)	\
	{									\
		return snprintf(buf, PAGE_SIZE, fmt "\n", (cast)*(type *)kp->arg); \
	}									\
	const struct kernel_param_ops param_ops_##name = {			\
		.set = param_set_##name, .get = param_get_##name,		\
	}

NUM_PARAM(byte, unsigned char, false, 0, 255, "%u", unsigned int);
NUM_PARAM(short, short, true, -32768, 32767, "%d", int);
NUM_PARAM(ushort, unsigned short, false, 0, 65535, "%u", unsigned int);
/* lo == hi: the full range of long (no check beyond the parse). */
NUM_PARAM(int, int, true, 0, 0, "%d", int);
NUM_PARAM(uint, unsigned int, false, 0, 0, "%u", unsigned int);
NUM_PARAM(long, long, true, 0, 0, "%ld", long);
NUM_PARAM(ulong, unsigned long, false, 0, 0, "%lu", unsigned long);

/* Strings the parameters allocated, so only those are freed (Linux's kmalloced_params). */
struct kmalloced_param {
	struct list_head list;
	char val[];
};
static LIST_HEAD(kmalloced_params);
/*
 * Built-in parameters are set from the command line before the slab allocator
 * is up: a charp then points into the (static, never reused) parse buffer, as
 * Linux's param_set_charp does before slab_is_available().
 */
static bool params_before_slab;

static void maybe_kfree_parameter(void *p)
{
	struct kmalloced_param *k;

	list_for_each_entry(k, &kmalloced_params, list) {
		if (k->val == p) {
			list_del(&k->list);
			kfree(k);
			return;
		}
	}
}

static int param_set_charp(const char *val, const struct kernel_param *kp)
{
	struct kmalloced_param *k;
	size_t n;

	if (!val)
		return -EINVAL;
	n = strlen(val);
	if (n > 1024) {
		pr_err("%s: string parameter too long\n", kp->name);
		return -ENOSPC;
	}
	if (params_before_slab) {
		*(const char **)kp->arg = val;
		return 0;
	}
	k = kmalloc(sizeof(*k) + n + 1, GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	memcpy(k->val, val, n + 1);
	list_add(&k->list, &kmalloced_params);
	maybe_kfree_parameter(*(char **)kp->arg);
	*(char **)kp->arg = k->val;
	return 0;
}

static int param_get_charp(char *buf, const struct kernel_param *kp)
{
	const char *s = *(char **)kp->arg;

	return snprintf(buf, PAGE_SIZE, "%s\n", s ? s : "(null)");
}

static void param_free_charp(void *arg)
{
	maybe_kfree_parameter(*(char **)arg);
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp, .get = param_get_charp, .free = param_free_charp,
};

/* y/Y/1/on and n/N/0/off, as Linux's kstrtobool; "name" alone means true. */
static int parse_bool(const char *val, bool *res)
{
	if (!val)
		val = "1";
	switch (val[0]) {
	case 'y': case 'Y': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (val[1] == 'n' || val[1] == 'N') {
			*res = true;
			return 0;
		}
		if (val[1] == 'f' || val[1] == 'F') {
			*res = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int param_set_bool(const char *val, const struct kernel_param *kp)
{
	return parse_bool(val, kp->arg);
}

static int param_get_bool(char *buf, const struct kernel_param *kp)
{
	return snprintf(buf, PAGE_SIZE, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

const struct kernel_param_ops param_ops_bool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG, .set = param_set_bool, .get = param_get_bool,
};

static int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool b;
	int err = parse_bool(val, &b);

	if (!err)
		*(bool *)kp->arg = !b;
	return err;
}

static int param_get_invbool(char *buf, const struct kernel_param *kp)
{
	return snprintf(buf, PAGE_SIZE, "%c\n", *(bool *)kp->arg ? 'N' : 'Y');
}

const struct kernel_param_ops param_ops_invbool = {
	.flags = KERNEL_PARAM_OPS_FL_NOARG, .set = param_set_invbool, .get = param_get_invbool,
};

static int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->str;

	if (!val)
		return -EINVAL;
	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string doesn't fit in %u chars.\n", kp->name, kps->maxlen - 1);
		return -ENOSPC;
	}
	memcpy(kps->string, val, strlen(val) + 1);
	return 0;
}

static int param_get_string(char *buf, const struct kernel_param *kp)
{
	return snprintf(buf, PAGE_SIZE, "%s\n", kp->str->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring, .get = param_get_string,
};

/* "a,b,c": each element set by the element type's operations. */
static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int n = 0;
	char buf[256], *p, *s;
	int err;

	if (!val)
		return -EINVAL;
	if (strlen(val) >= sizeof(buf))
		return -ENOSPC;
	memcpy(buf, val, strlen(val) + 1);
	p = buf;
	while ((s = strsep(&p, ","))) {
		size_t l = strlen(s);

		if (!p && l && s[l - 1] == '\n')
			s[l - 1] = 0;
		if (n >= arr->max) {
			pr_err("%s: can only take %i arguments\n", kp->name, arr->max);
			return -EINVAL;
		}
		elem.ops = arr->ops;
		elem.arg = (char *)arr->elem + n * arr->elemsize;
		err = arr->ops->set(s, &elem);
		if (err)
			return err;
		n++;
	}
	if (arr->num)
		*arr->num = n;
	return 0;
}

static int param_array_get(char *buf, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int i, n = arr->num ? *arr->num : arr->max;
	int off = 0;

	for (i = 0; i < n && off < (int)PAGE_SIZE - 2; i++) {
		if (i)
			buf[off++] = ',';
		elem.arg = (char *)arr->elem + i * arr->elemsize;
		off += arr->ops->get(buf + off, &elem);
		if (off > 0 && buf[off - 1] == '\n')
			off--;	/* each element printed its own newline */
	}
	buf[off++] = '\n';
	buf[off] = 0;
	return off;
}

static void param_array_free(void *arg)
{
	const struct kparam_array *arr = arg;
	unsigned int i;

	if (arr->ops->free)
		for (i = 0; i < (arr->num ? *arr->num : arr->max); i++)
			arr->ops->free((char *)arr->elem + i * arr->elemsize);
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set, .get = param_array_get, .free = param_array_free,
};

/* '-' and '_' are the same in parameter names (Linux's parameq). */
static bool parameq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/* Split off the next word; name="value with spaces" is one word. */
static char *next_word(char *args, char **param, char **val)
{
	bool in_quote = false;
	size_t i, equals = 0;

	for (i = 0; args[i]; i++) {
		if (args[i] == ' ' && !in_quote)
			break;
		if (!equals && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	*val = NULL;
	if (equals) {
		args[equals] = 0;
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = 0;
		}
	}
	if (args[i])
		args[i++] = 0;
	return args + i;
}

static int set_one(const char *doing, const struct kernel_param *kp, char *param, char *val)
{
	int err;

	if (!val && !(kp->ops->flags & KERNEL_PARAM_OPS_FL_NOARG))
		err = -EINVAL;
	else
		err = kp->ops->set(val, kp);
	if (err == -ENOSPC)
		pr_err("%s: string parameter too long\n", doing);
	else if (err)
		pr_err("%s: '%s' invalid for parameter '%s'\n", doing, val ? val : "", param);
	return err;
}

int parse_module_args(const char *doing, char *args, const struct kernel_param *params,
		      unsigned int num)
{
	char *param, *val;
	unsigned int i;
	int err;

	while (*(args = skip_spaces(args))) {
		args = next_word(args, &param, &val);
		for (i = 0; i < num; i++)
			if (parameq(params[i].name, param))
				break;
		if (i == num) {
			pr_warn("%s: unknown parameter '%s' ignored\n", doing, param);
			continue;
		}
		err = set_one(doing, &params[i], param, val);
		if (err)
			return err;
	}
	return 0;
}

extern const struct kernel_param __start___param[], __stop___param[];

int parse_builtin_param(char *param, char *val)
{
	const struct kernel_param *kp;

	if (!strchr(param, '.'))
		return 0;
	for (kp = __start___param; kp < __stop___param; kp++)
		if (parameq(kp->name, param)) {
			params_before_slab = true;
			set_one("Booting kernel", kp, param, val);
			params_before_slab = false;
			return 1;
		}
	return 0;
}

void destroy_params(const struct kernel_param *params, unsigned int num)
{
	unsigned int i;

	for (i = 0; i < num; i++)
		if (params[i].ops->free)
			params[i].ops->free(params[i].arg);
}

int param_get(const struct kernel_param *kp, char *buf)
{
	if (!(kp->perm & 0444) || !kp->ops->get)
		return -EPERM;
	return kp->ops->get(buf, kp);
}

int param_set(const struct kernel_param *kp, const char *val)
{
	if (!(kp->perm & 0222) || !kp->ops->set)
		return -EPERM;
	return kp->ops->set(val, kp);
}
