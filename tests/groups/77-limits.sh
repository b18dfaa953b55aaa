#!/usr/bin/env bash
# Emulator resource limits against hostile files and clients: a snapshot
# or record log claiming a huge section is refused before anything that
# size is allocated, a WAV file claiming more data than it has is read for
# what it has (checked under ASan with a 1 GiB allocation limit that
# aborts on any larger request); the gdb stub listens on 127.0.0.1 unless
# -gdb names another address, refuses a second client with a clear
# message while the first goes on, and survives a client that disconnects
# in the middle of a packet. And the hard-lockup watchdog: a guest that
# keeps the timer interrupt out for -hardlockup N virtual seconds ends the run.
. "$(dirname "$0")/../lib.sh"
FB=build-asan/fuzz
IMG=build/images/lucid.img
le32() { printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 24 & 255)))"; }

# under_limit NAME HARNESS FILE: the harness (mode byte 0: the file as is)
# must not ask for more than 1 GiB at once.
under_limit() {
	{ printf '\x00'; cat "$3"; } >"$tmp/in"
	ASAN_OPTIONS=max_allocation_size_mb=1024:allocator_may_return_null=0:detect_leaks=0 \
		timeout 60 "$FB/fz_$2" "$tmp/in" >"$tmp/asan" 2>&1
	local st=$?
	if [ "$st" -eq 0 ] && ! grep -q 'Sanitizer\|runtime error' "$tmp/asan"; then
		ok "$1"
	else
		bad "$1" "status $st: $(grep -m1 'ERROR' "$tmp/asan")"
	fi
}

# A snapshot whose header says the state is 4 GiB - 1 (its compressed body empty).
{ printf 'LUCIDVM\n'; le32 1; le32 0xFFFFFFFF; le32 0; le32 0; } >"$tmp/huge.snap"
under_limit snapshot-4g-claim-not-allocated snapshot "$tmp/huge.snap"
timeout 20 $L -display none -serial none -debugcon none -loadvm "$tmp/huge.snap" "$IMG" \
	>"$tmp/o" 2>"$tmp/e"
st=$?
if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q 'snapshot header is damaged' "$tmp/e"; then
	ok "snapshot-4g-claim-refused"
else
	bad "snapshot-4g-claim-refused" "status $st: $(head -c 200 "$tmp/e")"
fi

# A record log whose header says its metadata is 4 GiB - 1 bytes long.
{ printf 'LUCIDREC'; le32 1; le32 0xFFFFFFFF; le32 0; le32 0; le32 0; } >"$tmp/huge.log"
under_limit log-4g-claim-not-allocated rrlog "$tmp/huge.log"
timeout 20 $L -display none -serial none -debugcon none -replay "$tmp/huge.log" "$IMG" \
	>"$tmp/o" 2>"$tmp/e"
st=$?
if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q 'damaged or truncated' "$tmp/e"; then
	ok "log-4g-claim-refused"
else
	bad "log-4g-claim-refused" "status $st: $(head -c 200 "$tmp/e")"
fi

# A WAV file (-audio-in), 16-bit stereo, whose data chunk claims 256 MiB but
# holds 8 bytes: read as 8 bytes (2 frames), never allocated as 64M frames
# (under a 64 MiB allocation limit).
{ printf 'RIFF\x64\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00\x40\x1f\x00\x00'
  printf '\x00\x7d\x00\x00\x04\x00\x10\x00data\xf0\xff\xff\x0f'; head -c 8 /dev/zero; } >"$tmp/huge.wav"
ASAN_OPTIONS=max_allocation_size_mb=64:allocator_may_return_null=0:detect_leaks=0 \
	LUCID_FUZZ_VERBOSE=1 timeout 60 "$FB/fz_wav" "$tmp/huge.wav" >"$tmp/asan" 2>&1
st=$?
if [ "$st" -eq 0 ] && ! grep -q 'Sanitizer\|runtime error\|refused' "$tmp/asan"; then
	ok "wav-256m-claim-read-as-what-is-there"
else
	bad "wav-256m-claim-read-as-what-is-there" "status $st: $(grep -m1 'ERROR\|refused' "$tmp/asan")"
fi

# ---- the gdb stub ----
# listening NAME ADDRHEX PORT: /proc/net/tcp has a listener (state 0A) on it.
listening() {
	local want
	want=$(printf '%s:%04X' "$2" "$3")
	if awk '$4 == "0A" { print $2 }' /proc/net/tcp | grep -qx "$want"; then
		ok "$1"
	else
		bad "$1" "no listener $want: $(awk '$4 == "0A" { print $2 }' /proc/net/tcp | tr '\n' ' ')"
	fi
}

gdb_stub_start "$tmp/stub.out" "$IMG"
listening gdb-listens-on-127.0.0.1-by-default 0100007F "$gdb_port"
# The first client connects; a second one is told no and closed.
exec 3<>"/dev/tcp/127.0.0.1/$gdb_port"
sleep 0.2
if exec 4<>"/dev/tcp/127.0.0.1/$gdb_port"; then
	IFS= read -r -t 10 line <&4
	exec 4<&-
	case $line in
	*"already has a client"*) ok "gdb-second-client-told" ;;
	*) bad "gdb-second-client-told" "got '$line'" ;;
	esac
else
	bad "gdb-second-client-told" "could not connect at all"
