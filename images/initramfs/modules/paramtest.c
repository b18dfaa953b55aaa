/*
 * A test module with a parameter of every type; init prints them all on one
 * line, so the test sees what the command line set, and exports a symbol
 * that paramuser.ko uses (a module dependency).
 */
#include <linux/kernel.h>
#include <linux/module.h>

static unsigned char b = 1;
static short s = -2;
static unsigned short us = 3;
static int i = -4;
static unsigned int ui = 5;
static long l = -6;
static unsigned long ul = 7;
static char *cp = "charp";
static bool bo;
static bool ib = true;
static int arr[4] = { 1, 2 };
static unsigned int narr = 2;
static char str[8] = "str";
static bool quiet;

module_param(b, byte, 0644);
module_param(s, short, 0644);
module_param(us, ushort, 0644);
module_param(i, int, 0644);
module_param(ui, uint, 0644);
module_param(l, long, 0644);
module_param(ul, ulong, 0644);
module_param(cp, charp, 0644);
module_param(bo, bool, 0644);
module_param(ib, invbool, 0644);
module_param_array(arr, int, &narr, 0644);
module_param_string(str, str, sizeof(str), 0644);
module_param(quiet, bool, 0);
MODULE_PARM_DESC(arr, "up to four ints");

int paramtest_value(void)
{
	return i;
}
EXPORT_SYMBOL(paramtest_value);

static int __init paramtest_init(void)
{
	unsigned int k;

	if (quiet)
		return 0;
	printk(KERN_INFO "paramtest: b=%u s=%d us=%u i=%d ui=%u l=%ld ul=%lu cp=%s bo=%d ib=%d str=%s narr=%u arr=",
	       b, s, us, i, ui, l, ul, cp, bo, ib, str, narr);
	for (k = 0; k < narr; k++)
		pr_cont("%s%d", k ? "," : "", arr[k]);
	pr_cont("\n");
	pr_info("paramtest: running %pS\n", (void *)paramtest_init);
	return 0;
}

static void __exit paramtest_exit(void)
{
}

module_init(paramtest_init);
module_exit(paramtest_exit);
MODULE_LICENSE("GPL");
