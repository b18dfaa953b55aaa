#!/usr/bin/env bash
# Guest virtual consoles: lucix's VT layer beyond group 80's basics.
# 1. images/initramfs/vttests.c as init (build/images/vt.cpio, console on the
#    serial line): escape sequences read back from VGA memory, scrollback,
#    blanking, the KD/VT ioctls, key maps, hangup and busybox's console
#    applets (its own PASS/FAIL lines, all counted here).
# 2. A busybox sh on tty1 typed on through the emulated keyboard:
#    Shift-PageUp/PageDown scroll back and forth (the screen read by
#    `vttests d` from a background job), consoleblank=2 blanks the idle screen
#    and a key press turns it on, a key map changed with KDSKBENT changes
#    what the keys type, and medium-raw and raw keyboard modes deliver key
#    codes and set 1 scan codes.
# 3. The SDL window under Xvfb: xdotool types a command into the window
#    (tests/guest/window-type.sh); its output on the serial line, its echo
#    on the screen, and the window's pixels (xwd) against Lucid's own
#    screenshot taken at the same moment (Ctrl-Alt-S in the window).
. "$(dirname "$0")/../lib.sh"

RD=build/images/vt.cpio
[ -n "${KEEP:-}" ] && echo "scratch: $tmp"
for f in "$L" build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-vt; exit 1; }
done

echo "vttests as init (escape sequences, scrollback, blanking, KD/VT ioctls, hangup, applets)"
T=$tmp/vttests.log
timeout 120 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0 panic_exit=3 quiet consoleblank=2" </dev/null >"$T" 2>&1
st=$?
status_is "vttests powers off" "$st" 1
while read -r line; do
	case $line in
	PASS\ *) ok "${line#PASS }" ;;
	FAIL\ *) bad "${line#FAIL }" ;;
	esac
done < <(tr -d '\r' <"$T" | grep -E '^(PASS|FAIL) ')
p=$(tr -d '\r' <"$T" | grep -c '^PASS ')
expect_in "$T" "vttests' summary agrees (and at least 130 checks ran)" "^vttests: $p passed, 0 failed$"
[ "$p" -ge 130 ] || bad "vttests ran too few checks" "$p"

echo "the keyboard session on tty1"
K=$tmp/kbd.in
cat >"$K" <<'SCRIPT'
at 400000000 keys for i in $(busybox seq 10 69); do echo L$i; done\n
at 600000000 keys (busybox sleep 3; /bin/vttests d s1; busybox sleep 2; /bin/vttests d s2) >/dev/ttyS0 &\n
at 900000000 key 42+104
at 1150000000 key 42+109
at 1400000000 keys /bin/vttests x 16 30\n
at 1500000000 keys echo qa\n
at 1600000000 keys /bin/vttests x 16 30\n
at 1700000000 keys echo qa\n
at 1800000000 keys /bin/vttests r 2 2\n
at 1900000000 key 30
at 2000000000 keys /bin/vttests r 0 4\n
at 2100000000 key 104
at 2200000000 keys (busybox sleep 3; /bin/vttests d b1; busybox sleep 2; /bin/vttests d b2) >/dev/ttyS0 &\n
at 2740000000 key 42
at 3200000000 keys exit\n
SCRIPT
T=$tmp/kbd.log
timeout 120 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0 console=tty0 init=/bin/ttyinit panic_exit=3 quiet consoleblank=2" \
	-input-script "$K" -screen-dump "$tmp/kbd.txt" </dev/null >"$T" 2>&1
