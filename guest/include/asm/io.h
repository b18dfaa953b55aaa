/* Port I/O (Intel SDM vol. 2, IN/OUT), Linux's argument order: value, port. */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <linux/types.h>

static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0,%1" : : "a"(v), "dN"(port));
}
static inline void outw(u16 v, u16 port)
{
	__asm__ __volatile__("outw %0,%1" : : "a"(v), "dN"(port));
}
static inline void outl(u32 v, u16 port)
{
	__asm__ __volatile__("outl %0,%1" : : "a"(v), "dN"(port));
}
static inline u8 inb(u16 port)
{
	u8 v;
	__asm__ __volatile__("inb %1,%0" : "=a"(v) : "dN"(port));
	return v;
}
static inline u16 inw(u16 port)
{
	u16 v;
	__asm__ __volatile__("inw %1,%0" : "=a"(v) : "dN"(port));
	return v;
}
static inline u32 inl(u16 port)
{
	u32 v;
	__asm__ __volatile__("inl %1,%0" : "=a"(v) : "dN"(port));
	return v;
}
/* Port 0x80 (POST codes) as the classic ISA settle delay. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}
static inline void outb_p(u8 v, u16 port)
{
	outb(v, port);
	io_delay();
}
static inline u8 inb_p(u16 port)
{
	u8 v = inb(port);

	io_delay();
	return v;
}

#endif
