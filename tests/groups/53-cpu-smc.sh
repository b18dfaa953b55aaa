#!/usr/bin/env bash
# Self-modifying code, CPU model differences and time travel (tests/cpu/
# smc.S, tests/cpu/disk/smc_ata.S, the -cpu 386 runs of tests/cpu ROMs that
# have an expected/NAME.386.txt, such as pde_a.S):
#  - smc.rom on the bare CPU under every model (Lucid has no prefetch
#    queue: a write is seen by the next instruction on every model, so the
#    output is the same), on the whole machine with -cpu 386, and on QEMU
#    as a 486 (group 50 runs it as a P6 on all three);
#  - smc_ata.rom: ATA reads into decoded code, on the whole machine with a
#    small disk made here, and on QEMU;
#  - the time-travel invariant: the guest boot and all its self-tests
#    (interrupts, disk I/O, context switches), the state digest after
#    `seek N` for pseudo-random N (fixed seed, random order) equal to the
#    digest a straight run has at icount N, and after reverse-stepi/stepi
#    pairs.
. "$(dirname "$0")/../lib.sh"
qemu=$(command -v qemu-system-i386)
CT=build/tests/cpu

# expect NAME EXPECTED-FILE CMD...: CMD's debugcon output (written to
# $tmp/out) must equal the file and the status be 1 (isa-debug-exit 0).
expect() {
	local name=$1 exp=$2
	shift 2
	rm -f "$tmp/out"
	timeout 30 "$@" >"$tmp/stdout" 2>"$tmp/err"
	local rc=$?
	[ -e "$tmp/out" ] || cp "$tmp/stdout" "$tmp/out"
	if [ "$rc" -eq 1 ] && cmp -s "$tmp/out" "$exp"; then
		ok "$name"
	else
		bad "$name (status $rc)"
		diff "$exp" "$tmp/out" | head -10
	fi
}

# --- self-modifying code on every model
for m in 386 486 pentium p6; do
	expect "cpu_run -cpu $m smc" tests/cpu/expected/smc.txt $CT/cpu_run -cpu $m $CT/smc.rom
done
expect "lucid -cpu 386 -bios smc" tests/cpu/expected/smc.txt \
	$L -cpu 386 -bios $CT/smc.rom -display none -no-pace -debugcon file:"$tmp/out"
if [ -n "$qemu" ]; then
	expect "qemu -cpu 486 smc" tests/cpu/expected/smc.txt \
		"$qemu" -M pc -cpu 486 -m 16 -bios $CT/smc.rom -display none -nodefaults \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -debugcon file:"$tmp/out"
fi

# --- model differences: a ROM with expected/NAME.386.txt runs with -cpu 386
# against it (and with -cpu 486 against NAME.txt, the later models' result)
for exp in tests/cpu/expected/*.386.txt; do
	name=$(basename "$exp" .386.txt)
	expect "cpu_run -cpu 386 $name" "$exp" $CT/cpu_run -cpu 386 $CT/$name.rom
	expect "lucid -cpu 386 -bios $name" "$exp" \
		$L -cpu 386 -bios $CT/$name.rom -display none -no-pace -debugcon file:"$tmp/out"
	expect "cpu_run -cpu 486 $name" tests/cpu/expected/$name.txt $CT/cpu_run -cpu 486 $CT/$name.rom
done
# Stack-size cases behave the same on every model.
expect "cpu_run -cpu 386 stack" tests/cpu/expected/stack.txt $CT/cpu_run -cpu 386 $CT/stack.rom

# --- ATA reads into code: sectors 1-3 hold "mov $0xNN, %eax; ret"
python3 - "$tmp/smc.img" <<'PY'
import sys
img = bytearray(8 * 512)
for k, v in ((1, 0x11), (2, 0x22), (3, 0x33)):
    img[k * 512:k * 512 + 6] = bytes([0xB8, v, 0, 0, 0, 0xC3])
open(sys.argv[1], "wb").write(img)
PY
for m in p6 386; do
	expect "lucid -cpu $m -bios smc_ata" tests/cpu/expected/smc_ata.txt \
		$L -cpu $m -bios $CT/disk/smc_ata.rom -display none -no-pace -snapshot \
		-debugcon file:"$tmp/out" "$tmp/smc.img"
done
if [ -n "$qemu" ]; then
	expect "qemu smc_ata" tests/cpu/expected/smc_ata.txt \
		"$qemu" -M pc -cpu pentium2 -m 16 -bios $CT/disk/smc_ata.rom -display none \
		-nodefaults -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-drive file="$tmp/smc.img",format=raw,if=ide,snapshot=on -debugcon file:"$tmp/out"
fi

# --- info tlb counts the fast path too (estimated per block): after 50
# million instructions of the guest boot the hits must outnumber the page
# walks, and the block and memory-operand counts must be there.
printf '%s\n' "continue 50000000" "info tlb" >"$tmp/tlb.gdb"
$L -cpu p6 -no-reboot -display none -serial none -snapshot -debug-script "$tmp/tlb.gdb" \
	build/images/lucid.img </dev/null >"$tmp/tlb.out" 2>&1
read -r hits fast walks <<<"$(sed -nE \
	's/^hits ([0-9]+) \(fast path ~([0-9]+), slow path [0-9]+\)  misses \(walks\) ([0-9]+) .*/\1 \2 \3/p' \
	"$tmp/tlb.out")"
