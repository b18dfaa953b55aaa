/*
 * Physical memory map and I/O port dispatch (see bus.h for the map).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emu/board/bus.h"
#include "emu/lib/log.h"

int bus_init(struct bus *bus, u32 ram_size)
{
	memset(bus, 0, sizeof(*bus));
	if (ram_size < LEGACY_HOLE_END || (ram_size & (PAGE_SIZE - 1)))
		return -EINVAL;
	bus->ram = calloc(1, ram_size);
	bus->code_bitmap = calloc(1, (ram_size >> PAGE_SHIFT) / 8 + 1);
	/* Every page starts dirty: the first digest hashes all of RAM. */
	bus->dirty_bitmap = malloc((ram_size >> PAGE_SHIFT) / 8 + 1);
	/* RAM starts all zero, so no page may be non-zero yet. */
	bus->nonzero_bitmap = calloc(1, (ram_size >> PAGE_SHIFT) / 8 + 1);
	if (!bus->ram || !bus->code_bitmap || !bus->dirty_bitmap || !bus->nonzero_bitmap) {
		bus_free(bus);
		return -ENOMEM;
	}
	memset(bus->dirty_bitmap, 0xFF, (ram_size >> PAGE_SHIFT) / 8 + 1);
	bus->ram_size = ram_size;
	bus->a20_mask = 0xFFFFFFFFu;
	return 0;
}

void bus_free(struct bus *bus)
{
	free(bus->ram);
	free(bus->code_bitmap);
	free(bus->dirty_bitmap);
	free(bus->nonzero_bitmap);
	bus->dirty_bitmap = NULL;
	bus->nonzero_bitmap = NULL;
	bus->ram = NULL;
	bus->code_bitmap = NULL;
}

int bus_set_rom(struct bus *bus, const u8 *rom, u32 size)
{
	if (size != 64 * 1024 && size != 128 * 1024 && size != 256 * 1024)
		return -EINVAL;
	bus->rom = rom;
	bus->rom_size = size;
	return 0;
}

static int add_range(struct io_range *tab, int *n, int max, u32 base, u32 len,
		     const struct io_ops *ops, void *dev, const char *name)
{
	if (*n >= max || len == 0)
		return -ENOSPC;
	tab[*n] = (struct io_range){ ops, dev, base, len, name };
	return (*n)++;
}

int bus_add_io(struct bus *bus, u32 base, u32 len, const struct io_ops *ops, void *dev,
	       const char *name)
{
	if (base + len > 65536)
		return -EINVAL;
	for (u32 p = base; p < base + len; p++)
		if (bus->port_map[p])
			return -EBUSY;
	int i = add_range(bus->io, &bus->n_io, BUS_MAX_IO, base, len, ops, dev, name);
	if (i < 0)
		return i;
	for (u32 p = base; p < base + len; p++)
		bus->port_map[p] = i + 1;
	return 0;
}

int bus_add_mmio(struct bus *bus, u32 base, u32 len, const struct io_ops *ops, void *dev,
		 const char *name)
{
	int i = add_range(bus->mmio, &bus->n_mmio, BUS_MAX_MMIO, base, len, ops, dev, name);
	return i < 0 ? i : 0;
}

/* Drop the ranges of dev from tab, keeping the others in order. */
static void remove_ranges(struct io_range *tab, int *n, const void *dev)
{
	int w = 0;
	for (int i = 0; i < *n; i++)
		if (tab[i].dev != dev)
			tab[w++] = tab[i];
	*n = w;
}

void bus_remove_device(struct bus *bus, const void *dev)
{
	remove_ranges(bus->io, &bus->n_io, dev);
	remove_ranges(bus->mmio, &bus->n_mmio, dev);
	memset(bus->port_map, 0, sizeof(bus->port_map));
	for (int i = 0; i < bus->n_io; i++)
		for (u32 p = bus->io[i].base; p < bus->io[i].base + bus->io[i].len; p++)
			bus->port_map[p] = i + 1;
}

/* ---- I/O ports ---- */

