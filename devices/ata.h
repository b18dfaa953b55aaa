/* ATA IDE primary channel with one master disk (see ata.c). */
#ifndef LUCID_ATA_H
#define LUCID_ATA_H

#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/board/device.h"
#include "emu/board/disk.h"
#include "emu/board/irq.h"

struct ata;

/* Claims 0x1F0-0x1F7 and 0x3F6 on bus; irq is IRQ14. The disk stays the caller's. */
struct ata *ata_create(struct bus *bus, struct clock *clock, struct irq_line *irq,
		       struct disk *disk);
void ata_destroy(struct ata *ata);
struct device *ata_device(struct ata *ata);

#define ATA_CMD_DELAY_NS 20000u	/* virtual time from command (or block) to data and IRQ */

#endif
