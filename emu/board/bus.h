/*
 * The physical address space and the I/O port space of the PC.
 *
 * Memory: RAM from 0 (size set with -m), except the legacy hole
 * 0xA0000-0xFFFFF: 0xA0000-0xBFFFF is VGA (an MMIO range the VGA device
 * claims) and the top of the first megabyte holds the BIOS ROM, read-only.
 * The same ROM is mapped again just below 4 GiB so the reset vector at
 * 0xFFFFFFF0 reaches it. 0xC0000-0xFFFFF is shadow RAM (shadow.c): a page
 * there shows the ROM (or open bus) until its first write makes it RAM.
 * Anything unclaimed is open bus: reads 0xFF, writes vanish.
 *
 * Ports: a table of 65536 one-byte handler indices gives O(1) dispatch. A
 * device that only handles some access widths gets the others split into
 * byte accesses.
 *
 * The CPU caches host pointers to RAM pages in its TLB (bus_host_page); every
 * other access, including DMA from devices, goes through bus_mem_read/write,
 * which also tell the CPU when a write hits a page holding decoded code.
 */
#ifndef LUCID_BUS_H
#define LUCID_BUS_H

#include "emu/lib/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define LEGACY_HOLE_START 0xA0000u
#define LEGACY_HOLE_END 0x100000u
#define SHADOW_START 0xC0000u	/* shadow RAM: SHADOW_START .. LEGACY_HOLE_END */
#define SHADOW_PAGES ((LEGACY_HOLE_END - SHADOW_START) >> PAGE_SHIFT)
#define BUS_MAX_IO 128
#define BUS_MAX_MMIO 16

struct io_ops {
	/* size is 1, 2 or 4; offset is relative to the range's first port/address */
	u32 (*read)(void *dev, u32 offset, int size);
	void (*write)(void *dev, u32 offset, u32 val, int size);
	unsigned sizes;		/* widths handled natively: bit mask of 1, 2, 4 (0 = bytes only) */
};

struct io_range {
	const struct io_ops *ops;
	void *dev;
	u32 base, len;
	const char *name;
};

/* Called when a write lands in a page marked as holding decoded code. */
typedef void code_write_fn(void *opaque, u32 paddr, int size);

struct bus {
	u8 *ram;		/* host buffer of ram_size bytes */
	u32 ram_size;		/* a multiple of PAGE_SIZE */
	const u8 *rom;		/* BIOS image (read-only), rom_size bytes */
	u32 rom_size;		/* 64, 128 or 256 KiB */
	u32 a20_mask;		/* 0xFFFFFFFF, or ~(1 << 20) with the A20 gate closed */
	bool flat_ram;		/* no legacy hole: all of 0..ram_size is RAM (test rigs) */
	u64 shadow_map;		/* pages of 0xC0000-0xFFFFF turned into RAM (shadow.c) */
	bool no_shadow;		/* writes there vanish (replaying logs from before shadow RAM) */

	u8 port_map[65536];	/* index into io[] + 1; 0 = unclaimed */
	struct io_range io[BUS_MAX_IO];
	int n_io;
	struct io_range mmio[BUS_MAX_MMIO];
	int n_mmio;

	u8 *code_bitmap;	/* one bit per RAM page holding decoded code */
	/* One bit per RAM page written since the last state digest (vmstate.c):
	 * set by every RAM write path and by handing out a writable host page
	 * (the CPU's TLB write-fill), so the CPU's fast path never pays for it. */
	u8 *dirty_bitmap;
	/* One bit per RAM page that may hold non-zero bytes: set with the dirty
	 * bit, cleared only by vm_load (which then flushes the TLB). A clear bit
	 * means the page is all zero, so snapshots skip it without reading it. */
	u8 *nonzero_bitmap;
	code_write_fn *code_write;
	void *code_opaque;

	void (*a20_changed)(void *opaque);	/* the CPU flushes its TLB */
	void *a20_opaque;

	u8 unclaimed_seen[65536 / 8];	/* ports already logged as unclaimed */
	/* The -d unimp log: the first access to each unclaimed port. */
	void (*unclaimed_hook)(void *opaque, u16 port, bool write);
	void *unclaimed_opaque;

