/*
 * The few string helpers the real-mode setup needs. Byte loops on purpose:
 * this code runs once and must stay small.
 */
#include "boot.h"

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	u8 *dp = d;

	while (n--)
		*dp++ = c;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

/* Zero all the registers of a BIOS call but the segment-free ones we set. */
void initregs(struct biosregs *r)
{
	memset(r, 0, sizeof(*r));
}
