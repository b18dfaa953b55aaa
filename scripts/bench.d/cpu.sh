#!/usr/bin/env bash
# CPU speed: the benchmark image (tests/bench/cpubench.S) with two loop
# counts, on Lucid under each tier, -accel interp and jit (build/lucid
# booting it through our BIOS, and
# build/tests/cpubench: the CPU alone on a bus) and on
# qemu-system-i386 -accel tcg -icount shift=0 (booted by SeaBIOS). Boot is
# excluded by differencing the two runs: MIPS = extra instructions / extra
# seconds. Both wall and CPU time are printed: on a loaded machine the wall
# figure mostly measures the load. Paging off, then on (4 KiB pages,
# identity map). Prints figures only, never fails on speed.
cd "$(dirname "$0")/../.."
bin=build/tests/cpubench
img=build/tests/bench/cpubench.bin
L1=${CPU_BENCH_L1:-50}
L2=${CPU_BENCH_L2:-550}
# QEMU is faster and time(1) counts CPU time in 10 ms steps: give it more.
QL2=${CPU_BENCH_QL2:-2050}
PER_LOOP=247812		# dynamic instructions per outer loop (cpubench.S)
if [ ! -x "$bin" ] || [ ! -f "$img" ]; then
	echo "cpu: $bin or $img not built"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# mkimg LOOPS PAGING OUT: the image with its loop count and paging flag set,
# padded to 64 KiB for QEMU's disk.
mkimg() {
	cp "$img" "$3"
	printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255)) "$2")" |
		dd of="$3" bs=1 seek=$((0x1F0)) conv=notrunc status=none
	truncate -s 64K "$3"
}

# f EXPR: floating-point arithmetic
f() { awk "BEGIN { printf \"%.1f\", $1 }"; }

qemu=$(command -v qemu-system-i386)
lucid=build/lucid
# The machine can run images once its help lists -stats.
if ! "$lucid" -h 2>/dev/null | grep -q -- '-stats'; then
	lucid=
fi

# timed CMD...: run it, print "wall cpu" seconds (user + sys).
timed() {
	/usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" >"$tmp/out" 2>"$tmp/err"
	tail -n 1 "$tmp/t" | awk '{ print $1, $2 + $3 }'	# after "Command exited..."
}
for paging in 0 1; do
	name=$([ $paging = 1 ] && echo "paging on (4K pages)" || echo "paging off")
	mkimg $L1 $paging "$tmp/a.img"
	mkimg $L2 $paging "$tmp/b.img"
	# Lucid, each tier (-accel interp|jit, LUCID_ACCEL for the harness):
	# the harness times cpu_run itself.
	get() { sed -n "s/^$1 //p" "$2"; }
	declare -A tier_w tier_c
	for tier in interp jit; do
		export LUCID_ACCEL=$tier
		"$bin" "$tmp/a.img" >"$tmp/a.out" || { echo "cpu: lucid run failed"; continue; }
		"$bin" "$tmp/b.img" >"$tmp/b.out" || { echo "cpu: lucid run failed"; continue; }
		if [ "$(get accel "$tmp/b.out")" != $tier ]; then
			echo "cpu: $name: no $tier tier on this host"
			continue
		fi
		ia=$(get icount "$tmp/a.out"); ib=$(get icount "$tmp/b.out")
		di=$((ib - ia))
		per=$((di / (L2 - L1)))
		check=$([ $per = $PER_LOOP ] && echo "as computed" || echo "EXPECTED $PER_LOOP")
		lw=$(awk "BEGIN { print $(get seconds "$tmp/b.out") - $(get seconds "$tmp/a.out") }")
		lc=$(awk "BEGIN { print $(get cpu_seconds "$tmp/b.out") - $(get cpu_seconds "$tmp/a.out") }")
		lmw=$(f "$di / $lw / 1e6"); lmc=$(f "$di / $lc / 1e6")
		tier_w[$tier]=$lmw; tier_c[$tier]=$lmc
		echo "cpu: $name: $di instructions timed ($per per loop, $check)"
		echo "cpu: $name: lucid $tier (CPU alone, cpubench) $lmw MIPS wall, $lmc MIPS cpu time"
		if [ -n "$lucid" ]; then
			# The whole machine: BIOS boot, then the image; -stats gives icount.
			read -r maw mac <<<"$(timed "$lucid" -accel $tier -display none -stats -m 16 "$tmp/a.img")"
			mia=$(sed -n 's/^lucid: \([0-9]*\) instructions executed.*/\1/p' "$tmp/err")
			read -r mbw mbc <<<"$(timed "$lucid" -accel $tier -display none -stats -m 16 "$tmp/b.img")"
			mib=$(sed -n 's/^lucid: \([0-9]*\) instructions executed.*/\1/p' "$tmp/err")
			if [ -n "$mia" ] && [ -n "$mib" ]; then
				mdi=$((mib - mia))
				lmw=$(awk "BEGIN { d = $mbw - $maw; printf \"%.1f\", (d > 0 ? $mdi / d / 1e6 : 0) }")
				lmc=$(awk "BEGIN { d = $mbc - $mac; printf \"%.1f\", (d > 0 ? $mdi / d / 1e6 : 0) }")
				echo "cpu: $name: lucid $tier (build/lucid, whole machine) $lmw MIPS wall, $lmc MIPS cpu time ($((mdi / (L2 - L1))) per loop)"
			else
				echo "cpu: $name: build/lucid did not report its instruction count"
			fi
		fi
	done
	unset LUCID_ACCEL
	if [ -n "${tier_c[jit]:-}" ] && [ -n "${tier_c[interp]:-}" ]; then
		echo "cpu: $name: jit/interp ratio (CPU alone) $(awk "BEGIN { printf \"%.2f\", ${tier_w[jit]} / ${tier_w[interp]} }") wall, $(awk "BEGIN { printf \"%.2f\", ${tier_c[jit]} / ${tier_c[interp]} }") cpu time"
	fi
	if [ -z "$qemu" ]; then
		echo "cpu: qemu-system-i386 not found: no comparison"
		continue
	fi
	qrun() {
		timed "$qemu" -accel tcg -icount shift=0 -display none -nodefaults -no-reboot \
			-m 16 -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
			-drive file="$1",format=raw,if=ide
	}
	mkimg $QL2 $paging "$tmp/q.img"
	qdi=$(((QL2 - L1) * PER_LOOP))
	read -r qaw qac <<<"$(qrun "$tmp/a.img")"
	read -r qbw qbc <<<"$(qrun "$tmp/q.img")"
	qw=$(awk "BEGIN { print $qbw - $qaw }")
	qc=$(awk "BEGIN { print $qbc - $qac }")
	qmw=$(awk "BEGIN { printf \"%.1f\", ($qw > 0 ? $qdi / $qw / 1e6 : 0) }")
	qmc=$(awk "BEGIN { printf \"%.1f\", ($qc > 0 ? $qdi / $qc / 1e6 : 0) }")
	echo "cpu: $name: qemu -icount shift=0 $qmw MIPS wall, $qmc MIPS cpu time ($qdi instructions timed)"
	for tier in interp jit; do
		[ -n "${tier_c[$tier]:-}" ] || continue
		echo "cpu: $name: lucid $tier/qemu ratio (CPU alone) $(awk "BEGIN { printf \"%.2f\", ($qmw > 0 ? ${tier_w[$tier]} / $qmw : 0) }") wall, $(awk "BEGIN { printf \"%.2f\", ($qmc > 0 ? ${tier_c[$tier]} / $qmc : 0) }") cpu time"
	done
done
echo "cpu: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
