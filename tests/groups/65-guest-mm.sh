#!/usr/bin/env bash
# Guest memory management: the in-kernel `selftest=mm` suite (buddy
# split/coalesce, exhaustion at every order, zone fallback, GFP_ATOMIC reserve
# and GFP_NOWAIT failure, might_sleep, kmalloc classes, poison and red-zone
# detection, bad frees, vmalloc from fragmented memory, read-only text, a
# million-operation stress with no leak, mobility grouping, the per-CPU page
# lists, __GFP_NOFAIL/__GFP_NORETRY, GFP_KERNEL sleeping under pressure), run
# on Lucid with each of the SLUB, SLAB and SLOB kernels at 16, 64, 1200 and
# 2048 MiB, and the 2-level-paging kernel on a
# 486, and on QEMU; plus
# the boot-time reports and the bug reports the suite provokes.
. "$(dirname "$0")/../lib.sh"

NCASES=$(grep -c 'SELFTEST_CASE(' guest/mm/mm_selftest.c)

# check_suite NAME LOG STATUS: isa-debug-exit status 1 means "exit(0)": all passed.
check_suite() {
	local name=$1 log=$2 st=$3 p f
	p=$(grep -c '] PASS mm\.' "$log")
	f=$(grep -c '] FAIL mm\.' "$log")
	if [ "$st" -eq 1 ] && [ "$p" -eq "$NCASES" ] && [ "$f" -eq 0 ] &&
		grep -q "selftest: $NCASES passed, 0 failed" "$log"; then
		ok "$name: $p/$NCASES mm self-tests passed"
	else
		bad "$name" "exit status $st, $p passed, $f failed of $NCASES; $(grep '] FAIL' "$log" | head -3 | tr '\n' ' ')"
	fi
}

build_variant() {	# build_variant DIR MAKE-ARGS...
	local dir=$1
	shift
	make -s B="$dir" "$@" "$dir/guest/bzImage" >"$tmp/build.log" 2>&1 ||
		{ bad "build $dir" "$(tail -3 "$tmp/build.log" | tr '\n' ' ')"; return 1; }
}

run_lucid() {	# run_lucid LOG KERNEL [lucid options]
	local log=$1 kernel=$2
	shift 2
	timeout 300 build/lucid -display none -serial stdio -no-reboot "$@" -kernel "$kernel" \
		-append "console=ttyS0 selftest=mm" >"$log" 2>&1
}

echo "lucid: SLUB kernel (the default)"
run_lucid "$tmp/slub.log" build/guest/bzImage
check_suite "lucid SLUB" "$tmp/slub.log" $?

# Small and big machines: no ZONE_NORMAL at 16 MiB; HighMem from 1 GiB (so at
# 1200 and 2048 vmap_and_kmap's pages are HighMem pages, kmap'ed through the
# pkmap window). mem_map (48 bytes per frame: 24 MiB at 2 GiB) must stay out of
# ZONE_DMA when it can.
for m in 16 512 1200 2048; do
	echo "lucid: SLUB kernel at -m $m"
	run_lucid "$tmp/m$m.log" build/guest/bzImage -m $m
	check_suite "lucid -m $m" "$tmp/m$m.log" $?
done
if grep -q 'mem_map: 524288 struct pages .* at c1000000-' "$tmp/m2048.log"; then
	ok "-m 2048: mem_map at 16 MiB, outside ZONE_DMA"
else
	bad "-m 2048 mem_map" "$(grep 'mem_map:' "$tmp/m2048.log")"
fi
dmafree=$(grep -m1 'Node 0, zone *DMA ' "$tmp/m2048.log" | sed 's/.*zone *DMA *//')
if [ -n "$dmafree" ] && [ "$(echo $dmafree | awk '{s=0; for (i=1;i<=NF;i++) s+=$i*2^(i-1); print s}')" -gt 3000 ]; then
	ok "-m 2048: ZONE_DMA mostly free ($dmafree)"
else
	bad "-m 2048 ZONE_DMA free" "buddyinfo row: '$dmafree'"
fi

