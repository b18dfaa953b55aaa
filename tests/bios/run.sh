#!/usr/bin/env bash
# BIOS tests: boot the images built by tests/bios/bios.mk and check what the
# test programs print on the debugcon port (0xE9) and how the machine exits.
#
# Each image runs under QEMU twice: with SeaBIOS (QEMU's own BIOS: this
# checks that the test programs and images are right) and with our
# build/bios/bios.bin; both must print exactly tests/bios/expected/*.txt.
# The Lucid-only checks (banner, "No bootable disk" and its exit status 23)
# run with our BIOS. Once build/lucid can boot a disk, every case also runs
# on Lucid itself. Prints PASS/FAIL lines and "bios: N passed, N failed".
cd "$(dirname "$0")/../.."
BT=build/tests/bios
BIOS=build/bios/bios.bin
RTC=2026-03-04T05:06:07
tmp=$(mktemp -d); [ -n "${KEEP:-}" ] && echo "keeping $tmp"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"; [ -n "${jobs_pids:-}" ] && kill $jobs_pids 2>/dev/null' EXIT
pass=0
fail=0

ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

# qemu_run NAME FIRMWARE IMG MEM [qemu args...]: start QEMU in the
# background; results land in $tmp/NAME.{serial,debugcon,rc}.
qemu_run() {
	local name=$1 fw=$2 img=$3 mem=$4
	shift 4
	local args=(-display none -no-reboot -snapshot -m "$mem"
		-serial "file:$tmp/$name.serial" -debugcon "file:$tmp/$name.debugcon"
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
		-rtc "base=$RTC,clock=vm")
	[ "$img" != - ] && args+=(-drive "file=$img,format=raw,if=ide")
	[ "$fw" = lucid ] && args+=(-bios "$BIOS")
	(timeout 30 qemu-system-i386 "${args[@]}" "$@" >"$tmp/$name.log" 2>&1
	 echo $? >"$tmp/$name.rc") &
	jobs_pids="${jobs_pids:-} $!"
}

# qemu_until NAME FIRMWARE IMG MEM TEXT [qemu args...]: like qemu_run, but
# the machine is stopped once TEXT appears on serial (or after 30 s): for
# guests that never exit, like the project's kernel.
qemu_until() {
	local name=$1 text=$5
	qemu_run "$1" "$2" "$3" "$4" "${@:6}"
	local qpid=$!
	(for _ in $(seq 300); do
		grep -qF -- "$text" "$tmp/$name.serial" 2>/dev/null && break
		sleep 0.1
	 done
	 pkill -TERM -P "$qpid" 2>/dev/null) &
	jobs_pids="$jobs_pids $!"
}

# qemu_kbd NAME FIRMWARE PORT KEY...: the key tests type into QEMU's
# monitor (sendkey) once the program says "ready".
qemu_kbd() {
	local name=$1 fw=$2 port=$3
	shift 3
	qemu_run "$name" "$fw" $BT/kbd.img 32 -monitor "tcp:127.0.0.1:$port,server,nowait"
	(for _ in $(seq 200); do
		grep -q ready "$tmp/$name.debugcon" 2>/dev/null && break
		sleep 0.05
	 done
	 exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
	 for k in "$@"; do
		printf 'sendkey %s\n' "$k" >&3
		sleep 0.3
	 done
	 exec 3>&-) &
	jobs_pids="$jobs_pids $!"
}

# expect NAME EXPECTED-FILE STATUS: debugcon output and exit status.
expect() {
	local name=$1 want=$2 status=$3
	local rc
	rc=$(cat "$tmp/$name.rc" 2>/dev/null || echo none)
	if [ "$rc" != "$status" ]; then
		bad "$name" "exit status $rc, expected $status"
	elif ! diff -u "$want" "$tmp/$name.debugcon" >"$tmp/$name.diff" 2>&1; then
		bad "$name" "output differs from $want:"
		sed 's/^/    /' "$tmp/$name.diff" | head -20
	else
		ok "$name"
	fi
}

