#!/usr/bin/env bash
# Guest device drivers: lucix boots build/images/devtests.cpio, whose /init
# (images/initramfs/devtests.c) checks /dev/mem, /dev/kmem and /dev/port,
# the CMOS RTC (/dev/rtc0's time, alarm, update and periodic interrupts on
# IRQ8, the wall clock from the CMOS), the SB16 mixer, /dev/dsp and
# /dev/audio (playing and recording) and the PC speaker's beep. From the
# host: the BIOS ROM read through /dev/mem equals build/bios/bios.bin;
# `date` and `hwclock -r` show the -rtc base= time; the -audio-out WAV holds
# the 440 Hz tone sample for sample, the /dev/audio tone, the recording
# played back and the beeps; a record/replay run gives the same samples bit
# for bit; without -audio-in the suite fails.
. "$(dirname "$0")/../lib.sh"

CPIO=build/images/devtests.cpio
K=build/guest/bzImage
for f in $L $K $CPIO build/bios/bios.bin; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; echo "lucid: without -audio-in the recording hears silence: the suite must fail"
st=$(run "$tmp/silent.log" 2026-03-14T15:09:26)
if [ "$st" -eq 7 ] && tr -d '\r' <"$tmp/silent.log" | grep -q '^FAIL record.the recorded tone is 660 Hz' &&
	tr -d '\r' <"$tmp/silent.log" | grep -Eq '^devtests: [0-9]+ passed, [1-9][0-9]* failed$'; then
	ok "the recording checks fail, init exits, the kernel panics (status 7)"
else
	bad "a failing suite" "status $st; $(tr -d '\r' <"$tmp/silent.log" | grep -E '^FAIL|^devtests:' | head -3 | tr '\n' ' ')"
fi

summary guest-devices; exit 1; }
done
CMD="console=ttyS0 panic_exit=3"

# The recording's input: 10 s of 660 Hz at amplitude 12000, 44.1 kHz stereo.
python3 - "$tmp/in.wav" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1], 'wb')
w.setnchannels(2); w.setsampwidth(2); w.setframerate(44100)
w.writeframes(b''.join(struct.pack('<hh', v, v) for v in
	(int(round(12000 * math.sin(2 * math.pi * 660 * n / 44100))) for n in range(441000))))
w.close()
EOF

run() {	# LOG BASE EXTRA...: boot devtests; prints the exit status
	local log=$1 base=$2
	shift 2
	timeout 120 $L -display none -serial stdio -no-reboot -rtc base="$base" \
		-kernel $K -initrd $CPIO -append "$CMD" "$@" >"$log" 2>&1
	echo $?
}

