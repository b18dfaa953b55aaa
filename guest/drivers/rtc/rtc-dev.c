/*
 * /dev/rtc0 (char 254:0; Linux's drivers/rtc/rtc-dev.c over rtc-cmos): the
 * time and alarm ioctls, the alarm (AIE), update (UIE) and periodic (PIE)
 * interrupts of the MC146818 on IRQ8, and read(), which sleeps until an
 * interrupt and returns an unsigned long: the number of interrupts since the
 * last read in bits 8 and up, RTC_IRQF and the RTC_AF/UF/PF flags below;
 * poll() says POLLIN once such a word is waiting.
 * One opener at a time (EBUSY), as in Linux. The periodic rate is a power of
 * two from 2 to 8192 Hz (register A's rate select).
 */
#include <linux/kernel.h>
#include <linux/devtmpfs.h>
#include <linux/init.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <linux/interrupt.h>
#include <linux/chrdevs.h>
#include <linux/rtc.h>
#include <linux/poll.h>

static DECLARE_WAIT_QUEUE_HEAD(rtc_wait);
static unsigned long rtc_irq_data;	/* count << 8 | flags, cleared by read */
static bool rtc_busy;
static bool rtc_have_irq;

static irqreturn_t rtc_interrupt(int irq, void *dev_id)
{
	u8 c, b;

	spin_lock(&rtc_lock);
	c = cmos_read(RTC_REG_C);	/* reading C acknowledges */
	b = cmos_read(RTC_REG_B);
	spin_unlock(&rtc_lock);
	c &= b & (RTC_PIE | RTC_AIE | RTC_UIE);	/* the flags sit at the enables' bits */
	if (!c)
		return IRQ_NONE;
	rtc_irq_data = (rtc_irq_data + 0x100) | RTC_IRQF | c;
	wake_up_interruptible(&rtc_wait);
	return IRQ_HANDLED;
}

/* Set or clear enable bits of register B; the pending flags are dropped. */
static void rtc_set_enables(u8 mask, bool on)
{
	unsigned long flags;
	u8 b;

	spin_lock_irqsave(&rtc_lock, flags);
	b = cmos_read(RTC_REG_B);
	b = on ? b | mask : b & ~mask;
	cmos_write(b, RTC_REG_B);
	cmos_read(RTC_REG_C);
	spin_unlock_irqrestore(&rtc_lock, flags);
}

/* A register, read with the lock (IRQ8's handler moves the index). */
static u8 rtc_reg(u8 reg)
{
	unsigned long flags;
	u8 v;

	spin_lock_irqsave(&rtc_lock, flags);
	v = cmos_read(reg);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return v;
}

static unsigned long rtc_irq_freq(void)
{
	unsigned int rate = rtc_reg(RTC_REG_A) & RTC_RATE_SELECT;

	if (!rate)
		return 0;
	return rate <= 2 ? 32768u >> (rate + 5) : 65536u >> rate;
}

static int rtc_set_freq(unsigned long freq)
{
	unsigned long flags;
	unsigned int n;
	u8 a;

	if (freq < 2 || freq > 8192 || (freq & (freq - 1)))
		return -EINVAL;
	for (n = 0; (1ul << n) < freq; n++)
		;
	spin_lock_irqsave(&rtc_lock, flags);
	a = cmos_read(RTC_REG_A);
	cmos_write((a & ~RTC_RATE_SELECT) | (u8)(16 - n), RTC_REG_A);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return 0;
}

static ssize_t rtc_dev_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	struct wait_queue_entry w;
	unsigned long data, flags;
	ssize_t ret = 0;

	if (count != sizeof(unsigned int) && count < sizeof(unsigned long))
		return -EINVAL;
	init_wait_entry(&w, 0);
	for (;;) {
		prepare_to_wait(&rtc_wait, &w, TASK_INTERRUPTIBLE);
		local_irq_save(flags);
		data = rtc_irq_data;
		rtc_irq_data = 0;
		local_irq_restore(flags);
		if (data)
			break;
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&rtc_wait, &w);
	if (ret)
		return ret;
	if (copy_to_user(buf, &data, sizeof(data)))
		return -EFAULT;
	return sizeof(data);
}

