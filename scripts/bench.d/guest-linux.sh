#!/usr/bin/env bash
# Debian's 32-bit Linux (linux-image-686 from /opt/linux-i386, `make deps`)
# booting to its init (/bin/userbench of the lucix initramfs) on Lucid and on
# QEMU (-M isapc -cpu pentium2 without the APIC, like Lucid's P6, -icount
# shift=0). Lucid runs at -ips 1000000000 so that both clocks give one
# nanosecond per instruction: the virtual seconds to "Run /bin/userbench" are
# then instructions in units of 1e9 on both. Wall time is the whole run.
# (Both clocks start when the kernel proper starts: the bzImage's decompressor
# before it, about 2.3e9 instructions of the same code on both, is not in
# these figures.)
# Then the same kernel with the initramfs of tests/guest/linuxcd.sh reads an
# ISO from -cdrom (pata_legacy, sr_mod, isofs) on both machines: the init's
# checksums must agree with each other and with the host's (group 97 checks
# Lucid's alone); and with -cpu pentium both must refuse the kernel alike.
cd "$(dirname "$0")/../.."
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
RD=build/images/initramfs.cpio
if [ -z "$K" ]; then
	echo "guest-linux: no Debian i386 kernel in /opt/linux-i386 (make deps)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
APPEND="console=ttyS0 rdinit=/bin/userbench"
ver=$(basename "$K" | sed 's/vmlinuz-//')

at_init() { grep -m1 'Run /bin/userbench as init' "$1" | grep -oE '^\[ *[0-9]+\.[0-9]+\]' | tr -d '[] '; }

start=$(date +%s%N)
timeout 900 build/lucid -display none -serial stdio -no-reboot -m 128 -cpu p6 -ips 1000000000 \
	-stats -kernel "$K" -initrd "$RD" -append "$APPEND" </dev/null >"$tmp/lucid" 2>"$tmp/lucid.err"
end=$(date +%s%N)
icount=$(grep -oE '^lucid: [0-9]+ instructions' "$tmp/lucid.err" | grep -oE '[0-9]+')
echo "guest-linux: Linux $ver on Lucid: init at ${icount:+virtual }$(at_init "$tmp/lucid") s," \
	"whole run $(( (end - start) / 1000000 )) ms wall, ${icount:-?} instructions"
if ! command -v qemu-system-i386 >/dev/null; then
	echo "guest-linux: no qemu-system-i386: no comparison"
	exit 0
fi
# qemu_run OUT ARGS...: QEMU -M isapc with the P6 Lucid models; QEMU does not
# exit on the kernel's halt, so it is stopped once init has halted the machine.
qemu_run() {
	local out=$1
	shift
	timeout 900 qemu-system-i386 -M isapc -cpu pentium2,-apic -m 128 -icount shift=0 -display none \
		-serial stdio -no-reboot -kernel "$K" "$@" </dev/null >"$out" 2>&1 &
	local qpid=$!
	for _ in $(seq 1800); do
		grep -q 'reboot: System halted' "$out" 2>/dev/null && break
		kill -0 $qpid 2>/dev/null || break
		sleep 0.5
	done
	kill $qpid 2>/dev/null
	wait $qpid 2>/dev/null
}
start=$(date +%s%N)
qemu_run "$tmp/qemu" -initrd "$RD" -append "$APPEND"
end=$(date +%s%N)
echo "guest-linux: Linux $ver on QEMU (-icount shift=0): init at virtual $(at_init "$tmp/qemu") s," \
	"whole run $(( (end - start) / 1000000 )) ms wall"

. tests/guest/linuxcd.sh
if ! linuxcd_make "$tmp/cd" 2>"$tmp/cd.err"; then
	echo "guest-linux: no CD comparison: $(head -1 "$tmp/cd.err")"
	exit 0
