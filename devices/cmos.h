/*
 * The MC146818 real-time clock and its CMOS RAM at ports 0x70 (index, and the
 * NMI mask in bit 7) and 0x71 (data), IRQ8. The time runs on virtual time
 * from a configured start (never the host clock: main.c may read the host
 * clock once, for -rtc base=localtime, and pass the result in).
 */
#ifndef LUCID_CMOS_H
#define LUCID_CMOS_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/irq.h"

#define CMOS_DEFAULT_BASE 1767225600ll	/* 2026-01-01T00:00:00 UTC */

struct cmos;

struct cmos *cmos_create(struct bus *bus, struct clock *clock, struct irq_line *irq8,
			 s64 start_sec);
/* Releases the ports and the timer. */
void cmos_destroy(struct cmos *cmos);
struct device *cmos_device(struct cmos *cmos);
/* Port 0x70 bit 7: the NMI mask the guest last wrote. */
bool cmos_nmi_masked(const struct cmos *cmos);
/* Fill the memory-size bytes (0x15-0x18, 0x30-0x31, 0x34-0x35, 0x5B-0x5D). */
void cmos_set_memory(struct cmos *cmos, u64 ram_bytes);
/* Describe hard disk 0 (type 47, user geometry) in bytes 0x12, 0x19, 0x1B-0x23. */
void cmos_set_disk0(struct cmos *cmos, u32 cylinders, u32 heads, u32 sectors);
/* The same for the second hard disk (type 47 in 0x1A, its table at 0x24-0x2C). */
void cmos_set_disk1(struct cmos *c, u32 cyl, u32 heads, u32 spt);
/* Equipment byte 0x14 and the QEMU-style boot order byte 0x3D. */
void cmos_set_equipment(struct cmos *cmos, bool fpu);
/* Recompute the checksum at 0x2E/0x2F over 0x10-0x2D (after the setters). */
void cmos_update_checksum(struct cmos *cmos);
/* The boot order where QEMU puts it for SeaBIOS: devices (1 floppy, 2 hard
 * disk, 3 CD-ROM, 0 none) in 0x3D bits 3-0 and 7-4, and 0x38 bits 7-4. */
void cmos_set_boot_order(struct cmos *cmos, const u8 dev[3]);
/* The current time as seconds since 1970 (what the RTC shows). */
s64 cmos_time(const struct cmos *cmos);

/* Calendar helpers (proleptic Gregorian, UTC), also used by main.c for -rtc. */
s64 cmos_days_from_civil(int y, int m, int d);
void cmos_civil_from_days(s64 days, int *y, int *m, int *d);
/* Parse "YYYY-MM-DDTHH:MM:SS" (or with a space, or just the date). 0 or -1. */
int cmos_parse_time(const char *s, s64 *sec);

#endif
