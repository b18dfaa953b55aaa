#!/usr/bin/env bash
# The translation tier on a guest workload of processes: procbench
# (images/initramfs/procbench.c, the initramfs's /init on the lucix kernel:
# fork+execve+exit+waitpid rounds, a pipe stream between two processes,
# demand-zero faults), a short run recorded under each CPU tier and replayed
# under the other (the translator once with its default hotness, once with
# every block translated on its first whole run). Checked: the workload
# finishes with no errors; its output (which includes RDTSC figures, that is
# instruction counts) is byte-identical under both tiers; the final icount
# is the same; each replay under the other tier is identical to its
# recording, digest by digest, with the same output and exit status. Then a
# log with a flipped byte, a cut log and a log replayed with another
# workload on the command line are refused.
. "$(dirname "$0")/../lib.sh"

PROG=build/images/user/procbench
if [ ! -x "$PROG" ] || ! build/images/mkcpio "$tmp/p.cpio" /init="$PROG" >"$tmp/mkcpio.out" 2>&1; then
	bad "procbench initramfs" "no $PROG or mkcpio failed (make all)"
	summary jit-procs
	exit 1
fi
kargs=(-kernel build/guest/bzImage -initrd "$tmp/p.cpio")
APPEND="console=ttyS0 loglevel=4 -- 40 2048 4096"
args=(-no-reboot -no-pace -display none -serial stdio -stats -rr-interval 2000000)

# rec TIER NAME [ENV...]: record a run under TIER into $tmp/NAME.rec.
rec() {
	local tier=$1 name=$2
	shift 2
	env "$@" timeout 60 $L -accel "$tier" "${args[@]}" -record "$tmp/$name.rec" "${kargs[@]}" \
		-append "$APPEND" </dev/null >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.st"
}
icount() { sed -n 's/^lucid: \([0-9]*\) instructions executed.*/\1/p' "$1"; }

rec interp i
rec jit j
rec jit jh LUCID_JIT_HOT=1
for n in i j jh; do
	tr -d '\r' <"$tmp/$n.out" >"$tmp/$n.txt"
done
if grep -q '^procbench: done at [0-9]*, workload [0-9]*, checksum [0-9a-f]*, 0 errors$' "$tmp/i.txt" &&
	grep -q '^procbench: fork+exec+exit+wait [1-9]' "$tmp/i.txt"; then
	ok "workload done under interp ($(grep -o 'workload [0-9]*' "$tmp/i.txt") instructions)"
else bad "workload done under interp" "$(tail -c 300 "$tmp/i.txt" | tr '\n' '|') $(head -c 200 "$tmp/i.err")"; fi
for n in j jh; do
	if grep -q '^procbench: done' "$tmp/$n.txt" && cmp -s "$tmp/i.out" "$tmp/$n.out"; then
		ok "jit ($n) output identical to interp's (RDTSC figures included)"
	else bad "jit ($n) output identical to interp's" "$(diff "$tmp/i.txt" "$tmp/$n.txt" | head -4 | tr '\n' '|')"; fi
	a=$(icount "$tmp/i.err"); b=$(icount "$tmp/$n.err")
	if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$(cat "$tmp/i.st")" = "$(cat "$tmp/$n.st")" ]; then
		ok "jit ($n) final icount and status as interp's ($a, status $(cat "$tmp/i.st"))"
	else bad "jit ($n) final icount and status as interp's" "'$a' vs '$b'"; fi
done

# rep LOG TIER NAME [ENV...]: replay a log under TIER; stderr in NAME.err.
rep() {
	local log=$1 tier=$2 name=$3
	shift 3
	env "$@" timeout 60 $L -accel "$tier" "${args[@]}" -replay "$log" "${kargs[@]}" \
		-append "$APPEND" </dev/null >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.st"
}
check_rep() {	# check_rep RECORDING REPLAY LABEL
	local d
	d=$(grep -o '[0-9]* digests' "$tmp/$2.err")
	if grep -q "replay identical to the recording" "$tmp/$2.err" && [ "${d%% *}" -ge 10 ] &&
		cmp -s "$tmp/$1.out" "$tmp/$2.out" && [ "$(cat "$tmp/$1.st")" = "$(cat "$tmp/$2.st")" ] &&
		[ "$(icount "$tmp/$1.err")" = "$(icount "$tmp/$2.err")" ]; then
		ok "$3 ($d, icount $(icount "$tmp/$2.err"))"
	else bad "$3" "status $(cat "$tmp/$2.st"): $(grep -v '^lucid: [0-9]* instr' "$tmp/$2.err" | head -c 300)"; fi
}
rep "$tmp/i.rec" jit i2j
check_rep i i2j "recorded under interp, replayed under jit"
rep "$tmp/i.rec" jit i2jh LUCID_JIT_HOT=1
check_rep i i2jh "recorded under interp, replayed under jit (every block translated)"
rep "$tmp/j.rec" interp j2i
check_rep j j2i "recorded under jit, replayed under interp"
rep "$tmp/jh.rec" interp jh2i
check_rep jh jh2i "recorded under jit (every block translated), replayed under interp"

# A damaged or mismatched log is refused (status 2, one line), under either tier.
flip() {	# flip FILE OFFSET: xor one byte with 0x20
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\x$(printf %02x $((b ^ 0x20)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
size=$(stat -c %s "$tmp/j.rec")
cp "$tmp/j.rec" "$tmp/f.rec"
flip "$tmp/f.rec" $((size / 2))
rep "$tmp/f.rec" interp flipped
if [ "$(cat "$tmp/flipped.st")" = 2 ] && grep -q "damaged" "$tmp/flipped.err" &&
	! grep -q "replay identical" "$tmp/flipped.err"; then ok "a log with a flipped byte refused"
else bad "a log with a flipped byte refused" "status $(cat "$tmp/flipped.st"): $(head -c 200 "$tmp/flipped.err")"; fi
head -c $((size * 2 / 3)) "$tmp/i.rec" >"$tmp/t.rec"
rep "$tmp/t.rec" jit cut
if [ "$(cat "$tmp/cut.st")" = 2 ] && grep -q "truncated" "$tmp/cut.err"; then ok "a cut log refused"
else bad "a cut log refused" "status $(cat "$tmp/cut.st"): $(head -c 200 "$tmp/cut.err")"; fi
APPEND="console=ttyS0 loglevel=4 -- 41 2048 4096" rep "$tmp/i.rec" jit other
if [ "$(cat "$tmp/other.st")" = 2 ] && grep -q "append differs" "$tmp/other.err"; then
	ok "a log replayed with another workload refused"
else bad "a log replayed with another workload refused" "status $(cat "$tmp/other.st"): $(head -c 200 "$tmp/other.err")"; fi

summary jit-procs