	/* The debugger's I/O watchpoints: called for every port access while set
	 * (NULL otherwise; port I/O is a slow path anyway). */
	void (*io_watch)(void *opaque, u16 port, int size, bool write, u32 val);
	void *io_watch_opaque;
};

static inline void bus_mark_dirty(struct bus *bus, u32 paddr)
{
	u32 pfn = paddr >> PAGE_SHIFT;
	bus->dirty_bitmap[pfn >> 3] |= 1u << (pfn & 7);
	bus->nonzero_bitmap[pfn >> 3] |= 1u << (pfn & 7);
}

/* Set up a bus with ram_size bytes of zeroed RAM. Returns 0 or -errno. */
int bus_init(struct bus *bus, u32 ram_size);
void bus_free(struct bus *bus);
/* Map a ROM image (size 64/128/256 KiB) at the top of 1 MiB and of 4 GiB. */
int bus_set_rom(struct bus *bus, const u8 *rom, u32 size);

int bus_add_io(struct bus *bus, u32 base, u32 len, const struct io_ops *ops, void *dev,
	       const char *name);
int bus_add_mmio(struct bus *bus, u32 base, u32 len, const struct io_ops *ops, void *dev,
		 const char *name);
/* Release every port and MMIO range claimed with dev (a device's destroy). */
void bus_remove_device(struct bus *bus, const void *dev);

u32 bus_io_read(struct bus *bus, u16 port, int size);
void bus_io_write(struct bus *bus, u16 port, u32 val, int size);

/* Physical memory access of 1, 2 or 4 bytes (any alignment). */
u32 bus_mem_read(struct bus *bus, u32 paddr, int size);
void bus_mem_write(struct bus *bus, u32 paddr, u32 val, int size);
/* Bulk copies for DMA and loaders; they honour MMIO, ROM and code pages. */
void bus_read_block(struct bus *bus, u32 paddr, void *buf, u32 len);
void bus_write_block(struct bus *bus, u32 paddr, const void *buf, u32 len);

/*
 * The host address of the page holding paddr, for the TLB fast path, or NULL
 * when the page is not plain memory (MMIO, open bus, or, for writes, ROM and
 * pages holding code). paddr must already have the A20 mask applied.
 */
u8 *bus_host_page(struct bus *bus, u32 paddr, bool write);

void bus_set_a20(struct bus *bus, bool enabled);

/* Shadow RAM (shadow.c). paddr is in the legacy hole's shadow part. */
static inline bool bus_in_shadow(u32 paddr)
{
	return paddr >= SHADOW_START && paddr < LEGACY_HOLE_END;
}
static inline bool bus_shadowed(const struct bus *bus, u32 paddr)
{
	return bus_in_shadow(paddr) && (bus->shadow_map >> ((paddr - SHADOW_START) >> PAGE_SHIFT) & 1);
}
/* Turn paddr's page into RAM holding what it showed; nothing if it is already. */
void bus_shadow_fill(struct bus *bus, u32 paddr);
/* Map the ROM back over every shadowed page (a machine reset). */
void bus_shadow_reset(struct bus *bus);
static inline bool bus_a20_enabled(const struct bus *bus) { return bus->a20_mask & (1u << 20); }

static inline bool bus_page_has_code(const struct bus *bus, u32 paddr)
{
	u32 pfn = paddr >> PAGE_SHIFT;
	return paddr < bus->ram_size && (bus->code_bitmap[pfn >> 3] & (1u << (pfn & 7)));
}
void bus_mark_code_page(struct bus *bus, u32 paddr, bool has_code);

/* RAM as the snapshot section "RAM " (ram_snap.c): every page that is not
 * all zero. Loading marks the pages it changes dirty; the caller then
 * flushes the CPU's TLB. bus is a struct bus (vm_section hooks). */
struct snap_writer;
struct snap_reader;
void bus_save_ram(void *bus, struct snap_writer *w);
int bus_load_ram(void *bus, struct snap_reader *r);	/* 0, or -1 with r->error */
/* Which shadow pages are RAM, as the optional section "SHDW" (shadow.c). */
void bus_save_shadow(void *bus, struct snap_writer *w);
int bus_load_shadow(void *bus, struct snap_reader *r);

#endif
