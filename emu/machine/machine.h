/*
 * The PC board: RAM, the BIOS ROM, the CPU, the chips, their interrupt
 * wiring, the virtual clock and the input queue, and the loop that runs them.
 * Frontends (main.c, the debugger, tests) create a machine from a config,
 * run it for a while or until the guest stops it, and look inside.
 */
#ifndef LUCID_MACHINE_H
#define LUCID_MACHINE_H

#include "devices/ferr.h"
#include "emu/board/bus.h"
#include "emu/board/clock.h"
#include "emu/cpu/cpu.h"
#include "emu/board/device.h"
#include "emu/board/input.h"
#include "emu/board/irq.h"
#include "emu/board/vmsection.h"
#include "emu/lib/sink.h"
#include "emu/machine/lockup.h"

#define MACHINE_DEFAULT_RAM (64u << 20)
#define MACHINE_DEFAULT_BIOS "build/bios/bios.bin"

struct machine_config {
	u32 ram_size;		/* bytes; 0 = MACHINE_DEFAULT_RAM */
	const char *bios;
	const char *vga_rom;	/* -vga-rom: a VGA option ROM offered through fw_cfg, or NULL */	/* ROM image path; NULL = MACHINE_DEFAULT_BIOS */
	const u8 *bios_data;	/* or the image itself (tests), bios_size bytes */
	u32 bios_size;
	const char *disk;	/* raw image for the ATA master, or NULL */
	bool snapshot;		/* keep disk writes in memory */
	/* -hda..-hdd and -drive: primary master, primary slave, secondary
	 * master, secondary slave. drive[0].path NULL means disk above. */
	struct machine_drive {
		const char *path;
		s8 snapshot;	/* -1: as snapshot above, 0 off, 1 on */
		bool readonly;	/* guest writes fail */
		bool cdrom;	/* an ATAPI CD-ROM with this ISO image (read-only) */
	} drive[4];
	/* The BIOS boot order, QEMU's -boot letters: "c" hard disk, "d" CD-ROM
	 * (up to three); NULL for the hard disk, then the CD-ROM. */
	const char *boot_order;
	u64 ips;		/* 0 = CLOCK_DEFAULT_IPS */
	enum cpu_model cpu_model;	/* note: 0 is CPU_386; lucid's default is CPU_P6 */
	bool no_fpu;		/* a 386 without its 387 (-cpu 386,fpu=off) */
	bool nx;		/* a P6 with execute disable (-cpu p6,nx=on) */
	bool mmx;		/* a Pentium with MMX, a P55C (-cpu pentium,mmx=on) */
	bool accel_set;		/* -accel given: run guest code with accel, else the */
	enum cpu_accel accel;	/* CPU's default (cpu_create); not guest-visible */
	s64 rtc_base;		/* seconds since 1970 the RTC starts at */
	bool no_reboot;		/* a reset ends the run instead */
	u32 hardlockup;		/* seconds IRQ0 may wait untaken (emu/machine/lockup.c); 0 off */
	struct byte_sink serial;	/* COM1 output */
	struct byte_sink debugcon;	/* port 0xE9 output */
	bool bios_log_port;		/* -bios-log: a debug console at port 0x402 */
	struct byte_sink bios_log;	/* its output */
	const char *audio_out;	/* WAV file for sound output, or NULL */
	const char *audio_in;	/* WAV file the SB16 records from, or NULL */
	/* Direct kernel boot (emu/machine/bootproto.c): NULL for a normal BIOS boot. */
	const char *kernel, *append, *initrd;
};

/* Why machine_run returned. */
enum machine_stop {
	MACHINE_LIMIT,		/* the requested icount was reached */
	MACHINE_EXIT,		/* isa-debug-exit or the shutdown port: see exit_status */
	MACHINE_HALTED,		/* HLT with interrupts off and nothing pending: dead */
	MACHINE_IDLE,		/* HLT with nothing scheduled: only host input can wake it */
	MACHINE_RESET,		/* a reset with no_reboot set (see reset_reason) */
	MACHINE_STOPPED,	/* machine_request_stop (a signal, the frontend) */
	MACHINE_DEBUG,		/* a breakpoint or single step */
	MACHINE_LOCKUP,		/* the hard-lockup watchdog fired (lockup_describe) */
};

struct pic;
struct pit;
struct cmos;
struct uart;
struct port92;
struct post;
struct isa_debug_exit;
struct shutdown_port;
struct debugcon;
struct vga;
struct ata;
struct i8042;
struct disk;
struct fw_cfg;
struct sound;

/* Something a layer above the machine must undo when it goes away (time
 * travel's checkpoints): the caller owns the struct and keeps it alive. */
struct machine_hook {
	void (*fn)(void *opaque);
	void *opaque;
	struct machine_hook *next;
};

