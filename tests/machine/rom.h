/*
 * Shared by the machine-test ROMs: each is a 64 KiB image mapped at
 * 0xF0000 (and below 4 GiB); the CPU starts at F000:FFF0, which jumps to
 * "start". Helpers report through the debug ports: debugcon 0xE9 for text,
 * isa-debug-exit 0xF4 for the result.
 */
	.code16
	.text

/* Print the NUL-terminated string at DS:SI on debugcon and COM1. */
#define PUTS(label)		\
	mov $label, %si;	\
	call rom_puts

/* End the run with exit status (v << 1) | 1. */
#define EXIT(v)			\
	mov $(v), %al;		\
	out %al, $0xf4;		\
	cli;			\
	hlt

/* Point DS at the ROM and set up a stack in low RAM. */
#define ROM_INIT			\
	cli;				\
	xor %ax, %ax;			\
	mov %ax, %ss;			\
	mov %ax, %es;			\
	mov $0x7000, %sp;		\
	mov $0xf000, %ax;		\
	mov %ax, %ds

/* The reset vector, and padding to 64 KiB. */
#define ROM_END				\
rom_puts:				\
	lodsb;				\
	test %al, %al;			\
	jz 9f;				\
	out %al, $0xe9;			\
	mov $0x3f8, %dx;		\
	out %al, %dx;			\
	jmp rom_puts;			\
9:	ret;				\
	.org 0xfff0;			\
	ljmp $0xf000, $start;		\
	.org 0xffff;			\
	.byte 0