blocks=$(sed -nE 's/^fast path counted per block: ([0-9]+) blocks run.*/\1/p' "$tmp/tlb.out")
if [ -n "$hits" ] && [ -n "$blocks" ] && [ "$hits" -gt "$walks" ] && [ "$fast" -gt 0 ] &&
	[ "$blocks" -gt 0 ]; then
	ok "info tlb: $hits hits ($fast on the fast path), $walks walks, $blocks blocks"
else
	bad "info tlb: hits '$hits' fast '$fast' walks '$walks' blocks '$blocks'"
	grep -E '^hits|^fast' "$tmp/tlb.out"
fi

# --- time travel: seek N and reverse-stepi/stepi against a straight run
# tt_check NAME END INTERVAL NPTS NPAIRS LUCID-ARGS...: NPTS points from a
# fixed-seed LCG in [1, END), and NPAIRS more each with its successor. A
# straight run continues to each point in order and prints the digest
# there; a time-travel run (checkpoints every INTERVAL) runs to END, then
# seeks the points in LCG order (back and forth) and, for each pair, seeks
# N+1, reverse-stepi, digest, stepi, digest. Every digest must be the
# straight run's at the same icount.
tt_check() {
	local name=$1 end=$2 interval=$3 npts=$4 npairs=$5
	shift 5
	local x=16 k n pts=() pairs=()
	for k in $(seq 1 $((npts + npairs))); do
		x=$(((x * 1103515245 + 12345) % 2147483648))
		n=$((1 + x % (end - 2)))
		if [ "$k" -le "$npts" ]; then pts+=("$n"); else pairs+=("$n"); fi
	done
	local all
	all=$(printf '%s\n' "${pts[@]}" "${pairs[@]}" \
		$(for n in "${pairs[@]}"; do echo $((n + 1)); done) | sort -n -u)
	local at=0
	for n in $all; do
		echo "continue $((n - at))"
		echo "info digest"
		at=$n
	done >"$tmp/straight.gdb"
	{
		echo "timetravel on $interval"
		echo "continue $end"
		for n in "${pts[@]}"; do
			echo "seek $n"
			echo "info digest"
		done
		for n in "${pairs[@]}"; do
			echo "seek $((n + 1))"
			echo "reverse-stepi"
			echo "info digest"
			echo "stepi"
			echo "info digest"
		done
	} >"$tmp/tt.gdb"
	timeout 300 $L "$@" -debug-script "$tmp/straight.gdb" </dev/null 2>&1 |
		grep '^digest icount' >"$tmp/straight.dig"
	timeout 300 $L "$@" -debug-script "$tmp/tt.gdb" </dev/null 2>&1 |
		grep '^digest icount' >"$tmp/tt.dig"
	local want got
	want=$(wc -w <<<"$all")
	got=$(wc -l <"$tmp/straight.dig")
	if [ "$got" -ne "$want" ]; then
		bad "$name: straight run gave $got digests of $want"
		return
	fi
	local seeks=0 bad=0 ic sum eip ref
	while read -r _ _ ic _ sum _ eip; do
		ref=$(grep "^digest icount $ic " "$tmp/straight.dig")
		seeks=$((seeks + 1))
		if [ "$ref" != "digest icount $ic sum $sum eip $eip" ]; then
			bad=$((bad + 1))
			[ "$bad" -le 3 ] && echo "    icount $ic: sum $sum eip $eip, straight: ${ref:-none}"
		fi
	done <"$tmp/tt.dig"
	if [ "$seeks" -eq $((npts + 2 * npairs)) ] && [ "$bad" -eq 0 ]; then
		ok "$name: $seeks digests after seek and reverse-stepi/stepi equal a straight run's"
	else
		bad "$name: $bad of $seeks digests differ (want $((npts + 2 * npairs)) digests)"
	fi
}

# The guest boot with every self-test (about 633 million instructions).
img=$tmp/lucid.img
cp build/images/lucid.img "$img"
build/images/mkdisk cmdline "$img" "console=ttyS0 selftest=all" >/dev/null
tt_check "time travel, guest boot and self-tests" 600000000 20000000 16 6 \
	-cpu p6 -no-reboot -display none -serial none -snapshot "$img"
# The self-modifying code ROM (about 20000 instructions): a straight run
# that ran stale code would differ from seeks, which start from a
# checkpoint with an empty block cache.
tt_check "time travel, smc.rom" 19900 500 40 10 \
	-bios $CT/smc.rom -no-reboot -display none -debugcon none

summary cpu-smc