struct machine {
	struct machine_config cfg;
	struct bus bus;
	struct clock clock;
	struct input_queue input;
	struct cpu *cpu;
	u8 *rom;

	/* The chips, by name for the debugger via machine_find_device. */
	struct pic *pic;
	struct pit *pit;
	struct cmos *cmos;
	struct uart *com1;
	struct port92 *port92;
	struct post *post;
	struct isa_debug_exit *debug_exit;
	struct shutdown_port *shutdown;	/* port 0x8900: power off, status 0 */
	struct debugcon *debugcon;
	struct debugcon *bios_log;	/* port 0x402, or NULL */
	u32 vga_rom_size;		/* -vga-rom's bytes, 0 without */
	struct device misc;		/* port 0x92 and POST state together (misc_device.c) */
	struct vga *vga;
	struct ata *ata;
	struct i8042 *kbc;
	struct disk *disk;		/* the primary master (drives[0]) */
	struct disk *drives[4];		/* every ATA position, NULL where none */
	struct fw_cfg *fw_cfg;
	struct ferr_port *ferr;		/* port 0xF0: clears the FPU's IRQ13 latch */
	struct sound *sound;		/* DMA, SB16, PC speaker, mixer (emu/machine/sound.h) */
	struct device *devices;		/* every device, in creation (and reset) order */
	struct vm_sections sections;	/* the saved state, in stream order (vmsection.h) */

	/* Wires. */
	struct irq_line cpu_intr;	/* master PIC INT -> CPU INTR */

	/* Run state. */
	bool reset_pending;
	const char *reset_reason;	/* "port 0x92", "8042", "triple fault" */
	bool exit_pending;
	int exit_status;		/* for MACHINE_EXIT */
	volatile bool stop_pending;
	u64 resets;			/* how many resets happened */
	/* The -d cpu_reset log: told of each reset request, before it is done. */
	void (*reset_hook)(void *opaque, const char *reason);
	void *reset_opaque;
	u64 halt_skipped;		/* instructions' worth of time skipped in HLT */
	struct lockup_watch lockup;	/* -hardlockup (emu/machine/lockup.c) */

	/* Determinism (emu/replay/vmstate.c, emu/replay/replay.c). */
	char image_sha[4][65];		/* SHA-256 of BIOS, disk, kernel, initrd ("" = not yet) */
	char drive_sha[4][65];		/* SHA-256 of each ATA image ("" = not yet) */
	struct rr *rr;			/* the recording or replay in progress, or NULL */
	struct tt *tt;			/* time travel checkpoints (emu/replay/timetravel.c), or NULL */
	u64 *page_hash;			/* per RAM page, valid where bus dirty bit clear */
	struct machine_hook *destroy_hooks;	/* run first by machine_destroy */
};

/* Build the machine. NULL with a one-line reason in err on failure. */
struct machine *machine_create(const struct machine_config *cfg, char *err, size_t errlen);
void machine_destroy(struct machine *m);
/* Run h->fn(h->opaque) when m is destroyed (before anything is freed),
 * unless removed before. Newest first. */
void machine_add_destroy_hook(struct machine *m, struct machine_hook *h);
void machine_remove_destroy_hook(struct machine *m, struct machine_hook *h);

/* Run until clock.icount reaches limit (CLOCK_NEVER: until the guest stops). */
enum machine_stop machine_run(struct machine *m, u64 limit);
/* Run n more instructions' worth of virtual time. */
static inline enum machine_stop machine_run_for(struct machine *m, u64 n)
{
	return machine_run(m, m->clock.icount + n);
}
/* A human-readable line about the last stop (for reports). */
const char *machine_stop_name(enum machine_stop s);

/* Power-on reset of the CPU and every device (what a reset pulse does). */
void machine_reset(struct machine *m);
void machine_request_reset(struct machine *m, const char *reason);
/* Make machine_run return MACHINE_STOPPED soon; safe from a signal handler. */
void machine_request_stop(struct machine *m);

/* Add a device to the list (reset order) and its state to m->sections;
 * returns its section, or NULL when out of memory. */
struct vm_section *machine_add_device(struct machine *m, struct device *d);
struct device *machine_find_device(struct machine *m, const char *name);
/* Save every device's state, in list order (not the CPU or RAM). */
void machine_save_devices(struct machine *m, struct snap_writer *w);
/* Register the machine's own state sections: run state, CPU, RAM, disk
 * (emu/machine/machine_snap.c). 0, or -1 when out of memory. */
int machine_register_state(struct machine *m);
/* Fill in the "misc" device entry: ports 0x92 and 0x80 (misc_device.c). */
void machine_misc_device(struct machine *m, struct device *d);
/* Push a byte of host serial input for COM1 (an INPUT_SERIAL event). */
int machine_serial_input(struct machine *m, u8 byte);
/* Flush the disk images (SIGINT/SIGTERM, exit). 0 or the first -errno. */
int machine_flush(struct machine *m);

#endif
