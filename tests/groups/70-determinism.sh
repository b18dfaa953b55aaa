#!/usr/bin/env bash
# Record and replay from the command line: the guest boot with
# typing on COM1 recorded, replayed with identical digests, serial output
# and exit status; a second run of the same image checked against the first
# run's log (two runs, identical digests); logs with a flipped byte, cut
# short, from another configuration or another disk image refused with exit
# status 2 and a message naming the problem, never a crash (a little fuzzing
# of the log reader); -loadvm's refusals; the debugger's time travel in a
# plain run, a replay and a recording (going back while recording re-executes
# the log's history; a write in the past discards the log's future), writes
# refused during a replay. Snapshot equivalence is in tests/unit/vmstate_test.c.
. "$(dirname "$0")/../lib.sh"

img=$tmp/lucid.img
cp build/images/lucid.img "$img"
build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=boot" >/dev/null
args=(-cpu p6 -no-reboot -display none -serial stdio)

# Record, with bytes typed on COM1 while the guest boots.
printf 'typed while booting\n' | timeout 60 $L "${args[@]}" -record "$tmp/a.rec" \
	-rr-interval 5000000 -screen-dump "$tmp/rec.scr" "$img" >"$tmp/rec.out" 2>"$tmp/rec.err"
rst=$?
if [ -s "$tmp/a.rec" ] && grep -q "selftest:" "$tmp/rec.out"; then ok "record-boot (status $rst)"
else bad "record-boot (status $rst: $(head -c 300 "$tmp/rec.err"))"; fi
if grep -aq "disk_sha256=$(sha256sum "$img" | cut -c1-64)" "$tmp/a.rec"; then
	ok "log-header-has-image-sha256"
else bad "log-header-has-image-sha256"; fi
bios_sha=$(sha256sum build/bios/bios.bin | cut -c1-64)
if grep -aq "bios_sha256=$bios_sha" "$tmp/a.rec"; then ok "log-header-has-bios-sha256"
else bad "log-header-has-bios-sha256"; fi

# Replay: same status, same serial output, every digest checked.
timeout 60 $L "${args[@]}" -replay "$tmp/a.rec" -screen-dump "$tmp/rep.scr" "$img" </dev/null \
	>"$tmp/rep.out" 2>"$tmp/rep.err"
st=$?
if [ $st = $rst ] && grep -q "replay identical to the recording" "$tmp/rep.err"; then
	ok "replay-identical ($(grep -o '[0-9]* digests and [0-9]* input events' "$tmp/rep.err"))"
else bad "replay-identical (status $st vs $rst: $(head -c 300 "$tmp/rep.err"))"; fi
n_ev=$(grep -o '[0-9]* input events' "$tmp/rep.err" | cut -d' ' -f1)
if [ "${n_ev:-0}" -ge 20 ]; then ok "replay-fed-typed-input ($n_ev events)"
else bad "replay-fed-typed-input (${n_ev:-0} events)"; fi
if cmp -s "$tmp/rec.out" "$tmp/rep.out"; then ok "replay-same-serial-output"
else bad "replay-same-serial-output"; fi

sha1=$(sed -n 's/^lucid: screen sha256 //p' "$tmp/rec.err")
sha2=$(sed -n 's/^lucid: screen sha256 //p' "$tmp/rep.err")
if [ -n "$sha1" ] && [ "$sha1" = "$sha2" ] && cmp -s "$tmp/rec.scr" "$tmp/rep.scr" &&
	grep -q "Lucid BIOS" "$tmp/rec.scr"; then ok "replay-same-final-screen (sha256 ${sha1:0:12})"
else bad "replay-same-final-screen ('$sha1' vs '$sha2')"; fi

# Live input is ignored during a replay: typing more changes nothing.
printf 'something else entirely\n' | timeout 60 $L "${args[@]}" -replay "$tmp/a.rec" "$img" \
	>"$tmp/rep2.out" 2>"$tmp/rep2.err"
