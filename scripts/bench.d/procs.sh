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
# per KiB, per fault) are printed for Lucid and QEMU -icount.
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
APPEND="console=ttyS0 loglevel=4 -- $ARGS"

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

declare -A WALL MIPS
# run NAME CMD...: one run, its line of figures; sets WALL[NAME], MIPS[NAME].
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
	[ -n "${N_ICOUNT:-}" ] && [ "$name" = qemu ] && n=$N_ICOUNT
	WALL[$name]=$(awk -v s="$s" -v d="$d" 'BEGIN { printf "%.3f", d - s }')
	MIPS[$name]=$(awk -v n="$n" -v w="${WALL[$name]}" 'BEGIN { printf "%.1f", w > 0 ? n / w / 1e6 : 0 }')
	printf 'procs: %-12s workload %7.3f s wall, %s guest instructions, %s MIPS; whole run %.3f s wall, %.3f s CPU' \
		"$name" "${WALL[$name]}" "$n" "${MIPS[$name]}" "$wall" "$cpu"
	if [ -n "$total" ]; then
		printf ', %s instructions (-stats; boot to the start line %s)' "$total" "$start"
	elif [ "$name" = qemu-icount ]; then
		printf ', %s virtual ns to the done line (boot to the start line %s)' "$done" "$start"
	fi
	echo
	[ "$name" = qemu ] || echo "procs: $name: $(grep -m1 '^procbench: fork' "$tmp/$name.txt" | sed 's/^procbench: //')"
	grep -q ', 0 errors$' "$tmp/$name.txt" ||
		echo "procs: $name: the workload reported errors: $(grep '^procbench: done' "$tmp/$name.txt")"
}
ratio() { awk -v a="${MIPS[$1]:-0}" -v b="${MIPS[$2]:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

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
run qemu "${Q[@]}"
echo "procs: MIPS ratios: jit/QEMU-icount $(ratio lucid-jit qemu-icount), interp/QEMU-icount" \
	"$(ratio lucid-interp qemu-icount), jit/interp $(ratio lucid-jit lucid-interp)," \
	"jit/QEMU $(ratio lucid-jit qemu), interp/QEMU $(ratio lucid-interp qemu)"
