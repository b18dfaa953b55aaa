#!/usr/bin/env bash
# Debian's own 32-bit Linux (linux-image-686, /opt/linux-i386 from `make deps`)
# reads an ISO from -cdrom on Lucid's P6: its own ATA driver for the ISA
# legacy ports (pata_legacy, through libata's ATAPI code), sr_mod and isofs,
# loaded from the initramfs that tests/guest/linuxcd.sh makes, against
# devices/atapi.c on the secondary channel. The init prints the checksums of
# the whole device and of files on it, which must be the host's; the dmesg
# must show the drive found and be free of ATA errors, unchecked MSR accesses
# and oopses. One boot, about 3.5e9 instructions (2.3e9 of them the bzImage's
# decompressor; the crypto self-tests and ISA PnP isolation are skipped, see
# linuxcd.sh). The same initramfs on QEMU
# -M isapc, with the outputs compared, is `make bench`'s
# (scripts/bench.d/guest-linux.sh).
#
# And -cpu pentium: Debian's 686 kernel is built for a CPU with CMOV (its
# config is CONFIG_MGEODE_LX, X86_CMOV=y), so a Pentium, QEMU's -cpu pentium
# and Lucid's must all stop in the kernel's setup code with its refusal.
. "$(dirname "$0")/../lib.sh"
. tests/guest/linuxcd.sh
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)

if [ -z "$K" ]; then
	bad "no Debian i386 kernel in ${LINUX_I386:-/opt/linux-i386} (make deps installs it)"
	summary 97-guest-linux-cd
	exit
fi
if ! linuxcd_make "$tmp" 2>"$tmp/make.err"; then
	bad "the disc and the initramfs" "$(cat "$tmp/make.err")"
	summary 97-guest-linux-cd
	exit
fi
ok "the disc and the initramfs"

timeout 600 "$L" -display none -serial stdio -debugcon none -no-reboot -m 128 -cpu p6 \
	-kernel "$K" -initrd "$tmp/cd.cpio" -cdrom "$tmp/cd.iso" \
	-append "$LINUXCD_APPEND" </dev/null >"$tmp/serial" 2>"$tmp/err"
status_is "Linux on Lucid with -cdrom: lucid's exit status" "$?" 0
log=$tmp/serial
expect_in "$log" "libata's probe finds the ATAPI drive on the secondary channel" \
	'^\[ *[0-9.]+\] ata2\.00: ATAPI: LUCID386 CD-ROM, [^,]+, max PIO4'
expect_in "$log" "sr_mod attaches it as sr0" '^\[ *[0-9.]+\] sr [0-9:]+: Attached scsi CD-ROM sr0'
expect_in "$log" "isofs mounts it with Rock Ridge" '^\[ *[0-9.]+\] ISO 9660 Extensions: RRIP_1991A'
linuxcd_got "$log" >"$tmp/got"
for what in size device data.bin 'long name' readme; do
	w=$(grep "^cd: $what " "$tmp/want")
	g=$(grep "^cd: $what " "$tmp/got")
	if [ -n "$w" ] && [ "$w" = "$g" ]; then
		ok "the init's '$what' line is the host's"
	else
		bad "the init's '$what' line is the host's" "want '$w', got '${g:-nothing}' $(grep -E 'failed' "$tmp/got" | head -2)"
	fi
done
for what in 'unchecked MSR access' 'exception Emask' 'failed command' 'timeout' 'BUG:' 'Oops' \
	'WARNING:' 'Call Trace' 'Kernel panic' 'I/O error'; do
	if tr -d '\r' <"$log" | grep -q "$what"; then
		bad "no '$what' in the kernel log" "$(tr -d '\r' <"$log" | grep -m2 "$what")"
	else
		ok "no '$what' in the kernel log"
	fi
done
expect_in "$log" "the kernel halts when init asks" '^\[ *[0-9.]+\] reboot: System halted'

# -cpu pentium: the refusal comes from the real-mode setup code, through the
# BIOS's INT 10h, which Lucid's BIOS copies to COM1. The setup code then spins
# with interrupts on, so the run is cut after 200 M instructions.
echo "continue 200000000" >"$tmp/stop.x"
timeout 120 "$L" -display none -serial stdio -debugcon none -no-reboot -m 128 -cpu pentium \
	-kernel "$K" -initrd "$tmp/cd.cpio" -append "console=ttyS0 rdinit=/init" -x "$tmp/stop.x" \
	</dev/null >"$tmp/pentium" 2>"$tmp/pentium.err"
expect_in "$tmp/pentium" "-cpu pentium: the kernel's setup refuses a CPU without CMOV" \
	'^This kernel requires the following features not present on the CPU:'
expect_in "$tmp/pentium" "-cpu pentium: the missing feature is cmov alone" '^cmov *$'
if grep -aq 'Linux version' "$tmp/pentium"; then
	bad "-cpu pentium: the kernel proper never starts" "$(grep -am1 'Linux version' "$tmp/pentium")"
else
	ok "-cpu pentium: the kernel proper never starts"
fi
summary 97-guest-linux-cd
