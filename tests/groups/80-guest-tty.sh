#!/usr/bin/env bash
# Guest terminals: lucix's tty layer driven from outside, as a user would.
# /bin/ttyinit (images/initramfs/ttyinit.c) runs Debian's busybox sh on
# /dev/console with job control; the emulator's input script types a session
# on the serial line (each step waits for the output of the one before), and
# the transcript is checked: prompt, echo, command output, ^C ending the
# foreground job (exit status 130), ^Z stopping `cat` and `fg` continuing it,
# a background read stopped by SIGTTIN, stty's view of the termios, the
# canonical-mode line editor (erase, word erase, kill) and power-off after
# `exit`. Then the C suite images/initramfs/ttytests.c (termios, VMIN/VTIME,
# poll/select, signal characters, SIGWINCH, job control, session rules); then
# the VGA console typed on through the PS/2 keyboard, and Alt-F2.
. "$(dirname "$0")/../lib.sh"

RD=build/images/initramfs.cpio
for f in "$L" build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-tty; exit 1; }
done

boot_tty() {	# SCRIPT LOG APPEND: run headless with the input script; prints the exit status
	timeout 60 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage \
		-initrd "$RD" -append "$3" -input-script "$1" </dev/null >"$2" 2>&1
	echo $?
}

echo "serial line: an interactive busybox sh session"
S=$tmp/session.in
cat >"$S" <<'SCRIPT'
# Prompts are matched in order; other patterns are unique in the transcript.
# Input for a program is typed only after the program's line printed a marker
# (echo C1; ...): ash turns echo back on after it read the command line, and
# characters that arrive before that are not echoed, on Linux too. A line
# for head waits for head's copy of the one before.
when-serial lucix#  => echo hello $((6*7))\n
when-serial lucix#  => busybox sh -c 'echo sleep$((1+1)); exec busybox sleep 100'\n
when-serial sleep2\r\n => \x03
when-serial lucix#  => echo st$((4)) $?\n
when-serial lucix#  => echo C1; busybox cat\n
when-serial C1\r\n => abc\n
when-serial abc\r\nabc\r\n => \x1a
when-serial lucix#  => jobs\n
when-serial lucix#  => fg\n
when-serial fg\r\nbusybox cat\r\n => def\n
when-serial def\r\ndef\r\n => \x04
when-serial lucix#  => echo st$((5)) $?\n
when-serial lucix#  => busybox cat &\n
when-serial lucix#  => busybox sleep 1; jobs\n
when-serial lucix#  => kill -9 %1; busybox sleep 1\n
when-serial lucix#  => busybox stty size; busybox stty -a | busybox head -1\n
when-serial lucix#  => echo H3; busybox head -n 3\n
when-serial H3\r\n => wxyz\x7f\x7fab\n
when-serial wxab\r\n => one two\x17three\n
when-serial one three\r\n => zzz\x15killed\n
when-serial lucix#  => exit 7\n
SCRIPT
T=$tmp/session.log
st=$(boot_tty "$S" "$T" "console=ttyS0 init=/bin/ttyinit panic_exit=3 quiet")
status_is "ttyinit powers off after the shell exits" "$st" 1
expect_in "$T" "busybox sh is interactive on /dev/console" "^BusyBox v1\.[0-9.]+ .*built-in shell \(ash\)$"
expect_in "$T" "no 'job control turned off' (the console is the controlling tty)" "^lucix# "
if tr -d '\r' <"$T" | grep -q "job control turned off"; then bad "job control on" "$(tr -d '\r' <"$T" | grep 'job control')"; else ok "job control is on"; fi
expect_in "$T" "typed command echoed" "^lucix# (.\[6n)?echo hello \\$\(\(6\*7\)\)$"
expect_in "$T" "command output" "^hello 42$"
expect_in "$T" "^C echoed as ^C" "^\^C$"
expect_in "$T" "^C killed the foreground job: status 130" "^st4 130$"
expect_in "$T" "cat echoes a typed line (tty echo, then cat's copy)" "^abc$"
expect_in "$T" "^Z stops the foreground job" "^\^Z\[1\]\+ +Stopped +busybox cat$"
expect_in "$T" "jobs lists it stopped" "^\[1\]\+ +Stopped +busybox cat$"
expect_in "$T" "fg continues it in the foreground" "^def$"
expect_in "$T" "^D ends cat's input: status 0" "^st5 0$"
expect_in "$T" "a background read stops the job (SIGTTIN)" "^\[1\]\+ +Stopped \(tty input\) +busybox cat$"
expect_in "$T" "TIOCGWINSZ: stty size" "^25 80$"
expect_in "$T" "TCGETS: stty -a (speed from the ttyS0 termios)" "^speed 115200 baud; rows 25; columns 80; line = 0;$"
# The canonical-mode editor of n_tty (head reads lines; the shell's own editor is not used).
expect_in "$T" "erase (DEL) removes characters: head reads 'wxab'" "^wxab$"
expect_in "$T" "... echoed as backspace-space-backspace (ECHOE)" $'^wxyz\b \b\b \bab$'
expect_in "$T" "werase (^W) removes a word: 'one three'" "^one three$"
expect_in "$T" "kill (^U) removes the line: 'killed'" "^killed$"
expect_in "$T" "... echoed by erasing it (ECHOKE)" $'^zzz\b \b\b \b\b \bkilled$'
expect_in "$T" "exit status back in init" "^ttyinit: shell exited, status 7$"