# expect_serial NAME STATUS TEXT...: exit status (or "any"), and each TEXT
# on serial.
expect_serial() {
	local name=$1 status=$2
	shift 2
	local rc t
	rc=$(cat "$tmp/$name.rc" 2>/dev/null || echo none)
	if [ "$status" != any ] && [ "$rc" != "$status" ]; then
		bad "$name" "exit status $rc, expected $status"
		return
	fi
	for t in "$@"; do
		if ! grep -qF -- "$t" "$tmp/$name.serial"; then
			bad "$name" "serial output lacks '$t'"
			sed 's/^/    /' "$tmp/$name.serial" | tail -5
			return
		fi
	done
	ok "$name"
}

# lucid_run NAME IMG MEM [lucid_boot args...]: boot on Lucid (in the
# background, like qemu_run).
LUCID_BOOT=$BT/lucid_boot
lucid_run() {
	local name=$1 img=$2 mem=$3
	shift 3
	(timeout 120 $LUCID_BOOT -m "$mem" -rtc "$RTC" -serial "$tmp/$name.serial" \
		-screen "$tmp/$name.screen" -limit 1000000000 "$@" "$img" \
		>"$tmp/$name.debugcon" 2>"$tmp/$name.log"
	 echo $? >"$tmp/$name.rc") &
	jobs_pids="${jobs_pids:-} $!"
}

command -v qemu-system-i386 >/dev/null || { echo "bios: 0 passed, 1 failed (no qemu-system-i386)"; exit 1; }

port=$((20000 + $$ % 20000))
for fw in seabios lucid; do
	for t in hello disk video rtc sys mbr-chain; do
		qemu_run "$t-$fw" $fw $BT/$t.img 32
	done
	for m in 8 32 128; do
		qemu_run "e820-$m-$fw" $fw $BT/e820.img $m
	done
	# direct kernel boot: syslinux's memdisk is a Linux boot-protocol
	# kernel; given hello.img as its initrd it boots that as disk 80h
	if [ -f /usr/lib/syslinux/memdisk ]; then
		qemu_run "kernel-$fw" $fw - 32 -kernel /usr/lib/syslinux/memdisk \
			-initrd $BT/hello.img -append harddisk
	fi
	# a second disk, the primary slave: INT 13h drive 81h
	qemu_run "disk2-$fw" $fw $BT/disk2.img 32 \
		-drive "file=$BT/disk2b.img,format=raw,if=ide,index=1"
	# the same second disk as the secondary channel's slave (0x170, IRQ15)
	qemu_run "disk2d-$fw" $fw $BT/disk2.img 32 \
		-drive "file=$BT/disk2b.img,format=raw,if=ide,index=3"
	qemu_kbd "kbd-$fw" $fw $port a shift-b
	# Ctrl+Alt+Del resets the machine (-no-reboot: QEMU then exits 0)
	qemu_kbd "cad-$fw" $fw $((port + 1)) ctrl-alt-delete
	port=$((port + 2))
done
# The project's own kernel, from its disk image (lucid MBR, EDD reads,
# setup, E820) and through -kernel; the kernel prints our E820 map the way
# Linux does, which is where the check looks.
E820_LINE="BIOS-e820: [mem 0x0000000000100000-0x0000000003ffffff] usable"
have_kernel=
if [ -f build/images/lucid.img ] && [ -f build/guest/bzImage ]; then
	have_kernel=1
	qemu_until lucix-disk lucid build/images/lucid.img 64 "$E820_LINE"
	qemu_until lucix-kernel lucid - 64 "$E820_LINE" -kernel build/guest/bzImage \
		-append console=ttyS0
fi

