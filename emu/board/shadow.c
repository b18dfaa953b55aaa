/*
 * Shadow RAM at 0xC0000-0xFFFFF, the way QEMU's isapc machine has it: the
 * BIOS's part of the first megabyte is RAM holding the ROM image, which the
 * firmware may write (SeaBIOS keeps its variables there and relocates into
 * it). There is no chipset register to open it, as on isapc: SeaBIOS finds
 * no i440FX to program, says "Unable to unlock ram - bridge not found", and
 * carries on because the area is writable already. The copy at the top of
 * 4 GiB stays the pristine ROM, which is what SeaBIOS copies back from
 * before it reboots.
 *
 * A page turns into RAM on its first write, filled with what it showed
 * until then (the ROM's bytes, or 0xFF where no ROM is mapped), so reads
 * never see a difference and a machine that never writes there (Lucid's own
 * BIOS) has the memory, snapshots and digests it had before. A reset maps
 * the ROM back, as QEMU reloads the image on reset.
 */
#include <string.h>

#include "emu/board/bus.h"
#include "emu/lib/snap.h"

#define SHADOW_SNAP_VERSION 1

/* What the guest sees at paddr of an unshadowed page: ROM or open bus. */
static u8 rom_view(const struct bus *bus, u32 paddr)
{
	u32 rom_base = LEGACY_HOLE_END - bus->rom_size;
	if (bus->rom && paddr >= rom_base)
		return bus->rom[paddr - rom_base];
	return 0xFF;
}

/* Read and write accesses are about to change place: the CPU's TLB may
 * hold the ROM page for reading. */
static void shadow_map_changed(struct bus *bus)
{
	if (bus->a20_changed)
		bus->a20_changed(bus->a20_opaque);
}

void bus_shadow_fill(struct bus *bus, u32 paddr)
{
	u32 page = paddr & PAGE_MASK;
	if (!bus_in_shadow(paddr) || bus_shadowed(bus, paddr))
		return;
	for (u32 k = 0; k < PAGE_SIZE; k++)
		bus->ram[page + k] = rom_view(bus, page + k);
	bus->shadow_map |= 1ull << ((page - SHADOW_START) >> PAGE_SHIFT);
	bus_mark_dirty(bus, page);
	shadow_map_changed(bus);
}

void bus_shadow_reset(struct bus *bus)
{
	if (!bus->shadow_map)
		return;
	for (u32 i = 0; i < SHADOW_PAGES; i++) {
		u32 page = SHADOW_START + i * PAGE_SIZE;
		if (!(bus->shadow_map >> i & 1))
			continue;
		/* Code decoded from the RAM copy is not the ROM's. */
		if (bus_page_has_code(bus, page) && bus->code_write)
			bus->code_write(bus->code_opaque, page, PAGE_SIZE);
		memset(bus->ram + page, 0, PAGE_SIZE);
		bus_mark_dirty(bus, page);
	}
	bus->shadow_map = 0;
	shadow_map_changed(bus);
}

/* The section is written only while some page is shadowed, so snapshots of
 * machines that never wrote there are the streams they always were. */
void bus_save_shadow(void *opaque, struct snap_writer *w)
{
	struct bus *bus = opaque;
	u8 b[8];

	if (!bus->shadow_map)
		return;
	st64(b, bus->shadow_map);
	snap_put_section(w, "SHDW", SHADOW_SNAP_VERSION, b, sizeof(b));
}

int bus_load_shadow(void *opaque, struct snap_reader *r)
{
	struct bus *bus = opaque;
	u8 b[8];

	bus->shadow_map = 0;
	if (!snap_peek_version(r, "SHDW"))
		return 0;	/* nothing shadowed (or a snapshot from before shadow RAM) */
	if (snap_get_section(r, "SHDW", SHADOW_SNAP_VERSION, b, sizeof(b)))
		return -1;
	bus->shadow_map = ld64(b);
	return 0;
}
