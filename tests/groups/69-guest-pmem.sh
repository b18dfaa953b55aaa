#!/usr/bin/env bash
# Guest process memory: /bin/memtests from the initramfs as init
# (images/initramfs/memtests.c: malloc_test, RSS split, VmPeak/VmHWM, page-table
# pages, munmap/mprotect splitting, mremap, madvise, mincore, mlock/mlockall with
# RLIMIT_MEMLOCK, MAP_POPULATE/LOCKED/NORESERVE/GROWSDOWN, brk and RLIMIT_DATA,
# overcommit modes 0/1/2, the OOM killer choosing by oom_score_adj, no leaked
# pages), on Lucid with the PAE and the 2-level kernel, at -m 32 and at -m 1200
# (user pages from HighMem through kmap), and on QEMU; the same checks pass
# everywhere.
. "$(dirname "$0")/../lib.sh"

RD=build/images/initramfs.cpio
CMD="console=ttyS0 panic_exit=3 init=/bin/memtests"
for f in $L build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-pmem; exit 1; }
done

# Exit status 1 is a power-off (all passed); every check printed PASS and the
# summary agrees (119 checks today: at least 110 must have run).
check_suite() {	# NAME LOG STATUS
	local name=$1 log=$2 st=$3 p f sum
	p=$(tr -d '\r' <"$log" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$log" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$log" | grep -E '^memtests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 110 ] &&
		[ "$sum" = "memtests: $p passed, 0 failed" ]; then
		ok "$name: $p process-memory checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$log" | grep -E '^FAIL|Kernel panic|Oops|BUG' | head -3 | tr '\n' ' ')"
	fi
}

lucid() {	# LOG KERNEL [options]
	local log=$1 k=$2
	shift 2
	timeout 120 $L -display none -serial stdio -no-reboot "$@" -kernel "$k" -initrd "$RD" \
		-append "$CMD" >"$log" 2>&1
}

echo "lucid: memtests as init (PAE kernel, 64 MiB)"
lucid "$tmp/l.log" build/guest/bzImage
check_suite "lucid" "$tmp/l.log" $?
expect_in "$tmp/l.log" "malloc thresholds shown" '^malloc_test: musl maps a request of more than'
echo "the OOM killer's report (Linux's lines)"
expect_in "$tmp/l.log" "oom-killer invoked by the hog" '\] memtests invoked oom-killer: gfp_mask=0x[0-9a-f]+, order=0, oom_score_adj=-1000$'
expect_in "$tmp/l.log" "task dump header" '\] \[  pid  \]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name$'
expect_in "$tmp/l.log" "task dump: the victim's row" '\] \[ +[0-9]+\] +0 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+ +0 +1000 memtests$'
expect_in "$tmp/l.log" "the kill line" '\] Out of memory: Killed process [0-9]+ \(memtests\) total-vm:[0-9]+kB, anon-rss:[0-9]+kB, file-rss:4kB, shmem-rss:[0-9]+kB, UID:0 pgtables:[0-9]+kB oom_score_adj:1000$'
n=$(tr -d '\r' <"$tmp/l.log" | grep -c 'Out of memory: Killed process')
[ "$n" -eq 1 ] && ok "one victim only" || bad "one victim only" "$n kill lines"
for m in 32 1200; do
	echo "lucid: memtests at -m $m"
	lucid "$tmp/m$m.log" build/guest/bzImage -m $m
	check_suite "lucid -m $m" "$tmp/m$m.log" $?
done
# At 1200 MiB lowmem is 896 MiB (229376 pages): a hog resident beyond that
# lives in HighMem pages, mapped and zeroed/copied through kmap.
hogrss=$(tr -d '\r' <"$tmp/m1200.log" | awk '/\] \[ +[0-9]+\] .* -1000 memtests$/ { r = $(NF - 5) } END { print r + 0 }')
if [ "$hogrss" -gt 229376 ]; then
	ok "-m 1200: user memory in HighMem (the hog had $hogrss pages resident)"
else
	bad "-m 1200 HighMem user pages" "hog RSS $hogrss pages"
fi

echo "lucid: memtests on the 2-level (CONFIG_PAE=n) kernel"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/b.log" 2>&1; then
	lucid "$tmp/np.log" build/nopae/guest/bzImage
	check_suite "lucid CONFIG_PAE=n" "$tmp/np.log" $?
else
	bad "build CONFIG_PAE=n" "$(tail -3 "$tmp/b.log" | tr '\n' ' ')"
fi

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: memtests (-icount shift=0)"
	timeout 120 qemu-system-i386 -m 64 -icount shift=0 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
		-initrd "$RD" -append "$CMD" >"$tmp/q.log" 2>&1
	check_suite "qemu" "$tmp/q.log" $?
	a=$(tr -d '\r' <"$tmp/l.log" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	b=$(tr -d '\r' <"$tmp/q.log" | grep -E '^(PASS|FAIL) ' | sort | md5sum)
	[ "$a" = "$b" ] && ok "lucid and qemu: the same checks with the same results" ||
		bad "lucid = qemu" "the PASS/FAIL lines differ"
fi
summary guest-pmem
