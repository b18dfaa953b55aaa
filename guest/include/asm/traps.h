/*
 * Exceptions (Intel SDM vol. 3, 6.15) and the kernel's fault handling
 * (Linux's arch/x86/kernel/traps.c, mm/fault.c, mm/extable.c).
 */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <linux/types.h>
#include <asm/ptrace.h>

enum {
	X86_TRAP_DE = 0, X86_TRAP_DB, X86_TRAP_NMI, X86_TRAP_BP, X86_TRAP_OF, X86_TRAP_BR,
	X86_TRAP_UD, X86_TRAP_NM, X86_TRAP_DF, X86_TRAP_OLD_MF, X86_TRAP_TS, X86_TRAP_NP,
	X86_TRAP_SS, X86_TRAP_GP, X86_TRAP_PF, X86_TRAP_SPURIOUS, X86_TRAP_MF, X86_TRAP_AC,
	X86_TRAP_MC, X86_TRAP_XF,
};

/* Page-fault error code bits. */
#define X86_PF_PROT	0x01	/* 0: not present, 1: protection */
#define X86_PF_WRITE	0x02
#define X86_PF_USER	0x04
#define X86_PF_RSVD	0x08
#define X86_PF_INSTR	0x10

void trap_init(void);
void die(const char *str, struct pt_regs *regs, long err);
void show_regs(struct pt_regs *regs);
void do_page_fault(struct pt_regs *regs, unsigned long error_code);
void show_trace_log_lvl(unsigned long bp, const char *lvl);

/*
 * Exception table (Linux's __ex_table): an instruction allowed to fault and
 * where to continue if it does. _ASM_EXTABLE(insn, fixup) in inline asm.
 */
struct exception_table_entry {
	unsigned long insn, fixup;
};
#define _ASM_EXTABLE(from, to) \
	".pushsection __ex_table,\"a\"\n .balign 4\n .long " #from "," #to "\n .popsection\n"
bool fixup_exception(struct pt_regs *regs);

/* The TSS's ring-0 stack, switched to on entry from user mode (issue 9 updates it). */
fastcall void load_sp0(unsigned long sp0);

#endif
