#!/usr/bin/env bash
# Regressions of the debugger's rough edges: gdb's detach lets the guest run
# on (also under -replay, with no false divergence); SIGTERM in batch and
# stub modes flushes the output and ends cleanly; a replay stops at its end
# with a message; a finish that cannot return is refused; SIGINT in batch
# mode breaks in; the backtrace's outer frames; gdb's threads; the small
# views (eflags, info symbol's section, ps before the kernel, kcore's size,
# si on a halted CPU, savevm while recording, a damaged snapshot).
. "$(dirname "$0")/../lib.sh"
IMG=build/images/lucid.img
K=build/guest/lucix.elf
Q=(-display none -serial none -debugcon none)

# dbg NAME SCRIPT ARGS...: lucid on a command file; output in $tmp/NAME.
dbg() {
	local name=$1 script=$2
	shift 2
	timeout 60 "$L" "${Q[@]}" -x "$script" "$@" >"$tmp/$name" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# has NAME TEXT...: each TEXT must appear in $tmp/NAME.
has() {
	local name=$1
	shift
	for want in "$@"; do
		if grep -qF -- "$want" "$tmp/$name"; then
			ok "$name: $want"
		else
			bad "$name" "no '$want' in: $(tail -c 600 "$tmp/$name")"
		fi
	done
}

# ---- a recording to replay (the boot's first 50M instructions) ----
printf 'c 50000000\nquit\n' >"$tmp/rec.cmd"
dbg rec "$tmp/rec.cmd" -record "$tmp/boot.rec" "$IMG"
status_is "record 50M instructions under the debugger" "$(cat "$tmp/rec.rc")" 0

# ---- a replay stops at its end, with a message ----
printf 'c\nc\nsi\np $icount\n' >"$tmp/end.cmd"
dbg end "$tmp/end.cmd" -replay "$tmp/boot.rec" "$IMG"
has end 'The replay reached the end of the recording at icount 50000000' '$1 = 50000000'
status_is "replay end: exit status" "$(cat "$tmp/end.rc")" 0
if [ "$(grep -c 'reached the end of the recording' "$tmp/end")" = 3 ]; then
	ok "replay end: c, c and si each stop at the end"
else
	bad "replay end: $(grep -c 'reached the end' "$tmp/end") stops at the end, expected 3"
fi

# The session's end says how the replay went: identical to the end, or left
# part-way (not a divergence, exit 0).
expect_in "$tmp/end.err" "replay end: -x session says the replay was identical" \
	'^lucid: replay identical to the recording: [0-9]+ digests .* ended at icount 50000000$'
printf 'c 1000000\n' >"$tmp/part.cmd"
dbg part "$tmp/part.cmd" -replay "$tmp/boot.rec" "$IMG"
status_is "replay left part-way: exit status" "$(cat "$tmp/part.rc")" 0
expect_in "$tmp/part.err" "replay left part-way: said so, no divergence" \
	'^lucid: replay left at icount 1000000 of the recording.s 50000000: [0-9]+ digests'

# ---- gdb's detach: the guest runs on ----
gdb_stub_start "$tmp/stub.out" -serial file:"$tmp/detach.serial" "$IMG"
timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" -ex 'break start_kernel' \
	-ex continue -ex detach "$K" >"$tmp/gdb-detach" 2>&1
has gdb-detach 'Breakpoint 1, start_kernel ()' '[Inferior 1 (Remote target) detached]'
sleep 1
if kill -0 "$gdb_pid" 2>/dev/null; then
	ok "detach: lucid still runs a second after gdb detached"
else
	bad "detach: lucid exited: $(tail -c 300 "$tmp/stub.out")"
fi
# The guest booted on (the console comes up well after start_kernel).
sleep 2
kill -TERM "$gdb_pid" 2>/dev/null
wait "$gdb_pid"
status_is "detach then SIGTERM: exit status" $? 0
has stub.out 'terminating on signal 15'
has detach.serial 'console_init: consoles registered'

# ---- detach under -replay: runs to the recording's end, no divergence ----
gdb_stub_start "$tmp/rstub.out" -replay "$tmp/boot.rec" "$IMG"
timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" -ex 'break start_kernel' \
	-ex continue -ex detach "$K" >"$tmp/gdb-rdetach" 2>&1
wait "$gdb_pid"
status_is "detach under -replay: exit status" $? 0
has rstub.out 'replay identical to the recording' 'ended at icount 50000000'
if grep -q diverged "$tmp/rstub.out"; then
	bad "detach under -replay: $(grep diverged "$tmp/rstub.out")"
else
	ok "detach under -replay: no divergence reported"
fi

# ---- SIGTERM in batch mode: the script's output survives ----
printf 'p 1+1\nc\n' >"$tmp/term.cmd"
timeout 60 "$L" "${Q[@]}" -x "$tmp/term.cmd" "$IMG" >"$tmp/term" 2>"$tmp/term.err" &
pid=$!
sleep 2
kill -TERM $pid
wait $pid
status_is "SIGTERM in batch mode: exit status" $? 0
has term '(lucid) p 1+1' '$1 = 2' '(lucid) c' 'Interrupted at icount'
has term.err 'lucid: terminating on signal 15'

# ---- SIGTERM in stub mode: the serial log is complete ----
gdb_stub_start "$tmp/tstub.out" -serial file:"$tmp/term.serial" "$IMG"
# A breakpoint after the initcalls (over 4 KiB of log); gdb holds the
# machine there while lucid gets SIGTERM.
timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" \
	-ex "break free_initmem" -ex continue \
	-ex "shell kill -TERM $gdb_pid; sleep 1" "$K" >"$tmp/gdb-term" 2>&1
wait "$gdb_pid"
status_is "SIGTERM in stub mode: exit status" $? 0
has gdb-term 'Breakpoint 1, free_initmem'
has tstub.out 'terminating on signal 15'
has term.serial 'do_initcalls: level late'
size=$(wc -c <"$tmp/term.serial")
if [ "$size" -gt 4096 ]; then
	ok "SIGTERM in stub mode: the serial log has all $size bytes"
else
	bad "SIGTERM in stub mode: serial log cut at $size bytes"
fi

# ---- SIGINT in batch mode breaks into an endless continue ----
printf 'c 500000000\nb schedule\nc\np 42\n' >"$tmp/int.cmd"
timeout 60 "$L" "${Q[@]}" -x "$tmp/int.cmd" "$IMG" >"$tmp/int" 2>"$tmp/int.err" &
pid=$!
sleep 3
kill -INT $pid
wait $pid
status_is "SIGINT in batch mode: exit status (the script did not finish)" $? 1
has int 'Interrupted at icount' 'Interrupted (SIGINT): the rest of the script is skipped.'
if grep -qF '$1 = 42' "$tmp/int"; then
	bad "SIGINT in batch mode: the script ran on"
else
	ok "SIGINT in batch mode: the script stopped"
fi

# ---- finish in a function that never returns is refused ----
printf 'break cpu_startup_entry\nc\nfinish\nup\nfinish\np 7\n' >"$tmp/fin.cmd"
dbg fin "$tmp/fin.cmd" "$IMG"
if grep -q '"finish" not meaningful: cpu_startup_entry never returns.' "$tmp/fin" &&
   [ "$(grep -c '"finish" not meaningful: .* never returns.' "$tmp/fin")" = 2 ]; then
	ok "finish in the idle loop is refused (frame 0, and rest_init above it)"
else
	bad "finish in the idle loop: $(grep -A2 '(lucid) finish' "$tmp/fin")"
fi
has fin '$1 = 7'

# ---- backtraces against real gdb on the same kcore ----
# Three stops: the idle loop's entry (start_kernel's call to rest_init is
# its last instruction: the return address is already in the next function), printk
# from start_kernel, and an initcall reached through a tail call
# (do_pre_smp_initcalls jumps to do_initcall_range) in pid 1, a kernel
# thread whose unwind ends at ret_from_fork.
cat >"$tmp/bt.cmd" <<EOF
break vprintk
c
c
bt
kcore $tmp/bt2.core
delete
break do_initcall_range
c
bt
kcore $tmp/bt3.core
delete
break cpu_startup_entry
c
bt
kcore $tmp/bt1.core
EOF
dbg bt "$tmp/bt.cmd" "$IMG"
# ours FILE N: the frames of the bt before kcore N (the script's order is 2 3 1)
ours() {
	awk -v n="$((($2 + 1) % 3 + 1))" '/^\(lucid\) bt$/ { k++; on = (k == n); next } /^\(lucid\)/ { on = 0 } on' "$1" |
		sed -nE 's/^#([0-9]+) +(0x[0-9a-f]+ in )?([A-Za-z0-9_.]+)(\+[0-9]+)?( \(inlined\))? at ([^ ]*\/)?([^/ ]+:[0-9]+)$/\1 \3 \7/p'
}
for n in 1 2 3; do
	ours "$tmp/bt" $n >"$tmp/bt$n.ours"
	timeout 60 gdb -batch -nx -ex bt "$K" "$tmp/bt$n.core" 2>/dev/null |
		sed -nE 's/^#([0-9]+) +(0x[0-9a-f]+ in )?([A-Za-z0-9_.]+) \(.*\) at ([^ ]*\/)?([^/ ]+:[0-9]+)$/\1 \3 \5/p' |
		uniq | head -n "$(wc -l <"$tmp/bt$n.ours")" >"$tmp/bt$n.gdb"
	if [ -s "$tmp/bt$n.ours" ] && cmp -s "$tmp/bt$n.ours" "$tmp/bt$n.gdb"; then
		ok "bt $n: $(wc -l <"$tmp/bt$n.ours") frames, functions and lines as gdb's"
	else
		bad "bt $n" "ours: $(tr '\n' '|' <"$tmp/bt$n.ours") gdb: $(tr '\n' '|' <"$tmp/bt$n.gdb")"
	fi
done
# start_kernel's call of rest_init is its last instruction: by the return
# address alone this frame would be the next function's.
if grep -A1 ' rest_init ' "$tmp/bt1.ours" | grep -q '^[0-9]* start_kernel main.c:[0-9]*$'; then
	ok "bt 1: start_kernel's frame above rest_init, found by pc-1"
else
	bad "bt 1: $(tr '\n' '|' <"$tmp/bt1.ours")"
fi
expect_in "$tmp/bt3.ours" "bt 3: the tail-calling do_pre_smp_initcalls has its frame" '^1 do_pre_smp_initcalls main.c:[0-9]+$'
if [ "$(tail -1 "$tmp/bt3.ours" | cut -d' ' -f2)" = ret_from_fork ]; then
	ok "bt 3: a kernel thread's unwind ends at ret_from_fork"
else
	bad "bt 3: last frame $(tail -1 "$tmp/bt3.ours")"
fi

# ---- gdb's threads: each sleeping task's switch frame ----
gdb_stub_start "$tmp/thr.out" "$IMG"
timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" -ex 'break do_initcall_range' \
	-ex continue -ex 'thread 1' -ex 'echo ==t1\n' -ex bt -ex 'info registers ebx esp ebp eflags' \
	-ex 'p/x init_task.thread.sp' \
	-ex 'thread 3' -ex 'echo ==t3\n' -ex bt -ex 'thread 2' -ex 'echo ==t2\n' \
	-ex 'info registers ebx' "$K" >"$tmp/gdb-thr" 2>&1
gdb_stub_stop
t1=$(sed -n '/^==t1/,/^==t3/p' "$tmp/gdb-thr")
if grep -q '^#0 .* in context_switch ' <<<"$t1" && grep -q '^#[0-9].* in rest_init ' <<<"$t1" &&
   grep -q '^#[0-9].* in start_kernel ' <<<"$t1"; then
	ok "threads: thread 1 (swapper, asleep) unwinds from its switch frame to start_kernel"
else
	bad "threads: thread 1's bt: $t1"
fi
expect_in "$tmp/gdb-thr" "threads: a sleeping task's EBX is unavailable, not the CPU's" '^ebx +<unavailable>'
sp=$(sed -nE 's/^esp +(0x[0-9a-f]+) .*/\1/p' "$tmp/gdb-thr" | head -1)
tsp=$(sed -nE 's/^\$1 = (0x[0-9a-f]+)$/\1/p' "$tmp/gdb-thr")
if [ -n "$sp" ] && [ "$sp" = "$tsp" ]; then
	ok "threads: thread 1's ESP is init_task.thread.sp ($tsp)"
else
	bad "threads: thread 1's ESP '$sp', init_task.thread.sp '$tsp'"
fi
expect_in "$tmp/gdb-thr" "threads: its EFLAGS are the ones switch_to pushed" '^eflags +0x[0-9a-f]+ +\[ .*\]'
t3=$(sed -n '/^==t3/,/^==t2/p' "$tmp/gdb-thr")
if grep -q '^#[0-9].* in kthreadd ' <<<"$t3"; then
	ok "threads: thread 3 (kthreadd, asleep) unwinds into kthreadd"
else
	bad "threads: thread 3's bt: $t3"
fi
if sed -n '/^==t2/,$p' "$tmp/gdb-thr" | grep -qE '^ebx +0x'; then
	ok "threads: the running task (thread 2) has the CPU's EBX"
else
	bad "threads: thread 2: $(sed -n '/^==t2/,$p' "$tmp/gdb-thr")"
fi

# ---- the small ones ----
# At the reset vector: ps, kcore's size, eflags, info symbol; then a halted
# CPU (the idle loop's STI; HLT) under si.
sti=$(objdump -d --no-show-raw-insn "$K" |
	awk '/<cpu_startup_entry>:/ { on = 1 } on && /\tsti/ { sub(":", "", $1); print $1; exit }')
cat >"$tmp/small.cmd" <<EOF
ps
kcore $tmp/reset.core
info registers eflags
info symbol 0xc0100017
info symbol &jiffies
break *0x${sti:-0}
c
delete
si
info registers eflags
si
echo HALTED-STEP\n
si
EOF
dbg small "$tmp/small.cmd" "$IMG"
has small 'No tasks: the kernel is not running yet' 'eflags         0x2                 [ ]'
if grep -qE '^ +0 +0 +0 ' "$tmp/small"; then
	bad "small: ps printed a row before the kernel ran"
else
	ok "small: ps prints no zero row before the kernel runs"
fi
ram=$((64 << 20))
size=$(stat -c %s "$tmp/reset.core" 2>/dev/null || echo 0)
if [ "$size" -ge "$ram" ] && [ "$size" -lt $((ram + (1 << 20))) ]; then
	ok "small: kcore at the reset vector is the RAM's size ($size bytes for 64 MiB)"
else
	bad "small: kcore at the reset vector is $size bytes for 64 MiB of RAM"
fi
# gdb reads the same bytes through both mappings (0 and PAGE_OFFSET).
lo=$(gdb -batch -nx -ex 'x/4xw 0x7c00' "$K" "$tmp/reset.core" 2>/dev/null | tail -1 | cut -d: -f2)
hi=$(gdb -batch -nx -ex 'x/4xw 0xc0007c00' "$K" "$tmp/reset.core" 2>/dev/null | tail -1 | cut -d: -f2)
if [ -n "$lo" ] && [ "$lo" = "$hi" ]; then
	ok "small: the reset kcore's two mappings share one copy of RAM"
else
	bad "small: kcore mappings differ: '$lo' vs '$hi'"
fi
want=$(gdb -batch -nx -ex 'info symbol 0xc0100017' -ex 'info symbol &jiffies' "$K" 2>/dev/null |
	sed -nE 's/^(.* in section [^ ]+).*/\1/p')
got=$(sed -nE 's/^(.* in section [^ ]+)( of .*)?$/\1/p' "$tmp/small")
if [ -n "$want" ] && [ "$want" = "$got" ]; then
	ok "small: info symbol names the sections as gdb ($(echo $want | tr '\n' ' '))"
else
	bad "small: info symbol: ours '$got', gdb '$want'"
fi
expect_in "$tmp/small" "small: eflags decoded in the kernel" '^eflags +0x[0-9a-f]+ +\[ .*IF.* \]$'
# The si that runs the HLT finds the CPU halted, the one that ran STI does
# not; the si after it either finds the CPU still halted or, when the next
# timer interrupt is already due (it depends on where the boot's timers
# fall), steps into the interrupt's entry stub.
after=$(sed -n '/^HALTED-STEP/,$p' "$tmp/small")
if [ "$(sed -n '1,/^HALTED-STEP/p' "$tmp/small" | grep -c 'The CPU is halted (HLT) until an interrupt comes')" = 1 ] &&
   { grep -q 'The CPU is halted (HLT) until an interrupt comes' <<<"$after" ||
     grep -qE 'IRQ_STUB|irq_entries|common_interrupt' <<<"$after"; }; then
	ok "small: si on the halted CPU says it is halted"
else
	bad "small: si around HLT: $(grep -A3 '(lucid) si' "$tmp/small" | head -12)"
fi

# A breakpoint on the instruction in STI's shadow (the idle loop's HLT) is
# hit, and continuing from it runs the HLT and stops there again on the next
# pass through the idle loop.
hlt=$(printf '%x' $((0x${sti:-0} + 1)))
printf 'break *0x%s\nc\np/x $eip\nc\np/x $eip\n' "$hlt" >"$tmp/shadow.cmd"
dbg shadow "$tmp/shadow.cmd" "$IMG"
if grep -qE "^\\\$1 = 0x$hlt\$" "$tmp/shadow" && grep -qE "^\\\$2 = 0x$hlt\$" "$tmp/shadow" &&
   [ "$(grep -c 'Breakpoint 1, ' "$tmp/shadow")" = 2 ]; then
	ok "shadow: a breakpoint on the HLT after STI stops there (0x$hlt)"
else
	bad "shadow: break on the HLT after STI: $(grep -E 'Breakpoint|\$1|icount' "$tmp/shadow" | head -5)"
fi

# savevm during a recording is refused; during a plain session it works.
printf 'c 1000000\nsavevm %s\n' "$tmp/rec.vm" >"$tmp/recsave.cmd"
dbg recsave "$tmp/recsave.cmd" -record "$tmp/r2.rec" "$IMG"
has recsave 'savevm: savevm during a recording is refused'
[ -e "$tmp/rec.vm" ] && bad "recsave: a snapshot was written" || ok "recsave: no snapshot written"
printf 'c 1000000\nsavevm %s\n' "$tmp/plain.vm" >"$tmp/save.cmd"
dbg save "$tmp/save.cmd" "$IMG"
has save 'Saved the machine to'
# A damaged header (the version field) says so.
cp "$tmp/plain.vm" "$tmp/bad.vm"
printf '\xef\xbe\xad\xde' | dd of="$tmp/bad.vm" bs=1 seek=8 conv=notrunc 2>/dev/null
timeout 20 "$L" "${Q[@]}" -loadvm "$tmp/bad.vm" "$IMG" >/dev/null 2>"$tmp/badvm.err"
status_is "damaged snapshot: exit status" $? 2
has badvm.err 'snapshot header is damaged'
if grep -q 'format version' "$tmp/badvm.err"; then
	bad "damaged snapshot: reported as another version: $(cat "$tmp/badvm.err")"
else
	ok "damaged snapshot: not reported as another format version"
fi

# ---- the prompt (libedit) on a terminal ----
# Session 1: a command, Tab on an ambiguous command (lists both), Tab in a
# struct member (completes it), Ctrl-C at the prompt (a fresh line), quit.
# Session 2: the history of session 1 (Up twice), Ctrl-R reverse search.
export LUCID_HISTORY="$tmp/history"
KEYS='p 1+1\r|disa\t|\x15|p init_task.ta\t|\r|\x03|p 5\r|quit\r' timeout 60 \
	python3 tests/debugger/pty_keys.py "$tmp/tty1" "$L" "${Q[@]}" -debug "$IMG"
has tty1 '$1 = 2' 'disable      disassemble' 'p init_task.ta' 'sks' '$2 = 5'
if grep -q 'init_task.tasks' "$tmp/history"; then
	ok "tty1: the completed member went into the history file"
else
	bad "tty1: history: $(cat "$tmp/history" 2>&1)"
fi
KEYS='\x1b[A\x1b[A|\r|\x12|1+|\r|quit\r' timeout 60 \
	python3 tests/debugger/pty_keys.py "$tmp/tty2" "$L" "${Q[@]}" -debug "$IMG"
has tty2 '$1 = 5' '$2 = 2'
unset LUCID_HISTORY
# Without a terminal the prompt reads plain lines.
printf 'p 6*7\nquit\n' | timeout 60 "$L" "${Q[@]}" -debug "$IMG" >"$tmp/piped" 2>&1
has piped '$1 = 42'
# complete, gdb's command, shows what Tab offers.
printf 'complete disa\ncomplete p init_task.se.vr\ncomplete p jiffies_6\n' >"$tmp/compl.cmd"
dbg compl "$tmp/compl.cmd" "$IMG"
has compl 'p init_task.se.vruntime' 'p jiffies_64'
expect_in "$tmp/compl" "compl: disa offers disable" '^disable$'
expect_in "$tmp/compl" "compl: disa offers disassemble" '^disassemble$'

summary debugger-defects
