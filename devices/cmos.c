/*
 * The Motorola MC146818A real-time clock with its 114 bytes of CMOS RAM
 * (MC146818A datasheet: registers A-D, the update cycle, periodic, alarm and
 * update-ended interrupts) as wired in the PC/AT (ports 0x70/0x71, IRQ8, NMI
 * mask in bit 7 of port 0x70) with the IBM CMOS layout the BIOS reads
 * (equipment, disk types, memory sizes, checksum at 0x2E, century at 0x32).
 *
 * The time is never ticked: it is base_sec plus the virtual time since
 * base_ns, computed when a register is read. Periodic, update and alarm
 * events are timers on the virtual clock, armed only while their interrupt is
 * enabled; when it is not, register C's flags are worked out on reading
 * ("has a boundary passed since C was last read?"), which is what a polling
 * driver sees on the real chip.
 *
 * The update cycle: UIP (register A bit 7) is set during the last 244 us of
 * each second, and the time registers change at the second boundary, so a
 * driver that waits for UIP to fall reads a freshly updated, stable time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/cmos.h"

/* Plain data, saved as is. */
struct cmos_state {
	u8 ram[128];		/* registers 0x00-0x0D and the CMOS bytes */
	s64 base_sec;		/* calendar time (seconds since 1970) at base_ns */
	u64 base_ns;		/* virtual ns at which the clock showed base_sec */
	u64 last_c_ns;		/* virtual ns of the last read of register C */
	u8 index;		/* selected register */
	u8 nmi_disabled;	/* port 0x70 bit 7 */
	u8 irq_level;
};

struct cmos {
	struct cmos_state s;
	s64 start_sec;		/* the configured start time, restored on reset */
	struct clock *clock;
	struct irq_line *irq;
	struct timer timer;	/* next periodic, update or alarm event */
	struct bus *bus;
	struct device device;
};

#define CMOS_SNAP_VERSION 1
#define NS 1000000000ull

enum {
	REG_SEC = 0x00, REG_SEC_ALARM = 0x01, REG_MIN = 0x02, REG_MIN_ALARM = 0x03,
	REG_HOUR = 0x04, REG_HOUR_ALARM = 0x05, REG_WDAY = 0x06, REG_MDAY = 0x07,
	REG_MONTH = 0x08, REG_YEAR = 0x09, REG_A = 0x0A, REG_B = 0x0B, REG_C = 0x0C,
	REG_D = 0x0D, REG_CENTURY = 0x32,
};

#define A_UIP 0x80
#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_SQWE 0x08
#define B_DM 0x04		/* binary, not BCD */
#define B_24H 0x02
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10

#define UIP_NS 244000ull

/* ---- calendar arithmetic (days since 1970-01-01, proleptic Gregorian) ---- */

