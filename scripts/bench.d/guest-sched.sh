#!/usr/bin/env bash
# Guest scheduler costs in guest instructions (the TSC advances once per
# instruction on Lucid): a wakeup with the two context switches it causes,
# and one scheduler tick.
cd "$(dirname "$0")/../.."
line=$(timeout 300 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-append "console=ttyS0 selftest=sched" 2>&1 | grep 'sched-bench:' | sed 's/.*sched-bench: //')
echo "guest sched: ${line:-no figures (did selftest=sched run?)}"
