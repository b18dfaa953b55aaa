#!/usr/bin/env bash
# Backtraces across the user/kernel boundary, on the default image: the
# kernel's frames down to the entry code, the boundary line, then the user
# program's frames from the pt_regs the entry saved (its .eh_frame, the
# vDSO's code, a stack scan through musl's code, which has no CFI), ending
# at main as gdb's do. Checked: vmstat stopped in nanosleep (the running
# task) and the same vmstat asleep (bt pid N, from its switch frame); a
# user-mode page fault in malloc_test; an interrupt that came into kernel
# code. Then real gdb on the gcore of the sleeping vmstat: its registers
# are the pt_regs', its frame 0 is __kernel_vsyscall at our user frame's
# pc, and each of our outer user frames' pc follows a call instruction in
# gdb's disassembly of the function we name, on the line we print. The run
# is recorded; in its replay reverse-continue finds the last write of the
# faulting page's PTE. Last, gdb through the stub follows a module load and
# an exec by itself (library events).
. "$(dirname "$0")/../lib.sh"
IMG=build/images/lucid.img
VM=build/images/prog/vmstat
for f in "$L" build/guest/bzImage "$IMG" "$VM"; do
	[ -f "$f" ] || { bad "build" "$f missing (make all)"; summary debugger-bt; exit 1; }
done
BOOT=(-display none -no-reboot -snapshot -kernel build/guest/bzImage
	-append "root=/dev/hda1 console=ttyS0")

# section START: the lines of $tmp/out after "START" up to the next "(lucid) ".
section() {
	awk -v s="$1" '$0 == s { on = 1; next } on && /^\(lucid\) / { exit } on' "$tmp/out"
}
# matches NAME FILE REGEX...: each extended REGEX must match a line of FILE, in order.
in_order() {
	local name=$1 file=$2 at=0 n
	shift 2
	for re in "$@"; do
		n=$(tail -n +$((at + 1)) "$file" | grep -nE -m1 -- "$re" | cut -d: -f1)
		if [ -z "$n" ]; then
			bad "$name" "no '$re' after line $at in: $(tr '\n' '|' <"$file" | tail -c 900)"
			return
		fi
		at=$((at + n))
	done
	ok "$name"
}

# malloc_test's main, for a fault there (its loop touching the 8 MiB block).
read -r main_lo main_sz <<<"$(nm -S build/images/prog/malloc_test | awk '$4 == "main" { print $1, $2 }')"
UIP='((struct pt_regs *)(((unsigned long)$esp | 8191) + 1) - 1)->ip'
NEWEST='((struct task_struct *)((char *)init_task.tasks.prev - (unsigned long)&((struct task_struct *)0)->tasks))->pid'
CUR='((struct thread_info *)((unsigned long)$esp & ~8191))->task'
cat >"$tmp/in" <<'EOF'
when-serial /root #  => vmstat 1 2; malloc_test; echo D$((0+1))\n
EOF
cat >"$tmp/cmd" <<EOF
break do_IRQ if regs->cs == 0x60
c 3000000000
bt
delete
break sys_nanosleep_time32 if $CUR->comm[0] == 'v'
c 3000000000
p \$pid
usersyms \$pid
bt
delete
c 30000000
p $NEWEST
bt pid $NEWEST
bt 3 pid $NEWEST
uregs $NEWEST
maps $NEWEST
pagetable $NEWEST
gcore $NEWEST $tmp/vm.core
bt pid 9999
break do_page_fault if $CUR->comm[0] == 'm' && (\$esp & 8191) > 7900 && $UIP >= 0x$main_lo && $UIP < 0x$main_lo + 0x$main_sz
c 3000000000
usersyms \$pid
bt
vtop \$cr2
delete
c 2000000
EOF
timeout 120 "$L" "${BOOT[@]}" -serial file:"$tmp/serial" -record "$tmp/rec" -input-script "$tmp/in" \
	-x "$tmp/cmd" "$IMG" >"$tmp/out" 2>&1
status_is "the session (boot, vmstat, malloc_test): exit status" $? 1	# bt pid 9999 fails

# 1. An interrupt that came into kernel code: do_IRQ, the entry, the
# boundary, then the interrupted kernel function and its callers, down to
# start_kernel or to kernel_init (where the first timer interrupt from
# kernel code lands depends on how long the boot's early parts take).
section '(lucid) bt' | head -16 >"$tmp/bt.irq"
in_order "bt in an interrupt from kernel code: entry, '--- interrupt 0x20 (irq 0) ---', the interrupted code, start_kernel or kernel_init" \
	"$tmp/bt.irq" '^#0  0x[0-9a-f]+ in do_IRQ' '^#[0-9]+ +0x[0-9a-f]+ in common_exception\+[0-9]+ at entry_32\.S:' \
	'^--- interrupt 0x20 \(irq 0\) ---$' '^#[0-9]+ +0xc[0-9a-f]+ in ' 'in (start_kernel|kernel_init)\+[0-9]+ at main\.c:'

