/*
 * The character device drivers outside fs/char_dev.c, by major (Linux's
 * include/uapi/linux/major.h numbers; the RTC's is the dynamic major Debian's
 * kernels give it). Each open sets f->f_op for the minor or fails with ENXIO.
 */
#ifndef _LINUX_CHRDEVS_H
#define _LINUX_CHRDEVS_H

struct file;

#define MEM_MAJOR	1
#define SOUND_MAJOR	14
#define RTC_MAJOR	254

int memory_open(unsigned int minor, struct file *f);	/* drivers/char/mem.c */
int devkmsg_open(struct file *f);			/* kernel/printk_kmsg.c: 1:11 */
int sound_open(unsigned int minor, struct file *f);	/* drivers/sound/sb16_dev.c */
int rtc_dev_open(unsigned int minor, struct file *f);	/* drivers/rtc/rtc-dev.c */

/* drivers/char/pcspkr.c: the PC speaker's beep, and the console's KIOCSOUND/KDMKTONE */
void kd_mksound(unsigned int hz, unsigned int ticks);
long kd_sound_ioctl(unsigned int cmd, unsigned long arg);

#endif
