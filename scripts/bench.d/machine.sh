#!/usr/bin/env bash
# Whole-machine figures: a busy real-mode loop with 1000 Hz timer interrupts
# (instructions per host second through the full machine loop), and an idle
# guest halted between timer interrupts for 60 virtual seconds (how cheap
# HLT skipping makes idle time).
cd "$(dirname "$0")/../.."
R=build/tests/machine
[ -f $R/spin.rom ] || make --no-print-directory $R/spin.rom $R/timer.rom >/dev/null
echo "machine: busy loop, 1000 Hz IRQ0:"
build/lucid -display none -serial none -stats -bios $R/spin.rom 2>&1 | grep instructions
echo "machine: 100 timer interrupts with HLT between them:"
build/lucid -display none -serial none -debugcon none -stats -bios $R/timer.rom 2>&1 | grep instructions
