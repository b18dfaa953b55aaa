/* A test module that calls a function the kernel does not export: refused with
 * "unknownsym: Unknown symbol no_such_kernel_function (err -2)". */
#include <linux/kernel.h>
#include <linux/module.h>

extern void no_such_kernel_function(void);

static int __init unknownsym_init(void)
{
	no_such_kernel_function();
	return 0;
}
module_init(unknownsym_init);
MODULE_LICENSE("GPL");
