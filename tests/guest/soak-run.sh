#!/usr/bin/env bash
# soak-run.sh SECONDS DIR: the soak (tests/guest/soak.sh, run by /bin/sh as
# init on a copy of the default image, whose kernel boots as `make run` boots
# it) for SECONDS of virtual time with -record; then a replay of the recording
# on a second copy of the same starting image; then e2fsck -fn on the soaked
# root. Leaves in DIR: serial (the guest's output), rec.err and rep.err (the
# emulator's), soak.rec, e2fsck.out, and results, a line each:
#   run STATUS / wall SECONDS / replay STATUS IDENTICAL(0|1) / e2fsck STATUS
set -u
secs=$1 dir=$2
cd "$(dirname "$0")/../.."
L=build/lucid
mkdir -p "$dir"
rm -f "$dir"/*

# Partition 1 (the ext2 root) out of a disk image and back, by its MBR entry.
part() {	# extract|insert DISK PARTFILE
	python3 - "$@" <<'PY'
import struct, sys
op, disk, part = sys.argv[1:4]
with open(disk, 'r+b') as f:
    lba, n = struct.unpack_from('<II', f.read(512), 0x1C6)
    f.seek(lba * 512)
    if op == 'extract':
        open(part, 'wb').write(f.read(n * 512))
    else:
        f.write(open(part, 'rb').read())
PY
}

cp build/images/lucid.img "$dir/soak.img"
part extract "$dir/soak.img" "$dir/part1.img"
debugfs -w -R "write tests/guest/soak.sh root/soak.sh" "$dir/part1.img" >/dev/null 2>&1
part insert "$dir/soak.img" "$dir/part1.img"
rm -f "$dir/part1.img"
cp "$dir/soak.img" "$dir/start.img"

args=(-display none -no-reboot -kernel build/guest/bzImage
      -append "root=/dev/hda1 console=ttyS0 init=/bin/sh -- /root/soak.sh $secs")
t0=$(date +%s)
timeout 7200 $L "${args[@]}" -serial "file:$dir/serial" -record "$dir/soak.rec" "$dir/soak.img" \
	</dev/null >"$dir/rec.out" 2>"$dir/rec.err"
echo "run $?" >>"$dir/results"
echo "wall $(($(date +%s) - t0))" >>"$dir/results"

cp "$dir/start.img" "$dir/replay.img"
timeout 7200 $L "${args[@]}" -serial "file:$dir/serial.replay" -replay "$dir/soak.rec" "$dir/replay.img" \
	</dev/null >"$dir/rep.out" 2>"$dir/rep.err"
st=$?
same=0
grep -q "replay identical to the recording" "$dir/rep.err" && cmp -s "$dir/soak.img" "$dir/replay.img" && same=1
echo "replay $st $same" >>"$dir/results"

part extract "$dir/soak.img" "$dir/check.img"
e2fsck -fn "$dir/check.img" >"$dir/e2fsck.out" 2>&1
echo "e2fsck $?" >>"$dir/results"
rm -f "$dir/check.img" "$dir/start.img" "$dir/replay.img"
