/*
 * mkdisk: build the raw disk images the BIOS tests boot.
 *
 *   mkdisk OUT SECTORS [--bytes N] [--boot FILE] [--pattern FROM]
 *          [--mbr FILE --part-start LBA --vbr FILE]
 *
 * --boot copies FILE to sector 0 on; --pattern fills every sector from FROM
 * on with a pattern the test programs check (the sector's LBA as a
 * little-endian dword, then byte i = (LBA + i) & 0xFF); --mbr puts the first
 * 440 bytes of FILE (boot code) in sector 0 with a partition table whose
 * only entry is active, type 0x83, from --part-start to the end of the
 * disk, and --vbr copies FILE to that partition's first sector. --bytes
 * makes an image of exactly N bytes (to test disks smaller than a sector).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *img;
static size_t img_size;

static void die(const char *msg, const char *arg)
{
	fprintf(stderr, "mkdisk: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

/* Copy up to max bytes of file path to offset off of the image. */
static void put_file(const char *path, size_t off, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die(strerror(errno), path);
	if (off >= img_size)
		die("file does not fit in the image", path);
	if (max > img_size - off)
		max = img_size - off;
	size_t n = fread(img + off, 1, max, f);
	(void)n;
	fclose(f);
}

/* LBA to the CHS bytes of a partition entry (255 heads, 63 sectors; past
 * cylinder 1023 the maximum, as partitioning tools do). */
static void put_chs(unsigned char *p, unsigned long lba)
{
	unsigned long c = lba / (255 * 63), h = lba / 63 % 255, s = lba % 63 + 1;
	if (c > 1023) {
		c = 1023;
		h = 254;
		s = 63;
	}
	p[0] = h;
	p[1] = s | (c >> 2 & 0xC0);
	p[2] = c & 0xFF;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		die("usage: mkdisk OUT SECTORS [--bytes N] [--boot F] [--pattern LBA] "
		    "[--mbr F --part-start LBA --vbr F]", NULL);
	const char *out = argv[1], *boot = NULL, *mbr = NULL, *vbr = NULL;
	unsigned long sectors = strtoul(argv[2], NULL, 0), part = 2048;
	long pattern = -1;
	long bytes = -1;
	for (int i = 3; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			die("option needs a value", argv[i]);
		if (!strcmp(argv[i], "--boot"))
			boot = v;
		else if (!strcmp(argv[i], "--pattern"))
			pattern = strtol(v, NULL, 0);
		else if (!strcmp(argv[i], "--mbr"))
			mbr = v;
		else if (!strcmp(argv[i], "--vbr"))
			vbr = v;
		else if (!strcmp(argv[i], "--part-start"))
			part = strtoul(v, NULL, 0);
		else if (!strcmp(argv[i], "--bytes"))
			bytes = strtol(v, NULL, 0);
		else
			die("unknown option", argv[i]);
		i++;
	}
	img_size = bytes >= 0 ? (size_t)bytes : sectors * 512;
	img = calloc(1, img_size ? img_size : 1);
	if (!img)
		die("out of memory", NULL);
	if (pattern >= 0) {
		for (unsigned long s = pattern; s < img_size / 512; s++) {
			unsigned char *p = img + s * 512;
			for (int i = 0; i < 512; i++)
				p[i] = (s + i) & 0xFF;
			p[0] = s;
			p[1] = s >> 8;
			p[2] = s >> 16;
			p[3] = s >> 24;
		}
	}
	if (boot)
		put_file(boot, 0, img_size);
	if (mbr) {
		if (img_size < 512 || part >= img_size / 512)
			die("the partition does not fit", NULL);
		put_file(mbr, 0, 440);
		unsigned char *e = img + 446;
		unsigned long len = img_size / 512 - part;
		e[0] = 0x80;
		put_chs(e + 1, part);
		e[4] = 0x83;
		put_chs(e + 5, part + len - 1);
		for (int i = 0; i < 4; i++) {
			e[8 + i] = part >> (8 * i);
			e[12 + i] = len >> (8 * i);
		}
		img[510] = 0x55;
		img[511] = 0xAA;
		if (vbr)
			put_file(vbr, part * 512, 512);
	}
	FILE *f = fopen(out, "wb");
	if (!f)
		die(strerror(errno), out);
	if (img_size && fwrite(img, 1, img_size, f) != img_size)
		die("write failed", out);
	if (fclose(f))
		die("write failed", out);
	return 0;
}