static void note_unclaimed(struct bus *bus, u16 port, bool write)
{
	if (!(bus->unclaimed_seen[port >> 3] & (1u << (port & 7)))) {
		bus->unclaimed_seen[port >> 3] |= 1u << (port & 7);
		log_debug("%s of unclaimed port 0x%04x", write ? "write" : "read", port);
		if (bus->unclaimed_hook)
			bus->unclaimed_hook(bus->unclaimed_opaque, port, write);
	}
}

static u8 io_read_byte(struct bus *bus, u16 port)
{
	int i = bus->port_map[port];
	if (!i) {
		note_unclaimed(bus, port, false);
		return 0xFF;
	}
	struct io_range *r = &bus->io[i - 1];
	return r->ops->read ? r->ops->read(r->dev, port - r->base, 1) & 0xFF : 0xFF;
}

static void io_write_byte(struct bus *bus, u16 port, u8 val)
{
	int i = bus->port_map[port];
	if (!i) {
		note_unclaimed(bus, port, true);
		return;
	}
	struct io_range *r = &bus->io[i - 1];
	if (r->ops->write)
		r->ops->write(r->dev, port - r->base, val, 1);
}

/* The range that handles a whole access of this size natively, if any. */
static struct io_range *io_native(struct bus *bus, u16 port, int size)
{
	int i = bus->port_map[port];
	if (!i)
		return NULL;
	struct io_range *r = &bus->io[i - 1];
	if (!(r->ops->sizes & size) || (u32)port + size > r->base + r->len)
		return NULL;
	return r;
}

static u32 io_read(struct bus *bus, u16 port, int size);

u32 bus_io_read(struct bus *bus, u16 port, int size)
{
	u32 v = io_read(bus, port, size);
	if (unlikely(bus->io_watch != NULL))
		bus->io_watch(bus->io_watch_opaque, port, size, false, v);
	return v;
}

static u32 io_read(struct bus *bus, u16 port, int size)
{
	if (size == 1)
		return io_read_byte(bus, port);
	struct io_range *r = io_native(bus, port, size);
	if (r)
		return r->ops->read(r->dev, port - r->base, size);
	u32 v = 0;
	for (int k = 0; k < size; k++)
		v |= (u32)io_read_byte(bus, (u16)(port + k)) << (8 * k);
	return v;
}

void bus_io_write(struct bus *bus, u16 port, u32 val, int size)
{
	if (unlikely(bus->io_watch != NULL))
		bus->io_watch(bus->io_watch_opaque, port, size, true, val);
	if (size == 1) {
		io_write_byte(bus, port, val);
		return;
	}
	struct io_range *r = io_native(bus, port, size);
	if (r) {
		r->ops->write(r->dev, port - r->base, val, size);
		return;
	}
	for (int k = 0; k < size; k++)
		io_write_byte(bus, (u16)(port + k), val >> (8 * k));
}

/* ---- memory ---- */

static struct io_range *find_mmio(struct bus *bus, u32 paddr)
{
	for (int i = 0; i < bus->n_mmio; i++) {
		struct io_range *r = &bus->mmio[i];
		if (paddr - r->base < r->len)
			return r;
	}
	return NULL;
}

/* Host pointer to the ROM byte at paddr, or NULL if paddr is not ROM. */
static const u8 *rom_byte(struct bus *bus, u32 paddr)
{
	if (!bus->rom)
		return NULL;
	if (paddr >= LEGACY_HOLE_END - bus->rom_size && paddr < LEGACY_HOLE_END)
		return bus->rom + (paddr - (LEGACY_HOLE_END - bus->rom_size));
	if (paddr >= 0u - bus->rom_size)
		return bus->rom + (paddr - (0u - bus->rom_size));
	return NULL;
}

static inline bool is_ram(const struct bus *bus, u32 paddr)
{
	return paddr < bus->ram_size &&
	       (paddr < LEGACY_HOLE_START || paddr >= LEGACY_HOLE_END || bus->flat_ram ||
		bus_shadowed(bus, paddr));
}

static u8 mem_read_byte(struct bus *bus, u32 paddr)
{
	if (is_ram(bus, paddr))
		return bus->ram[paddr];
	struct io_range *r = find_mmio(bus, paddr);
	if (r)
		return r->ops->read(r->dev, paddr - r->base, 1);
	const u8 *rom = rom_byte(bus, paddr);
	return rom ? *rom : 0xFF;
}

