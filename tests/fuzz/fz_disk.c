/*
 * Disk images and their geometry (emu/board/disk.c): the image sizes
 * disk_open accepts, the CHS geometry disk_chs derives from the size, reads
 * and writes at any LBA and count (in place, or through the -snapshot
 * overlay), and the overlay's snapshot section saved and loaded back, then
 * loaded from the fuzzer's own bytes. The input:
 *   byte 0        bit 0: -snapshot; bits 1-7: how many operations (0-127)
 *   6 bytes each  an operation: kind (read/write/flush), LBA (u32), count (u8)
 *   u32           the overlay section's length, then that many bytes
 *   the rest      the image (any length: most are refused, as they must be)
 * (Partition tables are read by the BIOS in the guest, not by the emulator:
 * the guest side of that is the BIOS's, tested by tests/bios/.)
 */
#include <stdlib.h>
#include <string.h>

#include "emu/board/disk.h"
#include "tests/fuzz/fuzz.h"

void fuzz_setup(void)
{
}

void fuzz_one(const u8 *data, size_t len)
{
	struct fuzz_in in = { data, len, 0 };
	u32 b0 = fuzz_u8(&in);
	u32 nops = b0 >> 1;
	size_t opos = in.pos;
	in.pos += nops * 6 <= in.len - in.pos ? nops * 6 : in.len - in.pos;
	u32 slen = fuzz_u32(&in);
	size_t got;
	const u8 *section = fuzz_bytes(&in, slen, &got);
	slen = (u32)got;
	const u8 *img = in.p + in.pos;
	const char *path = fuzz_file(0, img, in.len - in.pos);
	char err[512];
	struct disk *d = disk_open(path, b0 & 1, err, sizeof(err));
	if (!d) {
		fuzz_note("refused", err);
		return;
	}
	struct disk_chs chs = disk_chs(d);
	if (!chs.cyls || !chs.heads || !chs.spt || chs.cyls > 16383)
		__builtin_trap();	/* a geometry no BIOS can use */
	static u8 buf[256 * DISK_SECTOR];
	struct fuzz_in ops = { data, opos + nops * 6 < len ? opos + nops * 6 : len, opos };
	for (u32 i = 0; i < nops; i++) {
		u32 kind = fuzz_u8(&ops) % 3, lba = fuzz_u32(&ops);
		u32 count = fuzz_u8(&ops);	/* 0 to 255 sectors */
		/* LBAs near the end of the disk are the interesting ones. */
		u64 at = lba & 0x80000000u ? disk_sectors(d) - (lba & 0xFF) : lba;
		if (kind == 0)
			disk_read(d, at, count, buf);
		else if (kind == 1)
			disk_write(d, at, count, memset(buf, (int)i, count * DISK_SECTOR));
		else
			disk_flush(d);
	}
	struct snap_writer w;
	snap_writer_init(&w);
	disk_save_overlay(d, &w);
	struct snap_reader r;
	snap_reader_init(&r, w.buf, w.len);
	if (!w.failed && disk_load_overlay(d, &r))
		__builtin_trap();	/* its own overlay refused */
	snap_writer_free(&w);
	snap_reader_init(&r, section, slen);
	disk_load_overlay(d, &r);
	disk_read(d, 0, 1, buf);
	disk_close(d);
}
