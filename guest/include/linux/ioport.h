/*
 * Resource trees (Linux's include/linux/ioport.h, cut down): the I/O ports
 * and the physical address ranges, each a tree of named, non-overlapping
 * ranges that drivers claim with request_region() and the boot code fills
 * from the BIOS map; /proc/ioports and /proc/iomem print them.
 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>

struct seq_file;

struct resource {
	u64 start, end;			/* inclusive */
	const char *name;
	unsigned long flags;
	struct resource *parent, *sibling, *child;
};

#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_BUSY		0x80000000

extern struct resource ioport_resource, iomem_resource;

/* 0, or -EBUSY when new overlaps a sibling without fitting inside it */
int request_resource(struct resource *root, struct resource *new);
/* NULL when the range is taken; the name is kept, not copied */
struct resource *__request_region(struct resource *parent, u64 start, u64 n, const char *name);
#define request_region(start, n, name)	__request_region(&ioport_resource, (start), (n), (name))
#define request_mem_region(start, n, name) __request_region(&iomem_resource, (start), (n), (name))
void resource_show(struct seq_file *m, struct resource *root, int width);

#endif
