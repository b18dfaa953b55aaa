#!/usr/bin/env bash
# Guest input and device poll: lucix boots build/images/inputtests.cpio, whose
# /init (images/initramfs/inputtests.c) checks the evdev and mousedev nodes,
# the EVIOCG* ioctls, /proc/bus/input and the /dev/input/mice knocks, then
# prints every event the input script below makes on the emulated PS/2 mouse
# and keyboard, as read from /dev/input/event0 (keyboard), event1 (mouse),
# /dev/input/mice (a PS/2 client and an Explorer client) and mouse0, and
# evtest's output; then poll() on /dev/rtc0 (update interrupts) and /dev/dsp
# (fragment completion, playing and recording). The host computes from the
# script what Linux would give on each node and compares; a record/replay run
# must give the same guest output, time stamps included; without the script
# the suite must fail.
. "$(dirname "$0")/../lib.sh"

CPIO=build/images/inputtests.cpio
K=build/guest/bzImage
for f in $L $K $CPIO; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-input; exit 1; }
done

# Mouse: at ICOUNT mouse DX DY BUTTONS WHEEL (+y down; 1 left, 2 right, 4 middle,
# 8 side, 16 extra; wheel + away from the user), 0.2 s of virtual time apart.
S=$tmp/input.txt
cat >"$S" <<'SCRIPT'
at 600000000 mouse 10 -5 0 0
at 620000000 mouse 0 0 1 0
at 640000000 mouse 3 4 1 0
at 660000000 mouse 0 0 0 0
at 680000000 mouse -20 7 2 0
at 700000000 mouse 0 0 0 0
at 720000000 mouse 0 0 4 0
at 740000000 mouse 0 0 0 0
at 760000000 mouse 0 0 0 2
at 780000000 mouse 0 0 0 -1
at 800000000 mouse 0 0 8 0
at 820000000 mouse 0 0 16 0
at 840000000 mouse 0 0 0 0
at 860000000 mouse 200 -150 0 0
at 880000000 mouse 5 5 3 0
at 900000000 mouse 0 0 0 0
at 920000000 key 30
at 960000000 key 1
SCRIPT

run() {	# LOG EXTRA...: boot inputtests; prints the exit status
	local log=$1
	shift
	timeout 120 $L -display none -serial stdio -no-reboot -rtc base=2026-03-14T15:09:26 \
		-kernel $K -initrd $CPIO -append "console=ttyS0 panic_exit=3" "$@" </dev/null >"$log" 2>&1
	echo $?
}

