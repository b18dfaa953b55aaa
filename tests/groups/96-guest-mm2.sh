#!/usr/bin/env bash
# Guest memory management, the checks that must fail when their mechanism
# breaks (the whole `selftest=mm` suite runs in group 65: SLUB at 16, 64, 1200
# and 2048 MiB, SLAB, SLOB). Here the cases below pass on the normal kernel at
# -m 1200 (HighMem present, so kmap's pkmap window and kmap_atomic's slots are
# what vmap_and_kmap checks); then mutation testing as group 86 does it: each
# MUTANT (a one-line fault under #ifdef MUTANT_name in guest/mm/, or in the
# scheduler's lazy TLB) is built into build/mutants/NAME/, reusing the normal
# build's objects and recompiling only the files that test its MUTANT_name,
# and the self-test that names the mechanism must FAIL on it.
. "$(dirname "$0")/../lib.sh"

SUITE=mm
SRC=guest/mm/mm_selftest.c
NCASES=$(grep -c 'SELFTEST_CASE(' "$SRC")
# mutant name : the case that must fail on it : memory (MiB)
MUTANTS="buddy_no_merge:buddy_split_coalesce:64 kmap_wrong_page:vmap_and_kmap:1200
pcp_lose_page:pcp_lists_batch_and_high:64 fallback_smallest_first:migrate_types_contain_fragmentation:64
no_lazy_tlb:lazy_tlb_no_cr3_loads:64"

run_suite() {	# KERNEL LOG WHAT MiB: boot with selftest=WHAT
	timeout 300 build/lucid -display none -serial stdio -no-reboot -m "$4" -kernel "$1" \
		-append "console=ttyS0 selftest=$3" >"$2" 2>&1
}

# The cases the mutants break must pass on the normal kernel first.
CASES=$(for m in $MUTANTS; do c=${m#*:}; echo -n "$SUITE.${c%%:*},"; done)$SUITE.fast_path_costs
echo "lucid: selftest=$CASES on the normal kernel at -m 1200"
run_suite build/guest/bzImage "$tmp/normal.log" "$CASES" 1200
st=$?
n=$(echo "$CASES" | tr ',' '\n' | wc -l)
p=$(grep -c "] PASS $SUITE\." "$tmp/normal.log")
f=$(grep -c "] FAIL $SUITE\." "$tmp/normal.log")
if [ "$st" -eq 1 ] && [ "$p" -eq "$n" ] && [ "$f" -eq 0 ]; then
	ok "normal kernel, -m 1200: the $p cases the mutants break pass"
else
	bad "normal kernel, -m 1200: $n cases pass" \
		"exit status $st, $p passed, $f failed; $(grep '] FAIL' "$tmp/normal.log" | head -3 | tr '\n' ' ')"
fi
log=$tmp/normal.log
expect_in "$log" "HighMem zone present" '\]   HighMem  \[mem 0x0+38000000-'
expect_in "$log" "mobility grouping on" 'Built 1 zonelists, mobility grouping on\.'
expect_in "$log" "lazy TLB: no CR3 loads" 'mm: lazy TLB: [0-9]+ context switches between a task with an mm and kernel threads, 0 CR3 loads'
expect_in "$log" "unmovable pages contained" 'mm: mobility grouping: [0-9]+ unmovable pages used up the unmovable lists; after churn of [0-9]+ movable pages, 256 unmovable pages in [123] pageblock\(s\), 0 in a pageblock of another type'
tr -d '\r' <"$log" | grep -E "\] (mm-bench|mm: mobility|mm: lazy)" | sed 's/^/  /'

for m in $MUTANTS; do
	name=${m%%:*} rest=${m#*:}
	case=$SUITE.${rest%%:*} mem=${rest#*:}
	files=$(grep -rlE "^#if(n?def)? +MUTANT_$name\b" guest --include=*.c | tr '\n' ' ')
	if [ -z "$files" ]; then
		bad "mutant $name" "no MUTANT_$name in guest/"
		continue
	fi
	dir=build/mutants/$name
	rm -rf "$dir" && mkdir -p "$dir" && cp -a build/guest "$dir/guest"
	for f in $files; do
		rm -f "$dir/guest/k/${f%.c}.o"
	done
	if ! make -s -j2 B="$dir" MUTANT="$name" "$dir/guest/bzImage" >"$tmp/$name.make" 2>&1; then
		bad "mutant $name builds" "$(tail -3 "$tmp/$name.make" | tr '\n' ' ')"
		continue
	fi
	run_suite "$dir/guest/bzImage" "$tmp/$name.log" "$case" "$mem"
	st=$?
	if grep -q "] FAIL $case" "$tmp/$name.log" && [ "$st" -ne 1 ]; then
		ok "mutant $name ($files): $case fails: $(tr -d '\r' <"$tmp/$name.log" | grep -m1 "FAIL $case" | sed 's/^\[[^]]*\] //' | cut -c1-150)"
	else
		bad "mutant $name: $case fails" \
			"exit status $st; $(tr -d '\r' <"$tmp/$name.log" | grep -E "(PASS|FAIL) $case|Kernel panic" | head -1)"
	fi
	rm -rf "$dir"
done

summary guest-mm2