suite() {	# NAME LOG STATUS: the program's own verdict
	local p f sum
	p=$(tr -d '\r' <"$2" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$2" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$2" | grep -E '^devtests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$3" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 100 ] && [ "$sum" = "devtests: $p passed, 0 failed" ]; then
		ok "$1: $p checks in the guest passed, powered off"
	else
		bad "$1" "exit status $3, $p PASS, $f FAIL, summary '$sum'; $(tr -d '\r' <"$2" | grep -E '^FAIL|Oops|panic' | head -3 | tr '\n' ' ')"
	fi
}

echo "lucid: devtests, -rtc base=2026-03-14T15:09:26, -audio-out"
G=$tmp/a.log
st=$(run "$G" 2026-03-14T15:09:26 -audio-in "$tmp/in.wav" -audio-out "$tmp/a.wav")
suite "devtests" "$G" "$st"

# /dev/mem: the ROM's bytes are bios.bin's.
want=$(python3 -c '
import sys
h = 2166136261
for b in open(sys.argv[1], "rb").read():
	h = ((h ^ b) * 16777619) & 0xffffffff
print("%08x" % h)' build/bios/bios.bin)
got=$(tr -d '\r' <"$G" | sed -n 's/^bios: fnv1a //p')
if [ -n "$got" ] && [ "$got" = "$want" ]; then ok "/dev/mem at 0xF0000: 64 KiB equal to bios.bin (fnv1a $got)"
else bad "/dev/mem ROM" "guest fnv1a '$got', bios.bin $want"; fi
want=$(od -An -tx1 -j 65520 -N 16 build/bios/bios.bin | tr -s ' ' | sed 's/ $//')
got=$(tr -d '\r' <"$G" | sed -n 's/^bios: reset vector//p')
if [ "$got" = "$want" ]; then ok "the reset vector's 16 bytes match ($got)"; else bad "reset vector" "'$got' vs '$want'"; fi

# The wall clock from the CMOS: date, hwclock -r and the kernel's line within 3 s of the
# base (the kernel reads the CMOS about 1 s into the boot).
clock_near() {	# NAME TEXT BASE_EPOCH: TEXT (a date) is BASE_EPOCH + 0..3 s
	local t
	t=$(date -u -d "$2" +%s 2>/dev/null)
	if [ -n "$t" ] && [ $((t - $3)) -ge 0 ] && [ $((t - $3)) -le 3 ]; then ok "$1 ($2)"
	else bad "$1" "'$2' is not within 3 s after $(date -u -d @"$3" +%FT%T)"; fi
}
clocks() {	# LOG BASE
	local b
	b=$(date -u -d "$2" +%s)
	clock_near "busybox date is the -rtc base" "$(tr -d '\r' <"$1" | sed -n 's/^date: //p' | sed 's/T/ /')" "$b"
	clock_near "busybox hwclock -r reads /dev/rtc" \
		"$(tr -d '\r' <"$1" | sed -n 's/  0\.000000 seconds$//p' | head -1)" "$b"
	local line t
	line=$(tr -d '\r' <"$1" | sed -nE 's/.*\] rtc_cmos: setting system clock to ([0-9-]+ [0-9:]+) UTC \(([0-9]+)\)$/\1 \2/p')
	t=$(date -u -d "${line% *}" +%s 2>/dev/null)
	if [ -n "$t" ] && [ "$t" = "${line##* }" ]; then
		clock_near "the kernel's boot line shows the CMOS time (and its epoch seconds)" "${line% *}" "$b"
	else bad "the kernel's rtc_cmos line" "'$line'"; fi
}
clocks "$G" 2026-03-14T15:09:26

# The output: tone 1 exact, tone 2 (/dev/audio) and tone 3 (the recording played back).
python3 - "$tmp/a.wav" >"$tmp/wav.txt" <<'EOF'
import math, struct, sys, wave
w = wave.open(sys.argv[1])
assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, 44100)
n = w.getnframes()
x = struct.unpack('<%dh' % (2 * n), w.readframes(n))
L, R = x[0::2], x[1::2]
segs, i = [], 0
while i < n:					# runs of sound, split by >= 0.1 s of quiet
	if abs(L[i]) > 100:
		j = last = i
		while j < n and j - last < 4410:
			if abs(L[j]) > 100:
				last = j
			j += 1
		segs.append((i, last + 1))
		i = j
	else:
		i += 1
print("segments", len(segs))
def freq(a, b):
	ups = [k for k in range(a + 1, b) if L[k - 1] < 0 <= L[k]]
	return (len(ups) - 1) * 44100 / (ups[-1] - ups[0]) if len(ups) > 2 else 0
for k, (a, b) in enumerate(segs):
	print("seg%d frames %d hz %.2f peak %d" % (k + 1, b - a, freq(a, b), max(abs(v) for v in L[a:b])))
if segs:
	a = segs[0][0] - 1			# the tone's sample 0 is 0 itself
	exp = [int(round(16000 * math.sin(2 * math.pi * 440 * k / 44100))) for k in range(88200)]
	bad = sum(1 for k in range(88200) if a + k >= n or abs(L[a + k] - exp[k]) > 2 or L[a + k] != R[a + k])
	quiet = all(v == 0 for v in L[a + 88200:a + 88200 + 2205]) and all(v == 0 for v in L[max(a - 2205, 0):a])
	print("tone1 mismatches %d quiet-around %d" % (bad, quiet))
EOF
cat "$tmp/wav.txt" | sed 's/^/  /'
seg() { sed -n "s/^seg$1 frames \([0-9]*\) hz \([0-9.]*\) peak \([0-9]*\)$/\\$2/p" "$tmp/wav.txt"; }
in_range() { python3 -c "import sys; v=float(sys.argv[1] or 'nan'); sys.exit(0 if $2 <= v <= $3 else 1)" "$1"; }
if grep -q '^segments 6$' "$tmp/wav.txt"; then ok "-audio-out: six sounds (the tone, /dev/audio, the recording, two beeps, 8-bit)"
else bad "three sounds in the output" "$(head -1 "$tmp/wav.txt")"; fi
if grep -q '^tone1 mismatches 0 quiet-around 1$' "$tmp/wav.txt"; then
	ok "/dev/dsp 44.1 kHz stereo s16: all 88200 frames of the 440 Hz tone, in order, no gap, silence around"
else bad "/dev/dsp tone samples" "$(grep tone1 "$tmp/wav.txt")"; fi
if in_range "$(seg 1 2)" 439.9 440.1 && [ "$(seg 1 3)" = 16000 ]; then
	ok "tone 1: $(seg 1 2) Hz, peak $(seg 1 3) (full volume after 'vol 100' and 'pcm 100')"
else bad "tone 1 frequency/level" "$(seg 1 2) Hz, peak $(seg 1 3)"; fi
if in_range "$(seg 2 1)" 44080 44120 && in_range "$(seg 2 2)" 879 881 && in_range "$(seg 2 3)" 7700 8100; then
	ok "/dev/audio 1 s of mu-law at 8 kHz: $(seg 2 1) frames, $(seg 2 2) Hz, peak $(seg 2 3)"
else bad "/dev/audio tone" "$(seg 2 1) frames, $(seg 2 2) Hz, peak $(seg 2 3)"; fi
if in_range "$(seg 3 1)" 43000 44200 && in_range "$(seg 3 2)" 658 662 && in_range "$(seg 3 3)" 11000 12500; then
	ok "the -audio-in recording played back through /dev/audio: $(seg 3 1) frames, $(seg 3 2) Hz, peak $(seg 3 3)"
else bad "recording played back" "$(seg 3 1) frames, $(seg 3 2) Hz, peak $(seg 3 3)"; fi

# The speaker: KDMKTONE 1000 Hz for 200 ms (20 ticks at HZ=100, so 190-200 ms), KIOCSOUND 2000 Hz.
if in_range "$(seg 4 1)" 8379 8821 && in_range "$(seg 4 2)" 999 1001.5; then
	ok "KDMKTONE beep: $(seg 4 1) frames of $(seg 4 2) Hz from the PC speaker"
else bad "KDMKTONE beep" "$(seg 4 1) frames, $(seg 4 2) Hz"; fi
if in_range "$(seg 5 1)" 4410 6615 && in_range "$(seg 5 2)" 1998 2003; then
	ok "KIOCSOUND on, 100 ms, off: $(seg 5 1) frames of $(seg 5 2) Hz"
else bad "KIOCSOUND tone" "$(seg 5 1) frames, $(seg 5 2) Hz"; fi

# 8-bit unsigned mono at 22050 Hz through DMA channel 1: 0.5 s of 1000 Hz at 100/128 of full scale.
if in_range "$(seg 6 1)" 22000 22100 && in_range "$(seg 6 2)" 999 1001 && in_range "$(seg 6 3)" 25500 25700; then
	ok "/dev/dsp U8 mono 22050 Hz: $(seg 6 1) frames of $(seg 6 2) Hz, peak $(seg 6 3)"
else bad "/dev/dsp 8-bit tone" "$(seg 6 1) frames, $(seg 6 2) Hz, peak $(seg 6 3)"; fi

echo "lucid: another base (2001-09-09T01:46:30): the clocks follow it"
G2=$tmp/b.log
st=$(run "$G2" 2001-09-09T01:46:30 -audio-in "$tmp/in.wav")
suite "devtests at another base" "$G2" "$st"
clocks "$G2" 2001-09-09T01:46:30

echo "lucid: record, then replay"
st=$(run "$tmp/rec.log" 2026-03-14T15:09:26 -audio-in "$tmp/in.wav" -audio-out "$tmp/rec.wav" -record "$tmp/run.rec")
suite "devtests while recording" "$tmp/rec.log" "$st"
rst=$(run "$tmp/rep.log" 2026-03-14T15:09:26 -audio-in "$tmp/in.wav" -audio-out "$tmp/rep.wav" -replay "$tmp/run.rec")
if [ "$st" = "$rst" ] && grep -q "replay identical to the recording" "$tmp/rep.log"; then
	ok "replay identical to the recording ($(grep -o '[0-9]* digests' "$tmp/rep.log" | head -1))"
else bad "replay" "status $st vs $rst: $(grep -i 'replay\|diverge' "$tmp/rep.log" | head -2 | tr '\n' ' ')"; fi
if [ -s "$tmp/rec.wav" ] && cmp -s "$tmp/rec.wav" "$tmp/rep.wav"; then
	ok "the replay's audio output equals the recording's, bit for bit ($(stat -c %s "$tmp/rep.wav") bytes)"
else bad "replayed audio" "the WAVs differ"; fi
if cmp -s <(tr -d '\r' <"$tmp/rec.log" | grep -E '^(PASS|FAIL|rtc:|dsp:|record:)') \
	<(tr -d '\r' <"$tmp/rep.log" | grep -E '^(PASS|FAIL|rtc:|dsp:|record:)'); then
	ok "the replay's guest output (checks, RTC and sound figures) equals the recording's"
else bad "replayed guest output" "differs"; fi

echo "lucid: without -audio-in the recording hears silence: the suite must fail"
st=$(run "$tmp/silent.log" 2026-03-14T15:09:26)
if [ "$st" -eq 7 ] && tr -d '\r' <"$tmp/silent.log" | grep -q '^FAIL record.the recorded tone is 660 Hz' &&
	tr -d '\r' <"$tmp/silent.log" | grep -Eq '^devtests: [0-9]+ passed, [1-9][0-9]* failed$'; then
	ok "the recording checks fail, init exits, the kernel panics (status 7)"
else
	bad "a failing suite" "status $st; $(tr -d '\r' <"$tmp/silent.log" | grep -E '^FAIL|^devtests:' | head -3 | tr '\n' ' ')"
fi

summary guest-devices
