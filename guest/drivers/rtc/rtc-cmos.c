/*
 * The PC's MC146818 real-time clock (Linux's drivers/rtc/rtc-mc146818-lib.c,
 * rtc-cmos.c and arch/x86/kernel/rtc.c): reading and setting the time, the
 * alarm and the interrupt enables, in BCD or binary as register B says, with
 * the century at CMOS 0x32. At boot it gives the wall clock:
 * boot_wallclock_sec, which CLOCK_REALTIME and the vDSO add to sched_clock().
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/rtc.h>
#include <linux/ioport.h>
#include <asm/io.h>

DEFINE_SPINLOCK(rtc_lock);

u64 boot_wallclock_sec;		/* the wall clock at sched_clock() == 0 */

static bool rtc_binary;		/* register B's DM bit, read at boot */

u8 cmos_read(u8 reg)
{
	outb(reg, RTC_PORT_INDEX);
	return inb(RTC_PORT_DATA);
}

void cmos_write(u8 v, u8 reg)
{
	outb(reg, RTC_PORT_INDEX);
	outb(v, RTC_PORT_DATA);
}

static unsigned int from_bcd(u8 v)
{
	return rtc_binary ? v : (v & 15) + (v >> 4) * 10;
}

static u8 to_bcd(unsigned int v)
{
	return rtc_binary ? (u8)v : (u8)((v / 10) << 4 | v % 10);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1-12). */
static s64 days_from_civil(int y, unsigned int m, unsigned int d)
{
	int era;
	unsigned int yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (s64)era * 146097 + doe - 719468;
}

