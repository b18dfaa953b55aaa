#!/usr/bin/env bash
# iPXE, a third-party guest that needs MMX-era instructions: Debian's
# ipxe.lkrn (package ipxe, unpacked by `make deps` into $IPXE_DIR, default
# /opt/ipxe) booted with -kernel. Its start-up saves the x87 state with
# FXSAVE, so it printed nothing before the P6 model had FXSR. On Lucid's P6
# it prints its banner and feature list, finds no network device, returns
# to the BIOS (INT 18h) and the BIOS exits through isa-debug-exit (status
# 23, FW_EXIT_NO_BOOT). On QEMU -M isapc -cpu pentium2 with Lucid's BIOS
# and no NIC the same lines come out. About 173 million instructions; iPXE
# switches between real and protected mode for every BIOS call, which costs
# Lucid about 9 s of host time (the timeouts only bound a hang).
. "$(dirname "$0")/../lib.sh"
lkrn=${IPXE_DIR:-/opt/ipxe}/boot/ipxe.lkrn
BIOS=build/bios/bios.bin
if [ ! -f "$lkrn" ]; then
	bad "no ipxe.lkrn in ${IPXE_DIR:-/opt/ipxe} (make deps unpacks Debian's ipxe there)"
	summary ipxe
	exit
fi
# The version string as a regular expression (its '+' and '.' escaped).
ver=$(strings "$lkrn" | grep -m1 -oE '1\.[0-9]+\.[0-9]+\+git-[0-9a-z.+-]+' | sed 's/[.+]/\\&/g')

lines() {	# the lines both must print, CRs and backspace runs dropped
	tr -d '\r' <"$1" | grep -E '^(iPXE |Features: |iPXE initialising devices)' | sed 's/\x08 \x08//g'
}

timeout 600 "$L" -cpu p6 -m 64 -display none -serial stdio -debugcon none -no-reboot \
	-kernel "$lkrn" </dev/null >"$tmp/lucid.serial" 2>"$tmp/lucid.err"
status_is "iPXE on Lucid: the BIOS's no-boot exit after iPXE returns" "$?" 23
expect_in "$tmp/lucid.serial" "iPXE's banner on Lucid" \
	"^iPXE ${ver:-1}.* -- Open Source Network Boot Firmware -- http://ipxe.org"
expect_in "$tmp/lucid.serial" "its feature list" '^Features: .*PXE'
expect_in "$tmp/lucid.serial" "no network device on Lucid, back to the BIOS" \
	'No bootable disk: INT 18h'

if command -v qemu-system-i386 >/dev/null; then
	timeout 600 qemu-system-i386 -M isapc -cpu pentium2 -m 64 -nic none -display none \
		-no-reboot -bios "$BIOS" -serial "file:$tmp/qemu.serial" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$lkrn" \
		</dev/null >"$tmp/qemu.out" 2>&1
	status_is "iPXE on QEMU -cpu pentium2 with Lucid's BIOS: the same exit" "$?" 23
	expect_in "$tmp/qemu.serial" "iPXE's banner on QEMU" \
		"^iPXE ${ver:-1}.* -- Open Source Network Boot Firmware -- http://ipxe.org"
	if [ -n "$(lines "$tmp/lucid.serial")" ] &&
		diff <(lines "$tmp/lucid.serial") <(lines "$tmp/qemu.serial") >"$tmp/diff"; then
		ok "the banner, features and device lines are QEMU's"
	else
		bad "Lucid's lines against QEMU's" "$(head -c 300 "$tmp/diff")"
	fi
else
	bad "qemu-system-i386 is not installed (make deps)"
fi
summary ipxe