suite() {	# NAME LOG STATUS
	local p f sum
	p=$(tr -d '\r' <"$2" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$2" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$2" | grep -E '^inputtests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$3" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 70 ] && [ "$sum" = "inputtests: $p passed, 0 failed" ]; then
		ok "$1: $p checks in the guest passed, powered off"
	else
		bad "$1" "exit status $3, $p PASS, $f FAIL, summary '$sum'; $(tr -d '\r' <"$2" | grep -E '^FAIL|Oops|panic' | head -3 | tr '\n' ' ')"
	fi
}

echo "lucid: inputtests with the input script"
G=$tmp/g.log
st=$(run "$G" -input-script "$S")
suite "inputtests" "$G" "$st"
tr -d '\r' <"$G" | grep -E '^(rtcpoll|dsppoll):' | sed 's/^/  /'

# What Linux gives for the script: evdev events (psmouse's order), PS/2 and
# Explorer packets from mousedev (motion over 127 split), the keyboard's keys.
python3 - "$S" "$G" >"$tmp/cmp.txt" <<'EOF'
import re, sys
script, log = sys.argv[1], sys.argv[2]
lines = [l.rstrip('\r\n') for l in open(log, errors='replace')]
ev_exp, ps2_exp, exps_exp, kbd_exp = [], [], [], []
def lim(v, m): return max(-m, min(m, v))
b = 0
for l in open(script):
	f = l.split()
	if f[2] == 'key':
		k = int(f[3])
		kbd_exp += [(4, 4, k), (1, k, 1), (0, 0, 0), (4, 4, k), (1, k, 0), (0, 0, 0)]
		continue
	dx, dy, nb, wh = map(int, f[3:7])
	evs = []
	if wh: evs.append((2, 8, wh))
	for bit, code in ((8, 0x113), (16, 0x114), (1, 0x110), (4, 0x112), (2, 0x111)):
		if (nb ^ b) & bit: evs.append((1, code, 1 if nb & bit else 0))
	if dx: evs.append((2, 0, dx))
	if dy: evs.append((2, 1, dy))
	b = nb
	if not evs: continue
	ev_exp += evs + [(0, 0, 0)]
	for mode, out in ((0, ps2_exp), (2, exps_exp)):
		px, py, pz = dx, -dy, -wh
		while True:
			cx, cy = lim(px, 127), lim(py, 127)
			b0 = 8 | (cx < 0) << 4 | (cy < 0) << 5 | (b & 7)
			px -= cx; py -= cy
			if mode == 2:
				cz = lim(pz, 7); pz -= cz
				out.append('%02x %d %d %02x' % (b0, cx, cy, (cz & 15) | (b & 0x18) << 1))
			else:
				pz = 0
				out.append('%02x %d %d' % (b0 | (b & 0x10) >> 3 | (b & 8) >> 1, cx, cy))
			if not (px or py or pz): break
def got(prefix):
	return [l[len(prefix) + 1:] for l in lines if l.startswith(prefix + ' ')]
def evlist(prefix):
	out = []
	for l in got(prefix):
		t, ty, co, va = l.split()
		out.append((t, int(ty), int(co), int(va)))
	return out
ev = evlist('ev')
kbd = evlist('kbd')
print('ev', 'same' if [e[1:] for e in ev] == ev_exp else 'differ: got %s want %s' % ([e[1:] for e in ev][:12], ev_exp[:12]), len(ev_exp))
print('kbd', 'same' if [e[1:] for e in kbd] == kbd_exp else 'differ: got %s' % [e[1:] for e in kbd], len(kbd_exp))
for name, exp in (('mice', ps2_exp), ('mouse0', ps2_exp), ('exps', exps_exp)):
	g = got(name)
	print(name, 'same' if g == exp else 'differ: got %s want %s' % (g, exp), len(exp))
# One time per packet, 0.2 s of virtual time between the script's events.
times = []
for e in ev:
	if not times or times[-1] != e[0]: times.append(e[0])
secs = [float(t) for t in times]
gaps = [round(b - a, 3) for a, b in zip(secs, secs[1:])]
print('times', len(times), 'gaps', ' '.join('%.3f' % g for g in gaps))
base = 1773500966		# 2026-03-14T15:09:26
print('first', '%.6f' % (secs[0] - base) if secs else 'none')
# evtest: the same events, the same times, evtest's format.
names = {(0, 0): 'SYN_REPORT', (1, 0x110): 'BTN_LEFT', (1, 0x111): 'BTN_RIGHT', (1, 0x112): 'BTN_MIDDLE',
	(1, 0x113): 'BTN_SIDE', (1, 0x114): 'BTN_EXTRA', (2, 0): 'REL_X', (2, 1): 'REL_Y', (2, 8): 'REL_WHEEL'}
want = []
for t, ty, co, va in ev:
	if ty == 0:
		want.append('Event: time %s, -------------- SYN_REPORT ------------' % t)
	else:
		want.append('Event: time %s, type %d (%s), code %d (%s), value %d' %
			(t, ty, 'EV_KEY' if ty == 1 else 'EV_REL', co, names[(ty, co)], va))
et = [l[len('evtest: '):] for l in lines if l.startswith('evtest: Event:')]
print('evtest', 'same' if et == want else 'differ: got %s want %s' % (et[:3], want[:3]), len(want))
EOF
sed 's/^/  /' "$tmp/cmp.txt" | cut -c1-300
same() { grep -q "^$1 same" "$tmp/cmp.txt"; }
n() { sed -n "s/^$1 same \([0-9]*\)$/\1/p" "$tmp/cmp.txt"; }
if same ev; then ok "event1 (the mouse): the script's motion, buttons and wheel as Linux reports them ($(n ev) events)"
else bad "event1" "$(grep '^ev ' "$tmp/cmp.txt" | cut -c1-300)"; fi
if same mice; then ok "/dev/input/mice (PS/2): the same motion and buttons, +y up, moves over 127 split ($(n mice) packets)"
else bad "/dev/input/mice" "$(grep '^mice ' "$tmp/cmp.txt" | cut -c1-300)"; fi
if same mouse0; then ok "/dev/input/mouse0: the same packets"
else bad "/dev/input/mouse0" "$(grep '^mouse0 ' "$tmp/cmp.txt" | cut -c1-300)"; fi
if same exps; then ok "/dev/input/mice after the Explorer knock: 4-byte packets with the wheel and buttons 4/5 ($(n exps))"
else bad "/dev/input/mice (Explorer)" "$(grep '^exps ' "$tmp/cmp.txt" | cut -c1-300)"; fi
if same kbd; then ok "event0 (the keyboard): KEY_A and KEY_ESC pressed and released, each after its MSC_SCAN and before its SYN_REPORT"
else bad "event0" "$(grep '^kbd ' "$tmp/cmp.txt" | cut -c1-300)"; fi
if grep -Eq '^times 16 gaps( 0\.200){15}$' "$tmp/cmp.txt"; then
	ok "one time stamp per packet, 0.200 s of virtual time apart as the script's 20M instructions"
else bad "event time stamps" "$(grep '^times' "$tmp/cmp.txt")"; fi
first=$(sed -n 's/^first //p' "$tmp/cmp.txt")
if python3 -c "import sys; v=float(sys.argv[1]); sys.exit(0 if 4.5 <= v <= 6.5 else 1)" "$first" 2>/dev/null; then
	ok "the first event is stamped CLOCK_REALTIME: -rtc base + ${first} s (icount 600M)"
else bad "CLOCK_REALTIME stamps" "first event at base + '$first' s"; fi
if same evtest; then ok "evtest on event1 printed every event with the same time stamps, in evtest's format"
else bad "evtest events" "$(grep '^evtest ' "$tmp/cmp.txt" | cut -c1-300)"; fi
expect_in "$G" "evtest's header: ID and name" '^evtest: Input device ID: bus 0x11 vendor 0x2 product 0x6 version 0x0$'
expect_in "$G" "evtest's supported events list REL_WHEEL" '^evtest:     Event code 8 \(REL_WHEEL\)$'
expect_in "$G" "the kernel found the Explorer mouse on the AUX port" '\] input: ImExPS/2 Generic Explorer Mouse as isa0060/serio1/input0$'
expect_in "$G" "the AUX port on IRQ 12" '\] serio: i8042 AUX port at 0x60,0x64 irq 12$'
expect_in "$G" "/proc/bus/input/devices: the mouse's handlers" '^proc: H: Handlers=.*mouse0 event1 $'

echo "/proc/bus/input/devices: the keyboard's block against Debian's Linux under QEMU"
# Debian's 686 kernel has atkbd built in (psmouse and evdev are modules): the same
# initramfs with "procdump" prints the file. Lines must match in order, equal but for
# the handlers (evdev is a module there, sysrq and leds are not here) and the KEY bitmap
# (Linux's atkbd declares more keys).
timeout 120 $L -display none -serial stdio -no-reboot -kernel $K -initrd $CPIO \
	-append "console=ttyS0 panic_exit=3 procdump" </dev/null >"$tmp/ldump.log" 2>&1
QK=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
if [ -z "$QK" ] || ! command -v qemu-system-i386 >/dev/null; then
	bad "Linux's /proc/bus/input/devices" "no Debian i386 kernel in ${LINUX_I386:-/opt/linux-i386} or no qemu-system-i386 (make deps)"
else
	timeout 300 qemu-system-i386 -m 128 -display none -serial stdio -no-reboot -kernel "$QK" -initrd $CPIO \
		-append "console=ttyS0 quiet rdinit=/init procdump" </dev/null >"$tmp/qdump.log" 2>&1
	kbd_block() {	# LOG: the keyboard's lines, values blanked where they may differ
		tr -d '\r' <"$1" | sed -n 's/^proc: //p' | awk -v RS= '/AT Translated Set 2 keyboard/' |
			sed -e 's/^\(H: Handlers=\).*/\1.../' -e 's/^\(B: KEY=\).*/\1.../'
	}
	kbd_block "$tmp/qdump.log" >"$tmp/qkbd.txt"
	kbd_block "$tmp/ldump.log" >"$tmp/lkbd.txt"
	if [ "$(wc -l <"$tmp/qkbd.txt")" -ge 10 ] && cmp -s "$tmp/qkbd.txt" "$tmp/lkbd.txt"; then
		ok "the keyboard's block equals Linux's line for line ($(wc -l <"$tmp/qkbd.txt") lines; H: and KEY values aside)"
	else bad "the keyboard's block against Linux" "$(diff "$tmp/qkbd.txt" "$tmp/lkbd.txt" | head -4 | tr '\n' ' ')"; fi
	# the comparison can fail: a changed EV bitmap is caught
	sed 's/^proc: B: EV=120013/proc: B: EV=120003/' "$tmp/ldump.log" >"$tmp/broken.log"
	kbd_block "$tmp/broken.log" >"$tmp/bkbd.txt"
	cmp -s "$tmp/qkbd.txt" "$tmp/bkbd.txt" && bad "the comparison can fail" "a changed EV= line passed" ||
		ok "the comparison catches a changed EV bitmap"
fi

echo "lucid: record, then replay"
st=$(run "$tmp/rec.log" -input-script "$S" -record "$tmp/run.rec")
suite "inputtests while recording" "$tmp/rec.log" "$st"
rst=$(run "$tmp/rep.log" -replay "$tmp/run.rec")
if [ "$st" = "$rst" ] && grep -q "replay identical to the recording" "$tmp/rep.log"; then
	ok "replay identical to the recording"
else bad "replay" "status $st vs $rst: $(grep -i 'replay\|diverge' "$tmp/rep.log" | head -2 | tr '\n' ' ')"; fi
pat='^(PASS |FAIL |kbd |ev |mice |exps |mouse0 |evtest: |rtcpoll: |dsppoll: |proc: )'
nrec=$(tr -d '\r' <"$tmp/rec.log" | grep -cE "$pat")
if [ "$nrec" -gt 150 ] && cmp -s <(tr -d '\r' <"$tmp/rec.log" | grep -E "$pat") <(tr -d '\r' <"$tmp/rep.log" | grep -E "$pat"); then
	ok "the replay's guest output equals the recording's: events, time stamps, packets, poll figures ($nrec lines)"
else bad "replayed guest output" "differs ($nrec lines recorded)"; fi
if cmp -s <(tr -d '\r' <"$G" | grep -E "$pat") <(tr -d '\r' <"$tmp/rec.log" | grep -E "$pat"); then
	ok "the recorded run's output equals the first run's"
else bad "two runs differ" "$(diff <(tr -d '\r' <"$G" | grep -E "$pat") <(tr -d '\r' <"$tmp/rec.log" | grep -E "$pat") | head -3 | tr '\n' ' ')"; fi

echo "lucid: without the input script no event comes: the suite must fail"
st=$(run "$tmp/none.log")
if [ "$st" -eq 7 ] && tr -d '\r' <"$tmp/none.log" | grep -q '^FAIL events.poll' &&
	tr -d '\r' <"$tmp/none.log" | grep -Eq '^inputtests: [0-9]+ passed, [1-9][0-9]* failed$'; then
	ok "the event checks fail, init exits, the kernel panics (status 7)"
else
	bad "a failing suite" "status $st; $(tr -d '\r' <"$tmp/none.log" | grep -E '^FAIL|^inputtests:' | head -3 | tr '\n' ' ')"
fi

summary guest-input
