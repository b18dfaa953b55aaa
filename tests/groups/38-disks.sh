#!/usr/bin/env bash
# Several disks: lucix boots from -hda with a second disk beside it (its
# driver handles the primary master only, so the slave must not disturb
# it), the BIOS banner, -drive on the command line (its one-line errors),
# a run recorded and replayed with two disks (the log names both images
# by SHA-256, every digest matches), and a snapshot of a two-disk machine
# saved and loaded back through the debugger. The INT 13h side is in
# 40-bios (disk2), the device itself in the unit suites ata and ata_multi.
. "$(dirname "$0")/../lib.sh"

img=$tmp/lucid.img
cp build/images/lucid.img "$img"
build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=boot" >/dev/null
head -c $((8 << 20)) /dev/zero >"$tmp/b.img"
printf 'second disk\n' | dd of="$tmp/b.img" conv=notrunc status=none
args=(-cpu p6 -no-reboot -display none -serial stdio)

# lucix with a primary slave beside its disk: hda found, the self-tests pass.
timeout 120 $L "${args[@]}" -hda "$img" -hdb "$tmp/b.img" -snapshot </dev/null \
	>"$tmp/two.out" 2>"$tmp/two.err"
st=$?
if grep -q "^\(\[ *[0-9.]*\] \)\?hda: .* sectors" "$tmp/two.out" &&
	grep -q "selftest: [0-9]* passed, 0 failed" "$tmp/two.out"; then
	ok "lucix-finds-hda-with-a-slave-present (status $st)"
else bad "lucix-finds-hda-with-a-slave-present (status $st: $(grep -i 'hda\|selftest' "$tmp/two.out" | head -3 | tr '\n' ' '))"; fi
timeout 120 $L "${args[@]}" -hda "$img" -snapshot </dev/null >"$tmp/one.out" 2>&1
st1=$?
status_is "same-status-as-one-disk" "$st" "$st1"

# The same disks through -drive, QEMU's spelling; one-line errors for what it refuses.
timeout 120 $L "${args[@]}" -drive "file=$img,index=0,if=ide,media=disk,format=raw" \
	-drive "file=$tmp/b.img,index=1,snapshot=on" -snapshot </dev/null >"$tmp/drv.out" 2>&1
status_is "drive-syntax-boots" $? "$st"
for bad_opt in "file=$img,cache=none" "file=$img,if=virtio" "file=$img,format=qcow2" \
	"file=$img,media=tape" "index=1" "file=$img,index=7"; do
	$L -display none -drive "$bad_opt" </dev/null >"$tmp/e.out" 2>"$tmp/e.err"
	e=$?
	if [ $e = 2 ] && [ "$(wc -l <"$tmp/e.err")" = 1 ] && grep -q "^lucid: -drive" "$tmp/e.err"; then
		ok "drive-refuses '$bad_opt'"
	else bad "drive-refuses '$bad_opt' (status $e: $(head -c 200 "$tmp/e.err"))"; fi
done
$L -display none -hdb /nonexistent/x.img </dev/null >/dev/null 2>"$tmp/e.err"
e=$?
if [ $e != 0 ] && [ "$(wc -l <"$tmp/e.err")" = 1 ] && grep -q "x.img" "$tmp/e.err"; then
	ok "missing-hdb-image-one-line-error"
else bad "missing-hdb-image-one-line-error (status $e: $(head -c 200 "$tmp/e.err"))"; fi

# Record with two disks, replay: the header names both images; digests match.
timeout 120 $L "${args[@]}" -record "$tmp/two.rec" -rr-interval 5000000 -hda "$img" \
	-hdb "$tmp/b.img" </dev/null >"$tmp/rec.out" 2>"$tmp/rec.err"
rst=$?
if grep -aq "disk_sha256=$(sha256sum "$img" | cut -c1-64)" "$tmp/two.rec" &&
	grep -aq "disk1_sha256=$(sha256sum "$tmp/b.img" | cut -c1-64)" "$tmp/two.rec" &&
	grep -aq "disk1_sectors=16384" "$tmp/two.rec"; then ok "log-names-both-disks"
else bad "log-names-both-disks (status $rst: $(head -c 200 "$tmp/rec.err"))"; fi
timeout 120 $L "${args[@]}" -replay "$tmp/two.rec" -hda "$img" -hdb "$tmp/b.img" </dev/null \
	>"$tmp/rep.out" 2>"$tmp/rep.err"
st=$?
if [ $st = $rst ] && grep -q "replay identical to the recording" "$tmp/rep.err" &&
	cmp -s "$tmp/rec.out" "$tmp/rep.out"; then
	ok "two-disk-replay-identical ($(grep -o '[0-9]* digests' "$tmp/rep.err"))"
else bad "two-disk-replay-identical (status $st vs $rst: $(head -c 300 "$tmp/rep.err"))"; fi
# Without the second disk, or with another image there, the log is refused.
timeout 60 $L "${args[@]}" -replay "$tmp/two.rec" -hda "$img" </dev/null >/dev/null 2>"$tmp/r1.err"
if grep -q "disk1_sectors differs" "$tmp/r1.err"; then ok "replay-without-hdb-refused"
else bad "replay-without-hdb-refused: $(head -c 200 "$tmp/r1.err")"; fi
cp "$tmp/b.img" "$tmp/c.img"
printf 'X' | dd of="$tmp/c.img" conv=notrunc status=none
timeout 60 $L "${args[@]}" -replay "$tmp/two.rec" -hda "$img" -hdb "$tmp/c.img" </dev/null \
	>/dev/null 2>"$tmp/r2.err"
if grep -q "disk1_sha256 differs" "$tmp/r2.err"; then ok "replay-with-another-hdb-refused"
else bad "replay-with-another-hdb-refused: $(head -c 200 "$tmp/r2.err")"; fi

# A two-disk snapshot: saved mid-boot, loaded into a fresh machine, runs to
# the same end; a one-disk machine refuses it.
printf '%s\n' "stepi 3000000" "savevm $tmp/two.vm" "continue" >"$tmp/save.gdb"
timeout 120 $L "${args[@]}" -debug-script "$tmp/save.gdb" -snapshot -hda "$img" \
	-hdb "$tmp/b.img" </dev/null >"$tmp/s1.out" 2>"$tmp/s1.err"
s1=$?
timeout 120 $L "${args[@]}" -loadvm "$tmp/two.vm" -snapshot -hda "$img" -hdb "$tmp/b.img" \
	</dev/null >"$tmp/s2.out" 2>"$tmp/s2.err"
s2=$?
if [ -s "$tmp/two.vm" ] && [ $s1 = $s2 ] &&
	grep -q "selftest: [0-9]* passed, 0 failed" "$tmp/s2.out"; then
	ok "two-disk-snapshot-loads-and-runs (status $s2)"
else bad "two-disk-snapshot-loads-and-runs (status $s1/$s2: $(head -c 200 "$tmp/s2.err"))"; fi
timeout 60 $L "${args[@]}" -loadvm "$tmp/two.vm" -snapshot -hda "$img" </dev/null \
	>/dev/null 2>"$tmp/s3.err"
if [ $? != 0 ] && grep -q "disk1" "$tmp/s3.err"; then ok "one-disk-machine-refuses-two-disk-snapshot"
else bad "one-disk-machine-refuses-two-disk-snapshot: $(head -c 200 "$tmp/s3.err")"; fi

summary disks