static long rtc_dev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct rtc_wkalrm alm;
	struct rtc_time tm;
	int err;

	switch (cmd) {
	case RTC_RD_TIME:
		memset(&tm, 0, sizeof(tm));
		mc146818_get_time(&tm);
		return copy_to_user(uarg, &tm, sizeof(tm)) ? -EFAULT : 0;
	case RTC_SET_TIME:
		if (copy_from_user(&tm, uarg, sizeof(tm)))
			return -EFAULT;
		return mc146818_set_time(&tm);
	case RTC_ALM_READ:
		memset(&tm, 0, sizeof(tm));
		mc146818_get_alarm(&tm);
		return copy_to_user(uarg, &tm, sizeof(tm)) ? -EFAULT : 0;
	case RTC_ALM_SET:
		if (copy_from_user(&tm, uarg, sizeof(tm)))
			return -EFAULT;
		return mc146818_set_alarm(&tm);
	case RTC_WKALM_RD:
		memset(&alm, 0, sizeof(alm));
		mc146818_get_time(&alm.time);	/* the date part: today */
		mc146818_get_alarm(&tm);
		alm.time.tm_hour = tm.tm_hour;
		alm.time.tm_min = tm.tm_min;
		alm.time.tm_sec = tm.tm_sec;
		alm.enabled = !!(rtc_reg(RTC_REG_B) & RTC_AIE);
		return copy_to_user(uarg, &alm, sizeof(alm)) ? -EFAULT : 0;
	case RTC_WKALM_SET:
		if (copy_from_user(&alm, uarg, sizeof(alm)))
			return -EFAULT;
		rtc_set_enables(RTC_AIE, false);
		err = mc146818_set_alarm(&alm.time);
		if (!err && alm.enabled)
			rtc_set_enables(RTC_AIE, true);
		return err;
	case RTC_AIE_ON:
	case RTC_AIE_OFF:
		rtc_set_enables(RTC_AIE, cmd == RTC_AIE_ON);
		return 0;
	case RTC_UIE_ON:
	case RTC_UIE_OFF:
		rtc_set_enables(RTC_UIE, cmd == RTC_UIE_ON);
		return 0;
	case RTC_PIE_ON:
	case RTC_PIE_OFF:
		rtc_set_enables(RTC_PIE, cmd == RTC_PIE_ON);
		return 0;
	case RTC_IRQP_READ:
		return put_user(rtc_irq_freq(), (unsigned long __user *)uarg);
	case RTC_IRQP_SET:
		return rtc_set_freq(arg);
	case RTC_EPOCH_READ:
		return put_user(1900ul, (unsigned long __user *)uarg);
	case RTC_EPOCH_SET:
		return -EINVAL;
	}
	return -ENOTTY;
}

static int rtc_dev_release(struct inode *inode, struct file *f)
{
	/* Linux's rtc_dev_release turns the update interrupt emulation off. */
	rtc_set_enables(RTC_UIE | RTC_PIE, false);
	rtc_irq_data = 0;
	rtc_busy = false;
	return 0;
}

/* Readable once an interrupt has come since the last read (IRQ8 wakes rtc_wait). */
static unsigned int rtc_dev_poll(struct file *f, struct poll_table_struct *pt)
{
	poll_wait(f, &rtc_wait, pt);
	return rtc_irq_data ? POLLIN | POLLRDNORM : 0;
}

static const struct file_operations rtc_dev_fops = {
	.llseek = no_llseek, .read = rtc_dev_read, .ioctl = rtc_dev_ioctl,
	.poll = rtc_dev_poll, .release = rtc_dev_release,
};

int rtc_dev_open(unsigned int minor, struct file *f)
{
	if (minor != 0 || !rtc_have_irq)
		return -ENXIO;
	if (rtc_busy)
		return -EBUSY;
	rtc_busy = true;
	rtc_irq_data = 0;
	f->f_op = &rtc_dev_fops;
	return 0;
}

static int __init rtc_dev_init(void)
{
	int err;

	rtc_set_enables(RTC_PIE | RTC_AIE | RTC_UIE, false);
	err = request_irq(RTC_IRQ, rtc_interrupt, 0, "rtc0", NULL);
	if (err) {
		pr_err("rtc_cmos: IRQ %d is busy (%d): no /dev/rtc0\n", RTC_IRQ, err);
		return err;
	}
	rtc_have_irq = true;
	devtmpfs_create_node("rtc0", S_IFCHR | 0600, MKDEV(RTC_MAJOR, 0));
	pr_info("rtc_cmos: /dev/rtc0 is char %d:0, alarms up to one day, irq %d\n",
		RTC_MAJOR, RTC_IRQ);
	return 0;
}
device_initcall(rtc_dev_init);
