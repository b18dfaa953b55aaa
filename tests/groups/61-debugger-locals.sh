#!/usr/bin/env bash
# Frame-local variables and frame selection on the live kernel, in batch
# mode: wake_up_process's argument against the stack slot the caller pushed
# and the global it passed (kthreadd_task), the caller's local struct (up,
# info locals) against the global list it was linked into, frame 0 again,
# gdb's "No symbol" message; then the same stops under real gdb through the
# stub (-S -gdb), whose own DWARF reading must print the same info args,
# info locals and info frame lines.
. "$(dirname "$0")/../lib.sh"
IMG=build/images/lucid.img
K=build/guest/lucix.elf

# section FILE CMD N: the output of the Nth "(lucid) CMD" in FILE.
section() {
	awk -v cmd="(lucid) $2" -v n="$3" '
		$0 == cmd { k++; if (k == n) { on = 1; next } }
		/^\(lucid\) / { on = 0 }
		on' "$1"
}
# gsection FILE TAG: what gdb printed between "==TAG" and the next "==".
gsection() {
	awk -v tag="==$2" '$0 == tag { on = 1; next } /^==/ { on = 0 } on' "$1"
}
same() {	# same NAME OURS THEIRS: equal and not empty
	if [ -n "$2" ] && [ "$2" = "$3" ]; then
		ok "$1"
	else
		bad "$1: lucid '$2', gdb '$3'"
	fi
}

# The line breakpoint in rmqueue_pcplist, found in the source so edits above it
# do not move the stop.
rmq_line=$(grep -n 'page->index = mt;' guest/mm/page_alloc.c | head -1 | cut -d: -f1)
[ -n "$rmq_line" ] || bad "rmqueue_pcplist's refill line is not in guest/mm/page_alloc.c"
sed "s/RMQUEUE_LINE/$rmq_line/" tests/debugger/cmd/locals.cmd >"$tmp/locals.cmd"
timeout 60 "$L" -display none -serial none -debugcon none -x "$tmp/locals.cmd" \
	-kernel-symbols "$K" "$IMG" >"$tmp/out" 2>"$tmp/err"
o=$tmp/out

# ---- at the entry: the argument is the word above the return address ----
slot=$(section "$o" 'x/2xw $esp' 1 | awk '{print $3}')
arg0=$(section "$o" 'info args' 1)
if [ -n "$slot" ] && [ "$arg0" = "p = $slot" ]; then
	ok "entry: info args p = $slot, the word the caller pushed"
else
	bad "entry: info args '$arg0', stack slot '$slot'"
fi

# ---- after the prologue: the global the caller passed ----
kt=$(section "$o" 'p kthreadd_task' 1 | sed -nE 's/^\$[0-9]+ = \(struct task_struct \*\) (0x[0-9a-f]+)$/\1/p')
arg1=$(section "$o" 'info args' 2)
if [ -n "$kt" ] && [ "$arg1" = "p = $kt" ] && [ "$kt" = "$slot" ]; then
	ok "body: info args p = kthreadd_task ($kt)"
else
	bad "body: info args '$arg1', kthreadd_task '$kt', slot '$slot'"
fi
# The stop line names the arguments, as gdb's does.
if [ -n "$kt" ] && grep -qF "Breakpoint 2, wake_up_process (p=$kt) at guest/kernel/sched/core.c:" "$o"; then
	ok "stop line: Breakpoint 2, wake_up_process (p=$kt) at ..."
else
	bad "stop line: $(grep 'Breakpoint 2, ' "$o")"
