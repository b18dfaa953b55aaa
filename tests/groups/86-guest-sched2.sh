#!/usr/bin/env bash
# Guest scheduler, the checks that must fail when their mechanism breaks: the
# in-kernel `selftest=sched2` suite (vruntime rate by weight, a sleeper cannot
# monopolise the CPU, the red-black tree's invariants with thousands of
# nodes, SCHED_DEADLINE) passes on the normal kernel; then mutation testing:
# each MUTANT (a one-line fault under #ifdef MUTANT_name in the kernel) is
# built into build/mutants/NAME/ and the self-test that names the mechanism
# must FAIL on it (booted with selftest=sched2.CASE, that case alone). A
# mutant build reuses the normal build's objects and recompiles only the
# files that test its MUTANT_name.
. "$(dirname "$0")/../lib.sh"

SUITE=sched2
SRC=guest/kernel/sched/sched_selftest2.c
NCASES=$(grep -c 'SELFTEST_CASE(' "$SRC")
# mutant name : the case that must fail on it (in sched2, or SUITE.CASE)
MUTANTS="weight_off_by_one:vruntime_rate sleeper_ignored:sleeper_no_monopoly
rb_insert_no_recolor:rbtree_invariants edf_latest:dl_edf_order dl_no_throttle:dl_cbs_throttle
oneshot_unmask_early:irq_threaded_oneshot no_page_address_init:boot.page_address_hash"

run_suite() {	# KERNEL LOG [SUITE.CASE] [LUCID ARGS]: boot with selftest=sched2 (or that case)
	local k=$1 log=$2 what=${3:-$SUITE}
	shift 3 2>/dev/null || shift $#
	timeout 300 build/lucid -display none -serial stdio -no-reboot "$@" -kernel "$k" \
		-append "console=ttyS0 selftest=$what" >"$log" 2>&1
}

echo "lucid: selftest=$SUITE on the normal kernel"
run_suite build/guest/bzImage "$tmp/normal.log"
st=$?
p=$(grep -c "] PASS $SUITE\." "$tmp/normal.log")
f=$(grep -c "] FAIL $SUITE\." "$tmp/normal.log")
if [ "$st" -eq 1 ] && [ "$p" -eq "$NCASES" ] && [ "$f" -eq 0 ]; then
	ok "normal kernel: $p/$NCASES $SUITE self-tests passed"
else
	bad "normal kernel: all $SUITE self-tests pass" \
		"exit status $st, $p passed, $f failed of $NCASES; $(grep '] FAIL' "$tmp/normal.log" | head -3 | tr '\n' ' ')"
fi
tr -d '\r' <"$tmp/normal.log" | grep -E "\] $SUITE: " | sed 's/^/  /'

# start_kernel's page_address_init by its effect, with highmem to kmap (-m 1200).
run_suite build/guest/bzImage "$tmp/pa.log" boot.page_address_hash -m 1200
st=$?
if [ "$st" -eq 1 ] && grep -q '] PASS boot.page_address_hash' "$tmp/pa.log"; then
	ok "-m 1200: boot.page_address_hash passes (a kmap'ed highmem page found through the hash)"
else
	bad "-m 1200: boot.page_address_hash passes" "exit status $st; $(grep -m1 'FAIL' "$tmp/pa.log")"
fi

for m in $MUTANTS; do
	name=${m%%:*} case=${m#*:}
	[ "${case#*.}" = "$case" ] && case=$SUITE.$case
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
	run_suite "$dir/guest/bzImage" "$tmp/$name.log" "$case"
	st=$?
	if grep -q "] FAIL $case" "$tmp/$name.log" && [ "$st" -ne 1 ]; then
		ok "mutant $name ($files): $case fails: $(tr -d '\r' <"$tmp/$name.log" | grep -m1 "FAIL $case" | sed 's/^\[[^]]*\] //' | cut -c1-150)"
	else
		bad "mutant $name: $case fails" \
			"exit status $st; $(tr -d '\r' <"$tmp/$name.log" | grep -E "(PASS|FAIL) $case" | head -1)"
	fi
done

summary guest-sched2
