#!/usr/bin/env bash
# The default image with modules, power-off and QEMU:
#   - build/images/lucid.img holds the sample modules (guest/modules/) in
#     /lib/modules/6.1.0-lucix/ with a modules.dep;
#   - a copy of the image, its own command line set to mount its root
#     (mkdisk cmdline), booted by the BIOS on Lucid: the shell on the serial
#     line runs the notes' helloworld session with modprobe, then `poweroff`
#     ends the run with status 0 (Bochs's shutdown port); e2fsck -fn finds the
#     root clean after it;
#   - the same image and the same input script on QEMU (-M isapc -cpu
#     pentium,+cmov,+pae: the default kernel needs PAE), typed by
#     tests/guest/serial_session.py, with -icount (a virtual clock that host
#     load cannot stretch): the same prompt and the same session output; QEMU has no shutdown port, so power-off ends there through
#     isa-debug-exit (status 1, the lowest that port gives) after the same
#     clean shutdown;
#   - the debugger loads a module's DWARF at its load addresses (modsyms):
#     break FILE:LINE in a module, bt, p of module variables, info locals;
#     real gdb through the stub with scripts/lucid-modsyms.py does the same;
#   - the image's wavrec records 1 s of a 660 Hz -audio-in tone through
#     /dev/dsp into a WAV file and its wavplay plays it to -audio-out, where
#     the tone comes out at 660 Hz for 1 s;
#   - with -cpu p6,nx=on lucix sets EFER.NXE and makes module data and rodata
#     NX: a module calling into its data oopses with Linux's lines; without
#     NX the same call runs.
. "$(dirname "$0")/../lib.sh"
export PATH="$PATH:/sbin:/usr/sbin"

IMG=build/images/lucid.img
for f in $L build/guest/bzImage build/guest/lucix.elf "$IMG" build/images/mkdisk build/images/modules.cpio; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-modimg; exit 1; }
done
strip_cr() { tr -d '\r' <"$1"; }
MODDIR=/lib/modules/6.1.0-lucix
KOS="chardev helloworld irqshare ticker"

echo "lucid.img: the modules"
p1_start=$(od -An -tu4 -j 454 -N 4 "$IMG" | tr -d ' ')
p1_len=$(od -An -tu4 -j 458 -N 4 "$IMG" | tr -d ' ')
dd if="$IMG" of="$tmp/p1" bs=512 skip="$p1_start" count="$p1_len" status=none
same=0
for m in $KOS; do
	debugfs -R "dump $MODDIR/$m.ko $tmp/$m.ko" "$tmp/p1" >/dev/null 2>&1
	cmp -s "$tmp/$m.ko" "build/guest/modules/$m.ko" && same=$((same + 1))
done
if [ "$same" = 4 ]; then ok "$MODDIR holds chardev, helloworld, irqshare and ticker.ko as built"; else
	bad "modules in the image" "$same of 4 match build/guest/modules"; fi
dep=$(debugfs -R "cat $MODDIR/modules.dep" "$tmp/p1" 2>/dev/null | LC_ALL=C sort | tr '\n' ' ')
if [ "$dep" = "chardev.ko: helloworld.ko: irqshare.ko: ticker.ko: " ]; then
	ok "modules.dep lists them (none depends on another)"
else
	bad "modules.dep" "'$dep'"
fi

# The session, typed on the serial line once the prompt shows; then poweroff.
cat >"$tmp/session.in" <<'SCRIPT'
when-serial /root #  => echo S1; modprobe helloworld io=0x2f8; lsmod; printf "%x\\n" $(cat /sys/module/helloworld/parameters/io); echo -n "hello world" > /sys/module/helloworld/parameters/msg; cat /sys/module/helloworld/parameters/msg; modprobe -r helloworld; lsmod; dmesg | grep -o 'helloworld: .*'; echo S2\n
when-serial \nS2\r\n => poweroff\n
SCRIPT
# What the session printed between S1 and S2, without the kernel's console lines.
session_of() { strip_cr "$1" | sed -n '/^S1$/,/^S2$/p' | grep -Ev '^\[ *[0-9]+\.[0-9]+\] '; }
CMDLINE="root=/dev/hda1 console=ttyS0 console=tty0"

echo "lucid: the image boots from disk to the shell; the helloworld session; poweroff"
cp "$IMG" "$tmp/l.img"
build/images/mkdisk cmdline "$tmp/l.img" "$CMDLINE"
LOG=$tmp/lucid.log
timeout 120 $L -display none -serial stdio -no-reboot -input-script "$tmp/session.in" \
	-hda "$tmp/l.img" </dev/null >"$LOG" 2>&1