s64 rtc_tm_to_time64(const struct rtc_time *tm)
{
	return days_from_civil(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday) * 86400 +
	       tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Times before 1970 become 1970 (the RTC cannot hold them); 32-bit divisions only. */
void rtc_time64_to_tm(s64 time, struct rtc_time *tm)
{
	static const u16 before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
	u64 t = time < 0 ? 0 : (u64)time;
	unsigned int secs = do_div(t, 86400), days = (unsigned int)t;
	unsigned int z, era, doe, yoe, doy, mp, m, y;

	tm->tm_hour = secs / 3600;
	tm->tm_min = secs / 60 % 60;
	tm->tm_sec = secs % 60;
	tm->tm_wday = (days + 4) % 7;		/* 1970-01-01 was a Thursday */
	/* Howard Hinnant's civil_from_days, for days >= 0. */
	z = days + 719468;
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	tm->tm_mon = (int)m - 1;
	tm->tm_year = (int)y - 1900;
	tm->tm_yday = before[m - 1] + tm->tm_mday - 1 + (m > 2 && is_leap((int)y));
	tm->tm_isdst = 0;
}

int rtc_valid_tm(const struct rtc_time *tm)
{
	static const u8 mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = tm->tm_year + 1900;

	if (tm->tm_year < 70 || y > 2199 || (unsigned int)tm->tm_mon >= 12 || tm->tm_mday < 1 ||
	    tm->tm_mday > mdays[tm->tm_mon] + (tm->tm_mon == 1 && is_leap(y)) ||
	    (unsigned int)tm->tm_hour >= 24 || (unsigned int)tm->tm_min >= 60 ||
	    (unsigned int)tm->tm_sec >= 60)
		return -EINVAL;
	return 0;
}

/* Wait out an update in progress (at most 244 us on the chip), then read. */
void mc146818_get_time(struct rtc_time *tm)
{
	unsigned long flags;
	unsigned int century;
	u8 sec;

	for (;;) {
		spin_lock_irqsave(&rtc_lock, flags);
		if (!(cmos_read(RTC_REG_A) & RTC_UIP))
			break;
		spin_unlock_irqrestore(&rtc_lock, flags);
		cpu_relax();
	}
	do {
		sec = cmos_read(RTC_SECONDS);
		tm->tm_min = from_bcd(cmos_read(RTC_MINUTES));
		tm->tm_hour = from_bcd(cmos_read(RTC_HOURS));
		tm->tm_mday = from_bcd(cmos_read(RTC_DAY_OF_MONTH));
		tm->tm_mon = from_bcd(cmos_read(RTC_MONTH)) - 1;
		tm->tm_year = from_bcd(cmos_read(RTC_YEAR));
		century = from_bcd(cmos_read(RTC_CENTURY));
	} while (sec != cmos_read(RTC_SECONDS));	/* a second boundary came between */
	spin_unlock_irqrestore(&rtc_lock, flags);
	tm->tm_sec = from_bcd(sec);
	tm->tm_year += century ? (int)century * 100 - 1900 : (tm->tm_year < 70 ? 100 : 0);
	rtc_time64_to_tm(rtc_tm_to_time64(tm), tm);	/* fills wday and yday */
}

/* Stop the updates (SET), write every field, start them again. */
int mc146818_set_time(const struct rtc_time *tm)
{
	unsigned long flags;
	int y = tm->tm_year + 1900;
	u8 b;

	if (rtc_valid_tm(tm))
		return -EINVAL;
	spin_lock_irqsave(&rtc_lock, flags);
	b = cmos_read(RTC_REG_B);
	cmos_write(b | RTC_SET, RTC_REG_B);
	cmos_write(to_bcd(tm->tm_sec), RTC_SECONDS);
	cmos_write(to_bcd(tm->tm_min), RTC_MINUTES);
	cmos_write(to_bcd(tm->tm_hour), RTC_HOURS);
	cmos_write(to_bcd(tm->tm_mday), RTC_DAY_OF_MONTH);
	cmos_write(to_bcd(tm->tm_mon + 1), RTC_MONTH);
	cmos_write(to_bcd(y % 100), RTC_YEAR);
	cmos_write(to_bcd(y / 100), RTC_CENTURY);
	cmos_write(b & ~RTC_SET, RTC_REG_B);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return 0;
}

/* The alarm registers (hour, minute, second; 0xC0 and up match any). */
void mc146818_get_alarm(struct rtc_time *tm)
{
	unsigned long flags;
	u8 s, m, h;

	spin_lock_irqsave(&rtc_lock, flags);
	s = cmos_read(RTC_SECONDS_ALARM);
	m = cmos_read(RTC_MINUTES_ALARM);
	h = cmos_read(RTC_HOURS_ALARM);
	spin_unlock_irqrestore(&rtc_lock, flags);
	tm->tm_sec = s >= 0xC0 ? -1 : (int)from_bcd(s);
	tm->tm_min = m >= 0xC0 ? -1 : (int)from_bcd(m);
	tm->tm_hour = h >= 0xC0 ? -1 : (int)from_bcd(h);
}

int mc146818_set_alarm(const struct rtc_time *tm)
{
	unsigned long flags;

	/* Out-of-range fields mean "any" (Linux's rtc-cmos writes 0xFF for them). */
	u8 s = (unsigned int)tm->tm_sec < 60 ? to_bcd(tm->tm_sec) : 0xFF;
	u8 m = (unsigned int)tm->tm_min < 60 ? to_bcd(tm->tm_min) : 0xFF;
	u8 h = (unsigned int)tm->tm_hour < 24 ? to_bcd(tm->tm_hour) : 0xFF;

	spin_lock_irqsave(&rtc_lock, flags);
	cmos_write(s, RTC_SECONDS_ALARM);
	cmos_write(m, RTC_MINUTES_ALARM);
	cmos_write(h, RTC_HOURS_ALARM);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return 0;
}

/*
 * Linux's read_persistent_clock64 at timekeeping_init: the CMOS time less
 * the time since boot, so REALTIME = boot_wallclock_sec + sched_clock().
 */
static int __init rtc_wallclock_init(void)
{
	struct rtc_time tm;
	s64 t;
	u64 up;

	rtc_binary = cmos_read(RTC_REG_B) & RTC_DM_BINARY;
	if (request_region(0x70, 2, "rtc_cmos"))
		request_region(0x70, 2, "rtc0");
	mc146818_get_time(&tm);
	up = sched_clock();
	do_div(up, 1000000000u);
	t = rtc_tm_to_time64(&tm);
	if (rtc_valid_tm(&tm) || t < (s64)up) {
		pr_warn("rtc_cmos: invalid CMOS time, the wall clock starts at 1970\n");
		return 0;
	}
	boot_wallclock_sec = (u64)(t - (s64)up);
	pr_info("rtc_cmos: setting system clock to %04d-%02d-%02d %02d:%02d:%02d UTC (%lld)\n",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		(long long)t);
	return 0;
}
pure_initcall(rtc_wallclock_init);
