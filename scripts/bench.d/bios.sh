#!/usr/bin/env bash
# BIOS boot speed on Lucid: instructions from reset to the boot sector's
# first instruction (tests/bios/first.S writes debugcon with it), and the
# wall time of the whole run.
cd "$(dirname "$0")/../.."
lb=build/tests/bios/lucid_boot
img=build/tests/bios/first.img
if [ ! -x "$lb" ] || [ ! -f "$img" ]; then
	echo "bios: $lb or $img not built (the machine has not landed yet)"
	exit 0
fi
err=$(mktemp)
start=$(date +%s%N)
$lb -m 64 "$img" >/dev/null 2>"$err"
rc=$?
end=$(date +%s%N)
n=$(sed -n 's/^first-debugcon-icount //p' "$err")
total=$(sed -n 's/^icount //p' "$err")
rm -f "$err"
echo "bios: reset to boot sector: $n instructions (whole run $total, exit status $rc)"
echo "bios: wall time $(( (end - start) / 1000000 )) ms"
