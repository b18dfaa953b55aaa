/* The small machine of tiny_machine.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/replay/vmstate.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/tiny_machine.h"

#define ROM_SIZE 0x10000u
#define DISK_SIZE (64u << 10)

/* At F000:0000: inc byte [0x1000]; mov al,[0x1000]; mov dx,0x3f8; out dx,al;
 * jmp back to the start. At F000:FFF0 (the reset vector): jmp F000:0000. */
static const u8 loop[] = {
	0xFE, 0x06, 0x00, 0x10,		/* inc byte [0x1000] */
	0xA0, 0x00, 0x10,		/* mov al, [0x1000] */
	0xBA, 0xF8, 0x03,		/* mov dx, 0x3f8 */
	0xEE,				/* out dx, al */
	0xEB, 0xF3,			/* jmp 0 */
};
static const u8 reset[] = { 0xEA, 0x00, 0x00, 0x00, 0xF0 };	/* jmp F000:0000 */

static struct machine *create(void)
{
	static u8 *rom;
	static const char *disk;
	if (!rom) {
		rom = calloc(1, ROM_SIZE);
		u8 *zero = calloc(1, DISK_SIZE);
		if (!rom || !zero)
			exit(2);
		memcpy(rom, loop, sizeof(loop));
		memcpy(rom + 0xFFF0, reset, sizeof(reset));
		disk = fuzz_file(3, zero, DISK_SIZE);
		free(zero);
	}
	struct machine_config cfg = {
		.ram_size = 2u << 20, .bios_data = rom, .bios_size = ROM_SIZE, .disk = disk,
		.snapshot = true, .cpu_model = CPU_P6, .rtc_base = 1000000000,
	};
	char err[256];
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "fuzz: %s\n", err);
		exit(2);
	}
	return m;
}

static struct machine *shared;
static struct snap_writer pristine;

struct machine *tiny_machine(void)
{
	if (!shared) {
		shared = create();
		snap_writer_init(&pristine);
		vm_save(shared, &pristine);
		if (pristine.failed)
			exit(2);
	}
	return shared;
}

void tiny_machine_done(void)
{
	char err[256];
	if (vm_load(shared, pristine.buf, pristine.len, err, sizeof(err))) {
		fprintf(stderr, "fuzz: the small machine does not reload its own state: %s\n", err);
		abort();
	}
}

struct machine *tiny_machine_new(void)
{
	return create();
}
