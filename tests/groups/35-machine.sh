#!/usr/bin/env bash
# Whole-machine tests: build/lucid booting the tiny ROMs of tests/machine/,
# the command line's error handling, and (when QEMU is installed) the same
# ROMs on qemu-system-i386 -cpu 486 for comparison.
. "$(dirname "$0")/../lib.sh"
R=build/tests/machine

# run NAME EXPECTED_STATUS EXPECTED_STDOUT_SUBSTRING EXPECTED_STDERR_SUBSTRING -- lucid args
run() {
	local name=$1 want=$2 out=$3 err=$4
	shift 5
	timeout 20 "$L" -display none -serial none "$@" >"$tmp/out" 2>"$tmp/err"
	local st=$?
	if [ "$st" != "$want" ]; then
		bad "$name: exit status $st, expected $want ($(head -c 200 "$tmp/err"))"
	elif [ -n "$out" ] && ! grep -qF -- "$out" "$tmp/out"; then
		bad "$name: stdout lacks '$out': $(head -c 200 "$tmp/out")"
	elif [ -n "$err" ] && ! grep -qF -- "$err" "$tmp/err"; then
		bad "$name: stderr lacks '$err': $(head -c 200 "$tmp/err")"
	else
		ok "$name"
	fi
}

# The guest's ways of ending a run.
run hello-debugexit 33 "hello from the ROM" "" -- -bios $R/hello.rom
run timer-100-irqs 11 "100 timer interrupts" "" -- -bios $R/timer.rom
run rtc-default-year 77 "" "" -- -bios $R/cmos.rom
run rtc-base-option 99 "" "" -- -bios $R/cmos.rom -rtc base=2031-06-01T12:00:00
run halt-report 0 "halting" "halted with interrupts disabled" -- -bios $R/halt.rom
run reset-reboots 7 "" "" -- -bios $R/reset.rom
run reset-no-reboot 0 "" "port 0x92 reset with -no-reboot" -- -bios $R/reset.rom -no-reboot
run triple-fault-no-reboot 0 "" "triple fault with -no-reboot" -- -bios $R/triple.rom -no-reboot
run serial-none 33 "" "" -- -bios $R/hello.rom -serial none -debugcon none
if [ "$(cat "$tmp/out")" = "" ]; then ok "serial-none-is-silent"; else bad "serial-none-is-silent"; fi
run serial-file 33 "" "" -- -bios $R/hello.rom -serial "file:$tmp/com1.txt" -debugcon none
if grep -qF "hello from the ROM" "$tmp/com1.txt" 2>/dev/null; then ok "serial-file-content"; else bad "serial-file-content"; fi
run cpu-386 33 "" "" -- -bios $R/hello.rom -cpu 386 -m 16
# -d/-D, QEMU's diagnostic log: the items, its errors, and what each logs.
run trace-help 0 "in_asm" "" -- -d help
run trace-bad-item 2 "" "unknown log item 'bogus'" -- -d int,bogus $R/hello.rom
run trace-D-without-d 2 "" "give -d ITEM" -- -D "$tmp/never.log" -bios $R/hello.rom
[ -e "$tmp/never.log" ] && bad "trace-D-without-d created its file" || ok "trace-D-without-d-creates-nothing"
run trace-triple 0 "" "" -- -bios $R/triple.rom -no-reboot -d guest_errors,cpu_reset,in_asm -D "$tmp/triple.log"
expect_in "$tmp/triple.log" "trace: guest_errors logs the triple fault" \
	'^[0-9]+: triple fault \(vector 0x0d could not be delivered\) at f000:[0-9a-f]{8}$'
expect_in "$tmp/triple.log" "trace: the registers follow it" '^  EIP=[0-9a-f]{8} EFL=[0-9a-f]{8} CPL=0 CS=f000'
expect_in "$tmp/triple.log" "trace: cpu_reset logs the reset" '^[0-9]+: CPU reset \(triple fault\)$'
expect_in "$tmp/triple.log" "trace: in_asm starts at the reset vector" '^0: IN: 0xfffffff0 \(16-bit\)$'
expect_in "$tmp/triple.log" "trace: in_asm disassembles (Capstone)" '^0x[0-9a-f]{8}:  (jmp|ljmp) '
run trace-int 11 "" "" -- -bios $R/timer.rom -d int,unimp -D "$tmp/int.log" -debugcon none
run trace-int-again 11 "" "" -- -bios $R/timer.rom -d int,unimp -D "$tmp/int2.log" -debugcon none
expect_in "$tmp/int.log" "trace: int logs the timer's hardware interrupts" \
	'^[0-9]+: hardware interrupt 0x[0-9a-f]{2} at [0-9a-f]{4}:[0-9a-f]{8}$'
n=$(grep -c 'hardware interrupt' "$tmp/int.log")
[ "$n" -ge 100 ] && ok "trace: 100 timer interrupts, $n logged" || bad "trace: only $n interrupts logged"
cmp -s "$tmp/int.log" "$tmp/int2.log" && ok "trace: two runs give the same log" ||
	bad "trace: two runs' logs differ"