if grep -q "replay identical" "$tmp/rep2.err" && cmp -s "$tmp/rec.out" "$tmp/rep2.out"; then
	ok "replay-ignores-live-input"
else bad "replay-ignores-live-input: $(head -c 300 "$tmp/rep2.err")"; fi

# Two runs: a recording without input, and a second run replayed against it.
timeout 60 $L "${args[@]}" -record "$tmp/b.rec" "$img" </dev/null >/dev/null 2>&1
timeout 60 $L "${args[@]}" -replay "$tmp/b.rec" "$img" </dev/null >/dev/null 2>"$tmp/b.err"
if grep -q "replay identical" "$tmp/b.err"; then ok "two-runs-identical-digests"
else bad "two-runs-identical-digests: $(head -c 300 "$tmp/b.err")"; fi
# And replaying a log against a run that differs is caught: the typed run's
# log has events the other lacks, so feeding it to -record's twin differs
# from the log without input at the first digest after the first byte.

# refuse NAME PATTERN lucid-args...: exit status 2 and PATTERN on stderr.
refuse() {
	local name=$1 pat=$2
	shift 2
	timeout 60 $L "${args[@]}" "$@" </dev/null >/dev/null 2>"$tmp/ref.err"
	local st=$?
	if [ $st = 2 ] && grep -qE -- "$pat" "$tmp/ref.err" && [ "$(wc -l <"$tmp/ref.err")" = 1 ]; then
		ok "$name"
	else bad "$name (status $st: $(head -c 300 "$tmp/ref.err"))"; fi
}

