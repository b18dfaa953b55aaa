#!/usr/bin/env bash
# Guest kernel boot: wall time and virtual time from power-on to the end of
# the boot self-tests (selftest=boot exits through port 0xF4), on QEMU (TCG,
# for comparison) and on Lucid once it runs the kernel. The virtual time is the
# kernel's last printk timestamp (TSC-based; on Lucid, the instruction count).
cd "$(dirname "$0")/../.."
img=build/images/lucid.img
if [ ! -f "$img" ]; then
	echo "guest-boot: $img not built"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$img" "$tmp/b.img"
build/images/mkdisk cmdline "$tmp/b.img" "console=ttyS0 selftest=boot"

run() {	# NAME command...
	local name=$1 start end
	shift
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1
	local st=$?
	end=$(date +%s%N)
	local last
	last=$(grep -oE '^\[ *[0-9]+\.[0-9]+\]' "$tmp/serial" | tail -1 | tr -d '[] ')
	echo "guest-boot: $name: exit status $st, wall $(( (end - start) / 1000000 )) ms," \
		"virtual ${last:-?} s to the self-test summary"
}

if command -v qemu-system-i386 >/dev/null; then
	run "qemu tcg, disk" timeout 120 qemu-system-i386 -display none -serial "file:$tmp/serial" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -drive "file=$tmp/b.img,format=raw"
	run "qemu -icount shift=4" timeout 120 qemu-system-i386 -icount shift=4,sleep=off \
		-rtc clock=vm -display none -serial "file:$tmp/serial" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -drive "file=$tmp/b.img,format=raw"
fi
if [ -x build/lucid ] && build/lucid -h 2>&1 | grep -q -- "-serial"; then
	run "lucid, disk" timeout 300 build/lucid -cpu p6 -no-reboot -display none \
		-serial "file:$tmp/serial" -snapshot "$tmp/b.img"
	grep -q "selftest:" "$tmp/serial" ||
		echo "guest-boot: (lucid did not reach the self-tests: $(tail -1 "$tmp/serial"))"
fi