echo "lucid: SLAB kernel"
if build_variant build/slab CONFIG_SLAB=y CONFIG_SLUB=n; then
	run_lucid "$tmp/slab.log" build/slab/guest/bzImage
	check_suite "lucid SLAB" "$tmp/slab.log" $?
	for m in 16 1200 2048; do
		run_lucid "$tmp/slab$m.log" build/slab/guest/bzImage -m $m
		check_suite "lucid SLAB -m $m" "$tmp/slab$m.log" $?
	done
	grep -q 'kmem_cache_init: SLAB allocator' "$tmp/slab.log" && ok "the SLAB kernel runs SLAB" ||
		bad "SLAB kernel" "no 'kmem_cache_init: SLAB allocator' line"
fi

# SLOB, the allocator for small machines: at 64 and 16 MiB, and with HighMem.
echo "lucid: SLOB kernel"
if build_variant build/slob CONFIG_SLOB=y CONFIG_SLUB=n; then
	for m in 64 16 1200 2048; do
		run_lucid "$tmp/slob$m.log" build/slob/guest/bzImage -m $m
		check_suite "lucid SLOB -m $m" "$tmp/slob$m.log" $?
	done
	grep -q 'kmem_cache_init: SLOB allocator' "$tmp/slob64.log" && ok "the SLOB kernel runs SLOB" ||
		bad "SLOB kernel" "no 'kmem_cache_init: SLOB allocator' line"
fi

echo "lucid: CONFIG_PAE=n kernel on -cpu 486"
if build_variant build/nopae CONFIG_PAE=n; then
	run_lucid "$tmp/nopae.log" build/nopae/guest/bzImage -cpu 486
	check_suite "lucid 2-level paging, 486" "$tmp/nopae.log" $?
fi

if command -v qemu-system-i386 >/dev/null; then
	echo "qemu: SLUB kernel"
	timeout 300 qemu-system-i386 -m 64 -display none -serial stdio -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel build/guest/bzImage \
		-append "console=ttyS0 selftest=mm" >"$tmp/qemu.log" 2>&1
	check_suite "qemu SLUB" "$tmp/qemu.log" $?
fi

echo "boot reports and provoked bug reports (lucid SLUB log)"
log=$tmp/slub.log
expect_in "$log" "Memory: line" '\] Memory: [0-9]+K/65536K available \([0-9]+K kernel code'
expect_in "$log" "zone ranges" '\]   DMA      \[mem 0x0+-0x0+ffffff\]'
expect_in "$log" "buddyinfo rows" '\] Node 0, zone +Normal( +[0-9]+){11}$'
expect_in "$log" "slabinfo rows" '\] slabinfo: kmalloc-64 +[0-9]+ +[0-9]+ +64 +[0-9]+ +1$'
expect_in "$log" "watermarks" '\] mem_init: min_free_kbytes=[0-9]+; watermarks'
expect_in "$log" "use after free reported" 'BUG selftest-debug \(Not tainted\): Poison overwritten'
expect_in "$log" "overflow reported" 'BUG selftest-debug \(Not tainted\): Redzone overwritten'
expect_in "$log" "double free reported" 'BUG selftest-debug \(Not tainted\): Object already free'
expect_in "$log" "foreign pointer reported" 'BUG: kfree\(c[0-9a-f]+\): the allocator never gave out this pointer \(called from double_and_bad_frees_reported'
expect_in "$log" "wrong order reported" 'page dumped because: freed with the wrong order'
expect_in "$log" "might_sleep in atomic context reported" 'BUG: sleeping function called from invalid context at guest/mm/page_alloc.c'
expect_in "$log" "text made read-only" 'Write protecting the kernel text and read-only data: [0-9]+k'
expect_in "$log" "stress ran a million operations" 'mm stress: 1000000 operations'
expect_in "$log" "stress checked patterns and poison" 'mm stress: 1000000 operations, [0-9]+ pages free before and after, every live object.s pattern checked before its free, freed objects checked for poison'
expect_in "$log" "mobility grouping on" 'Built 1 zonelists, mobility grouping on\.'
summary guest-mm
