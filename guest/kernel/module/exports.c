/*
 * The kernel's exported symbols: what a loadable module may call or use
 * (Linux exports next to each definition; lucix lists them in one place so
 * the interface offered to modules is visible at a glance). _GPL ones are
 * only for modules with a GPL-compatible MODULE_LICENSE.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/timer.h>
#include <linux/kthread.h>
#include <linux/interrupt.h>
#include <linux/kallsyms.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/module.h>

/* printing and strings */
EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(sprintf);
EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strnlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(strlcpy);
EXPORT_SYMBOL(strchr);
EXPORT_SYMBOL(kstrtoint);
EXPORT_SYMBOL(kstrtoul);
EXPORT_SYMBOL(simple_strtoul);
EXPORT_SYMBOL(simple_strtol);
EXPORT_SYMBOL(dump_stack);
EXPORT_SYMBOL(panic);

/* memory */
EXPORT_SYMBOL(kmalloc);
EXPORT_SYMBOL(kzalloc);
EXPORT_SYMBOL(kfree);
EXPORT_SYMBOL(vmalloc);
EXPORT_SYMBOL(vzalloc);
EXPORT_SYMBOL(vfree);
EXPORT_SYMBOL(copy_to_user);
EXPORT_SYMBOL(copy_from_user);

/* scheduling, sleeping, timers, threads */
EXPORT_SYMBOL(jiffies);
EXPORT_SYMBOL(schedule);
EXPORT_SYMBOL(schedule_timeout);
EXPORT_SYMBOL(schedule_timeout_interruptible);
EXPORT_SYMBOL(msleep);
EXPORT_SYMBOL(wake_up_process);
EXPORT_SYMBOL(signal_pending);
EXPORT_SYMBOL(init_waitqueue_head);
EXPORT_SYMBOL(prepare_to_wait);
EXPORT_SYMBOL(finish_wait);
EXPORT_SYMBOL(init_wait_entry);
EXPORT_SYMBOL(__wake_up);
EXPORT_SYMBOL(mutex_init);
EXPORT_SYMBOL(mutex_lock);
EXPORT_SYMBOL(mutex_unlock);
EXPORT_SYMBOL(timer_setup);
EXPORT_SYMBOL(add_timer);
EXPORT_SYMBOL(mod_timer);
EXPORT_SYMBOL(del_timer);
EXPORT_SYMBOL(del_timer_sync);
EXPORT_SYMBOL(kthread_create);
EXPORT_SYMBOL(kthread_stop);
EXPORT_SYMBOL(kthread_should_stop);

/* interrupts and devices */
EXPORT_SYMBOL(request_irq);
EXPORT_SYMBOL(free_irq);
EXPORT_SYMBOL(register_chrdev_region);
EXPORT_SYMBOL(alloc_chrdev_region);
EXPORT_SYMBOL(unregister_chrdev_region);
EXPORT_SYMBOL(cdev_init);
EXPORT_SYMBOL(cdev_add);
EXPORT_SYMBOL(cdev_del);
EXPORT_SYMBOL(no_llseek);

/* modules and parameters */
EXPORT_SYMBOL(try_module_get);
EXPORT_SYMBOL(module_put);
EXPORT_SYMBOL(param_ops_byte);
EXPORT_SYMBOL(param_ops_short);
EXPORT_SYMBOL(param_ops_ushort);
EXPORT_SYMBOL(param_ops_int);
EXPORT_SYMBOL(param_ops_uint);
EXPORT_SYMBOL(param_ops_long);
EXPORT_SYMBOL(param_ops_ulong);
EXPORT_SYMBOL(param_ops_charp);
EXPORT_SYMBOL(param_ops_bool);
EXPORT_SYMBOL(param_ops_invbool);
EXPORT_SYMBOL(param_ops_string);
EXPORT_SYMBOL(param_array_ops);
EXPORT_SYMBOL_GPL(__module_address);
EXPORT_SYMBOL_GPL(sprint_symbol);
