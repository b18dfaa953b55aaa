#!/usr/bin/env bash
# The snapshot benchmark harness (tests/bench/snapbench.c) on a short run:
# it boots the default image to icount 20 million, saves and loads files and
# in-memory snapshots three times each and checks the state digest after
# every load; this proves it works, not how fast. Also: a stream with one
# RAM byte flipped must be caught by that digest check (exit 1), and a
# missing image or a bad option is a one-line error with exit status 2.
# Speed is reported by make bench (scripts/bench.d/determinism.sh).
. "$(dirname "$0")/../lib.sh"
S=build/tests/snapbench

# field KEY [N]: the Nth word (default 1) after KEY on KEY's line of out.
field() { awk -v k="$1" -v n="${2:-1}" '$1 == k { print $(n + 1) }' "$tmp/out"; }

timeout 120 $S -n 20000000 -r 3 -o "$tmp/s.vm" >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 0 ] && [ "$(field digests 2)" = 13 ]; then
	ok "short run: saves, loads, 13 digests equal"
else
	bad "short run (status $st: $(head -c 300 "$tmp/err"))"
fi
ok_lines=1
for k in savevm loadvm mem_save mem_load; do
	grep -Eq "^$k median_ms [0-9.]+ min_ms [0-9.]+ cpu_median_ms [0-9.]+ cpu_min_ms [0-9.]+$" \
		"$tmp/out" || ok_lines=0
done
if [ $ok_lines = 1 ] && [ "$(field icount)" = 20000000 ]; then ok "figures printed"
else bad "figures printed: $(tr '\n' '|' <"$tmp/out")"; fi
# The file it kept is the size it reports, and lucid -loadvm takes it (the
# harness's machine is lucid's with -cpu p6 -no-reboot -snapshot).
sz=$(stat -c %s "$tmp/s.vm" 2>/dev/null)
if [ -n "$sz" ] && [ "$sz" = "$(field file_bytes)" ]; then ok "file size ($sz bytes)"
else bad "file size: ${sz:-no file} vs $(field file_bytes)"; fi
printf '%s\n' "info registers" >"$tmp/load.gdb"
if timeout 60 build/lucid -cpu p6 -no-reboot -display none -serial none -snapshot \
	-loadvm "$tmp/s.vm" -debug-script "$tmp/load.gdb" build/images/lucid.img \
	</dev/null >"$tmp/lucid.out" 2>&1 && grep -q "^Stopped at icount 20000000\.$" "$tmp/lucid.out"; then
	ok "lucid -loadvm takes the file (stopped at icount 20000000)"
else
	bad "lucid -loadvm: $(head -c 300 "$tmp/lucid.out")"
fi

# The digest check can fail: one flipped RAM byte in the stream.
timeout 120 $S -n 20000000 -r 1 --corrupt >"$tmp/out" 2>"$tmp/err"
st=$?
if [ $st = 1 ] && grep -q "digest after load differs" "$tmp/err"; then
	ok "flipped RAM byte caught"
else
	bad "flipped RAM byte (status $st: $(head -c 300 "$tmp/err"))"
fi

# Usage errors: one line, status 2.
usage() {	# usage NAME PATTERN ARGS...
	local name=$1 pat=$2
	shift 2
	timeout 20 $S "$@" >"$tmp/out" 2>"$tmp/err"
	local st=$?
	if [ $st = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q -- "$pat" "$tmp/err"; then
		ok "$name"
	else
		bad "$name (status $st: $(head -c 200 "$tmp/err"))"
	fi
}
usage "missing image" "no-such.img: No such file" "$tmp/no-such.img"
usage "missing BIOS" "BIOS $tmp/none.bin" -b "$tmp/none.bin"
usage "bad icount" "-n: 'lots'" -n lots
usage "bad repeat count" "-r: '0'" -r 0
usage "unknown option" "bad option --frobnicate; usage: snapbench" --frobnicate
usage "missing argument" "bad option -n or its argument" -n

summary snapbench
