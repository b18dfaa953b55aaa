#!/usr/bin/env bash
# The translation tier (emu/cpu/jit/, -accel jit) against the interpreter:
# a cheap representative of every CPU group run with LUCID_ACCEL=jit and
# LUCID_JIT_HOT=1 (every block translated on its first whole run, so code
# that runs once is translated too): Unicorn differential streams, the raw
# fuzzer, the tests/cpu ROMs, the SMC ROM on every model, the REP ROM on the
# whole machine. Then proof that translated code ran at all (the benchmark
# loop's translator statistics, the same icount under both tiers), some ROMs
# with a small code cache (LUCID_JIT_CACHE_KB), and a
# boot recorded under one tier replayed under the other, both ways, with
# identical digests, serial output and screen. -accel's bad values refused.
. "$(dirname "$0")/../lib.sh"
CT=build/tests/cpu
export LUCID_JIT_HOT=1

# The differential streams and the raw fuzzer, under the translator.
for args in "-s 7 -n 20000 -k tests/difftest/unicorn-known.txt" "-r -s 7 -n 30000"; do
	LUCID_ACCEL=jit timeout 120 build/tests/difftest $args >"$tmp/d.out" 2>/dev/null
	st=$?
	line=$(tail -n 1 "$tmp/d.out")
	if [ $st = 0 ] && grep -Eq ': [1-9][0-9]* passed, 0 failed$' <<<"$line"; then
		ok "jit difftest $args ($line)"
	else
		bad "jit difftest $args" "status $st: $line"
	fi
done

