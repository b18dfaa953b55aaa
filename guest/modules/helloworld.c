/*
 * The notes' helloworld module: two parameters, io (an int, shown in hex by
 * the notes' `printf "%x\n"`) and msg (a string), both writable through
 * /sys/module/helloworld/parameters/; init and exit print a line each.
 * Built in (CONFIG_HELLOWORLD=y), set them with helloworld.io=... on the
 * kernel command line.
 */
#include <linux/kernel.h>
#include <linux/module.h>

static int io = 0x3f8;
module_param(io, int, 0644);
MODULE_PARM_DESC(io, "I/O port base (int)");

static char *msg = "hello";
module_param(msg, charp, 0644);
MODULE_PARM_DESC(msg, "what init prints (string)");

static int __init helloworld_init(void)
{
	pr_info("helloworld: init, io=%#x msg=\"%s\"\n", io, msg);
	return 0;
}

static void __exit helloworld_exit(void)
{
	pr_info("helloworld: exit, io=%#x msg=\"%s\"\n", io, msg);
}

module_init(helloworld_init);
module_exit(helloworld_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("Lucid386");
MODULE_DESCRIPTION("The notes' hello world module with parameters");
