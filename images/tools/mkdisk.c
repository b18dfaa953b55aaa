/*
 * mkdisk: host tool that assembles build/images/lucid.img (layout in
 * images/mbr.S) and edits its kernel command line.
 *
 *   mkdisk build MBR.bin KERNEL ROOTFS.ext2 [SWAP] CMDLINE OUT
 *	MBR boot code + command line (LBA 1) + kernel image (LBA 2..) +
 *	partition 1 (type 0x83, bootable) at LBA 2048 holding ROOTFS.ext2,
 *	and with SWAP (a file made by mkswap) partition 2 (type 0x82, Linux
 *	swap) holding it, from the next 1 MiB boundary after partition 1.
 *   mkdisk cmdline IMAGE CMDLINE
 *	rewrite the command line sector of an existing image in place.
 *   mkdisk show IMAGE
 *	print the command line of an image.
 *
 * Errors: one line on stderr, exit 2; build writes OUT.tmp and renames.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/tools/tool.h"

#define SECTOR 512
#define CMDLINE_LBA 1
#define KERNEL_LBA 2
#define PART_LBA 2048

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* CHS for an LBA with the usual 255 heads x 63 sectors, clamped at 1023. */
static void chs(unsigned char *p, unsigned long lba)
{
	unsigned long c = lba / (255 * 63), h = (lba / 63) % 255, s = lba % 63 + 1;

	if (c > 1023) {
		c = 1023;
		h = 254;
		s = 63;
	}
	p[0] = h;
	p[1] = s | ((c >> 2) & 0xc0);
	p[2] = c & 0xff;
}

static void set_cmdline(unsigned char *sector, const char *cmdline)
{
	if (strlen(cmdline) > SECTOR - 1)
		die("command line longer than 511 characters");
	memset(sector, 0, SECTOR);
	memcpy(sector, cmdline, strlen(cmdline));
}

/* One MBR partition entry: type, first sector and length (CHS from the LBAs). */
static void set_part(unsigned char *pe, int boot, int type, unsigned long lba, unsigned long n)
{
	pe[0] = boot ? 0x80 : 0;
	chs(pe + 1, lba);
	pe[4] = type;
	chs(pe + 5, lba + n - 1);
	put32(pe + 8, lba);
	put32(pe + 12, n);
}

/* argv: MBR KERNEL ROOTFS [SWAP] CMDLINE OUT (swap NULL without one). */
static int do_build(char **argv, const char *swap)
{
	size_t mlen, klen, rlen, slen = 0, total;
	unsigned char *mbr = slurp(argv[0], &mlen), *kernel = slurp(argv[1], &klen);
	unsigned char *root = slurp(argv[2], &rlen), *sw = swap ? slurp(swap, &slen) : NULL;
	unsigned char *img;
	unsigned long ksect = (klen + SECTOR - 1) / SECTOR, rsect = (rlen + SECTOR - 1) / SECTOR;
	unsigned long slba = (PART_LBA + rsect + 2047) / 2048 * 2048, ssect = (slen + SECTOR - 1) / SECTOR;
	char tmp[4096];
	FILE *f;

	if (mlen > 0x1b8)
		die("MBR code too big: %s", argv[0]);
	if (klen < 0x268 || memcmp(kernel + 0x202, "HdrS", 4))
		die("not a boot-protocol kernel image: %s", argv[1]);
	if (KERNEL_LBA + ksect > PART_LBA)
		die("kernel image does not fit before LBA 2048: %s", argv[1]);
	if (swap && (slen < 40960 || memcmp(sw + 4096 - 10, "SWAPSPACE2", 10)))
		die("not a swap area made by mkswap: %s", swap);
	total = (size_t)(swap ? slba + ssect : PART_LBA + rsect) * SECTOR;
	img = calloc(1, total);
	if (!img)
		die("out of memory");
	memcpy(img, mbr, mlen);
	put32(img + 0x1b0, KERNEL_LBA);
	img[0x1b4] = ksect & 0xff;
	img[0x1b5] = ksect >> 8;
	put32(img + 0x1b8, 0x4c554344);		/* disk signature "LUCD" */
	set_part(img + 0x1be, 1, 0x83, PART_LBA, rsect);	/* partition 1: Linux */
	if (swap)
		set_part(img + 0x1ce, 0, 0x82, slba, ssect);	/* partition 2: Linux swap */
	img[510] = 0x55;
	img[511] = 0xaa;
	set_cmdline(img + CMDLINE_LBA * SECTOR, argv[3]);
	memcpy(img + KERNEL_LBA * SECTOR, kernel, klen);
	memcpy(img + PART_LBA * SECTOR, root, rlen);
	if (swap)
		memcpy(img + slba * SECTOR, sw, slen);
	snprintf(tmp, sizeof(tmp), "%s.tmp", argv[4]);
	f = fopen(tmp, "wb");
	if (!f)
		die("cannot create %s", tmp);
	if (fwrite(img, 1, total, f) != total || fclose(f)) {
		remove(tmp);
		die("cannot write %s", tmp);
	}
	if (rename(tmp, argv[4]))
		die("cannot rename to %s", argv[4]);
	printf("mkdisk: %s: kernel %lu sectors at LBA %d, ext2 root %lu sectors at LBA %d",
	       argv[4], ksect, KERNEL_LBA, rsect, PART_LBA);
	if (swap)
		printf(", swap %lu sectors at LBA %lu", ssect, slba);
	printf("\n");
	return 0;
}

static FILE *open_image(const char *path, const char *mode, unsigned char *mbr)
{
	FILE *f = fopen(path, mode);

	if (!f)
		die("cannot open %s", path);
	if (fread(mbr, 1, SECTOR, f) != SECTOR || mbr[510] != 0x55 || mbr[511] != 0xaa ||
	    mbr[0x1b0] != KERNEL_LBA)
		die("not a lucid disk image: %s", path);
	return f;
}

static int do_cmdline(const char *path, const char *cmdline)
{
	unsigned char mbr[SECTOR], sector[SECTOR];
	FILE *f = open_image(path, "r+b", mbr);

	set_cmdline(sector, cmdline);
	if (fseek(f, CMDLINE_LBA * SECTOR, SEEK_SET) || fwrite(sector, 1, SECTOR, f) != SECTOR ||
	    fclose(f))
		die("cannot write %s", path);
	return 0;
}

static int do_show(const char *path)
{
	unsigned char mbr[SECTOR], sector[SECTOR + 1];
	FILE *f = open_image(path, "rb", mbr);

	if (fseek(f, CMDLINE_LBA * SECTOR, SEEK_SET) || fread(sector, 1, SECTOR, f) != SECTOR)
		die("cannot read %s", path);
	fclose(f);
	sector[SECTOR] = 0;
	printf("%s\n", (char *)sector);
	return 0;
}

int main(int argc, char **argv)
{
	tool_name = "mkdisk";
	if (argc == 7 && !strcmp(argv[1], "build"))
		return do_build(argv + 2, NULL);
	if (argc == 8 && !strcmp(argv[1], "build")) {
		char *args[5] = { argv[2], argv[3], argv[4], argv[6], argv[7] };

		return do_build(args, argv[5]);
	}
	if (argc == 4 && !strcmp(argv[1], "cmdline"))
		return do_cmdline(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "show"))
		return do_show(argv[2]);
	fprintf(stderr, "usage: mkdisk build MBR KERNEL ROOTFS [SWAP] CMDLINE OUT\n"
			"       mkdisk cmdline IMAGE CMDLINE\n"
			"       mkdisk show IMAGE\n");
	return 2;
}
