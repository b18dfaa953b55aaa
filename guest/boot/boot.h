/*
 * Helpers for the real-mode setup code (the C files of guest/boot, compiled with gcc -m16).
 * The setup runs in 16-bit real mode with CS = DS = ES = SS = the segment the
 * loader put us at; near pointers are offsets in that segment. Memory outside
 * it is reached through FS/GS, as Linux's arch/x86/boot/boot.h does.
 */
#ifndef BOOT_BOOT_H
#define BOOT_BOOT_H

#include <linux/types.h>
#include <asm/bootparam.h>

#define STACK_SIZE 1024		/* bytes reserved above the heap for the stack */

extern struct setup_header hdr;
extern struct boot_params boot_params;

static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0,%1" : : "a"(v), "dN"(port));
}
static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1,%0" : "=a"(v) : "dN"(port));
	return v;
}
/* A write to an unused port takes about a microsecond on the ISA bus. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

static inline u16 ds(void)
{
	u16 seg;
	__asm__("movw %%ds,%0" : "=rm"(seg));
	return seg;
}
static inline void set_fs(u16 seg)
{
	__asm__ __volatile__("movw %0,%%fs" : : "rm"(seg));
}
static inline void set_gs(u16 seg)
{
	__asm__ __volatile__("movw %0,%%gs" : : "rm"(seg));
}
static inline u8 rdfs8(u16 addr)
{
	u8 v;
	__asm__ __volatile__("movb %%fs:%1,%0" : "=q"(v) : "m"(*(u8 *)(u32)addr));
	return v;
}
static inline u32 rdfs32(u16 addr)
{
	u32 v;
	__asm__ __volatile__("movl %%fs:%1,%0" : "=r"(v) : "m"(*(u32 *)(u32)addr));
	return v;
}
static inline void wrfs32(u32 v, u16 addr)
{
	__asm__ __volatile__("movl %1,%%fs:%0" : "+m"(*(u32 *)(u32)addr) : "ri"(v));
}
static inline u32 rdgs32(u16 addr)
{
	u32 v;
	__asm__ __volatile__("movl %%gs:%1,%0" : "=r"(v) : "m"(*(u32 *)(u32)addr));
	return v;
}

/* Registers in and out of a BIOS call; the layout matches intcall.S. */
struct biosregs {
	u32 eflags;	/* out only */
	u32 edi, esi, ebp, _esp, ebx, edx, ecx, eax;
};
#define X86_EFLAGS_CF 0x0001
void intcall(u8 int_no, const struct biosregs *in, struct biosregs *out);
void initregs(struct biosregs *r);

/* string.c */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* tty.c: the console through the BIOS (and COM1 when console=ttyS is given) */
void console_init(void);
void puts(const char *s);
void puthex(u32 v);
void putdec(u32 v);
void __noreturn die(const char *why);

/* cmdline.c */
int cmdline_find_option(const char *option);
int cmdline_option_offset(const char *option);
int cmdline_option_value(const char *option);

/* cpu.c, memory.c, a20.c, pm.c */
void validate_cpu(void);
void detect_memory(void);
u32 ram_above_1m_kb(void);
int enable_a20(void);
void __noreturn go_to_protected_mode(void);
void __noreturn protected_mode_jump(u32 entrypoint, u32 bootparams);

#endif
