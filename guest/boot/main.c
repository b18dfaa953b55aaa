/*
 * The real-mode setup's main(), the first C code of lucix (Linux's
 * arch/x86/boot/main.c): copy the header into the zero page, bring up the
 * BIOS console, detect memory, refuse machines that are too small, then
 * switch to protected mode and jump to the decompressor at code32_start.
 */
#include "boot.h"

struct boot_params boot_params __aligned(16);

/* The loader filled the header in the image; the kernel reads the zero page. */
static void copy_boot_params(void)
{
	memcpy(&boot_params.hdr, &hdr, sizeof(hdr));
}

/* Where the BIOS left the cursor, so later consoles continue below its text. */
static void store_screen_info(void)
{
	struct biosregs ireg, oreg;

	initregs(&ireg);
	ireg.eax = 0x0300;	/* read cursor position, page 0 */
	intcall(0x10, &ireg, &oreg);
	boot_params.screen_info.orig_x = oreg.edx & 0xff;
	boot_params.screen_info.orig_y = (oreg.edx >> 8) & 0xff;
	initregs(&ireg);
	ireg.eax = 0x0f00;	/* current video mode */
	intcall(0x10, &ireg, &oreg);
	boot_params.screen_info.orig_video_mode = oreg.eax & 0x7f;
	boot_params.screen_info.orig_video_cols = (oreg.eax >> 8) & 0xff;
	boot_params.screen_info.orig_video_lines = 25;
	boot_params.screen_info.orig_video_isVGA = 1;
}

static void check_memory(void)
{
	u32 kb = ram_above_1m_kb() + 1024;

	if (kb >= LUCIX_MIN_RAM_KB)
		return;
	puts("lucix: this machine has ");
	putdec((kb + 1023) >> 10);
	puts(" MiB of RAM; lucix needs at least ");
	putdec(LUCIX_MIN_RAM_KB >> 10);
	puts(" MiB\n");
	die("Out of memory: not enough RAM to decompress and run the kernel");
}

void main(void)
{
	copy_boot_params();
	console_init();
	store_screen_info();
	validate_cpu();
	detect_memory();
	check_memory();
	go_to_protected_mode();
}
