/* ATA IDE: primary and secondary channels, master and slave disks (see ata.c). */
#ifndef LUCID_ATA_H
#define LUCID_ATA_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/disk.h"
#include "emu/board/irq.h"

struct ata;

/* Drive positions: primary master, primary slave, secondary master, secondary slave. */
#define ATA_DRIVES 4

/*
 * Claims 0x1F0-0x1F7 and 0x3F6 (IRQ14: irq14) and 0x170-0x177 and 0x376
 * (IRQ15: irq15, or NULL to leave the secondary channel out: then it may
 * have no disks). disks[i] is NULL where nobody is; they stay the caller's.
 */
struct ata *ata_create_drives(struct bus *bus, struct clock *clock, struct irq_line *irq14,
			      struct irq_line *irq15, struct disk *const disks[ATA_DRIVES]);
/* The same, where bit i of cdroms makes drive i an ATAPI CD-ROM whose
 * medium is disks[i] (read-only, 2048-byte sectors: see atapi.h). */
struct ata *ata_create_mixed(struct bus *bus, struct clock *clock, struct irq_line *irq14,
			     struct irq_line *irq15, struct disk *const disks[ATA_DRIVES],
			     u8 cdroms);
/* The primary channel alone with disk as its master. */
struct ata *ata_create(struct bus *bus, struct clock *clock, struct irq_line *irq,
		       struct disk *disk);
void ata_destroy(struct ata *ata);
struct device *ata_device(struct ata *ata);

#define ATA_CMD_DELAY_NS 20000u	/* virtual time from command (or block) to data and IRQ */

#endif
