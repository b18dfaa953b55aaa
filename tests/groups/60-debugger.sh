#!/usr/bin/env bash
# The debugger on the live machine, in batch mode (lucid -x FILE), and real
# gdb against the stub (-S -gdb): the reset vector, stepping, catches and
# watchpoints on the tiny ROMs of tests/machine/, the boot sector at 0x7C00,
# the kernel at start_kernel (registers, jiffies over one virtual second, the
# printk ring, vtop against a physical scan, a watchpoint on jiffies in the
# timer interrupt), kcore read back by gdb, and gdb's own session.
. "$(dirname "$0")/../lib.sh"
R=build/tests/machine
C=tests/debugger/cmd
IMG=build/images/lucid.img
K=build/guest/lucix.elf

# dbg NAME SCRIPT ARGS...: run lucid on a command file; output in $tmp/NAME.
dbg() {
	local name=$1 script=$2
	shift 2
	timeout 60 "$L" -display none -serial none -debugcon none -x "$script" "$@" \
		>"$tmp/$name" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# has NAME TEXT...: each TEXT must appear in the output of NAME.
has() {
	local name=$1
	shift
	for want in "$@"; do
		if grep -qF -- "$want" "$tmp/$name"; then
			ok "$name: $want"
		else
			bad "$name: no '$want' in: $(head -c 600 "$tmp/$name") $(head -c 200 "$tmp/$name.err")"
		fi
	done
}

if ! "$L" -h 2>/dev/null | grep -q -- '-debug-script'; then
	echo "FAIL build/lucid has no -debug-script"
	echo "debugger: 0 passed, 1 failed"
	exit 1
fi

# ---- the reset vector ----
dbg reset $C/reset.cmd -bios $R/timer.rom
has reset $'f000:fff0 0xfffffff0:\tljmp 0xf000:0' \
	'cs             0xf000               base=0xffff0000 limit=0x0000ffff (real mode)' \
	'mode           16-bit real' \
	$'=> 0xfffffff0:\tljmp 0xf000:0' \
	$'f000:0000 0x000f0000:\tcli' \
	'eip            0x5 ' '$1 = 0xf0005'

# ---- catches, watchpoints, conditions, writes (timer.rom) ----
dbg timer $C/timer.cmd -bios $R/timer.rom
has timer 'I/O watchpoint 1: out port 0x0043 <- 0x34' \
	'Catchpoint 2 (icount 1000)' '$1 = 1000' \
	'Catchpoint 3 (interrupt 0x08)' $'inc word ptr es:[0x500]' \
	$'Hardware watchpoint 4: 0x500\n' 'Old value = 1' 'New value = 2' 'New value = 3' \
	$'0x00000500:\t3' \
	'Breakpoint 5, 0x000f006c in ?? ()' $'0x00000500:\t5' 'stop only if *(short *)0x500 == 5' \
	$'0x00000500:\t98' 'The guest exited: isa-debug-exit, status 11'
# Old/New must be on consecutive lines, as gdb prints them.
if grep -A1 'Old value = 1' "$tmp/timer" | grep -q 'New value = 2'; then
	ok "timer: watchpoint values in order"
else
	bad "timer: watchpoint values out of order"
fi

# ---- triple fault ----
dbg triple $C/triple.cmd -bios $R/triple.rom
has triple 'Catchpoint 1 (triple fault): #GP (vector 13' \
	'then #GP while delivering it (so #DF)' 'then #GP while delivering #DF'

# ---- the boot sector ----
dbg boot $C/bootsector.cmd "$IMG"
has boot 'Breakpoint 1, 0x00007c00' 'cs             0x0 ' \
	$'=> 0x00007c00:\tcli' $'0x00007c01:\txor ax, ax' 'End of assembler dump.'

# ---- the kernel ----
dbg kernel $C/kernel.cmd -kernel-symbols "$K" "$IMG"
has kernel 'Breakpoint 1, start_kernel () at ' \
	'cs             0x60                 base=0x00000000 limit=0xffffffff code R 32-bit DPL0 P G' \
	'mode           32-bit protected, PAE paging' \
	'lucix version' '#0  0xc0' 'IDT[ 32] 0060:c01' 'P RW S PS G'
# Device views come from the devices' own info hooks: each must answer.
for dev in pic pit rtc uart ata vga tlb post; do
	body=$(sed -n "/^(lucid) info $dev\$/,/^(lucid) /p" "$tmp/kernel" | sed '1d;$d')
	if [ -n "$body" ] && ! grep -qE 'Undefined info|no state to show' <<<"$body"; then
		ok "kernel: info $dev"
	else
		bad "kernel: info $dev: '$body'"
	fi
done
has kernel 'TLB: ' 'cr3 loads ' 'Node 0, zone      DMA' '# name            <active_objs>' \
	'kmalloc-32 '
# meminfo's total is the kernel's own totalram_pages, in kB.
pages=$(sed -nE 's/^\$[0-9]+ = ([0-9]+)$/\1/p' "$tmp/kernel" | tail -1)
if [ -n "$pages" ] && grep -qE "^MemTotal: +$((pages * 4)) kB" "$tmp/kernel"; then
	ok "kernel: meminfo MemTotal = totalram_pages ($pages) x 4 kB"
else
	bad "kernel: meminfo: $(grep MemTotal "$tmp/kernel"), totalram_pages '$pages'"
fi
if grep -qE '^  0 +[1-9][0-9]* +.*timer' "$tmp/kernel"; then
	ok "kernel: irq shows IRQ 0's count and its timer action"
else
	bad "kernel: irq: $(grep -A3 '(lucid) irq' "$tmp/kernel")"
fi
hz=$(sed -nE 's/^\$1 = ([0-9]+)$/\1/p' "$tmp/kernel")
j1=$(sed -nE 's/^\$2 = (-?[0-9]+)$/\1/p' "$tmp/kernel")
j2=$(sed -nE 's/^\$3 = (-?[0-9]+)$/\1/p' "$tmp/kernel")
if [ -n "$hz" ] && [ -n "$j1" ] && [ -n "$j2" ] && [ $((j2 - j1)) -eq "$hz" ]; then
	ok "kernel: jiffies advanced by HZ=$hz over 100000000 instructions (1 virtual s)"
else
	bad "kernel: jiffies $j1 -> $j2 with HZ=$hz"
fi
# Tasks on the live kernel: ps walks init_task's list (task_struct.tasks).
dbg tasks $C/tasks.cmd "$IMG"
# The first task to call schedule() is kthreadd (pid 2): woken by rest_init,
# it preempts the idle task (preempt_schedule, straight to __schedule) and
# sleeps through schedule() before the idle task gets there.
has tasks 'Breakpoint 1, schedule ()' '$1 = 2' '$2 = "kthreadd' 'RUNQUEUE runqueue' \
	'current = (struct task_struct *) 0x' '$3 = "swapper/0' '$4 = "swapper/0' '$5 = 1'
ps_row() {	# ps_row PID PPID COMM: a ps row with that pid, parent and name
	if grep -qE "^[> ] +$1 +$2 +$1 +[RSD] .*\[$3\]\$" "$tmp/tasks"; then
		ok "tasks: ps lists pid $1 [$3] with parent $2"
	else
		bad "tasks: ps has no pid $1 ppid $2 [$3]: $(grep -A8 '(lucid) ps' "$tmp/tasks")"
	fi
}
ps_row 0 0 'swapper/0'
ps_row 1 0 init
ps_row 2 0 kthreadd
ps_row '[0-9]+' 2 'ksoftirqd/0'
ps_row '[0-9]+' 2 'kworker/0:0'
# vtop of &jiffies against the frame a physical scan finds.
addr=$(sed -nE 's/^\$4 = (0x[0-9a-f]+)$/\1/p' "$tmp/kernel")
phys=$(sed -nE 's/.*-> PHYSICAL (0x[0-9a-f]+)$/\1/p' "$tmp/kernel")
if [ -n "$addr" ] && [ -n "$phys" ]; then
	cat >"$tmp/scan.cmd" <<-EOF
	break start_kernel
	c
	delete
	c 300000000
	set var jiffies_64 = 0x4c75636964333836
	find/g phys 0, +0x4000000, 0x4c75636964333836
	EOF
	dbg scan "$tmp/scan.cmd" -kernel-symbols "$K" "$IMG"
	found=$(grep -E '^0x[0-9a-f]+$' "$tmp/scan" | tr '\n' ' ')
	if [ "$(printf '%s' "$found" | xargs)" = "$(printf '0x%x' $((phys)))" ]; then
		ok "kernel: vtop $addr -> $phys is where a physical scan finds jiffies"
	else
		bad "kernel: vtop $addr -> $phys, scan found: $found"
	fi
else
	bad "kernel: no vtop result"
fi

# ---- vtop of a vmalloc address (the mm self-tests vmalloc and vfree) ----
dbg vmalloc $C/vmalloc.cmd -kernel build/guest/bzImage -append "console=ttyS0 selftest=mm"
vaddr=$(sed -nE 's/^\$1 = (0x[0-9a-f]+)$/\1/p' "$tmp/vmalloc")
vphys=$(sed -nE 's/.*-> PHYSICAL (0x[0-9a-f]+)$/\1/p' "$tmp/vmalloc")
vfound=$(grep -E '^0x[0-9a-f]+$' "$tmp/vmalloc" | tr '\n' ' ' | xargs)
if [ -n "$vaddr" ] && [ -n "$vphys" ] && grep -q '  PTE   \[' "$tmp/vmalloc" &&
   [ "$vfound" = "$(printf '0x%x' $((vphys)))" ]; then
	ok "vmalloc: vtop $vaddr -> $vphys (through a PTE) is where a physical scan finds it"
else
	bad "vmalloc: vtop '$vaddr' -> '$vphys', scan found '$vfound'"
fi

# ---- mode switches and CR3 loads ----
dbg modes $C/modes.cmd "$IMG"
has modes 'Catchpoint 1 (mode switch: CR0 0x' 'PE 0->1' 'Catchpoint 2 (CR3 load 0x00000000 -> 0x'
cr3=$(sed -nE 's/.*CR3 load 0x00000000 -> (0x[0-9a-f]+)\)$/\1/p' "$tmp/modes")
if [ -n "$cr3" ] && grep -qE "^cr3 +$(printf '0x%x' $((cr3))) " "$tmp/modes"; then
	ok "modes: CR3 after the catch is the value loaded"
else
	bad "modes: CR3 $cr3 vs $(grep '^cr3' "$tmp/modes")"
fi

# ---- a physical breakpoint across the switch to paging ----
dbg physbp $C/physbp.cmd -kernel-symbols "$K" "$IMG"
has physbp 'Breakpoint 1 at physical 0x' 'Breakpoint 1, timer_interrupt (irq=0, dev_id=0x0) at ' \
	$'<timer_interrupt>:\tpush ebp'

# ---- a watchpoint on jiffies hits in the timer interrupt ----
dbg watch $C/watch-jiffies.cmd -kernel-symbols "$K" "$IMG"
# The leaf setup_pit_timer has no frame pointer: bt needs the CFI to find time_init.
has watch 'Breakpoint 1, time_init () at ' '#0  0xc' ' in setup_pit_timer' \
	'#1  0xc' ' in time_init+' 'in startup_32' 'Run till exit to 0x' '<time_init+' \
	'Value returned is $1 = ' \
	'Hardware watchpoint 2: jiffies' 'Old value = ' 'New value = ' 'in timer_interrupt' \
	'in do_IRQ'

# ---- kcore read back by real gdb ----
cat >"$tmp/kcore.cmd" <<EOF
c 250000000
p jiffies
kcore $tmp/lucid.core
EOF
dbg kcore "$tmp/kcore.cmd" -kernel-symbols "$K" "$IMG"
mine=$(sed -nE 's/^\$1 = (-?[0-9]+)$/\1/p' "$tmp/kcore")
theirs=$(gdb -batch -nx -ex 'p jiffies' "$K" "$tmp/lucid.core" 2>/dev/null | sed -nE 's/^\$1 = (-?[0-9]+)$/\1/p')
if [ -n "$mine" ] && [ "$mine" = "$theirs" ]; then
	ok "kcore: gdb prints jiffies = $theirs like the debugger"
else
	bad "kcore: debugger '$mine', gdb '$theirs'"
fi

# ---- real gdb against the stub ----
gdb_stub_start "$tmp/stub.out" "$IMG"
timeout 60 gdb -batch -nx -ex "target remote 127.0.0.1:$gdb_port" -ex 'break start_kernel' \
	-ex continue -ex 'info registers' -ex 'p $cr0' -ex 'p jiffies' -ex 'info threads' \
	-ex 'monitor jiffies' -ex detach "$K" >"$tmp/gdb" 2>&1
# After the detach the guest runs on (the kernel idles forever): stop it.
gdb_stub_stop
has gdb 'Breakpoint 1, start_kernel () at ' 'eip            0xc01' 'cs             0x60' \
	'cr0            0x' '$2 = ' 'Thread 1' 'jiffies = ' \
	'[Inferior 1 (Remote target) detached]'

# ---- bad input: one line, status 2, nothing started ----
badarg() {
	local name=$1 want=$2
	shift 2
	timeout 20 "$L" -display none "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
	local st=$?
	if [ "$st" = 2 ] && grep -qF -- "$want" "$tmp/bad.err" && [ "$(wc -l <"$tmp/bad.err")" -le 2 ]; then
		ok "bad input: $name"
	else
		bad "bad input: $name: status $st, stderr $(head -c 200 "$tmp/bad.err")"
	fi
}
echo junk >"$tmp/junk.elf"
badarg "missing script" "-debug-script '$tmp/none.cmd'" -x "$tmp/none.cmd" "$IMG"
badarg "missing symbols" "-kernel-symbols '$tmp/none.elf'" -x $C/triple.cmd -kernel-symbols "$tmp/none.elf" "$IMG"
badarg "not an ELF" "not an ELF file" -x $C/triple.cmd -kernel-symbols "$tmp/junk.elf" "$IMG"
badarg "bad gdb port" "expected tcp::PORT" -gdb tcp::x "$IMG"

summary debugger