# 2. vmstat at its nanosleep, the running task.
vm_pid=$(grep -A1 '^(lucid) p \$pid$' "$tmp/out" | sed -n 's/^\$[0-9]* = //p' | head -1)
awk '/^\(lucid\) bt$/ { n++; next } n == 2 && /^\(lucid\) / { exit } n == 2' "$tmp/out" >"$tmp/bt.run"
in_order "bt of vmstat (pid $vm_pid) in nanosleep: kernel frames, the entry, the system call, the vDSO, sleep, main at vmstat.c:131" \
	"$tmp/bt.run" '^#0  0x[0-9a-f]+ in sys_nanosleep_time32\+[0-9]+ at sys\.c:' \
	'^#[0-9]+ +0x[0-9a-f]+ in entry_SYSENTER_32\+[0-9]+ at entry_32\.S:' \
	'^--- system call \(nr 162, nanosleep\) ---$' '^#[0-9]+ +0xb[0-9a-f]+ in __kernel_vsyscall\+9 \[vdso\]$' \
	'^#[0-9]+ +0x0804[0-9a-f]+ in sleep\+[0-9]+$' '^#[0-9]+ +0x0804[0-9a-f]+ in main\+[0-9]+ at vmstat\.c:131$'
if [ "$(tail -1 "$tmp/bt.run" | grep -c ' in main+')" = 1 ]; then
	ok "the backtrace ends at main (what calls it is musl's start code), as gdb's does"
else
	bad "bt ends at main" "last line: $(tail -1 "$tmp/bt.run")"
fi

# 3. The same vmstat asleep, from its switch frame: schedule down to the
# same system call, and the same user half.
sl_pid=$(grep -F -x -A1 "(lucid) p $NEWEST" "$tmp/out" | sed -n 's/^\$[0-9]* = //p' | head -1)
section "(lucid) bt pid $NEWEST" >"$tmp/bt.pid"
in_order "bt pid $sl_pid (asleep): __schedule, schedule_timeout, nanosleep, the entry, the system call, then user code" \
	"$tmp/bt.pid" '^#0  0x[0-9a-f]+ in context_switch \(inlined\)' 'in __schedule\+' 'in schedule_timeout\+' \
	'in sys_nanosleep_time32\+' 'in entry_SYSENTER_32\+' '^--- system call \(nr 162, nanosleep\) ---$' \
	'__kernel_vsyscall\+9 \[vdso\]$' 'in main\+[0-9]+ at vmstat\.c:131$'
sed -n '/^--- system call/,$p' "$tmp/bt.run" | sed 's/^#[0-9]* *//' >"$tmp/u.run"
sed -n '/^--- system call/,$p' "$tmp/bt.pid" | sed 's/^#[0-9]* *//' >"$tmp/u.pid"
if [ "$sl_pid" = "$vm_pid" ] && [ "$(wc -l <"$tmp/u.run")" -ge 4 ] && cmp -s "$tmp/u.run" "$tmp/u.pid"; then
	ok "the user half is the same running and asleep ($(($(wc -l <"$tmp/u.run") - 1)) frames)"
else
	bad "user half running vs asleep" "pids $vm_pid/$sl_pid; $(diff "$tmp/u.run" "$tmp/u.pid" | head -6 | tr '\n' '|')"
fi
if [ "$(section "(lucid) bt 3 pid $NEWEST" | grep -c '^#')" = 3 ]; then ok "bt 3 pid N: three frames"; else bad "bt 3 pid N" "$(section "(lucid) bt 3 pid $NEWEST")"; fi
expect_in "$tmp/out" "bt pid of no task" '^No task with pid 9999\.$'

# The vDSO frame's pc is where the process will return: uregs's eip.
ueip=$(section "(lucid) uregs $NEWEST" | awk '$1 == "eip" { print $2 }')
vpc=$(grep '__kernel_vsyscall' "$tmp/bt.pid" | awk '{ print $2 }')
if [ -n "$ueip" ] && [ $((ueip)) = $((vpc)) ]; then
	ok "the user frame after the boundary is at the saved eip ($ueip)"
else
	bad "user frame pc" "uregs eip '$ueip', bt '$vpc'"
fi

