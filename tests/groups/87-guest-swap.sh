#!/usr/bin/env bash
# Reclaim and swap in lucix (guest/mm/vmscan.c, swapfile.c, swap_state.c).
# images/initramfs/swaptests.c runs as init on a disk made here: hda1 an
# ext2 holding a 4 MiB /big, hda2 an 8 MiB swap area made by mkswap. It
# checks swapon/swapoff and /proc/swaps, MADV_PAGEOUT and swap-in with the
# data intact, swapped pages shared after fork, the page cache shrinking
# instead of an OOM kill, /proc/self/maps of an ext2 file mapping, more
# anonymous memory than RAM (kswapd at work), the dcache shrinker, reclaim
# through the reverse map after fork, a hot page kept by page_referenced,
# swapoff, several processes forking under pressure leaving no page or slot
# behind, the OOM killer with swap full, and busybox swapon/swapoff/free.
# It runs at -m 16 on the PAE kernel and on the 2-level (CONFIG_PAE=n) one,
# and in part at -m 1200, where the pages swapped are HighMem pages.
# Then the default image boots as make run does: /etc/rc's swapon has
# switched its swap partition on.
. "$(dirname "$0")/../lib.sh"

PATH="$PATH:/sbin:/usr/sbin"
PROG=build/images/user/swaptests
BB=$(ls ${BUSYBOX_I386:-/opt/busybox-i386}/bin/busybox 2>/dev/null)
IMG=build/images/lucid.img
for f in "$L" build/guest/bzImage "$PROG" build/images/mkcpio build/images/mkdisk "$BB" "$IMG"; do
	[ -f "$f" ] || { bad "build" "${f:-busybox} missing (make all, make deps)"; summary guest-swap; exit 1; }
done
for t in mke2fs mkswap; do
	command -v $t >/dev/null || { bad "host tools" "$t missing"; summary guest-swap; exit 1; }
done

mkdir -p "$tmp/tree"
head -c 4194304 /dev/zero | tr '\0' 'x' >"$tmp/tree/big"
printf '/dev/hda2\tnone\tswap\tsw\t0\t0\n' >"$tmp/fstab"
if E2FSPROGS_FAKE_TIME=1767225600 mke2fs -q -t ext2 -b 1024 -F \
	-U 6c756369-642d-7465-7374-000000000087 -E hash_seed=6c756369-642d-7465-7374-000000000087 \
	-d "$tmp/tree" "$tmp/fs.ext2" 8M >/dev/null 2>&1 &&
	dd if=/dev/zero of="$tmp/swap.img" bs=1M count=8 2>/dev/null &&
	mkswap -q -L t87 -U 6c756369-642d-7377-6170-000000000087 "$tmp/swap.img" &&
	build/images/mkdisk build build/images/mbr.bin build/guest/bzImage "$tmp/fs.ext2" "$tmp/swap.img" \
		"console=ttyS0" "$tmp/disk.img" >/dev/null &&
	build/images/mkcpio "$tmp/s.cpio" /init="$PROG" /bin/busybox="$BB" /etc/fstab="$tmp/fstab" \
		/bin/swaptests-highmem="$PROG" >/dev/null; then
	ok "test disk: ext2 with /big on hda1, mkswap'd hda2; the initramfs"
else
	bad "test disk" "mke2fs, mkswap, mkdisk or mkcpio failed"
fi