have_lucid=
if [ -x "$LUCID_BOOT" ]; then
	have_lucid=1
	for t in hello disk video rtc sys mbr-chain; do
		lucid_run "$t-on-lucid" $BT/$t.img 32
	done
	lucid_run disk2-on-lucid $BT/disk2.img 32 -hdb $BT/disk2b.img
	lucid_run disk2d-on-lucid $BT/disk2.img 32 -hdd $BT/disk2b.img
	for m in 8 32 128; do
		lucid_run "e820-$m-on-lucid" $BT/e820.img $m
	done
	lucid_run kbd-on-lucid $BT/kbd.img 32 -keys aB
	lucid_run cad-on-lucid $BT/kbd.img 32 -keys ^
	# a 256 KiB ROM with a video option ROM (tests/bios/optrom.S) at
	# 0xC0000 in front of our BIOS
	lucid_run optrom-on-lucid $BT/tty.img 32 -bios $BT/rom256.bin
	# QEMU clears CMOS 0Fh on every reset, so the shutdown-byte resume
	# can only be checked here
	lucid_run resume-on-lucid $BT/resume.img 32 -reboot
	if [ -f /usr/lib/syslinux/memdisk ]; then
		lucid_run kernel-on-lucid - 32 -kernel /usr/lib/syslinux/memdisk \
			-initrd $BT/hello.img -append harddisk
	fi
	lucid_run com1-on-lucid $BT/com1.img 32
	lucid_run banner-on-lucid $BT/hello.img 128
	lucid_run empty-on-lucid $BT/empty.img 32
	lucid_run nosig-on-lucid $BT/nosig.img 32
	lucid_run nodisk-on-lucid - 32
	lucid_run tiny-on-lucid $BT/tiny.img 32
	if [ -n "$have_kernel" ]; then
		lucid_run lucix-disk-on-lucid build/images/lucid.img 64 -limit 100000000
		lucid_run lucix-kernel-on-lucid - 64 -limit 100000000 \
			-kernel build/guest/bzImage -append console=ttyS0
	fi
fi
qemu_run com1 lucid $BT/com1.img 32
qemu_run banner lucid $BT/hello.img 128
qemu_run empty lucid $BT/empty.img 32
qemu_run nosig lucid $BT/nosig.img 32
qemu_run tiny lucid $BT/tiny.img 32
qemu_run nodisk lucid - 32
wait

for fw in seabios lucid; do
	for t in hello disk video rtc sys mbr-chain kbd; do
		expect "$t-$fw" tests/bios/expected/$t.txt 1
	done
	# SeaBIOS's 08h keeps the last cylinder back (a diagnostic cylinder,
	# as many BIOSes do); the rest is the same
	sed "$([ $fw = seabios ] && echo 's|chs=16/|chs=15/|; s|chs=32/|chs=31/|')" \
		tests/bios/expected/disk2.txt >"$tmp/disk2-$fw.want"
	expect "disk2-$fw" "$tmp/disk2-$fw.want" 1
	expect "disk2d-$fw" "$tmp/disk2-$fw.want" 1
	for m in 8 32 128; do
		# 88h reports at most 63 MiB above 1 MiB
		printf 'e820: sorted=1 low_ram=1 rom_reserved=1 usable_top=%sMiB\ne801: top=%sMiB\n88h: top=%sMiB\nint12: base=639KiB\n' \
			$m $m $((m > 64 ? 64 : m)) >"$tmp/e820-$m.want"
		expect "e820-$m-$fw" "$tmp/e820-$m.want" 1
	done
	if [ -f /usr/lib/syslinux/memdisk ]; then
		expect "kernel-$fw" tests/bios/expected/hello.txt 1
	fi
	printf 'ready\n' >"$tmp/ready.want"
	expect "cad-$fw" "$tmp/ready.want" 0
done
expect_serial banner 1 "Lucid BIOS" \
	"Memory: 639 KiB base, 130048 KiB extended, 128 MiB total" \
	"Boot disk: ATA master, 16384 sectors (8 MiB)"
# INT 10h teletype is mirrored to COM1
cp "$tmp/video-lucid.serial" "$tmp/video-mirror.serial"
cp "$tmp/video-lucid.rc" "$tmp/video-mirror.rc"
expect_serial video-mirror 1 "VGA TEST LINE"
if [ -n "$have_kernel" ]; then
	# stopped by qemu_until: the exit status is QEMU's SIGTERM one
	expect_serial lucix-disk any "$E820_LINE"
	expect_serial lucix-kernel any "$E820_LINE"