# pagetable PID (another process's page tables, walked from its mm->pgd):
# every user mapping lies inside one of its VMAs (maps PID), and its text
# page 0x08049000 is mapped.
section "(lucid) maps $NEWEST" >"$tmp/vm.maps"
section "(lucid) pagetable $NEWEST" >"$tmp/vm.pt"
if python3 - "$tmp/vm.maps" "$tmp/vm.pt" <<'PY'
import sys
vmas = [tuple(int(x, 16) for x in l.split()[0].split("-")) for l in open(sys.argv[1]) if "-" in l]
user = []
for l in open(sys.argv[2]):
    f = l.split()
    if f and f[0].startswith("0x") and "-" in f[0]:
        a, b = (int(x, 16) for x in f[0].split("-"))
        if a < 0xC0000000:
            user.append((a, b + 1))
pages = [p for a, b in user for p in range(a, b, 4096)]
outside = [hex(p) for p in pages if not any(lo <= p < hi for lo, hi in vmas)]
text = any(a <= 0x08049000 < b for a, b in user)
sys.exit(1 if outside or not text or len(pages) < 3 else 0)
PY
then
	ok "pagetable pid $sl_pid: every user mapping is inside one of its VMAs, its text is mapped"
else
	bad "pagetable PID" "$(head -12 "$tmp/vm.pt" | tr '\n' '|') maps: $(tr '\n' '|' <"$tmp/vm.maps")"
fi

# 4. A page fault in user mode (malloc_test).
awk '/^\(lucid\) bt$/ { n++; next } n == 3 && /^\(lucid\) / { exit } n == 3' "$tmp/out" >"$tmp/bt.pf"
in_order "bt in a user page fault: do_page_fault, the entry, '--- exception 14 (page fault, error 0x.) ---', malloc_test's main" \
	"$tmp/bt.pf" 'in do_page_fault\+[0-9]+ at fault\.c:' 'in common_exception\+' \
	'^--- exception 14 \(page fault, error 0x[4-7]\) ---$' \
	'^#[0-9]+ +0x0804[0-9a-f]+ in main\+[0-9]+ at malloc_test\.c:[0-9]+$'
# The faulting instruction's line (an interrupted frame: its pc exactly, not
# pc - 1) is the one gdb gives for it: the loop writing the block.
read -r _ fpc _ _ _ fline <<<"$(grep -A1 '^--- exception 14' "$tmp/bt.pf" | tail -1)"
if command -v gdb >/dev/null && [ -n "$fpc" ]; then
	gline=$(gdb -batch -nx -ex "info line *$fpc" build/images/prog/malloc_test 2>&1 | sed -n 's/^Line \([0-9]*\) of "\([^"]*\)".*/\2:\1/p')
	if [ -n "$fline" ] && [ "${gline##*/}" = "$fline" ] && grep -q 'block\[0\]\[i\] = 1' <(sed -n "${fline##*:}p" images/programs/malloc_test.c); then
		ok "the faulting pc $fpc is at $fline (gdb: $gline), the write to the block"
	else
		bad "fault line" "we say '$fline', gdb '$gline'"
	fi
else
	bad "fault line" "no gdb or no frame after the boundary"
fi

# Time travel with kernel meaning: in a replay of the session, back from the
# end of that fault (finish out of do_page_fault) to the last write of the
# faulting address's PTE, which the handler made (from 0): a watchpoint run
# backwards, whose old value is the memory's at the start of each re-run.
pte=$(section '(lucid) vtop $cr2' | awk '$1 == "PTE" { sub(":", "", $5); print $5 }')
PFB=$(grep -m1 '^break do_page_fault if' "$tmp/cmd")
NSB=$(grep -m1 '^break sys_nanosleep_time32 if' "$tmp/cmd")
mainf=$(sed -n 's/^#\([0-9]*\) .* in main+.*/\1/p' "$tmp/bt.run")
cat >"$tmp/cmd2" <<EOF
$NSB
c 3000000000
usersyms \$pid
frame $((mainf - 1))
info frame
frame $mainf
info frame
info locals
delete
$PFB
c 3000000000
delete
finish
when
watch phys $pte len 4
reverse-continue
when
bt 12
EOF
timeout 120 "$L" "${BOOT[@]}" -serial none -replay "$tmp/rec" -x "$tmp/cmd2" "$IMG" >"$tmp/out2" 2>&1
status_is "the replay (back to the PTE's write): exit status" $? 0
w=$(grep -A1 '^(lucid) when$' "$tmp/out2" | sed -n 's/^Current icount: //p' | tr '\n' ' ')
set -- $w
awk '/^\(lucid\) bt 12$/ { on = 1; next } on' "$tmp/out2" >"$tmp/bt.pte"
if [ -n "$pte" ] && [ "$#" = 2 ] && [ "$2" -lt "$1" ] && grep -q 'in do_page_fault' "$tmp/bt.pte" &&
	grep -q '^--- exception 14 (page fault' "$tmp/bt.pte" && grep -qx 'Old value = 0' "$tmp/out2"; then
	ok "reverse-continue to the last write of the PTE (phys $pte): from icount $1 back to $2, in the fault handler ($(grep -m1 '^#0' "$tmp/bt.pte" | awk '{ print $4 }'))"
