#!/usr/bin/env bash
# SeaBIOS (Debian's seabios package) as -bios on Lucid: the shadow RAM it
# writes at 0xC0000-0xFFFFF (emu/board/shadow.c, QEMU isapc's behaviour),
# the RAM size it reads from the CMOS and fw_cfg's etc/e820, its log on
# port 0x402 (-bios-log) and a VGA BIOS through fw_cfg (-vga-rom). With it,
# Lucid boots what its own BIOS boots: the BIOS test programs of group 40
# and syslinux's MBR chain (their debugcon text equal to
# tests/bios/expected/), the default image to the lucix shell prompt, and
# group 41's ISOs from -cdrom. QEMU -M isapc runs SeaBIOS beside it for
# the e820 map both print. Then a recorded SeaBIOS boot replays, a snapshot
# taken after SeaBIOS wrote its shadow pages resumes to the same end, and
# the new options refuse bad values in one line.
. "$(dirname "$0")/../lib.sh"
SEABIOS=/usr/share/seabios/bios.bin
VGAROM=/usr/share/seabios/vgabios-isavga.bin
BT=build/tests/bios
RTC=2026-03-04T05:06:07
if [ ! -f $SEABIOS ] || [ ! -f $VGAROM ]; then
	bad seabios "Debian's seabios package is not installed (make deps)"
	summary 42-seabios
	exit
fi

