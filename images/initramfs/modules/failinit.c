/* A test module whose init fails: the load fails with its error and nothing
 * of it stays (no entry in the module list, memory back). */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/module.h>

static int __init failinit_init(void)
{
	pr_info("failinit: init returns -ENODEV\n");
	return -ENODEV;
}
module_init(failinit_init);
MODULE_LICENSE("GPL");
