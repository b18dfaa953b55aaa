/*
 * A test module that calls into its own data: `mov $42, %eax; ret` in a
 * writable array and in a read-only one. Loaded with where=data or
 * where=rodata it jumps there from its init. On a CPU with NX (-cpu p6,nx=on)
 * the loader made both non-executable, so the call faults (an oops, Linux's
 * "kernel tried to execute NX-protected page" line) and insmod dies; without
 * NX the code runs and init prints what it returned.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

static unsigned char code_data[8] = { 0xb8, 42, 0, 0, 0, 0xc3 };
static const unsigned char code_rodata[8] = { 0xb8, 43, 0, 0, 0, 0xc3 };

static char *where = "none";
module_param(where, charp, 0444);

static int __init nxdata_init(void)
{
	int (*fn)(void) = NULL;

	if (!strcmp(where, "data"))
		fn = (int (*)(void))code_data;
	else if (!strcmp(where, "rodata"))
		fn = (int (*)(void))code_rodata;
	pr_info("nxdata: calling into %s at %p\n", where, fn);
	if (fn)
		pr_info("nxdata: %s executed, returned %d\n", where, fn());
	return 0;
}

static void __exit nxdata_exit(void)
{
}

module_init(nxdata_init);
module_exit(nxdata_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Executes its own data (NX test)");