# sea NAME ARGS...: Lucid with SeaBIOS; COM1, debugcon, SeaBIOS's log and
# the status in $tmp/NAME.{serial,dc,log,rc}.
sea() {
	local name=$1
	shift
	timeout 60 $L -bios $SEABIOS -display none -serial "file:$tmp/$name.serial" \
		-debugcon "file:$tmp/$name.dc" -bios-log "file:$tmp/$name.log" "$@" \
		>"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# has CHECK FILE TEXT...: every TEXT is in FILE (CRs dropped).
has() {
	local check=$1 file=$2 t
	shift 2
	for t in "$@"; do
		if ! tr -d '\r' <"$file" | grep -aqF -- "$t"; then
			bad "$check" "no '$t' in $(basename "$file")"
			return
		fi
	done
	ok "$check"
}

# e820 FILE: the "e820 map has N items" block of a SeaBIOS log.
e820() { tr -d '\r' <"$1" | sed -n '/^e820 map has/,/^[^ ]/p' | grep -E '^(e820|  [0-9])'; }

# --- QEMU -M isapc with SeaBIOS, in the background: its e820 map -----------------
(timeout 30 qemu-system-i386 -M isapc -m 32 -display none -no-reboot -serial none \
	-chardev "file,id=sb,path=$tmp/qemu.log" -device isa-debugcon,iobase=0x402,chardev=sb \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-drive "file=$BT/hello.img,format=raw,if=ide,snapshot=on" >/dev/null 2>&1) &
qpid=$!
# a CPU reset through port 0x92 after SeaBIOS ran (tests/bios/resume.S)
(timeout 30 qemu-system-i386 -M isapc -m 32 -display none -serial none \
	-debugcon "file:$tmp/qemu-reset.dc" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-drive "file=$BT/resume.img,format=raw,if=ide,snapshot=on" >/dev/null 2>&1
 echo $? >"$tmp/qemu-reset.rc") &
q2pid=$!

# --- the BIOS test programs of group 40 ---------------------------------------------
for t in hello disk rtc sys mbr-chain; do
	sea "$t" -m 32 -rtc "base=$RTC" -snapshot $BT/$t.img
	debugcon_same "$t" tests/bios/expected/$t.txt 1
done
# INT 10h needs a VGA BIOS: SeaBIOS has none of its own, as on QEMU
sea video -m 32 -rtc "base=$RTC" -vga-rom $VGAROM -snapshot $BT/video.img
debugcon_same video tests/bios/expected/video.txt 1
has video-rom-ran "$tmp/video.log" "Running option rom at c000:0003" "Start SeaVGABIOS"

# --- what SeaBIOS found, from its log -------------------------------------------------
has log-shadow-and-relocation "$tmp/hello.log" "Unable to unlock ram - bridge not found" \
	"Relocating init from" "Booting from Hard Disk..."
has log-fw-cfg-e820 "$tmp/hello.log" "Found QEMU fw_cfg" \
	"qemu/e820: addr 0x0000000000000000 len 0x0000000002000000 [RAM]"
if grep -aq "No space for init relocation" "$tmp/hello.log"; then
	bad log-no-relocation-failure "SeaBIOS could not relocate"
else ok log-no-relocation-failure; fi
# the CMOS path (SeaBIOS reads 0x34/0x35 when fw_cfg has no etc/e820): -m 48
# gives 48 MiB there too, seen in the map it hands to the boot sector
sea hello-48 -m 48 -snapshot $BT/hello.img
has log-48-mib "$tmp/hello-48.log" "0000000000100000 - 0000000003000000 = 1 RAM"
# port 0x402 is absent without -bios-log: SeaBIOS then logs nothing
timeout 60 $L -bios $SEABIOS -display none -serial none -debugcon "file:$tmp/nolog.dc" \
	-m 32 -snapshot $BT/hello.img >"$tmp/nolog.out" 2>&1
if [ $? = 1 ] && cmp -s "$tmp/nolog.dc" tests/bios/expected/hello.txt &&
   ! grep -aq SeaBIOS "$tmp/nolog.out"; then ok no-log-port-by-default
else bad no-log-port-by-default "$(head -c 200 "$tmp/nolog.out")"; fi

# A reset maps the ROM back over the shadow pages: SeaBIOS runs its whole POST
# again, as on QEMU (which reloads the image), and boots the disk a second time.
sea reset -m 32 -snapshot $BT/resume.img

# --- the default image to the lucix shell prompt -------------------------------------
if [ -f build/images/lucid.img ]; then
	cp build/images/lucid.img "$tmp/lucid.img"
	build/images/mkdisk cmdline "$tmp/lucid.img" "root=/dev/hda1 console=ttyS0 console=tty0"
	printf '%s\n' 'when-serial /root #  => poweroff -f\n' >"$tmp/prompt.in"
	sea lucix -no-reboot -input-script "$tmp/prompt.in" -hda "$tmp/lucid.img"
	status_is lucix-powers-off "$(cat "$tmp/lucix.rc")" 0
	has lucix-prompt "$tmp/lucix.serial" "SeaBIOS (version" "BusyBox v" "/root # " \
		"reboot: Power down"
	has lucix-e820-from-seabios "$tmp/lucix.serial" \
		"BIOS-e820: [mem 0x0000000000100000-0x0000000003ffffff] usable"
else
	bad lucix "build/images/lucid.img is not built"
fi

# --- group 41's ISOs from -cdrom ---------------------------------------------------
mkdir -p "$tmp/cd" "$tmp/iso/isolinux" "$tmp/grub/boot/grub"
cp $BT/cdboot.bin "$tmp/cd/boot.bin"
blocks=$(( ($(stat -c %s $BT/cdboot.bin) + 511) / 512 ))
xorriso -as mkisofs -quiet -o "$tmp/cd.iso" -V LUCIDCD -b boot.bin -no-emul-boot \
	-boot-load-size $blocks "$tmp/cd" 2>"$tmp/xorriso.err"
sea cdboot -cdrom "$tmp/cd.iso" -boot d
# As under QEMU with SeaBIOS (group 41): no size in 48h, no 40 sectors at once.
printf 'boot drive dl=e0\n41h: cf=0 bx=aa55\n' >"$tmp/cdboot.want"
grep -v -e '^48h' -e '^42h: cf=[01] sum=' "$tmp/cdboot.dc" >"$tmp/cdboot.got" 2>/dev/null
if grep -q '^4b01h: cf=0 size=13 media=00 drive=e0' "$tmp/cdboot.got" &&
   grep -qx '42h past the end: cf=1' "$tmp/cdboot.got" && grep -qx '43h: cf=1' "$tmp/cdboot.got" &&
   [ "$(head -2 "$tmp/cdboot.got")" = "$(cat "$tmp/cdboot.want")" ] &&
   [ "$(cat "$tmp/cdboot.rc")" = 1 ]; then
	ok cdboot
else bad cdboot "status $(cat "$tmp/cdboot.rc"): $(head -c 300 "$tmp/cdboot.dc")"; fi
if [ -f /usr/lib/ISOLINUX/isolinux.bin ] && [ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ]; then
	cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$tmp/iso/isolinux/"
	cp $BT/hello.bin "$tmp/iso/hello.bin"
	printf 'SERIAL 0 115200\nSAY isolinux read its configuration\nPROMPT 0\nDEFAULT hello\nLABEL hello\n  KERNEL /hello.bin\n' \
		>"$tmp/iso/isolinux/isolinux.cfg"
	xorriso -as mkisofs -quiet -o "$tmp/isolinux.iso" -b isolinux/isolinux.bin \
		-c isolinux/boot.cat -no-emul-boot -boot-load-size 4 -boot-info-table "$tmp/iso" \
		2>>"$tmp/xorriso.err"
	sea isolinux -cdrom "$tmp/isolinux.iso" -boot d
	printf 'hello from the boot sector\nboot drive dl=e0\n' >"$tmp/hello-cd.want"
	debugcon_same isolinux "$tmp/hello-cd.want" 1
	has isolinux-banner "$tmp/isolinux.serial" "ISOLINUX 6.04" "isolinux read its configuratio"
else
	bad isolinux "Debian's isolinux and syslinux-common are not installed (make deps)"
fi
if command -v grub-mkrescue >/dev/null && [ -d /usr/lib/grub/i386-pc ]; then
	echo "text read by grub from the iso" >"$tmp/grub/readme.txt"
	printf 'serial --unit=0 --speed=115200\nterminal_output serial\nset timeout=0\necho grub is running from the cd\ncat /readme.txt\ninsmod iorw\noutb 0xf4 0x00\n' \
		>"$tmp/grub/boot/grub/grub.cfg"
	grub-mkrescue -o "$tmp/grub.iso" "$tmp/grub" >"$tmp/grub-mkrescue.log" 2>&1
	sea grub -cdrom "$tmp/grub.iso" -boot d
	status_is grub-exit "$(cat "$tmp/grub.rc")" 1
	has grub-boots "$tmp/grub.serial" "grub is running from the cd" "text read by grub from the iso"
else
	bad grub "grub-mkrescue (grub-common, grub-pc-bin) is not installed (make deps)"
fi

# --- determinism: a recording replays; a snapshot with shadow pages resumes ---------
sea rec -m 32 -snapshot -record "$tmp/sea.rec" $BT/disk.img
sea rep -m 32 -snapshot -replay "$tmp/sea.rec" $BT/disk.img
if [ "$(cat "$tmp/rep.rc")" = 1 ] && grep -q "replay identical to the recording" "$tmp/rep.err" &&
   cmp -s "$tmp/rec.dc" "$tmp/rep.dc"; then
	ok "replay-identical ($(grep -o '[0-9]* digests' "$tmp/rep.err"))"
else bad replay-identical "$(tail -c 300 "$tmp/rep.err")"; fi
# Saved once SeaBIOS has relocated (its variables live in shadow pages).
printf 'continue 3000000\nsavevm %s\nquit\n' "$tmp/mid.vm" >"$tmp/save.x"
timeout 60 $L -bios $SEABIOS -display none -serial none -debugcon none -m 32 -snapshot \
	-bios-log none $BT/disk.img -x "$tmp/save.x" >"$tmp/save.out" 2>&1
stream() { perl -MCompress::Zlib -e 'local $/; my $d = <STDIN>;
	my $u = uncompress(substr($d, 24)); defined $u or exit 1; print $u' <"$1"; }
tags() { perl -e 'local $/; my $s = <STDIN>; my $p = 0;
	while ($p + 12 <= length $s) { my ($t, $v, $n) = unpack("a4 V V", substr($s, $p, 12));
		print "$t\n"; $p += 12 + $n; }' <"$1"; }
if [ -s "$tmp/mid.vm" ] && stream "$tmp/mid.vm" >"$tmp/mid.raw" && tags "$tmp/mid.raw" | grep -qx SHDW; then
	ok snapshot-has-shadow-section
else bad snapshot-has-shadow-section "$(tail -c 200 "$tmp/save.out")"; fi
sea resumed -m 32 -snapshot -loadvm "$tmp/mid.vm" -bios-log none $BT/disk.img
debugcon_same resumed tests/bios/expected/disk.txt 1
# --- refusals: one line, status 1 -----------------------------------------------------
refused() {	# NAME TEXT ARGS...
	local name=$1 text=$2 rc lines
	shift 2
	timeout 10 $L -display none -serial none -debugcon none "$@" >/dev/null 2>"$tmp/$name.err"
	rc=$?
	lines=$(wc -l <"$tmp/$name.err")
	if [ $rc -ne 0 ] && [ "$lines" = 1 ] && grep -q -- "$text" "$tmp/$name.err"; then
		ok "$name ($(cat "$tmp/$name.err"))"
	else bad "$name" "status $rc, $lines lines: $(head -c 200 "$tmp/$name.err")"; fi
}
refused bios-log-refused "-bios-log 'tty': expected stdio, file:PATH or none" -bios-log tty
refused vga-rom-missing "cannot open VGA ROM" -vga-rom "$tmp/no-such.rom"
refused vga-rom-not-a-rom "is not an option ROM" -vga-rom tests/bios/expected/hello.txt

# --- QEMU's results beside Lucid's ----------------------------------------------------
wait $q2pid
if [ "$(cat "$tmp/reset.rc")" = "$(cat "$tmp/qemu-reset.rc" 2>/dev/null)" ] && [ -s "$tmp/reset.dc" ] &&
   cmp -s "$tmp/reset.dc" "$tmp/qemu-reset.dc" && [ "$(grep -c '^Relocating init' "$tmp/reset.log")" = 2 ]; then
	ok "reset-posts-again-as-on-qemu ($(tail -1 "$tmp/reset.dc"))"
else bad reset-posts-again-as-on-qemu "status $(cat "$tmp/reset.rc") vs $(cat "$tmp/qemu-reset.rc" 2>/dev/null): $(head -c 300 "$tmp/reset.dc")"; fi
wait $qpid
e820 "$tmp/qemu.log" >"$tmp/qemu.e820"
e820 "$tmp/hello.log" >"$tmp/lucid.e820"
if [ -s "$tmp/qemu.e820" ] && diff -u "$tmp/qemu.e820" "$tmp/lucid.e820" >"$tmp/e820.diff"; then
	ok "e820-map-as-on-qemu ($(head -1 "$tmp/lucid.e820"))"
else bad e820-map-as-on-qemu "$(head -c 400 "$tmp/e820.diff")"; fi
summary 42-seabios
