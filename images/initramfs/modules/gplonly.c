/* A test module with a proprietary licence using an EXPORT_SYMBOL_GPL symbol:
 * the GPL table is not searched for it, so the symbol is unknown. */
#include <linux/kernel.h>
#include <linux/kallsyms.h>
#include <linux/module.h>

static int __init gplonly_init(void)
{
	char buf[KSYM_SYMBOL_LEN];

	sprint_symbol(buf, (unsigned long)gplonly_init);
	return 0;
}
module_init(gplonly_init);
MODULE_LICENSE("Proprietary");
