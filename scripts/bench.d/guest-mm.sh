#!/usr/bin/env bash
# Guest memory-management fast paths, in guest instructions per alloc+free pair
# (on Lucid the TSC advances once per retired instruction), SLUB and SLAB.
cd "$(dirname "$0")/../.."
make -s B=build/slab CONFIG_SLAB=y CONFIG_SLUB=n build/slab/guest/bzImage >/dev/null 2>&1
for k in "SLUB build/guest/bzImage" "SLAB build/slab/guest/bzImage"; do
	set -- $k
	line=$(timeout 300 build/lucid -display none -serial stdio -no-reboot -kernel "$2" \
		-append "console=ttyS0 selftest=mm" 2>&1 | grep 'mm-bench:' | sed 's/.*mm-bench: //')
	echo "guest mm $1: ${line:-no figures (did selftest=mm run?)}"
done
