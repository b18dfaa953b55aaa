/*
 * The CPU as the rest of the machine sees it. The CPU core owns everything
 * behind this interface (emu/cpu*.c, emu/decode*.c, emu/ops*.c, emu/mmu*.c);
 * the machine, the debugger and the tests use only what is declared here
 * (plus struct cpu's fields, read-only outside the CPU).
 *
 * The contract with the machine loop:
 *   - cpu_run() executes instructions until clock->icount reaches limit, or
 *     earlier when the CPU halts, an interrupt needs delivering, a device
 *     asked for the loop's attention (cpu_request_exit), or the debugger
 *     stops it. It returns why it stopped.
 *   - The INTR pin is driven by the master PIC through cpu_set_intr(); when
 *     the CPU takes the interrupt it calls the acknowledge callback to get
 *     the vector (the PIC's INTA cycle).
 */
#ifndef LUCID_CPU_H
#define LUCID_CPU_H

#include "emu/types.h"

struct bus;
struct clock;
struct cpu;

enum cpu_model { CPU_386, CPU_486, CPU_PENTIUM, CPU_P6 };

enum cpu_stop {
	CPU_STOP_LIMIT,		/* icount reached the limit */
	CPU_STOP_HALT,		/* HLT with nothing to wake it yet */
	CPU_STOP_EXIT,		/* cpu_request_exit() was called */
	CPU_STOP_DEBUG,		/* a breakpoint, watchpoint or single step */
	CPU_STOP_SHUTDOWN,	/* triple fault with reset disabled */
};

struct cpu *cpu_create(struct bus *bus, struct clock *clock, enum cpu_model model);
void cpu_destroy(struct cpu *cpu);
void cpu_reset(struct cpu *cpu);
enum cpu_stop cpu_run(struct cpu *cpu, u64 limit);

void cpu_set_intr(struct cpu *cpu, int level);
void cpu_set_intr_ack(struct cpu *cpu, int (*ack)(void *opaque), void *opaque);
void cpu_set_nmi(struct cpu *cpu, int level);
/* Ask cpu_run to return at the next instruction boundary. */
void cpu_request_exit(struct cpu *cpu);

#endif
