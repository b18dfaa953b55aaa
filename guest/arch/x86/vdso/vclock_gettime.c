/*
 * The vDSO's clocks (Linux's arch/x86/entry/vdso/vclock_gettime.c, reduced):
 * clock_gettime for the realtime and monotonic clocks, gettimeofday and time,
 * computed in user mode from RDTSC exactly as the kernel's sched_clock() does
 * (ns = cycles * mult >> 22), with mult and the boot wall-clock time in
 * vdso_data, which the kernel fills in (arch/x86/vdso.c). Other clocks, or a
 * CPU without a calibrated TSC (mult 0), take the system call.
 */
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long s64;

struct vdso_data {
	u32 mult;		/* sched_clock's cyc2ns_mult; 0: no TSC, use the system call */
	u32 pad;
	u64 wall_sec;		/* CLOCK_REALTIME at boot, in seconds */
};

__attribute__((visibility("hidden"), section(".vvar"))) struct vdso_data vdso_data;

struct old_timespec32 { long tv_sec, tv_nsec; };
struct kernel_timespec { s64 tv_sec; long tv_nsec, pad; };
struct old_timeval32 { long tv_sec, tv_usec; };

#define CYC2NS_SHIFT 22
#define NSEC_PER_SEC 1000000000U

static long vsyscall2(long nr, long a, long b)
{
	long ret;

	__asm__ __volatile__("int $0x80" : "=a"(ret) : "0"(nr), "b"(a), "c"(b) : "memory");
	return ret;
}

/* ns since boot, or (u64)-1 when the clock cannot be read here. */
static u64 clock_ns(int clk)
{
	u32 mult = *(volatile u32 *)&vdso_data.mult, lo, hi;

	if (!mult || (clk != 0 && clk != 1 && clk != 4 && clk != 5 && clk != 6 && clk != 7))
		return ~0ULL;
	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (((u64)lo * mult) >> CYC2NS_SHIFT) + (((u64)hi * mult) << (32 - CYC2NS_SHIFT)) +
	       ((clk == 0 || clk == 5) ? vdso_data.wall_sec * NSEC_PER_SEC : 0);
}

/* ns / 1e9 and the remainder, with 32-bit divisions only (no libgcc here). */
static u64 split(u64 ns, u32 *rem)
{
	u32 hi = ns >> 32, lo = (u32)ns, qhi = hi / NSEC_PER_SEC, r = hi % NSEC_PER_SEC, qlo;

	__asm__("divl %4" : "=a"(qlo), "=d"(*rem) : "0"(lo), "1"(r), "rm"(NSEC_PER_SEC));
	return ((u64)qhi << 32) | qlo;
}

int __vdso_clock_gettime64(int clk, struct kernel_timespec *ts)
{
	u64 ns = clock_ns(clk);
	u32 rem;

	if (ns == ~0ULL)
		return vsyscall2(403 /* clock_gettime64 */, clk, (long)ts);
	ts->tv_sec = split(ns, &rem);
	ts->tv_nsec = rem;
	return 0;
}

int __vdso_clock_gettime(int clk, struct old_timespec32 *ts)
{
	u64 ns = clock_ns(clk);
	u32 rem;

	if (ns == ~0ULL)
		return vsyscall2(265 /* clock_gettime */, clk, (long)ts);
	ts->tv_sec = split(ns, &rem);
	ts->tv_nsec = rem;
	return 0;
}

int __vdso_gettimeofday(struct old_timeval32 *tv, void *tz)
{
	u64 ns = clock_ns(0);
	u32 rem;

	if (ns == ~0ULL || tz)
		return vsyscall2(78 /* gettimeofday */, (long)tv, (long)tz);
	if (tv) {
		tv->tv_sec = split(ns, &rem);
		tv->tv_usec = rem / 1000;
	}
	return 0;
}

long __vdso_time(long *t)
{
	u64 ns = clock_ns(0);
	u32 rem;
	long s;

	if (ns == ~0ULL)
		return vsyscall2(13 /* time */, (long)t, 0);
	s = split(ns, &rem);
	if (t)
		*t = s;
	return s;
}