fi
has() {	# has CMD N TEXT: the Nth CMD's output contains TEXT
	if section "$o" "$1" "$2" | grep -qF -- "$3"; then
		ok "$1: $3"
	else
		bad "$1 ($2): no '$3' in '$(section "$o" "$1" "$2" | head -c 400)'"
	fi
}
has 'p p == kthreadd_task' 1 ' = 1'
has 'p p->comm' 1 '"kthreadd\000'
has 'p x' 1 'No symbol "x" in current context.'
has 'up' 1 '#1  0x'
has 'up' 1 ' in kthread_create (threadfn='
has 'info locals' 1 'create = {threadfn = 0x'
has 'info locals' 1 '<worker_thread>, data = 0x0, name = 0x'
has 'p create.name' 1 '"kworker/0:0"'
has 'p create.threadfn == worker_thread' 1 ' = 1'
# The caller's local is what the global list links to: &create is right.
has 'p kthread_create_list.prev == &create.list' 1 ' = 1'
has 'info frame' 1 'Stack level 1, frame at 0x'
has 'info frame' 1 'in kthread_create (guest/kernel/kthread.c:'
has 'frame 0' 1 '#0  0x'
has 'frame 0' 1 ' in wake_up_process (p=0x'
has 'p p->pid' 1 ' = 2'
has 'down' 1 'Bottom (innermost) frame selected; you cannot go down.'
# bt full: wake_up_process has no locals, then frame #1's struct.
if section "$o" 'bt full 2' 1 | awk '
	NR == 1 && /^#0  0x[0-9a-f]+ in wake_up_process/ { k++ }
	NR == 2 && $0 == "        No locals." { k++ }
	NR == 3 && /^#1  0x[0-9a-f]+ in kthread_create/ { k++ }
	NR == 4 && /^        create = \{threadfn = 0x/ { k++ }
	END { exit k != 4 }'; then
	ok "bt full 2: each frame followed by its locals"
else
	bad "bt full 2: $(section "$o" 'bt full 2' 1 | cut -c1-60)"
fi
# Locals of rmqueue_pcplist (inlined): page lives in a register.
has 'info locals' 2 'page = 0x'
has 'info locals' 2 'pcp = 0x'
has 'p page->flags == page->flags' 1 ' = 1'

# finish with frame 2 (alloc_pages) selected returns to frame 3's pc.
f3=$(section "$o" 'bt 4' 1 | sed -nE 's/^#3  (0x[0-9a-f]+) in .*/\1/p')
till=$(section "$o" 'finish' 1 | sed -nE 's/^Run till exit to (0x[0-9a-f]+).*/\1/p')
now=$(section "$o" 'bt 1' 1 | sed -nE 's/^#0  (0x[0-9a-f]+) in .*/\1/p')
if section "$o" 'up 2' 1 | grep -q ' in alloc_pages (' && [ -n "$f3" ] && [ "$till" = "$f3" ] &&
   [ "$now" = "$f3" ]; then
	ok "finish in frame 2 (alloc_pages) returns to frame 3's pc $f3"
else
	bad "finish in frame 2: bt #3 '$f3', run till '$till', then at '$now'"
fi

# ---- the same stops under real gdb ----
a_entry=$(sed -nE 's/^Breakpoint 1 at (0x[0-9a-f]+).*/\1/p' "$o")
a_body=$(sed -nE 's/^Breakpoint 2 at (0x[0-9a-f]+).*/\1/p' "$o")
a_rmq=$(sed -nE 's/^Breakpoint 3 at (0x[0-9a-f]+).*/\1/p' "$o")
if [ -z "$a_entry" ] || [ -z "$a_body" ] || [ -z "$a_rmq" ]; then
	bad "gdb: breakpoint addresses '$a_entry' '$a_body' '$a_rmq' not found"
	echo "debugger-locals: $pass passed, $fail failed"
	exit 1
fi
gdb_stub_start "$tmp/stub.out" "$IMG"
timeout 90 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" \
	-ex "break *$a_entry" -ex continue -ex 'echo ==args0\n' -ex 'info args' -ex 'echo ==\n' \
	-ex delete -ex "break *$a_body" -ex continue \
	-ex 'echo ==args1\n' -ex 'info args' -ex 'echo ==margs\n' -ex 'monitor info args' \
	-ex 'echo ==mframe\n' -ex 'monitor frame 1' -ex 'echo ==\n' -ex up \
	-ex 'echo ==locals1\n' -ex 'info locals' -ex 'echo ==args2\n' -ex 'info args' \
	-ex 'echo ==frame1\n' -ex 'info frame' -ex 'echo ==\n' \
	-ex delete -ex "break *$a_rmq" -ex continue \
	-ex 'echo ==args3\n' -ex 'info args' -ex 'echo ==locals3\n' -ex 'info locals' \
	-ex up -ex 'echo ==gfp\n' -ex 'p gfp' -ex 'echo ==flags\n' -ex 'p alloc_flags' -ex 'echo ==\n' \
	-ex kill "$K" >"$tmp/gdb" 2>&1
gdb_stub_stop
g=$tmp/gdb
# Stop lines: the entry's line (gdb takes the last statement row at an
# address), and the inlined function a line breakpoint is in.
for n in 1 3; do
	same "gdb: stop line of breakpoint $n" "$(grep "^Breakpoint $n, " "$o")" \
		"$(sed -nE "s/^.*hit (Breakpoint $n, .*)/\1/p" "$g")"
done
same "gdb: info args at the entry" "$(section "$o" 'info args' 1)" "$(gsection "$g" args0)"
same "gdb: info args after the prologue" "$(section "$o" 'info args' 2)" "$(gsection "$g" args1)"
same "gdb: monitor info args passes through" "$(section "$o" 'info args' 2)" "$(gsection "$g" margs)"
if gsection "$g" mframe | grep -qF ' in kthread_create (threadfn='; then
	ok "gdb: monitor frame 1 passes through"
else
	bad "gdb: monitor frame 1: '$(gsection "$g" mframe)'"
fi
same "gdb: info locals in the caller (up)" "$(section "$o" 'info locals' 1)" "$(gsection "$g" locals1)"
same "gdb: info args in the caller (up)" "$(section "$o" 'info args' 3)" "$(gsection "$g" args2)"
same "gdb: info frame, level and CFA" "$(section "$o" 'info frame' 1 | head -1)" \
	"$(gsection "$g" frame1 | head -1)"
same "gdb: info frame, eip and saved eip" "$(section "$o" 'info frame' 1 | sed -n 2p)" \
	"$(gsection "$g" frame1 | sed -n 2p)"
same "gdb: info frame, arglist" "$(section "$o" 'info frame' 1 | grep 'Arglist')" \
	"$(gsection "$g" frame1 | grep 'Arglist')"
same "gdb: info args in an inlined function (rmqueue_pcplist)" "$(section "$o" 'info args' 4)" \
	"$(gsection "$g" args3)"
# gdb also lists the abstract instance's variables again after the block's;
# the block's own come first and must agree.
n=$(section "$o" 'info locals' 2 | wc -l)
same "gdb: info locals in rmqueue_pcplist" "$(section "$o" 'info locals' 2)" \
	"$(gsection "$g" locals3 | head -n "$n")"

# Entry values through the caller's call site: gdb's gfp@entry. (gdb shows
# the inlined rmqueue_pcplist as a frame of its own: its "up" is
# get_page_from_freelist, whose parameters this debugger finds from frame 0.)
val() { sed -nE 's/^\$[0-9]+ = (.*)$/\1/p'; }
same "gdb: p gfp (an entry value)" "$(section "$o" 'p gfp' 1 | val)" "$(gsection "$g" gfp | val)"
same "gdb: p alloc_flags (an entry value)" "$(section "$o" 'p alloc_flags' 1 | val)" \
	"$(gsection "$g" flags | val)"
if section "$o" 'p gfp' 1 | grep -q 'optimized out'; then
	bad "p gfp: still <optimized out>"
else
	ok "p gfp: the entry value is found"
fi

# ---- a sweep: 13 functions the boot runs, frame 0 under lucid and gdb ----
# Each is a temporary breakpoint; both stop at them in the same order (the
# machine is deterministic) and must print the same info args, and info
# locals agreeing line for line (gdb may add an inlined function's abstract
# variables after them).
fns="kmem_cache_alloc alloc_pages kmalloc wake_up_process vprintk request_irq enqueue_task_fair
dequeue_task_fair schedule_timeout __slab_alloc kthread_create sched_fork task_tick_fair"
nstops=13
{
	for f in $fns; do echo "tbreak $f"; done
	for _ in $(seq $nstops); do
		printf 'c 400000000\ninfo args\ninfo locals\nup\ninfo args\ninfo locals\n'
	done
} >"$tmp/sweep.cmd"
timeout 60 "$L" -display none -serial none -debugcon none -x "$tmp/sweep.cmd" \
	-kernel-symbols "$K" "$IMG" >"$tmp/sweep" 2>&1
gargs=()
for a in $(sed -nE 's/^Temporary breakpoint [0-9]+ at (0x[0-9a-f]+).*/\1/p' "$tmp/sweep"); do
	gargs+=(-ex "tbreak *$a")
done
for i in $(seq $nstops); do
	gargs+=(-ex continue -ex "echo ==a$i\\n" -ex 'info args' -ex "echo ==l$i\\n" -ex 'info locals'
		-ex 'echo ==\n' -ex up -ex "echo ==ua$i\\n" -ex 'info args' -ex "echo ==ul$i\\n"
		-ex 'info locals' -ex 'echo ==\n')
done
gdb_stub_start "$tmp/stub2.out" "$IMG"
timeout 90 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" "${gargs[@]}" -ex kill "$K" \
	>"$tmp/gsweep" 2>&1
gdb_stub_stop
hits=$(grep -c '^Temporary breakpoint [0-9]*, ' "$tmp/sweep")
[ "$hits" = "$nstops" ] && ok "sweep: $hits stops" || bad "sweep: $hits stops of $nstops"
sa=0 sl=0 vals=0
for i in $(seq $nstops); do
	ours_a=$(section "$tmp/sweep" 'info args' $((2 * i - 1)))
	ours_l=$(section "$tmp/sweep" 'info locals' $((2 * i - 1)))
	n=$(printf '%s\n' "$ours_l" | wc -l)
	if [ -n "$ours_a" ] && [ "$ours_a" = "$(gsection "$tmp/gsweep" "a$i")" ]; then
		sa=$((sa + 1))
	else
		echo "  stop $i info args: lucid '$ours_a', gdb '$(gsection "$tmp/gsweep" "a$i")'"
	fi
	theirs_l=$(gsection "$tmp/gsweep" "l$i" | head -n "$n")
	if [ -n "$ours_l" ] && [ "$ours_l" = "$theirs_l" ]; then
		sl=$((sl + 1))
	elif [ -n "$ours_l" ] && paste <(printf '%s\n' "$ours_l") <(printf '%s\n' "$theirs_l") |
		awk -F '\t' '$1 != $2 && $2 !~ /<incomplete sequence/ { d = 1 } END { exit d }'; then
		# gdb decodes char strings in the host charset and shows invalid
		# UTF-8 (uninitialized bytes) as <incomplete sequence>; this
		# debugger prints the bytes. Only such a line may differ.
		sl=$((sl + 1))
		echo "  stop $i: only gdb's charset decoding of a string differs"
	else
		echo "  stop $i info locals: lucid '$ours_l', gdb '$(gsection "$tmp/gsweep" "l$i")'"
	fi
	vals=$((vals + $(printf '%s\n%s\n' "$ours_a" "$ours_l" | grep -c ' = [^<]')))
done
# One frame up (gdb's "up": an inlined call's function is a frame of its own,
# as here).
ua=0 ul=0
for i in $(seq $nstops); do
	ours_a=$(section "$tmp/sweep" 'info args' $((2 * i)))
	ours_l=$(section "$tmp/sweep" 'info locals' $((2 * i)))
	n=$(printf '%s\n' "$ours_l" | wc -l)
	if [ -n "$ours_a" ] && [ "$ours_a" = "$(gsection "$tmp/gsweep" "ua$i")" ]; then
		ua=$((ua + 1))
	else
		echo "  stop $i, up: info args: lucid '$ours_a', gdb '$(gsection "$tmp/gsweep" "ua$i")'"
	fi
	if [ -n "$ours_l" ] && [ "$ours_l" = "$(gsection "$tmp/gsweep" "ul$i" | head -n "$n")" ]; then
		ul=$((ul + 1))
	else
		echo "  stop $i, up: info locals: lucid '$ours_l', gdb '$(gsection "$tmp/gsweep" "ul$i")'"
	fi
	vals=$((vals + $(printf '%s\n%s\n' "$ours_a" "$ours_l" | grep -c ' = [^<]')))
done
[ "$ua" = "$nstops" ] && ok "sweep: up, info args as gdb at all $ua stops" ||
	bad "sweep: up, info args as gdb at $ua of $nstops stops"
[ "$ul" = "$nstops" ] && ok "sweep: up, info locals as gdb at all $ul stops" ||
	bad "sweep: up, info locals as gdb at $ul of $nstops stops"
[ "$sa" = "$nstops" ] && ok "sweep: info args as gdb at all $sa stops" ||
	bad "sweep: info args as gdb at $sa of $nstops stops"
[ "$sl" = "$nstops" ] && ok "sweep: info locals as gdb at all $sl stops" ||
	bad "sweep: info locals as gdb at $sl of $nstops stops"
# Not everything may be <optimized out>: the sweep must compare real values.
[ "$vals" -ge 30 ] && ok "sweep: $vals values shown (not <optimized out>)" ||
	bad "sweep: only $vals values shown"

summary debugger-locals
