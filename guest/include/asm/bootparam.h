/*
 * The x86 boot protocol structures: the setup header ("HdrS", at offset 0x1f1 of
 * the image) and the zero page (struct boot_params) that the real-mode setup
 * fills and hands to the 32-bit kernel in %esi. Offsets follow Linux's
 * Documentation/x86/boot.rst and zero-page.rst (protocol 2.10); the asserts
 * below keep them honest because the header is also written by
 * guest/boot/header.S and by the host tool guest/tools/mkbzimage.c.
 */
#ifndef _ASM_BOOTPARAM_H
#define _ASM_BOOTPARAM_H

#include <linux/types.h>

#include <asm/boot-defs.h>

#define E820_MAX_ENTRIES_ZEROPAGE 128
#define E820_TYPE_RAM		1
#define E820_TYPE_RESERVED	2
#define E820_TYPE_ACPI		3
#define E820_TYPE_NVS		4
#define E820_TYPE_UNUSABLE	5


struct boot_e820_entry {
	u64 addr;
	u64 size;
	u32 type;
} __packed;

struct setup_header {
	u8 setup_sects;		/* 0x1f1: real-mode sectors after the boot sector */
	u16 root_flags;
	u32 syssize;		/* protected-mode size in 16-byte paragraphs */
	u16 ram_size;
	u16 vid_mode;
	u16 root_dev;
	u16 boot_flag;		/* 0xaa55 */
	u16 jump;		/* 0x200: short jump to start_of_setup */
	u32 header;		/* "HdrS" */
	u16 version;		/* boot protocol version, 0x020a */
	u32 realmode_swtch;
	u16 start_sys_seg;
	u16 kernel_version;	/* offset of the version string - 0x200 */
	u8 type_of_loader;	/* written by the loader */
	u8 loadflags;
	u16 setup_move_size;
	u32 code32_start;	/* where setup jumps in protected mode */
	u32 ramdisk_image;
	u32 ramdisk_size;
	u32 bootsect_kludge;
	u16 heap_end_ptr;	/* end of setup's heap/stack, offset from its base */
	u8 ext_loader_ver;
	u8 ext_loader_type;
	u32 cmd_line_ptr;	/* linear address of the command line */
	u32 initrd_addr_max;
	u32 kernel_alignment;
	u8 relocatable_kernel;
	u8 min_alignment;
	u16 xloadflags;
	u32 cmdline_size;	/* longest command line the kernel accepts */
	u32 hardware_subarch;
	u64 hardware_subarch_data;
	u32 payload_offset;	/* compressed payload, from the protected-mode start */
	u32 payload_length;
	u64 setup_data;
	u64 pref_address;
	u32 init_size;		/* memory the kernel needs from its load address */
	u32 handover_offset;
} __packed;

struct screen_info {
	u8 orig_x, orig_y;
	u16 ext_mem_k;
	u16 orig_video_page;
	u8 orig_video_mode, orig_video_cols;
	u8 flags, unused2;
	u16 orig_video_ega_bx;
	u16 unused3;
	u8 orig_video_lines;
	u8 orig_video_isVGA;
	u16 orig_video_points;
	u8 pad[0x40 - 0x12];
} __packed;

/* The zero page. Only the fields lucix uses are named; the rest is padding at
 * Linux's offsets so real boot loaders and QEMU agree with us. */
struct boot_params {
	struct screen_info screen_info;		/* 0x000 */
	u8 _pad1[0x1e0 - 0x040];
	u32 alt_mem_k;				/* 0x1e0: KiB above 1 MiB (E801/88h) */
	u32 scratch;				/* 0x1e4 */
	u8 e820_entries;			/* 0x1e8 */
	u8 eddbuf_entries;
	u8 edd_mbr_sig_buf_entries;
	u8 kbd_status;
	u8 secure_boot;
	u8 _pad5[2];
	u8 sentinel;				/* 0x1ef */
	u8 _pad6[1];
	struct setup_header hdr;		/* 0x1f1 */
	u8 _pad7[0x290 - 0x1f1 - sizeof(struct setup_header)];
	u32 edd_mbr_sig_buffer[16];		/* 0x290 */
	struct boot_e820_entry e820_table[E820_MAX_ENTRIES_ZEROPAGE]; /* 0x2d0 */
	u8 _pad8[48];
	u8 eddbuf[0xeec - 0xd00];
	u8 _pad9[276];
} __packed;

_Static_assert(sizeof(struct boot_params) == 4096, "zero page is one page");
_Static_assert(offsetof(struct boot_params, hdr) == 0x1f1, "hdr offset");
_Static_assert(offsetof(struct boot_params, e820_entries) == 0x1e8, "e820_entries");
_Static_assert(offsetof(struct boot_params, e820_table) == 0x2d0, "e820_table");
_Static_assert(offsetof(struct setup_header, header) == 0x202 - 0x1f1, "HdrS");
_Static_assert(offsetof(struct setup_header, code32_start) == 0x214 - 0x1f1, "code32");
_Static_assert(offsetof(struct setup_header, cmd_line_ptr) == 0x228 - 0x1f1, "cmdline");
_Static_assert(offsetof(struct setup_header, init_size) == 0x260 - 0x1f1, "init_size");

#endif