fi
sleep 0.3
expect_in "$tmp/stub.out" gdb-second-client-logged 'refused a second client from 127\.0\.0\.1'
# The first still works: '?' answered with a stop reply.
printf '$?#3f' >&3
reply=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
	IFS= read -r -t 1 -n 1 ch <&3 || continue
	reply+=$ch
	[[ $reply == *'#'?? ]] && break
done
case $reply in
*'$T05'* | *'$S05'*) ok "gdb-first-client-unaffected" ;;
*) bad "gdb-first-client-unaffected" "reply '$reply'" ;;
esac
# Now it goes away in the middle of a packet: the stub ends the session as
# for a detach, and the machine runs on.
printf '$m c0100000,4' >&3
exec 3<&-
sleep 1
if kill -0 "$gdb_pid" 2>/dev/null && ! grep -q 'Sanitizer\|Segmentation\|Abort' "$tmp/stub.out"; then
	ok "gdb-disconnect-mid-packet-survived"
else
	bad "gdb-disconnect-mid-packet-survived" "$(tail -n 3 "$tmp/stub.out")"
fi
gdb_stub_stop

# -gdb tcp:0.0.0.0:PORT is the way to listen on every interface.
port=$((20000 + RANDOM % 20000))
timeout 30 $L -display none -serial none -debugcon none -S -gdb "tcp:0.0.0.0:$port" "$IMG" \
	>"$tmp/any.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q 'waiting for gdb' "$tmp/any.out" && break; sleep 0.1; done
listening gdb-listens-where-told 00000000 "$port"
expect_in "$tmp/any.out" gdb-says-where "waiting for gdb on 0\.0\.0\.0:$port"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# A host that is not an IPv4 address: one line, status 2.
timeout 20 $L -display none -S -gdb tcp:example.invalid:1234 "$IMG" >"$tmp/o" 2>"$tmp/e"
st=$?
if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q 'IPv4' "$tmp/e"; then
	ok "gdb-bad-host-refused"
else
	bad "gdb-bad-host-refused" "status $st: $(head -c 200 "$tmp/e")"
fi
# The hard-lockup watchdog (-hardlockup N, emu/machine/lockup.c): a guest
# that keeps the timer interrupt from being taken for N virtual seconds ends
# the run with status 4 and one line saying where it was. Boot sectors:
# cli; jmp $ (interrupts off), IRQ0 masked at the PIC with interrupts on, and
# sti then a wait of 20 BIOS ticks (1.1 s) in a loop before isa-debug-exit 5.
bootsect() {	# FILE BYTES (printf escapes)
	{ printf "$2"; head -c $((510 - $(printf "$2" | wc -c))) /dev/zero; printf '\x55\xaa'; } >"$1"
}
bootsect "$tmp/cli.img" '\xfa\xeb\xfe'
bootsect "$tmp/mask.img" '\xfa\xe4\x21\x0c\x01\xe6\x21\xfb\xeb\xfe'
bootsect "$tmp/sti.img" '\xfb\xb8\x40\x00\x8e\xd8\x8b\x1e\x6c\x00\xa1\x6c\x00\x29\xd8\x83\xf8\x14\x72\xf6\xb0\x05\xe6\xf4\xeb\xfe'
hl() {	# LOG SECS IMAGE
	timeout 120 $L -display none -serial none -debugcon none -stats -hardlockup "$2" "$3" >"$1" 2>&1
}
hl "$tmp/hl-cli" 1 "$tmp/cli.img"
status_is "hardlockup: cli; jmp \$ stops the run" $? 4
expect_in "$tmp/hl-cli" "hardlockup: the report names IF=0 and the loop" \
	'^lucid: hard lockup: the timer interrupt \(IRQ0\) waited 1\.000 s of virtual time without being taken \(IF=0, IRQ0 not masked, in service 00\); the CPU is at 0000:00007c01 \(icount [0-9]+\); stopping$'
hl "$tmp/hl-mask" 1 "$tmp/mask.img"
status_is "hardlockup: IRQ0 masked with interrupts on stops it too" $? 4
expect_in "$tmp/hl-mask" "hardlockup: the report names the mask" '\(IF=1, IRQ0 masked, in service 00\); the CPU is at 0000:00007c08 '
hl "$tmp/hl-sti" 1 "$tmp/sti.img"
status_is "hardlockup: 1.1 s of ticks taken is no lockup (isa-debug-exit 5)" $? 11
timeout 120 $L -display none -serial none -debugcon none -stats "$tmp/sti.img" >"$tmp/hl-off" 2>&1
a=$(grep -o '^lucid: [0-9]* instructions executed' "$tmp/hl-sti")
b=$(grep -o '^lucid: [0-9]* instructions executed' "$tmp/hl-off")
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	ok "hardlockup: the guest sees nothing of the watchdog (${a#lucid: } with and without)"
else
	bad "hardlockup: the same run" "'$a' vs '$b'"
fi
timeout 20 $L -display none -hardlockup soon "$tmp/sti.img" >"$tmp/o" 2>"$tmp/e"
st=$?
if [ "$st" = 2 ] && [ "$(wc -l <"$tmp/e")" = 1 ] && grep -q -- '-hardlockup' "$tmp/e"; then
	ok "hardlockup: a bad value is refused (status 2, one line)"
else
	bad "hardlockup: bad value" "status $st: $(head -c 200 "$tmp/e")"
fi

summary limits
