#!/usr/bin/env bash
# Debian's 32-bit Linux (linux-image-686 from /opt/linux-i386, `make deps`)
# booting to its init (/bin/userbench of the lucix initramfs) on Lucid and on
# QEMU (-M isapc -cpu pentium2 without the APIC, like Lucid's P6, -icount
# shift=0). Lucid runs at -ips 1000000000 so that both clocks give one
# nanosecond per instruction: the virtual seconds to "Run /bin/userbench" are
# then instructions in units of 1e9 on both. Wall time is the whole run.
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
start=$(date +%s%N)
timeout 900 qemu-system-i386 -M isapc -cpu pentium2,-apic -m 128 -icount shift=0 -display none \
	-serial stdio -no-reboot -kernel "$K" -initrd "$RD" -append "$APPEND" \
	</dev/null >"$tmp/qemu" 2>&1 &
qpid=$!
# QEMU does not exit on the kernel's halt: stop it once init has halted the machine.
for _ in $(seq 1800); do
	grep -q 'reboot: System halted' "$tmp/qemu" 2>/dev/null && break
	kill -0 $qpid 2>/dev/null || break
	sleep 0.5
done
kill $qpid 2>/dev/null
wait $qpid 2>/dev/null
end=$(date +%s%N)
echo "guest-linux: Linux $ver on QEMU (-icount shift=0): init at virtual $(at_init "$tmp/qemu") s," \
	"whole run $(( (end - start) / 1000000 )) ms wall"