run_suite() {	# NAME KERNEL LOG [MIN-CHECKS MEM INIT]
	local name=$1 kernel=$2 log=$3 min=${4:-107} st p f sum
	timeout 180 $L -m ${5:-16} -display none -serial stdio -no-reboot -hda "$tmp/disk.img" -kernel "$kernel" \
		-initrd "$tmp/s.cpio" -append "console=ttyS0 panic_exit=3 loglevel=4${6:+ init=$6}" >"$log" 2>&1
	st=$?
	p=$(tr -d '\r' <"$log" | grep -c '^PASS ')
	f=$(tr -d '\r' <"$log" | grep -c '^FAIL ')
	sum=$(tr -d '\r' <"$log" | grep -E '^swaptests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge "$min" ] && [ "$sum" = "swaptests: $p passed, 0 failed" ]; then
		ok "$name: $p checks passed, powered off"
	else
		bad "$name" "exit status $st, $p PASS, $f FAIL lines, summary '$sum'; $(tr -d '\r' <"$log" | grep -E '^FAIL|Kernel panic|Oops' | head -3 | tr '\n' ' ')"
	fi
	if tr -d '\r' <"$log" | grep -Eq 'Oops|BUG:|WARNING:|Bad page|bad swap entry|swap: (read|write) error'; then
		bad "$name: no oops, bad page or swap error" "$(tr -d '\r' <"$log" | grep -E 'Oops|BUG:|WARNING:|Bad page|bad swap|swap: ' | head -2 | tr '\n' ' ')"
	else
		ok "$name: no oops, bad page or swap error in the log"
	fi
	[ -n "$6" ] && return
	expect_in "$log" "$name: Linux's OOM report for the hog" \
		'\] Out of memory: Killed process [0-9]+ \(init\) total-vm:[0-9]+kB, anon-rss:[0-9]+kB, file-rss:[0-9]+kB, shmem-rss:[0-9]+kB, UID:0 pgtables:[0-9]+kB oom_score_adj:1000$'
	tr -d '\r' <"$log" | grep -E '^(swap cost|bigger-than-ram|pagecache|dirty|dcache|rmap|hot|stress):' | sed 's/^/  /'
}

echo "lucid: swaptests at -m 16, PAE kernel"
run_suite "PAE -m 16" build/guest/bzImage "$tmp/pae.log"
expect_in "$tmp/pae.log" "/proc/swaps in Linux's columns" \
	'^/dev/hda2                               partition	8188		0		-2$'
expect_in "$tmp/pae.log" "busybox free's Swap line" '^Swap: +8188 +0 +8188$'

echo "lucid: swaptests-highmem at -m 1200: HighMem pages out and in through kmap"
run_suite "PAE -m 1200 HighMem" build/guest/bzImage "$tmp/high.log" 30 1200 /bin/swaptests-highmem

echo "lucid: swaptests at -m 16, 2-level kernel (CONFIG_PAE=n)"
if make -s B=build/nopae CONFIG_PAE=n build/nopae/guest/bzImage >"$tmp/nopae.make" 2>&1; then
	run_suite "2-level -m 16" build/nopae/guest/bzImage "$tmp/np.log"
else
	bad "CONFIG_PAE=n build" "$(tail -3 "$tmp/nopae.make" | tr '\n' ' ')"
fi

# The default image as make run boots it (-snapshot: the image is not written).
echo "lucid: the default image's /etc/rc switches its swap partition on"
cat >"$tmp/shell.in" <<'SCRIPT'
when-serial /root #  => echo S1; cat /proc/swaps; free; swapoff -a; echo off $?; echo S2\n
when-serial S2\r\n => poweroff\n
SCRIPT
timeout 120 $L -display none -serial stdio -no-reboot -snapshot -input-script "$tmp/shell.in" \
	-kernel build/guest/bzImage -append "root=/dev/hda1 console=ttyS0 console=tty0" "$IMG" \
	</dev/null >"$tmp/img.log" 2>&1
expect_in "$tmp/img.log" "the kernel's swapon line" '\] Adding 8188k swap on /dev/hda2\.  Priority:-2 extents:1 across:8188k $'
expect_in "$tmp/img.log" "/proc/swaps lists hda2" '^/dev/hda2 +partition	8188		0		-2$'
expect_in "$tmp/img.log" "free shows it" '^Swap: +8188 +0 +8188$'
expect_in "$tmp/img.log" "swapoff -a at the prompt" '^off 0$'
if tr -d '\r' <"$tmp/img.log" | grep -q '^rc: swapon /dev/hda2 failed'; then
	bad "rc's swapon" "rc: swapon /dev/hda2 failed"
else
	ok "rc's swapon did not fail"
fi

summary guest-swap
