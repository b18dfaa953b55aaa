#!/usr/bin/env bash
# The ATAPI CD-ROM and El Torito: ISO images made here with Debian's xorriso
# (tests/bios/cdboot.S as a no-emulation boot image; ISOLINUX; GRUB's
# grub-mkrescue), booted with -cdrom on Lucid and on QEMU -M isapc with our
# BIOS, and the small one with SeaBIOS too; -cdrom's refusals; the boot
# order (-boot); a recorded GRUB boot replayed, and a snapshot taken while
# GRUB reads the CD resumed. The device's packet commands one by one are in
# tests/unit/atapi_test.c.
. "$(dirname "$0")/../lib.sh"
BT=build/tests/bios
BIOS=build/bios/bios.bin
run_args=(-display none -serial none -debugcon none)

# lucid_cd NAME ARGS...: Lucid with debugcon and COM1 in $tmp/NAME.{dc,serial,rc}.
lucid_cd() {
	local name=$1
	shift
	timeout 60 $L -display none -serial "file:$tmp/$name.serial" \
		-debugcon "file:$tmp/$name.dc" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# qemu_cd NAME FIRMWARE ARGS...: QEMU -M isapc, the same files (in the background).
qemu_cd() {
	local name=$1 fw=$2
	shift 2
	local a=(-M isapc -display none -no-reboot -m 64
		-serial "file:$tmp/$name.serial" -debugcon "file:$tmp/$name.dc"
		-device isa-debug-exit,iobase=0xf4,iosize=0x04)
	[ "$fw" = lucid ] && a+=(-bios "$BIOS")
	(timeout 30 qemu-system-i386 "${a[@]}" "$@" >"$tmp/$name.out" 2>&1
	 echo $? >"$tmp/$name.rc") &
}

# serial_has CHECK NAME TEXT...: every TEXT is in a line of NAME's COM1 output.
serial_has() {
	local check=$1 name=$2 t
	shift 2
	for t in "$@"; do
		if ! tr -d '\r' <"$tmp/$name.serial" | grep -aqF -- "$t"; then
			bad "$check" "COM1 has no '$t' (status $(cat "$tmp/$name.rc"))"
			return
		fi
	done
	ok "$check"
}

if ! command -v xorriso >/dev/null; then
	bad xorriso "not installed (make deps)"
	summary 41-cdrom
	exit
fi

# --- the images ---------------------------------------------------------------
mkdir -p "$tmp/cd" "$tmp/plain" "$tmp/iso/isolinux" "$tmp/grub/boot/grub"
cp $BT/cdboot.bin "$tmp/cd/boot.bin"
echo "a file on the disc" >"$tmp/cd/readme.txt"
blocks=$(( ($(stat -c %s $BT/cdboot.bin) + 511) / 512 ))
xorriso -as mkisofs -quiet -o "$tmp/cd.iso" -V LUCIDCD -b boot.bin -no-emul-boot \
	-boot-load-size $blocks "$tmp/cd" 2>"$tmp/xorriso.err"
cp "$tmp/cd/readme.txt" "$tmp/plain/"
xorriso -as mkisofs -quiet -o "$tmp/plain.iso" "$tmp/plain" 2>>"$tmp/xorriso.err"
if [ -s "$tmp/cd.iso" ] && [ -s "$tmp/plain.iso" ]; then ok "xorriso-made-the-isos"
else bad "xorriso-made-the-isos" "$(head -c 300 "$tmp/xorriso.err")"; fi

# What cdboot.S must print, from the image itself: its size, where the boot
# catalog's initial entry puts the image, and dword sums of the sectors read.
python3 - "$tmp/cd.iso" $blocks >"$tmp/cdboot.want" <<'EOF'
import struct, sys
iso = open(sys.argv[1], 'rb').read()
sec = lambda n, k=1: iso[n * 2048:(n + k) * 2048]
brvd = sec(17)
assert brvd[1:6] == b'CD001' and brvd[7:30] == b'EL TORITO SPECIFICATION'
cat = sec(struct.unpack_from('<I', brvd, 0x47)[0])
seg, count, lba = struct.unpack_from('<HxxHI', cat, 0x22)
def dsum(b):
    return sum(struct.unpack('<%dI' % (len(b) // 4), b)) & 0xFFFFFFFF
print('boot drive dl=e0')
print('41h: cf=0 bx=aa55')
print('48h: cf=0 bytes/sector=2048 sectors=%d' % (len(iso) // 2048))
print('4b01h: cf=0 size=13 media=00 drive=e0 image lba=%d load seg=%04x count=%d'
      % (lba, seg or 0x7C0, count))
print('42h: cf=0 sum=%08x' % dsum(sec(16, 16)))
print('42h: cf=0 sum=%08x' % dsum(sec(16, 40)))
print('42h past the end: cf=1')
print('43h: cf=1')
EOF

have_isolinux=
if [ -f /usr/lib/ISOLINUX/isolinux.bin ] && [ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ]; then
	have_isolinux=1
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tmp/iso/isolinux/"
	cp $BT/hello.bin "$tmp/iso/hello.bin"
	printf 'SERIAL 0 115200\nSAY isolinux read its configuration\nPROMPT 0\nDEFAULT hello\nLABEL hello\n  KERNEL /hello.bin\n' \
		>"$tmp/iso/isolinux/isolinux.cfg"
	xorriso -as mkisofs -quiet -o "$tmp/isolinux.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$tmp/iso" \
		2>>"$tmp/xorriso.err"
	printf 'hello from the boot sector\nboot drive dl=e0\n' >"$tmp/hello-cd.want"
fi
have_grub=
if command -v grub-mkrescue >/dev/null && [ -d /usr/lib/grub/i386-pc ]; then
	echo "text read by grub from the iso" >"$tmp/grub/readme.txt"
	printf 'serial --unit=0 --speed=115200\nterminal_output serial\nset timeout=0\necho grub is running from the cd\ncat /readme.txt\ninsmod iorw\noutb 0xf4 0x00\n' \
		>"$tmp/grub/boot/grub/grub.cfg"
	grub-mkrescue -o "$tmp/grub.iso" "$tmp/grub" >"$tmp/grub-mkrescue.log" 2>&1 && have_grub=1
fi

# --- QEMU in the background while Lucid runs -----------------------------------
qemu_cd cdboot-qemu lucid -cdrom "$tmp/cd.iso" -boot d
qemu_cd cdboot-seabios seabios -cdrom "$tmp/cd.iso" -boot d
[ -n "$have_isolinux" ] && qemu_cd isolinux-qemu lucid -cdrom "$tmp/isolinux.iso" -boot d
[ -n "$have_isolinux" ] && qemu_cd isolinux-seabios seabios -cdrom "$tmp/isolinux.iso" -boot d

# --- -cdrom's refusals: one line each, status 1 ----------------------------------
refused() {	# NAME FILE WHAT
	timeout 10 $L "${run_args[@]}" -cdrom "$2" >/dev/null 2>"$tmp/$1.err"
	local rc=$? lines
	lines=$(wc -l <"$tmp/$1.err")
	if [ $rc -ne 0 ] && [ "$lines" = 1 ] && grep -q -- "$3" "$tmp/$1.err"; then
		ok "$1 ($(cat "$tmp/$1.err"))"
	else
		bad "$1" "status $rc, $lines lines: $(head -c 200 "$tmp/$1.err")"
	fi
}
refused cdrom-missing "$tmp/no-such.iso" "CD-ROM image '$tmp/no-such.iso'"
head -c 1000 /dev/zero >"$tmp/short.iso"
refused cdrom-short "$tmp/short.iso" "CD-ROM image"
head -c $((64 * 2048)) /dev/zero >"$tmp/zero.iso"
refused cdrom-not-iso "$tmp/zero.iso" "not an ISO 9660 image"
timeout 10 $L "${run_args[@]}" -boot x >/dev/null 2>"$tmp/boot-bad.err"
rc=$?
if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/boot-bad.err")" = 1 ]; then ok "boot-order-refused"
else bad "boot-order-refused" "status $rc: $(cat "$tmp/boot-bad.err")"; fi
timeout 10 $L "${run_args[@]}" -drive "file=$tmp/zero.iso,media=tape" >/dev/null 2>"$tmp/media.err"
if [ $? -ne 0 ] && grep -q "media=disk|cdrom" "$tmp/media.err"; then ok "drive-media-refused"
else bad "drive-media-refused" "$(cat "$tmp/media.err")"; fi

# --- El Torito on Lucid ------------------------------------------------------------
lucid_cd cdboot -cdrom "$tmp/cd.iso" -boot d
debugcon_same cdboot "$tmp/cdboot.want" 1
# -drive media=cdrom at the same place, and booting by the default order (no disk)
lucid_cd cdboot-drive -drive "file=$tmp/cd.iso,index=2,media=cdrom"
debugcon_same cdboot-drive "$tmp/cdboot.want" 1
# with a hard disk too: the default order boots the disk, -boot d the CD
make_hello=$BT/hello.img
lucid_cd order-default -hda $make_hello -cdrom "$tmp/cd.iso" -snapshot
printf 'hello from the boot sector\nboot drive dl=80\n' >"$tmp/hello-hd.want"
debugcon_same order-default "$tmp/hello-hd.want" 1
lucid_cd order-d -hda $make_hello -cdrom "$tmp/cd.iso" -boot d -snapshot
debugcon_same order-d "$tmp/cdboot.want" 1
lucid_cd order-dc-nocd -hda $make_hello -boot dc -snapshot
debugcon_same order-dc-nocd "$tmp/hello-hd.want" 1
lucid_cd order-d-nocd -hda $make_hello -boot d -snapshot
rc=$(cat "$tmp/order-d-nocd.rc")
if [ "$rc" = 23 ] && tr -d '\r' <"$tmp/order-d-nocd.serial" | grep -q "No bootable disk: no CD-ROM"; then
	ok "order-d-nocd"
else bad "order-d-nocd" "status $rc"; fi
lucid_cd plain -cdrom "$tmp/plain.iso" -boot d
rc=$(cat "$tmp/plain.rc")
if [ "$rc" = 23 ] &&
   tr -d '\r' <"$tmp/plain.serial" | grep -q "No bootable disk: the CD has no El Torito boot record"; then
	ok "no-el-torito-refused"
else bad "no-el-torito-refused" "status $rc"; fi
expect_in "$tmp/cdboot.serial" "banner-shows-booting-from-cd" "^Booting from CD-ROM E0h"

# --- ISOLINUX and GRUB from the CD on Lucid ---------------------------------------
if [ -n "$have_isolinux" ]; then
	lucid_cd isolinux -cdrom "$tmp/isolinux.iso" -boot d -screen-dump "$tmp/isolinux.screen"
	debugcon_same isolinux "$tmp/hello-cd.want" 1
	# its SAY line, on the screen, and no boot: prompt (no key seemed held)
	if grep -q "isolinux read its configuration" "$tmp/isolinux.screen" &&
	   ! grep -q "^boot:" "$tmp/isolinux.screen"; then
		ok isolinux-read-its-config
	else bad isolinux-read-its-config "$(grep -v '^ *$' "$tmp/isolinux.screen" | tail -3)"; fi
else
	bad isolinux "Debian's isolinux and syslinux-common are not installed (make deps)"
fi
if [ -n "$have_grub" ]; then
	qemu_cd grub-qemu lucid -cdrom "$tmp/grub.iso" -boot d
	lucid_cd grub -cdrom "$tmp/grub.iso" -boot d -record "$tmp/grub.rec"
	status_is grub-exit "$(cat "$tmp/grub.rc")" 1
	serial_has grub-boots grub "grub is running from the cd" "text read by grub from the iso"
	# the same run replayed from its log: every digest (with the drive's state) equal
	lucid_cd grub-replay -cdrom "$tmp/grub.iso" -boot d -replay "$tmp/grub.rec"
	if [ "$(cat "$tmp/grub-replay.rc")" = 1 ] &&
	   grep -q "replay identical to the recording" "$tmp/grub-replay.err"; then
		ok "grub-replay-identical"
	else bad "grub-replay-identical" "$(tail -c 300 "$tmp/grub-replay.err")"; fi
	# a snapshot while GRUB reads the CD, resumed: the rest of the boot follows
	printf 'continue 30000000\nsavevm %s\ninfo ata\nquit\n' "$tmp/mid.vm" >"$tmp/save.x"
	timeout 60 $L "${run_args[@]}" -cdrom "$tmp/grub.iso" -boot d -x "$tmp/save.x" \
		>"$tmp/save.out" 2>&1
	if [ -s "$tmp/mid.vm" ] && grep -q "secondary master: CD-ROM" "$tmp/save.out"; then
		ok "savevm-mid-grub"
	else bad "savevm-mid-grub" "$(tail -c 300 "$tmp/save.out")"; fi
	lucid_cd grub-loadvm -cdrom "$tmp/grub.iso" -boot d -loadvm "$tmp/mid.vm"
	status_is grub-loadvm-exit "$(cat "$tmp/grub-loadvm.rc")" 1
	serial_has grub-loadvm-finishes grub-loadvm "text read by grub from the iso"
	lucid_cd loadvm-other-drives -hda $make_hello -loadvm "$tmp/mid.vm" -snapshot
	if [ "$(cat "$tmp/loadvm-other-drives.rc")" != 0 ] &&
	   grep -q "differs" "$tmp/loadvm-other-drives.err"; then
		ok "loadvm-refuses-other-drives"
	else bad "loadvm-refuses-other-drives" "$(head -c 300 "$tmp/loadvm-other-drives.err")"; fi
else
	bad grub "grub-mkrescue (grub-common, grub-pc-bin) is not installed (make deps)"
fi

# --- lucix finds the drive (guest/drivers/ata/atapi.c) --------------------------------
if [ -f build/images/lucid.img ]; then
	timeout 90 $L -display none -serial "file:$tmp/lucix.serial" -debugcon none -snapshot \
		build/images/lucid.img -cdrom "$tmp/cd.iso" >/dev/null 2>&1 &
	lpid=$!
	for _ in $(seq 600); do
		grep -aq "hdc: " "$tmp/lucix.serial" 2>/dev/null && break
		kill -0 $lpid 2>/dev/null || break
		sleep 0.1
	done
	kill $lpid 2>/dev/null
	wait $lpid 2>/dev/null
	want="hdc: LUCID386 CD-ROM, ATAPI CD/DVD-ROM drive, $(( $(stat -c %s "$tmp/cd.iso") / 2048 )) sectors of 2048 bytes"
	if tr -d '\r' <"$tmp/lucix.serial" | grep -aqF -- "$want"; then ok "lucix-sees-the-cdrom"
	else bad "lucix-sees-the-cdrom" "no '$want': $(grep -a 'hd[a-d]' "$tmp/lucix.serial" | head -3)"; fi
fi

# --- QEMU's results ------------------------------------------------------------------
wait
debugcon_same cdboot-qemu "$tmp/cdboot.want" 1
# SeaBIOS reports no size in 48h and will not read 40 sectors at once; the rest agrees
grep -v -e '^48h' -e '^42h: cf=0 sum=' "$tmp/cdboot.want" >"$tmp/cdboot-sea.want"
grep -v -e '^48h' -e '^42h: cf=[01] sum=' "$tmp/cdboot-seabios.dc" >"$tmp/cdboot-sea.dc" 2>/dev/null
cp "$tmp/cdboot-sea.dc" "$tmp/cdboot-seabios.dc"
debugcon_same cdboot-seabios "$tmp/cdboot-sea.want" 1
if [ -n "$have_isolinux" ]; then
	debugcon_same isolinux-qemu "$tmp/hello-cd.want" 1
	debugcon_same isolinux-seabios "$tmp/hello-cd.want" 1
fi
if [ -n "$have_grub" ]; then
	status_is grub-qemu-exit "$(cat "$tmp/grub-qemu.rc")" 1
	serial_has grub-qemu-boots grub-qemu "grub is running from the cd" "text read by grub from the iso"
fi
summary 41-cdrom