fi
cd_init() { grep -m1 'Run /init as init' "$1" | grep -oE '^\[ *[0-9]+\.[0-9]+\]' | tr -d '[] '; }
start=$(date +%s%N)
timeout 900 build/lucid -display none -serial stdio -no-reboot -m 128 -cpu p6 -ips 1000000000 -stats \
	-kernel "$K" -initrd "$tmp/cd/cd.cpio" -cdrom "$tmp/cd/cd.iso" -append "$LINUXCD_APPEND" \
	</dev/null >"$tmp/lucid-cd" 2>"$tmp/lucid-cd.err"
icount=$(grep -oE '^lucid: [0-9]+ instructions' "$tmp/lucid-cd.err" | grep -oE '[0-9]+')
end=$(date +%s%N)
lwall=$(( (end - start) / 1000000 ))
start=$(date +%s%N)
qemu_run "$tmp/qemu-cd" -cdrom "$tmp/cd/cd.iso" -initrd "$tmp/cd/cd.cpio" -append "$LINUXCD_APPEND"
end=$(date +%s%N)
linuxcd_got "$tmp/lucid-cd" >"$tmp/lucid-cd.got"
linuxcd_got "$tmp/qemu-cd" >"$tmp/qemu-cd.got"
if cmp -s "$tmp/lucid-cd.got" "$tmp/qemu-cd.got" && cmp -s "$tmp/lucid-cd.got" "$tmp/cd/want"; then
	verdict="the init's $(wc -l <"$tmp/cd/want") checksum lines agree (Lucid, QEMU and the host)"
else
	verdict="the init's lines DIFFER: Lucid '$(tr '\n' ' ' <"$tmp/lucid-cd.got")', QEMU '$(tr '\n' ' ' <"$tmp/qemu-cd.got")'"
fi
echo "guest-linux: Linux $ver reading -cdrom ($LINUXCD_APPEND): init at virtual $(cd_init "$tmp/lucid-cd") s on Lucid" \
	"($lwall ms wall, ${icount:-?} instructions), $(cd_init "$tmp/qemu-cd") s on QEMU ($(( (end - start) / 1000000 )) ms wall); $verdict"

# -cpu pentium: the 686 flavour needs CMOV, so the kernel's setup code refuses
# the CPU. QEMU shows that on the VGA text screen only (its BIOS does not copy
# INT 10h to COM1 as Lucid's does): the screen is read through the monitor.
echo "continue 200000000" >"$tmp/stop.x"
timeout 120 build/lucid -display none -serial stdio -debugcon none -no-reboot -m 128 -cpu pentium \
	-kernel "$K" -initrd "$tmp/cd/cd.cpio" -append "$LINUXCD_APPEND" -x "$tmp/stop.x" \
	</dev/null 2>/dev/null | tr -d '\r' | grep -A2 '^This kernel requires' | sed 's/ *$//' >"$tmp/lucid-p5"
(sleep 8; echo "pmemsave 0xb8000 4000 \"$tmp/vga.bin\""; sleep 2; echo quit) |
	timeout 60 qemu-system-i386 -M isapc -cpu pentium -m 128 -display none -monitor stdio -no-reboot \
	-kernel "$K" -initrd "$tmp/cd/cd.cpio" -append "$LINUXCD_APPEND" >/dev/null 2>&1
# the text screen: 25 rows of 80 (character, attribute) pairs
od -An -v -tu1 -w2 "$tmp/vga.bin" 2>/dev/null | awk '{ printf "%c", ($1 >= 32 && $1 < 127) ? $1 : 32; if (NR % 80 == 0) printf "\n" }' |
	grep -A2 '^This kernel requires' | sed 's/ *$//' >"$tmp/qemu-p5"
if [ -s "$tmp/lucid-p5" ] && cmp -s "$tmp/lucid-p5" "$tmp/qemu-p5"; then
	echo "guest-linux: -cpu pentium: Lucid and QEMU both refuse the kernel: $(tr '\n' ' ' <"$tmp/lucid-p5")"
else
	echo "guest-linux: -cpu pentium: the refusals DIFFER: Lucid '$(tr '\n' ' ' <"$tmp/lucid-p5")', QEMU '$(tr '\n' ' ' <"$tmp/qemu-p5")'"
fi
