/*
 * A minimal root file table: what the initramfs holds, looked up by path.
 * It stands in for the VFS (the dentry cache over ramfs) until that exists;
 * it has no directories to walk, only whole paths, and symlinks are followed
 * one level at lookup.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/rootfs.h>

static LIST_HEAD(rootfs_files);
static unsigned int nr_files;

/* "/a//b/./c/" -> "/a/b/c" in out (at most size bytes). -ENAMETOOLONG if it does not fit. */
static int normalize(const char *path, char *out, size_t size)
{
	size_t n = 0;

	while (*path) {
		const char *c;
		size_t len;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		for (c = path; *c && *c != '/'; c++)
			;
		len = c - path;
		if (!(len == 1 && path[0] == '.')) {
			if (n + 1 + len + 1 > size)
				return -ENAMETOOLONG;
			out[n++] = '/';
			memcpy(out + n, path, len);
			n += len;
		}
		path = c;
	}
	if (!n)
		out[n++] = '/';
	out[n] = 0;
	return 0;
}

int rootfs_add(const char *name, u32 mode, u32 uid, u32 gid, const void *data, size_t size)
{
	char path[256];
	struct rootfs_file *f;

	if (normalize(name, path, sizeof(path)))
		return -ENAMETOOLONG;
	if (rootfs_lookup(path))
		return -EEXIST;
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->name = kmalloc(strlen(path) + 1, GFP_KERNEL);
	/* Big files (a 2 MiB busybox) go to vmalloc: no physically contiguous block needed. */
	f->data = !size ? NULL : size > 65536 ? vmalloc(size) : kmalloc(size, GFP_KERNEL);
	if (!f->name || (size && !f->data)) {
		kfree(f->name);
		if (size <= 65536)
			kfree(f->data);
		kfree(f);
		return -ENOMEM;
	}
	memcpy(f->name, path, strlen(path) + 1);
	if (size)
		memcpy(f->data, data, size);
	f->mode = mode;
	f->uid = uid;
	f->gid = gid;
	f->size = size;
	list_add_tail(&f->list, &rootfs_files);
	nr_files++;
	return 0;
}

static struct rootfs_file *lookup_exact(const char *path)
{
	struct rootfs_file *f;

	list_for_each_entry(f, &rootfs_files, list)
		if (!strcmp(f->name, path))
			return f;
	return NULL;
}

struct rootfs_file *rootfs_lookup(const char *name)
{
	char path[256];
	struct rootfs_file *f;

	if (name[0] != '/' || normalize(name, path, sizeof(path)))
		return NULL;
	f = lookup_exact(path);
	if (f && (f->mode & S_IFMT) == S_IFLNK && f->size < sizeof(path) - 1) {
		char target[256];

		/* One level of symlink, absolute or relative to the link's directory. */
		if (((char *)f->data)[0] == '/') {
			memcpy(target, f->data, f->size);
			target[f->size] = 0;
		} else {
			char *slash = strrchr(path, '/');

			*slash = 0;
			if (snprintf(target, sizeof(target), "%s/%.*s", path, (int)f->size,
				     (char *)f->data) >= (int)sizeof(target))
				return NULL;
		}
		if (normalize(target, path, sizeof(path)))
			return NULL;
		f = lookup_exact(path);
		if (f && (f->mode & S_IFMT) == S_IFLNK)
			return NULL;	/* -ELOOP in a real VFS */
	}
	return f;
}

unsigned int rootfs_count(void)
{
	return nr_files;
}
