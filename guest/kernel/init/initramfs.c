/*
 * Unpacking the initramfs (Linux's init/initramfs.c): the initrd the boot
 * loader passed is a cpio archive in the "newc" format (Linux's
 * Documentation/driver-api/early-userspace/buffer-format.rst): for each entry
 * a 110-byte ASCII header ("070701" and 13 8-digit hex fields), the NUL-ended
 * name padded to 4 bytes, then the data padded to 4 bytes, up to the entry
 * named "TRAILER!!!". Files go into the root file table (fs/rootfs.c); the
 * initrd's memory is freed afterwards, as Linux does. Compressed archives
 * are not supported yet.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/rootfs.h>

extern unsigned long initrd_start, initrd_end;

static int hexfield(const char *p, u32 *v)
{
	u32 x = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = p[i];

		x <<= 4;
		if (c >= '0' && c <= '9')
			x |= c - '0';
		else if (c >= 'a' && c <= 'f')
			x |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			x |= c - 'A' + 10;
		else
			return -EINVAL;
	}
	*v = x;
	return 0;
}

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_MAJ, F_MIN, F_RMAJ,
       F_RMIN, F_NAMESIZE, F_CHKSUM, NR_FIELDS };

/* Returns NULL on success or what was wrong (Linux: "Initramfs unpacking failed: ..."). */
static const char *unpack_to_rootfs(const char *buf, unsigned long len)
{
	unsigned long pos = 0;
	unsigned int files = 0;

	while (pos < len) {
		u32 f[NR_FIELDS];
		const char *name;
		int i, err;

		/* Zero padding between concatenated archives. */
		if (buf[pos] == 0) {
			pos++;
			continue;
		}
		if (len - pos < 110)
			return "truncated header";
		if (memcmp(buf + pos, "070701", 6) && memcmp(buf + pos, "070702", 6))
			return memcmp(buf + pos, "\037\213", 2) ? "no cpio magic" :
								  "compressed initramfs: not supported";
		for (i = 0; i < NR_FIELDS; i++)
			if (hexfield(buf + pos + 6 + 8 * i, &f[i]))
				return "bad header field";
		pos += 110;
		name = buf + pos;
		if (f[F_NAMESIZE] == 0 || f[F_NAMESIZE] > len - pos || name[f[F_NAMESIZE] - 1])
			return "bad name";
		pos = ALIGN(pos + f[F_NAMESIZE], 4);
		if (!strcmp(name, "TRAILER!!!"))
			break;
		if (f[F_FILESIZE] > len - pos)
			return "truncated file";
		if (strcmp(name, ".")) {
			const char *path = name;
			char abs[256];

			if (name[0] != '/') {	/* cpio names are relative: "init", "bin/sh" */
				snprintf(abs, sizeof(abs), "/%s", name);
				path = abs;
			}
			err = rootfs_add(path, f[F_MODE], f[F_UID], f[F_GID], buf + pos,
					 (S_ISREG(f[F_MODE]) || (f[F_MODE] & S_IFMT) == S_IFLNK) ?
						 f[F_FILESIZE] : 0);
			if (err == -ENOMEM)
				return "out of memory";
			files++;
		}
		pos = ALIGN(pos + f[F_FILESIZE], 4);
	}
	pr_info("Unpacked initramfs: %u entries\n", files);
	return NULL;
}

static int __init populate_rootfs(void)
{
	const char *err;
	unsigned long pages = 0, va;

	if (!initrd_start)
		return 0;
	pr_info("Trying to unpack rootfs image as initramfs...\n");
	err = unpack_to_rootfs((const char *)initrd_start, initrd_end - initrd_start);
	if (err)
		pr_err("Initramfs unpacking failed: %s\n", err);
	/* Linux's free_initrd_mem: the archive's whole pages back to the allocator. */
	for (va = initrd_start & PAGE_MASK; va < initrd_end; va += PAGE_SIZE, pages++)
		free_reserved_page(virt_to_page((void *)va));
	pr_info("Freeing initrd memory: %luK\n", pages << (PAGE_SHIFT - 10));
	initrd_start = initrd_end = 0;
	return 0;
}
fs_initcall(populate_rootfs);
