#!/usr/bin/env bash
# Process costs in guest instructions, measured from user space by
# /bin/userbench of the initramfs (RDTSC, which counts instructions on Lucid
# and on QEMU with -icount shift=0): a null system call by int 0x80 and through
# the vDSO (SYSENTER), clock_gettime through the vDSO, fork+exit+wait, execve
# (beyond fork+exit+wait), a demand-zero page fault, a copy-on-write fault
# after fork, sched_yield with nothing else to run, and a switch between two
# processes yielding to each other (per switch: the switches are counted with
# getrusage after a warm-up, since Linux's CFS lets a yield switch only within
# the wakeup granularity; the second line says how many there were). lucix on
# Lucid, then lucix and Debian's 32-bit Linux
# (linux-image-686, unpacked by `make deps` into /opt/linux-i386) on QEMU with
# the same binary.
cd "$(dirname "$0")/../.."
RD=build/images/initramfs.cpio
fig() { tr -d '\r' | grep 'user-bench:' | sed 's/.*user-bench: //' | paste -sd ';' -; }
line=$(timeout 300 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-initrd "$RD" -append "console=ttyS0 init=/bin/userbench" 2>&1 | fig)
echo "guest user (lucix, Lucid): ${line:-no figures (did /bin/userbench run?)}"
if ! command -v qemu-system-i386 >/dev/null; then
	echo "guest user: no qemu-system-i386: no Linux comparison"
	exit 0
fi
Q="qemu-system-i386 -m 128 -icount shift=0 -display none -serial stdio -no-reboot"
line=$(timeout 300 $Q -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
	-initrd "$RD" -append "console=ttyS0 init=/bin/userbench" 2>&1 | fig)
echo "guest user (lucix, QEMU): ${line:-no figures}"
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
if [ -z "$K" ]; then
	echo "guest user: no Debian i386 kernel in /opt/linux-i386 (make deps): no Linux comparison"
	exit 0
fi
line=$(timeout 600 $Q -kernel "$K" -initrd "$RD" \
	-append "console=ttyS0 quiet rdinit=/bin/userbench" 2>&1 | fig)
echo "guest user (Linux $(basename "$K" | sed 's/vmlinuz-//'), QEMU): ${line:-no figures}"
