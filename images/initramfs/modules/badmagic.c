/* A test module built for another kernel (modules.mk gives its NAME.mod.o a
 * different vermagic): refused with "version magic '...' should be '...'". */
#include <linux/kernel.h>
#include <linux/module.h>

static int __init badmagic_init(void)
{
	pr_info("badmagic: loaded, which must not happen\n");
	return 0;
}
module_init(badmagic_init);
MODULE_LICENSE("GPL");
