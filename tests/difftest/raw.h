/*
 * Raw-byte fuzzing of the CPU (raw.c): random bytes executed on Lucid in
 * real, 16-bit and 32-bit protected mode, lengths checked against Capstone.
 */
#ifndef LUCID_DIFFTEST_RAW_H
#define LUCID_DIFFTEST_RAW_H

#include "emu/lib/types.h"

/* Run until n_insns instructions have executed; prints the first
 * max_reports mismatches and the summary; returns 0, or 1 when a length
 * disagreed. */
int raw_run(u64 seed, u64 n_insns, int max_reports);

#endif