st=$?
status_is "poweroff ends the run with status 0" "$st" 0
expect_in "$LOG" "the BIOS booted the image's kernel with its command line" "\] Kernel command line: $CMDLINE\$"
expect_in "$LOG" "the shell's prompt on ttyS0" '^/root # '
S=$(session_of "$LOG")
want_session() {	# WHAT REGEX
	if echo "$S" | grep -Eq -- "$2"; then ok "$1"; else bad "$1" "$(echo "$S" | head -12 | tr '\n' '|')"; fi
}
want_session "modprobe helloworld io=0x2f8: lsmod lists it" '^helloworld +[0-9]+ +0 *$'
want_session "the notes' printf \"%x\\n\" of parameters/io prints 2f8" '^2f8$'
want_session "echo -n \"hello world\" > parameters/msg reads back" '^hello world$'
want_session "dmesg: init with modprobe's parameter" '^helloworld: init, io=0x2f8 msg="hello"$'
want_session "modprobe -r runs exit with the new msg" '^helloworld: exit, io=0x2f8 msg="hello world"$'
if [ "$(echo "$S" | grep -c '^helloworld ')" = 1 ]; then ok "after modprobe -r lsmod no longer lists it"; else
	bad "modprobe -r" "$(echo "$S" | grep '^helloworld ' | tr '\n' '|')"; fi
expect_in "$LOG" "the kernel powered off" '\] reboot: Power down$'
dd if="$tmp/l.img" of="$tmp/l1" bs=512 skip="$p1_start" count="$p1_len" status=none
if e2fsck -fn "$tmp/l1" >"$tmp/fsck" 2>&1; then ok "e2fsck -fn: the root is clean after the session"; else
	bad "e2fsck after poweroff" "$(tail -3 "$tmp/fsck" | tr '\n' ' ')"; fi

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: the same image and the same input script"
	cp "$IMG" "$tmp/q.img"
	build/images/mkdisk cmdline "$tmp/q.img" "$CMDLINE"
	QLOG=$tmp/qemu.log
	python3 tests/guest/serial_session.py "$tmp/session.in" 120 "$QLOG" \
		qemu-system-i386 -M isapc -cpu pentium,+cmov,+pae -m 64 -icount shift=4,sleep=off \
		-rtc clock=vm -display none -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive "file=$tmp/q.img,format=raw,if=ide"
	st=$?
	status_is "qemu: poweroff ends the run through isa-debug-exit (status 1)" "$st" 1
	expect_in "$QLOG" "qemu: the same prompt" '^/root # '
	expect_in "$QLOG" "qemu: the kernel powered off" '\] reboot: Power down$'
	Q=$(session_of "$QLOG")
	if [ -n "$S" ] && [ "$S" = "$Q" ]; then ok "qemu: the session printed the same $(echo "$S" | wc -l) lines"; else
		bad "lucid = qemu" "$(diff <(echo "$S") <(echo "$Q") | head -4 | tr '\n' ' ')"; fi
	dd if="$tmp/q.img" of="$tmp/q1" bs=512 skip="$p1_start" count="$p1_len" status=none
	if e2fsck -fn "$tmp/q1" >"$tmp/qfsck" 2>&1; then ok "qemu: e2fsck -fn: the root is clean"; else
		bad "qemu: e2fsck after poweroff" "$(tail -3 "$tmp/qfsck" | tr '\n' ' ')"; fi
else
	bad "qemu" "qemu-system-i386 is not installed (make deps)"
fi

echo "lucid: module DWARF in the debugger"
# modtests (build/images/modules.cpio) insmods helloworld with io=0x300
# msg=hi-there first, and chardev later; stop in each module's init.
cat >"$tmp/dbg.cmd" <<'EOF2'
break do_init_module
c
modsyms
break helloworld.c:21
c
bt 2
p io
p msg
info line *$eip
delete
break do_init_module if mod->name[0] == 'c'
c
modsyms
break chardev.c:99
c
info locals
p major
p chardev_fops.write
quit
EOF2
D=$tmp/dbg.out
timeout 60 $L -display none -serial none -debugcon none -x "$tmp/dbg.cmd" \
	-kernel-symbols build/guest/lucix.elf -kernel build/guest/bzImage -initrd build/images/modules.cpio \
	-append console=ttyS0 >"$D" 2>&1
ko=$(realpath build/guest/modules/helloworld.ko)
expect_in "$D" "modsyms loads helloworld.ko's DWARF" "^helloworld: DWARF from $ko\$"
expect_in "$D" "... and prints gdb's add-symbol-file line with its sections" \
	"^add-symbol-file $ko( 0x[0-9a-f]{8})? -s \.init\.text 0x[0-9a-f]{8} .*-s \.data 0x[0-9a-f]{8}"
expect_in "$D" "break helloworld.c:21 stops on the line, with the source" \
	'^Breakpoint 2, helloworld_init \(\) at guest/modules/helloworld\.c:21$'