echo "the terminal suite (images/initramfs/ttytests.c) as init on the serial console"
T=$tmp/ttytests.log
timeout 120 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0 init=/bin/ttytests panic_exit=3 quiet" </dev/null >"$T" 2>&1
st=$?
p=$(tr -d '\r' <"$T" | grep -c '^PASS ')
f=$(tr -d '\r' <"$T" | grep -c '^FAIL ')
sum=$(tr -d '\r' <"$T" | grep -E '^ttytests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 85 ] && [ "$sum" = "ttytests: $p passed, 0 failed" ]; then
	ok "ttytests: $p terminal checks passed, powered off"
else
	bad "ttytests" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$T" | grep -E '^FAIL' | head -3 | tr '\n' ' ')"
fi

echo "VGA console: typing on the emulated PS/2 keyboard"
# The same shell on tty1 (console=tty0 last: /dev/console is the VT in front);
# keys typed by the input script at fixed instruction counts (the shell waits idle).
K=$tmp/kbd.in
cat >"$K" <<'SCRIPT'
at 400000000 keys echo hi $((6*7))\n
at 450000000 keys printf '\\033[1;31mRED\\033[0m \\033[44;33mYB\\033[0m\\n'\n
at 500000000 keys busybox sleep 100\n
at 550000000 keys \x03
at 560000000 keys echo st$((3)) $?\n
at 600000000 keys echo\x20
at 605000000 key 58
at 610000000 keys lower
at 650000000 key 58
at 655000000 keys \n
at 660000000 keys busybox stty size\n
at 700000000 keys exit\n
SCRIPT
T=$tmp/kbd.log
timeout 60 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0 console=tty0 init=/bin/ttyinit panic_exit=3 quiet" -input-script "$K" \
	-screen-dump "$tmp/kbd.txt" -screenshot "$tmp/kbd.png" </dev/null >"$T" 2>&1
status_is "powered off after exit" $? 1
D=$tmp/kbd.txt
expect_in "$D" "keys echoed on the VGA text screen" '^lucix# echo hi \$\(\(6\*7\)\)$'
expect_in "$D" "command output on the screen" '^hi 42$'
expect_in "$D" "^C from the keyboard ends the job: 130" '^st3 130$'
expect_in "$D" "Caps Lock: typed in capitals" '^lucix# echo LOWER$'
expect_in "$D" "... whose output says so" '^LOWER$'
expect_in "$D" "the VT's window size: 25 80" '^25 80$'
expect_in "$D" "init's last words on the VT" '^ttyinit: shell exited, status 0$'
if [ -f "$tmp/kbd.png" ] && grep -q '^RED YB$' "$D"; then
	# The cells' colours in the screenshot (720x400, 9x16 cells): SGR 1;31 is VGA
	# attribute 0x0C (bright red on black), SGR 44;33 is 0x16 (brown on blue).
	row=$(grep -n '^RED YB$' "$D" | head -1 | cut -d: -f1)
	got=$(python3 - "$tmp/kbd.png" "$((row - 1))" <<'PY'
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
row = int(sys.argv[2])
pos, idat, w, h = 8, b'', 0, 0
while pos < len(data):
    n, t = struct.unpack('>I4s', data[pos:pos + 8])
    if t == b'IHDR':
        w, h = struct.unpack('>II', data[pos + 8:pos + 16])
    elif t == b'IDAT':
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
stride, rows, prev = w * 3, [], bytearray(w * 3)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 3] if i >= 3 else 0
        b = prev[i]
        c = prev[i - 3] if i >= 3 else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def cell(col):
    s = set()
    for y in range(row * 16, row * 16 + 16):
        for x in range(col * 9, col * 9 + 9):
            s.add('%02x%02x%02x' % tuple(rows[y][x * 3:x * 3 + 3]))
    return ','.join(sorted(s))
print(cell(0), cell(4), cell(3))
PY
)
	if [ "$got" = "000000,ff5555 0000aa,aa5500 000000" ]; then
		ok "SGR colours land as VGA attributes (0x0C bright red, 0x16 brown on blue, reset to 0x07)"
	else
		bad "SGR colours" "cell colours '$got', expected '000000,ff5555 0000aa,aa5500 000000'"
	fi
