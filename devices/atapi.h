/*
 * The ATAPI CD-ROM's command set (SCSI/MMC packets), apart from the ATA
 * register protocol that carries them (devices/ata.c): 2048-byte sectors read
 * from a read-only image, sense data, and the replies a BIOS, GRUB and Linux
 * ask for. See atapi.c.
 */
#ifndef LUCID_ATAPI_H
#define LUCID_ATAPI_H

#include "emu/board/disk.h"
#include "emu/lib/types.h"

#define ATAPI_SECTOR 2048u

/* The drive's state between commands; saved raw in snapshots. */
struct atapi_state {
	u8 sense_key, asc, ascq;	/* the last command's sense (REQUEST SENSE) */
	u8 locked;			/* PREVENT ALLOW MEDIUM REMOVAL */
	u32 lba;			/* next sector of a running READ */
	u32 left;			/* sectors of it not yet in the buffer */
	u32 end;			/* bytes of reply data in the buffer */
	u16 limit;			/* the PACKET command's byte count limit */
	u16 pad;
};

/*
 * Run the 12-byte command cdb. Its reply (or, for a READ, the first part of
 * the data) goes to buf (size bytes, a multiple of ATAPI_SECTOR) and
 * st->end says how long it is; st->left counts sectors still to come.
 * Returns 0, or -1 for CHECK CONDITION with the sense in st.
 */
int atapi_exec(struct atapi_state *st, struct disk *disk, const u8 cdb[12], u8 *buf, u32 size);
/* The next part of a READ into buf: 0, or -1 with the sense set. */
int atapi_read_more(struct atapi_state *st, struct disk *disk, u8 *buf, u32 size);
/* An image the drive can hold: whole 2048-byte sectors with an ISO 9660
 * primary volume descriptor at sector 16. 0, or -1 with a reason in err. */
int atapi_check_image(struct disk *disk, char *err, size_t errlen);

#endif
