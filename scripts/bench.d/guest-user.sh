#!/usr/bin/env bash
# lucix process costs in guest instructions (RDTSC from user space; the TSC
# advances once per instruction on Lucid): a null system call by int 0x80,
# fork+exit+wait, execve (of a static musl program, beyond fork+exit+wait), a
# demand-zero page fault, and a switch between two processes (sched_yield).
# Measured by /bin/userbench from the initramfs. No Linux-under-QEMU column yet.
cd "$(dirname "$0")/../.."
line=$(timeout 300 build/lucid -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
	-initrd build/images/initramfs.cpio -append "console=ttyS0 init=/bin/userbench" 2>&1 |
	tr -d '\r' | grep 'user-bench:' | sed 's/.*user-bench: //')
echo "guest user: ${line:-no figures (did /bin/userbench run?)}"
