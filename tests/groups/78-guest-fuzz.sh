#!/usr/bin/env bash
# The guest side of fuzzing: /bin/sysfuzz (images/initramfs/sysfuzz.c, random
# system calls with random and half-valid arguments in child processes and
# threads) as init under slab poison and red zones (slub_debug) and the
# soft-lockup watchdog, a few seeds of a bounded run; /bin/isotests (what a user
# program must not be able to do to the kernel); and the watchdogs
# (test=softlockup must end in the kernel's report and a panic; test=hardlockup,
# interrupts off, in the emulator's -hardlockup report). A run passes when the
# fuzzer powers off (status 1) after "sysfuzz: PASS" with no oops, BUG,
# lockup or panic in the log, free pages and slab objects back after every batch;
# the kernel's free-list and page-table checker (vm_check=20) runs throughout,
# and must catch the two faults vm_check_test= injects.
. "$(dirname "$0")/../lib.sh"

RD=build/images/initramfs.cpio
# Seed 2 once looked like a leak of 32 pages: PTE tables a 64 MiB tmpfs
# file's vmalloc left in the kernel's page tables, which the kernel keeps (as
# Linux does); the fuzzer now counts them (lucix_memstat's kernel_pgtables).
SEEDS=${GFUZZ_SEEDS:-1 2 3}
CALLS=${GFUZZ_CALLS:-8000}
for f in $L build/guest/bzImage "$RD"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary guest-fuzz; exit 1; }
done

# Every run has the emulator's hard-lockup watchdog on (emu/machine/lockup.c):
# the timer interrupt waiting 10 virtual seconds untaken stops it (status 4).
lucid() {	# LOG APPEND (loglevel=5: the fuzzer's children make many "traps:" info lines)
	timeout 300 $L -display none -serial stdio -no-reboot -m 256 -hardlockup ${HL:-10} \
		-kernel build/guest/bzImage \
		-initrd "$RD" -append "console=ttyS0 panic_exit=3 loglevel=5 $2" >"$1" 2>&1
}

# What must never be in a fuzzing run's log.
clean_log() {	# NAME LOG
	local hits
	hits=$(tr -d '\r' <"$2" | grep -E 'Oops|BUG|Kernel panic|\[#[0-9]+\] PREEMPT|WARNING:|Redzone|Poison|Bad page state|PANIC: double fault|hard lockup' | head -3)
	if [ -z "$hits" ]; then
		ok "$1: no oops, BUG, lockup or panic"
	else
		bad "$1" "$(echo "$hits" | tr '\n' ' ')"
	fi
}

total=0
for s in $SEEDS; do
	echo "sysfuzz: seed $s, $CALLS calls (slub_debug)"
	lucid "$tmp/f$s.log" "slub_debug vm_check=20 init=/bin/sysfuzz -- -s $s -n $CALLS -c 3 -t 2"
	st=$?
	pass_line=$(tr -d '\r' <"$tmp/f$s.log" | grep -E '^sysfuzz: PASS: seed [0-9]+, [0-9]+ calls, no leak$')
	if [ "$st" -eq 1 ] && [ -n "$pass_line" ]; then
		ok "seed $s: $(echo "$pass_line" | sed 's/^sysfuzz: PASS: //'), powered off"
	else
		bad "seed $s" "exit status $st; $(tr -d '\r' <"$tmp/f$s.log" | grep -E 'sysfuzz: (FAIL|LEAK)|Kernel panic' | head -3 | tr '\n' ' ')"
	fi
	expect_in "$tmp/f$s.log" "seed $s: the seed is printed first" "^sysfuzz: seed $s, $CALLS calls"
	clean_log "seed $s" "$tmp/f$s.log"
	n=$(tr -d '\r' <"$tmp/f$s.log" | sed -n 's/^sysfuzz: \([0-9]*\) calls in .*/\1/p')
	total=$((total + ${n:-0}))
done
echo "sysfuzz: $total calls in all"

# The same seed makes the same calls: the summary lines of a second run of
# the first seed are identical (the machine is deterministic).
s=${SEEDS%% *}
lucid "$tmp/again.log" "slub_debug vm_check=20 init=/bin/sysfuzz -- -s $s -n $CALLS -c 3 -t 2"
a=$(tr -d '\r' <"$tmp/f$s.log" | grep -E '^sysfuzz: [0-9]+ calls in|^sysfuzz: results:')
b=$(tr -d '\r' <"$tmp/again.log" | grep -E '^sysfuzz: [0-9]+ calls in|^sysfuzz: results:')
if [ -n "$a" ] && [ "$a" = "$b" ]; then
	ok "seed $s again: the same calls and results"
else
	bad "seed $s again" "'$a' vs '$b'"
fi

# The leak check ran (it prints how often it had to look twice).
expect_in "$tmp/f$s.log" "leak check ran" '^sysfuzz: [0-9]+ leak checks looked twice'

echo "isotests: isolation of the kernel from user programs"
lucid "$tmp/iso.log" "loglevel=7 slub_debug init=/bin/isotests"
st=$?
p=$(tr -d '\r' <"$tmp/iso.log" | grep -c '^PASS ')
f=$(tr -d '\r' <"$tmp/iso.log" | grep -c '^FAIL ')
sum=$(tr -d '\r' <"$tmp/iso.log" | grep -E '^isotests: [0-9]+ passed, [0-9]+ failed$' | tail -1)
if [ "$st" -eq 1 ] && [ "$f" -eq 0 ] && [ "$p" -ge 200 ] && [ "$sum" = "isotests: $p passed, 0 failed" ]; then
	ok "isotests: $p checks passed, powered off"