fi
# The mirror stops once the program has reprogrammed COM1 (tests/bios/com1.S):
# under QEMU with our BIOS, and on Lucid
for n in com1 com1-on-lucid; do
	rc=$(cat "$tmp/$n.rc" 2>/dev/null)
	if [ "$rc" = 1 ] && grep -q '^mirrored-one' "$tmp/$n.serial" &&
	   grep -q 'direct-three' "$tmp/$n.serial" && ! grep -q 'mirrored-two' "$tmp/$n.serial"; then
		ok "$n-mirror-stops-when-the-os-takes-com1"
	else
		bad "$n-mirror-stops-when-the-os-takes-com1" "exit status $rc; serial: $(tr -d '\r' <"$tmp/$n.serial" | tail -3 | tr '\n' ' ')"
	fi
done
expect_serial empty 23 "No bootable disk: sector 0 has no 55AA boot signature"
expect_serial nosig 23 "No bootable disk: sector 0 has no 55AA boot signature"
expect_serial tiny 23 "No bootable disk:"
expect_serial nodisk 23 "No bootable disk: no disk"

if [ -n "$have_lucid" ]; then
	for t in hello disk video rtc sys mbr-chain kbd resume disk2; do
		expect "$t-on-lucid" tests/bios/expected/$t.txt 1
	done
	expect disk2d-on-lucid tests/bios/expected/disk2.txt 1
	for m in 8 32 128; do
		expect "e820-$m-on-lucid" "$tmp/e820-$m.want" 1
	done
	# the option ROM was found and called, its INT 10h got the teletype
	# calls (it shows them as <c> on debugcon), and ours still mirrored
	# them to COM1
	rc=$(cat "$tmp/optrom-on-lucid.rc" 2>/dev/null)
	if [ "$rc" = 1 ] && grep -q "optrom: initialised" "$tmp/optrom-on-lucid.debugcon" &&
	   grep -qF "<h><i>" "$tmp/optrom-on-lucid.debugcon" &&
	   grep -qx "hi" "$tmp/optrom-on-lucid.serial"; then
		ok optrom-on-lucid
	else
		bad optrom-on-lucid "exit status $rc; option ROM init, its INT 10h or the COM1 mirror missing"
	fi
	# the reset stops lucid_boot (status 125: it runs with no_reboot)
	expect cad-on-lucid "$tmp/ready.want" 125
	if [ -f /usr/lib/syslinux/memdisk ]; then
		expect kernel-on-lucid tests/bios/expected/hello.txt 1
	fi
	# teletype output is in video memory: Lucid's text screen shows it
	if head -n 1 "$tmp/video-on-lucid.screen" 2>/dev/null | grep -q "^VGA TEST LINE"; then
		ok video-screen-on-lucid
	else
		bad video-screen-on-lucid "row 0 of the text screen is not 'VGA TEST LINE'"
		head -n 3 "$tmp/video-on-lucid.screen" 2>/dev/null | sed 's/^/    /'
	fi
	expect_serial banner-on-lucid 1 "Lucid BIOS" \
		"Memory: 639 KiB base, 130048 KiB extended, 128 MiB total" \
		"Boot disk: ATA master, 16384 sectors (8 MiB)"
	expect_serial empty-on-lucid 23 "No bootable disk: sector 0 has no 55AA boot signature"
	expect_serial nosig-on-lucid 23 "No bootable disk: sector 0 has no 55AA boot signature"
	expect_serial nodisk-on-lucid 23 "No bootable disk: no disk"
	if [ -n "$have_kernel" ]; then
		# Only the BIOS's part: the project's MBR ran (and read the
		# kernel with EDD), and -kernel reached the setup code, which
		# prints "Decompressing lucix". The kernel's own boot on Lucid
		# is the kernel's tests' business.
		expect_serial lucix-disk-on-lucid any "lucid MBR: ok"
		expect_serial lucix-kernel-on-lucid any "Decompressing lucix"
	fi
	# a disk smaller than a sector never reaches the BIOS: Lucid refuses it
	rc=$(cat "$tmp/tiny-on-lucid.rc" 2>/dev/null)
	if [ "$rc" = 2 ] && [ -s "$tmp/tiny-on-lucid.log" ]; then
		ok tiny-on-lucid
	else
		bad tiny-on-lucid "exit status $rc, expected 2 with a message"
	fi
else
	echo "SKIP on-lucid checks: $LUCID_BOOT is not built (the machine has not landed yet)"
fi

echo "bios: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
