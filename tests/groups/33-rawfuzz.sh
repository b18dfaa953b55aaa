#!/usr/bin/env bash
# Raw-byte fuzzing of the CPU (tests/difftest/raw.c): random bytes executed on
# Lucid in real mode, 16-bit and 32-bit protected mode, fixed seed. It must
# not crash or hang, and every instruction Lucid decodes as defined must have
# Capstone's length. Ends with "rawfuzz: N passed, N failed".
. "$(dirname "$0")/../lib.sh"
build/tests/difftest -r -s 1 -n 300000 2>/dev/null
