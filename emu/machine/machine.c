/*
 * The PC/AT-compatible board (the IBM PC/AT technical reference for the
 * wiring: two cascaded 8259s, the 8254 on IRQ0, the RTC on IRQ8, COM1 on IRQ4,
 * the disk on IRQ14), and the loop that runs it on the virtual clock.
 *
 * The loop: deliver due input, fire due timers, then let the CPU run up to
 * the earliest of the next timer deadline, the next queued input event and
 * the caller's limit. A CPU halted with interrupts enabled makes virtual time
 * jump straight to the next deadline; halted with interrupts disabled it can
 * never wake (we have no NMI source), so the run ends with a report. Reset
 * requests (port 0x92, the 8042, a triple fault) are handled between CPU runs
 * so that no device is reset under a running instruction.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/ata.h"
#include "devices/atapi.h"
#include "devices/cmos.h"
#include "devices/debugcon.h"
#include "devices/fw_cfg.h"
#include "devices/i8042.h"
#include "devices/isa_debug_exit.h"
#include "devices/shutdown_port.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/port92.h"
#include "devices/post.h"
#include "devices/uart.h"
#include "devices/vga.h"
#include "emu/machine/bootproto.h"
#include "emu/board/disk.h"
#include "emu/lib/hostfile.h"
#include "emu/lib/log.h"
#include "emu/machine/machine.h"
#include "emu/machine/sound.h"

#define MACHINE_MIN_RAM (2u << 20)
#define MACHINE_MAX_RAM (3u << 30)	/* leave the top GiB for the ROM and MMIO */

static void cpu_intr_set(void *opaque, int n, int level)
{
	struct machine *m = opaque;
	if (m->cpu)
		cpu_set_intr(m->cpu, level);
}

/* A device armed a timer earlier than the CPU's current run limit. */
static void clock_kick(void *opaque)
{
	struct machine *m = opaque;
	if (m->cpu)
		cpu_request_exit(m->cpu);
}

static void kbc_reset_hook(void *opaque)
{
	machine_request_reset(opaque, "8042 reset pulse");
}

static void port92_reset_hook(void *opaque)
{
	machine_request_reset(opaque, "port 0x92 reset");
}

static void debug_exit_hook(void *opaque, int status)
{
	struct machine *m = opaque;
	m->exit_pending = true;
	m->exit_status = status;
	cpu_request_exit(m->cpu);
}

/* The guest powered the machine off (Bochs's shutdown port): status 0. */
static void power_off_hook(void *opaque)
{
	debug_exit_hook(opaque, 0);
}

static void serial_input(void *opaque, const struct input_event *ev)
{
	struct machine *m = opaque;
	if (ev->a == 0)
		uart_receive(m->com1, ev->b);
}

/* A register write from the input queue (INPUT_WRITE_REG). The CPU is at an
 * instruction boundary, where its registers may be written. Segment
 * registers are loaded the real-mode way; the debugger refuses them in
 * protected mode before they get here. */
static void write_reg(struct cpu *cpu, u32 reg, u32 v)
{
	static const int seg[] = {
		[INPUT_REG_CS - INPUT_REG_CS] = SEG_CS, [INPUT_REG_SS - INPUT_REG_CS] = SEG_SS,
		[INPUT_REG_DS - INPUT_REG_CS] = SEG_DS, [INPUT_REG_ES - INPUT_REG_CS] = SEG_ES,
		[INPUT_REG_FS - INPUT_REG_CS] = SEG_FS, [INPUT_REG_GS - INPUT_REG_CS] = SEG_GS,
	};

	if (reg <= INPUT_REG_EDI)
		cpu->regs[reg] = v;	/* same order as R_EAX..R_EDI */
	else if (reg == INPUT_REG_EIP)
		cpu->eip = v;
	else if (reg == INPUT_REG_EFLAGS)
		cpu_set_eflags(cpu, v);
	else if (reg >= INPUT_REG_CS && reg <= INPUT_REG_GS)
		cpu_set_seg_real(cpu, seg[reg - INPUT_REG_CS], (u16)v);
}

