#!/usr/bin/env bash
# memtest86+ (Debian's package, 6.x: the ia32 image for the 32-bit Linux boot
# protocol, booted with -kernel, unpacked by make deps into $MEMTEST_DIR). One
# boot under the debugger, stopped at 13 virtual seconds; what it shows
# is read both from its serial console (console=ttyS0, a VT100 stream replayed
# onto a screen by tests/guest/ansiscreen.py) and from the VGA text screen (-screen-dump).
# Checked: the CPU's name and cache sizes from CPUID (a Pentium II: 16 KB + 16
# KB of L1, 512 KB of L2), the clock it calibrates from the TSC against the
# PIT, a clock that advances with virtual time, tests making progress without
# errors, and a second boot at another -ips whose clock follows it. A whole
# pass is in make bench (scripts/bench.d/guests.sh).
. "$(dirname "$0")/../lib.sh"
MEMTEST_DIR=${MEMTEST_DIR:-/opt/memtest86+}
MT=$MEMTEST_DIR/boot/memtest86+ia32.bin
if [ ! -f "$MT" ]; then
	bad memtest86+ "no $MT (make deps)"
	summary 43-memtest
	exit
fi

# Stop at 13 virtual seconds (at the default 100 M instructions/s) with the
# VGA text screen dumped; the serial console's log covers the whole run.
I3=1300000000
printf 'catch icount %s\ncontinue\nquit\n' $I3 >"$tmp/run.x"
timeout 300 $L -display none -m 16 -kernel "$MT" -append "console=ttyS0 nopause" \
	-serial "file:$tmp/serial" -debugcon none -x "$tmp/run.x" \
	-screen-dump "$tmp/screen" >"$tmp/dbg" 2>"$tmp/err"
status_is memtest-ran-to-the-stop $? 0
python3 tests/guest/ansiscreen.py "$tmp/serial" >"$tmp/serial.screen"
# Every state of the serial screen's "Time:" field, in order.
python3 tests/guest/ansiscreen.py "$tmp/serial" --every 200 |
	sed -nE 's/.*Time: +([0-9]+):([0-9]+):([0-9]+) .*/\1 \2 \3/p' |
	awk '{ print $1 * 3600 + $2 * 60 + $3 }' | uniq >"$tmp/times"

# field FILE REGEX: the first group of REGEX in FILE ("" if none).
field() { sed -nE "s@.*$2.*@\\1@p" "$1" | head -1; }

# Its banner and the CPU it names from CPUID leaf 1 (family 6, model 3).
expect_in "$tmp/serial.screen" banner-on-serial 'Memtest86\+ v6\.[0-9]+ +\| Pentium II *$'
expect_in "$tmp/screen" banner-on-vga 'Memtest86\+ v6\.[0-9]+ +\| Pentium II *$'

# Cache sizes from CPUID leaf 2's descriptors: 08h (16 KB code) and 0Ch (16 KB
# data) give L1 32KB, 43h gives L2 512KB, and no L3. RAM: -m 16.
for f in serial.screen screen; do
	got=$(sed -nE 's/^(L[123] Cache: +[^ ]+|Memory  : +[^ ]+).*/\1/p' "$tmp/$f" | tr -s ' ' | paste -sd,)
	want='L1 Cache: 32KB,L2 Cache: 512KB,L3 Cache: N/A,Memory : 16MB'
	if [ "$got" = "$want" ]; then ok "caches-and-memory-$f"
	else bad "caches-and-memory-$f" "'$got', expected '$want'"; fi
done

# The clock: memtest counts TSC cycles (Lucid's TSC is the instruction count)
# over 59659 PIT ticks (50 ms less 0.08 us) and shows cycles per ms / 1000,
# truncated: 100 M instructions/s shows as 99 or 100 MHz.
clk=$(field "$tmp/serial.screen" 'CLK/Temp: +([0-9]+)MHz')
if [ "$clk" = 99 ] || [ "$clk" = 100 ]; then ok clock-speed-100MHz
else bad clock-speed-100MHz "CLK '$clk' MHz, expected 99 or 100"; fi

# The run time in the "Time:" field: on the VGA at the stop it is the virtual
# time less memtest's start-up (under 2 s); on the serial console, which
# memtest refreshes every 2 s, it counts up from 0 in steps of at most 2 s.
t=$(field "$tmp/screen" 'Time: +([0-9]+:[0-9]+:[0-9]+)' | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }')
v=$((I3 / 100000000))
if [ -n "$t" ] && [ "$t" -le $v ] && [ "$t" -ge $((v - 2)) ]; then ok clock-is-virtual-time
else bad clock-is-virtual-time "Time '${t:-?}' s at $v s of virtual time, expected $((v - 2))-$v"; fi
seq=$(paste -sd' ' "$tmp/times")
if awk -v v=$v 'NR == 1 && $1 != 0 { exit 1 } NR > 1 && ($1 <= p || $1 > p + 2) { exit 1 }
	{ p = $1 } END { exit !(NR >= 2 && p >= v - 3) }' "$tmp/times"; then ok clock-counts-up-on-serial
else bad clock-counts-up-on-serial "Time on COM1: ${seq:-none}"; fi

# Testing goes on: at the end the test number is past #0, the pass has begun,
# and no errors; the VGA screen at exit agrees with the serial console on the
# fixed fields (the first 28 columns of rows 1-5).
tst=$(field "$tmp/screen" 'Test #([0-9]+) ')
pct=$(field "$tmp/screen" 'Pass +([0-9]+)%')
if [ -n "$tst" ] && [ "$tst" -ge 1 ] && [ -n "$pct" ] && [ "$pct" -ge 1 ]; then ok tests-progress
else bad tests-progress "test '#$tst', pass '$pct%' at icount $I3"; fi
expect_in "$tmp/screen" no-errors 'Pass: +0 +Errors: 0 *$'
if diff <(sed -n 2,6p "$tmp/screen" | cut -c1-28) <(sed -n 2,6p "$tmp/serial.screen" | cut -c1-28) \
	>"$tmp/cmp.diff"; then ok vga-and-serial-agree
else bad vga-and-serial-agree "$(head -c 300 "$tmp/cmp.diff")"; fi

# A second boot at 200 M instructions/s to the first screen: the TSC runs at
# the instruction rate, so memtest's clock doubles.
printf 'catch icount %s\ncontinue\nquit\n' 400000000 >"$tmp/fast.x"
timeout 120 $L -display none -m 16 -ips 200000000 -kernel "$MT" -append "console=ttyS0 nopause" \
	-serial "file:$tmp/fast.serial" -debugcon none -x "$tmp/fast.x" >/dev/null 2>"$tmp/fast.err"
python3 tests/guest/ansiscreen.py "$tmp/fast.serial" >"$tmp/fast.screen"
clk=$(field "$tmp/fast.screen" 'CLK/Temp: +([0-9]+)MHz')
if [ "$clk" = 199 ] || [ "$clk" = 200 ]; then ok clock-follows-ips
else bad clock-follows-ips "CLK '$clk' MHz at -ips 200000000, expected 199 or 200"; fi

summary 43-memtest