else
	bad "SGR colours" "no screenshot or no 'RED YB' line on the screen"
fi

echo "virtual consoles: Alt-F2"
K=$tmp/vc.in
cat >"$K" <<'SCRIPT'
at 400000000 keys echo on tty$((0+1))\n
at 420000000 key 58
at 430000000 key 58
at 450000000 keys busybox setsid -c busybox sh -i </dev/tty2 >/dev/tty2 2>/dev/tty2 &\n
at 550000000 key 56+60
at 600000000 keys echo on tty$((1+1))\n
at 650000000 keys busybox poweroff -f\n
SCRIPT
timeout 60 "$L" -display none -serial stdio -no-reboot -kernel build/guest/bzImage -initrd "$RD" \
	-append "console=ttyS0 console=tty0 init=/bin/ttyinit panic_exit=3 loglevel=8" -input-script "$K" \
	-screen-dump "$tmp/vc.txt" </dev/null >"$tmp/vc.log" 2>&1
status_is "powered off from tty2" $? 1
D=$tmp/vc.txt
expect_in "$D" "tty2 in front after Alt-F2: its shell's output" '^on tty2$'
expect_in "$tmp/vc.log" "the keyboard is an input device" '\] input: AT Translated Set 2 keyboard as isa0060/serio0/input0$'
# The LED commands to the keyboard (the emulator's own LED state is only visible to the
# debugger, whose run loop does not feed the input script).
expect_in "$tmp/vc.log" "Caps Lock on: the keyboard is told to light its LED" '\] atkbd: LEDs 4 \(ED 04\)$'
expect_in "$tmp/vc.log" "Caps Lock off: and to put it out" '\] atkbd: LEDs 0 \(ED 00\)$'
if grep -q '^on tty1$' "$D"; then bad "tty1's screen is hidden" "'on tty1' is on the screen"; else ok "tty1's screen is hidden"; fi

echo "-serial stdio on a host terminal (a pty): raw mode, Ctrl-C to the guest, Ctrl-A x"
got=$(timeout 120 python3 - "$L" "$RD" <<'PY' 2>&1
import os, pty, sys, time, select, termios
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], ["lucid", "-display", "none", "-serial", "stdio", "-no-reboot",
             "-kernel", "build/guest/bzImage", "-initrd", sys.argv[2],
             "-append", "console=ttyS0 init=/bin/ttyinit quiet"])
out = b""
def wait_for(pat, t=60):
    global out
    end = time.time() + t
    while time.time() < end and pat not in out:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                d = os.read(fd, 4096)
            except OSError:
                break
            if not d:
                break
            out += d
    return pat in out
res = []
res.append("prompt" if wait_for(b"lucix# ") else "no-prompt")
lf = termios.tcgetattr(fd)[3]
res.append("raw" if not (lf & (termios.ECHO | termios.ICANON | termios.ISIG)) else "cooked")
# A busy loop (an idle guest's sleep would end at once: idle time is skipped).
os.write(fd, b"while :; do :; done\r")
wait_for(b"done\r")
time.sleep(2)	# ash has put the terminal back (ISIG on) and runs the loop
os.write(fd, b"\x03")
ok = wait_for(b"^C", 60)
end = time.time() + 60
while ok and b"lucix# " not in out.split(b"^C")[-1] and time.time() < end:
    wait_for(b"\x00never", 0.5)	# keep reading
res.append("ctrl-c" if ok and b"lucix# " in out.split(b"^C")[-1] else "no-ctrl-c")
os.write(fd, b"\x01x")
wait_for(b"Ctrl-A x: quitting", 20)
_, st = os.waitpid(pid, 0)
res.append("exit%d" % os.WEXITSTATUS(st))
lf = termios.tcgetattr(fd)[3]
res.append("restored" if (lf & termios.ECHO) and (lf & termios.ICANON) else "not-restored")
print(" ".join(res))
PY
)
if [ "$got" = "prompt raw ctrl-c exit0 restored" ]; then
	ok "raw while running (no host echo, no ISIG), ^C reached the guest's sleep, Ctrl-A x quit, mode restored"
else
	bad "-serial stdio raw mode" "got '$got', expected 'prompt raw ctrl-c exit0 restored'"
fi

for T in $tmp/session.log $tmp/ttytests.log $tmp/kbd.log $tmp/vc.log; do
if tr -d '\r' <"$T" | grep -Eq 'Oops|BUG:|Kernel panic|WARNING:'; then
	bad "no oops" "$(tr -d '\r' <"$T" | grep -E 'Oops|BUG:|Kernel panic|WARNING:' | head -2 | tr '\n' ' ')"
else
	ok "no oops, BUG, WARNING or panic ($(basename "$T"))"
fi
done
summary guest-tty
