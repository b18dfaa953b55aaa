#!/usr/bin/env bash
# Third-party guests on Lucid and on QEMU, each run to the same milestone on
# its serial line, both machines with Lucid's BIOS (build/bios/bios.bin; QEMU
# -M isapc -bios), so the same firmware path leads to it:
# - Lucid's wall time and guest instructions (-stats; SIGTERM at the milestone,
#   so the count runs up to one 10 ms output slice past it);
# - QEMU's wall time (TCG as people run it, no -icount);
# - QEMU's guest instructions: a second run under -icount shift=3 (125 M
#   instructions per virtual second, the nearest to Lucid's default 100 M, as
#   guests that wait on a timer run instructions in proportion) in record mode,
#   whose QMP query-replay counts them. Record mode needs QEMU's blkreplay
#   driver under each disk; its log goes to /dev/null (a memtest pass writes
#   gigabytes of it).
# The driver is tests/guest/milestone.py. Each guest is one `guest` line
# below; a guest whose files are missing is skipped with a line saying so.
#
# memtest86+: GUESTS_MEMTEST=pass (default) runs a whole first pass at
# -m $GUESTS_MEMTEST_MB (default 16) to its "Pass: 1" (370 virtual seconds,
# 3.7e10 instructions on Lucid at 16 MiB), =screen runs only to its first test.
cd "$(dirname "$0")/../.."
[ -x build/lucid ] || { echo "guests: build first (make all)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
have_qemu=
command -v qemu-system-i386 >/dev/null && have_qemu=1
[ -n "$have_qemu" ] || echo "guests: no qemu-system-i386: Lucid's figures only"
LUCID=(build/lucid -display none -serial stdio -debugcon none -no-reboot -stats)
# No isa-debug-exit on QEMU: a guest that powers off right after its milestone
# would end the counting run before QMP is asked.
QEMU=(qemu-system-i386 -M isapc -display none -serial stdio -no-reboot -bios build/bios/bios.bin)

# guest NAME PATTERN TIMEOUT LUCID-ARGS... -- QEMU-ARGS... [-- QEMU-RR-ARGS...]
# QEMU-RR-ARGS replace QEMU-ARGS for the counting run (disks must go through
# QEMU's blkreplay driver in record mode); without them the same are used;
# `-- -` skips that run.
guest() {
	local name=$1 pat=$2 to=$3 la=() qa=() ra=() part=l r
	shift 3
	for a in "$@"; do
		if [ "$a" = -- ]; then
			[ $part = l ] && part=q || part=r
			continue
		fi
		case $part in l) la+=("$a") ;; q) qa+=("$a") ;; r) ra+=("$a") ;; esac
	done
	[ ${#ra[@]} -gt 0 ] || ra=("${qa[@]}")
	local lr qr rr
	lr=$(python3 tests/guest/milestone.py "$pat" "$to" "$tmp/$name.lucid.log" lucid \
		"${LUCID[@]}" "${la[@]}")
	rr="not run"
	if [ -n "$have_qemu" ]; then
		qr=$(python3 tests/guest/milestone.py "$pat" "$to" "$tmp/$name.qemu.log" qemu \
			"${QEMU[@]}" "${qa[@]}")
		rm -f "$tmp/qmp.sock"
		[ "${ra[*]}" = - ] ||
		rr=$(python3 tests/guest/milestone.py "$pat" "$((to * 2))" "$tmp/$name.rr.log" qemu-rr \
			"${QEMU[@]}" -icount shift=3,rr=record,rrfile=/dev/null \
			-qmp "unix:$tmp/qmp.sock,server=on,wait=off" "${ra[@]}")
	fi
	fig() {	# RESULT KIND: "WALL s, N instructions"
		set -- $1
		if [ "$1" != wall ]; then echo "$*"; return; fi
		local s=""
		[ "$2" != - ] && s="$2 s wall"
		[ "$4" != - ] && s="${s:+$s, }$4 instructions"
		echo "$s"
	}
	echo "guests: $name: Lucid $(fig "$lr")${have_qemu:+; QEMU $(fig "$qr"); QEMU -icount $(fig "$rr")}"
}

# --- memtest86+ (Debian's package, by make deps) -----------------------------
MT=${MEMTEST_DIR:-/opt/memtest86+}/boot/memtest86+ia32.bin
MB=${GUESTS_MEMTEST_MB:-16}
if [ -f "$MT" ]; then
	if [ "${GUESTS_MEMTEST:-pass}" = pass ]; then
		pat='Pass:  1' what="memtest86+-pass-${MB}M" to=1800
	else
		pat='[Address test' what=memtest86+-screen to=120
	fi
	guest "$what" "$pat" $to -m $MB -kernel "$MT" -append "console=ttyS0 nopause" \
		-- -cpu pentium2 -m $MB -kernel "$MT" -append "console=ttyS0 nopause"
else
	echo "guests: memtest86+: no $MT (make deps)"
fi

# --- the syslinux MBR chain of group 40: mbr.bin loads tests/bios/vbr.S ------
# (the volume boot record prints its line, then powers off on Lucid)
BIOS=build/bios/bios.bin
CHAIN=build/tests/bios/mbr-chain.img
[ -f "$CHAIN" ] || make -s "$CHAIN" >/dev/null 2>&1
if [ -f "$CHAIN" ]; then
	cp "$CHAIN" "$tmp/chain.img"
	guest syslinux-mbr-chain 'vbr: chained from the MBR' 60 -m 32 -hda "$tmp/chain.img" \
		-- -m 32 -drive "file=$tmp/chain.img,format=raw,if=ide,index=0" \
		-- -m 32 -drive "file=$tmp/chain.img,format=raw,if=none,id=d0" \
		-drive driver=blkreplay,if=none,image=d0,id=d0r -device ide-hd,drive=d0r
else
	echo "guests: syslinux-mbr-chain: no $CHAIN"
fi

# --- the ISOs of group 41, from -cdrom (-boot d) ------------------------------
# ISOLINUX to the line of the image it boots (tests/bios/hello.S); GRUB to the
# first line of its grub.cfg.
# cdrom_rr ISO: the QEMU arguments for the counting run (blkreplay).
cdrom_rr() {
	printf '%s\n' -drive "file=$1,format=raw,if=none,id=cd0,media=cdrom,readonly=on" \
		-drive driver=blkreplay,if=none,image=cd0,id=cd0r \
		-device ide-cd,drive=cd0r,bus=ide.1,unit=0
}
HELLO=build/tests/bios/hello.bin
[ -f "$HELLO" ] || make -s "$HELLO" >/dev/null 2>&1
if command -v xorriso >/dev/null && [ -f /usr/lib/ISOLINUX/isolinux.bin ] &&
   [ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ] && [ -f "$HELLO" ]; then
	mkdir -p "$tmp/iso/isolinux"
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tmp/iso/isolinux/"
	cp "$HELLO" "$tmp/iso/hello.bin"
	printf 'SERIAL 0 115200\nSAY isolinux read its configuration\nPROMPT 0\nDEFAULT hello\nLABEL hello\n  KERNEL /hello.bin\n' \
		>"$tmp/iso/isolinux/isolinux.cfg"
	xorriso -as mkisofs -quiet -o "$tmp/isolinux.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$tmp/iso" 2>/dev/null
	mapfile -t rra < <(cdrom_rr "$tmp/isolinux.iso")
	guest isolinux-iso 'hello from the boot sector' 60 -m 32 -cdrom "$tmp/isolinux.iso" -boot d \
		-- -m 32 -cdrom "$tmp/isolinux.iso" -boot d \
		-- -m 32 -boot d "${rra[@]}"
else
	echo "guests: isolinux-iso: no xorriso, ISOLINUX or $HELLO"
fi
if command -v grub-mkrescue >/dev/null && [ -d /usr/lib/grub/i386-pc ]; then
	mkdir -p "$tmp/grub/boot/grub"
	printf 'serial --unit=0 --speed=115200\nterminal_output serial\nset timeout=0\necho grub is running from the cd\n' \
		>"$tmp/grub/boot/grub/grub.cfg"
	if grub-mkrescue -o "$tmp/grub.iso" "$tmp/grub" >/dev/null 2>&1; then
		# QEMU 7.2 in record mode prints nothing from this ISO (a blkreplay
		# CD under GRUB's reads stalls): no counting run.
		guest grub-iso 'grub is running from the cd' 120 -m 32 -cdrom "$tmp/grub.iso" -boot d \
			-- -m 32 -cdrom "$tmp/grub.iso" -boot d -- -
	else
		echo "guests: grub-iso: grub-mkrescue failed"
	fi
else
	echo "guests: grub-iso: no grub-mkrescue (grub-pc-bin)"
fi

# --- more guests go here, one `guest` line each: SeaBIOS as -bios (its own
# scripts/bench.d/seabios.sh), iPXE's ipxe.lkrn (-kernel, to its banner) ----