/* The debugger's pokes into guest memory and registers, delivered at an
 * instruction boundary like any input so that a recorded run replays them.
 * Code pages are invalidated by the bus as for any write. */
static void debug_write(void *opaque, const struct input_event *ev)
{
	struct machine *m = opaque;
	if (ev->c & INPUT_WRITE_REG) {
		write_reg(m->cpu, ev->a, ev->b);
		return;
	}
	int size = ev->c == 1 || ev->c == 2 || ev->c == 4 ? (int)ev->c : 1;
	bus_mem_write(&m->bus, ev->a, ev->b, size);
}

struct vm_section *machine_add_device(struct machine *m, struct device *d)
{
	struct device **pp = &m->devices;

	while (*pp)
		pp = &(*pp)->next;
	d->next = NULL;
	*pp = d;
	return vm_register_section(&m->sections, d->name, VM_ORDER_DEVICE, d->save, d->load,
				   d->dev);
}

struct device *machine_find_device(struct machine *m, const char *name)
{
	for (struct device *d = m->devices; d; d = d->next)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

/* Read the whole ROM image; sizes the bus cannot map are refused here. */
static int load_rom(struct machine *m, const char *path, char *err, size_t errlen)
{
	size_t size;
	/* Any size up to 16 MiB is read, so that the message can name it. */
	u8 *rom = host_read_file(path, "BIOS image", 16u << 20, &size, err, errlen);

	if (!rom)
		return -1;
	if (size != 64 * 1024 && size != 128 * 1024 && size != 256 * 1024) {
		snprintf(err, errlen, "BIOS image '%s' is %zu bytes; it must be 64, 128 or 256 KiB",
			 path, size);
		free(rom);
		return -1;
	}
	m->rom = rom;
	bus_set_rom(&m->bus, m->rom, size);
	return 0;
}

static void ferr_clear(void *opaque)
{
	cpu_fpu_clear_ferr(opaque);
}

/* The CMOS bytes the BIOS reads: memory, equipment, the disk geometry. */
static void setup_cmos(struct machine *m)
{
	cmos_set_memory(m->cmos, m->bus.ram_size);
	cmos_set_equipment(m->cmos, m->cpu->has_fpu);
	/* Without -boot the CMOS keeps "hard disk only", unless there is a
	 * CD-ROM: then the hard disk, then the CD, as QEMU's default does. */
	const char *order = m->cfg.boot_order;
	for (int i = 0; i < 4 && !order; i++)
		if (m->cfg.drive[i].cdrom)
			order = "cd";
	if (order) {
		u8 dev[3] = { 0, 0, 0 };
		for (int i = 0; i < 3 && order[i]; i++)
			dev[i] = order[i] == 'd' ? 3 : order[i] == 'a' ? 1 : 2;
		cmos_set_boot_order(m->cmos, dev);
	}
	if (m->disk && !m->cfg.drive[0].cdrom) {
		/* The geometry the ATA disk reports in IDENTIFY. */
		struct disk_chs chs = disk_chs(m->disk);
		cmos_set_disk0(m->cmos, chs.cyls, chs.heads, chs.spt);
	}
	if (m->drives[1] && !m->cfg.drive[1].cdrom) {
		struct disk_chs chs = disk_chs(m->drives[1]);
		cmos_set_disk1(m->cmos, chs.cyls, chs.heads, chs.spt);
	}
	cmos_update_checksum(m->cmos);
}

/* -vga-rom: the file as fw_cfg's "vgaroms/vgabios.bin", where SeaBIOS looks
 * for a VGA BIOS on a machine without PCI (QEMU's isapc puts its VGA BIOS
 * there too). Lucid's own BIOS has its video services built in. */
static int add_vga_rom(struct machine *m, char *err, size_t errlen)
{
	size_t size;
	u8 *rom = host_read_file(m->cfg.vga_rom, "VGA ROM", 128u << 10, &size, err, errlen);

	if (!rom)
		return -1;
	if (size < 512 || rom[0] != 0x55 || rom[1] != 0xAA) {
		snprintf(err, errlen, "VGA ROM '%s' is not an option ROM (no 55 AA signature)",
			 m->cfg.vga_rom);
		free(rom);
		return -1;
	}
	int rc = fw_cfg_add_file(m->fw_cfg, "vgaroms/vgabios.bin", rom, (u32)size);
	m->vga_rom_size = (u32)size;
	free(rom);
	if (rc)
		snprintf(err, errlen, "cannot add the VGA ROM to fw_cfg");
	return rc ? -1 : 0;
}

#define NEED(x, what)                                                   \
	do {                                                            \
		if (!(x)) {                                             \
			snprintf(err, errlen, "cannot create the %s", what); \
			goto fail;                                      \
		}                                                       \
	} while (0)

/*
 * The board: one line per chip, in reset (and saved state) order. Each
 * constructor claims its own ports and gets its interrupt lines and hooks.
 */
static int create_chips(struct machine *m, char *err, size_t errlen)
{
	struct vm_section *pic_state;

	NEED(m->pic = pic_create(&m->bus, &m->cpu_intr), "8259 PIC");
	NEED(pic_state = machine_add_device(m, pic_device(m->pic)), "8259 PIC");
	/* Devices loaded after the PIC drive their IRQ lines as they come up,
	 * which can latch requests the saved PIC did not have: it loads once
	 * more when everything else has. */
	pic_state->after_load = pic_state->load;
	cpu_set_intr_ack(m->cpu, pic_acknowledge, m->pic);
	NEED(m->pit = pit_create(&m->bus, &m->clock, lockup_watch_init(m, m->cfg.hardlockup)),
	     "8254 PIT");
	NEED(machine_add_device(m, pit_device(m->pit)), "8254 PIT");
	NEED(m->cmos = cmos_create(&m->bus, &m->clock, pic_irq(m->pic, 8), m->cfg.rtc_base),
	     "RTC");
	NEED(machine_add_device(m, cmos_device(m->cmos)), "RTC");
	NEED(m->com1 = uart_create(&m->bus, &m->clock, 0x3F8, pic_irq(m->pic, 4), "com1",
				   &m->cfg.serial), "UART");
	NEED(machine_add_device(m, uart_device(m->com1)), "UART");
	NEED(m->port92 = port92_create(&m->bus, port92_reset_hook, m), "port 0x92");
	NEED(m->post = post_create(&m->bus, &m->clock), "POST port");
	NEED(m->debug_exit = isa_debug_exit_create(&m->bus, debug_exit_hook, m), "isa-debug-exit");
	NEED(m->shutdown = shutdown_port_create(&m->bus, power_off_hook, m), "shutdown port");
	NEED(m->debugcon = debugcon_create(&m->bus, &m->cfg.debugcon), "debugcon");
	if (m->cfg.bios_log_port)
		NEED(m->bios_log = debugcon_create_at(&m->bus, FW_BIOS_LOG_PORT, &m->cfg.bios_log),
		     "firmware log port");
	machine_misc_device(m, &m->misc);
	NEED(machine_add_device(m, &m->misc), "system ports");
	NEED(m->kbc = i8042_create(&m->bus, &m->clock, &m->input, pic_irq(m->pic, 1),
				   pic_irq(m->pic, 12), kbc_reset_hook, m), "8042");
	NEED(machine_add_device(m, i8042_device(m->kbc)), "8042");
	NEED(m->vga = vga_create(&m->bus, &m->clock), "VGA");
	NEED(machine_add_device(m, vga_device(m->vga)), "VGA");
	if (m->drives[0] || m->drives[1] || m->drives[2] || m->drives[3]) {
		u8 cdroms = 0;
		for (int i = 0; i < 4; i++)
			cdroms |= (u8)(m->cfg.drive[i].cdrom << i);
		NEED(m->ata = ata_create_mixed(&m->bus, &m->clock, pic_irq(m->pic, 14),
					       pic_irq(m->pic, 15), m->drives, cdroms), "ATA");
		NEED(machine_add_device(m, ata_device(m->ata)), "ATA");
	}
	NEED(m->fw_cfg = fw_cfg_create(&m->bus, m->cfg.ram_size), "fw_cfg");
	NEED(machine_add_device(m, fw_cfg_device(m->fw_cfg)), "fw_cfg");
	if (m->cfg.vga_rom && add_vga_rom(m, err, errlen))
		return -1;
	/* The x87: present unless asked otherwise; FERR# latched onto IRQ13,
	 * the latch cleared by a write to port 0xF0. */
	cpu_set_fpu(m->cpu, !m->cfg.no_fpu);
	cpu_set_nx(m->cpu, m->cfg.nx);
	cpu_set_mmx(m->cpu, m->cfg.mmx);
	m->cpu->ferr = pic_irq(m->pic, 13);
	NEED(m->ferr = ferr_port_create(&m->bus, ferr_clear, m->cpu), "port 0xF0");
	return 0;
fail:
	return -1;
}

struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen)
{
	struct machine *m = calloc(1, sizeof(*m));

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->cfg = *cfg;
	if (!m->cfg.ram_size)
		m->cfg.ram_size = MACHINE_DEFAULT_RAM;
	if (!m->cfg.bios)
		m->cfg.bios = MACHINE_DEFAULT_BIOS;
	if (m->cfg.ram_size < MACHINE_MIN_RAM || m->cfg.ram_size > MACHINE_MAX_RAM ||
	    (m->cfg.ram_size & (PAGE_SIZE - 1))) {
		snprintf(err, errlen, "RAM size %u bytes is out of range (2 MiB to 3 GiB, whole pages)",
			 m->cfg.ram_size);
		free(m);
		return NULL;
	}
	clock_init(&m->clock, m->cfg.ips);
	m->clock.kick = clock_kick;
	m->clock.kick_opaque = m;
	if (input_init(&m->input) || bus_init(&m->bus, m->cfg.ram_size)) {
		snprintf(err, errlen, "cannot allocate %u MiB of guest RAM", m->cfg.ram_size >> 20);
		goto fail;
	}
	if (m->cfg.bios_data) {
		m->rom = malloc(m->cfg.bios_size ? m->cfg.bios_size : 1);
		NEED(m->rom, "ROM");
		memcpy(m->rom, m->cfg.bios_data, m->cfg.bios_size);
		if (bus_set_rom(&m->bus, m->rom, m->cfg.bios_size)) {
			snprintf(err, errlen, "BIOS image is %u bytes; it must be 64, 128 or 256 KiB",
				 m->cfg.bios_size);
			goto fail;
		}
	} else if (load_rom(m, m->cfg.bios, err, errlen)) {
		goto fail;
	}
	if (!m->cfg.drive[0].path)
		m->cfg.drive[0] = (struct machine_drive){ .path = m->cfg.disk, .snapshot = -1 };
	m->cfg.disk = m->cfg.drive[0].path;
	for (int i = 0; i < 4; i++) {
		const struct machine_drive *dr = &m->cfg.drive[i];
		if (!dr->path)
			continue;
		bool snap = dr->snapshot < 0 ? m->cfg.snapshot : dr->snapshot;
		if (dr->cdrom) {
			char why[160];
			m->drives[i] = disk_open_mode(dr->path, false, true, why, sizeof(why));
			if (!m->drives[i] || atapi_check_image(m->drives[i], why, sizeof(why))) {
				snprintf(err, errlen, "CD-ROM image '%s': %s", dr->path, why);
				goto fail;
			}
			continue;
		}
		m->drives[i] = disk_open_mode(dr->path, snap, dr->readonly, err, errlen);
		if (!m->drives[i])
			goto fail;
	}
	m->disk = m->drives[0];

	m->cpu = cpu_create(&m->bus, &m->clock, m->cfg.cpu_model);
	NEED(m->cpu, "CPU");
	NEED(!m->cfg.accel_set || !cpu_set_accel(m->cpu, m->cfg.accel), "translator (-accel jit)");
	/* A triple fault comes back to us, so the devices reset with the CPU. */
	m->cpu->reset_on_triple = false;
	irq_init(&m->cpu_intr, cpu_intr_set, m, 0);
	if (machine_register_state(m)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (create_chips(m, err, errlen))
		goto fail;
	input_set_handler(&m->input, INPUT_SERIAL, serial_input, m);
	input_set_handler(&m->input, INPUT_DEBUG_WRITE, debug_write, m);
	setup_cmos(m);
	if (m->cfg.kernel &&
	    bootproto_load(m->fw_cfg, m->cfg.kernel, m->cfg.append, m->cfg.initrd,
			   m->cfg.ram_size, err, errlen))
		goto fail;
	/* Last: it creates the -audio-out file, which must not appear if anything failed. */
	m->sound = sound_create(&m->bus, &m->clock, m->pit, pic_irq(m->pic, 5), m->cfg.audio_out,
				m->cfg.audio_in, err, errlen);
	if (!m->sound)
		goto fail;
	struct device *sdev[8];
	int n = sound_devices(m->sound, sdev, ARRAY_SIZE(sdev));
	for (int i = 0; i < n; i++)
		NEED(machine_add_device(m, sdev[i]), "sound state");
	return m;
fail:
	machine_destroy(m);
	return NULL;
}

void machine_add_destroy_hook(struct machine *m, struct machine_hook *h)
{
	h->next = m->destroy_hooks;
	m->destroy_hooks = h;
}

void machine_remove_destroy_hook(struct machine *m, struct machine_hook *h)
{
	for (struct machine_hook **pp = &m->destroy_hooks; *pp; pp = &(*pp)->next) {
		if (*pp == h) {
			*pp = h->next;
			return;
		}
	}
}

void machine_destroy(struct machine *m)
{
	if (!m)
		return;
	/* What the layers above hung on the machine goes first, newest first. */
	while (m->destroy_hooks) {
		struct machine_hook *h = m->destroy_hooks;
		m->destroy_hooks = h->next;
		h->fn(h->opaque);
	}
	machine_flush(m);
	if (m->sound)
		sound_destroy(m->sound);
	ferr_port_destroy(m->ferr);
	fw_cfg_destroy(m->fw_cfg);
	ata_destroy(m->ata);
	vga_destroy(m->vga);
	i8042_destroy(m->kbc);
	debugcon_destroy(m->debugcon);
	debugcon_destroy(m->bios_log);
	isa_debug_exit_destroy(m->debug_exit);
	shutdown_port_destroy(m->shutdown);
	post_destroy(m->post);
	port92_destroy(m->port92);
	uart_destroy(m->com1);
	cmos_destroy(m->cmos);
	pit_destroy(m->pit);
	pic_destroy(m->pic);
	if (m->cpu)
		cpu_destroy(m->cpu);
	for (int i = 0; i < 4; i++)
		disk_close(m->drives[i]);
	bus_free(&m->bus);
	free(m->page_hash);
	input_free(&m->input);
	vm_sections_free(&m->sections);
	free(m->rom);
	free(m);
}

int machine_flush(struct machine *m)
{
	int rc = 0;
	for (int i = 0; i < 4; i++) {
		int r = m->drives[i] ? disk_flush(m->drives[i]) : 0;
		rc = rc ? rc : r;	/* every disk flushed; the first error reported */
	}
	return rc;
}

void machine_reset(struct machine *m)
{
	for (struct device *d = m->devices; d; d = d->next)
		if (d->reset)
			d->reset(d->dev);
	/* The chipset releases A20M# during reset (QEMU's CPU reset does the
	 * same), or the reset vector at 0xFFFFFFF0 would be out of reach. */
	bus_set_a20(&m->bus, true);
	bus_shadow_reset(&m->bus);
	cpu_reset(m->cpu);
	m->resets++;
}

void machine_request_reset(struct machine *m, const char *reason)
{
	m->reset_pending = true;
	m->reset_reason = reason;
	cpu_request_exit(m->cpu);
}

void machine_request_stop(struct machine *m)
{
	m->stop_pending = true;
	if (m->cpu)
		cpu_request_exit(m->cpu);
}

int machine_serial_input(struct machine *m, u8 byte)
{
	struct input_event ev = { .icount = INPUT_ASAP, .type = INPUT_SERIAL, .a = 0, .b = byte };
	return input_push(&m->input, &ev);
}

void machine_save_devices(struct machine *m, struct snap_writer *w)
{
	for (struct device *d = m->devices; d; d = d->next)
		if (d->save)
			d->save(d->dev, w);
}

const char *machine_stop_name(enum machine_stop s)
{
	static const char *const names[] = {
		[MACHINE_LIMIT] = "instruction limit reached",
		[MACHINE_EXIT] = "guest wrote isa-debug-exit or powered off",
		[MACHINE_HALTED] = "CPU halted with interrupts disabled",
		[MACHINE_IDLE] = "CPU halted with nothing scheduled to wake it",
		[MACHINE_RESET] = "reset with -no-reboot",
		[MACHINE_STOPPED] = "stopped",
		[MACHINE_DEBUG] = "debug stop",
		[MACHINE_LOCKUP] = "hard lockup: the timer interrupt was not taken",
	};
	return (unsigned)s < ARRAY_SIZE(names) ? names[s] : "?";
}

static inline u64 min_u64(u64 a, u64 b) { return a < b ? a : b; }

enum machine_stop machine_run(struct machine *m, u64 limit)
{
	for (;;) {
		if (m->exit_pending) {
			m->exit_pending = false;
			return MACHINE_EXIT;
		}
		if (m->stop_pending) {
			m->stop_pending = false;
			return MACHINE_STOPPED;
		}
		if (m->lockup.fired) {
			m->lockup.fired = false;
			return MACHINE_LOCKUP;
		}
		if (m->reset_pending) {
			m->reset_pending = false;
			if (m->reset_hook)
				m->reset_hook(m->reset_opaque, m->reset_reason);
			if (m->cfg.no_reboot)
				return MACHINE_RESET;
			log_debug("reset: %s", m->reset_reason);
			machine_reset(m);
		}
		input_deliver(&m->input, m->clock.icount);
		clock_run_due(&m->clock);
		if (m->exit_pending || m->stop_pending || m->reset_pending || m->lockup.fired)
			continue;
		if (m->clock.icount >= limit)
			return MACHINE_LIMIT;

		u64 next = min_u64(min_u64(clock_next_deadline(&m->clock),
					   input_next_deadline(&m->input)), limit);
		if (next <= m->clock.icount)
			continue;	/* something became due while we looked */
		m->clock.run_limit = next;
		enum cpu_stop st = cpu_run(m->cpu, next);
		m->clock.run_limit = 0;
		switch (st) {
		case CPU_STOP_LIMIT:
		case CPU_STOP_EXIT:
			break;
		case CPU_STOP_DEBUG:
			return MACHINE_DEBUG;
		case CPU_STOP_SHUTDOWN:
			machine_request_reset(m, "triple fault");
			break;
		case CPU_STOP_HALT:
			if (m->exit_pending || m->stop_pending || m->reset_pending)
				break;
			if (!(cpu_get_eflags(m->cpu) & FLAG_IF) && !m->cpu->nmi_pending)
				return MACHINE_HALTED;
			/* The guest may have armed timers on its way to HLT. */
			next = min_u64(min_u64(clock_next_deadline(&m->clock),
					       input_next_deadline(&m->input)), limit);
			if (next == CLOCK_NEVER)
				return MACHINE_IDLE;
			/* Nothing happens until the next deadline: jump there. */
			if (next > m->clock.icount) {
				m->halt_skipped += next - m->clock.icount;
				m->clock.icount = next;
			}
			break;
		}
	}
}
