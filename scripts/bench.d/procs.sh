#!/usr/bin/env bash
# A guest workload of processes (images/initramfs/procbench.c as the
# initramfs's /init on the lucix kernel: fork+execve+exit+waitpid rounds, a
# stream through a pipe between two processes, demand-zero page faults), the
# same kernel, initramfs and command line on:
#  - Lucid under each CPU tier (-accel interp, -accel jit);
#  - QEMU TCG with -icount shift=0 (one instruction a virtual nanosecond, so
#    the guest's RDTSC counts instructions) and QEMU TCG without -icount.
# For each: the wall time of the workload (from its "procbench: start" line
# to its "procbench: done" line as read on the serial line), the workload's
# guest instructions (its own RDTSC delta: Lucid's TSC is its instruction
# count; QEMU without -icount has no count, so its MIPS use the -icount run's
# count for the same work), MIPS, and the whole run's wall and CPU time and
# instructions (Lucid: -stats; QEMU -icount: the TSC at the done line).
# Then the MIPS ratios jit/QEMU-icount, interp/QEMU-icount, jit/interp and
# jit/QEMU without -icount. The guest's own figures (instructions per round,
# per KiB, per fault) are printed for Lucid and QEMU -icount, and last for
# Debian's Linux on QEMU -icount (the same program as its init).
# PROCS_ARGS="ROUNDS PIPE_KIB FAULT_PAGES" sets the workload (default
# 300 8192 16384). The host's load average is printed: the figures are wall
# and CPU time on a shared machine.
cd "$(dirname "$0")/../.."
PROG=build/images/user/procbench
KERNEL=build/guest/bzImage
[ -x "$PROG" ] && [ -f "$KERNEL" ] && [ -x build/lucid ] && [ -x build/images/mkcpio ] ||
	{ echo "procs: build first (make all)"; exit 0; }
ARGS=${PROCS_ARGS:-300 8192 16384}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/images/mkcpio "$tmp/p.cpio" /init="$PROG" >/dev/null || { echo "procs: mkcpio failed"; exit 0; }
# nowatchdog: under QEMU without -icount the guest's clock follows the host's,
# and on a loaded host a stall of the vCPU thread looks like a soft lockup
# to lucix's watchdog, which panics (seen at boot at load 15).
APPEND="console=ttyS0 loglevel=4 nowatchdog -- $ARGS"

# timer.py LOG CMD...: runs CMD with its output in LOG; prints the wall times
# of the start and done lines, the whole run's wall time and its CPU time.
cat >"$tmp/timer.py" <<'EOF'
import os, resource, subprocess, sys, time
log = open(sys.argv[1], 'wb')
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT)
marks, buf = {}, b''
while True:
    data = os.read(p.stdout.fileno(), 65536)
    if not data:
        break
    log.write(data)
    buf = (buf + data)[-4096:]
    now = time.monotonic() - t0
    for key in (b'procbench: start', b'procbench: done'):
        if key not in marks and key in buf:
            marks[key] = now
p.wait()
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print('%.3f %.3f %.3f %.3f' % (marks.get(b'procbench: start', -1), marks.get(b'procbench: done', -1),
                               wall, ru.ru_utime + ru.ru_stime))
EOF