# Every CPU ROM with its expected output (as group 50 does), translated.
for rom in $CT/*.rom; do
	name=$(basename "$rom" .rom)
	exp=tests/cpu/expected/$name.txt
	[ -e "$exp" ] || continue
	LUCID_ACCEL=jit timeout 20 $CT/cpu_run "$rom" >"$tmp/out" 2>/dev/null
	rc=$?
	if [ $rc = 1 ] && cmp -s "$tmp/out" "$exp"; then ok "jit cpu_run $name"
	else bad "jit cpu_run $name (status $rc)"; diff "$exp" "$tmp/out" | head -5; fi
done
for m in 386 486 pentium; do
	LUCID_ACCEL=jit timeout 20 $CT/cpu_run -cpu $m $CT/smc.rom >"$tmp/out" 2>/dev/null
	rc=$?
	if [ $rc = 1 ] && cmp -s "$tmp/out" tests/cpu/expected/smc.txt; then ok "jit cpu_run -cpu $m smc"
	else bad "jit cpu_run -cpu $m smc (status $rc)"; fi
done
rm -f "$tmp/out"
timeout 30 $L -accel jit -bios build/tests/rep/rep.rom -display none -no-pace -m 16 \
	-debugcon file:"$tmp/out" >/dev/null 2>&1
rc=$?
if [ $rc = 1 ] && cmp -s "$tmp/out" tests/rep/expected/rep.txt; then ok "lucid -accel jit rep.rom"
else bad "lucid -accel jit rep.rom (status $rc)"; fi

# Translated code ran, and counted exactly what the interpreter counts.
img=$tmp/bench.img
cp build/tests/bench/cpubench.bin "$img"
printf '\x03\x00\x00\x00\x01' | dd of="$img" bs=1 seek=$((0x1F0)) conv=notrunc status=none
LUCID_ACCEL=interp build/tests/cpubench "$img" >"$tmp/i.out" 2>&1
LUCID_ACCEL=jit build/tests/cpubench "$img" >"$tmp/j.out" 2>&1
get() { sed -n "s/^$1 //p" "$2"; }
ii=$(get icount "$tmp/i.out"); ij=$(get icount "$tmp/j.out")
jb=$(get jit_blocks "$tmp/j.out"); ib=$(get jit_blocks "$tmp/i.out")
if [ "$(get accel "$tmp/j.out")" = jit ] && [ "${jb:-0}" -gt 100000 ] && [ "$ib" = 0 ]; then
	ok "translated blocks ran ($jb under jit, $ib under interp)"
else bad "translated blocks ran" "jit_blocks '$jb' / '$ib'"; fi
if [ -n "$ii" ] && [ "$ii" = "$ij" ]; then ok "same icount under both tiers ($ii, paging on)"
else bad "same icount under both tiers" "'$ii' vs '$ij'"; fi
# Chained translations (one jumping into the next, jit/path.c), from the
# dual-mapped code cache.
jl=$(get jit_links "$tmp/j.out")
if [ "$(get jit_dual "$tmp/j.out")" = 1 ] && [ "${jl:-0}" -gt 0 ]; then
	ok "dual-mapped code cache, $jl chain slots patched"
else bad "dual-mapped code cache and chaining" "dual '$(get jit_dual "$tmp/j.out")' links '$jl'"; fi
jm=$(get jit_inlined_mem "$tmp/j.out")
if [ "${jm:-0}" -gt 0 ]; then ok "loads/stores with the soft TLB inline ($jm)"
else bad "loads/stores with the soft TLB inline" "'$jm'"; fi
# The same run without chaining, with the mprotect cache (no chaining
# there) and with calls only (no inline forms): the same icount and output.
for env in LUCID_JIT_CHAIN=0:links LUCID_JIT_DUAL=0:links LUCID_JIT_INLINE=0:inlined_mem; do
	stat=${env#*:} env=${env%:*}
	env $env LUCID_ACCEL=jit build/tests/cpubench "$img" >"$tmp/n.out" 2>&1
	if [ "$(get icount "$tmp/n.out")" = "$ij" ] && [ "$(get jit_$stat "$tmp/n.out")" = 0 ] &&
	   cmp -s <(grep -v -E '^(seconds|cpu_seconds|mips|jit_)' "$tmp/n.out") \
		  <(grep -v -E '^(seconds|cpu_seconds|mips|jit_)' "$tmp/j.out"); then
		ok "$env: jit_$stat 0, the same icount and output ($ij)"
	else bad "$env: jit_$stat 0, the same icount and output"; fi
done

# The ROMs again with an 8 KiB code cache (its flushes when full are
# counted in the unit test cpu_jit/full_cache_flushes_whole).
for name in paging smc task; do
	LUCID_ACCEL=jit LUCID_JIT_CACHE_KB=8 timeout 20 $CT/cpu_run $CT/$name.rom >"$tmp/out" 2>/dev/null
	rc=$?
	if [ $rc = 1 ] && cmp -s "$tmp/out" tests/cpu/expected/$name.txt; then
		ok "jit cpu_run $name with an 8 KiB code cache"
	else bad "jit cpu_run $name with an 8 KiB code cache (status $rc)"; fi
done

# Record under one tier, replay under the other: identical digests.
cp build/images/lucid.img "$tmp/lucid.img"
build/images/mkdisk cmdline "$tmp/lucid.img" "console=ttyS0 selftest=boot" >/dev/null
args=(-cpu p6 -no-reboot -display none -serial stdio)
for rec in interp jit; do
	rep=$([ $rec = jit ] && echo interp || echo jit)
	printf 'typed while booting\n' | timeout 60 $L -accel $rec "${args[@]}" \
		-record "$tmp/$rec.rec" -rr-interval 5000000 -screen-dump "$tmp/$rec.scr" \
		"$tmp/lucid.img" >"$tmp/$rec.out" 2>"$tmp/$rec.err"
	rst=$?
	timeout 60 $L -accel $rep "${args[@]}" -replay "$tmp/$rec.rec" -screen-dump "$tmp/$rep.scr2" \
		"$tmp/lucid.img" </dev/null >"$tmp/$rep.out2" 2>"$tmp/$rep.err2"
	st=$?
	if grep -q "selftest:" "$tmp/$rec.out" && [ $st = $rst ] &&
		grep -q "replay identical to the recording" "$tmp/$rep.err2" &&
		cmp -s "$tmp/$rec.out" "$tmp/$rep.out2" && cmp -s "$tmp/$rec.scr" "$tmp/$rep.scr2"; then
		ok "recorded under $rec, replayed under $rep ($(grep -o '[0-9]* digests' "$tmp/$rep.err2"))"
	else
		bad "recorded under $rec, replayed under $rep" \
			"status $st vs $rst: $(head -c 200 "$tmp/$rep.err2")"
	fi
done

# Bad values: one line, status 2 (the options' rule).
$L -accel tcg -display none >/dev/null 2>"$tmp/err"
status_is "-accel tcg refused" $? 2
expect_in "$tmp/err" "-accel tcg names the choices" "expected interp or jit"

summary cpu-jit
