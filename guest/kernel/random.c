/*
 * get_random_bytes: a deterministic generator (xorshift64*), so that
 * AT_RANDOM, getrandom and /dev/[u]random give the same bytes on every run
 * of the same machine: the emulator's runs must be repeatable and
 * replayable. Its state starts from a fixed constant, and at the first use
 * mixes in what the machine itself supplies and the emulator keeps
 * deterministic: the RTC's time at boot and the TSC (the instruction count
 * on Lucid), never anything of the host's. Writes to /dev/random mix their
 * bytes in (Linux's credit-less write). Not for secrets.
 */
#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/rtc.h>
#include <asm/processor.h>

extern unsigned long tsc_khz;

static u64 random_state = 0x6c75636978213836ULL;	/* "lucix!86" */
static bool random_seeded;

static u64 next_random(void)
{
	u64 x = random_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	random_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

/* Fold 64 bits into the state; it never becomes 0 (xorshift's one fixed point). */
void add_device_randomness_u64(u64 v)
{
	random_state ^= v * 0x9E3779B97F4A7C15ULL;
	if (!random_state)
		random_state = 0x6c75636978213836ULL;
	next_random();
}

static void seed_random(void)
{
	random_seeded = true;
	add_device_randomness_u64(boot_wallclock_sec);
	if (tsc_khz)			/* calibrated: the CPU has a TSC */
		add_device_randomness_u64(rdtsc());
}

void get_random_bytes(void *buf, int nbytes)
{
	u8 *p = buf;

	if (!random_seeded)
		seed_random();
	while (nbytes > 0) {
		u64 r = next_random();
		int i;

		for (i = 0; i < 8 && nbytes > 0; i++, nbytes--)
			*p++ = r >> (8 * i);
	}
}
