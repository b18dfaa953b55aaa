/*
 * Resource trees (Linux's kernel/resource.c, cut down): a range goes under
 * the deepest existing range that contains it, among its siblings in order
 * of address; a range that overlaps one without fitting inside is refused.
 * At boot the standard PC ports (Linux's arch/x86/kernel/setup.c table) and
 * the memory map (the BIOS's e820 ranges, the legacy video area and ROMs,
 * and the kernel's own sections, as Linux's e820__reserve_resources and
 * probe_roms) are entered; drivers add their ports as they claim them.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/ioport.h>
#include <linux/seq_file.h>
#include <linux/mm.h>
#include <asm/e820.h>
#include <asm/page.h>

struct resource ioport_resource = { .name = "PCI IO", .start = 0, .end = 0xffff,
				    .flags = IORESOURCE_IO };
struct resource iomem_resource = { .name = "PCI mem", .start = 0, .end = 0xffffffffULL,
				   .flags = IORESOURCE_MEM };

static bool inside(const struct resource *r, u64 start, u64 end)
{
	return start >= r->start && end <= r->end;
}

int request_resource(struct resource *root, struct resource *new)
{
	struct resource *parent = root, **p, *c;

	if (new->end < new->start || !inside(root, new->start, new->end))
		return -EINVAL;
descend:
	for (c = parent->child; c; c = c->sibling) {
		if (c->end < new->start || c->start > new->end)
			continue;
		if (inside(c, new->start, new->end) && !(c->flags & IORESOURCE_BUSY)) {
			parent = c;
			goto descend;
		}
		return -EBUSY;
	}
	for (p = &parent->child; *p && (*p)->start < new->start; p = &(*p)->sibling)
		;
	new->sibling = *p;
	new->parent = parent;
	new->child = NULL;
	*p = new;
	return 0;
}

struct resource *__request_region(struct resource *parent, u64 start, u64 n, const char *name)
{
	struct resource *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return NULL;
	r->start = start;
	r->end = start + n - 1;
	r->name = name;
	r->flags = parent->flags;
	if (request_resource(parent, r)) {
		kfree(r);
		return NULL;
	}
	return r;
}

static void show_level(struct seq_file *m, struct resource *r, int depth, int width)
{
	for (; r; r = r->sibling) {
		seq_printf(m, "%*s%0*llx-%0*llx : %s\n", depth * 2, "", width,
			   (unsigned long long)r->start, width, (unsigned long long)r->end,
			   r->name ? r->name : "<BAD>");
		if (r->child)
			show_level(m, r->child, depth + 1, width);
	}
}

/* /proc/ioports (width 4) and /proc/iomem (width 8): one line per range, children indented. */
void resource_show(struct seq_file *m, struct resource *root, int width)
{
	show_level(m, root->child, 0, width);
}

/* ---- what the boot knows ---- */

static struct resource standard_io_resources[] = {
	{ .name = "dma1", .start = 0x00, .end = 0x1f },
	{ .name = "pic1", .start = 0x20, .end = 0x21 },
	{ .name = "timer0", .start = 0x40, .end = 0x43 },
	{ .name = "timer1", .start = 0x50, .end = 0x53 },
	{ .name = "keyboard", .start = 0x60, .end = 0x60 },
	{ .name = "keyboard", .start = 0x64, .end = 0x64 },
	{ .name = "dma page reg", .start = 0x80, .end = 0x8f },
	{ .name = "pic2", .start = 0xa0, .end = 0xa1 },
	{ .name = "dma2", .start = 0xc0, .end = 0xdf },
	{ .name = "fpu", .start = 0xf0, .end = 0xff },
};

extern char _text[], _etext[], __end_rodata[], _edata[], __bss_start[], __bss_stop[];

static struct resource code_resource = { .name = "Kernel code", .flags = IORESOURCE_MEM };
static struct resource rodata_resource = { .name = "Kernel rodata", .flags = IORESOURCE_MEM };
static struct resource data_resource = { .name = "Kernel data", .flags = IORESOURCE_MEM };
static struct resource bss_resource = { .name = "Kernel bss", .flags = IORESOURCE_MEM };

static void __init add_mem(u64 start, u64 end, const char *name)
{
	struct resource *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return;
	r->start = start;
	r->end = end;
	r->name = name;
	r->flags = IORESOURCE_MEM;
	if (request_resource(&iomem_resource, r))
		kfree(r);
}

/* An option ROM's size from its 55 AA header, or 0 (Linux's romsignature/romchecksum, without the sum). */
static u32 __init rom_size(u32 phys)
{
	const u8 *p = __va(phys);

	return p[0] == 0x55 && p[1] == 0xaa ? p[2] * 512 : 0;
}

static void __init kernel_section(struct resource *r, const void *start, const void *end)
{
	r->start = (unsigned long)start - PAGE_OFFSET;
	r->end = (unsigned long)end - PAGE_OFFSET - 1;
	if (r->end >= r->start)
		request_resource(&iomem_resource, r);
}

static int __init resources_init(void)
{
	u32 i, sz, a;

	for (i = 0; i < ARRAY_SIZE(standard_io_resources); i++) {
		standard_io_resources[i].flags = IORESOURCE_IO | IORESOURCE_BUSY;
		request_resource(&ioport_resource, &standard_io_resources[i]);
	}
	/* the first page is reserved by Linux for the BIOS data (trim_bios_range) */
	add_mem(0, 0xfff, "Reserved");
	for (i = 0; i < e820_table.nr_entries; i++) {
		struct boot_e820_entry *e = &e820_table.entries[i];
		u64 start = e->addr, end = e->addr + e->size - 1;

		if (start == 0 && end > 0xfff)
			start = 0x1000;
		if (end > 0xffffffffULL || end < start)
			continue;
		add_mem(start, end, e->type == E820_TYPE_RAM ? "System RAM" : "Reserved");
	}
	add_mem(0xa0000, 0xbffff, "Video RAM area");
	sz = rom_size(0xc0000);
	if (sz)
		add_mem(0xc0000, 0xc0000 + sz - 1, "Video ROM");
	for (a = 0xc8000; a < 0xe0000; a += 2048) {
		sz = rom_size(a);
		if (sz) {
			add_mem(a, a + sz - 1, "Adapter ROM");
			a += ALIGN(sz, 2048) - 2048;
		}
	}
	add_mem(0xf0000, 0xfffff, "System ROM");
	kernel_section(&code_resource, _text, _etext);
	kernel_section(&rodata_resource, (void *)PAGE_ALIGN((unsigned long)_etext), __end_rodata);
	kernel_section(&data_resource, __end_rodata, _edata);
	kernel_section(&bss_resource, __bss_start, __bss_stop);
	return 0;
}
core_initcall(resources_init);
