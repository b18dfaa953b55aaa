/*
 * The i386's architectural bits (Intel SDM vol. 3A: 2.3 EFLAGS, 2.5
 * control registers, 4.3 and tables 4-4..4-11 page-table entries), shared
 * by the CPU, the debugger and the BIOS. Only #defines, so that the BIOS
 * assembly (run through cpp) can include it too.
 */
#ifndef LUCID_X86_H
#define LUCID_X86_H

#ifdef __ASSEMBLER__
#define X86_BIT(x) x
#else
#define X86_BIT(x) x##u
#endif

/* EFLAGS */
#define FLAG_CF X86_BIT(0x00000001)
#define FLAG_PF X86_BIT(0x00000004)
#define FLAG_AF X86_BIT(0x00000010)
#define FLAG_ZF X86_BIT(0x00000040)
#define FLAG_SF X86_BIT(0x00000080)
#define FLAG_TF X86_BIT(0x00000100)
#define FLAG_IF X86_BIT(0x00000200)
#define FLAG_DF X86_BIT(0x00000400)
#define FLAG_OF X86_BIT(0x00000800)
#define FLAG_IOPL X86_BIT(0x00003000)
#define FLAG_NT X86_BIT(0x00004000)
#define FLAG_RF X86_BIT(0x00010000)
#define FLAG_VM X86_BIT(0x00020000)
#define FLAG_AC X86_BIT(0x00040000)
#define FLAG_VIF X86_BIT(0x00080000)
#define FLAG_VIP X86_BIT(0x00100000)
#define FLAG_ID X86_BIT(0x00200000)
#define FLAGS_ARITH (FLAG_CF | FLAG_PF | FLAG_AF | FLAG_ZF | FLAG_SF | FLAG_OF)

/* CR0 */
#define CR0_PE X86_BIT(0x00000001)
#define CR0_MP X86_BIT(0x00000002)
#define CR0_EM X86_BIT(0x00000004)
#define CR0_TS X86_BIT(0x00000008)
#define CR0_ET X86_BIT(0x00000010)
#define CR0_NE X86_BIT(0x00000020)
#define CR0_WP X86_BIT(0x00010000)
#define CR0_AM X86_BIT(0x00040000)
#define CR0_NW X86_BIT(0x20000000)
#define CR0_CD X86_BIT(0x40000000)
#define CR0_PG X86_BIT(0x80000000)

/* CR4 */
#define CR4_VME X86_BIT(0x0001)
#define CR4_PVI X86_BIT(0x0002)
#define CR4_TSD X86_BIT(0x0004)
#define CR4_DE X86_BIT(0x0008)
#define CR4_PSE X86_BIT(0x0010)
#define CR4_PAE X86_BIT(0x0020)
#define CR4_MCE X86_BIT(0x0040)
#define CR4_PGE X86_BIT(0x0080)
#define CR4_PCE X86_BIT(0x0100)

/* Page-directory and page-table entries (32-bit paging) */
#define PTE_P X86_BIT(0x001)		/* present */
#define PTE_RW X86_BIT(0x002)		/* writable */
#define PTE_US X86_BIT(0x004)		/* user */
#define PTE_A X86_BIT(0x020)		/* accessed */
#define PTE_D X86_BIT(0x040)		/* dirty */
#define PTE_PS X86_BIT(0x080)		/* 4 MiB page (PDE, CR4.PSE) */
#define PTE_G X86_BIT(0x100)		/* global (CR4.PGE) */

#endif
