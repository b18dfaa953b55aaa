/* A test module using paramtest.ko's exported symbol: paramtest cannot be
 * removed while paramuser is loaded ("Used by" in /proc/modules). */
#include <linux/kernel.h>
#include <linux/module.h>

int paramtest_value(void);

static int __init paramuser_init(void)
{
	pr_info("paramuser: paramtest_value() = %d\n", paramtest_value());
	return 0;
}

static void __exit paramuser_exit(void)
{
}

module_init(paramuser_init);
module_exit(paramuser_exit);
MODULE_LICENSE("GPL");