status_is "powered off after exit" $? 1
D=$tmp/kbd.txt
# Scrollback: s1 was taken while scrolled back half a screen (12 lines), s2 after PageDown.
top1=$(tr -d '\r' <"$T" | sed -n 's/^s1 row 00: L\([0-9][0-9]\)$/\1/p')
top2=$(tr -d '\r' <"$T" | sed -n 's/^s2 row 00: L\([0-9][0-9]\)$/\1/p')
row12=$(tr -d '\r' <"$T" | sed -n 's/^s1 row 12: L\([0-9][0-9]\)$/\1/p')
if [ -n "$top1" ] && [ -n "$top2" ] && [ $((10#$top2 - 10#$top1)) -eq 12 ] && [ "$row12" = "$top2" ]; then
	ok "Shift-PageUp shows 12 lines of history (L$top1 on top), Shift-PageDown the live screen (L$top2)"
else
	bad "scrollback" "s1 top '$top1', row 12 '$row12', s2 top '$top2'"
fi
expect_in "$D" "a key map with q and a exchanged: 'echo qa' typed as 'echo aq'" '^lucix# echo aq$'
expect_in "$D" "... and its output" '^aq$'
expect_in "$D" "the map restored: 'echo qa' again" '^lucix# echo qa$'
expect_in "$D" "medium-raw mode: key code 30 down and up (1e 9e)" '^mode 2: 1e 9e$'
expect_in "$D" "raw mode: PageUp's set 1 codes (e0 49 e0 c9)" '^mode 0: e0 49 e0 c9$'
expect_in "$T" "consoleblank=2: blanked after two seconds of quiet (SR01 bit 5 set)" '^b1 blanked 1 sr1 2.$'
expect_in "$T" "a key press turns the screen on again" '^b2 blanked 0 sr1 0.$'
expect_in "$D" "init's last words on the VT" '^ttyinit: shell exited, status 0$'

echo "the SDL window under Xvfb, typed on with xdotool"
if ! command -v xvfb-run >/dev/null || ! command -v xdotool >/dev/null || ! command -v xwd >/dev/null; then
	bad "xvfb-run, xdotool and xwd are needed (make deps)"
else
	W=$tmp/win
	mkdir -p "$W"
	timeout 120 xvfb-run -a tests/guest/window-type.sh "$L" build/guest/bzImage "$RD" "$W" >/dev/null 2>&1
	status_is "typed 'exit' in the window: powered off" "$(cat "$W/status" 2>/dev/null)" 0
	expect_in "$W/ser" "the keys reached the shell: its command wrote to ttyS0" '^typed in the window 42$'
	expect_in "$W/screen.txt" "... its printf's output on tty1" '^WIN$'
	expect_in "$W/screen.txt" "... and 'exit' echoed on tty1" '^lucix# exit$'
	got=$(python3 tests/guest/imgcmp.py "$W/win.xwd" "$W/shot.png" 2>&1)
	# The window may differ from the screenshot only in one cell: the cursor's blink phase.
	if [ "$got" = "720x400 0" ] ||
		{ [ "$(echo "$got" | head -1 | cut -d' ' -f1)" = 720x400 ] &&
		  echo "$got" | awk '/^box/ { exit !(int($2 / 9) == int($4 / 9) && int($3 / 16) == int($5 / 16)) }'; }; then
		ok "the window's pixels (xwd) are the screenshot's (Ctrl-Alt-S): $(echo "$got" | tr '\n' ' ')"
	else
		bad "window pixels against the screenshot" "$(echo "$got" | tr '\n' ' ')"
	fi
	if python3 - "$W/shot.png" <<'PY'
import sys
sys.path.insert(0, 'tests/guest')
import imgcmp
w, h, rows = imgcmp.read_png(sys.argv[1])
# "WIN" in SGR 1;33 on the top row after clear: bright yellow (VGA 0x0E) glyph pixels
cols = set(bytes(rows[y][x * 3:x * 3 + 3]) for y in range(16) for x in range(27))
sys.exit(0 if cols == {b'\0\0\0', b'\xff\xff\x55'} else 1)
PY
	then
		ok "SGR 1;33 typed in the window: WIN in bright yellow on the screenshot"
	else
		bad "SGR 1;33 typed in the window" "the top-left cells are not bright yellow on black"
	fi
fi

for T in $tmp/vttests.log $tmp/kbd.log; do
	if tr -d '\r' <"$T" | grep -Eq 'Oops|BUG:|Kernel panic|WARNING:'; then
		bad "no oops" "$(tr -d '\r' <"$T" | grep -E 'Oops|BUG:|Kernel panic|WARNING:' | head -2 | tr '\n' ' ')"
	else
		ok "no oops, BUG, WARNING or panic ($(basename "$T"))"
	fi
done
summary guest-vt
