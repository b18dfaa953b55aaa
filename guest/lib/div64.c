/*
 * 64-bit division helpers that gcc calls on i386 (__udivdi3 and friends,
 * normally from libgcc). Our own, by shift and subtract, because Debian's
 * 32-bit libgcc is built for i686 and may use instructions a 386 or 486
 * lacks (CMOV). Slow, but the kernel divides 64-bit numbers rarely (printk
 * timestamps, calibration).
 */
#include <linux/types.h>

u64 __udivmoddi4(u64 num, u64 den, u64 *rem_p);

u64 __udivmoddi4(u64 num, u64 den, u64 *rem_p)
{
	u64 quot = 0, bit = 1;

	if (den == 0) {			/* as the hardware: a divide error */
		__asm__ __volatile__("divl %0" : : "r"(0), "a"(0), "d"(0));
		return 0;
	}
	if (!(den >> 32) && !(num >> 32)) {	/* the common 32-bit case */
		if (rem_p)
			*rem_p = (u32)num % (u32)den;
		return (u32)num / (u32)den;
	}
	while (den < num && !(den >> 63)) {
		den <<= 1;
		bit <<= 1;
	}
	while (bit) {
		if (num >= den) {
			num -= den;
			quot |= bit;
		}
		den >>= 1;
		bit >>= 1;
	}
	if (rem_p)
		*rem_p = num;
	return quot;
}

u64 __udivdi3(u64 num, u64 den);
u64 __umoddi3(u64 num, u64 den);
s64 __divdi3(s64 num, s64 den);
s64 __moddi3(s64 num, s64 den);

u64 __udivdi3(u64 num, u64 den)
{
	return __udivmoddi4(num, den, NULL);
}

u64 __umoddi3(u64 num, u64 den)
{
	u64 rem;

	__udivmoddi4(num, den, &rem);
	return rem;
}

s64 __divdi3(s64 num, s64 den)
{
	int neg = (num < 0) ^ (den < 0);
	u64 q = __udivmoddi4(num < 0 ? -(u64)num : (u64)num, den < 0 ? -(u64)den : (u64)den,
			     NULL);

	return neg ? -(s64)q : (s64)q;
}

s64 __moddi3(s64 num, s64 den)
{
	u64 rem;

	__udivmoddi4(num < 0 ? -(u64)num : (u64)num, den < 0 ? -(u64)den : (u64)den, &rem);
	return num < 0 ? -(s64)rem : (s64)rem;
}
