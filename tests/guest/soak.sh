#!/bin/sh
# The soak workload (run as init by tests/guest/soak-run.sh on a copy of the
# default image): for SECONDS of the machine's time, rounds of shell work,
# file churn on the ext2 root, pipes between processes, the OOM test, and
# module load/unload when the image has modules. Memory (free pages after
# dropping caches, slab objects) must come back to what it was after the
# first round. Ends with "soak: PASS ..." or "soak: FAIL ...", a sync and a
# power-off.
secs=${1:-10}
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
mount -o remount,rw /
mkdir -p /root/soak

uptime_s() { cut -d. -f1 /proc/uptime; }
# free pages and slab objects once the caches are dropped
mem_line() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	free=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
	slab=$(awk 'NR > 2 { n += $2 } END { print n }' /proc/slabinfo)
	echo "$free $slab"
}

module=
for m in /lib/modules/*/*helloworld*.ko /lib/modules/*/extra/helloworld.ko; do
	[ -f "$m" ] && module=$m && break
done

round() {	# N
	# shell work: loops, arithmetic, subshells, command substitution
	n=0
	for i in 1 2 3 4 5 6 7 8 9 10; do n=$((n + i * $1)); done
	[ "$(sh -c "echo \$((2 + 3))")" = 5 ] || echo "soak: FAIL: subshell arithmetic"
	# file churn on the disk: create, copy, checksum, rename, remove
	d=/root/soak/r$1
	mkdir -p $d
	for k in 1 2 3 4 5 6; do
		dd if=/dev/zero of=$d/f$k bs=1024 count=$((k * 16)) 2>/dev/null
		cp $d/f$k $d/g$k
		mv $d/g$k $d/h$k
	done
	a=$(cat $d/f* | md5sum | cut -d' ' -f1)
	b=$(cat $d/h* | md5sum | cut -d' ' -f1)
	[ "$a" = "$b" ] || echo "soak: FAIL: copies differ in round $1"
	rm -r $d
	# pipes between processes
	c=$(seq 1 3000 | sort -rn | uniq | grep -c 7)
	[ "$c" = 813 ] || echo "soak: FAIL: the pipeline counted $c, not 813"
	# the OOM killer, every fifth round from the first (which the
	# baseline follows, so its one-time costs are in it)
	if [ $(($1 % 5)) = 1 ]; then
		oomtest >/tmp/oom.log 2>&1
		grep -q "killed by signal 9" /tmp/oom.log || echo "soak: FAIL: oomtest: $(tail -1 /tmp/oom.log)"
	fi
	# a module in and out
	if [ -n "$module" ]; then
		insmod $module && rmmod helloworld || echo "soak: FAIL: insmod/rmmod $module"
	fi
}

echo "soak: $secs seconds; module: ${module:-none in this image}"
round 1
set -- $(mem_line)
free0=$1 slab0=$2
cp /proc/slabinfo /tmp/slabinfo.1
echo "soak: after round 1: MemFree $free0 kB, $slab0 slab objects"
r=1
start=$(uptime_s)
while [ $(($(uptime_s) - start)) -lt "$secs" ]; do
	r=$((r + 1))
	round $r
done
set -- $(mem_line)
echo "soak: after round $r: MemFree $1 kB, $2 slab objects"
# Free memory back within 64 KiB of the first round's, slab objects within 1%.
if [ $(($1 + 64)) -ge "$free0" ] && [ $(($2 * 100)) -le $((slab0 * 101)) ]; then
	echo "soak: PASS: $r rounds in $(($(uptime_s) - start)) s"
else
	echo "soak: FAIL: memory not back: MemFree $free0 -> $1 kB, slab objects $slab0 -> $2"
	# the caches that grew
	awk 'NR == FNR { if (FNR > 2) was[$1] = $2; next }
	     FNR > 2 && $2 > was[$1] { print "soak:   " $1 " " was[$1] " -> " $2 }' /tmp/slabinfo.1 /proc/slabinfo
fi
sync
umount /tmp
mount -o remount,ro /
poweroff -f
