/*
 * The real-time clock: Linux's uapi/linux/rtc.h (struct rtc_time, the
 * ioctls of /dev/rtcN, the read() flags) and the MC146818 registers of
 * include/linux/mc146818rtc.h, and drivers/rtc's helpers.
 */
#ifndef _LINUX_RTC_H
#define _LINUX_RTC_H

#include <linux/types.h>
#include <linux/spinlock.h>

struct rtc_time {
	int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
};

struct rtc_wkalrm {
	unsigned char enabled;	/* 0 = alarm disabled, 1 = enabled */
	unsigned char pending;	/* 0 = alarm not pending, 1 = pending */
	struct rtc_time time;
};

#define RTC_AIE_ON	0x7001			/* _IO('p', 0x01) */
#define RTC_AIE_OFF	0x7002
#define RTC_UIE_ON	0x7003
#define RTC_UIE_OFF	0x7004
#define RTC_PIE_ON	0x7005
#define RTC_PIE_OFF	0x7006
#define RTC_WIE_ON	0x700f
#define RTC_WIE_OFF	0x7010
#define RTC_ALM_SET	0x40247007		/* _IOW('p', 0x07, struct rtc_time) */
#define RTC_ALM_READ	0x80247008		/* _IOR('p', 0x08, struct rtc_time) */
#define RTC_RD_TIME	0x80247009
#define RTC_SET_TIME	0x4024700a
#define RTC_IRQP_READ	0x8004700b		/* _IOR('p', 0x0b, unsigned long) */
#define RTC_IRQP_SET	0x4004700c
#define RTC_EPOCH_READ	0x8004700d
#define RTC_EPOCH_SET	0x4004700e
#define RTC_WKALM_SET	0x4028700f		/* _IOW('p', 0x0f, struct rtc_wkalrm) */
#define RTC_WKALM_RD	0x80287010

/* read() returns (interrupts since the last read) << 8 | these */
#define RTC_IRQF	0x80
#define RTC_PF		0x40
#define RTC_AF		0x20
#define RTC_UF		0x10

/* MC146818 registers and bits */
#define RTC_PORT_INDEX	0x70
#define RTC_PORT_DATA	0x71
#define RTC_IRQ		8
#define RTC_SECONDS	0
#define RTC_SECONDS_ALARM 1
#define RTC_MINUTES	2
#define RTC_MINUTES_ALARM 3
#define RTC_HOURS	4
#define RTC_HOURS_ALARM	5
#define RTC_DAY_OF_MONTH 7
#define RTC_MONTH	8
#define RTC_YEAR	9
#define RTC_REG_A	10
#define RTC_REG_B	11
#define RTC_REG_C	12
#define RTC_REG_D	13
#define RTC_CENTURY	0x32
#define RTC_UIP		0x80
#define RTC_RATE_SELECT	0x0F
#define RTC_SET		0x80
#define RTC_PIE		0x40
#define RTC_AIE		0x20
#define RTC_UIE		0x10
#define RTC_DM_BINARY	0x04
#define RTC_IRQF_BIT	0x80		/* register C: an enabled flag is set */

extern spinlock_t rtc_lock;
extern u64 boot_wallclock_sec;
u8 cmos_read(u8 reg);
void cmos_write(u8 v, u8 reg);
s64 rtc_tm_to_time64(const struct rtc_time *tm);
void rtc_time64_to_tm(s64 t, struct rtc_time *tm);
int rtc_valid_tm(const struct rtc_time *tm);
void mc146818_get_time(struct rtc_time *tm);
int mc146818_set_time(const struct rtc_time *tm);
void mc146818_get_alarm(struct rtc_time *tm);
int mc146818_set_alarm(const struct rtc_time *tm);

#endif
