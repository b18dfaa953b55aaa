/*
 * Setting the wall clock (Linux's do_settimeofday64 and its system calls:
 * clock_settime, clock_settime64, settimeofday, stime). CLOCK_REALTIME is
 * boot_wallclock_sec + sched_clock(), so setting it moves boot_wallclock_sec
 * (whole seconds: the fraction of the second set is rounded away) and the
 * vDSO's copy. Everybody is root, so CAP_SYS_TIME always holds. The RTC is
 * not touched (hwclock -w does that through /dev/rtc0).
 */
#include <linux/kernel.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include <linux/rtc.h>

#define CLOCK_REALTIME	0
#define NSEC_PER_SEC	1000000000u

void vdso_set_wall_sec(u64 sec);

static int do_settimeofday(s64 sec, u32 nsec)
{
	u64 up = sched_clock(), s;
	u32 frac = do_div(up, NSEC_PER_SEC);

	if (sec < 0 || nsec >= NSEC_PER_SEC)
		return -EINVAL;
	/* sec + nsec = wall + up + frac: round (nsec - frac) to the nearest second */
	s = (u64)sec - up;
	if (nsec >= frac ? nsec - frac >= NSEC_PER_SEC / 2 : frac - nsec > NSEC_PER_SEC / 2)
		s += nsec >= frac ? 1 : -1;
	if ((s64)s < 0)
		return -EINVAL;
	boot_wallclock_sec = s;
	vdso_set_wall_sec(s);
	return 0;
}

long sys_clock_settime32(int which, const s32 __user *tp)
{
	s32 t[2];

	if (which != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(t, tp, sizeof(t)))
		return -EFAULT;
	return t[1] < 0 ? -EINVAL : do_settimeofday(t[0], (u32)t[1]);
}

/* struct __kernel_timespec: a 64-bit second, then the nanoseconds (low word used). */
long sys_clock_settime(int which, const void __user *tp)
{
	struct { s64 sec; s32 nsec, pad; } t;

	if (which != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(&t, tp, sizeof(t)))
		return -EFAULT;
	return t.nsec < 0 ? -EINVAL : do_settimeofday(t.sec, (u32)t.nsec);
}

long sys_settimeofday(const s32 __user *tv, const void __user *tz)
{
	s32 t[2];

	if (!tv)
		return 0;		/* only the time zone, which lucix does not keep */
	if (copy_from_user(t, tv, sizeof(t)))
		return -EFAULT;
	if (t[1] < 0 || t[1] >= 1000000)
		return -EINVAL;
	return do_settimeofday(t[0], (u32)t[1] * 1000);
}

long sys_stime(const s32 __user *tptr)
{
	s32 t;

	if (get_user(t, tptr))
		return -EFAULT;
	return do_settimeofday(t, 0);
}
