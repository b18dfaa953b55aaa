/*
 * Code written by a device: ATA PIO reads (REP INSW from the data port,
 * the way this machine's disk moves data) into RAM that holds decoded code,
 * then run. Needs a disk whose sectors 1, 2 and 3 hold small routines
 * returning 0x11, 0x22 and 0x33 in EAX (tests/groups/53-cpu-smc.sh makes
 * it), so it runs on the whole machine (build/lucid -bios ROM -hda DISK)
 * and on QEMU, not on the bare cpu_run.
 *
 *  - sector 1 read into CODE and called from a ROM routine, then sector 2
 *    over it and called from the same ROM routine (whose block had jumped
 *    to the first version);
 *  - a RAM routine on CODE's page reading sector 3 over CODE (its own
 *    page, another block) and jumping there.
 */
#include "lib.h"

#define CODE 0x50000
#define READER (CODE + 0x800)

	.text
	.code32
	.globl main
main:
	SAY("smc_ata: start\n")
	mov $2, %al
	mov $0x3F6, %dx
	out %al, %dx			/* nIEN: no interrupts */

	SAY("sector 1, then 2, called from ROM:")
	mov $1, %eax
	call ata_read_cmd
	mov $CODE, %edi
	call ata_data
	call rom_caller
	call show
	mov $2, %eax
	call ata_read_cmd
	mov $CODE, %edi
	call ata_data
	call rom_caller
	call show
	call putnl

	SAY("sector 3 read by code on the same page:")
	mov $reader, %esi
	mov $READER, %edi
	mov $(reader_end - reader), %ecx
	rep movsb
	mov $3, %eax
	call ata_read_cmd
	call READER
	call show
	call putnl
	SAY("smc_ata: done\n")
	ret

show:
	call putsp
	HEX(4)
	ret

rom_caller:
	call CODE
	ret

/* Wait until not busy; then issue READ SECTORS for one sector at LBA EAX
 * and wait for the data. */
ata_read_cmd:
	push %eax
	call ata_wait
	mov $0x1F6, %dx
	mov $0xE0, %al			/* LBA, master */
	out %al, %dx
	mov $0x1F2, %dx
	mov $1, %al
	out %al, %dx
	pop %eax
	mov $0x1F3, %dx
	out %al, %dx
	xor %al, %al
	mov $0x1F4, %dx
	out %al, %dx
	mov $0x1F5, %dx
	out %al, %dx
	mov $0x1F7, %dx
	mov $0x20, %al
	out %al, %dx
	call ata_wait
	mov $0x1F7, %dx
	in %dx, %al
	test $0x08, %al			/* DRQ */
	jnz 1f
	SAY("no data\n")
1:	ret

ata_wait:
	mov $0x1F7, %dx
1:	in %dx, %al
	test $0x80, %al			/* BSY */
	jnz 1b
	ret

/* The sector's 256 words to EDI. */
ata_data:
	mov $0x1F0, %dx
	mov $256, %ecx
	rep insw
	ret

/* Copied to READER: read the pending sector over CODE and jump there. */
reader:
	mov $CODE, %edi
	mov $0x1F0, %dx
	mov $256, %ecx
	rep insw
	mov $CODE, %eax
	jmp *%eax
reader_end:
