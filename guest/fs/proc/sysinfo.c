/*
 * More /proc files about the whole system, in Linux 6.1's formats:
 * softirqs (fs/proc/softirqs.c), ioports and iomem (kernel/resource.c),
 * diskstats (block/genhd.c), devices (fs/proc/devices.c) and timer_list
 * (kernel/time/timer_list.c: lucix has no hrtimers, so every clock base
 * lists no active timers, and the tick device is the PIT in periodic mode).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/ioport.h>
#include <linux/blkdev.h>
#include <linux/cdev.h>
#include <linux/time.h>
#include <linux/rtc.h>
#include "internal.h"

static int softirqs_proc_show(struct seq_file *m, void *v)
{
	int i;

	(void)v;
	seq_printf(m, "%20sCPU%-8d\n", "", 0);
	for (i = 0; i < NR_SOFTIRQS; i++)
		seq_printf(m, "%12s: %10lu\n", softirq_to_name[i], kstat_softirqs[i]);
	return 0;
}

static int ioports_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	resource_show(m, &ioport_resource, 4);
	return 0;
}

static int iomem_proc_show(struct seq_file *m, void *v)
{
	(void)v;
	resource_show(m, &iomem_resource, 8);
	return 0;
}

/* One row of diskstats: reads, merges, sectors, ms; writes alike; in flight, io ms, weighted ms; discards; flushes. */
static int diskstats_proc_show(struct seq_file *m, void *v)
{
	struct gendisk *disk;
	int i, p;

	(void)v;
	for (i = 0; (disk = get_disk_nr(i)); i++)
		for (p = 0; p < DISK_MAX_PARTS; p++) {
			struct block_device *b = &disk->part[p];
			const struct disk_stats *s = &b->stats;

			if (!b->nr_sects)
				continue;
			seq_printf(m, "%4d %7d %s %lu %lu %lu %u %lu %lu %lu %u %u %u %u %lu %lu %lu %u %lu %u\n",
				   MAJOR(b->dev), MINOR(b->dev), b->name, s->ios[0], s->merges[0],
				   s->sectors[0], s->ms[0], s->ios[1], s->merges[1], s->sectors[1], s->ms[1], 0u,
				   s->ms[0] + s->ms[1], s->ms[0] + s->ms[1], 0UL, 0UL, 0UL, 0u, s->flushes,
				   0u);
		}
	return 0;
}

/*
 * The character majors the kernel's own drivers answer (fs/char_dev.c's
 * chrdev_open), as Linux names them, merged in order with those drivers
 * and modules registered.
 */
static const struct { unsigned int major; const char *name; } builtin_chr[] = {
	{ 1, "mem" }, { 4, "/dev/vc/0" }, { 4, "tty" }, { 4, "ttyS" }, { 5, "/dev/tty" },
	{ 5, "/dev/console" }, { 5, "/dev/ptmx" }, { 14, "sound" }, { 128, "ptm" }, { 136, "pts" },
	{ 254, "rtc" },
};

static int devices_proc_show(struct seq_file *m, void *v)
{
	unsigned int i = 0, j = 0, rmajor;
	const char *rname;
	struct gendisk *disk;
	int d;

	(void)v;
	seq_puts(m, "Character devices:\n");
	for (;;) {
		bool have_r = chrdev_region_nr(j, &rmajor, &rname) == 0;
		bool have_b = i < ARRAY_SIZE(builtin_chr);

		if (!have_r && !have_b)
			break;
		if (have_b && (!have_r || builtin_chr[i].major <= rmajor)) {
			seq_printf(m, "%3u %s\n", builtin_chr[i].major, builtin_chr[i].name);
			i++;
		} else {
			seq_printf(m, "%3u %s\n", rmajor, rname);
			j++;
		}
	}
	seq_puts(m, "\nBlock devices:\n");
	for (d = 0; (disk = get_disk_nr(d)); d++)
		seq_printf(m, "%3d ide%d\n", disk->major, d);
	return 0;
}

static const char *const clock_get_time[4] = {
	"ktime_get", "ktime_get_real", "ktime_get_boottime", "ktime_get_clocktai",
};