declare -A WALL MIPS CMIPS
# run NAME CMD...: one run, its line of figures; sets WALL[NAME], MIPS[NAME]
# (the workload by wall time) and CMIPS[NAME] (the whole run by CPU time).
run() {
	local name=$1 t s d wall cpu n start done total
	shift
	t=$(timeout 900 python3 "$tmp/timer.py" "$tmp/$name.log" "$@")
	read -r s d wall cpu <<<"$t"
	tr -d '\r' <"$tmp/$name.log" >"$tmp/$name.txt"
	if [ "${d:--1}" = -1.000 ] || [ -z "$d" ]; then
		echo "procs: $name: no done line ($(tail -c 200 "$tmp/$name.txt" | tr '\n' '|'))"
		return 1
	fi
	start=$(sed -n 's/^procbench: start at \([0-9]*\).*/\1/p' "$tmp/$name.txt")
	n=$(sed -n 's/^procbench: done at .*, workload \([0-9]*\),.*/\1/p' "$tmp/$name.txt")
	done=$(sed -n 's/^procbench: done at \([0-9]*\),.*/\1/p' "$tmp/$name.txt")
	total=$(grep -oE '^lucid: [0-9]+ instructions executed' "$tmp/$name.txt" | grep -oE '[0-9]+')
	[ -z "$total" ] && total=$done	# QEMU -icount: virtual ns = instructions
	[ "$name" = qemu ] && n=${N_ICOUNT:-0} && total=${T_ICOUNT:-0}
	WALL[$name]=$(awk -v s="$s" -v d="$d" 'BEGIN { printf "%.3f", d - s }')
	MIPS[$name]=$(awk -v n="$n" -v w="${WALL[$name]}" 'BEGIN { printf "%.1f", (w > 0 ? n / w / 1e6 : 0) }')
	CMIPS[$name]=$(awk -v n="$total" -v c="$cpu" 'BEGIN { printf "%.1f", (c > 0 ? n / c / 1e6 : 0) }')
	printf 'procs: %-12s workload %7.3f s wall, %s guest instructions, %s MIPS; whole run %.3f s wall, %.3f s CPU, %s instructions, %s MIPS by CPU time' \
		"$name" "${WALL[$name]}" "$n" "${MIPS[$name]}" "$wall" "$cpu" "$total" "${CMIPS[$name]}"
	case $name in
	lucid-*) echo " (-stats; TSC at the start line $start)" ;;
	qemu-icount) echo " (the TSC at the done line; at the start line $start)" ;;
	*) echo " (counts from the -icount run)" ;;
	esac
	[ "$name" = qemu ] || echo "procs: $name: $(grep -m1 '^procbench: fork' "$tmp/$name.txt" | sed 's/^procbench: //')"
	grep -q ', 0 errors$' "$tmp/$name.txt" ||
		echo "procs: $name: the workload reported errors: $(grep '^procbench: done' "$tmp/$name.txt")"
}
ratio() {	# ratio A B [CMIPS]
	local a=${MIPS[$1]:-0} b=${MIPS[$2]:-0}
	[ -n "${3:-}" ] && a=${CMIPS[$1]:-0} && b=${CMIPS[$2]:-0}
	awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

echo "procs: workload $ARGS (exec rounds, pipe KiB, fault pages); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for accel in interp jit; do
	run "lucid-$accel" build/lucid -accel $accel -no-pace -stats -display none -serial stdio -no-reboot \
		-kernel "$KERNEL" -initrd "$tmp/p.cpio" -append "$APPEND"
done
if ! command -v qemu-system-i386 >/dev/null; then
	echo "procs: no qemu-system-i386: no comparison"
	exit 0
fi
Q=(qemu-system-i386 -m 64 -display none -serial stdio -no-reboot
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$KERNEL" -initrd "$tmp/p.cpio" -append "$APPEND")
run qemu-icount "${Q[@]}" -icount shift=0
N_ICOUNT=$(sed -n 's/^procbench: done at .*, workload \([0-9]*\),.*/\1/p' "$tmp/qemu-icount.txt" 2>/dev/null)
T_ICOUNT=$(sed -n 's/^procbench: done at \([0-9]*\),.*/\1/p' "$tmp/qemu-icount.txt" 2>/dev/null)
run qemu "${Q[@]}"
for c in "" cpu; do
	echo "procs: MIPS ratios ($([ -n "$c" ] && echo "whole run by CPU time" || echo "workload by wall time")):" \
		"jit/QEMU-icount $(ratio lucid-jit qemu-icount $c), interp/QEMU-icount" \
		"$(ratio lucid-interp qemu-icount $c), jit/interp $(ratio lucid-jit lucid-interp $c)," \
		"jit/QEMU $(ratio lucid-jit qemu $c), interp/QEMU $(ratio lucid-interp qemu $c)"
done

# The same program as init of Debian's 32-bit Linux (linux-image-686, unpacked
# by `make deps` into /opt/linux-i386) on QEMU -icount shift=0: the guest's
# own figures, in guest instructions, beside lucix's.
K=$(ls ${LINUX_I386:-/opt/linux-i386}/vmlinuz-* 2>/dev/null | head -1)
if [ -z "$K" ]; then
	echo "procs: no Debian i386 kernel in /opt/linux-i386 (make deps): no Linux comparison"
	exit 0
fi
timeout 900 qemu-system-i386 -m 64 -icount shift=0 -display none -serial stdio -no-reboot -kernel "$K" \
	-initrd "$tmp/p.cpio" -append "console=ttyS0 quiet rdinit=/init -- $ARGS" </dev/null 2>&1 |
	tr -d '\r' >"$tmp/linux.txt"
echo "procs: Linux $(basename "$K" | sed 's/vmlinuz-//') on QEMU -icount:" \
	"$(grep -m1 '^procbench: fork' "$tmp/linux.txt" | sed 's/^procbench: //' || true)" \
	"$(grep -m1 '^procbench: done' "$tmp/linux.txt" | sed 's/^procbench: done at [0-9]*, //')"
grep -q '^procbench: done' "$tmp/linux.txt" ||
	echo "procs: Linux: no done line ($(tail -c 200 "$tmp/linux.txt" | tr '\n' '|'))"
