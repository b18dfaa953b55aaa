/*
 * A fake debugger target for the debugger and gdb stub harnesses: 8 MiB of
 * RAM with the debugger fixture (build/tests/debugger/fixture.elf) loaded at
 * its physical addresses, PAE page tables mapping the kernel half as the
 * guest kernel does, and a register file (the same machine as
 * tests/unit/dbg_fixture.h, without Criterion). fake_reset() puts memory
 * and registers back before each input so that inputs do not depend on
 * each other.
 */
#ifndef LUCID_FUZZ_FAKE_TARGET_H
#define LUCID_FUZZ_FAKE_TARGET_H

#include "debugger/dbg.h"

#define FAKE_FIXTURE "build/tests/debugger/fixture.elf"
#define FAKE_MEM_SIZE (8u << 20)

/* Load the fixture and create the debugger with its symbols; output goes to
 * /dev/null. Exits with a message when the fixture is missing. */
struct dbg *fake_setup(void);
/* Memory, registers and icount back to their state after fake_setup. */
void fake_reset(void);

#endif