static void print_clock_bases(struct seq_file *m, u64 real_offset)
{
	int i;

	for (i = 0; i < 8; i++) {
		u64 off = (i & 3) == 1 || (i & 3) == 3 ? real_offset : 0;

		seq_printf(m, " clock %d:\n", i);
		seq_puts(m, "  .base:       (ptrval)\n");
		seq_printf(m, "  .index:      %d\n", i);
		seq_printf(m, "  .resolution: %u nsecs\n", 1000000000u / HZ);
		seq_printf(m, "  .get_time:   %s\n", clock_get_time[i & 3]);
		seq_printf(m, "  .offset:     %llu nsecs\n", (unsigned long long)off);
		seq_puts(m, "active timers:\n");
	}
}

static int timer_list_proc_show(struct seq_file *m, void *v)
{
	u64 now = local_clock(), next = (u64)(jiffies_64 + 1 - INITIAL_JIFFIES) * (1000000000u / HZ);
	static const char *const zero_rows[] = {
		".hres_active    ", ".nr_events      ", ".nr_retries     ", ".nr_hangs       ",
		".max_hang_time  ", ".nohz_mode      ",
	};
	unsigned int i;

	(void)v;
	seq_puts(m, "Timer List Version: v0.9\nHRTIMER_MAX_CLOCK_BASES: 8\n");
	seq_printf(m, "now at %llu nsecs\n\ncpu: 0\n", (unsigned long long)now);
	print_clock_bases(m, boot_wallclock_sec * 1000000000ULL);
	seq_printf(m, "  .expires_next   : %llu nsecs\n", (unsigned long long)next);
	for (i = 0; i < ARRAY_SIZE(zero_rows); i++)
		seq_printf(m, "  %s: 0\n", zero_rows[i]);
	seq_puts(m, "  .last_tick      : 0 nsecs\n  .tick_stopped   : 0\n  .idle_jiffies   : 0\n"
		 "  .idle_calls     : 0\n  .idle_sleeps    : 0\n  .idle_entrytime : 0 nsecs\n"
		 "  .idle_waketime  : 0 nsecs\n  .idle_exittime  : 0 nsecs\n"
		 "  .idle_sleeptime : 0 nsecs\n  .iowait_sleeptime: 0 nsecs\n"
		 "  .last_jiffies   : 0\n  .next_timer     : 0\n  .idle_expires   : 0 nsecs\n");
	seq_printf(m, "jiffies: %llu\n\n", (unsigned long long)jiffies_64);
	seq_puts(m, "Tick Device: mode:     0\nBroadcast device\nClock Event Device: <NULL>\n"
		 "tick_broadcast_mask: 0\ntick_broadcast_oneshot_mask: 0\n\n");
	seq_puts(m, "Tick Device: mode:     0\nPer CPU device: 0\nClock Event Device: pit\n");
	/* the PIT's limits (0x7fff and 0xf ticks of 1193182 Hz) and clockevents' mult/shift for it */
	seq_printf(m, " max_delta_ns:   %u\n min_delta_ns:   %u\n mult:           %u\n"
		   " shift:          %u\n mode:           %u\n", 27461861u, 12572u, 5124678u, 32u, 2u);
	seq_puts(m, " next_event:     9223372036854775807 nsecs\n set_next_event: pit_next_event\n"
		 " shutdown:       pit_shutdown\n periodic:       pit_set_periodic\n"
		 " oneshot:        pit_set_oneshot\n event_handler:  tick_handle_periodic\n\n"
		 " retries:        0\nWakeup Device: <NULL>\n\n");
	return 0;
}

void proc_sysinfo_init(void)
{
	proc_create_single("softirqs", 0444, NULL, softirqs_proc_show);
	proc_create_single("ioports", 0444, NULL, ioports_proc_show);
	proc_create_single("iomem", 0444, NULL, iomem_proc_show);
	proc_create_single("diskstats", 0444, NULL, diskstats_proc_show);
	proc_create_single("devices", 0444, NULL, devices_proc_show);
	proc_create_single("timer_list", 0444, NULL, timer_list_proc_show);
	proc_kcore_init();
}