static void mem_write_byte(struct bus *bus, u32 paddr, u8 val)
{
	if (is_ram(bus, paddr)) {
		if (bus_page_has_code(bus, paddr) && bus->code_write)
			bus->code_write(bus->code_opaque, paddr, 1);
		bus->ram[paddr] = val;
		bus_mark_dirty(bus, paddr);
		return;
	}
	struct io_range *r = find_mmio(bus, paddr);
	if (r) {
		r->ops->write(r->dev, paddr - r->base, val, 1);
	} else if (bus_in_shadow(paddr) && paddr < bus->ram_size && !bus->no_shadow) {
		bus_shadow_fill(bus, paddr);	/* the first write there: now RAM */
		mem_write_byte(bus, paddr, val);
	}
	/* The ROM at the top of 4 GiB and open bus ignore writes. */
}

u32 bus_mem_read(struct bus *bus, u32 paddr, int size)
{
	/* Fast path: the whole access inside one RAM page. */
	if (is_ram(bus, paddr) && is_ram(bus, paddr + size - 1)) {
		const u8 *p = bus->ram + paddr;
		return size == 1 ? p[0] : size == 2 ? ld16(p) : ld32(p);
	}
	struct io_range *r = find_mmio(bus, paddr);
	if (r && (r->ops->sizes & size) && paddr + size - r->base <= r->len)
		return r->ops->read(r->dev, paddr - r->base, size);
	u32 v = 0;
	for (int k = 0; k < size; k++)
		v |= (u32)mem_read_byte(bus, paddr + k) << (8 * k);
	return v;
}

void bus_mem_write(struct bus *bus, u32 paddr, u32 val, int size)
{
	if (is_ram(bus, paddr) && is_ram(bus, paddr + size - 1) &&
	    !bus_page_has_code(bus, paddr) && !bus_page_has_code(bus, paddr + size - 1)) {
		u8 *p = bus->ram + paddr;
		bus_mark_dirty(bus, paddr);
		bus_mark_dirty(bus, paddr + size - 1);
		if (size == 1)
			p[0] = val;
		else if (size == 2)
			st16(p, val);
		else
			st32(p, val);
		return;
	}
	struct io_range *r = find_mmio(bus, paddr);
	if (r && (r->ops->sizes & size) && paddr + size - r->base <= r->len) {
		r->ops->write(r->dev, paddr - r->base, val, size);
		return;
	}
	for (int k = 0; k < size; k++)
		mem_write_byte(bus, paddr + k, val >> (8 * k));
}

void bus_read_block(struct bus *bus, u32 paddr, void *buf, u32 len)
{
	u8 *out = buf;
	for (u32 k = 0; k < len; k++)
		out[k] = mem_read_byte(bus, paddr + k);
}

void bus_write_block(struct bus *bus, u32 paddr, const void *buf, u32 len)
{
	const u8 *in = buf;
	for (u32 k = 0; k < len; k++)
		mem_write_byte(bus, paddr + k, in[k]);
}

u8 *bus_host_page(struct bus *bus, u32 paddr, bool write)
{
	paddr &= PAGE_MASK;
	if (is_ram(bus, paddr)) {
		if (write && bus_page_has_code(bus, paddr))
			return NULL;
		if (write)
			bus_mark_dirty(bus, paddr);
		return bus->ram + paddr;
	}
	if (write || find_mmio(bus, paddr))
		return NULL;
	/* ROM pages are readable in place (the ROM is page-aligned at both places). */
	return (u8 *)rom_byte(bus, paddr);
}

void bus_mark_code_page(struct bus *bus, u32 paddr, bool has_code)
{
	if (paddr >= bus->ram_size)
		return;
	u32 pfn = paddr >> PAGE_SHIFT;
	if (has_code)
		bus->code_bitmap[pfn >> 3] |= 1u << (pfn & 7);
	else
		bus->code_bitmap[pfn >> 3] &= ~(1u << (pfn & 7));
}

void bus_set_a20(struct bus *bus, bool enabled)
{
	u32 mask = enabled ? 0xFFFFFFFFu : ~(1u << 20);
	if (mask == bus->a20_mask)
		return;
	bus->a20_mask = mask;
	if (bus->a20_changed)
		bus->a20_changed(bus->a20_opaque);
}