expect_in "$D" "bt: the module's frame, then the loader's" '^#1  0x[0-9a-f]{8} in do_init_module\+[0-9]+ at main\.c:[0-9]+$'
expect_in "$D" "p io: the module's variable (insmod's io=0x300)" '^\$1 = 768$'
expect_in "$D" "p msg: its string parameter" '^\$2 = 0x[0-9a-f]{8} "hi-there"$'
expect_in "$D" "info line: the module's line table at its load address" \
	'^Line 21 of "guest/modules/helloworld\.c" starts at address 0x[0-9a-f]{8} <helloworld_init>'
expect_in "$D" "a second module (chardev) stops at chardev.c:99" '^Breakpoint [0-9]+, chardev_init \(\) at guest/modules/chardev\.c:99$'
expect_in "$D" "info locals in module code" '^err = 0$'
expect_in "$D" "p major (its module_param)" '^\$[0-9]+ = 240$'
expect_in "$D" "p chardev_fops.write: a module's struct, the function's type" \
	'^\$[0-9]+ = \(ssize_t \(\*\)\(struct file \*, const char \*, size_t, loff_t \*\)\) 0x[0-9a-f]{8} <chardev_write>$'

if command -v gdb >/dev/null; then
	echo "gdb through the stub: scripts/lucid-modsyms.py"
	gdb_stub_start "$tmp/stub.log" \
		-kernel build/guest/bzImage -initrd build/images/modules.cpio -append console=ttyS0
	timeout 60 gdb -nx -batch -ex 'set confirm off' -ex 'file build/guest/lucix.elf' \
		-ex "target remote :$gdb_port" -ex 'source scripts/lucid-modsyms.py' \
		-ex 'break do_init_module' -ex continue -ex lucid-modsyms -ex 'break helloworld.c:21' \
		-ex continue -ex 'bt 2' -ex 'p io' -ex 'p msg' -ex kill >"$tmp/gdb.out" 2>&1
	gdb_stub_stop
	expect_in "$tmp/gdb.out" "gdb: lucid-modsyms adds the loaded module" '^lucid-modsyms: 1 module$'
	expect_in "$tmp/gdb.out" "gdb: break helloworld.c:21 resolves in the module" \
		'^Breakpoint 2 at 0x[0-9a-f]+: file guest/modules/helloworld\.c, line 21\.$'
	expect_in "$tmp/gdb.out" "gdb: stops there; bt shows do_init_module" '^#1  0x[0-9a-f]+ in do_init_module \(mod=.*\) at guest/kernel/module/main\.c:[0-9]+$'
	expect_in "$tmp/gdb.out" "gdb: p io, p msg" '^\$2 = 0x[0-9a-f]+ "hi-there"$'
else
	bad "gdb" "gdb is not installed"
fi

echo "lucid: module data is not executable on a CPU with NX (-cpu p6,nx=on)"
# nxdata.ko (images/initramfs/modules/) calls into its own data or rodata from its
# init; /bin/sh is pid 1 and types the insmod (rdinit=, an input script).
BB=${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox
build/images/mkcpio "$tmp/nx.cpio" /bin/busybox="$BB" "/bin/sh->busybox" \
	/nxdata.ko=build/guest/modules/nxdata.ko
nx_run() {	# LOG CPU SHELL-LINE: prints the exit status
	printf 'when-serial # => %s; /bin/busybox poweroff -f\\n\n' "$3" >"$tmp/nx.in"
	timeout 60 $L -cpu "$2" -display none -serial stdio -no-reboot -input-script "$tmp/nx.in" \
		-kernel build/guest/bzImage -initrd "$tmp/nx.cpio" \
		-append "console=ttyS0 rdinit=/bin/sh panic_exit=3" </dev/null >"$1" 2>&1
	echo $?
}
st=$(nx_run "$tmp/nx1.log" p6 "/bin/busybox insmod /nxdata.ko where=data; /bin/busybox rmmod nxdata; /bin/busybox insmod /nxdata.ko where=rodata")
status_is "without NX: poweroff -f (panic_exit= asked for the exit port: status 1)" "$st" 1
expect_in "$tmp/nx1.log" "without NX: module data executes (the P6 as it always was)" '\] nxdata: data executed, returned 42$'
expect_in "$tmp/nx1.log" "... and rodata" '\] nxdata: rodata executed, returned 43$'
for w in data rodata; do
	st=$(nx_run "$tmp/nx-$w.log" p6,nx=on "/bin/busybox insmod /nxdata.ko where=$w")
	status_is "nx=on, $w: the oops panics the kernel (panic_exit=3: status 7)" "$st" 7
	expect_in "$tmp/nx-$w.log" "nx=on, $w: lucix turned EFER.NXE on (CPUID 0x80000001 EDX bit 20)" \
		'\] NX \(Execute Disable\) protection: active$'
	expect_in "$tmp/nx-$w.log" "nx=on, $w: the module's text ran (its init printed)" "\\] nxdata: calling into $w at "
	expect_in "$tmp/nx-$w.log" "nx=on, $w: Linux's NX line" \
		'\] kernel tried to execute NX-protected page - exploit attempt\? \(uid: 0\)$'
	expect_in "$tmp/nx-$w.log" "nx=on, $w: #PF error code 0x11 (present, instruction fetch)" \
		'\] #PF: error_code\(0x0011\) - permissions violation$'
	expect_in "$tmp/nx-$w.log" "nx=on, $w: the PTE has bit 63 (XD) set" '\*pte = 8[0-9a-f]{15} $'
	if tr -d '\r' <"$tmp/nx-$w.log" | grep -q "nxdata: $w executed"; then
		bad "nx=on, $w: never executed" "$(tr -d '\r' <"$tmp/nx-$w.log" | grep 'nxdata:' | tr '\n' ' ')"
	else
		ok "nx=on, $w: never executed"
	fi
done
if $L -cpu 486,nx=on -display none 2>"$tmp/nxopt.err"; then bad "-cpu 486,nx=on" "accepted"; else
	[ "$(wc -l <"$tmp/nxopt.err")" = 1 ] && grep -q 'p6 for nx=on' "$tmp/nxopt.err" &&
		ok "-cpu 486,nx=on is refused with one line (p6 for nx=on)" ||
		bad "-cpu 486,nx=on" "$(cat "$tmp/nxopt.err")"
fi

echo "lucid: the image's wavrec and wavplay (/dev/dsp): 660 Hz recorded from -audio-in, played to -audio-out"
python3 - "$tmp/tone.wav" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1], 'wb')
w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100)
w.writeframes(b''.join(struct.pack('<hh', v, v) for v in
	(int(round(12000 * math.sin(2 * math.pi * 660 * n / 44100))) for n in range(44100 * 4))))
