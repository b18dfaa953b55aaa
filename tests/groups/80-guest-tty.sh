#!/usr/bin/env bash
# Guest terminals: lucix's tty layer driven from outside, as a user would.
# /bin/ttyinit (images/initramfs/ttyinit.c) runs Debian's busybox sh on
# /dev/console with job control; the emulator's input script types a session
# on the serial line (each step waits for the output of the one before), and
# the transcript is checked: prompt, echo, command output, ^C ending the
# foreground job (exit status 130), ^Z stopping `cat` and `fg` continuing it,
# a background read stopped by SIGTTIN, stty's view of the termios, the
# canonical-mode line editor (erase, word erase, kill) and power-off after
# `exit`.
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
when-serial lucix#  => echo hello $((6*7))\n
when-serial lucix#  => busybox sh -c 'echo sleep$((1+1)); exec busybox sleep 100'\n
when-serial sleep2\r\n => \x03
when-serial lucix#  => echo st$((4)) $?\n
when-serial lucix#  => busybox cat\n
when-serial busybox cat\r\n => abc\n
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
when-serial lucix#  => busybox head -n 3\n
when-serial head -n 3\r\n => wxyz\x7f\x7fab\none two\x17three\nzzz\x15killed\n
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
if tr -d '\r' <"$T" | grep -Eq 'Oops|BUG:|Kernel panic|WARNING:'; then
	bad "no oops" "$(tr -d '\r' <"$T" | grep -E 'Oops|BUG:|Kernel panic|WARNING:' | head -2 | tr '\n' ' ')"
else
	ok "no oops, BUG, WARNING or panic"
fi
summary guest-tty
