#!/usr/bin/env bash
# Debian's own 32-bit Linux (linux-image-686, unpacked by `make deps` into
# /opt/linux-i386) boots on Lucid's P6 with the initramfs of the lucix tests
# and runs /bin/userbench as init: a kernel Lucid's authors did not write, on
# Lucid's BIOS-less -kernel path, with the x87 (Linux 686 refuses a CPU without
# one), PAE, SYSENTER and the vDSO. The dmesg must be free of oopses, BUGs,
# warnings and unchecked MSR accesses. About 4e9 instructions; the figures
# against QEMU are `make bench`'s (scripts/bench.d/guest-linux.sh).
. "$(dirname "$0")/../lib.sh"
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
RD=build/images/initramfs.cpio
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ -z "$K" ]; then
	bad "no Debian i386 kernel in ${LINUX_I386:-/opt/linux-i386} (make deps installs it)"
	summary guest-linux
	exit
fi
timeout 900 "$L" -display none -serial stdio -debugcon none -no-reboot -m 128 -cpu p6 \
	-kernel "$K" -initrd "$RD" -append "console=ttyS0 rdinit=/bin/userbench" \
	</dev/null >"$tmp/serial" 2>"$tmp/err"
st=$?
log=$tmp/serial
status_is "Linux $(basename "$K" | sed 's/vmlinuz-//') on Lucid: lucid's exit status" "$st" 0
expect_in "$log" "the kernel found the x87 and FXSR" '^\[ *[0-9.]+\] x86/fpu: x87 FPU will use FXSAVE'
expect_in "$log" "the P6 performance counters: Linux's p6 PMU driver" '^\[ *[0-9.]+\] p6 PMU driver'
expect_in "$log" "  with its two generic counters" '^\[ *[0-9.]+\] \.\.\. generic registers: +2$'
expect_in "$log" "the kernel runs init" '^\[ *[0-9.]+\] Run /bin/userbench as init process'
expect_in "$log" "init (musl, int 0x80 and the vDSO's sysenter) prints its figures" \
	'^user-bench: null syscall int 0x80 [0-9]+, vDSO \(sysenter\) [0-9]+'
expect_in "$log" "the kernel halts when init asks" '^\[ *[0-9.]+\] reboot: System halted'
for what in 'unchecked MSR access' 'Failed to access perfctr msr' 'BUG:' 'Oops' 'WARNING:' 'Call Trace' 'Kernel panic'; do
	if grep -q "$what" "$log"; then
		bad "no '$what' in the kernel log" "$(grep -m2 "$what" "$log")"
	else
		ok "no '$what' in the kernel log"
	fi
done
summary guest-linux