w.close()
EOF
cp "$IMG" "$tmp/audio.img"
cat >"$tmp/audio.in" <<'SCRIPT'
when-serial /root #  => wavrec /tmp/r.wav 1 8000 8 1; wavplay /tmp/r.wav; wavplay /nonexistent.wav; echo A$((1+1))\n
when-serial \nA2\r\n => poweroff\n
SCRIPT
timeout 120 $L -display none -serial stdio -no-reboot -input-script "$tmp/audio.in" \
	-kernel build/guest/bzImage -append "root=/dev/hda1 console=ttyS0" \
	-audio-in "$tmp/tone.wav" -audio-out "$tmp/out.wav" "$tmp/audio.img" </dev/null >"$tmp/audio.log" 2>&1
st=$?
a=$(strip_cr "$tmp/audio.log" | grep -c '^wavrec: /tmp/r.wav: 8000 Hz, 8-bit, 1 channel, 8000 frames$')
b=$(strip_cr "$tmp/audio.log" | grep -c '^wavplay: /tmp/r.wav: 8000 Hz, 8-bit, 1 channel, 8000 frames$')
c=$(strip_cr "$tmp/audio.log" | grep -c '^wavplay: /nonexistent.wav: No such file or directory$')
if [ "$st" = 0 ] && [ "$a" = 1 ] && [ "$b" = 1 ] && [ "$c" = 1 ]; then
	ok "wavrec recorded 8000 frames, wavplay played them, a missing file is one line; power-off status 0"
else
	bad "wavrec/wavplay" "status $st, lines $a $b $c: $(strip_cr "$tmp/audio.log" | grep -E '^wav' | tr '\n' ' ')"
fi
hz=$(python3 - "$tmp/out.wav" <<'EOF'
import struct, sys, wave
w = wave.open(sys.argv[1])
n = w.getnframes(); ch = w.getnchannels()
x = struct.unpack('<%dh' % (ch * n), w.readframes(n))[0::ch]
loud = [k for k in range(n) if abs(x[k]) > 200]	# the mixer's default levels attenuate it
if not loud:
	print('0 0'); sys.exit()
a, b = loud[0], loud[-1]
ups = [k for k in range(a + 1, b) if x[k - 1] < 0 <= x[k]]
print('%.1f %.3f' % ((len(ups) - 1) * w.getframerate() / (ups[-1] - ups[0]) if len(ups) > 2 else 0,
		     (b - a) / w.getframerate()))
EOF
)
if python3 -c "import sys; f, d = map(float, sys.argv[1].split()); sys.exit(0 if 653 <= f <= 667 and 0.9 <= d <= 1.1 else 1)" "$hz" 2>/dev/null; then
	ok "-audio-out holds what -audio-in gave: ${hz% *} Hz for ${hz#* } s"
else
	bad "the played recording" "'$hz' (Hz, seconds) in -audio-out, 660 Hz for 1 s wanted"
fi

summary guest-modimg