else
	bad "reverse-continue to the PTE's write" "pte '$pte', when '$w': $(tr '\n' '|' <"$tmp/out2" | tail -c 900)"
fi

# Frames above the boundary can be selected; main's locals are read at the
# CFA its .eh_frame gives from the scanned frame below (whose callee-saved
# registers come from its prologue's pushes): the first sample's figures are
# the first line vmstat printed.
if section "(lucid) frame $((mainf - 1))" >/dev/null && grep -q '^ unwound by a stack scan for the call.s return address$' "$tmp/out2" &&
	grep -qE "^#$mainf  0x[0-9a-f]+ in main \(argc=3, argv=0x[0-9a-f]+.*\) at images/programs/vmstat\.c:131$" "$tmp/out2"; then
	ok "frame $((mainf - 1)) (sleep) was found by the stack scan; frame $mainf is main (argc=3: vmstat 1 2)"
else
	bad "frames above the boundary" "$(grep -A3 '^(lucid) frame' "$tmp/out2" | tr '\n' '|' | head -c 900)"
fi
free1=$(tr -d '\r' <"$tmp/serial" | awk '/^ r  b   swpd/ { getline; print $4; exit }')
if [ -n "$free1" ] && grep -qE "^a = \{cpu = .*, free = $free1, " "$tmp/out2" && grep -qx 'up = 1' "$tmp/out2"; then
	ok "info locals in main: up = 1, a.free = $free1 (the first line vmstat printed)"
else
	bad "main's locals" "free '$free1': $(grep -E '^(a|up) = ' "$tmp/out2" | head -2 | tr '\n' '|')"
fi
main_cfa=$(awk -v f="(lucid) frame $mainf" '$0 == f { on = 1 } on && /^Stack level/ { print $NF; exit }' "$tmp/out2" | tr -d ':')
main_pc=$(sed -n "s/^#$mainf  \(0x[0-9a-f]*\) in main .*/\1/p" "$tmp/out2" | head -1)
our_args=$(sed -n "s/^#$mainf  0x[0-9a-f]* in main \((.*)\) at .*/\1/p" "$tmp/out2" | head -1)