else
	bad "isotests" "exit status $st, $p PASS, $f FAIL; $(tr -d '\r' <"$tmp/iso.log" | grep -E '^FAIL|Kernel panic|Oops' | head -3 | tr '\n' ' ')"
fi
clean_log "isotests" "$tmp/iso.log"
expect_in "$tmp/iso.log" "slub_debug: debugging on for every cache" 'debugging on for every cache'
expect_in "$tmp/iso.log" "the watchdog runs" 'watchdog: soft lockup after 20s without scheduling \(watchdog/0, SCHED_FIFO 99\), then panic$'

# The free-list and page-table checker (vm_check=, mm/vm_check.c) runs
# during the seeds above; here it must catch a kernel broken on purpose: a
# free block with the wrong order, and a mapped page freed one reference too
# early.
for t in freelist pte; do
	lucid "$tmp/vc-$t.log" "vm_check=20 vm_check_test=$t init=/bin/sysfuzz -- -s 1 -n 300 -c 1 -t 0"
	case $t in
	freelist) want='BUG: vm_check: zone [A-Za-z]+ order [0-9]+: pfn 0x[0-9a-f]+ has order [0-9]+ in page->private' ;;
	pte) want='BUG: vm_check: pid [0-9]+: 0x[0-9a-f]+ maps pfn 0x[0-9a-f]+, which is free' ;;
	esac
	expect_in "$tmp/vc-$t.log" "vm_check catches vm_check_test=$t" "$want"
done

echo "the watchdog: test=softlockup (watchdog_thresh=1)"
lucid "$tmp/sl.log" "test=softlockup watchdog_thresh=1"
status_is "softlockup: panic exit status" $? 7
expect_in "$tmp/sl.log" "softlockup: Linux's report" '\] watchdog: BUG: soft lockup - CPU#0 stuck for [0-9]+s! \[init:1\]$'
expect_in "$tmp/sl.log" "softlockup: where it was stuck" '\] EIP: test_softlockup\+0x'
expect_in "$tmp/sl.log" "softlockup: the panic" 'Kernel panic - not syncing: softlockup: hung tasks'
lucid "$tmp/sl0.log" "test=softlockup watchdog_thresh=1 softlockup_panic=0 init=/bin/busybox -- poweroff -f"
status_is "softlockup_panic=0: the boot goes on to a power-off" $? 1
expect_in "$tmp/sl0.log" "softlockup_panic=0: reported" 'soft lockup - CPU#0 stuck for'
if ! tr -d '\r' <"$tmp/sl0.log" | grep -q 'Kernel panic'; then
	ok "softlockup_panic=0: no panic"
else
	bad "softlockup_panic=0: no panic" "$(tr -d '\r' <"$tmp/sl0.log" | grep 'Kernel panic' | head -1)"
fi
# A hard lockup (interrupts off, so the tick and with it the soft-lockup
# watchdog stop): only the emulator's watchdog sees it. Its report names the
# CPU's place, which must be in test_hardlockup.
echo "the hard-lockup watchdog: test=hardlockup (lucid -hardlockup 3)"
HL=3 lucid "$tmp/hl.log" "loglevel=7 test=hardlockup watchdog_thresh=1"
status_is "hardlockup: lucid stops with status 4" $? 4
expect_in "$tmp/hl.log" "hardlockup: the guest spins with interrupts off" 'test=hardlockup: spinning with interrupts disabled$'
expect_in "$tmp/hl.log" "hardlockup: lucid's report" \
	'^lucid: hard lockup: the timer interrupt \(IRQ0\) waited 3\.[0-9]{3} s of virtual time without being taken \(IF=0, IRQ0 not masked, in service 00\); the CPU is at [0-9a-f]{4}:[0-9a-f]{8} \(icount [0-9]+\); stopping$'
eip=$(tr -d '\r' <"$tmp/hl.log" | sed -n 's/^lucid: hard lockup: .* the CPU is at [0-9a-f]*:\([0-9a-f]*\) .*/\1/p')
fn=$(addr2line -f -e build/guest/lucix.elf "0x$eip" 2>/dev/null | head -1)
if [ -n "$eip" ] && [ "$fn" = test_hardlockup ]; then
	ok "hardlockup: the CPU was in test_hardlockup (0x$eip)"
else
	bad "hardlockup: where" "EIP '$eip' is in '$fn', not test_hardlockup"
fi
if ! tr -d '\r' <"$tmp/hl.log" | grep -q 'soft lockup'; then
	ok "hardlockup: the guest's own watchdog saw nothing (its tick stopped)"
else
	bad "hardlockup: soft lockup report" "$(tr -d '\r' <"$tmp/hl.log" | grep 'soft lockup' | head -1)"
fi

# An idle machine is no lockup: init sleeping 5 virtual seconds (tickless) with
# watchdog_thresh=1 reports nothing.
lucid "$tmp/idle.log" "watchdog_thresh=1 init=/bin/busybox -- sh -c \"sleep 5; echo slept; poweroff -f\""
if tr -d '\r' <"$tmp/idle.log" | grep -q '^slept' && ! tr -d '\r' <"$tmp/idle.log" | grep -q 'soft lockup'; then
	ok "5 s of idle sleep with watchdog_thresh=1: no report"
else
	bad "idle is no lockup" "$(tr -d '\r' <"$tmp/idle.log" | grep -E 'slept|soft lockup|panic' | head -3 | tr '\n' ' ')"
fi

summary guest-fuzz