size=$(stat -c %s "$tmp/a.rec")
flip() {	# flip FILE OFFSET: xor one byte with 0x20
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\x$(printf %02x $((b ^ 0x20)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
cp "$tmp/a.rec" "$tmp/f.rec"; flip "$tmp/f.rec" 40
refuse flipped-header "header is damaged" -replay "$tmp/f.rec" "$img"
cp "$tmp/a.rec" "$tmp/f.rec"; flip "$tmp/f.rec" $((size - 300))
refuse flipped-records "damaged" -replay "$tmp/f.rec" "$img"
head -c $((size / 2)) "$tmp/a.rec" >"$tmp/t.rec"
refuse truncated-log "truncated" -replay "$tmp/t.rec" "$img"
head -c 30 "$tmp/a.rec" >"$tmp/t.rec"
refuse truncated-header "truncated|damaged" -replay "$tmp/t.rec" "$img"
refuse other-ram-size "ram differs: the log has 67108864, this machine has 33554432" \
	-m 32 -replay "$tmp/a.rec" "$img"
refuse other-cpu "cpu differs" -cpu 486 -replay "$tmp/a.rec" "$img"
cp "$img" "$tmp/other.img"
build/images/mkdisk cmdline "$tmp/other.img" "console=ttyS0 selftest=none" >/dev/null
refuse other-disk-image "disk_sha256 differs" -replay "$tmp/a.rec" "$tmp/other.img"
refuse not-a-log "not a Lucid record log" -replay "$img" "$img"
refuse missing-log "cannot open" -replay "$tmp/nosuch.rec" "$img"
refuse record-and-replay "cannot be used together" -record "$tmp/x.rec" -replay "$tmp/a.rec" "$img"
if [ ! -e "$tmp/x.rec" ]; then ok "refusal-creates-no-log"; else bad "refusal-creates-no-log"; fi
refuse loadvm-missing "cannot open" -loadvm "$tmp/nosuch.vm" "$img"
refuse loadvm-not-a-snapshot "not a Lucid snapshot" -loadvm "$tmp/a.rec" "$img"

# A little fuzzing: random single-byte flips and cuts, never accepted, never a crash.
RANDOM=11
fz_ok=0
fz_bad=""
for i in $(seq 30); do
	cp "$tmp/a.rec" "$tmp/z.rec"
	if [ $((i % 3)) = 0 ]; then
		head -c $((RANDOM * 32768 % size + RANDOM % size)) "$tmp/a.rec" | head -c $((size - 1)) >"$tmp/z.rec"
	else
		flip "$tmp/z.rec" $(((RANDOM * 32768 + RANDOM) % size))
	fi
	timeout 60 $L "${args[@]}" -replay "$tmp/z.rec" "$img" </dev/null >/dev/null 2>"$tmp/z.err"
	st=$?
	if [ $st = 2 ] && grep -qE "damaged|truncated|not a Lucid|differs|version" "$tmp/z.err"; then
		fz_ok=$((fz_ok + 1))
	else
		fz_bad="$fz_bad [$i: status $st $(head -c 120 "$tmp/z.err")]"
	fi
done
if [ -z "$fz_bad" ]; then ok "fuzzed-logs-refused ($fz_ok of 30)"; else bad "fuzzed-logs:$fz_bad"; fi

# The debugger: time travel, savevm/-loadvm. dbg NAME SCRIPT-LINES... runs
# the image under a script and keeps the output after the marker line.
dbg() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.gdb"
	timeout 60 $L -cpu p6 -no-reboot -display none -serial none -snapshot \
		-debug-script "$tmp/$name.gdb" "$img" </dev/null 2>&1 |
		sed -n '/^(lucid) echo MARK/,$p' | grep -v '^(lucid)' >"$tmp/$name.out"
}
STATE=("echo MARK" "info registers" "x/32xw 0x411f00" "x/16xw 0x9000")
dbg straight "continue 2999999" "${STATE[@]}"
dbg rsi "timetravel on 1000000" "continue 3000000" "reverse-stepi" "${STATE[@]}"
if [ -s "$tmp/straight.out" ] && grep -q "icount *2999999" "$tmp/straight.out" &&
	cmp -s "$tmp/straight.out" "$tmp/rsi.out"; then ok "reverse-stepi-equals-straight-run"
else bad "reverse-stepi-equals-straight-run: $(diff "$tmp/straight.out" "$tmp/rsi.out" | head -5 | tr '\n' ' ')"; fi
dbg seek "timetravel on 1000000" "continue 4000000" "seek 2999999" "${STATE[@]}"
if cmp -s "$tmp/straight.out" "$tmp/seek.out"; then ok "seek-back-equals-straight-run"
else bad "seek-back-equals-straight-run"; fi

# savevm at N, -loadvm and run to M = a straight run to M, for several N.
for n in 1000000 2500000 3100000; do
	dbg save "continue $n" "savevm $tmp/s.vm" "echo MARK"
	printf '%s\n' "continue $((5000000 - n))" "${STATE[@]}" >"$tmp/load.gdb"
	timeout 60 $L -cpu p6 -no-reboot -display none -serial none -snapshot -loadvm "$tmp/s.vm" \
		-debug-script "$tmp/load.gdb" "$img" </dev/null 2>&1 |
		sed -n '/^(lucid) echo MARK/,$p' | grep -v '^(lucid)' >"$tmp/load.out"
	dbg ref "continue 5000000" "${STATE[@]}"
	if grep -q "icount *5000000" "$tmp/ref.out" && cmp -s "$tmp/ref.out" "$tmp/load.out"; then
		ok "savevm-at-$n-loadvm-equals-straight-run"
	else bad "savevm-at-$n-loadvm: $(diff "$tmp/ref.out" "$tmp/load.out" | head -4 | tr '\n' ' ')"; fi
done
vmsize=$(stat -c %s "$tmp/s.vm")
if [ "$vmsize" -lt 4000000 ]; then ok "snapshot-of-64MiB-guest-is-small ($vmsize bytes)"
else bad "snapshot-of-64MiB-guest-is-small ($vmsize bytes)"; fi
refuse loadvm-other-config "ram differs" -m 32 -loadvm "$tmp/s.vm" "$img"

# reverse-continue: back to the last breakpoint hit before now. The breakpoint:
# the decompressor's inflate loop, entered once per DEFLATE block.
bp=0x$(nm build/guest/compressed.elf | sed -n 's/^\([0-9a-f]*\) [tT] codes$/\1/p')
dbg fwd "break *$bp" "echo MARK" "continue" "print \$icount" "continue" "print \$icount" \
	"continue" "print \$icount"
hits=($(sed -n 's/^\$[0-9]* = //p' "$tmp/fwd.out"))
if [ ${#hits[@]} = 3 ]; then
	dbg rc "timetravel on 100000" "continue $((hits[2] + 5))" "break *$bp" "echo MARK" \
		"reverse-continue" "print \$icount" "reverse-continue" "print \$icount"
	back=($(sed -n 's/^\$[0-9]* = //p' "$tmp/rc.out"))
	if [ "${back[*]}" = "${hits[2]} ${hits[1]}" ]; then ok "reverse-continue (${back[*]})"
	else bad "reverse-continue: got '${back[*]}', forward hits '${hits[*]}'"; fi
else bad "reverse-continue: forward hits '${hits[*]}'"; fi

# A replay under the debugger travels back too.
printf '%s\n' "continue 3000000" "reverse-stepi" "print \$icount" >"$tmp/rr.gdb"
timeout 60 $L "${args[@]}" -replay "$tmp/a.rec" -debug-script "$tmp/rr.gdb" "$img" </dev/null \
	>"$tmp/rr.out" 2>&1
if grep -q '^\$1 = 2999999' "$tmp/rr.out"; then ok "replay-under-debugger-reverse-stepi"
else bad "replay-under-debugger-reverse-stepi: $(tail -3 "$tmp/rr.out" | tr '\n' ' ')"; fi

# Time travel while recording: going back re-executes the log's history (its
# digests checked, its events fed again), going past the furthest point
# recorded carries on recording, and ending in the past still logs it all.
rdbg() {	# rdbg NAME LOG SCRIPT-LINES...: a recording session under the debugger
	local name=$1 log=$2
	shift 2
	printf '%s\n' "$@" >"$tmp/$name.gdb"
	timeout 60 $L -cpu p6 -no-reboot -display none -serial none -record "$log" \
		-rr-interval 1000000 -debug-script "$tmp/$name.gdb" "$img" </dev/null \
		>"$tmp/$name.all" 2>&1
	sed -n '/^(lucid) echo MARK/,$p' "$tmp/$name.all" | grep -v '^(lucid)' >"$tmp/$name.out"
}
replays() {	# replays LOG: the replay's last line
	timeout 60 $L "${args[@]}" -serial none -replay "$1" "$img" </dev/null 2>&1 | tail -1
}
rdbg trec "$tmp/t.rec" "continue 1000000" "set *(int*)0x3f00000 = 0x12345678" \
	"continue 2000000" "seek 2999999" "echo MARK" "info registers" "x/32xw 0x411f00" \
	"x/16xw 0x9000" "seek 500000" "x/1xw 0x3f00000" "seek 2500000" "x/1xw 0x3f00000" \
	"continue 1500000" "print \$icount" "reverse-stepi" "print \$icount"
head -n $(wc -l <"$tmp/straight.out") "$tmp/trec.out" >"$tmp/trec.head"
if cmp -s "$tmp/straight.out" "$tmp/trec.head"; then ok "recording-seek-back-equals-straight-run"
else bad "recording-seek-back-equals-straight-run: $(diff "$tmp/straight.out" "$tmp/trec.head" | head -4 | tr '\n' ' ')"; fi
vals=$(grep -o '^0x03f00000:[[:space:]]*0x[0-9a-f]*' "$tmp/trec.out" | awk '{print $2}' | tr '\n' ' ')
if [ "$vals" = "0x00000000 0x12345678 " ] &&
	grep -q '^\$1 = 4000000' "$tmp/trec.out" && grep -q '^\$2 = 3999999' "$tmp/trec.out"; then
	ok "recording-travel-refeeds-debugger-write (values $vals)"
else bad "recording-travel-refeeds-debugger-write: values '$vals' $(grep '^\$' "$tmp/trec.out" | tr '\n' ' ')"; fi
out=$(replays "$tmp/t.rec")
if [[ "$out" == *"replay identical"*"1 input events"*"ended at icount 4000000"* ]]; then
	ok "recording-with-travel-replays (ended in the past, logged to the furthest point)"
else bad "recording-with-travel-replays: $out"; fi
# A write in the past discards the recording's future (gdb's process record
# does the same), and the rewritten log replays to the new end.
rdbg tpast "$tmp/p.rec" "continue 3000000" "seek 1500000" "echo MARK" \
	"set *(int*)0x3f00000 = 0x5a5a5a5a" "continue 1000000" "print \$icount"
out=$(replays "$tmp/p.rec")
if grep -q "history from icount 1500000 to 3000000 is discarded" "$tmp/tpast.out" &&
	grep -q '^\$1 = 2500000' "$tmp/tpast.out" &&
	[[ "$out" == *"replay identical"*"1 input events"*"ended at icount 2500000"* ]]; then
	ok "recording-write-in-past-discards-future"
else bad "recording-write-in-past-discards-future: $(grep -i discard "$tmp/tpast.out") / $out"; fi
# A replay stays the recorded run: the debugger may not change it.
printf '%s\n' "continue 100" "set \$eax = 1" >"$tmp/rw.gdb"
timeout 60 $L "${args[@]}" -serial none -replay "$tmp/p.rec" -debug-script "$tmp/rw.gdb" "$img" \
	</dev/null >"$tmp/rw.out" 2>&1
if grep -q "cannot be changed during a replay" "$tmp/rw.out"; then ok "replay-refuses-debugger-write"
else bad "replay-refuses-debugger-write: $(tail -2 "$tmp/rw.out" | tr '\n' ' ')"; fi
# A write after a single step that lands on a timer deadline (the digest
# timer's, at 1000000) is delivered after that timer, as the replay's feed is.
rdbg tstep "$tmp/s.rec" "continue 999999" "stepi" "echo MARK" "print \$icount" \
	"set \$esi = 0x1234" "continue 100"
out=$(replays "$tmp/s.rec")
if grep -q '^\$1 = 1000000' "$tmp/tstep.out" && [[ "$out" == *"replay identical"* ]]; then
	ok "write-at-timer-deadline-replays"
else bad "write-at-timer-deadline-replays: $out"; fi

# Real gdb through the stub: reverse-stepi is the stub's bs.
if command -v gdb >/dev/null; then
	port=$((20000 + $$ % 20000))
	printf '%s\n' "set architecture i386" "target remote 127.0.0.1:$port" \
		"monitor timetravel on 100000" "stepi 1000" "stepi" "reverse-stepi" \
		"monitor print \$icount" "detach" >"$tmp/g.gdb"
	timeout 30 $L -display none -serial none -snapshot -S -gdb tcp::$port "$img" \
		>/dev/null 2>&1 &
	gpid=$!
	sleep 0.5
	timeout 20 gdb -batch -x "$tmp/g.gdb" >"$tmp/g.out" 2>&1
	kill $gpid 2>/dev/null
	wait $gpid 2>/dev/null
	if grep -q '^\$1 = 1000$' "$tmp/g.out"; then ok "gdb-reverse-stepi-through-stub"
	else bad "gdb-reverse-stepi-through-stub: $(tail -3 "$tmp/g.out" | tr '\n' ' ')"; fi
fi

# The scripted-input harness: a ROM that prompts and echoes COM1.
E=build/tests/machine/echo.rom
printf '%s\n' '# answer the prompt, quit later' 'when-serial login:  => root\n' \
	'at 3000000 serial q' >"$tmp/in.txt"
for k in 1 2; do
	timeout 20 $L -display none -serial stdio -debugcon none -bios $E -input-script "$tmp/in.txt" \
		-screen-dump "$tmp/e$k.scr" </dev/null >"$tmp/e$k.out" 2>"$tmp/e$k.err"
	echo $? >"$tmp/e$k.st"
done
if [ "$(cat "$tmp/e1.st")" = 67 ] && [ "$(cat "$tmp/e1.out")" = "$(printf 'login: root\nq')" ]; then
	ok "input-script-when-serial-and-at"
else bad "input-script: status $(cat "$tmp/e1.st"), output '$(cat "$tmp/e1.out")'"; fi
if cmp -s "$tmp/e1.out" "$tmp/e2.out" && cmp -s "$tmp/e1.err" "$tmp/e2.err" &&
	[ "$(cat "$tmp/e2.st")" = 67 ]; then ok "input-script-runs-repeat-exactly"
else bad "input-script-runs-repeat-exactly"; fi
timeout 20 $L -display none -serial stdio -debugcon none -bios $E -input-script "$tmp/in.txt" \
	-record "$tmp/e.rec" </dev/null >/dev/null 2>&1
timeout 20 $L -display none -serial stdio -debugcon none -bios $E -replay "$tmp/e.rec" </dev/null \
	>"$tmp/e3.out" 2>"$tmp/e3.err"
if grep -q "replay identical" "$tmp/e3.err" && cmp -s "$tmp/e1.out" "$tmp/e3.out"; then
	ok "scripted-run-recorded-and-replayed"
else bad "scripted-run-recorded-and-replayed: $(head -c 200 "$tmp/e3.err")"; fi
# Mouse motion from the script reaches the PS/2 mouse as spec packets (+y down
# in the script, up in PS/2), and a recorded run replays identically.
M=build/tests/machine/mouse.rom
printf '%s\n' 'at 2000000 mouse 5 -3 1' 'at 12000000 mouse -2 4' >"$tmp/m.txt"
timeout 20 $L -display none -serial none -debugcon stdio -bios $M -input-script "$tmp/m.txt" \
	-record "$tmp/m.rec" </dev/null >"$tmp/m1.out" 2>"$tmp/m1.err"
st=$?
if [ $st = 69 ] && [ "$(cat "$tmp/m1.out")" = "$(printf 'mouse on\n09 05 03 38 fe fc ')" ]; then
	ok "input-script-mouse-packets"
else bad "input-script-mouse-packets: status $st, output '$(cat "$tmp/m1.out")'"; fi
timeout 20 $L -display none -serial none -debugcon stdio -bios $M -replay "$tmp/m.rec" </dev/null \
	>"$tmp/m2.out" 2>"$tmp/m2.err"
if grep -q "replay identical" "$tmp/m2.err" && cmp -s "$tmp/m1.out" "$tmp/m2.out"; then
	ok "scripted-mouse-recorded-and-replayed"
else bad "scripted-mouse-recorded-and-replayed: $(head -c 200 "$tmp/m2.err")"; fi
printf 'at 5 mouse 1 2 32\n' >"$tmp/badm.txt"
timeout 20 $L -display none -bios $M -input-script "$tmp/badm.txt" >/dev/null 2>"$tmp/badm.err"
st=$?
if [ $st = 2 ] && grep -q "badm.txt:1: expected 'at ICOUNT mouse" "$tmp/badm.err"; then
	ok "input-script-bad-mouse-line-refused"
else bad "input-script-bad-mouse-line-refused (status $st: $(cat "$tmp/badm.err"))"; fi
printf 'at soon serial x\n' >"$tmp/bad.txt"
timeout 20 $L -display none -bios $E -input-script "$tmp/bad.txt" >/dev/null 2>"$tmp/bad.err"
st=$?
if [ $st = 2 ] && grep -q "bad.txt:1: expected" "$tmp/bad.err"; then ok "input-script-bad-line-refused"
else bad "input-script-bad-line-refused (status $st: $(cat "$tmp/bad.err"))"; fi

summary determinism