# 5. gdb on the gcore of the sleeping vmstat.
if command -v gdb >/dev/null && [ -s "$tmp/vm.core" ]; then
	ugdb="$tmp/gdb.cmd"
	: >"$ugdb"
	echo 'bt 1' >>"$ugdb"
	echo 'p/x $eip' >>"$ugdb"
	echo 'p/x $esp' >>"$ugdb"
	# Each outer user frame after the vDSO's: "#N 0xPC in FUNC+OFF [at FILE:LINE]".
	sed -n '/__kernel_vsyscall/,$p' "$tmp/bt.pid" | tail -n +2 >"$tmp/outer"
	while read -r _ pc _ fo _ fl; do
		fn=${fo%+*}
		echo "echo @@ $pc $fn\\n" >>"$ugdb"
		echo "disassemble $fn" >>"$ugdb"
		[ -n "$fl" ] && echo "info line *($pc - 1)" >>"$ugdb"
	done <"$tmp/outer"
	timeout 60 gdb -batch -nx -x "$ugdb" "$VM" "$tmp/vm.core" >"$tmp/gdb" 2>&1
	# gdb's view of the frame at main's CFA and pc: the same arguments.
	gargs=$(timeout 60 gdb -batch -nx -ex "frame view $main_cfa $main_pc" "$VM" "$tmp/vm.core" 2>&1 |
		sed -n 's/^#0  main \((.*)\) at .*/\1/p')
	if [ -n "$our_args" ] && [ "$gargs" = "$our_args" ]; then
		ok "gdb's frame view at main's CFA $main_cfa: the same arguments $gargs"
	else
		bad "main's arguments against gdb" "ours '$our_args' (CFA '$main_cfa'), gdb's '$gargs'"
	fi
	resp=$(section "(lucid) uregs $NEWEST" | awk '$1 == "esp" { print $2 }')
	if grep -qE "^#0  (0x0*${vpc#0x} in )?__kernel_vsyscall \(\)" "$tmp/gdb" &&
		grep -qx "\\\$1 = $vpc" "$tmp/gdb" && [ -n "$resp" ] && grep -qx "\\\$2 = 0x$(printf %x $((resp)))" "$tmp/gdb"; then
		ok "gdb on the gcore: frame 0 is __kernel_vsyscall at $vpc, esp $resp (the pt_regs')"
	else
		bad "gdb on the gcore" "$(head -5 "$tmp/gdb" | tr '\n' '|') (want $vpc, $resp)"
	fi
	# Every return address follows a call in gdb's disassembly of the
	# function we name; main's line is gdb's line for the call.
	nf=0
	while read -r _ pc _ fo _ fl; do
		fn=${fo%+*}
		blk=$(awk -v k="@@ $pc $fn" '$0 == k { on = 1; next } on && /^@@ / { exit } on' "$tmp/gdb")
		want=$(printf '0x%08x' $((pc)))
		prev=$(echo "$blk" | grep -B1 -E "^ +$want <" | head -1)
		if echo "$prev" | grep -qE '	call '; then
			nf=$((nf + 1))
		else
			bad "gdb: $fo's return address $pc" "instruction before it: '$prev'"
		fi
		if [ -n "$fl" ]; then
			line=${fl##*:}
			if echo "$blk" | grep -qE "^Line $line of \"[^\"]*${fl%%:*}\""; then
				ok "gdb: $fo's call is on line $fl, as we print it"
			else
				bad "gdb line of $fo" "$(echo "$blk" | grep '^Line' | head -1) vs $fl"
			fi
		fi
	done <"$tmp/outer"
	[ "$nf" -ge 4 ] && ok "gdb: each of the $nf outer user frames returns after a call in the function we name" ||
		bad "gdb: outer user frames" "only $nf checked"
else
	bad "gdb" "no gdb, or no core written: $(grep gcore "$tmp/out" | tail -1)"
fi
grep -q '^gcore: wrote ' "$tmp/out" && ok "gcore wrote the core" || bad "gcore" "$(grep -A1 '^(lucid) gcore' "$tmp/out")"

# 6. gdb through the stub follows module loads and execs by itself: the
# stub stops where the library list changes (do_init_module, the return
# from do_execve) and says "library:" when gdb's copy is out of date; gdb
# reads qXfer:libraries again (the module's .ko with its sections'
# addresses, the new program) and resolves its pending breakpoints, with
# no lucid-modsyms and no "sharedlibrary".
if command -v gdb >/dev/null; then
	printf 'when-serial /root #  => modprobe helloworld; malloc_test\\n\n' >"$tmp/in2"
	gdb_stub_start "$tmp/stub.out" "${BOOT[@]:2}" -input-script "$tmp/in2" "$IMG"
	timeout 90 gdb -batch -nx -ex 'set confirm off' -ex "target remote 127.0.0.1:$gdb_port" \
		-ex 'set breakpoint pending on' -ex 'break helloworld.c:21' -ex 'break show' \
		-ex continue -ex 'bt 2' -ex 'info sharedlibrary' -ex continue -ex 'bt 2' -ex 'p what' \
		-ex kill build/guest/lucix.elf >"$tmp/gdb2" 2>&1
	gdb_stub_stop
	expect_in "$tmp/gdb2" "gdb: the module's breakpoint, pending, resolves at modprobe's load and stops" \
		'^Thread [0-9]+ "modprobe" hit Breakpoint 1, (0x[0-9a-f]+ in )?helloworld_init \(\) at guest/modules/helloworld\.c:21$'
	expect_in "$tmp/gdb2" "gdb: bt in the module shows do_init_module" \
		'^#1  0x[0-9a-f]+ in do_init_module \(mod=.*\) at guest/kernel/module/main\.c:[0-9]+$'
	expect_in "$tmp/gdb2" "gdb: info sharedlibrary lists helloworld.ko from the stub's list" \
		'^0x[0-9a-f]+ +0x[0-9a-f]+ +Yes +/.*/build/guest/modules/helloworld\.ko$'
	expect_in "$tmp/gdb2" "gdb: malloc_test's exec brings its symbols: break show stops in it" \
		'^Thread [0-9]+ "malloc_test" hit Breakpoint 2(\.[0-9]+)?, show \(what=0x[0-9a-f]+ "at start:"\) at images/programs/malloc_test\.c:16$'
	expect_in "$tmp/gdb2" "gdb: p what in the new program" '^\$1 = 0x[0-9a-f]+ "at start:"$'
else
	bad "gdb" "no gdb on this machine"
fi

summary debugger-bt
