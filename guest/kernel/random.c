/*
 * get_random_bytes: a deterministic generator (xorshift64*, fixed seed), so
 * that AT_RANDOM and everything else seeded from here is the same on every
 * run, on Lucid and on QEMU alike: the emulator's runs must be repeatable.
 * Not for secrets; a real entropy pool is future work.
 */
#include <linux/kernel.h>
#include <linux/types.h>

static u64 random_state = 0x6c75636978213836ULL;	/* "lucix!86" */

static u64 next_random(void)
{
	u64 x = random_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	random_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

void get_random_bytes(void *buf, int nbytes)
{
	u8 *p = buf;

	while (nbytes > 0) {
		u64 r = next_random();
		int i;

		for (i = 0; i < 8 && nbytes > 0; i++, nbytes--)
			*p++ = r >> (8 * i);
	}
}
