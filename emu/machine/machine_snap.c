/*
 * The machine's own state sections (emu/board/vmsection.h): its run state
 * with the clock and the pending input ("MACH"), and the CPU, RAM and disk
 * sections of the parts it owns. Devices register theirs as the machine
 * adds them (machine_add_device).
 */
#include <stdio.h>
#include <string.h>

#include "emu/board/disk.h"
#include "emu/board/vmsection.h"
#include "emu/machine/machine.h"

#define MACH_SNAP_VERSION 1

/* "MACH": run state and clock; the pending input events follow it. */
struct mach_snap {
	u64 icount;
	u64 resets;
	u32 reset_pending, exit_pending;
	s32 exit_status;
	u32 nevents;		/* pending input events that follow */
	u32 a20_mask;		/* the bus's A20 gate (port 0x92 and the 8042 drive it) */
	u32 pad;		/* explicit, always 0: saved bytes must not carry stack garbage */
};

static void mach_save(void *opaque, struct snap_writer *w)
{
	struct machine *m = opaque;
	struct mach_snap s = {
		.icount = m->clock.icount, .resets = m->resets,
		.reset_pending = m->reset_pending, .exit_pending = m->exit_pending,
		.exit_status = m->exit_status, .nevents = m->input.count,
		.a20_mask = m->bus.a20_mask,
	};
	snap_put_section(w, "MACH", MACH_SNAP_VERSION, &s, sizeof(s));
	for (u32 i = 0; i < m->input.count; i++)
		snap_put_bytes(w, &m->input.ev[(m->input.head + i) % m->input.cap],
			       sizeof(struct input_event));
}

/* The saved events replace the queue. Saved events carry their icounts, so
 * they are queued even while live input is closed (a replay). */
static int load_events(struct machine *m, struct snap_reader *r, u32 n)
{
	if (n > (r->len - r->pos) / sizeof(struct input_event)) {
		snprintf(r->error, sizeof(r->error), "input queue section is truncated");
		return -1;
	}
	m->input.count = 0;
	m->input.head = 0;
	bool closed = m->input.live_closed;
	m->input.live_closed = false;	/* saved events at icount 0 are not live */
	for (u32 i = 0; i < n; i++) {
		struct input_event ev;
		snap_get_bytes(r, &ev, sizeof(ev));
		if (input_push(&m->input, &ev)) {
			m->input.live_closed = closed;
			snprintf(r->error, sizeof(r->error), "bad or unqueueable input event");
			return -1;
		}
	}
	m->input.live_closed = closed;
	return 0;
}

/* The clock is restored here, before any device: they re-arm their timers
 * from it. */
static int mach_load(void *opaque, struct snap_reader *r)
{
	struct machine *m = opaque;
	struct mach_snap s;

	if (snap_get_section(r, "MACH", MACH_SNAP_VERSION, &s, sizeof(s)) ||
	    load_events(m, r, s.nevents))
		return -1;
	m->clock.icount = s.icount;
	m->resets = s.resets;
	m->reset_pending = s.reset_pending;
	m->exit_pending = s.exit_pending;
	m->exit_status = s.exit_status;
	return 0;
}

/* After the devices: whatever they set on load, the A20 gate is as saved. */
static int mach_after_load(void *opaque, struct snap_reader *r)
{
	struct machine *m = opaque;
	struct mach_snap s;

	if (snap_get_section(r, "MACH", MACH_SNAP_VERSION, &s, sizeof(s)))
		return -1;
	if (s.a20_mask != 0xFFFFFFFFu && s.a20_mask != ~(1u << 20)) {
		snprintf(r->error, sizeof(r->error), "bad A20 mask %08x", s.a20_mask);
		return -1;
	}
	bus_set_a20(&m->bus, s.a20_mask == 0xFFFFFFFFu);
	return 0;
}

static void cpu_section_save(void *cpu, struct snap_writer *w)
{
	cpu_save(cpu, w);
}

static int cpu_section_load(void *cpu, struct snap_reader *r)
{
	return cpu_load(cpu, r);
}

int machine_register_state(struct machine *m)
{
	struct vm_section *s;

	s = vm_register_section(&m->sections, "machine", VM_ORDER_MACHINE, mach_save, mach_load, m);
	if (!s)
		return -1;
	s->after_load = mach_after_load;
	if (!vm_register_section(&m->sections, "cpu", VM_ORDER_CPU, cpu_section_save,
				 cpu_section_load, m->cpu) ||
	    !vm_register_section(&m->sections, "ram", VM_ORDER_RAM, bus_save_ram, bus_load_ram,
				 &m->bus) ||
	    !vm_register_section(&m->sections, "shadow", VM_ORDER_RAM, bus_save_shadow,
				 bus_load_shadow, &m->bus) ||
	    !vm_register_section(&m->sections, "disk", VM_ORDER_DISK, disk_save_state,
				 disk_load_state, m->disk))
		return -1;
	return 0;
}