s64 cmos_days_from_civil(int y, int m, int d)
{
	/* Count years from March, so the leap day is the last day of a year. */
	y -= m <= 2;
	s64 era = (y >= 0 ? y : y - 399) / 400;
	s64 yoe = y - era * 400;
	s64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	s64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cmos_civil_from_days(s64 days, int *y, int *m, int *d)
{
	days += 719468;
	s64 era = (days >= 0 ? days : days - 146096) / 146097;
	s64 doe = days - era * 146097;
	s64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	s64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	s64 mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int cmos_parse_time(const char *s, s64 *sec)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	char sep;

	if (sscanf(s, "%d-%d-%d%n", &y, &mo, &d, &n) != 3)
		return -1;
	if (s[n]) {
		int k = 0;
		if (sscanf(s + n, "%c%d:%d:%d%n", &sep, &h, &mi, &se, &k) != 4 || s[n + k] ||
		    (sep != 'T' && sep != ' '))
			return -1;
	}
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || h < 0 ||
	    mi < 0 || mi > 59 || se < 0 || se > 59)
		return -1;
	*sec = cmos_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* ---- register encoding ---- */

static bool is_binary(const struct cmos *c) { return c->s.ram[REG_B] & B_DM; }

static u8 enc(const struct cmos *c, int v)
{
	return is_binary(c) ? v : (v / 10) << 4 | v % 10;
}

static int dec(const struct cmos *c, u8 v)
{
	return is_binary(c) ? v : (v >> 4) * 10 + (v & 15);
}

static u8 enc_hour(const struct cmos *c, int h)
{
	if (c->s.ram[REG_B] & B_24H)
		return enc(c, h);
	int h12 = h % 12 ? h % 12 : 12;
	return enc(c, h12) | (h >= 12 ? 0x80 : 0);
}

static int dec_hour(const struct cmos *c, u8 v)
{
	if (c->s.ram[REG_B] & B_24H)
		return dec(c, v);
	return dec(c, v & 0x7F) % 12 + (v & 0x80 ? 12 : 0);
}

static u64 now_ns(const struct cmos *c) { return clock_ns(c->clock); }

s64 cmos_time(const struct cmos *c)
{
	return c->s.base_sec + (s64)((now_ns(c) - c->s.base_ns) / NS);
}

/* Write the calendar time t into the time registers. */
static void fill_time(struct cmos *c, s64 t)
{
	s64 days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	s64 rem = t - days * 86400;
	int y, m, d;

	cmos_civil_from_days(days, &y, &m, &d);
	c->s.ram[REG_SEC] = enc(c, rem % 60);
	c->s.ram[REG_MIN] = enc(c, rem / 60 % 60);
	c->s.ram[REG_HOUR] = enc_hour(c, (int)(rem / 3600));
	c->s.ram[REG_WDAY] = enc(c, (int)(((days + 4) % 7 + 7) % 7 + 1));
	c->s.ram[REG_MDAY] = enc(c, d);
	c->s.ram[REG_MONTH] = enc(c, m);
	c->s.ram[REG_YEAR] = enc(c, y % 100);
	c->s.ram[REG_CENTURY] = enc(c, y / 100);
}

/* The calendar time the time registers hold (after a guest wrote them). */
static s64 regs_time(const struct cmos *c)
{
	int y = dec(c, c->s.ram[REG_CENTURY]) * 100 + dec(c, c->s.ram[REG_YEAR]);
	int m = dec(c, c->s.ram[REG_MONTH]), d = dec(c, c->s.ram[REG_MDAY]);

	if (m < 1 || m > 12)
		m = 1;
	if (d < 1 || d > 31)
		d = 1;
	return cmos_days_from_civil(y, m, d) * 86400 + dec_hour(c, c->s.ram[REG_HOUR]) * 3600 +
	       dec(c, c->s.ram[REG_MIN]) * 60 + dec(c, c->s.ram[REG_SEC]);
}

/* The periodic interrupt's period in 32.768 kHz divider ticks, or 0 if off. */
static u32 periodic_ticks(const struct cmos *c)
{
	int rs = c->s.ram[REG_A] & 15;
	if (!rs)
		return 0;
	return rs == 1 ? 128 : rs == 2 ? 256 : 1u << (rs - 1);
}

static u64 ns_to_32k(u64 ns) { return (u64)((unsigned __int128)ns * 32768 / NS); }
static u64 k32_to_ns(u64 t) { return (u64)(((unsigned __int128)t * NS + 32767) / 32768); }

/* Does the alarm match time t? 0xC0-0xFF in an alarm byte matches anything. */
static bool alarm_matches(struct cmos *c, s64 t)
{
	s64 rem = ((t % 86400) + 86400) % 86400;
	u8 sa = c->s.ram[REG_SEC_ALARM], ma = c->s.ram[REG_MIN_ALARM];
	u8 ha = c->s.ram[REG_HOUR_ALARM];

	return ((sa & 0xC0) == 0xC0 || dec(c, sa) == rem % 60) &&
	       ((ma & 0xC0) == 0xC0 || dec(c, ma) == rem / 60 % 60) &&
	       ((ha & 0xC0) == 0xC0 || dec_hour(c, ha) == rem / 3600);
}

static void update_irq(struct cmos *c)
{
	u8 flags = c->s.ram[REG_C] & c->s.ram[REG_B] & (C_PF | C_AF | C_UF);

	if (flags)
		c->s.ram[REG_C] |= C_IRQF;
	u8 level = !!(c->s.ram[REG_C] & C_IRQF);
	if (level != c->s.irq_level) {
		c->s.irq_level = level;
		irq_set(c->irq, level);
	}
}

/* Arm the timer for the next enabled event, or stop it. */
static void cmos_arm(struct cmos *c)
{
	u64 now = now_ns(c), next = CLOCK_NEVER;
	u8 b = c->s.ram[REG_B];
	u32 p = periodic_ticks(c);

	if ((b & B_PIE) && p)
		next = k32_to_ns((ns_to_32k(now) / p + 1) * p);
	if ((b & (B_UIE | B_AIE)) && !(b & B_SET)) {
		u64 sec = c->s.base_ns + ((now - c->s.base_ns) / NS + 1) * NS;
		if (sec < next)
			next = sec;
	}
	if (next == CLOCK_NEVER)
		timer_del(c->clock, &c->timer);
	else
		timer_mod(c->clock, &c->timer, clock_ns_to_icount(c->clock, next));
}

/*
 * Set the flags of every event in (from, to]: periodic ticks, second
 * boundaries (update ended) and alarm matches at those boundaries.
 */
static void note_events(struct cmos *c, u64 from, u64 to)
{
	u32 p = periodic_ticks(c);

	if (to <= from)
		return;
	if (p && ns_to_32k(to) / p != ns_to_32k(from) / p)
		c->s.ram[REG_C] |= C_PF;
	if (c->s.ram[REG_B] & B_SET)
		return;
	u64 s0 = (from - c->s.base_ns) / NS, s1 = (to - c->s.base_ns) / NS;
	if (s1 != s0) {
		c->s.ram[REG_C] |= C_UF;
		/* The alarm is checked at each new second; a day covers every match. */
		for (u64 s = s1; s > s0 && s1 - s < 86400; s--) {
			if (alarm_matches(c, c->s.base_sec + (s64)s)) {
				c->s.ram[REG_C] |= C_AF;
				break;
			}
		}
	}
}

static void cmos_timer(void *opaque)
{
	struct cmos *c = opaque;
	u64 now = now_ns(c);

	note_events(c, c->s.last_c_ns, now);
	c->s.last_c_ns = now;
	update_irq(c);
	cmos_arm(c);
}

static u8 reg_read(struct cmos *c, u8 idx)
{
	u64 now = now_ns(c);
	u8 v;

	switch (idx) {
	case REG_SEC: case REG_MIN: case REG_HOUR: case REG_WDAY: case REG_MDAY:
	case REG_MONTH: case REG_YEAR: case REG_CENTURY:
		if (!(c->s.ram[REG_B] & B_SET))
			fill_time(c, cmos_time(c));
		return c->s.ram[idx];
	case REG_A:
		v = c->s.ram[REG_A] & 0x7F;
		if (!(c->s.ram[REG_B] & B_SET) && (now - c->s.base_ns) % NS >= NS - UIP_NS)
			v |= A_UIP;
		return v;
	case REG_C:
		note_events(c, c->s.last_c_ns, now);
		c->s.last_c_ns = now;
		v = c->s.ram[REG_C];
		if (v & c->s.ram[REG_B] & (C_PF | C_AF | C_UF))
			v |= C_IRQF;
		c->s.ram[REG_C] = 0;
		update_irq(c);
		return v;
	case REG_D:
		return 0x80;	/* valid RAM and time: the battery is good */
	default:
		return c->s.ram[idx];
	}
}

static void reg_write(struct cmos *c, u8 idx, u8 val)
{
	u8 old;

	switch (idx) {
	case REG_SEC: case REG_MIN: case REG_HOUR: case REG_WDAY: case REG_MDAY:
	case REG_MONTH: case REG_YEAR: case REG_CENTURY:
		if (!(c->s.ram[REG_B] & B_SET))
			fill_time(c, cmos_time(c));
		c->s.ram[idx] = val;
		if (!(c->s.ram[REG_B] & B_SET)) {
			/* Written while running: the clock carries on from the new time. */
			c->s.base_sec = regs_time(c);
			c->s.base_ns = now_ns(c);
		}
		break;
	case REG_A:
		c->s.ram[REG_A] = val & 0x7F;
		break;
	case REG_B:
		old = c->s.ram[REG_B];
		if (!(old & B_SET) && (val & B_SET))
			fill_time(c, cmos_time(c));	/* freeze what the guest will edit */
		if (val & B_SET)
			val &= ~B_UIE;			/* the datasheet: SET clears UIE */
		c->s.ram[REG_B] = val;
		if ((old & B_SET) && !(val & B_SET)) {
			c->s.base_sec = regs_time(c);
			c->s.base_ns = now_ns(c);
			c->s.last_c_ns = c->s.base_ns;
		}
		update_irq(c);
		break;
	case REG_C:
	case REG_D:
		break;		/* read-only */
	default:
		c->s.ram[idx] = val;
		break;
	}
	cmos_arm(c);
}

static u32 cmos_io_read(void *opaque, u32 offset, int size)
{
	struct cmos *c = opaque;

	if (offset == 0)
		return 0xFF;	/* the index port is write-only on the AT */
	return reg_read(c, c->s.index);
}

static void cmos_io_write(void *opaque, u32 offset, u32 val, int size)
{
	struct cmos *c = opaque;

	if (offset == 0) {
		c->s.index = val & 0x7F;
		c->s.nmi_disabled = !!(val & 0x80);
	} else {
		reg_write(c, c->s.index, val);
	}
}

static const struct io_ops cmos_ops = { cmos_io_read, cmos_io_write, 0 };

void cmos_set_memory(struct cmos *c, u64 ram)
{
	u64 ext = ram > (1u << 20) ? (ram - (1u << 20)) / 1024 : 0;
	u64 above16 = ram > (16u << 20) ? (ram - (16u << 20)) / 65536 : 0;

	if (ext > 0xFFFF)
		ext = 0xFFFF;
	if (above16 > 0xFFFF)
		above16 = 0xFFFF;
	c->s.ram[0x15] = 640 & 0xFF;
	c->s.ram[0x16] = 640 >> 8;
	c->s.ram[0x17] = c->s.ram[0x30] = ext & 0xFF;
	c->s.ram[0x18] = c->s.ram[0x31] = ext >> 8;
	c->s.ram[0x34] = above16 & 0xFF;
	c->s.ram[0x35] = above16 >> 8;
	c->s.ram[0x5B] = c->s.ram[0x5C] = c->s.ram[0x5D] = 0;	/* nothing above 4 GiB */
}

void cmos_set_disk0(struct cmos *c, u32 cyl, u32 heads, u32 spt)
{
	c->s.ram[0x12] = (c->s.ram[0x12] & 0x0F) | 0xF0;	/* drive 0: see 0x19 */
	c->s.ram[0x19] = 47;					/* user-defined type */
	c->s.ram[0x1B] = cyl & 0xFF;
	c->s.ram[0x1C] = cyl >> 8;
	c->s.ram[0x1D] = heads;
	c->s.ram[0x1E] = 0xFF;					/* no write precompensation */
	c->s.ram[0x1F] = 0xFF;
	c->s.ram[0x20] = 0xC0 | (heads > 8 ? 0x08 : 0);
	c->s.ram[0x21] = cyl & 0xFF;				/* landing zone */
	c->s.ram[0x22] = cyl >> 8;
	c->s.ram[0x23] = spt;
}

void cmos_set_disk1(struct cmos *c, u32 cyl, u32 heads, u32 spt)
{
	c->s.ram[0x12] = (c->s.ram[0x12] & 0xF0) | 0x0F;	/* drive 1: see 0x1A */
	c->s.ram[0x1A] = 47;
	c->s.ram[0x24] = cyl & 0xFF;
	c->s.ram[0x25] = cyl >> 8;
	c->s.ram[0x26] = heads;
	c->s.ram[0x27] = 0xFF;
	c->s.ram[0x28] = 0xFF;
	c->s.ram[0x29] = 0xC0 | (heads > 8 ? 0x08 : 0);
	c->s.ram[0x2A] = cyl & 0xFF;
	c->s.ram[0x2B] = cyl >> 8;
	c->s.ram[0x2C] = spt;
}

void cmos_set_equipment(struct cmos *c, bool fpu)
{
	/* No floppy, VGA (display bits 00), a coprocessor when the CPU has one. */
	c->s.ram[0x10] = 0;
	c->s.ram[0x14] = fpu ? 0x02 : 0x00;
	c->s.ram[0x3D] = 0x02;	/* boot order as SeaBIOS reads it: hard disk first */
}

void cmos_set_boot_order(struct cmos *c, const u8 dev[3])
{
	c->s.ram[0x3D] = (u8)(dev[1] << 4 | (dev[0] & 0x0F));
	c->s.ram[0x38] = (u8)(dev[2] << 4 | (c->s.ram[0x38] & 0x0F));
}

void cmos_update_checksum(struct cmos *c)
{
	u16 sum = 0;
	for (int i = 0x10; i <= 0x2D; i++)
		sum += c->s.ram[i];
	c->s.ram[0x2E] = sum >> 8;
	c->s.ram[0x2F] = sum & 0xFF;
}

/* A reset reaches the RTC's RESET pin: it clears the interrupt enables and
 * flags, but the time and the CMOS RAM are battery-backed and stay. */
static void cmos_reset(void *opaque)
{
	struct cmos *c = opaque;

	c->s.ram[REG_B] &= ~(B_PIE | B_AIE | B_UIE | B_SQWE);
	c->s.ram[REG_C] = 0;
	c->s.last_c_ns = now_ns(c);
	update_irq(c);
	cmos_arm(c);
}

static void cmos_save(void *opaque, struct snap_writer *w)
{
	struct cmos *c = opaque;
	snap_put_section(w, "CMOS", CMOS_SNAP_VERSION, &c->s, sizeof(c->s));
}

static int cmos_load(void *opaque, struct snap_reader *r)
{
	struct cmos *c = opaque;
	struct cmos_state s;

	if (snap_get_section(r, "CMOS", CMOS_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	if (s.base_ns > now_ns(c) || s.last_c_ns > now_ns(c) || s.index > 0x7F) {
		snprintf(r->error, sizeof(r->error), "cmos: times lie in the future");
		return -1;
	}
	c->s = s;
	irq_set(c->irq, c->s.irq_level);
	cmos_arm(c);
	return 0;
}

static void cmos_info(void *opaque, void (*print)(void *ctx, const char *fmt, ...), void *ctx)
{
	struct cmos *c = opaque;
	s64 t = cmos_time(c);
	s64 days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	s64 rem = t - days * 86400;
	int y, m, d;

	cmos_civil_from_days(days, &y, &m, &d);
	print(ctx, "time %04d-%02d-%02dT%02d:%02d:%02d  A=%02x B=%02x C=%02x index=%02x%s\n",
	      y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
	      c->s.ram[REG_A], c->s.ram[REG_B], c->s.ram[REG_C], c->s.index,
	      c->s.nmi_disabled ? " NMI masked" : "");
	for (int i = 0x0E; i < 0x80; i += 16) {
		print(ctx, "%02x:", i);
		for (int k = i; k < i + 16 && k < 0x80; k++)
			print(ctx, " %02x", c->s.ram[k]);
		print(ctx, "\n");
	}
}

struct cmos *cmos_create(struct bus *bus, struct clock *clock, struct irq_line *irq8,
			 s64 start_sec)
{
	struct cmos *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->clock = clock;
	c->bus = bus;
	c->irq = irq8;
	c->start_sec = start_sec;
	timer_init(&c->timer, "rtc", cmos_timer, c);
	if (bus_add_io(bus, 0x70, 2, &cmos_ops, c, "cmos")) {
		free(c);
		return NULL;
	}
	/* Power-on: 32.768 kHz divider, 1024 Hz rate; 24-hour BCD, as a BIOS leaves it. */
	c->s.ram[REG_A] = 0x26;
	c->s.ram[REG_B] = B_24H;
	c->s.base_sec = start_sec;
	c->s.base_ns = now_ns(c);
	c->s.last_c_ns = c->s.base_ns;
	fill_time(c, start_sec);
	cmos_update_checksum(c);
	c->device = (struct device){
		.name = "cmos", .dev = c, .reset = cmos_reset, .save = cmos_save,
		.load = cmos_load, .info = cmos_info,
	};
	return c;
}

void cmos_destroy(struct cmos *c)
{
	if (!c)
		return;
	timer_del(c->clock, &c->timer);
	bus_remove_device(c->bus, c);
	free(c);
}

struct device *cmos_device(struct cmos *c) { return &c->device; }
bool cmos_nmi_masked(const struct cmos *c) { return c->s.nmi_disabled; }
