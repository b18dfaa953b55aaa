/*
 * Raw disk images (see disk.h). The copy-on-write overlay is a table of
 * chunks of 64 sectors, allocated on first write to the chunk, each with a
 * bitmap of the sectors it holds; reads take overlay sectors first and the
 * file for the rest.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/board/disk.h"

#define CHUNK_SECTORS 64u

struct ovl_chunk {
	u64 present;			/* bit n: sector n of the chunk is in data */
	u8 data[CHUNK_SECTORS * DISK_SECTOR];
};

struct disk {
	int fd;
	u64 sectors;
	bool snapshot;
	bool readonly;			/* guest writes fail (-EROFS) */
	struct ovl_chunk **chunks;	/* sectors / 64 rounded up; NULL = untouched */
	u64 n_chunks;
	u64 ovl_count;			/* sectors held in the overlay */
};

struct disk *disk_open(const char *path, bool snapshot, char *err, size_t errlen)
{
	return disk_open_mode(path, snapshot, false, err, errlen);
}

struct disk *disk_open_mode(const char *path, bool snapshot, bool readonly, char *err,
			    size_t errlen)
{
	int fd = open(path, (snapshot || readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open disk image '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "disk image '%s' is not a regular file", path);
		close(fd);
		return NULL;
	}
	if (st.st_size == 0 || st.st_size % DISK_SECTOR) {
		snprintf(err, errlen,
			 "disk image '%s' is %lld bytes: not a non-zero multiple of 512",
			 path, (long long)st.st_size);
		close(fd);
		return NULL;
	}
	struct disk *d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory opening '%s'", path);
		close(fd);
		return NULL;
	}
	d->fd = fd;
	d->sectors = (u64)st.st_size / DISK_SECTOR;
	d->snapshot = snapshot;
	d->readonly = readonly;
	if (snapshot) {
		d->n_chunks = (d->sectors + CHUNK_SECTORS - 1) / CHUNK_SECTORS;
		d->chunks = calloc(d->n_chunks, sizeof(*d->chunks));
		if (!d->chunks) {
			snprintf(err, errlen, "out of memory for the overlay of '%s'", path);
			disk_close(d);
			return NULL;
		}
	}
	return d;
}

static void drop_overlay(struct disk *d)
{
	for (u64 i = 0; i < d->n_chunks; i++) {
		free(d->chunks[i]);
		d->chunks[i] = NULL;
	}
	d->ovl_count = 0;
}

void disk_close(struct disk *d)
{
	if (!d)
		return;
	if (d->chunks)
		drop_overlay(d);
	free(d->chunks);
	if (!d->snapshot && !d->readonly)
		fsync(d->fd);
	close(d->fd);
	free(d);
}

u64 disk_sectors(const struct disk *d) { return d->sectors; }

struct disk_chs disk_chs(const struct disk *d)
{
	u64 cyl = d->sectors / (16 * 63);
	return (struct disk_chs){ .cyls = cyl > 16383 ? 16383 : cyl ? (u16)cyl : 1,
				  .heads = 16, .spt = 63 };
}
bool disk_is_snapshot(const struct disk *d) { return d->snapshot; }
bool disk_is_readonly(const struct disk *d) { return d->readonly; }
u64 disk_overlay_sectors(const struct disk *d) { return d->ovl_count; }

static bool in_range(const struct disk *d, u64 lba, u32 count)
{
	return lba <= d->sectors && count <= d->sectors - lba;
}

