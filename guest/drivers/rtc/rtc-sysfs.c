/*
 * rtc0's attributes in /sys/class/rtc/rtc0 (Linux's drivers/rtc/sysfs.c):
 * name (driver and device), date and time (UTC, from the chip), since_epoch,
 * max_user_freq and hctosys (1: the boot set the system clock from it).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/device.h>
#include <linux/rtc.h>

static struct attribute a_name = { .name = "name", .mode = 0444 };
static struct attribute a_date = { .name = "date", .mode = 0444 };
static struct attribute a_time = { .name = "time", .mode = 0444 };
static struct attribute a_since_epoch = { .name = "since_epoch", .mode = 0444 };
static struct attribute a_max_user_freq = { .name = "max_user_freq", .mode = 0644 };
static struct attribute a_hctosys = { .name = "hctosys", .mode = 0444 };

static ssize_t rtc_attr_show(struct device *d, struct attribute *attr, char *buf)
{
	struct rtc_time tm;

	(void)d;
	if (attr == &a_name)
		return snprintf(buf, PAGE_SIZE, "rtc_cmos rtc_cmos\n");
	if (attr == &a_max_user_freq)
		return snprintf(buf, PAGE_SIZE, "64\n");
	if (attr == &a_hctosys)
		return snprintf(buf, PAGE_SIZE, "%d\n", boot_wallclock_sec ? 1 : 0);
	mc146818_get_time(&tm);
	if (attr == &a_date)
		return snprintf(buf, PAGE_SIZE, "%04d-%02d-%02d\n", tm.tm_year + 1900, tm.tm_mon + 1,
				tm.tm_mday);
	if (attr == &a_time)
		return snprintf(buf, PAGE_SIZE, "%02d:%02d:%02d\n", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (attr == &a_since_epoch)
		return snprintf(buf, PAGE_SIZE, "%lld\n", (long long)rtc_tm_to_time64(&tm));
	return -EIO;
}

/* max_user_freq is fixed at 64 Hz here: a write is accepted and changes nothing */
static ssize_t rtc_attr_store(struct device *d, struct attribute *attr, const char *buf, size_t count)
{
	(void)d;
	(void)buf;
	return attr == &a_max_user_freq ? (ssize_t)count : -EIO;
}

void rtc_sysfs_add(struct device *d)
{
	struct attribute *const attrs[] = {
		&a_name, &a_date, &a_time, &a_since_epoch, &a_max_user_freq, &a_hctosys,
	};
	unsigned int i;

	d->attr_show = rtc_attr_show;
	d->attr_store = rtc_attr_store;
	for (i = 0; i < ARRAY_SIZE(attrs); i++)
		sysfs_create_file(&d->kobj, attrs[i]);
}
