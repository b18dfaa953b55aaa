/*
 * Raw disk images for the ATA disk: a file of 512-byte sectors, read and
 * written in place, or, with -snapshot, through a copy-on-write overlay kept
 * in host memory so the image file is never modified. The overlay is part of
 * the machine's saved state (disk_save_overlay / disk_load_overlay).
 */
#ifndef LUCID_DISK_H
#define LUCID_DISK_H

#include "emu/lib/snap.h"
#include "emu/lib/types.h"

#define DISK_SECTOR 512u

struct disk;

/*
 * Open the image at path. With snapshot set, the file is opened read-only and
 * all writes stay in the overlay. Returns NULL with a one-line reason in err
 * (a missing file, a size that is zero or not a multiple of 512, ...).
 */
struct disk *disk_open(const char *path, bool snapshot, char *err, size_t errlen);
/* The same; readonly: the file is opened read-only and guest writes fail. */
struct disk *disk_open_mode(const char *path, bool snapshot, bool readonly, char *err,
			    size_t errlen);
bool disk_is_readonly(const struct disk *d);
void disk_close(struct disk *d);

u64 disk_sectors(const struct disk *d);

/*
 * The disk's default CHS geometry, the one the ATA disk reports in IDENTIFY
 * and the BIOS finds in the CMOS: the usual translation of 16 heads and 63
 * sectors per track, with the cylinder count from the image size (at least 1,
 * at most 16383; sectors beyond are reachable through LBA only).
 */
struct disk_chs {
	u16 cyls, heads, spt;
};
struct disk_chs disk_chs(const struct disk *d);
bool disk_is_snapshot(const struct disk *d);
/* Read or write count sectors at lba. 0, or -EINVAL when out of range, or -errno. */
int disk_read(struct disk *d, u64 lba, u32 count, void *buf);
int disk_write(struct disk *d, u64 lba, u32 count, const void *buf);
/* Push written sectors to the file (nothing to do with -snapshot). 0 or -errno. */
int disk_flush(struct disk *d);

/* The overlay as a snapshot section "DOVL": its sectors and their contents. */
void disk_save_overlay(struct disk *d, struct snap_writer *w);
int disk_load_overlay(struct disk *d, struct snap_reader *r);
/* The machine's disk state section: "DISK" (whether there is a disk), then
 * the overlay. disk is a struct disk, or NULL for a machine without one
 * (vm_section hooks). */
void disk_save_state(void *disk, struct snap_writer *w);
int disk_load_state(void *disk, struct snap_reader *r);
/* How many sectors the overlay holds (tests and "info ata"). */
u64 disk_overlay_sectors(const struct disk *d);

#endif