# Every -cpu name the help lists (the CPU's own table) runs; 586 and 686 among them.
models=$("$L" -h | sed -n 's/^  -cpu MODEL *//p' | tr -d '(),' | sed 's/ or / /')
case " $models " in *" 586 "*" 686 "*) ok "cpu-models-listed: $models" ;;
*) bad "cpu-models-listed: '$models'" ;; esac
for c in $models; do
	run "cpu-model-$c" 33 "hello from the ROM" "" -- -bios $R/hello.rom -cpu $c
done

# Direct kernel boot through fw_cfg, with a minimal loader ROM.
run kernel-boot 255 "setup: cmdline=console=ttyS0 lucid=1" "" -- -bios $R/kboot.rom \
	-kernel $R/fake-kernel.bin -append "console=ttyS0 lucid=1"
run kernel-none 65 "no kernel" "" -- -bios $R/kboot.rom

# Signals: the run stops cleanly, the disk is flushed.
truncate -s 1M "$tmp/disk.img"
"$L" -display none -bios $R/idle.rom "$tmp/disk.img" >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 200); do grep -q idling "$tmp/out" 2>/dev/null && break; sleep 0.1; done
kill -TERM $pid
wait $pid
st=$?
if [ $st = 0 ] && grep -q "terminating on signal 15" "$tmp/err"; then ok "sigterm-clean-exit"
else bad "sigterm-clean-exit (status $st: $(cat "$tmp/err"))"; fi

# Bad input: one line, status 2, nothing created or modified.
truncate -s 1000 "$tmp/odd.img"
head -c 1000 /dev/zero > "$tmp/small.rom"
run unknown-option 2 "" "unknown option '-frobnicate'" -- -frobnicate
run missing-argument 2 "" "needs an argument" -- -bios $R/hello.rom -m
run missing-image 2 "" "nosuch.img" -- -bios $R/hello.rom "$tmp/nosuch.img"
run odd-size-image 2 "" "512" -- -bios $R/hello.rom "$tmp/odd.img"
run bios-wrong-size 2 "" "64, 128 or 256 KiB" -- -bios "$tmp/small.rom"
run bios-missing 2 "" "cannot open BIOS image" -- -bios "$tmp/nosuch.rom"
run bad-memory-size 2 "" "-m" -- -bios $R/hello.rom -m lots
run bad-cpu 2 "" "-cpu 'z80': expected 386, 486, pentium (586) or p6 (686)" -- -bios $R/hello.rom -cpu z80
run bad-rtc 2 "" "-rtc" -- -bios $R/hello.rom -rtc base=yesterday
run bad-serial 2 "" "-serial" -- -bios $R/hello.rom -serial tcp:1234
run kernel-not-a-kernel 2 "" "HdrS" -- -bios $R/hello.rom -kernel "$tmp/odd.img"
run append-without-kernel 2 "" "need -kernel" -- -bios $R/hello.rom -append x
run two-images 2 "" "more than one disk image" -- -bios $R/hello.rom "$tmp/disk.img" "$tmp/disk.img"
run error-creates-no-files 2 "" "" -- -bios "$tmp/small.rom" -serial "file:$tmp/never.txt"
if [ ! -e "$tmp/never.txt" ]; then ok "no-output-file-on-error"; else bad "no-output-file-on-error"; fi
if [ "$(stat -c %s "$tmp/odd.img")" = 1000 ]; then ok "bad-image-untouched"; else bad "bad-image-untouched"; fi
run help 0 "usage: lucid" "" -- -h

# The same ROMs on QEMU (a 486 has no local APIC in the way of the 8259).
if command -v qemu-system-i386 >/dev/null; then
	timeout 20 qemu-system-i386 -cpu 486 -bios $R/kboot.rom -display none -serial none \
		-debugcon "file:$tmp/qk.txt" -kernel $R/fake-kernel.bin -append "console=ttyS0 lucid=1" \
		-device isa-debug-exit,iobase=0xf4,iosize=4 >/dev/null 2>&1
	st=$?
	if grep -q "cmdline=console=ttyS0 lucid=1" "$tmp/qk.txt"; then ok "qemu-agrees-kernel-boot (status $st)"
	else bad "qemu-agrees-kernel-boot (status $st: $(cat "$tmp/qk.txt"))"; fi
	# The PAE probe the guest-boot group waits on (QEMU's default CPU has PAE).
	timeout 20 qemu-system-i386 -bios $R/pae.rom -display none -serial none -debugcon null \
		-device isa-debug-exit,iobase=0xf4,iosize=4 >/dev/null 2>&1
	st=$?
	if [ $st = 85 ]; then ok "qemu-agrees-pae-probe"; else bad "qemu-agrees-pae-probe (status $st)"; fi
	for t in hello:33 timer:11 cmos:77 reset:7; do
		rom=${t%%:*}
		timeout 20 qemu-system-i386 -cpu 486 -bios $R/$rom.rom -display none -serial none \
			-debugcon null -rtc base=2026-01-01T00:00:00 \
			-device isa-debug-exit,iobase=0xf4,iosize=4 >/dev/null 2>&1
		st=$?
		if [ $st = "${t#*:}" ]; then ok "qemu-agrees-$rom"; else bad "qemu-agrees-$rom (status $st)"; fi
	done
fi

summary machine