/* Read whole sectors from the file, looping over short reads. */
static int file_read(struct disk *d, u64 lba, u32 count, u8 *buf)
{
	size_t len = (size_t)count * DISK_SECTOR;
	off_t off = (off_t)(lba * DISK_SECTOR);
	while (len) {
		ssize_t n = pread(d->fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)	/* file shrank under us: read as zeros */
			return memset(buf, 0, len), 0;
		buf += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

static int file_write(struct disk *d, u64 lba, u32 count, const u8 *buf)
{
	size_t len = (size_t)count * DISK_SECTOR;
	off_t off = (off_t)(lba * DISK_SECTOR);
	while (len) {
		ssize_t n = pwrite(d->fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

int disk_read(struct disk *d, u64 lba, u32 count, void *buf)
{
	if (!in_range(d, lba, count))
		return -EINVAL;
	int rc = file_read(d, lba, count, buf);
	if (rc || !d->snapshot)
		return rc;
	u8 *out = buf;
	for (u32 i = 0; i < count; i++) {
		u64 s = lba + i;
		struct ovl_chunk *c = d->chunks[s / CHUNK_SECTORS];
		if (c && (c->present >> (s % CHUNK_SECTORS) & 1))
			memcpy(out + (size_t)i * DISK_SECTOR,
			       c->data + (s % CHUNK_SECTORS) * DISK_SECTOR, DISK_SECTOR);
	}
	return 0;
}

/* Store one sector in the overlay. */
static int ovl_put(struct disk *d, u64 s, const u8 *src)
{
	struct ovl_chunk **cp = &d->chunks[s / CHUNK_SECTORS];
	if (!*cp && !(*cp = calloc(1, sizeof(**cp))))
		return -ENOMEM;
	u64 bit = 1ull << (s % CHUNK_SECTORS);
	if (!((*cp)->present & bit))
		d->ovl_count++;
	(*cp)->present |= bit;
	memcpy((*cp)->data + (s % CHUNK_SECTORS) * DISK_SECTOR, src, DISK_SECTOR);
	return 0;
}

int disk_write(struct disk *d, u64 lba, u32 count, const void *buf)
{
	if (!in_range(d, lba, count))
		return -EINVAL;
	if (d->readonly)
		return -EROFS;
	if (!d->snapshot)
		return file_write(d, lba, count, buf);
	for (u32 i = 0; i < count; i++) {
		int rc = ovl_put(d, lba + i, (const u8 *)buf + (size_t)i * DISK_SECTOR);
		if (rc)
			return rc;
	}
	return 0;
}

int disk_flush(struct disk *d)
{
	if (d->snapshot || d->readonly)
		return 0;
	return fdatasync(d->fd) < 0 ? -errno : 0;
}

/*
 * Section "DOVN" holds the sector count n; "DOVL" holds n records of a u64
 * sector number and its 512 bytes. Without -snapshot both are empty: the
 * writes already went to the file.
 */
void disk_save_overlay(struct disk *d, struct snap_writer *w)
{
	u64 n = d->ovl_count;
	snap_put_section(w, "DOVN", 1, &n, sizeof(n));
	u8 hdr[12];
	memcpy(hdr, "DOVL", 4);
	st32(hdr + 4, 1);
	st32(hdr + 8, (u32)(n * (8 + DISK_SECTOR)));
	snap_put_bytes(w, hdr, sizeof(hdr));
	for (u64 ci = 0; ci < d->n_chunks; ci++) {
		struct ovl_chunk *c = d->chunks[ci];
		if (!c)
			continue;
		for (u32 k = 0; k < CHUNK_SECTORS; k++) {
			if (!(c->present >> k & 1))
				continue;
			u64 s = ci * CHUNK_SECTORS + k;
			snap_put_bytes(w, &s, 8);
			snap_put_bytes(w, c->data + k * DISK_SECTOR, DISK_SECTOR);
		}
	}
}

int disk_load_overlay(struct disk *d, struct snap_reader *r)
{
	u64 n;
	if (snap_get_section(r, "DOVN", 1, &n, sizeof(n)))
		return -1;
	u8 hdr[12];
	if (snap_get_bytes(r, hdr, sizeof(hdr)))
		return -1;
	if (memcmp(hdr, "DOVL", 4) || ld32(hdr + 4) != 1 ||
	    (u64)ld32(hdr + 8) != n * (8 + DISK_SECTOR) || (n && !d->snapshot)) {
		snprintf(r->error, sizeof(r->error), "disk overlay section does not match");
		return -1;
	}
	if (d->snapshot)
		drop_overlay(d);
	u8 sec[DISK_SECTOR];
	for (u64 i = 0; i < n; i++) {
		u64 s;
		if (snap_get_bytes(r, &s, 8) || snap_get_bytes(r, sec, DISK_SECTOR))
			return -1;
		if (s >= d->sectors) {
			snprintf(r->error, sizeof(r->error),
				 "disk overlay sector %llu is past the end of the image",
				 (unsigned long long)s);
			return -1;
		}
		if (ovl_put(d, s, sec)) {
			snprintf(r->error, sizeof(r->error), "out of memory loading the overlay");
			return -1;
		}
	}
	return 0;
}

void disk_save_state(void *disk, struct snap_writer *w)
{
	struct disk *d = disk;
	u8 has_disk = d != NULL;
	snap_put_section(w, "DISK", 1, &has_disk, 1);
	if (d)
		disk_save_overlay(d, w);
}

int disk_load_state(void *disk, struct snap_reader *r)
{
	struct disk *d = disk;
	u8 has_disk;
	if (snap_get_section(r, "DISK", 1, &has_disk, 1))
		return -1;
	if (has_disk != (d != NULL)) {
		snprintf(r->error, sizeof(r->error), "disk presence differs");
		return -1;
	}
	return d ? disk_load_overlay(d, r) : 0;
}
