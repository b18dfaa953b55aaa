#!/usr/bin/env bash
# Determinism figures (issue 11): recording overhead and replay speed against
# a plain run of the guest boot (best of 3 wall times each), log bytes per
# million instructions with typing on COM1, and savevm/loadvm time and size
# for the 64 MiB guest once booted.
cd "$(dirname "$0")/../.."
L=build/lucid
[ -x $L ] && [ -f build/images/lucid.img ] || { echo "determinism: not built"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
img=$tmp/lucid.img
cp build/images/lucid.img "$img"
build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=boot" >/dev/null
args=(-cpu p6 -no-reboot -display none -serial stdio -snapshot)
best() {	# best NAME cmd...: best-of-3 wall time in ms
	local b=999999999 t0 t1
	for _ in 1 2 3; do
		t0=$(date +%s%N)
		"$@" </dev/null >/dev/null 2>&1
		t1=$(date +%s%N)
		(( (t1 - t0) / 1000000 < b )) && b=$(( (t1 - t0) / 1000000 ))
	done
	echo $b
}
plain=$(best $L "${args[@]}" "$img")
rec=$(best $L "${args[@]}" -record "$tmp/b.rec" "$img")
rep=$(best $L "${args[@]}" -replay "$tmp/b.rec" "$img")
n=$($L "${args[@]}" -stats "$img" </dev/null 2>&1 >/dev/null | sed -n 's/^lucid: \([0-9]*\) instructions executed.*/\1/p')
echo "determinism: guest boot ($n instructions run): plain ${plain} ms, record ${rec} ms" \
	"($(( (rec - plain) * 100 / (plain > 0 ? plain : 1) ))% overhead), replay ${rep} ms" \
	"($(( plain * 100 / (rep > 0 ? rep : 1) ))% of plain speed)"
# A longer run (the boot, mm and sched self-tests: CPU-bound stretches and
# idle ones), where the fixed start-up cost of recording (hashing the images)
# weighs less than on the short boot above.
img2=$tmp/long.img
cp build/images/lucid.img "$img2"
build/images/mkdisk cmdline "$img2" "console=ttyS0 selftest=boot,mm,sched" >/dev/null
lplain=$(best $L "${args[@]}" "$img2")
lrec=$(best $L "${args[@]}" -record "$tmp/l.rec" "$img2")
lrep=$(best $L "${args[@]}" -replay "$tmp/l.rec" "$img2")
echo "determinism: self-test run: plain ${lplain} ms, record ${lrec} ms" \
	"($(( (lrec - lplain) * 100 / (lplain > 0 ? lplain : 1) ))% overhead), replay ${lrep} ms" \
	"($(( lplain * 100 / (lrep > 0 ? lrep : 1) ))% of plain speed)"
# Typing: one byte every few milliseconds of host time while it boots.
(for i in $(seq 200); do printf 'x'; sleep 0.002; done) |
	$L "${args[@]}" -record "$tmp/t.rec" "$img" >/dev/null 2>&1
sz=$(stat -c %s "$tmp/t.rec")
end=$($L "${args[@]}" -replay "$tmp/t.rec" "$img" </dev/null 2>&1 >/dev/null | sed -n 's/.*ended at icount \([0-9]*\).*/\1/p')
ev=$($L "${args[@]}" -replay "$tmp/t.rec" "$img" </dev/null 2>&1 >/dev/null | sed -n 's/.* \([0-9]*\) input events.*/\1/p')
echo "determinism: log with typing: $sz bytes, $ev input events over ${end:-?} icount:" \
	"$(( sz * 1000000 / (${end:-1} > 0 ? ${end:-1} : 1) )) bytes per million instructions" \
	"(header $(grep -abo 'append=' "$tmp/t.rec" | head -1 | cut -d: -f1)+ bytes)"
# Snapshots of the booted 64 MiB guest.
printf '%s\n' "continue 300000000" "savevm $tmp/s.vm" >"$tmp/save.gdb"
t0=$(date +%s%N)
$L "${args[@]}" -serial none -debug-script "$tmp/save.gdb" "$img" </dev/null >/dev/null 2>&1
t1=$(date +%s%N)
printf '%s\n' "continue 300000000" >"$tmp/run.gdb"
t2=$(date +%s%N)
$L "${args[@]}" -serial none -debug-script "$tmp/run.gdb" "$img" </dev/null >/dev/null 2>&1
t3=$(date +%s%N)
save_ms=$(( ((t1 - t0) - (t3 - t2)) / 1000000 ))
printf '%s\n' "info registers" >"$tmp/load.gdb"
t4=$(date +%s%N)
$L "${args[@]}" -serial none -loadvm "$tmp/s.vm" -debug-script "$tmp/load.gdb" "$img" </dev/null >/dev/null 2>&1
t5=$(date +%s%N)
printf '%s\n' "info registers" >"$tmp/noload.gdb"
t6=$(date +%s%N)
$L "${args[@]}" -serial none -debug-script "$tmp/noload.gdb" "$img" </dev/null >/dev/null 2>&1
t7=$(date +%s%N)
load_ms=$(( ((t5 - t4) - (t7 - t6)) / 1000000 ))
echo "determinism: snapshot of the booted 64 MiB guest: $(stat -c %s "$tmp/s.vm") bytes," \
	"savevm ~${save_ms} ms, loadvm ~${load_ms} ms (differences of whole runs: rough)"
