#!/usr/bin/env bash
# Differential test of the CPU against Unicorn (tests/difftest/): a fixed-seed
# batch of random instruction streams, every instruction compared, every
# length checked against Capstone. Known Unicorn deviations are listed in
# tests/difftest/unicorn-known.txt. Ends with "difftest: N passed, N failed".
. "$(dirname "$0")/../lib.sh"
build/tests/difftest -s 1 -n 200000 -k tests/difftest/unicorn-known.txt
